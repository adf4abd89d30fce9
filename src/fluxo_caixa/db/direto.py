"""Statements compiled once, run on the DBAPI cursor: the hot paths' way to the database.

A movement's write and its read by id run a handful of small statements each. Through
`Connection.execute`, SQLAlchemy spends more CPU on each of them (events, an execution
context, the result object, and a cache key for any statement built per call) than the
database spends running it: about 12 µs a statement on SQLite, 40 µs on PostgreSQL, and
on SQLite it all runs in the one writer thread every write waits for (db.grupo).

A `Direto` is a Core statement that SQLAlchemy compiles once per dialect: the same SQL,
the same parameter order and the same bind and result processing (dates as text on
SQLite, instants as naive UTC) it would use itself. Each execution then goes straight to
the DBAPI cursor of the connection's own transaction. A DBAPI error comes back as the
exception SQLAlchemy raises for it (IntegrityError, OperationalError, ...), so callers,
the retries of db.unit_of_work and the 503 of the web layer see no difference.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import BindParameter, ClauseElement

Processor = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class _Compilado:
    sql: str
    # Positional paramstyles (qmark, format): the parameters' names in order, each with
    # its bind processor; named ones (pyformat): the same pairs, sent as a dict.
    parametros: tuple[tuple[str, Processor | None], ...]
    # The values written into the statement itself (a literal in a WHERE, say), by the
    # name of their bind: the same at every execution.
    fixos: dict[str, Any]
    posicional: bool
    resultado: tuple[Processor | None, ...]  # one per column of a SELECT or RETURNING
    returning: bool
    processa: bool  # whether any column's value needs processing

    def argumentos(self, valores: Mapping[str, Any]) -> Sequence[Any] | dict[str, Any]:
        if self.fixos:  # none in the hot paths' statements: they pay nothing for this
            valores = {**valores, **self.fixos}
        if self.posicional:
            return tuple(
                valores[nome] if proc is None else proc(valores[nome])
                for nome, proc in self.parametros
            )
        return {
            nome: valores[nome] if proc is None else proc(valores[nome])
            for nome, proc in self.parametros
        }

    def linha(self, row: Sequence[Any]) -> tuple[Any, ...]:
        if not self.processa:
            return tuple(row)
        return tuple(v if p is None else p(v) for p, v in zip(self.resultado, row, strict=True))


def _fixo(bind: BindParameter[Any]) -> Any:
    """The value a bind carries in the statement itself, the same at every execution."""
    if bind.callable is not None:  # SQLAlchemy calls it per execution: this would not
        raise ValueError(f"Direto não aceita bindparam com callable_: {bind.key}")
    return bind.value


def _compilar(
    statement: ClauseElement, dialect: Dialect, column_keys: list[str] | None
) -> _Compilado:
    compiled = statement.compile(dialect=dialect, column_keys=column_keys)
    assert isinstance(compiled, SQLCompiler)
    names: Sequence[str] = (
        compiled.positiontup if compiled.positiontup is not None else list(compiled.binds)
    )
    # Columns whose Python-side default SQLAlchemy would compute per execution: given by
    # the caller like any other (a missing one is a KeyError, never a NULL sent).
    prefetch = {c.key for c in (*compiled.insert_prefetch, *compiled.update_prefetch)}
    parametros = tuple(
        (name, compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect))
        for name in names
    )
    fixos = {
        name: _fixo(bind)
        for name in names
        for bind in (compiled.binds[name],)
        if not bind.required and name not in prefetch
    }
    colunas = getattr(statement, "selected_columns", None)
    returning = bool(compiled.effective_returning)
    if returning:
        colunas = compiled.effective_returning
    resultado = tuple(
        c.type.dialect_impl(dialect).result_processor(dialect, None) for c in (colunas or ())
    )
    return _Compilado(
        compiled.string,
        parametros,
        fixos,
        compiled.positional,
        resultado,
        returning,
        any(resultado),
    )


class Direto:
    """One Core statement, compiled for each dialect it meets, run on the DBAPI cursor."""

    __slots__ = ("_column_keys", "_compilados", "_statement")

    def __init__(self, statement: ClauseElement, column_keys: Sequence[str] | None = None) -> None:
        self._statement = statement
        # An INSERT's columns: those given at every execution, in this order.
        self._column_keys = None if column_keys is None else list(column_keys)
        self._compilados: weakref.WeakKeyDictionary[Dialect, _Compilado] = (
            weakref.WeakKeyDictionary()
        )

    def compilado(self, dialect: Dialect) -> _Compilado:
        try:
            return self._compilados[dialect]
        except KeyError:
            feito = _compilar(self._statement, dialect, self._column_keys)
            self._compilados[dialect] = feito
            return feito

    def executar(self, conn: Connection, valores: Mapping[str, Any]) -> None:
        """Run the statement in `conn`'s transaction (a write whose result is not read)."""
        cursor = self._cursor(conn, valores)
        with _traduzido(conn, cursor):
            cursor.close()

    def um(self, conn: Connection, valores: Mapping[str, Any]) -> tuple[Any, ...] | None:
        """The first row (processed as SQLAlchemy would), or None."""
        cursor = self._cursor(conn, valores)
        with _traduzido(conn, cursor):
            row = cursor.fetchone()
            cursor.close()
        return None if row is None else self.compilado(conn.dialect).linha(row)

    def todos(self, conn: Connection, valores: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        cursor = self._cursor(conn, valores)
        with _traduzido(conn, cursor):
            rows = cursor.fetchall()
            cursor.close()
        linha = self.compilado(conn.dialect).linha
        return [linha(row) for row in rows]

    def crus(self, conn: Connection, valores: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """Every row as the driver gives it, unprocessed: for a caller that converts each
        value itself (an int, a str, a bool from 0 or 1) and wants no work done twice."""
        cursor = self._cursor(conn, valores)
        with _traduzido(conn, cursor):
            rows = cursor.fetchall()
            cursor.close()
        return [tuple(row) for row in rows]

    def inserir(self, conn: Connection, valores: Mapping[str, Any]) -> int | None:
        """Run an INSERT of one row or none (INSERT ... SELECT ... WHERE); the new row's id
        (by RETURNING where compiled with it, else the cursor's lastrowid), or None."""
        cursor = self._cursor(conn, valores)
        with _traduzido(conn, cursor):
            if self.compilado(conn.dialect).returning:
                row = cursor.fetchone()
                ident = None if row is None else int(row[0])
            else:
                ident = int(cursor.lastrowid) if cursor.rowcount == 1 else None
            cursor.close()
        return ident

    def _cursor(self, conn: Connection, valores: Mapping[str, Any]) -> Any:
        """Run the statement in `conn`'s transaction; the DBAPI cursor, to read from."""
        compilado = self.compilado(conn.dialect)
        if not conn.in_transaction():
            conn.begin()  # what Connection.execute's autobegin would do
        dbapi_connection = conn.connection.dbapi_connection
        assert dbapi_connection is not None
        cursor = dbapi_connection.cursor()
        with _traduzido(conn, cursor, compilado.sql):
            cursor.execute(compilado.sql, compilado.argumentos(valores))
        return cursor


@contextmanager
def _traduzido(conn: Connection, cursor: Any, sql: str | None = None) -> Iterator[None]:
    """A DBAPI error raised inside comes out as the exception SQLAlchemy raises for it
    (IntegrityError, OperationalError, ...), and the cursor, if any, is closed."""
    try:
        yield
    except BaseException as erro:
        if cursor is not None:
            cursor.close()
        if isinstance(erro, conn.dialect.loaded_dbapi.Error):
            raise DBAPIError.instance(
                sql, None, erro, conn.dialect.loaded_dbapi.Error, dialect=conn.dialect
            ) from erro
        raise
