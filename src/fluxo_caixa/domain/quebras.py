"""The quebra de caixa series: each closed session's difference (counted − expected cash),
by day and caixa, with the period's sum. Positive is a sobra, negative a falta.

A session counts on the merchant's day it was closed, so a session closed after midnight
is in the next day's series, as its conferência was.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from fluxo_caixa.domain.categoria import chave_do_nome


@dataclass(frozen=True, slots=True)
class QuebraDeSessao:
    """One closed session, as the series reads it."""

    sessao_id: int
    caixa_id: int
    caixa: str
    data: date  # the merchant's day of its fechamento
    quebra: int  # centavos: contado - esperado


@dataclass(frozen=True, slots=True)
class QuebraDoDia:
    """The sessions of one caixa closed on one day, summed."""

    data: date
    caixa_id: int
    caixa: str
    quebra: int
    sessoes: int


@dataclass(frozen=True, slots=True)
class Quebras:
    inicio: date
    fim: date
    itens: tuple[QuebraDoDia, ...]

    @property
    def total(self) -> int:
        return sum(i.quebra for i in self.itens)

    @property
    def sessoes(self) -> int:
        return sum(i.sessoes for i in self.itens)


def do_caixa(informado: str, sessao: QuebraDeSessao) -> bool:
    """A caixa filter names it by id or by name (case, accents and spaces ignored)."""
    if informado.isascii() and informado.isdigit():
        return sessao.caixa_id == int(informado)
    return chave_do_nome(sessao.caixa) == chave_do_nome(informado)


def quebras(
    inicio: date, fim: date, sessoes: Iterable[QuebraDeSessao], caixa: str | None = None
) -> Quebras:
    """By day, then caixa name: one item per caixa and day with a closed session."""
    somas: dict[tuple[date, int], list[int]] = {}
    nomes: dict[int, str] = {}
    for s in sessoes:
        if not inicio <= s.data <= fim or (caixa is not None and not do_caixa(caixa, s)):
            continue
        soma = somas.setdefault((s.data, s.caixa_id), [0, 0])
        soma[0] += s.quebra
        soma[1] += 1
        nomes[s.caixa_id] = s.caixa
    itens = sorted(
        (QuebraDoDia(d, cid, nomes[cid], q, n) for (d, cid), (q, n) in somas.items()),
        key=lambda i: (i.data, chave_do_nome(i.caixa), i.caixa_id),
    )
    return Quebras(inicio, fim, tuple(itens))
