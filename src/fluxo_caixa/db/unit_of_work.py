"""Units of work and the transactions that run them. Read this first.

A unit of work is what a use case does inside one write transaction: a function of the
connection it is given and of values captured before it was built. The contract every
unit must keep, because the group commit (db.grupo) may run it twice (once in a
shared batch, and again, alone under a SAVEPOINT, when another unit of the batch failed):

- it is a pure function of `conn` and its inputs: the same database state gives the
  same result, however many times it runs;
- the clock is read once, by the caller, before the unit is built (never inside);
- it formats nothing for a client, logs nothing, touches nothing but `conn`; what a
  caller must store for later (an idempotent answer) is computed from the unit's own
  results by a pure function, and anything shown to a client is built after it returns.

Every backend runs the units of a service's writes through the group commit; on PostgreSQL
and MariaDB a batch that fails as a whole (a deadlock with another process, a
serialization failure) is retried unit by unit from the start, and the same contract makes
that retry safe. Units run alone, each in its own transaction, where `grouped=False`.
"""

from __future__ import annotations

import itertools
import time
from contextlib import AbstractContextManager
from typing import Protocol, TypeVar

from sqlalchemy import Engine
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from fluxo_caixa.db.engine import WRITE, BancoIndisponivel, leitura
from fluxo_caixa.db.grupo import CommitGroup

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
_RETRIES = 6


class UnitOfWork(Protocol[T_co]):
    """One use case's writes: pure in `conn` and its inputs, safe to run twice (see above)."""

    def __call__(self, conn: Connection, /) -> T_co: ...


class Transactions:
    """Runs units of work on one engine: through the group commit, or each in its own."""

    def __init__(self, engine: Engine, grouped: bool = True) -> None:
        self.engine = engine
        # One commit for the writes of all requests waiting (see db.grupo); rare writes
        # (sign-ins, failed tokens) go straight, with no writer thread of their own.
        self._group = CommitGroup(engine) if grouped else None

    def read(self) -> AbstractContextManager[Connection]:
        """A connection for one read statement (on SQLite, no BEGIN around it)."""
        return leitura(self.engine)

    def write(self, unit: UnitOfWork[T]) -> T:
        """Run `unit` in a write transaction; return its result once it is committed."""
        for attempt in itertools.count(1):
            try:
                if self._group is not None:
                    return self._group.run(unit)
                with (
                    self.engine.connect().execution_options(**{WRITE: True}) as conn,
                    conn.begin(),
                ):
                    return unit(conn)
            except (OperationalError, InterfaceError) as erro:
                if attempt < _RETRIES and is_retryable(erro):
                    time.sleep(0.005 * 2**attempt)
                    continue
                raise BancoIndisponivel(str(erro.orig)) from erro
        raise AssertionError("unreachable")  # pragma: no cover


def is_retryable(erro: DBAPIError) -> bool:
    """Deadlocks and serialization failures: the transaction can simply run again."""
    orig = erro.orig
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate in ("40001", "40P01"):
        return True
    args = getattr(orig, "args", ())
    if args and args[0] in (1205, 1213):  # MariaDB lock wait timeout, deadlock
        return True
    return "database is locked" in str(orig)
