"""The consolidado's reads: only the `saldo_diario` projection, one statement per period."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Date,
    Engine,
    Integer,
    Select,
    bindparam,
    cast,
    func,
    literal,
    null,
    select,
    union_all,
)

from fluxo_caixa.db import caixas, categorias, detalhado, dias, relatorio
from fluxo_caixa.db.detalhado import Filtro
from fluxo_caixa.db.engine import legivel, leitura
from fluxo_caixa.db.tables import saldo_diario
from fluxo_caixa.domain.caixa import Caixa
from fluxo_caixa.domain.categoria import Categoria
from fluxo_caixa.domain.consolidado import Periodo, Somas, consolidar
from fluxo_caixa.domain.detalhado import Detalhado, detalhar
from fluxo_caixa.domain.dia import EstadoDoDia
from fluxo_caixa.domain.movimentacao import Tipo
from fluxo_caixa.domain.quebras import Quebras, quebras
from fluxo_caixa.domain.relatorio import RelatorioZ

SEM_FILTRO = Filtro()
_COLUNAS = (
    saldo_diario.c.entradas_centavos,
    saldo_diario.c.saidas_centavos,
    saldo_diario.c.qtd_entradas,
    saldo_diario.c.qtd_saidas,
)


def _periodo_query(inicio: Any, fim: Any) -> Select[Any]:
    """One statement, so the balance before and the days come from one snapshot.

    The first row (ordem 0) is the single SUM over every day before `inicio`; the
    others are the days of the period, each one indexed read of the primary key.
    """
    antes = select(
        literal(0, Integer).label("ordem"),
        cast(null(), Date).label("data"),
        *(func.coalesce(func.sum(c), 0).label(c.name) for c in _COLUNAS),
    ).where(saldo_diario.c.data < inicio)
    dias = select(literal(1, Integer), saldo_diario.c.data, *_COLUNAS).where(
        saldo_diario.c.data >= inicio, saldo_diario.c.data <= fim
    )
    combinada = union_all(antes, dias).subquery()
    return select(combinada).order_by(combinada.c.ordem, combinada.c.data)


# Built once with bound parameters: building it per request cost more CPU than the read.
_PERIODO = _periodo_query(bindparam("inicio", type_=Date), bindparam("fim", type_=Date))


class Consolidado:
    """Daily and period balances, read from the projection (a replica, when configured)."""

    def __init__(self, engine: Engine, tz: ZoneInfo, clock: Callable[[], datetime]) -> None:
        self.engine = engine
        self.tz = tz
        self.clock = clock

    def hoje(self) -> date:
        return self.clock().astimezone(self.tz).date()

    def periodo(self, inicio: date, fim: date, tipo: Tipo | None = None) -> Periodo:
        antes = Somas()
        por_dia: dict[date, Somas] = {}
        with leitura(self.engine) as conn:  # one statement: one snapshot
            for row in conn.execute(_PERIODO, {"inicio": inicio, "fim": fim}):
                somas = Somas(*(int(v) for v in row[2:]))
                if row.ordem == 0:
                    antes = somas
                else:
                    por_dia[row.data] = somas
        return consolidar(inicio, fim, por_dia, antes, tipo)

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
        with leitura(self.engine) as conn:
            grupos = detalhado.grupos(conn, inicio, fim, filtro)
        nomes = {c.id: c.nome for c in self.categorias()}
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
