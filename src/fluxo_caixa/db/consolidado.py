"""The consolidado's reads: only the projections, one statement per period."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from fluxo_caixa.db import caixas, categorias, detalhado, dias, relatorio
from fluxo_caixa.db.acumulado import Acumulado, MemoDaVersao, SaldosAcumulados
from fluxo_caixa.db.detalhado import Filtro
from fluxo_caixa.db.engine import legivel, leitura
from fluxo_caixa.db.leitor import LeitorDireto
from fluxo_caixa.domain.caixa import Caixa
from fluxo_caixa.domain.categoria import Categoria
from fluxo_caixa.domain.consolidado import Periodo, consolidar
from fluxo_caixa.domain.detalhado import Detalhado, detalhar
from fluxo_caixa.domain.dia import EstadoDoDia
from fluxo_caixa.domain.movimentacao import Tipo
from fluxo_caixa.domain.quebras import Quebras, quebras
from fluxo_caixa.domain.relatorio import RelatorioZ

SEM_FILTRO = Filtro()
# Answers remembered per version (db.acumulado): every day, and every month-long period
# and breakdown of two years, fit (about 6 MB of 30-day answers).
MEMO_RESPOSTAS = 2048
MEMO_DIAS = 62
T = TypeVar("T")


def _periodo(acumulado: Acumulado, inicio: date, fim: date, tipo: Tipo | None) -> Periodo:
    return consolidar(inicio, fim, acumulado.entre(inicio, fim), acumulado.antes_de(inicio), tipo)


class Consolidado:
    """Daily and period balances, read from the projection (a replica, when configured)."""

    def __init__(self, engine: Engine, tz: ZoneInfo, clock: Callable[[], datetime]) -> None:
        self.engine = engine
        self.tz = tz
        self.clock = clock
        self.direto = LeitorDireto(engine)
        self.saldos = SaldosAcumulados(self.direto)
        self._memo = MemoDaVersao(MEMO_RESPOSTAS)

    def hoje(self) -> date:
        return self.clock().astimezone(self.tz).date()

    def periodo(self, inicio: date, fim: date, tipo: Tipo | None = None) -> Periodo:
        """From saldo_diario as it is now, kept in memory (db.acumulado): one statement
        asks its version, and the days and the balance before them are exact."""
        return _periodo(self.saldos.atual(), inicio, fim, tipo)

    def periodo_como(
        self, inicio: date, fim: date, tipo: Tipo | None, como: Callable[[Periodo], T]
    ) -> T:
        """`como(periodo)`, `como` a pure function (the route's encoding), remembered
        while saldo_diario keeps its version."""
        acumulado = self.saldos.atual()
        if (fim - inicio).days >= MEMO_DIAS:  # long periods: large answers, rarely repeated
            return como(_periodo(acumulado, inicio, fim, tipo))
        return self._memo.obter(
            acumulado,
            (inicio, fim, tipo, como),
            lambda: como(_periodo(acumulado, inicio, fim, tipo)),
        )

    def periodo_filtrado(
        self, inicio: date, fim: date, tipo: Tipo | None, filtro: Filtro
    ) -> Periodo:
        """The period of the groups `filtro` keeps, from the `saldo_detalhado` projection."""
        with leitura(self.engine) as conn:  # one statement: one snapshot
            antes, por_dia = detalhado.periodo_filtrado(conn, inicio, fim, filtro)
        return consolidar(inicio, fim, por_dia, antes, tipo)

    def detalhado(
        self, inicio: date, fim: date, tipo: Tipo | None = None, filtro: Filtro = SEM_FILTRO
    ) -> Detalhado:
        """The period's totals by forma and by categoria: O(days × groups) rows read."""
        if filtro.vazio:  # the dashboard's and the API's usual read: one statement
            return self._detalhado(inicio, fim, tipo)
        with leitura(self.engine) as conn:
            grupos = detalhado.grupos(conn, inicio, fim, filtro)
        nomes = {c.id: c.nome for c in self.categorias()}
        return detalhar(inicio, fim, grupos, nomes, tipo)

    def detalhado_como(
        self, inicio: date, fim: date, tipo: Tipo | None, como: Callable[[Detalhado], T]
    ) -> T:
        """`como(detalhado)` of the period (no filter), `como` a pure function, remembered
        while the version (saldo_detalhado and the categorias' names) is unchanged.

        Its groups are read after the version: an answer kept under a version is of that
        version or a later one, never an earlier.
        """
        acumulado = self.saldos.atual()
        if (fim - inicio).days >= MEMO_DIAS:
            return como(self._detalhado(inicio, fim, tipo))
        return self._memo.obter(
            acumulado,
            ("detalhado", inicio, fim, tipo, como),
            lambda: como(self._detalhado(inicio, fim, tipo)),
        )

    def _detalhado(self, inicio: date, fim: date, tipo: Tipo | None) -> Detalhado:
        grupos, nomes = detalhado.grupos_com_nomes(self.direto, inicio, fim)
        return detalhar(inicio, fim, grupos, nomes, tipo)

    def relatorio(self, data: date, ler: Callable[[str], RelatorioZ]) -> RelatorioZ:
        """The relatório Z: a closed day's latest snapshot (decoded by `ler`, never
        recomputed), else the open day as it stands, all read from one snapshot."""
        with relatorio.instantaneo(self.engine) as conn:
            guardado = relatorio.snapshot_do_dia(conn, data)
            if guardado is not None:
                return ler(guardado)
            nomes = {c.id: c.nome for c in categorias.listar(conn)}
            return relatorio.relatorio_aberto(conn, data, nomes)

    def quebras(self, inicio: date, fim: date, caixa: str | None = None) -> Quebras:
        with leitura(self.engine) as conn:
            sessoes = relatorio.quebras_de_sessoes(conn, inicio, fim, self.tz)
        return quebras(inicio, fim, sessoes, caixa)

    def dias(self, inicio: date, fim: date) -> list[EstadoDoDia]:
        """The period's days that were ever closed (closes and reopenings)."""
        with leitura(self.engine) as conn:
            return dias.estados_do_periodo(conn, inicio, fim)

    def categorias(self) -> list[Categoria]:
        with leitura(self.engine) as conn:
            return categorias.listar(conn)

    def caixas(self) -> list[Caixa]:
        with leitura(self.engine) as conn:
            return caixas.listar_caixas(conn)

    def saudavel(self) -> bool:
        return legivel(self.engine)
