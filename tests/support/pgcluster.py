"""A throwaway PostgreSQL cluster of our own, to stop and start without touching the shared one."""

from __future__ import annotations

import glob
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from support.requisitos import exigir
from support.servers import free_port


def initdb_path() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]) if found else None


def require_initdb() -> Path:
    """initdb, or skip (fail where nothing may skip: FLUXO_TEST_REQUIRE_ALL)."""
    path = initdb_path()
    exigir(
        path is not None and shutil.which("runuser") is not None,
        "initdb do PostgreSQL (ou runuser) ausente: teste de queda do banco não executado",
    )
    assert path is not None
    return path


@dataclass
class Cluster:
    bin: Path
    directory: Path
    port: int

    @property
    def data(self) -> Path:
        return self.directory / "data"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _as_postgres(self, *args: str) -> None:
        # initdb and postgres refuse to run as root.
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *args],
            check=True,
            capture_output=True,
            timeout=120,
        )

    def init(self) -> None:
        self._as_postgres(
            str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
            "-E", "UTF8", "--no-sync", "--no-instructions",
        )  # fmt: skip

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off -c max_connections=50"
        )
        self._as_postgres(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options,
            "-l", str(self.directory / "postgres.log"), "-w", "-t", "120", "start",
        )  # fmt: skip

    def stop(self, mode: str = "immediate") -> None:
        """`immediate` is a crash: no checkpoint, open transactions lost, clients cut."""
        self._as_postgres(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "120", "stop"
        )  # fmt: skip

    def running(self) -> bool:
        result = subprocess.run(
            ["runuser", "-u", "postgres", "--", str(self.bin / "pg_ctl"), "-D", str(self.data),
             "status"],
            capture_output=True,
            timeout=60,
        )  # fmt: skip
        return result.returncode == 0

    def base_backup_into(self, standby: Cluster) -> None:
        """Make `standby` a streaming replica of this cluster (its data starts as a copy)."""
        self._as_postgres(
            str(self.bin / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.port),
            "-U", "postgres", "-D", str(standby.data), "-R", "-X", "stream", "-c", "fast",
            "--no-sync",
        )  # fmt: skip


def _directory() -> Path:
    # Not under pytest's tmp_path: its parents are private to root, and postgres must enter.
    directory = Path(tempfile.mkdtemp(prefix="fluxo-pg-"))
    shutil.chown(directory, "postgres", "postgres")
    return directory


@contextmanager
def _removed_at_exit(cluster: Cluster) -> Iterator[Cluster]:
    try:
        yield cluster
    finally:
        if cluster.running():
            cluster.stop()
        shutil.rmtree(cluster.directory, ignore_errors=True)


@contextmanager
def throwaway_cluster() -> Iterator[Cluster]:
    initdb = require_initdb()
    with _removed_at_exit(Cluster(initdb.parent, _directory(), free_port())) as cluster:
        cluster.init()
        cluster.start()
        yield cluster


@contextmanager
def throwaway_standby(primary: Cluster) -> Iterator[Cluster]:
    """A hot standby of `primary` (pg_basebackup -R), read-only, on a port of its own."""
    with _removed_at_exit(Cluster(primary.bin, _directory(), free_port())) as standby:
        primary.base_backup_into(standby)
        standby.start()
        yield standby
