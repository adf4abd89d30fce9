"""saldo_anterior in O(1): saldo_diario kept in memory with its running sums, never stale.

A day's saldo_anterior is the sum of every day before it: read from the database, that is
a SUM over all earlier rows on each request. Here each process keeps saldo_diario whole,
with its running sums (an `Acumulado`), tagged with the version the database gave it
(`saldo_versao`, which triggers bump in the writer's own transaction on every change of
saldo_diario, migration 0008). A read first asks the database for that version, in one
tiny statement: the same version means the same saldo_diario, so the days and the
balance before them come from memory, exact. Another version (a write since, by any
process, worker or tool; a replica that moved on) means one read of the whole table, in
one statement that also gives its version (one snapshot), once per change.

The statements run through db.leitor (DBAPI connections of its own, one per thread).
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import accumulate
from typing import Any, TypeVar

from fluxo_caixa.db.leitor import LeitorDireto
from fluxo_caixa.domain.consolidado import Somas

_VERSAO = "SELECT versao FROM saldo_versao WHERE id = 1"
# The first row carries the version (and no day); the others are the days. One statement:
# one snapshot, on every backend.
_TUDO = (
    f"SELECT ({_VERSAO}), NULL, 0, 0, 0, 0 UNION ALL "  # noqa: S608 - constants only
    "SELECT NULL, data, entradas_centavos, saidas_centavos, qtd_entradas, qtd_saidas "
    "FROM saldo_diario"
)

T = TypeVar("T")
Linha = tuple[int, int, int, int]  # entradas, saídas and their counts, as saldo_diario has them


@dataclass(frozen=True, slots=True)
class Acumulado:
    """saldo_diario as of one version: each day's sums and the sums of the days before."""

    versao: int | None
    datas: Sequence[date]  # in order
    linhas: Sequence[Linha]  # the sums of datas[i]
    # The running sums, one list per column: [i] sums every day before datas[i], [-1] all.
    antes: tuple[Sequence[int], Sequence[int], Sequence[int], Sequence[int]]
    # Somas of datas[i], made on first use (a read needs a few, a reload would make all).
    somas: list[Somas | None]

    @classmethod
    def de(cls, versao: int | None, dias: dict[date, Linha]) -> Acumulado:
        datas = sorted(dias)
        linhas = [dias[d] for d in datas]
        colunas = [[linha[c] for linha in linhas] for c in range(4)]
        antes = tuple(list(accumulate(coluna, initial=0)) for coluna in colunas)
        return cls(versao, datas, linhas, antes, [None] * len(datas))  # type: ignore[arg-type]

    def antes_de(self, dia: date) -> Somas:
        """The sums of every day before `dia`: one binary search, whatever the history."""
        i = bisect_left(self.datas, dia)
        e, s, qe, qs = self.antes
        return Somas(e[i], s[i], qe[i], qs[i])

    def entre(self, inicio: date, fim: date) -> dict[date, Somas]:
        """The days from `inicio` to `fim` that have a row."""
        dias: dict[date, Somas] = {}
        for i in range(bisect_left(self.datas, inicio), bisect_right(self.datas, fim)):
            somas = self.somas[i]
            if somas is None:
                somas = self.somas[i] = Somas(*self.linhas[i])
            dias[self.datas[i]] = somas
        return dias


VAZIO = Acumulado(None, (), (), ((0,), (0,), (0,), (0,)), [])


class SaldosAcumulados:
    """The period reads of the consolidado, from the `Acumulado` of the database's version."""

    def __init__(self, leitor: LeitorDireto) -> None:
        self.leitor = leitor
        self._acumulado = VAZIO
        self._lock = threading.Lock()

    def atual(self) -> Acumulado:
        """saldo_diario as the database has it now."""
        acumulado = self._acumulado
        if acumulado is VAZIO:  # the first read of this process: the table at once
            return self._recarregar(None)
        (linha,) = self.leitor.consultar(_VERSAO) or [(None,)]
        versao = linha[0]
        if versao is None or acumulado.versao != versao:
            acumulado = self._recarregar(versao)
        return acumulado

    def _recarregar(self, versao: int | None) -> Acumulado:
        with self._lock:  # one thread reads the table; the others waiting then reuse it
            atual = self._acumulado
            if versao is not None and atual.versao == versao:
                return atual
            # Read after `versao` was: its own version, equal or later, comes with it.
            novo = self._ler_tudo()
            self._acumulado = novo
            return novo

    def _ler_tudo(self) -> Acumulado:
        versao: int | None = None
        dias: dict[date, Linha] = {}
        dia_de = self.leitor.dia
        # BIGINT columns: ints from every driver (no SUM here, so no Decimal either).
        for row in self.leitor.consultar(_TUDO):
            if row[1] is None:
                versao = row[0]
            else:
                dias[dia_de(row[1])] = (row[2], row[3], row[4], row[5])
        return Acumulado.de(versao, dias)


_FALTA = object()


class MemoDaVersao:
    """Answers computed from one `Acumulado`, kept while it is the current one.

    The same question on the same version of saldo_diario has the same answer: the
    dashboard asks for its period every few seconds, and a day's figures change only
    when that saldo_diario changes. Bounded (least recently used first out); a new
    version starts it empty.
    """

    def __init__(self, tamanho: int) -> None:
        self.tamanho = tamanho
        self._de: Acumulado | None = None
        self._itens: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def obter(self, acumulado: Acumulado, chave: Hashable, calcular: Callable[[], T]) -> T:
        """`calcular()`, which must depend on nothing but `acumulado` and `chave`."""
        with self._lock:
            if self._de is acumulado:
                valor = self._itens.get(chave, _FALTA)
                if valor is not _FALTA:
                    self._itens.move_to_end(chave)
                    return valor  # type: ignore[no-any-return]
        valor = calcular()
        with self._lock:
            if self._de is not acumulado:  # only answers of one version are ever kept
                self._de, self._itens = acumulado, OrderedDict()
            self._itens[chave] = valor
            if len(self._itens) > self.tamanho:
                self._itens.popitem(last=False)
        return valor
