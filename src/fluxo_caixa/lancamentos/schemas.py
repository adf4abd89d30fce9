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

from fluxo_caixa.domain.caixa import (
    CEDULAS,
    OBSERVACAO_MAXIMA,
    OPERADOR_MAXIMO,
    QUANTIDADE_MAXIMA,
    ZERO_TEXTO_PADRAO,
    PedidoFechamento,
    parse_caixa,
    parse_cedulas,
    parse_contado,
    parse_contagem,
    parse_texto,
)
from fluxo_caixa.domain.caixa import NOME_MAXIMO as NOME_CAIXA_MAXIMO
from fluxo_caixa.domain.caixa import parse_nome as parse_nome_caixa
from fluxo_caixa.domain.categoria import NOME_MAXIMO, parse_nome
from fluxo_caixa.domain.dia import MOTIVO_MINIMO, TEXTO_MAXIMO, parse_motivo, parse_observacao
from fluxo_caixa.domain.movimentacao import (
    DESCRICAO_MAXIMA,
    DIA_PADRAO,
    ID_MAXIMO,
    TIPO_PADRAO,
    CampoInvalido,
    Tipo,
    parse_data,
    parse_descricao,
    parse_dia,
    parse_inteiro,
    parse_tipo,
    parse_valor,
)
from fluxo_caixa.domain.pagamento import FORMA_PADRAO, FormaPagamento, parse_forma
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


FORMA_SCHEMA = {
    "anyOf": [
        {
            "type": "string",
            "pattern": f"^{FORMA_PADRAO}$",
        },
        {"type": "null"},
    ],
    "description": "dinheiro, pix, debito, credito, boleto, transferencia ou outro "
    "(maiúsculas e acentos aceitos); ausente: não informada.",
    "examples": ["pix"],
}
CATEGORIA_SCHEMA = {
    "anyOf": [
        {"type": "string", "minLength": 1, "maxLength": NOME_MAXIMO, "pattern": "[^ \t\r\n]"},
        {"type": "integer", "minimum": 1, "maximum": ID_MAXIMO},
        {"type": "null"},
    ],
    "description": "Nome (maiúsculas e acentos são ignorados) ou id de uma categoria ativa "
    "do mesmo tipo; ausente: sem categoria.",
    "examples": ["Vendas"],
}
CATEGORIA_ID_SCHEMA = {
    "anyOf": [{"type": "integer", "minimum": 1, "maximum": ID_MAXIMO}, {"type": "null"}],
    "description": "Id da categoria (alternativa a 'categoria'; se vierem os dois, devem "
    "indicar a mesma).",
}


def parse_categoria(valor: object) -> str | int | None:
    """A categoria named by name or by id; resolving it is the write's business."""
    if valor is None:
        return None
    if isinstance(valor, int) and not isinstance(valor, bool) and 0 < valor <= ID_MAXIMO:
        return valor
    if isinstance(valor, str) and valor.strip() and len(valor.strip()) <= NOME_MAXIMO:
        return valor.strip()
    raise CampoInvalido("Informe a categoria pelo nome ou pelo id.")


def parse_categoria_id(valor: object) -> int | None:
    if valor is None:
        return None
    if isinstance(valor, int) and not isinstance(valor, bool) and 0 < valor <= ID_MAXIMO:
        return valor
    raise CampoInvalido("O id da categoria deve ser um número inteiro positivo.")


FormaIn = Annotated[
    FormaPagamento | None, BeforeValidator(parse_forma), WithJsonSchema(FORMA_SCHEMA)
]
CategoriaIn = Annotated[
    str | int | None, BeforeValidator(parse_categoria), WithJsonSchema(CATEGORIA_SCHEMA)
]


CAIXA_SCHEMA = {
    "anyOf": [
        {"type": "string", "minLength": 1, "maxLength": NOME_CAIXA_MAXIMO, "pattern": "[^ \t\r\n]"},
        {"type": "integer", "minimum": 1, "maximum": ID_MAXIMO},
        {"type": "null"},
    ],
    "description": "Nome ou id de um caixa aberto; ausente: a única sessão aberta, se houver "
    "exatamente uma, senão nenhuma.",
    "examples": ["Caixa 1"],
}
CaixaIn = Annotated[str | int | None, BeforeValidator(parse_caixa), WithJsonSchema(CAIXA_SCHEMA)]


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
    forma_pagamento: FormaIn = None
    categoria: CategoriaIn = None
    categoria_id: Annotated[
        int | None, BeforeValidator(parse_categoria_id), WithJsonSchema(CATEGORIA_ID_SCHEMA)
    ] = None
    caixa: CaixaIn = None

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
    forma_pagamento: FormaIn = None
    categoria: CategoriaIn = None
    caixa: CaixaIn = None
    # ASCII digits only: pydantic alone reads "1_0", "1000.0" and "١٠" as numbers.
    limite: Annotated[int, BeforeValidator(parse_inteiro)] = Field(default=100, ge=1, le=1000)
    cursor: str | None = Field(default=None, description="O 'proximo' da página anterior.")


NOME_CATEGORIA_SCHEMA = {
    "type": "string",
    "minLength": 1,
    "maxLength": NOME_MAXIMO,
    # Something besides blanks, and no forbidden character anywhere (DESIGN §3, Text).
    "allOf": [{"pattern": PADRAO_JSON_SCHEMA}, {"pattern": "\\S"}],
    "examples": ["Embalagens"],
}
NomeCategoria = Annotated[str, BeforeValidator(parse_nome), WithJsonSchema(NOME_CATEGORIA_SCHEMA)]


class CategoriaNova(BaseModel):
    """Uma categoria a criar no plano de contas."""

    model_config = ConfigDict(extra="forbid")

    nome: NomeCategoria
    tipo: TipoIn


class CategoriaAlteracao(BaseModel):
    """Renomear e/ou ativar ou desativar uma categoria (nunca se apaga uma categoria)."""

    model_config = ConfigDict(extra="forbid")

    nome: Annotated[
        str | None,
        BeforeValidator(lambda v: None if v is None else parse_nome(v)),
        WithJsonSchema({"anyOf": [NOME_CATEGORIA_SCHEMA, {"type": "null"}]}),
    ] = None
    ativa: bool | None = Field(default=None, strict=True)


class CategoriasQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tipo: Annotated[Tipo | None, BeforeValidator(parse_tipo), WithJsonSchema(TIPO_SCHEMA)] = None


# -- controle de caixa ----------------------------------------------------------------

CONTADO_SCHEMA = {
    "description": "Valor contado em reais: zero ou positivo, no máximo duas casas decimais "
    'e 99999999.99. Número JSON (200, 10.5) ou texto com ponto ("235.00").',
    "anyOf": [
        {"type": "number", "minimum": 0, "maximum": 99999999.99, "multipleOf": 0.01},
        {"type": "string", "pattern": VALOR_TEXTO_PATTERN},
        {"type": "string", "pattern": ZERO_TEXTO_PADRAO},
    ],
    "examples": [200],
}
Contado = Annotated[int, BeforeValidator(parse_contado), WithJsonSchema(CONTADO_SCHEMA)]
ContadoOpcional = Annotated[
    int | None,
    BeforeValidator(lambda v: None if v is None else parse_contado(v)),
    WithJsonSchema({"anyOf": [CONTADO_SCHEMA, {"type": "null"}]}),
]


def _texto_schema(maximo: int) -> dict[str, object]:
    return {
        "anyOf": [
            {"type": "string", "maxLength": maximo, "pattern": PADRAO_JSON_SCHEMA},
            {"type": "null"},
        ]
    }


class CaixaNovo(BaseModel):
    """Um caixa (gaveta) a cadastrar."""

    model_config = ConfigDict(extra="forbid")

    nome: Annotated[
        str,
        BeforeValidator(parse_nome_caixa),
        WithJsonSchema(
            {
                "type": "string",
                "maxLength": NOME_CAIXA_MAXIMO,
                "allOf": [{"pattern": PADRAO_JSON_SCHEMA}, {"pattern": "\\S"}],
            }
        ),
    ]


class AberturaIn(BaseModel):
    """Abertura: o fundo de troco contado (padrão: o que a sessão anterior deixou)."""

    model_config = ConfigDict(extra="forbid")

    contado: ContadoOpcional = None
    operador: Annotated[
        str | None,
        BeforeValidator(lambda v: parse_texto(v, "O operador", OPERADOR_MAXIMO)),
        WithJsonSchema(_texto_schema(OPERADOR_MAXIMO)),
    ] = None


class EventoIn(BaseModel):
    """Suprimento ou sangria: dinheiro posto no caixa ou retirado dele."""

    model_config = ConfigDict(extra="forbid")

    valor: Annotated[int, BeforeValidator(parse_valor), WithJsonSchema(VALOR_IN_SCHEMA)]
    descricao: Descricao = None


CEDULAS_SCHEMA = {
    "anyOf": [
        {
            "type": "object",
            "properties": {
                k: {"type": "integer", "minimum": 0, "maximum": QUANTIDADE_MAXIMA} for k in CEDULAS
            },
            "additionalProperties": False,
        },
        {"type": "null"},
    ],
    "description": "Quantidade de cada cédula e moeda; a soma deve ser o dinheiro contado.",
    "examples": [{"100": 2, "20": 1, "10": 1, "5": 1}],
}


class FechamentoIn(BaseModel):
    """Fechamento: a contagem do caixa (dinheiro obrigatório; as outras formas, opcionais)."""

    model_config = ConfigDict(extra="forbid")

    contado: Annotated[
        dict[FormaPagamento, int],
        BeforeValidator(parse_contagem),
        WithJsonSchema(
            {
                "type": "object",
                "properties": {"dinheiro": CONTADO_SCHEMA},
                "additionalProperties": CONTADO_SCHEMA,
                "required": ["dinheiro"],
            }
        ),
    ]
    cedulas: Annotated[
        dict[str, int] | None, BeforeValidator(parse_cedulas), WithJsonSchema(CEDULAS_SCHEMA)
    ] = None
    deixado: ContadoOpcional = None
    observacao: Annotated[
        str | None,
        BeforeValidator(lambda v: parse_texto(v, "A observação", OBSERVACAO_MAXIMA)),
        WithJsonSchema(_texto_schema(OBSERVACAO_MAXIMA)),
    ] = None

    def pedido(self) -> PedidoFechamento:
        return PedidoFechamento(
            contagem=dict(self.contado),
            cedulas=self.cedulas,
            deixado=self.deixado,
            observacao=self.observacao,
        )


class SessoesQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    caixa: CaixaIn = None
    inicio: DiaOpcional = Field(default=None, description="Abertas deste dia em diante.")
    fim: DiaOpcional = Field(default=None, description="Abertas até este dia.")


MOTIVO_SCHEMA = {
    "type": "string",
    "minLength": MOTIVO_MINIMO,
    "maxLength": TEXTO_MAXIMO,
    "pattern": PADRAO_JSON_SCHEMA,
    "description": "Por que o dia é reaberto: pelo menos 5 caracteres, sem caracteres de controle.",
}
OBSERVACAO_SCHEMA = {
    "anyOf": [
        {"type": "string", "maxLength": TEXTO_MAXIMO, "pattern": PADRAO_JSON_SCHEMA},
        {"type": "null"},
    ],
    "description": "Observação do fechamento, texto livre.",
}


class FechamentoDiaIn(BaseModel):
    """O fechamento do dia: só uma observação opcional."""

    model_config = ConfigDict(extra="forbid")

    observacao: Annotated[
        str | None, BeforeValidator(parse_observacao), WithJsonSchema(OBSERVACAO_SCHEMA)
    ] = None


class ReaberturaDiaIn(BaseModel):
    """A reabertura de um dia fechado: o motivo é obrigatório."""

    model_config = ConfigDict(extra="forbid")

    motivo: Annotated[str, BeforeValidator(parse_motivo), WithJsonSchema(MOTIVO_SCHEMA)]
