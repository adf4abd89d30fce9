"""Which SQL statements a request ran: SQLAlchemy's and those of the direct reader."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Engine, event

from fluxo_caixa.db.leitor import LeitorDireto


@contextmanager
def statements_run(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every statement run while inside, through `engine` or a LeitorDireto (whose own
    DBAPI connections SQLAlchemy's events do not see: its one entry point is recorded)."""
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(str(args[2]))

    consultar = LeitorDireto.consultar

    def record_direct(leitor: LeitorDireto, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        statements.append(sql)
        return consultar(leitor, sql, params)

    with monkeypatch.context() as patch:
        patch.setattr(LeitorDireto, "consultar", record_direct)
        event.listen(engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", record)
