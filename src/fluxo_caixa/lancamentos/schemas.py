"""Request models of the lançamentos API (responses: contrato); rules from the domain."""

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
    Tipo,
    parse_data,
    parse_descricao,
    parse_dia,
    parse_tipo,
    parse_valor,
)

TIPO_SCHEMA = {
    "type": "string",
    # Case, the accent of "saída" and blanks around; other accents are also accepted.
    "pattern": r"^[ \t\r\n]*([Ee][Nn][Tt][Rr][Aa][Dd][Aa]|[Ss][Aa][IiÍí][Dd][Aa])[ \t\r\n]*$",
    "description": "entrada ou saida; maiúsculas e acentos são aceitos (ENTRADA, Saída).",
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
        # No NUL: parse_descricao refuses it (lone surrogates too, which JSON Schema cannot say).
        {"type": "string", "maxLength": DESCRICAO_MAXIMA, "pattern": "^[^\\u0000]*$"},
        {"type": "null"},
    ]
}
DATA_IN_SCHEMA = {
    "anyOf": [{"type": "string", "format": "date"}, {"type": "null"}],
    "description": "Dia do movimento (AAAA-MM-DD), no fuso do comerciante; padrão: hoje.",
}


def _dia_opcional(valor: object) -> date | None:
    return None if valor is None else parse_dia(valor)


# Query days: strictly YYYY-MM-DD (pydantic alone would read "0" as 1970-01-01).
DiaOpcional = Annotated[date | None, BeforeValidator(_dia_opcional)]
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
    limite: int = Field(default=100, ge=1, le=1000)
    cursor: str | None = Field(default=None, description="O 'proximo' da página anterior.")
