"""Engines for SQLite, PostgreSQL and MariaDB, and schema upgrades."""

from __future__ import annotations

import os
import sqlite3
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, InterfaceError, NoSuchModuleError, OperationalError


class DatabaseConfigError(ValueError):
    """A database we cannot use as configured (URL, driver, schema, file); the message says
    what to do. The db layer's own: the command line and the server show it like
    config.ConfigError (db imports only domain, never config)."""


MIGRATIONS = Path(__file__).parent / "migrations"
WRITE = "fluxo_write"  # execution option: take SQLite's write lock at BEGIN
# Execution option for a connection that runs one read statement: SQLite then skips BEGIN
# (the statement is its own read transaction), one round trip less on the hot read path.
SINGLE_READ = "fluxo_single_read"
SQLITE_BUSY_TIMEOUT_S = 30
SCHEMA_BEHIND = "O esquema do banco não está atualizado. Execute 'fluxo-caixa db upgrade'."
_URL_EXAMPLES = (
    "Exemplos: sqlite:///movimentacoes.db, "
    "postgresql+psycopg://usuario:senha@servidor:5432/caixa, "
    "mysql+pymysql://usuario:senha@servidor:3306/caixa."
)


def parse_url(url: str) -> URL:
    """The database URL, or a DatabaseConfigError (never echoing it: it may hold a password)."""
    try:
        return make_url(url)
    except ArgumentError:
        raise DatabaseConfigError(f"URL de banco de dados ilegível. {_URL_EXAMPLES}") from None


def sqlite_file(url: str | URL) -> Path | None:
    """The file of a SQLite URL on disk (None for memory, URI forms and servers)."""
    parsed = parse_url(url) if isinstance(url, str) else url
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return None
    if database.startswith("file:"):
        return None
    return Path(database)


def file_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of `path`, or None when it does not exist."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino


class BancoIndisponivel(Exception):
    """The database cannot be reached; the services answer 503, the commands say so."""


class BancoSubstituido(BancoIndisponivel):
    """The SQLite file this process opened was deleted or replaced under it."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"O arquivo do banco de dados ({path.name}) foi apagado ou substituído depois que "
            "o serviço começou. Nada mais é gravado; restaure o arquivo e reinicie o serviço."
        )


class _FileGuard:
    """The identity of a SQLite file, checked before every use of a connection.

    A pooled connection keeps reading and writing a deleted file's inode, and a new one
    would create an empty file: both would acknowledge writes nobody will ever read.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.identity = file_identity(path)

    def check(self) -> None:
        """Raise BancoSubstituido once the file is gone or is another file (one stat)."""
        if self.identity is None:
            return
        if file_identity(self.path) != self.identity:
            raise BancoSubstituido(self.path)

    def connected(self) -> None:
        if self.identity is None:  # created by this very connection
            self.identity = file_identity(self.path)


_guards: weakref.WeakKeyDictionary[Engine, _FileGuard] = weakref.WeakKeyDictionary()


def check_file(engine: Engine) -> None:
    """BancoSubstituido if `engine`'s SQLite file was deleted or replaced (else nothing)."""
    guard = _guards.get(engine)
    if guard is not None:
        guard.check()


def make_engine(url: str, *, create: bool = True, **kwargs: Any) -> Engine:
    """An engine for `url`; a URL we cannot use is a DatabaseConfigError that says so.

    A SQLite file's directory must exist (it is never created: a missing one is a typo or
    a disk not mounted). With `create=False` the file must exist too (a service's own
    engine: only the schema upgrade at start makes a new file).
    """
    parsed = parse_url(url)
    arquivo = sqlite_file(parsed)
    if arquivo is not None:
        pasta = arquivo.parent
        if not pasta.is_dir():
            raise DatabaseConfigError(
                f"O diretório {pasta} não existe. Crie-o ou corrija FLUXO_DATABASE_URL; "
                "o Fluxo de Caixa não cria diretórios."
            )
        if not create and not arquivo.is_file():
            raise DatabaseConfigError(f"O arquivo do banco {arquivo} não existe.")
    try:
        return _make_engine(parsed, **kwargs)
    except (ArgumentError, NoSuchModuleError, ImportError):
        shown = parsed.render_as_string(hide_password=True)
        raise DatabaseConfigError(
            f"URL de banco de dados inválida ou sem driver instalado ({shown}). {_URL_EXAMPLES}"
        ) from None


def _make_engine(parsed: URL, **kwargs: Any) -> Engine:
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        engine = create_engine(
            parsed,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False},
            **kwargs,
        )
        _configure_sqlite(engine)
        arquivo = sqlite_file(parsed)
        if arquivo is not None:
            _guard_file(engine, _FileGuard(arquivo.absolute()))
        return engine
    options: dict[str, Any] = {"pool_pre_ping": True, "pool_recycle": 1800}
    if backend in ("mysql", "mariadb"):
        # Fewer gap locks, fewer deadlocks on the saldo_diario upsert.
        options["isolation_level"] = "READ COMMITTED"
    options.update(kwargs)
    return create_engine(parsed, **options)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # We issue BEGIN ourselves, so a write can take the lock up front.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # WAL is written into the file's header: leave a file that is not ours (the seed
        # prototype's, which upgrade() then refuses) exactly as it was.
        if not _is_prototype(dict(cursor.execute(_SCHEMA_KINDS).fetchall())):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Connection) -> None:
        # A deferred transaction that later writes gets SQLITE_BUSY at once, without
        # waiting on the busy timeout; IMMEDIATE waits its turn instead.
        options = connection.get_execution_options()
        if options.get(WRITE):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        elif not options.get(SINGLE_READ):
            connection.exec_driver_sql("BEGIN")


def _guard_file(engine: Engine, guard: _FileGuard) -> None:
    _guards[engine] = guard

    @event.listens_for(engine, "do_connect")
    def before_connect(
        _dialect: Any, _record: Any, cargs: list[Any], cparams: dict[str, Any]
    ) -> None:
        guard.check()
        if guard.identity is not None:
            # Open, never create: a file deleted between the check and here stays deleted.
            cargs.clear()
            cparams["database"] = f"file:{quote(str(guard.path))}?mode=rw"
            cparams["uri"] = True

    @event.listens_for(engine, "connect")
    def after_connect(_dbapi_connection: Any, _record: Any) -> None:
        guard.connected()

    @event.listens_for(engine, "checkout")
    def on_checkout(_dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        guard.check()


@contextmanager
def indisponivel_como_erro() -> Iterator[None]:
    """Turn a lost or refused connection into BancoIndisponivel, keeping SQL out of sight."""
    try:
        yield
    except (OperationalError, InterfaceError) as erro:
        raise BancoIndisponivel(str(erro.orig)) from erro


@contextmanager
def leitura(engine: Engine) -> Iterator[Connection]:
    """A connection for one read statement (on SQLite, no BEGIN around it)."""
    with (
        indisponivel_como_erro(),
        engine.connect().execution_options(**{SINGLE_READ: True}) as conn,
    ):
        yield conn


def legivel(engine: Engine) -> bool:
    """/saude of a reader (the consolidado, perhaps on a replica): the database answers a
    read. A deleted or replaced SQLite file raises BancoSubstituido, which says so."""
    try:
        with leitura(engine) as conn:
            conn.exec_driver_sql("SELECT 1")
    except BancoSubstituido:
        raise
    except BancoIndisponivel:
        return False
    return True


def saudavel(engine: Engine) -> bool:
    """/saude of the writer: the database can be written now, not only read.

    SQLite: the write lock can be taken and a page changed (then rolled back: nothing is
    written), which fails on a read-only file or directory. PostgreSQL and MariaDB: the
    server does not refuse writes (a replica, read-only mode). A deleted or replaced SQLite
    file raises BancoSubstituido, which says so.
    """
    try:
        with indisponivel_como_erro(), engine.connect() as conn:
            name = conn.dialect.name
            if name == "sqlite":
                # BEGIN IMMEDIATE alone succeeds on a read-only file: write the header's
                # user_version over itself, then roll back (nothing reaches the disk).
                conn.execution_options(**{WRITE: True})
                versao = int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0)
                conn.exec_driver_sql(f"PRAGMA user_version = {versao}")
                conn.rollback()
                return True
            if name == "postgresql":
                query = "SELECT current_setting('transaction_read_only') = 'off'"
            else:
                query = "SELECT @@global.read_only = 0"
            return bool(conn.exec_driver_sql(query).scalar())
    except BancoSubstituido:
        raise
    except BancoIndisponivel:
        return False


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def connect(engine: Engine) -> Connection:
    """A connection, or BancoIndisponivel when the database cannot be reached."""
    with indisponivel_como_erro():
        return engine.connect()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision`; safe when two processes start at once."""
    with connect(engine).execution_options(**{WRITE: True}) as connection:
        _refuse_prototype_database(connection)
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        connection.commit()


_SCHEMA_KINDS = "SELECT name, type FROM sqlite_master WHERE name IN ('movimentacao', 'lancamento')"


def _is_prototype(kinds: dict[str, str]) -> bool:
    return kinds.get("movimentacao") == "table" and "lancamento" not in kinds


def _refuse_prototype_database(connection: Connection) -> None:
    """The seed prototype's movimentacoes.db has a *table* movimentacao where ours has a
    view: a merchant starting us in the old project's folder must be told what to do,
    not shown a failed migration."""
    if connection.dialect.name != "sqlite":
        return
    kinds: dict[str, str] = {name: kind for name, kind in connection.exec_driver_sql(_SCHEMA_KINDS)}
    if _is_prototype(kinds):
        arquivo = Path(connection.engine.url.database or "").name
        raise DatabaseConfigError(
            f"{arquivo} é o banco do protótipo original (tabela movimentacao com valores "
            "FLOAT), não um banco do Fluxo de Caixa. Renomeie-o, por exemplo para "
            "movimentacoes_prototipo.db, e traga os dados com: "
            "fluxo-caixa importar movimentacoes_prototipo.db"
        )


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with indisponivel_como_erro(), engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def require_current_schema(engine: Engine) -> None:
    if current_revision(engine) != head_revision():
        raise DatabaseConfigError(SCHEMA_BEHIND)


def prepare_database(url: str, may_upgrade: bool) -> None:
    """Upgrade an embedded SQLite file; refuse a server database that is behind."""
    engine = make_engine(url)
    try:
        if engine.dialect.name == "sqlite" and may_upgrade:
            upgrade(engine)
        else:
            require_current_schema(engine)
    finally:
        engine.dispose()
