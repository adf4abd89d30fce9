"""Hot reads straight through the DBAPI: one connection per thread, kept open.

The consolidado's hot routes run one small statement each. Through SQLAlchemy, the pool
checkout, the ping of a server connection, the statement's execution context and the
result object cost more than the query itself (about 150 µs of a 460 µs day read on
SQLite, measured with py-spy). Here each thread keeps one DBAPI connection of its own,
made by the engine (so with its connect events: SQLite's pragmas, the file guard) and then
detached from the pool, in autocommit on PostgreSQL and MariaDB: one statement is one
round trip and one snapshot, with no BEGIN before it and no ROLLBACK after.
"""

from __future__ import annotations

import contextlib
import threading
from datetime import date
from typing import Any

from sqlalchemy import Engine, event

from fluxo_caixa.db.engine import BancoIndisponivel, check_file


class LeitorDireto:
    """Runs read statements written in the DBAPI's own parameter style (`marca`)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.backend = engine.dialect.name
        self.sqlite = self.backend == "sqlite"
        self.marca = "?" if engine.dialect.paramstyle == "qmark" else "%s"
        dbapi = engine.dialect.dbapi
        # What a lost or refused connection raises, in every DBAPI (PEP 249).
        self._erros: tuple[type[Exception], ...] = (
            (dbapi.OperationalError, dbapi.InterfaceError) if dbapi is not None else ()
        )
        self._local = threading.local()
        # Every connection made, so that disposing of the engine closes them too (the
        # engine's events keep this reader, and so them, alive until then).
        self._todas: set[Any] = set()
        self._lock = threading.Lock()
        event.listen(engine, "engine_disposed", self._fechar_todas)

    def data(self, dia: date) -> object:
        """A date as a parameter: SQLAlchemy's Date on SQLite is ISO text (which sorts as
        dates do); the other drivers take the date itself."""
        return dia.isoformat() if self.sqlite else dia

    @staticmethod
    def dia(valor: object) -> date:
        """A date column's value: text from SQLite, a date from the others."""
        return date.fromisoformat(valor) if isinstance(valor, str) else valor  # type: ignore[return-value]

    def consultar(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        """The rows of one statement; BancoIndisponivel when the database cannot answer."""
        check_file(self.engine)  # what the pool checks on checkout: the same SQLite file
        for tentativa in (1, 2):
            conexao = self._conexao()
            try:
                cursor = conexao.cursor()
                try:
                    cursor.execute(sql, params)
                    return list(cursor.fetchall())
                finally:
                    cursor.close()
            except self._erros as erro:
                # A kept connection may have been dropped (server restart, idle timeout):
                # one more try on a new one, else the database is down.
                self._descartar()
                if tentativa == 2:
                    raise BancoIndisponivel(str(erro)) from erro
        raise AssertionError("unreachable")

    def _conexao(self) -> Any:
        conexao = getattr(self._local, "conexao", None)
        if conexao is not None and conexao not in self._todas:
            conexao = None  # closed when the engine was disposed of
        if conexao is None:
            try:
                fairy = self.engine.raw_connection()
                fairy.detach()  # this thread's own from now on, never back in the pool
                conexao = fairy.dbapi_connection
                if not self.sqlite:  # SQLite's connections are in autocommit already
                    conexao.rollback()  # type: ignore[union-attr]
                    if self.backend == "postgresql":
                        conexao.autocommit = True  # type: ignore[union-attr]
                    else:
                        conexao.autocommit(True)  # type: ignore[union-attr]
            except self._erros as erro:
                raise BancoIndisponivel(str(erro)) from erro
            with self._lock:
                self._todas.add(conexao)
            self._local.conexao = conexao
        return conexao

    def _descartar(self) -> None:
        conexao = getattr(self._local, "conexao", None)
        self._local.conexao = None
        if conexao is not None:
            self._fechar(conexao)

    def _fechar(self, conexao: Any) -> None:
        with self._lock:
            self._todas.discard(conexao)
        with contextlib.suppress(Exception):  # it is being thrown away
            conexao.close()

    def _fechar_todas(self, _engine: Engine) -> None:
        with self._lock:
            todas = list(self._todas)
        for conexao in todas:
            self._fechar(conexao)
