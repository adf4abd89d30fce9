"""A request sent once: its Idempotency-Key, the key's rule, and what reusing a key means."""

from __future__ import annotations

from dataclasses import dataclass

CABECALHO = "Idempotency-Key"
CHAVE_MAXIMA = 255
REGRA_DA_CHAVE = "Use de 1 a 255 caracteres ASCII visíveis, sem espaços."
CHAVE_REUTILIZADA = "Esta chave já foi usada com outro pedido."


@dataclass(frozen=True, slots=True)
class Pedido:
    """An idempotent request: its key and a fingerprint of what it asked."""

    chave: str
    impressao: str


def chave_valida(chave: str) -> bool:
    return 1 <= len(chave) <= CHAVE_MAXIMA and all("\x21" <= c <= "\x7e" for c in chave)


class ChaveReutilizada(Exception):
    """An Idempotency-Key came back with a different request."""

    campo = CABECALHO

    def __init__(self, chave: str) -> None:
        super().__init__(CHAVE_REUTILIZADA)
        self.chave = chave
