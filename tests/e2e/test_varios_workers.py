"""FLUXO_WORKERS=4: what one worker learns, every other worker knows.

Each request below goes on a fresh connection, so the kernel spreads them over the
workers; sessions and failed tokens live in the database, metrics in files of this run.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import httpx
import pytest

from support.servers import service

pytestmark = pytest.mark.slow

TOKEN = "token-de-quatro-workers"
WORKERS = 4
FAILURES_BEFORE_BLOCK = 10


def fresh(
    method: str,
    url: str,
    headers: dict[str, str] | None = None,
    cookies: dict[str, str] | None = None,
    data: dict[str, str] | None = None,
) -> httpx.Response:
    """One request on a connection of its own (so any worker may answer it)."""
    with httpx.Client(timeout=30, cookies=cookies) as http:
        return http.request(
            method, url, headers={**(headers or {}), "Connection": "close"}, data=data
        )


def metrics_directories(tmp: Path) -> list[Path]:
    return sorted(tmp.glob("fluxo-caixa-metricas-consolidado-*"))


@pytest.mark.parametrize("backend", ["sqlite", "postgresql", "mariadb"])
def test_session_and_failed_token_limit_hold_across_4_workers(
    database_url: str, tmp_path: Path
) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    # Left by a run that was SIGKILLed (its process is gone), and one of a run still alive.
    finished = subprocess.Popen(["true"])
    finished.wait()
    stale = tmp / f"fluxo-caixa-metricas-consolidado-{finished.pid}-abc123"
    alive = tmp / f"fluxo-caixa-metricas-lancamentos-{os.getpid()}-def456"
    for directory in (stale, alive):
        directory.mkdir()
        (directory / "counter_1.db").write_bytes(b"")
    env = {
        "FLUXO_DATABASE_URL": database_url,
        "FLUXO_API_TOKEN": TOKEN,
        "FLUXO_WORKERS": str(WORKERS),
        "TMPDIR": str(tmp),
    }
    with service("consolidado", env, tmp_path) as svc:
        # serve made one metrics directory for this run, before the workers started, and
        # removed the dead run's (not the live one's).
        assert len(metrics_directories(tmp)) == 1
        assert metrics_directories(tmp)[0] != stale
        assert not stale.exists() and alive.exists()

        entrada = fresh("POST", f"{svc.url}/entrar", data={"token": TOKEN},
                        headers={"Origin": svc.url})  # fmt: skip
        assert entrada.status_code == 303
        cookie = entrada.cookies["fluxo_sessao_consolidado"]
        for _ in range(WORKERS * 5):
            resposta = fresh("GET", f"{svc.url}/consolidado/diario",
                             cookies={"fluxo_sessao_consolidado": cookie})  # fmt: skip
            assert resposta.status_code == 200, resposta.text

        errado = {"Authorization": "Bearer errado"}
        for _ in range(FAILURES_BEFORE_BLOCK):
            assert fresh("GET", f"{svc.url}/consolidado/diario", headers=errado).status_code == 401
        # The 11th, and every one after it, whichever worker answers.
        for _ in range(WORKERS * 2):
            bloqueado = fresh("GET", f"{svc.url}/consolidado/diario", headers=errado)
            assert bloqueado.status_code == 429, bloqueado.text
            assert bloqueado.headers["Retry-After"]

    # Stopped: its metrics directory is gone with it.
    assert metrics_directories(tmp) == []
    assert alive.exists()
