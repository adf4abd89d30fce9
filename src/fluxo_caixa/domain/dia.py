"""The business day's close (fechamento do dia) and reopening (reabertura): their rules.

A day is closed while it has more closes than reopenings: each close makes version n+1
of its snapshot, each reopening undoes the last close for new movements, and both are
kept for good (append-only). A movement dated a closed day is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from fluxo_caixa.domain.movimentacao import CampoInvalido, parse_dia
from fluxo_caixa.domain.texto import TextoInvalido, texto_limpo

MOTIVO_MINIMO = 5
TEXTO_MAXIMO = 200  # motivo and observacao


@dataclass(frozen=True, slots=True)
class Fechamento:
    """One close of a day: its global number, its version for that day, and when."""

    numero: int
    data: date
    versao: int
    fechado_em: datetime  # aware
    observacao: str | None
    ultimo_lancamento_id: int  # the largest movement id the snapshot holds (0: none)


@dataclass(frozen=True, slots=True)
class Reabertura:
    data: date
    versao: int  # the version it reopened
    motivo: str
    reaberto_em: datetime  # aware


@dataclass(frozen=True, slots=True)
class EstadoDoDia:
    data: date
    fechamentos: tuple[Fechamento, ...]
    reaberturas: tuple[Reabertura, ...]

    @property
    def fechado(self) -> bool:
        return len(self.fechamentos) > len(self.reaberturas)


class DiaFechado(Exception):
    """A movement dated a closed day (409): the message says how to correct it."""

    def __init__(self, data: date) -> None:
        super().__init__(
            f"O dia {data:%d/%m/%Y} está fechado e não aceita novas movimentações. Para "
            "corrigi-lo, registre um estorno (ele leva a data de hoje) ou reabra o dia "
            f"informando um motivo (POST /dias/{data.isoformat()}/reabertura)."
        )
        self.data = data


class DiaJaFechado(Exception):
    def __init__(self, data: date, versao: int) -> None:
        super().__init__(
            f"O dia {data:%d/%m/%Y} já está fechado (versão {versao}); para fechá-lo de "
            "novo, reabra-o antes informando um motivo."
        )


class DiaNaoFechado(Exception):
    def __init__(self, data: date) -> None:
        super().__init__(
            f"O dia {data:%d/%m/%Y} não está fechado; só um dia fechado pode ser reaberto."
        )


class SessaoAbertaNoDia(Exception):
    """A session holding movements of the day is still open: close the caixa first."""

    def __init__(self, data: date, caixas: list[str]) -> None:
        nomes = ", ".join(caixas)
        super().__init__(
            f"Não é possível fechar o dia {data:%d/%m/%Y}: há sessão aberta com "
            f"movimentações dele ({nomes}). Feche o caixa antes de fechar o dia."
        )
        self.caixas = caixas


class FechamentoNaoEncontrado(Exception):
    def __init__(self, data: date, versao: int) -> None:
        super().__init__(f"O dia {data:%d/%m/%Y} não tem fechamento na versão {versao}.")


class DiaInvalido(CampoInvalido):
    """The day in the path: not a date, or a day that cannot be closed yet (422)."""

    campo = "data"


def dia_do_caminho(texto: str) -> date:
    """A day written YYYY-MM-DD in a path (/dias/{data}); anything else, an impossible day
    (2025-02-30) or one before 01/03/1900 is refused."""
    try:
        return parse_dia(texto)
    except CampoInvalido as erro:
        raise DiaInvalido(f"{erro} Use AAAA-MM-DD, como 2026-11-25.") from None


def parse_motivo(valor: object) -> str:
    """Why a closed day is reopened: required, at least 5 characters after trimming."""
    try:
        motivo = texto_limpo(valor, "O motivo", TEXTO_MAXIMO)
    except TextoInvalido as erro:
        raise CampoInvalido(str(erro)) from None
    if motivo is None:
        raise CampoInvalido("Informe o motivo da reabertura.")
    if len(motivo) < MOTIVO_MINIMO:
        raise CampoInvalido(f"O motivo deve ter pelo menos {MOTIVO_MINIMO} caracteres.")
    return motivo


def parse_observacao(valor: object) -> str | None:
    try:
        return texto_limpo(valor, "A observação", TEXTO_MAXIMO)
    except TextoInvalido as erro:
        raise CampoInvalido(str(erro)) from None
