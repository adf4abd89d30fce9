"""Movements (movimentações), their validation and the estorno rule."""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from fluxo_caixa.domain import dinheiro

DESCRICAO_MAXIMA = 200
ID_MAXIMO = 2**63 - 1  # ids are BIGINT wherever they are stored


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


def parse_tipo(valor: object) -> Tipo:
    if not isinstance(valor, str):
        raise CampoInvalido("O tipo deve ser 'entrada' ou 'saida'.")
    normalizado = sem_acento(valor.strip()).lower()
    try:
        return Tipo(normalizado)
    except ValueError:
        raise CampoInvalido("O tipo deve ser 'entrada' ou 'saida'.") from None


def parse_valor(valor: object) -> int:
    try:
        return dinheiro.centavos_de(valor)
    except dinheiro.ValorInvalido as erro:
        raise CampoInvalido(str(erro)) from None


_INVALIDOS = re.compile(r"[\x00\ud800-\udfff]")
_DIA_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def parse_dia(valor: object) -> date:
    """A calendar day written exactly YYYY-MM-DD (no ISO week dates, no basic format)."""
    if isinstance(valor, date) and not isinstance(valor, datetime):
        return valor
    if isinstance(valor, str) and _DIA_ISO.fullmatch(valor.strip()):
        try:
            return date.fromisoformat(valor.strip())
        except ValueError:
            pass
    raise CampoInvalido("A data deve estar no formato AAAA-MM-DD.")


def parse_data(valor: object, hoje: date) -> date:
    """A business date, YYYY-MM-DD, not after today in the merchant's zone."""
    dia = parse_dia(valor)
    if dia > hoje:
        raise CampoInvalido("A data não pode ser futura.")
    return dia


def parse_descricao(valor: object) -> str | None:
    if valor is None:
        return None
    if not isinstance(valor, str):
        raise CampoInvalido("A descrição deve ser um texto.")
    texto = valor.strip()
    if len(texto) > DESCRICAO_MAXIMA:
        raise CampoInvalido(f"A descrição deve ter no máximo {DESCRICAO_MAXIMA} caracteres.")
    # NUL (PostgreSQL stores no such text) and lone UTF-16 surrogates (a JSON escape like
    # "\ud800": no UTF-8 for it) would fail only in the database, or not on every backend.
    if _INVALIDOS.search(texto):
        raise CampoInvalido("A descrição contém caracteres inválidos.")
    return texto or None


@dataclass(frozen=True, slots=True)
class NovaMovimentacao:
    """A validated movement not yet recorded."""

    tipo: Tipo
    valor_centavos: int
    data: date
    descricao: str | None = None
    estorno_de: int | None = None


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
        )
