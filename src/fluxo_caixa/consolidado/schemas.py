"""Query models of the consolidado API (responses: fluxo_caixa.contrato)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, WithJsonSchema

from fluxo_caixa.domain.consolidado import MAX_DIAS
from fluxo_caixa.domain.movimentacao import Tipo, parse_dia, parse_tipo

TIPO_SCHEMA = {
    "type": "string",
    "enum": ["entrada", "saida"],
    "description": "Só as entradas ou só as saídas (maiúsculas e acentos são aceitos). "
    "Com o filtro, todos os números, saldos inclusive, contam só esse tipo.",
}


def _dia_schema(description: str) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "format": "date", "description": description})


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
