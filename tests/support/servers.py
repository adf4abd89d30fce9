"""Really running services: `python -m fluxo_caixa serve NAME` on a free port."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

PORT_VARIABLES = {"lancamentos": "FLUXO_PORT_LANCAMENTOS", "consolidado": "FLUXO_PORT_CONSOLIDADO"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ServiceProcess:
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Signal the whole process group: granian's workers die with their parent."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, sig)
        self.process.wait(timeout=30)


def wait_healthy(
    url: str,
    timeout: float = 30.0,
    process: subprocess.Popen[bytes] | None = None,
    log: Path | None = None,
    verify: ssl.SSLContext | bool = True,
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            output = log.read_text(errors="replace") if log else ""
            raise RuntimeError(f"service exited with {process.returncode}:\n{output}")
        try:
            if httpx.get(f"{url}/saude", timeout=1.0, verify=verify).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    output = log.read_text(errors="replace") if log else ""
    raise TimeoutError(f"{url} did not become healthy:\n{output}")


@contextmanager
def running(
    command: list[str],
    env: Mapping[str, str],
    cwd: Path,
    health_url: str | None,
    log_name: str = "server.log",
    verify: ssl.SSLContext | bool = True,
) -> Iterator[subprocess.Popen[bytes]]:
    log = cwd / log_name
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            env={**os.environ, **env},
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        if health_url is not None:
            wait_healthy(health_url, process=process, log=log, verify=verify)
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=15)


@contextmanager
def service(
    name: str,
    env: Mapping[str, str],
    cwd: Path,
    port: int | None = None,
    *,
    address: str = "127.0.0.1",
    tls: ssl.SSLContext | None = None,
) -> Iterator[ServiceProcess]:
    """`port`: a given one, e.g. to start a killed service again where browsers find it;
    `tls`: the service speaks HTTPS (FLUXO_TLS_* in `env`), checked with this context;
    `address`: where the test reaches it (FLUXO_HOST must let it listen there)."""
    port = free_port() if port is None else port
    url = f"{'http' if tls is None else 'https'}://{address}:{port}"
    full_env = {**env, PORT_VARIABLES[name]: str(port)}
    command = [sys.executable, "-m", "fluxo_caixa", "serve", name]
    verify: ssl.SSLContext | bool = True if tls is None else tls
    with running(command, full_env, cwd, url, log_name=f"{name}.log", verify=verify) as process:
        yield ServiceProcess(process, url, cwd / f"{name}.log")


@contextmanager
def both_services(
    env: Mapping[str, str], cwd: Path
) -> Iterator[tuple[ServiceProcess, ServiceProcess]]:
    """(lançamentos, consolidado) on one database; the caixa app's links go to this consolidado."""
    with service("consolidado", env, cwd) as consolidado:
        lancamentos_env = {**env, "FLUXO_CONSOLIDADO_URL": consolidado.url}
        with service("lancamentos", lancamentos_env, cwd) as lancamentos:
            yield lancamentos, consolidado
