"""Whether a business day is closed: read inside the unit of work that depends on it.

Race-free by lock order, on every backend: a movement first upserts its day's
saldo_diario row (ledger.inserir), which locks it, and only then asks this (in a later
statement, its INSERT, so with a snapshot taken after the lock was granted); a day close
upserts the same row first too (db.dias.fechar). Whichever comes second waits for the
first to commit and then, reading committed data (PostgreSQL and MariaDB run READ
COMMITTED here; SQLite has one writer at a time), sees it: a movement is either in the
snapshot or refused, never in between.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, bindparam, func, select
from sqlalchemy.engine import Connection

from fluxo_caixa.db.direto import Direto
from fluxo_caixa.db.tables import fechamento_dia, reabertura_dia

_CONTAGENS = Direto(
    select(
        select(func.count())
        .where(fechamento_dia.c.data == bindparam("b_data"))
        .scalar_subquery()
        .label("fechamentos"),
        select(func.count())
        .where(reabertura_dia.c.data == bindparam("b_data"))
        .scalar_subquery()
        .label("reaberturas"),
    )
)


def dia_aberto(dia: ColumnElement[date]) -> ColumnElement[bool]:
    """SQL that is true while `dia` is open (no more closes than reopenings), for a write
    to check in its own statement, after it has locked the day's saldo row."""
    fechamentos = select(func.count()).where(fechamento_dia.c.data == dia).scalar_subquery()
    reaberturas = select(func.count()).where(reabertura_dia.c.data == dia).scalar_subquery()
    return fechamentos <= reaberturas


def contagens(conn: Connection, dia: date) -> tuple[int, int]:
    """How many closes and reopenings the day has had."""
    row = _CONTAGENS.um(conn, {"b_data": dia})
    assert row is not None
    return int(row[0]), int(row[1])


def dias_fechados(conn: Connection) -> set[date]:
    """Every day closed now (more closes than reopenings): a few hundred a year at most."""
    fechamentos = {
        r.data: int(r.n)
        for r in conn.execute(
            select(fechamento_dia.c.data, func.count().label("n")).group_by(fechamento_dia.c.data)
        )
    }
    reaberturas = {
        r.data: int(r.n)
        for r in conn.execute(
            select(reabertura_dia.c.data, func.count().label("n")).group_by(reabertura_dia.c.data)
        )
    }
    return {dia for dia, n in fechamentos.items() if n > reaberturas.get(dia, 0)}
