"""Query models of the consolidado API (responses: fluxo_caixa.contrato)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, WithJsonSchema

from fluxo_caixa.domain.caixa import NOME_MAXIMO as NOME_CAIXA_MAXIMO
from fluxo_caixa.domain.categoria import NOME_MAXIMO
from fluxo_caixa.domain.consolidado import MAX_DIAS
from fluxo_caixa.domain.movimentacao import (
    DIA_PADRAO,
    TIPO_PADRAO,
    CampoInvalido,
    Tipo,
    parse_dia,
    parse_tipo,
)
from fluxo_caixa.domain.pagamento import FORMA_PADRAO, FormaPagamento, parse_forma

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


FORMA_FILTRO_SCHEMA = {
    "type": "string",
    "pattern": f"^{FORMA_PADRAO}$",
    "description": "Só a forma de pagamento dada: dinheiro, pix, debito, credito, boleto, "
    "transferencia ou outro (maiúsculas e acentos aceitos). Os saldos contam só essa forma.",
    "examples": ["pix"],
}
CATEGORIA_FILTRO_SCHEMA = {
    "type": "string",
    "minLength": 1,
    "maxLength": NOME_MAXIMO,
    "pattern": "[^ \t\r\n]",
    "description": "Só a categoria dada, pelo nome (maiúsculas e acentos são ignorados) ou "
    "pelo id; qualquer categoria, inativa inclusive. Os saldos contam só essa categoria.",
    "examples": ["Vendas"],
}


def parse_categoria_filtro(valor: object) -> str | None:
    """The categoria a filter names, as text; finding it is the route's business."""
    if valor is None:
        return None
    if isinstance(valor, str) and valor.strip() and len(valor.strip()) <= NOME_MAXIMO:
        return valor.strip()
    raise CampoInvalido("Informe a categoria pelo nome ou pelo id.")


CAIXA_FILTRO_SCHEMA = {
    "type": "string",
    "minLength": 1,
    "maxLength": NOME_CAIXA_MAXIMO,
    "pattern": "[^ \t\r\n]",
    "description": "Só o caixa dado, pelo nome (maiúsculas e acentos são ignorados) ou pelo "
    "id. Os saldos contam só as movimentações registradas nesse caixa.",
    "examples": ["Caixa 1"],
}


def parse_caixa_filtro(valor: object) -> str | None:
    """The caixa a filter names, as text; finding it is the route's business."""
    if valor is None:
        return None
    if isinstance(valor, str) and valor.strip() and len(valor.strip()) <= NOME_CAIXA_MAXIMO:
        return valor.strip()
    raise CampoInvalido("Informe o caixa pelo nome ou pelo id.")


DiaIn = Annotated[date | None, BeforeValidator(parse_dia)]
TipoFiltro = Annotated[Tipo | None, BeforeValidator(parse_tipo), WithJsonSchema(TIPO_SCHEMA)]
FormaFiltro = Annotated[
    FormaPagamento | None, BeforeValidator(parse_forma), WithJsonSchema(FORMA_FILTRO_SCHEMA)
]
CategoriaFiltro = Annotated[
    str | None, BeforeValidator(parse_categoria_filtro), WithJsonSchema(CATEGORIA_FILTRO_SCHEMA)
]
CaixaFiltro = Annotated[
    str | None, BeforeValidator(parse_caixa_filtro), WithJsonSchema(CAIXA_FILTRO_SCHEMA)
]


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
    forma_pagamento: FormaFiltro = None
    categoria: CategoriaFiltro = None
    caixa: CaixaFiltro = None


class DiasQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    inicio: Annotated[
        DiaIn,
        _dia_schema("Primeiro dia (AAAA-MM-DD). Padrão: 29 dias antes do fim (30 dias ao todo)."),
    ] = None
    fim: Annotated[
        DiaIn,
        _dia_schema(f"Último dia (AAAA-MM-DD). Padrão: hoje. No máximo {MAX_DIAS} dias."),
    ] = None


class QuebrasQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    inicio: Annotated[
        DiaIn,
        _dia_schema("Primeiro dia (AAAA-MM-DD). Padrão: 29 dias antes do fim (30 dias ao todo)."),
    ] = None
    fim: Annotated[
        DiaIn,
        _dia_schema(f"Último dia (AAAA-MM-DD). Padrão: hoje. No máximo {MAX_DIAS} dias."),
    ] = None
    caixa: CaixaFiltro = None
