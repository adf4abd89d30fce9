"""Response models of the consolidado API, as the service answers and the client reads them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime, BaseModel, Field, field_serializer
from pydantic_core import to_json

from fluxo_caixa.domain import dinheiro
from fluxo_caixa.domain.consolidado import Dia, Periodo, Somas
from fluxo_caixa.domain.detalhado import Detalhado, PorCategoria, PorForma
from fluxo_caixa.domain.movimentacao import Tipo
from fluxo_caixa.domain.pagamento import FormaPagamento
from fluxo_caixa.domain.quebras import QuebraDoDia, Quebras
from fluxo_caixa.domain.relatorio import EstornoDoDia, RelatorioZ, SessaoDoDia

Dinheiro = Annotated[
    str,
    Field(pattern=r"^-?[0-9]+\.[0-9]{2}$", examples=["1110.00"], description="Reais, duas casas."),
]


class DiaOut(BaseModel):
    """Um dia do consolidado."""

    data: date
    entradas: Dinheiro
    saidas: Dinheiro
    saldo_dia: Dinheiro = Field(description="entradas - saidas do dia.")
    saldo_anterior: Dinheiro = Field(description="Saldo de todos os dias anteriores.")
    saldo_final: Dinheiro = Field(description="saldo_anterior + saldo_dia.")
    qtd_entradas: int
    qtd_saidas: int
    registros: int

    @classmethod
    def de(cls, dia: Dia) -> DiaOut:
        somas = dia.somas
        return cls(
            data=dia.data,
            entradas=dinheiro.formatar(somas.entradas),
            saidas=dinheiro.formatar(somas.saidas),
            saldo_dia=dinheiro.formatar(dia.saldo_dia),
            saldo_anterior=dinheiro.formatar(dia.saldo_anterior),
            saldo_final=dinheiro.formatar(dia.saldo_final),
            qtd_entradas=somas.qtd_entradas,
            qtd_saidas=somas.qtd_saidas,
            registros=somas.registros,
        )


class TotaisOut(BaseModel):
    """Os cartões do relatório: somas do período."""

    entradas: Dinheiro
    saidas: Dinheiro
    saldo: Dinheiro = Field(description="entradas - saidas do período.")
    registros: int
    qtd_entradas: int
    qtd_saidas: int
    saldo_anterior: Dinheiro = Field(description="Saldo de todos os dias antes do início.")
    saldo_final: Dinheiro = Field(description="saldo_anterior + saldo: o saldo ao fim do período.")

    @classmethod
    def de(cls, somas: Somas, saldo_anterior: int) -> TotaisOut:
        return cls(
            entradas=dinheiro.formatar(somas.entradas),
            saidas=dinheiro.formatar(somas.saidas),
            saldo=dinheiro.formatar(somas.saldo),
            registros=somas.registros,
            qtd_entradas=somas.qtd_entradas,
            qtd_saidas=somas.qtd_saidas,
            saldo_anterior=dinheiro.formatar(saldo_anterior),
            saldo_final=dinheiro.formatar(saldo_anterior + somas.saldo),
        )


class PeriodoOut(BaseModel):
    """Um período: totais e um item por dia do calendário, dias sem movimento com zeros."""

    inicio: date
    fim: date
    tipo: Tipo | None
    totais: TotaisOut
    dias: list[DiaOut]

    @classmethod
    def de(cls, periodo: Periodo) -> PeriodoOut:
        return cls(
            inicio=periodo.inicio,
            fim=periodo.fim,
            tipo=periodo.tipo,
            totais=TotaisOut.de(periodo.totais, periodo.saldo_anterior),
            dias=[DiaOut.de(d) for d in periodo.dias],
        )


Percentual = Annotated[
    str,
    Field(
        pattern=r"^[0-9]{1,3}\.[0-9]{2}$",
        examples=["33.33"],
        description="Parte do total do período desse tipo, em %, duas casas.",
    ),
]


def percentual(centesimos: int) -> str:
    """Hundredths of a percent as "33.33": integer arithmetic, never a float."""
    return f"{centesimos // 100}.{centesimos % 100:02d}"


class PorFormaOut(BaseModel):
    """Uma forma de pagamento no período; null é \"não informada\"."""

    forma_pagamento: FormaPagamento | None
    entradas: Dinheiro
    saidas: Dinheiro
    qtd_entradas: int
    qtd_saidas: int
    percentual_entradas: Percentual
    percentual_saidas: Percentual

    @classmethod
    def de(cls, p: PorForma) -> PorFormaOut:
        return cls(
            forma_pagamento=p.forma,
            entradas=dinheiro.formatar(p.entradas),
            saidas=dinheiro.formatar(p.saidas),
            qtd_entradas=p.qtd_entradas,
            qtd_saidas=p.qtd_saidas,
            percentual_entradas=percentual(p.centesimos_entradas),
            percentual_saidas=percentual(p.centesimos_saidas),
        )


class PorCategoriaOut(BaseModel):
    """Uma categoria de um tipo no período; null é \"sem categoria\"."""

    categoria: str | None
    tipo: Tipo
    valor: Dinheiro
    qtd: int
    percentual: Percentual

    @classmethod
    def de(cls, c: PorCategoria) -> PorCategoriaOut:
        return cls(
            categoria=c.categoria,
            tipo=c.tipo,
            valor=dinheiro.formatar(c.valor),
            qtd=c.quantidade,
            percentual=percentual(c.centesimos),
        )


class DetalhadoOut(BaseModel):
    """Os totais do período por forma de pagamento e por categoria, maiores primeiro."""

    inicio: date
    fim: date
    tipo: Tipo | None
    por_forma: list[PorFormaOut]
    por_categoria: list[PorCategoriaOut]

    @classmethod
    def de(cls, detalhado: Detalhado) -> DetalhadoOut:
        return cls(
            inicio=detalhado.inicio,
            fim=detalhado.fim,
            tipo=detalhado.tipo,
            por_forma=[PorFormaOut.de(p) for p in detalhado.por_forma],
            por_categoria=[PorCategoriaOut.de(c) for c in detalhado.por_categoria],
        )


# --- the hot answers, written directly ----------------------------------------------------
# The same bytes as `XOut.de(x).model_dump_json()` (tests/unit/test_contrato_rapido.py
# compares them on random values), without building a model per day: a 30-day period was
# 31 models and most of the route's time. The models stay the contract's definition (the
# OpenAPI document, the client's reading).


def _texto(valor: str | None) -> str:
    """A JSON string exactly as pydantic writes it (non-ASCII as UTF-8, not escaped)."""
    if valor is None:
        return "null"
    return _TEXTOS.get(valor) or _guardar_texto(valor)


_TEXTOS: dict[str, str] = {}


def _guardar_texto(valor: str) -> str:
    texto = to_json(valor).decode()
    if len(_TEXTOS) < 1024:  # tipos, formas and categoria names: a few dozen
        _TEXTOS[valor] = texto
    return texto


def _forma(forma: FormaPagamento | None) -> str:
    return "null" if forma is None else f'"{forma.value}"'


def _dia_json(dia: Dia, formatar: Callable[[int], str] = dinheiro.formatar) -> str:
    somas = dia.somas
    saldo = somas.entradas - somas.saidas
    return (
        f'{{"data":"{dia.data.isoformat()}","entradas":"{formatar(somas.entradas)}",'
        f'"saidas":"{formatar(somas.saidas)}","saldo_dia":"{formatar(saldo)}",'
        f'"saldo_anterior":"{formatar(dia.saldo_anterior)}",'
        f'"saldo_final":"{formatar(dia.saldo_anterior + saldo)}",'
        f'"qtd_entradas":{somas.qtd_entradas},"qtd_saidas":{somas.qtd_saidas},'
        f'"registros":{somas.qtd_entradas + somas.qtd_saidas}}}'
    )


def dia_json(dia: Dia) -> str:
    """DiaOut.de(dia).model_dump_json()"""
    return _dia_json(dia)


def periodo_json(periodo: Periodo) -> str:
    """PeriodoOut.de(periodo).model_dump_json()"""
    formatar = dinheiro.formatar
    t = periodo.totais
    saldo = t.entradas - t.saidas
    tipo = "null" if periodo.tipo is None else f'"{periodo.tipo.value}"'
    dias = ",".join([_dia_json(d, formatar) for d in periodo.dias])
    return (
        f'{{"inicio":"{periodo.inicio.isoformat()}","fim":"{periodo.fim.isoformat()}",'
        f'"tipo":{tipo},"totais":{{"entradas":"{formatar(t.entradas)}",'
        f'"saidas":"{formatar(t.saidas)}","saldo":"{formatar(saldo)}",'
        f'"registros":{t.qtd_entradas + t.qtd_saidas},"qtd_entradas":{t.qtd_entradas},'
        f'"qtd_saidas":{t.qtd_saidas},"saldo_anterior":"{formatar(periodo.saldo_anterior)}",'
        f'"saldo_final":"{formatar(periodo.saldo_anterior + saldo)}"}},"dias":[{dias}]}}'
    )


def detalhado_json(detalhado: Detalhado) -> str:
    """DetalhadoOut.de(detalhado).model_dump_json()"""
    formatar = dinheiro.formatar
    formas = ",".join(
        [
            f'{{"forma_pagamento":{_forma(p.forma)},"entradas":"{formatar(p.entradas)}",'
            f'"saidas":"{formatar(p.saidas)}","qtd_entradas":{p.qtd_entradas},'
            f'"qtd_saidas":{p.qtd_saidas},'
            f'"percentual_entradas":"{percentual(p.centesimos_entradas)}",'
            f'"percentual_saidas":"{percentual(p.centesimos_saidas)}"}}'
            for p in detalhado.por_forma
        ]
    )
    categorias = ",".join(
        [
            f'{{"categoria":{_texto(c.categoria)},"tipo":"{c.tipo.value}",'
            f'"valor":"{formatar(c.valor)}","qtd":{c.quantidade},'
            f'"percentual":"{percentual(c.centesimos)}"}}'
            for c in detalhado.por_categoria
        ]
    )
    tipo = "null" if detalhado.tipo is None else f'"{detalhado.tipo.value}"'
    return (
        f'{{"inicio":"{detalhado.inicio.isoformat()}","fim":"{detalhado.fim.isoformat()}",'
        f'"tipo":{tipo},"por_forma":[{formas}],"por_categoria":[{categorias}]}}'
    )


# --- relatório Z ---------------------------------------------------------------------------
# RelatorioZOut is both the answer of GET /dias/{data}/relatorio and the snapshot the day
# close stores: `de` encodes, `relatorio` decodes, and one round trip changes nothing, so a
# closed day's report is served from its stored JSON without recomputing anything.


def _centesimos(texto: str) -> int:
    """The inverse of `percentual`: "33.33" to 3333."""
    inteiro, _, fracao = texto.partition(".")
    return int(inteiro) * 100 + int(fracao)


def _ou_nulo(centavos: int | None) -> str | None:
    return None if centavos is None else dinheiro.formatar(centavos)


def _centavos_ou_nulo(texto: str | None) -> int | None:
    return None if texto is None else dinheiro.centavos_formatados(texto)


Instante = Annotated[
    AwareDatetime,
    Field(
        examples=["2026-11-25T18:30:40.000-03:00"],
        description="Instante ISO 8601 com fuso (FLUXO_TZ).",
    ),
]


class PorCategoriaZOut(PorCategoriaOut):
    """Uma linha por categoria do dia, como em /consolidado/detalhado, com o id da categoria."""

    categoria_id: int | None

    @classmethod
    def de(cls, c: PorCategoria) -> PorCategoriaZOut:
        return cls(categoria_id=c.categoria_id, **PorCategoriaOut.de(c).model_dump())

    def para_dominio(self) -> PorCategoria:
        return PorCategoria(
            self.categoria_id,
            self.categoria,
            self.tipo,
            dinheiro.centavos_formatados(self.valor),
            self.qtd,
            _centesimos(self.percentual),
        )


def _por_forma(p: PorFormaOut) -> PorForma:
    return PorForma(
        p.forma_pagamento,
        dinheiro.centavos_formatados(p.entradas),
        dinheiro.centavos_formatados(p.saidas),
        p.qtd_entradas,
        p.qtd_saidas,
        _centesimos(p.percentual_entradas),
        _centesimos(p.percentual_saidas),
    )


class SessaoZOut(BaseModel):
    """Uma sessão de caixa com movimentos do dia; contado e quebra são null enquanto aberta."""

    id: int
    caixa: str
    operador: str | None
    aberta_em: Instante
    fechada_em: Instante | None
    fundo: Dinheiro = Field(description="Fundo de troco contado na abertura.")
    diferenca_abertura: Dinheiro
    suprimentos: Dinheiro
    sangrias: Dinheiro
    esperado_dinheiro: Dinheiro
    contado_dinheiro: Dinheiro | None
    quebra: Dinheiro | None = Field(
        description="contado - esperado: positivo sobra, negativo falta."
    )
    retirada_fechamento: Dinheiro | None = Field(
        default=None, description="Dinheiro retirado no fechamento (o que não ficou no caixa)."
    )

    @classmethod
    def de(cls, s: SessaoDoDia, tz: ZoneInfo) -> SessaoZOut:
        return cls(
            id=s.id,
            caixa=s.caixa,
            operador=s.operador,
            aberta_em=s.aberta_em.astimezone(tz),
            fechada_em=None if s.fechada_em is None else s.fechada_em.astimezone(tz),
            fundo=dinheiro.formatar(s.fundo),
            diferenca_abertura=dinheiro.formatar(s.diferenca_abertura),
            suprimentos=dinheiro.formatar(s.suprimentos),
            sangrias=dinheiro.formatar(s.sangrias),
            esperado_dinheiro=dinheiro.formatar(s.esperado_dinheiro),
            contado_dinheiro=_ou_nulo(s.contado_dinheiro),
            quebra=_ou_nulo(s.quebra),
            retirada_fechamento=_ou_nulo(s.retirada),
        )

    def para_dominio(self) -> SessaoDoDia:
        return SessaoDoDia(
            id=self.id,
            caixa=self.caixa,
            operador=self.operador,
            aberta_em=self.aberta_em,
            fechada_em=self.fechada_em,
            fundo=dinheiro.centavos_formatados(self.fundo),
            diferenca_abertura=dinheiro.centavos_formatados(self.diferenca_abertura),
            suprimentos=dinheiro.centavos_formatados(self.suprimentos),
            sangrias=dinheiro.centavos_formatados(self.sangrias),
            esperado_dinheiro=dinheiro.centavos_formatados(self.esperado_dinheiro),
            contado_dinheiro=_centavos_ou_nulo(self.contado_dinheiro),
            quebra=_centavos_ou_nulo(self.quebra),
            retirada=_centavos_ou_nulo(self.retirada_fechamento),
        )

    @field_serializer("aberta_em", "fechada_em")
    def _iso(self, momento: datetime | None) -> str | None:
        return None if momento is None else momento.isoformat(timespec="milliseconds")


class EstornoZOut(BaseModel):
    """Um estorno datado do dia: o movimento `id` desfaz o movimento `estorno_de`."""

    id: int
    estorno_de: int
    tipo: Tipo
    valor: Dinheiro
    descricao: str | None

    @classmethod
    def de(cls, e: EstornoDoDia) -> EstornoZOut:
        return cls(
            id=e.id,
            estorno_de=e.estorno_de,
            tipo=e.tipo,
            valor=dinheiro.formatar(e.valor),
            descricao=e.descricao,
        )

    def para_dominio(self) -> EstornoDoDia:
        return EstornoDoDia(
            self.id,
            self.estorno_de,
            self.tipo,
            dinheiro.centavos_formatados(self.valor),
            self.descricao,
        )


class RelatorioZOut(BaseModel):
    """O relatório Z de um dia: o fechamento (numero, versao) ou, com o dia aberto, PARCIAL."""

    data: date
    parcial: bool = Field(description="true enquanto o dia não foi fechado (numero e versao null).")
    numero: int | None
    versao: int | None
    fechado_em: Instante | None
    observacao: str | None
    entradas: Dinheiro
    saidas: Dinheiro
    saldo_dia: Dinheiro = Field(description="entradas - saidas do dia.")
    qtd_entradas: int
    qtd_saidas: int
    registros: int
    saldo_anterior: Dinheiro = Field(description="Saldo de todos os dias anteriores.")
    saldo_final: Dinheiro = Field(description="saldo_anterior + saldo_dia.")
    por_forma: list[PorFormaOut]
    por_categoria: list[PorCategoriaZOut]
    sessoes: list[SessaoZOut]
    estornos: list[EstornoZOut]

    @classmethod
    def de(cls, r: RelatorioZ, tz: ZoneInfo) -> RelatorioZOut:
        somas = r.somas
        return cls(
            data=r.data,
            parcial=r.parcial,
            numero=r.numero,
            versao=r.versao,
            fechado_em=None if r.fechado_em is None else r.fechado_em.astimezone(tz),
            observacao=r.observacao,
            entradas=dinheiro.formatar(somas.entradas),
            saidas=dinheiro.formatar(somas.saidas),
            saldo_dia=dinheiro.formatar(somas.saldo),
            qtd_entradas=somas.qtd_entradas,
            qtd_saidas=somas.qtd_saidas,
            registros=somas.registros,
            saldo_anterior=dinheiro.formatar(r.saldo_anterior),
            saldo_final=dinheiro.formatar(r.saldo_final),
            por_forma=[PorFormaOut.de(p) for p in r.por_forma],
            por_categoria=[PorCategoriaZOut.de(c) for c in r.por_categoria],
            sessoes=[SessaoZOut.de(s, tz) for s in r.sessoes],
            estornos=[EstornoZOut.de(e) for e in r.estornos],
        )

    @classmethod
    def ler(cls, texto: str | bytes) -> RelatorioZ:
        """A stored snapshot (this model's JSON) back into the domain object."""
        return cls.model_validate_json(texto).para_dominio()

    def para_dominio(self) -> RelatorioZ:
        return RelatorioZ(
            data=self.data,
            numero=self.numero,
            versao=self.versao,
            fechado_em=self.fechado_em,
            observacao=self.observacao,
            somas=Somas(
                dinheiro.centavos_formatados(self.entradas),
                dinheiro.centavos_formatados(self.saidas),
                self.qtd_entradas,
                self.qtd_saidas,
            ),
            saldo_anterior=dinheiro.centavos_formatados(self.saldo_anterior),
            por_forma=tuple(_por_forma(p) for p in self.por_forma),
            por_categoria=tuple(c.para_dominio() for c in self.por_categoria),
            sessoes=tuple(s.para_dominio() for s in self.sessoes),
            estornos=tuple(e.para_dominio() for e in self.estornos),
        )

    @field_serializer("fechado_em")
    def _iso(self, momento: datetime | None) -> str | None:
        return None if momento is None else momento.isoformat(timespec="milliseconds")


class QuebraOut(BaseModel):
    """As sessões de um caixa fechadas num dia: a soma das quebras (contado - esperado)."""

    data: date
    caixa_id: int
    caixa: str
    quebra: Dinheiro = Field(description="Positivo: sobra; negativo: falta.")
    sessoes: int

    @classmethod
    def de(cls, q: QuebraDoDia) -> QuebraOut:
        return cls(
            data=q.data,
            caixa_id=q.caixa_id,
            caixa=q.caixa,
            quebra=dinheiro.formatar(q.quebra),
            sessoes=q.sessoes,
        )


class QuebrasOut(BaseModel):
    """A quebra de caixa de cada sessão fechada no período, por dia e caixa, com a soma."""

    inicio: date
    fim: date
    caixa: str | None = Field(description="O filtro de caixa pedido (nome ou id), se houver.")
    total: Dinheiro = Field(description="Soma das quebras do período.")
    sessoes: int
    itens: list[QuebraOut]

    @classmethod
    def de(cls, q: Quebras, caixa: str | None) -> QuebrasOut:
        return cls(
            inicio=q.inicio,
            fim=q.fim,
            caixa=caixa,
            total=dinheiro.formatar(q.total),
            sessoes=q.sessoes,
            itens=[QuebraOut.de(i) for i in q.itens],
        )
