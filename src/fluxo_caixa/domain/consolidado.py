"""Consolidation rules: periods, empty days, the running balance and the tipo filter.

Everything here is in integer centavos and works on the per-day sums of the ledger
(what `saldo_diario` holds), so a period costs O(days), never O(movements).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from fluxo_caixa.domain.movimentacao import DATA_MINIMA, Tipo

MAX_DIAS = 1096  # three years, leap day included
DIAS_PADRAO = 30
FIM_ANTES_DO_INICIO = "O fim não pode ser anterior ao início."


class PeriodoInvalido(ValueError):
    """A period the consolidado refuses; `campo` names the query parameter to fix."""

    def __init__(self, campo: str, mensagem: str) -> None:
        super().__init__(mensagem)
        self.campo = campo
        self.mensagem = mensagem


@dataclass(frozen=True, slots=True)
class Somas:
    """Sums and counts per tipo, of one day or of a span of days."""

    entradas: int = 0
    saidas: int = 0
    qtd_entradas: int = 0
    qtd_saidas: int = 0

    @property
    def saldo(self) -> int:
        return self.entradas - self.saidas

    @property
    def registros(self) -> int:
        return self.qtd_entradas + self.qtd_saidas

    def __add__(self, other: Somas) -> Somas:
        return Somas(
            self.entradas + other.entradas,
            self.saidas + other.saidas,
            self.qtd_entradas + other.qtd_entradas,
            self.qtd_saidas + other.qtd_saidas,
        )

    def so(self, tipo: Tipo | None) -> Somas:
        """Only the movements of `tipo` (all when None), like a slicer in the seed's report."""
        if tipo is Tipo.ENTRADA:
            return Somas(self.entradas, 0, self.qtd_entradas, 0)
        if tipo is Tipo.SAIDA:
            return Somas(0, self.saidas, 0, self.qtd_saidas)
        return self


_ZERO = Somas()


@dataclass(frozen=True, slots=True)
class Dia:
    """One calendar day of the consolidado, with the balance carried into it."""

    data: date
    somas: Somas
    saldo_anterior: int

    @property
    def saldo_dia(self) -> int:
        return self.somas.saldo

    @property
    def saldo_final(self) -> int:
        return self.saldo_anterior + self.somas.saldo


@dataclass(frozen=True, slots=True)
class Periodo:
    inicio: date
    fim: date
    tipo: Tipo | None
    saldo_anterior: int
    totais: Somas
    dias: tuple[Dia, ...]

    @property
    def saldo_final(self) -> int:
        return self.saldo_anterior + self.totais.saldo


def exigir_ordem(inicio: date | None, fim: date | None) -> None:
    """A period whose end comes before its start is refused, wherever a period is asked."""
    if inicio is not None and fim is not None and fim < inicio:
        raise PeriodoInvalido("fim", FIM_ANTES_DO_INICIO)


def periodo_pedido(inicio: date | None, fim: date | None, hoje: date) -> tuple[date, date]:
    """The period a query asks for, with the defaults filled in and the limits checked.

    Nothing given: the last 30 days up to today. Only `inicio`: from it up to today.
    Only `fim`: the 30 days that end on it. Days after today are allowed (a month
    still running shows its remaining days with zeros); a period is at most 1096 days.
    """
    if inicio is None and fim is None:
        fim = hoje
    if fim is None:
        assert inicio is not None
        fim = max(hoje, inicio)
    if inicio is None:
        inicio = _menos_dias(fim, DIAS_PADRAO - 1)
        if fim >= DATA_MINIMA:
            # Not a default day before any business date can be (the query's own days are
            # checked where the query is read).
            inicio = max(inicio, DATA_MINIMA)
    exigir_ordem(inicio, fim)
    if (fim - inicio).days + 1 > MAX_DIAS:
        raise PeriodoInvalido(
            "fim", f"O período pode ter no máximo {MAX_DIAS} dias; informe um intervalo menor."
        )
    return inicio, fim


def _menos_dias(dia: date, dias: int) -> date:
    try:
        return dia - timedelta(days=dias)
    except OverflowError:
        return date.min


def consolidar(
    inicio: date,
    fim: date,
    por_dia: Mapping[date, Somas],
    antes: Somas,
    tipo: Tipo | None = None,
) -> Periodo:
    """Every calendar day from `inicio` to `fim`, days without movement with zeros.

    `antes` sums every day before `inicio`; the running balance starts from it. With a
    tipo filter all figures, the balances included, count only that tipo, so the
    identities saldo_final = saldo_anterior + saldo_dia and next day's saldo_anterior =
    this day's saldo_final always hold.
    """
    exigir_ordem(inicio, fim)
    saldo_anterior = antes.so(tipo).saldo
    saldo = saldo_anterior
    entradas = saidas = qtd_entradas = qtd_saidas = 0
    dias: list[Dia] = []
    for n in range((fim - inicio).days + 1):
        data = inicio + timedelta(days=n)
        somas = por_dia.get(data, _ZERO)
        if tipo is not None:
            somas = somas.so(tipo)
        dias.append(Dia(data, somas, saldo))
        # The period's sums as plain integers: one Somas at the end, not one per day.
        saldo += somas.entradas - somas.saidas
        entradas += somas.entradas
        saidas += somas.saidas
        qtd_entradas += somas.qtd_entradas
        qtd_saidas += somas.qtd_saidas
    totais = Somas(entradas, saidas, qtd_entradas, qtd_saidas)
    return Periodo(inicio, fim, tipo, saldo_anterior, totais, tuple(dias))
