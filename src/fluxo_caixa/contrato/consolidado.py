"""Response models of the consolidado API, as the service answers and the client reads them."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field

from fluxo_caixa.domain import dinheiro
from fluxo_caixa.domain.consolidado import Dia, Periodo, Somas
from fluxo_caixa.domain.detalhado import Detalhado, PorCategoria, PorForma
from fluxo_caixa.domain.movimentacao import Tipo
from fluxo_caixa.domain.pagamento import FormaPagamento

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
