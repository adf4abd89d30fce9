"""Starting the servers under test and watching the memory of each of their processes."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Servidor:
    """One server process group: granian's main process and its workers."""

    nome: str
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    @classmethod
    def iniciar(
        cls,
        nome: str,
        command: list[str],
        env: Mapping[str, str],
        port: int,
        health: str,
        directory: Path,
    ) -> Servidor:
        log = directory / f"{nome}.log"
        with log.open("ab") as out:
            process = subprocess.Popen(
                command,
                env={**os.environ, "PYTHONPATH": str(ROOT), **env},
                cwd=directory,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        url = f"http://127.0.0.1:{port}"
        servidor = cls(nome, url, process, log)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"{nome} terminou ao iniciar:\n{log.read_text()[-3000:]}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{url}{health}", timeout=2).status_code == 200:
                    return servidor
            time.sleep(0.1)
        servidor.parar()
        raise TimeoutError(f"{nome} não respondeu em {url}{health}")

    def pids(self) -> list[int]:
        """Every live process of the group (the session started for it)."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rpartition(")")[2].split()
            if int(fields[2]) == self.process.pid:  # process group id
                found.append(int(entry.name))
        return sorted(found)

    def matar(self) -> None:
        """SIGKILL to the whole group: what a crash or an OOM kill does."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=60)

    def parar(self) -> None:
        if self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.matar()


def servico(
    nome: str,
    env: Mapping[str, str],
    directory: Path,
    port_variable: str,
    workers: int = 1,
    rotulo: str | None = None,
) -> Servidor:
    """`fluxo-caixa serve nome`; `rotulo` names it (its log, its RSS) when there are two."""
    port = free_port()
    return Servidor.iniciar(
        rotulo or (nome if workers == 1 else f"{nome}-{workers}w"),
        [sys.executable, "-m", "fluxo_caixa", "serve", nome],
        {**env, port_variable: str(port), "FLUXO_WORKERS": str(workers)},
        port,
        "/saude",
        directory,
    )


def baseline(env: Mapping[str, str], directory: Path) -> Servidor:
    port = free_port()
    command = [sys.executable, "-m", "bench.baseline", str(port)]
    return Servidor.iniciar("baseline", command, env, port, "/", directory)


_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_s(servidor: Servidor) -> float:
    """CPU seconds (user and system) used so far by the live processes of `servidor`."""
    total = 0
    for pid in servidor.pids():
        try:
            campos = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        total += int(campos[11]) + int(campos[12])  # utime, stime
    return total / _TICKS


def esperar_ocioso(servidor: Servidor, limite_s: float = 30.0) -> None:
    """Until `servidor` stops using CPU: wrk leaves requests queued when a scenario ends,
    and a one-request measurement must not pay for them."""
    fim = time.monotonic() + limite_s
    antes = cpu_s(servidor)
    while time.monotonic() < fim:
        time.sleep(0.5)
        agora = cpu_s(servidor)
        if agora - antes < 0.05:  # under 10 % of a core
            return
        antes = agora


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


@dataclass
class Memoria:
    """Peak RSS of each process of some servers, sampled while a scenario runs."""

    servidores: list[Servidor]
    intervalo: float = 0.25
    picos: dict[tuple[str, int], float] = field(default_factory=dict)
    _parar: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> Memoria:
        self._thread = threading.Thread(target=self._amostrar, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._parar.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.amostrar()

    def _amostrar(self) -> None:
        while not self._parar.wait(self.intervalo):
            self.amostrar()

    def amostrar(self) -> None:
        """One sample of every process now (alone: the RSS before a scenario)."""
        for servidor in self.servidores:
            for pid in servidor.pids():
                mb = rss_mb(pid)
                if mb is not None:
                    key = (servidor.nome, pid)
                    self.picos[key] = max(mb, self.picos.get(key, 0.0))

    def resumo(self) -> str:
        """'lancamentos 41/58' : the peak MB of each process, main process first."""
        partes = []
        for nome in dict.fromkeys(n for n, _ in self.picos):
            valores = [mb for (n, _), mb in sorted(self.picos.items()) if n == nome]
            partes.append(f"{nome} {'/'.join(f'{v:.0f}' for v in valores)}")
        return "; ".join(partes)

    def maximo(self) -> float:
        return max(self.picos.values(), default=0.0)
