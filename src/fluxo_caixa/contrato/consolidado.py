"""Response models of the consolidado API, as the service answers and the client reads them."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field

from fluxo_caixa.domain import dinheiro
from fluxo_caixa.domain.consolidado import Dia, Periodo, Somas
from fluxo_caixa.domain.movimentacao import Tipo

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
