"""Query and response models of the consolidado API."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from fluxo_caixa.domain import dinheiro
from fluxo_caixa.domain.consolidado import MAX_DIAS, Dia, Periodo, Somas
from fluxo_caixa.domain.movimentacao import DIA_PADRAO, TIPO_PADRAO, Tipo, parse_dia, parse_tipo

TIPO_SCHEMA = {
    "type": "string",
    # Exactly what parse_tipo accepts: any case, the accent of "saída", blanks around.
    "pattern": f"^{TIPO_PADRAO}$",
    "examples": ["entrada", "saida"],
    "description": "Só as entradas ou só as saídas (maiúsculas e o acento de saída são "
    "aceitos). Com o filtro, todos os números, saldos inclusive, contam só esse tipo.",
}


def _dia_schema(description: str) -> WithJsonSchema:
    # From 01/03/1900 on; days after today are fine in a query.
    return WithJsonSchema(
        {"type": "string", "format": "date", "pattern": DIA_PADRAO, "description": description}
    )


DiaIn = Annotated[date | None, BeforeValidator(parse_dia)]
TipoFiltro = Annotated[Tipo | None, BeforeValidator(parse_tipo), WithJsonSchema(TIPO_SCHEMA)]


class DiarioQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    data: Annotated[DiaIn, _dia_schema("O dia (AAAA-MM-DD); padrão: hoje no fuso do comércio.")] = (
        None
    )


class PeriodoQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    inicio: Annotated[
        DiaIn,
        _dia_schema("Primeiro dia (AAAA-MM-DD). Padrão: 29 dias antes do fim (30 dias ao todo)."),
    ] = None
    fim: Annotated[
        DiaIn,
        _dia_schema(
            f"Último dia (AAAA-MM-DD). Padrão: hoje. No máximo {MAX_DIAS} dias no período; "
            "dias ainda por vir aparecem com zeros."
        ),
    ] = None
    tipo: TipoFiltro = None


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
