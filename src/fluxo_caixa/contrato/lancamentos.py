"""Response models of the lançamentos API, as the service answers and the client reads them."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field

from fluxo_caixa.domain import dinheiro
from fluxo_caixa.domain.caixa import Caixa, Evento, Sessao, TipoEvento
from fluxo_caixa.domain.categoria import Categoria
from fluxo_caixa.domain.movimentacao import Movimentacao, Tipo
from fluxo_caixa.domain.pagamento import FormaPagamento

Dinheiro = Annotated[str, Field(pattern=r"^-?[0-9]+\.[0-9]{2}$", examples=["100.00"])]


class MovimentacaoOut(BaseModel):
    """Uma movimentação registrada."""

    id: int
    tipo: Tipo
    valor: Dinheiro
    descricao: str | None
    data: date
    data_inclusao: str = Field(description="Instante do registro, ISO 8601 com fuso.")
    estorno_de: int | None
    estornado_por: int | None = None
    forma_pagamento: FormaPagamento | None = None
    categoria: str | None = None
    caixa: str | None = None
    sessao_id: int | None = Field(
        default=None, description="Sessão de caixa em que entrou; null: nenhuma."
    )
    mensagem: str | None = None


class PaginaOut(BaseModel):
    itens: list[MovimentacaoOut]
    proximo: str | None


class CategoriaOut(BaseModel):
    """Uma categoria do plano de contas."""

    id: int
    nome: str
    tipo: Tipo
    ativa: bool

    @classmethod
    def de(cls, categoria: Categoria) -> CategoriaOut:
        return cls(id=categoria.id, nome=categoria.nome, tipo=categoria.tipo, ativa=categoria.ativa)


class CategoriasOut(BaseModel):
    itens: list[CategoriaOut]


def movimentacao_json(
    mov: Movimentacao, tz: ZoneInfo, estornado_por: int | None = None, mensagem: str | None = None
) -> str:
    """`movimentacao_out(...).model_dump_json()`, byte for byte, without building the model.

    A movement's answer is what the hot routes (POST and GET /movimentacao) write; the
    model's validation and serialisation cost more than the rest of the answer. The
    unit tests prove both equal for any movement (tests/unit/test_contrato_json.py).
    """
    forma = "null" if mov.forma_pagamento is None else f'"{mov.forma_pagamento.value}"'
    return (
        f'{{"id":{mov.id},"tipo":"{mov.tipo.value}",'
        f'"valor":"{dinheiro.formatar(mov.valor_centavos)}",'
        f'"descricao":{_texto_json(mov.descricao)},"data":"{mov.data.isoformat()}",'
        f'"data_inclusao":{_texto_json(_instante_iso(mov.data_inclusao, tz))},'
        f'"estorno_de":{_inteiro_json(mov.estorno_de)},'
        f'"estornado_por":{_inteiro_json(estornado_por)},'
        f'"forma_pagamento":{forma},'
        f'"categoria":{_texto_json(mov.categoria)},"caixa":{_texto_json(mov.caixa)},'
        f'"sessao_id":{_inteiro_json(mov.sessao_id)},"mensagem":{_texto_json(mensagem)}}}'
    )


# json's own C string encoder (what json.dumps uses with ensure_ascii=False): quotes,
# backslashes and control characters escaped exactly as pydantic escapes them.
_encode_basestring: Callable[[str], str] = json.encoder.encode_basestring


def _texto_json(texto: str | None) -> str:
    return "null" if texto is None else _encode_basestring(texto)


def _inteiro_json(numero: int | None) -> str:
    return "null" if numero is None else str(int(numero))


def _instante_iso(momento: datetime, tz: ZoneInfo) -> str:
    return momento.astimezone(tz).isoformat(timespec="milliseconds")


def movimentacao_out(
    mov: Movimentacao, tz: ZoneInfo, estornado_por: int | None = None, mensagem: str | None = None
) -> MovimentacaoOut:
    return MovimentacaoOut(
        id=mov.id,
        tipo=mov.tipo,
        valor=dinheiro.formatar(mov.valor_centavos),
        descricao=mov.descricao,
        data=mov.data,
        data_inclusao=_instante_iso(mov.data_inclusao, tz),
        estorno_de=mov.estorno_de,
        estornado_por=estornado_por,
        forma_pagamento=mov.forma_pagamento,
        categoria=mov.categoria,
        caixa=mov.caixa,
        sessao_id=mov.sessao_id,
        mensagem=mensagem,
    )


# -- controle de caixa ----------------------------------------------------------------


class CaixaOut(BaseModel):
    """Um caixa (gaveta), com seu estado e a sessão aberta, se houver."""

    id: int
    nome: str
    estado: Literal["aberto", "fechado"]
    sessao_id: int | None

    @classmethod
    def de(cls, caixa: Caixa) -> CaixaOut:
        estado: Literal["aberto", "fechado"] = "aberto" if caixa.aberto else "fechado"
        return cls(id=caixa.id, nome=caixa.nome, estado=estado, sessao_id=caixa.sessao_id)


class CaixasOut(BaseModel):
    itens: list[CaixaOut]


class PorFormaOut(BaseModel):
    forma_pagamento: FormaPagamento | None
    entradas: Dinheiro
    saidas: Dinheiro
    esperado: Dinheiro
    contado: Dinheiro | None
    diferenca: Dinheiro | None


def _ou_nulo(centavos: int | None) -> str | None:
    return None if centavos is None else dinheiro.formatar(centavos)


def _instante(momento: datetime | None, tz: ZoneInfo) -> str | None:
    return None if momento is None else momento.astimezone(tz).isoformat(timespec="milliseconds")


class SessaoOut(BaseModel):
    """Uma sessão de caixa: o relatório X enquanto aberta; a conferência, depois de fechada."""

    id: int
    caixa_id: int
    caixa: str
    estado: Literal["aberta", "fechada"]
    operador: str | None
    aberta_em: str
    fechada_em: str | None
    fundo: Dinheiro
    diferenca_abertura: Dinheiro
    suprimentos: Dinheiro
    sangrias: Dinheiro
    por_forma: list[PorFormaOut]
    esperado_dinheiro: Dinheiro
    contado_dinheiro: Dinheiro | None
    quebra: Dinheiro | None
    cedulas: dict[str, int] | None
    deixado: Dinheiro | None
    retirada_fechamento: Dinheiro | None
    observacao: str | None

    @classmethod
    def de(cls, sessao: Sessao, tz: ZoneInfo) -> SessaoOut:
        sit = sessao.situacao
        aberta_em = _instante(sessao.aberta_em, tz)
        assert aberta_em is not None
        return cls(
            id=sessao.id,
            caixa_id=sessao.caixa_id,
            caixa=sessao.caixa,
            estado="aberta" if sessao.aberta else "fechada",
            operador=sessao.operador,
            aberta_em=aberta_em,
            fechada_em=_instante(sessao.fechada_em, tz),
            fundo=dinheiro.formatar(sit.fundo),
            diferenca_abertura=dinheiro.formatar(sessao.diferenca_abertura),
            suprimentos=dinheiro.formatar(sit.suprimentos),
            sangrias=dinheiro.formatar(sit.sangrias),
            por_forma=[
                PorFormaOut(
                    forma_pagamento=c.forma,
                    entradas=dinheiro.formatar(c.entradas),
                    saidas=dinheiro.formatar(c.saidas),
                    esperado=dinheiro.formatar(c.esperado),
                    contado=_ou_nulo(c.contado),
                    diferenca=_ou_nulo(c.diferenca),
                )
                for c in sit.por_forma
            ],
            esperado_dinheiro=dinheiro.formatar(sessao.esperado_dinheiro),
            contado_dinheiro=_ou_nulo(sessao.contado_dinheiro),
            quebra=_ou_nulo(sessao.quebra),
            cedulas=sessao.cedulas,
            deixado=_ou_nulo(sessao.deixado),
            retirada_fechamento=_ou_nulo(sessao.retirada),
            observacao=sessao.observacao,
        )


class SessoesOut(BaseModel):
    itens: list[SessaoOut]


class EventoOut(BaseModel):
    """Um suprimento ou uma sangria registrada."""

    id: int
    sessao_id: int
    caixa_id: int
    caixa: str
    tipo: TipoEvento
    valor: Dinheiro
    descricao: str | None
    registrado_em: str
    esperado_dinheiro: Dinheiro = Field(description="Dinheiro esperado no caixa depois dele.")

    @classmethod
    def de(cls, evento: Evento, tz: ZoneInfo) -> EventoOut:
        registrado_em = _instante(evento.registrado_em, tz)
        assert registrado_em is not None
        return cls(
            id=evento.id,
            sessao_id=evento.sessao_id,
            caixa_id=evento.caixa_id,
            caixa=evento.caixa,
            tipo=evento.tipo,
            valor=dinheiro.formatar(evento.valor),
            descricao=evento.descricao,
            registrado_em=registrado_em,
            esperado_dinheiro=dinheiro.formatar(evento.esperado_dinheiro),
        )
