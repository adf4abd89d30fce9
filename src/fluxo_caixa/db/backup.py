"""Backups of the embedded SQLite file, and putting one back.

The copy uses SQLite's online backup API: one read transaction over the whole file, so
the copy is the database as of one instant while the services keep writing (WAL lets
them). Restoring replaces the file the services use, so it is refused while any of them
runs: every service holds a shared lock on `<banco>.em-uso` for as long as it lives (the
kernel drops it when the process dies, however it dies), and restoring takes it
exclusively.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import ExitStack, closing, contextmanager
from pathlib import Path
from typing import IO

from sqlalchemy.engine import URL

from fluxo_caixa.db.engine import parse_url

LOCK_SUFFIX = ".em-uso"
KEPT_SUFFIX = ".antes-da-restauracao"
BUSY_TIMEOUT_S = 30
# What a database of ours holds; a file without them is not a Fluxo de Caixa database.
REQUIRED_TABLES = ("alembic_version", "lancamento", "saldo_diario")


class BackupRecusado(Exception):
    """A backup or restore that must not happen; the message says why, in Portuguese."""


def lock_file(banco: Path) -> Path:
    return banco.with_name(banco.name + LOCK_SUFFIX)


@contextmanager
def servico_usando(bancos: list[Path]) -> Iterator[None]:
    """Held by a running service: `restaurar` refuses while any process holds it."""
    with ExitStack() as stack:
        for banco in sorted(set(bancos)):
            if not banco.parent.is_dir():
                continue  # nothing to restore into; the engine refuses the missing directory
            arquivo = stack.enter_context(_open_lock(banco))
            # Blocking: a restore in progress finishes first, then the service starts.
            _flock(arquivo, exclusive=False, wait=True)
        yield


@contextmanager
def _open_lock(banco: Path) -> Iterator[IO[bytes]]:
    # Never creates the directory: a missing one is a typo or a disk not mounted.
    with lock_file(banco).open("ab") as arquivo:
        yield arquivo


def _flock(arquivo: IO[bytes], *, exclusive: bool, wait: bool) -> bool:
    """Take an advisory lock; False when `wait` is off and another process holds it."""
    if sys.platform == "win32":  # pragma: no cover - the services run on Linux and macOS
        return True
    import fcntl

    mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
    try:
        fcntl.flock(arquivo.fileno(), mode if wait else mode | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def copiar(banco: Path, destino: Path, substituir: bool = False) -> int:
    """Copy the database, consistent as of one instant, into `destino`; its size in bytes."""
    if not banco.is_file():
        raise BackupRecusado(f"Banco {banco} não encontrado: não há o que copiar.")
    destino = destino.resolve()
    if destino == banco:
        raise BackupRecusado("O destino é o próprio banco: escolha outro arquivo.")
    if destino.exists() and not substituir:
        raise BackupRecusado(f"{destino} já existe. Use --substituir para sobrescrevê-lo.")
    if not destino.parent.is_dir():
        raise BackupRecusado(f"A pasta {destino.parent} não existe.")
    parcial = destino.with_name(f".{destino.name}.parcial")
    parcial.unlink(missing_ok=True)
    try:
        with closing(_connect(banco)) as origem, closing(sqlite3.connect(parcial)) as copia:
            origem.backup(copia)  # all pages in one step: one read transaction, one instant
            # One self-contained file (no -wal beside it), fit to be carried elsewhere.
            copia.execute("PRAGMA journal_mode=DELETE")
        _fsync(parcial)
        os.replace(parcial, destino)
    finally:
        parcial.unlink(missing_ok=True)
    return destino.stat().st_size


def restaurar(origem: Path, banco: Path, head: str | None) -> Path | None:
    """Put `origem` in place of `banco`, keeping the replaced one; the kept copy's path.

    Refused while a service runs, and unless `origem` is a sound database of ours at the
    schema this version expects (`head`), so a bad file never replaces a good one.
    """
    origem = origem.resolve()
    if origem == banco:
        raise BackupRecusado("A origem é o próprio banco em uso: escolha a cópia a restaurar.")
    validar(origem, head)
    if not banco.parent.is_dir():
        raise BackupRecusado(f"A pasta {banco.parent} não existe.")
    with _open_lock(banco) as trava:
        if not _flock(trava, exclusive=True, wait=False):
            raise BackupRecusado(
                f"Os serviços estão em execução usando {banco}. Pare-os (Ctrl-C no "
                "'fluxo-caixa serve') e execute 'fluxo-caixa restaurar' de novo."
            )
        guardado = None
        if banco.exists():
            guardado = _free_name(banco.with_name(banco.name + KEPT_SUFFIX))
            copiar(banco, guardado)  # through SQLite: what is still in its -wal comes too
        with closing(_connect(origem)) as fonte, closing(_connect(banco)) as alvo:
            fonte.backup(alvo)
        return guardado


def validar(origem: Path, head: str | None) -> None:
    if not origem.is_file():
        raise BackupRecusado(f"Arquivo não encontrado: {origem}.")
    invalido = f"{origem} não é um banco do Fluxo de Caixa"
    try:
        with closing(sqlite3.connect(f"{origem.as_uri()}?mode=ro", uri=True)) as conn:
            tabelas = {
                nome
                for (nome,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if not set(REQUIRED_TABLES) <= tabelas:
                raise BackupRecusado(f"{invalido} (faltam as tabelas do livro-caixa).")
            resultado = [linha for (linha,) in conn.execute("PRAGMA integrity_check")]
            if resultado != ["ok"]:
                raise BackupRecusado(f"{origem} está corrompido: {'; '.join(resultado[:3])}.")
            revisoes = [rev for (rev,) in conn.execute("SELECT version_num FROM alembic_version")]
    except sqlite3.DatabaseError:
        raise BackupRecusado(f"{invalido} (não é um arquivo SQLite legível).") from None
    if revisoes != [head]:
        raise BackupRecusado(
            f"{origem} está na revisão {', '.join(map(str, revisoes)) or 'nenhuma'} do esquema; "
            f"esta versão espera {head}. Restaure-o com a versão que o gravou e atualize "
            "com 'fluxo-caixa db upgrade'."
        )


def comando_de_dump(url: str, destino: Path) -> str | None:
    """The server's own dump command for a PostgreSQL or MariaDB URL (never its password)."""
    parsed = parse_url(url)
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        return " ".join(
            ["pg_dump", "--format=custom", *_server_options(parsed, "--username"),
             f"--file={_quoted(destino)}", _quoted(parsed.database or "postgres")]
        )  # fmt: skip
    if backend in ("mysql", "mariadb"):
        return " ".join(
            ["mariadb-dump", "--single-transaction", "--routines",
             *_server_options(parsed, "--user"), "--password",
             f"--result-file={_quoted(destino)}", _quoted(parsed.database or "")]
        )  # fmt: skip
    return None


def _server_options(parsed: URL, user_flag: str) -> list[str]:
    options = []
    if parsed.host:
        options.append(f"--host={_quoted(parsed.host)}")
    if parsed.port:
        options.append(f"--port={parsed.port}")
    if parsed.username:
        options.append(f"{user_flag}={_quoted(parsed.username)}")
    return options


def _quoted(value: object) -> str:
    import shlex

    return shlex.quote(str(value))


def _connect(banco: Path) -> sqlite3.Connection:
    return sqlite3.connect(banco, timeout=BUSY_TIMEOUT_S)


def _fsync(path: Path) -> None:
    with path.open("rb") as arquivo:
        os.fsync(arquivo.fileno())


def _free_name(path: Path) -> Path:
    """`path`, or `path.1`, `path.2`...: an earlier kept copy is never overwritten."""
    candidato, n = path, 0
    while candidato.exists():
        n += 1
        candidato = path.with_name(f"{path.name}.{n}")
    return candidato
