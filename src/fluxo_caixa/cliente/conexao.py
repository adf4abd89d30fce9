"""What every client command gets besides its own arguments.

A module of its own, with nothing heavy in it: the command line builds a `Conexao` for
every client command, the interactive loop included, before it loads any of the client.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fluxo_caixa.config import Settings


@dataclass(frozen=True, slots=True)
class Conexao:
    """Where the services are (settings), how long to wait for each answer, how to answer
    (rich text or JSON) and the merchant's today, in the configured time zone; for the
    commands that write with a key, --chave and --tentativas."""

    settings: Settings
    timeout: float
    como_json: bool
    hoje: date
    chave: str | None = None  # as typed; each command knows its default
    tentativas: int = 1
