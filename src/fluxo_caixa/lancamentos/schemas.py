"""Request and response models of the lançamentos API; validation rules come from the domain."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

from fluxo_caixa.domain.movimentacao import (
    DESCRICAO_MAXIMA,
    DIA_PADRAO,
    TIPO_PADRAO,
    Tipo,
    parse_data,
    parse_descricao,
    parse_dia,
    parse_inteiro,
    parse_tipo,
    parse_valor,
)
from fluxo_caixa.domain.texto import PADRAO_JSON_SCHEMA

TIPO_SCHEMA = {
    "type": "string",
    # Exactly what parse_tipo accepts: any case, the accent of "saída", blanks around.
    "pattern": f"^{TIPO_PADRAO}$",
    "description": "entrada ou saida; maiúsculas e o acento de saída são aceitos (ENTRADA, Saída).",
    "examples": ["saida"],
}
# Exactly the texts `dinheiro.centavos_de` accepts: 0.01 to 99999999.99, at most two
# significant decimals (trailing zeros are fine), an optional "+", ASCII blanks around.
VALOR_TEXTO_PATTERN = (
    r"^[ \t\r\n]*\+?(0*[1-9][0-9]{0,7}(\.[0-9]{0,2}0*)?|0*\.(0[1-9]|[1-9][0-9]?)0*)[ \t\r\n]*$"
)
VALOR_IN_SCHEMA = {
    "description": "Valor positivo em reais, no máximo duas casas decimais e 99999999.99. "
    'Número JSON (100, 10.5) ou texto com ponto ("10.50").',
    "anyOf": [
        {"type": "number", "exclusiveMinimum": 0, "maximum": 99999999.99, "multipleOf": 0.01},
        {"type": "string", "pattern": VALOR_TEXTO_PATTERN},
    ],
    "examples": [100],
}
DESCRICAO_SCHEMA = {
    "anyOf": [
        # No control characters nor non-characters (parse_descricao also refuses lone
        # surrogates and the non-characters past U+FFFF, which this pattern cannot name).
        {"type": "string", "maxLength": DESCRICAO_MAXIMA, "pattern": PADRAO_JSON_SCHEMA},
        {"type": "null"},
    ],
    "description": "Texto livre, sem caracteres de controle (nem tabulação ou quebra de linha).",
}
DIA_SCHEMA = {"type": "string", "format": "date", "pattern": DIA_PADRAO}
DATA_IN_SCHEMA = {
    "anyOf": [DIA_SCHEMA, {"type": "null"}],
    "description": "Dia do movimento (AAAA-MM-DD), no fuso do comerciante, de 01/03/1900 "
    "até hoje; padrão: hoje.",
}


def _dia_opcional(valor: object) -> date | None:
    return None if valor is None else parse_dia(valor)


# Query days: strictly YYYY-MM-DD (pydantic alone would read "0" as 1970-01-01), from
# 01/03/1900 on; a day after today is fine in a query (it just finds nothing).
DiaOpcional = Annotated[
    date | None,
    BeforeValidator(_dia_opcional),
    WithJsonSchema({"anyOf": [DIA_SCHEMA, {"type": "null"}]}),
]
TipoIn = Annotated[Tipo, BeforeValidator(parse_tipo), WithJsonSchema(TIPO_SCHEMA)]
Descricao = Annotated[
    str | None, BeforeValidator(parse_descricao), WithJsonSchema(DESCRICAO_SCHEMA)
]


class MovimentacaoIn(BaseModel):
    """Uma movimentação a registrar."""

    model_config = ConfigDict(extra="forbid")

    tipo: TipoIn
    valor: Annotated[int, BeforeValidator(parse_valor), WithJsonSchema(VALOR_IN_SCHEMA)]
    descricao: Descricao = None
    data: Annotated[date | None, WithJsonSchema(DATA_IN_SCHEMA)] = None

    @field_validator("data", mode="before")
    @classmethod
    def _data(cls, value: Any, info: ValidationInfo) -> date | None:
        if value is None:
            return None
        hoje: date = (info.context or {})["hoje"]
        return parse_data(value, hoje)


class EstornoIn(BaseModel):
    """Descrição opcional do estorno."""

    model_config = ConfigDict(extra="forbid")

    descricao: Descricao = None


class ListarQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    inicio: DiaOpcional = Field(default=None, description="Primeiro dia (AAAA-MM-DD).")
    fim: DiaOpcional = Field(default=None, description="Último dia (AAAA-MM-DD).")
    tipo: Annotated[Tipo | None, BeforeValidator(parse_tipo), WithJsonSchema(TIPO_SCHEMA)] = None
    # ASCII digits only: pydantic alone reads "1_0", "1000.0" and "١٠" as numbers.
    limite: Annotated[int, BeforeValidator(parse_inteiro)] = Field(default=100, ge=1, le=1000)
    cursor: str | None = Field(default=None, description="O 'proximo' da página anterior.")


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
    mensagem: str | None = None


class PaginaOut(BaseModel):
    itens: list[MovimentacaoOut]
    proximo: str | None
