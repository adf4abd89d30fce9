"""Movements (movimentações), their validation and the estorno rule."""

from __future__ import annotations

import contextlib
import enum
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from fluxo_caixa.domain import dinheiro
from fluxo_caixa.domain.texto import TextoInvalido, texto_limpo

if TYPE_CHECKING:  # pagamento builds on this module's parsing helpers
    from fluxo_caixa.domain.pagamento import FormaPagamento

DESCRICAO_MAXIMA = 200
ID_MAXIMO = 2**63 - 1  # ids are BIGINT wherever they are stored


# An integer as a query string or a path writes it: ASCII digits, no sign, no leading
# zero (int() would also take "1_0", " 10" and "١٠", the Arabic-Indic ten).
INTEIRO_PADRAO = r"0|[1-9][0-9]*"
_INTEIRO = re.compile(INTEIRO_PADRAO, re.ASCII)


def parse_inteiro(valor: object) -> int:
    """An int as is (not a bool), or its canonical decimal text; else CampoInvalido."""
    if isinstance(valor, int) and not isinstance(valor, bool):
        return valor
    if not isinstance(valor, str) or not _INTEIRO.fullmatch(valor):
        raise CampoInvalido("Deve ser um número inteiro, só com algarismos (como 100).")
    # Bounded: int() refuses thousands of digits with an English message of its own.
    if len(valor) > 30:
        raise CampoInvalido("Número grande demais.")
    return int(valor)


class Tipo(enum.StrEnum):
    ENTRADA = "entrada"
    SAIDA = "saida"

    @property
    def oposto(self) -> Tipo:
        return Tipo.SAIDA if self is Tipo.ENTRADA else Tipo.ENTRADA


class CampoInvalido(ValueError):
    """One field broke a rule; the message is for the merchant, in Portuguese."""


class EstornoNaoPermitido(Exception):
    """The movement cannot be reversed (already reversed, or is itself a reversal)."""


JA_ESTORNADA = "Esta movimentação já foi estornada."


class MovimentacaoNaoEncontrada(LookupError):
    """No movement has this id."""

    def __init__(self, ident: int) -> None:
        super().__init__(f"Movimentação {ident} não encontrada.")
        self.ident = ident


def sem_acento(texto: str) -> str:
    decomposto = unicodedata.normalize("NFKD", texto)
    return "".join(c for c in decomposto if not unicodedata.combining(c))


# Exactly what a tipo may be written as, and what the OpenAPI documents publish: any case,
# the accent of "saída", ASCII blanks around. Nothing else folds into it (a full-width
# "ｅｎｔｒａｄａ" would under NFKD).
TIPO_PADRAO = r"[ \t\r\n]*([Ee][Nn][Tt][Rr][Aa][Dd][Aa]|[Ss][Aa][IiÍí][Dd][Aa])[ \t\r\n]*"
_TIPO = re.compile(TIPO_PADRAO)


def parse_tipo(valor: object) -> Tipo:
    achado = _TIPO.fullmatch(valor) if isinstance(valor, str) else None
    if achado is None:
        raise CampoInvalido("O tipo deve ser 'entrada' ou 'saida'.")
    return Tipo.ENTRADA if achado.group(1)[0] in "Ee" else Tipo.SAIDA


def parse_valor(valor: object) -> int:
    try:
        return dinheiro.centavos_de(valor)
    except dinheiro.ValorInvalido as erro:
        raise CampoInvalido(str(erro)) from None


# Spreadsheets cannot show a day before this right (Excel's 1900 leap-year bug shifts
# every serial number before it), and it keeps every year four digits long in a CSV.
DATA_MINIMA = date(1900, 3, 1)
_DIA_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
# The same days as a JSON Schema pattern (with "format": "date"): years 1900 to 9999,
# and 1900 only from March on.
DIA_PADRAO = (
    r"^(19[0-9][1-9]|19[1-9]0|[2-9][0-9]{3})-[0-9]{2}-[0-9]{2}$"
    r"|^1900-(0[3-9]|1[0-2])-[0-9]{2}$"
)


def parse_dia(valor: object) -> date:
    """A calendar day written exactly YYYY-MM-DD (no ISO week dates, no basic format),
    from DATA_MINIMA on."""
    dia: date | None = None
    if isinstance(valor, date) and not isinstance(valor, datetime):
        dia = valor
    elif isinstance(valor, str) and _DIA_ISO.fullmatch(valor):
        with contextlib.suppress(ValueError):  # 2025-02-30
            dia = date.fromisoformat(valor)
    if dia is None:
        raise CampoInvalido("A data deve estar no formato AAAA-MM-DD.")
    if dia < DATA_MINIMA:
        raise CampoInvalido("A data deve ser de 01/03/1900 em diante.")
    return dia


def parse_data(valor: object, hoje: date) -> date:
    """A business date, YYYY-MM-DD, from DATA_MINIMA up to today in the merchant's zone."""
    dia = parse_dia(valor)
    if dia > hoje:
        raise CampoInvalido("A data não pode ser futura.")
    return dia


def parse_descricao(valor: object) -> str | None:
    try:
        return texto_limpo(valor, "A descrição", DESCRICAO_MAXIMA)
    except TextoInvalido as erro:
        raise CampoInvalido(str(erro)) from None


@dataclass(frozen=True, slots=True)
class NovaMovimentacao:
    """A validated movement not yet recorded."""

    tipo: Tipo
    valor_centavos: int
    data: date
    descricao: str | None = None
    estorno_de: int | None = None
    forma_pagamento: FormaPagamento | None = None
    categoria_id: int | None = None
    categoria: str | None = None  # its name, for the answer
    # The caixa and open session it goes to (None: no session), fixed when recorded.
    caixa_id: int | None = None
    caixa: str | None = None
    sessao_id: int | None = None


@dataclass(frozen=True, slots=True)
class Movimentacao:
    """A recorded movement of the ledger."""

    id: int
    tipo: Tipo
    valor_centavos: int
    data: date
    data_inclusao: datetime  # aware, UTC
    descricao: str | None
    estorno_de: int | None
    estornada: bool = False
    forma_pagamento: FormaPagamento | None = None
    categoria_id: int | None = None
    categoria: str | None = None  # the categoria's name, as it reads now
    caixa_id: int | None = None
    caixa: str | None = None
    sessao_id: int | None = None

    def estorno(self, hoje: date, descricao: str | None = None) -> NovaMovimentacao:
        """The reversal of this movement: opposite tipo, same valor, today."""
        if self.estorno_de is not None:
            raise EstornoNaoPermitido("Um estorno não pode ser estornado.")
        if self.estornada:
            raise EstornoNaoPermitido(JA_ESTORNADA)
        return NovaMovimentacao(
            tipo=self.tipo.oposto,
            valor_centavos=self.valor_centavos,
            data=hoje,
            descricao=descricao if descricao is not None else f"Estorno da movimentação {self.id}",
            estorno_de=self.id,
            # The reversal undoes the same money: same forma, same categoria.
            forma_pagamento=self.forma_pagamento,
            categoria_id=self.categoria_id,
            categoria=self.categoria,
        )
