"""saldo_anterior in O(1): the running sums of saldo_diario kept in memory, never stale.

A day's saldo_anterior is the sum of every day before it: read from the database, that is
a SUM over all earlier rows on each request. Here each process keeps saldo_diario whole
with its running sums (an `Acumulado`), tagged with the version the database gave it
(`saldo_versao`, bumped by triggers on every change of saldo_diario, migration 0008).
Every read asks for its days and the version in ONE statement, so both come from one
snapshot: the same version means the same saldo_diario, and the running sum kept for
that version is exact. Another version (a write since, by any process, worker or tool;
or a replica that moved on) means one fresh read of the whole table, once per change.
The statements run through db.direto (DBAPI connections of its own, one per thread).
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import accumulate
from typing import Any

from fluxo_caixa.db.direto import LeitorDireto
from fluxo_caixa.domain.consolidado import Somas

_VERSAO = "SELECT versao FROM saldo_versao WHERE id = 1"
_DIAS = (
    "SELECT NULL, data, entradas_centavos, saidas_centavos, qtd_entradas, qtd_saidas "
    "FROM saldo_diario"
)
# The first row carries the version (and no day); the others are days. One statement:
# one snapshot, on every backend.
_COM_VERSAO = f"SELECT ({_VERSAO}), NULL, 0, 0, 0, 0 UNION ALL "


@dataclass(frozen=True, slots=True)
class Acumulado:
    """saldo_diario as of one version: each day's sums and the sums of the days before."""

    versao: int | None
    datas: Sequence[date]  # in order
    dias: dict[date, Somas]
    # antes[i]: the sums of every day before datas[i]; antes[-1] of every day.
    antes: Sequence[Somas]

    @classmethod
    def de(cls, versao: int | None, dias: dict[date, Somas]) -> Acumulado:
        datas = sorted(dias)
        antes = list(accumulate((dias[d] for d in datas), Somas.__add__, initial=Somas()))
        return cls(versao, datas, dias, antes)

    def antes_de(self, dia: date) -> Somas:
        """The sums of every day before `dia`: one binary search, whatever the history."""
        return self.antes[bisect_left(self.datas, dia)]

    def entre(self, inicio: date, fim: date) -> dict[date, Somas]:
        datas = self.datas[bisect_left(self.datas, inicio) : bisect_right(self.datas, fim)]
        return {d: self.dias[d] for d in datas}


VAZIO = Acumulado(None, (), {}, (Somas(),))


class SaldosAcumulados:
    """The period reads of the consolidado: its days from the database, the balance
    before it from the `Acumulado` of the same version."""

    def __init__(self, leitor: LeitorDireto) -> None:
        self.leitor = leitor
        marca = leitor.marca
        self._sql_periodo = f"{_COM_VERSAO}{_DIAS} WHERE data >= {marca} AND data <= {marca}"
        self._sql_tudo = f"{_COM_VERSAO}{_DIAS}"
        self._acumulado = VAZIO
        self._lock = threading.Lock()

    def _ler(self, sql: str, params: tuple[Any, ...]) -> tuple[int | None, dict[date, Somas]]:
        versao: int | None = None
        dias: dict[date, Somas] = {}
        dia_de = self.leitor.dia
        for row in self.leitor.consultar(sql, params):
            if row[1] is None:
                versao = None if row[0] is None else int(row[0])
            else:
                dias[dia_de(row[1])] = Somas(int(row[2]), int(row[3]), int(row[4]), int(row[5]))
        return versao, dias

    def periodo(self, inicio: date, fim: date) -> tuple[Somas, dict[date, Somas]]:
        """The sums of every day before `inicio`, and of each day from `inicio` to `fim`."""
        acumulado = self._acumulado
        if acumulado is VAZIO:  # the first read of this process: the whole table at once
            acumulado = self._recarregar(None)
            return acumulado.antes_de(inicio), acumulado.entre(inicio, fim)
        params = (self.leitor.data(inicio), self.leitor.data(fim))
        versao, dias = self._ler(self._sql_periodo, params)
        if versao is None or acumulado.versao != versao:
            acumulado = self._recarregar(versao)
            if versao is None or acumulado.versao != versao:
                # Read after this request's days: a later snapshot, served whole.
                dias = acumulado.entre(inicio, fim)
        return acumulado.antes_de(inicio), dias

    def _recarregar(self, versao: int | None) -> Acumulado:
        with self._lock:  # one thread reads the table; the others waiting then reuse it
            atual = self._acumulado
            if versao is not None and atual.versao == versao:
                return atual
            novo = Acumulado.de(*self._ler(self._sql_tudo, ()))
            self._acumulado = novo
            return novo
