"""The SQLite file vanishes or is replaced under running services (issue 10, point 5).

Before: POSTs kept answering 201 into a deleted inode, /saude 200, and a restarted
child recreated the directory and an empty ledger (ids from 1 again).
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import pytest

from support.servers import ServiceProcess, free_port, running, service, wait_healthy

pytestmark = pytest.mark.slow
SUMIU = "apagado ou substituído"


def movimento(n: int) -> dict[str, object]:
    return {"tipo": "entrada", "valor": f"{n}.00", "data": "2025-03-05", "descricao": f"m{n}"}


@contextmanager
def both_services(arquivo: Path, cwd: Path) -> Iterator[tuple[ServiceProcess, ServiceProcess]]:
    env = {"FLUXO_DATABASE_URL": f"sqlite:///{arquivo}"}
    with ExitStack() as stack:
        lancamentos = stack.enter_context(service("lancamentos", env, cwd))
        consolidado = stack.enter_context(service("consolidado", env, cwd))
        yield lancamentos, consolidado


def assert_vanished_within_1_s(lancamentos: str, consolidado: str) -> None:
    """POST and both /saude: 503 with the message that says what happened, within 1 s."""
    deadline = time.monotonic() + 1.0
    with httpx.Client(timeout=1.0) as http:
        post = http.post(f"{lancamentos}/movimentacao", json=movimento(99))
        saude_l = http.get(f"{lancamentos}/saude")
        saude_c = http.get(f"{consolidado}/saude")
        diario = http.get(f"{consolidado}/consolidado/diario", params={"data": "2025-03-05"})
    assert time.monotonic() <= deadline
    for response in (post, saude_l, saude_c, diario):
        assert response.status_code == 503, response.text
        assert response.headers["content-type"] == "application/json"
        assert SUMIU in response.json()["erro"]
        assert response.json()["detalhes"] == []


def acknowledged(url: str, n: int) -> list[int]:
    with httpx.Client(timeout=10) as http:
        ids = []
        for i in range(n):
            response = http.post(f"{url}/movimentacao", json=movimento(i + 1))
            assert response.status_code == 201, response.text
            ids.append(response.json()["id"])
    return ids


def test_deleted_directory_is_503_on_both_services_and_nothing_is_recreated(
    tmp_path: Path,
) -> None:
    pasta = tmp_path / "dados"
    pasta.mkdir()
    arquivo = pasta / "caixa.db"
    with both_services(arquivo, tmp_path) as (lancamentos, consolidado):
        acknowledged(lancamentos.url, 3)
        shutil.rmtree(pasta)
        assert_vanished_within_1_s(lancamentos.url, consolidado.url)
        time.sleep(0.5)  # a moment for anything that would recreate it
        assert_vanished_within_1_s(lancamentos.url, consolidado.url)
        assert not pasta.exists()
    assert not pasta.exists()


def test_replaced_file_is_503_and_the_replacement_is_left_alone(tmp_path: Path) -> None:
    arquivo = tmp_path / "caixa.db"
    copia = tmp_path / "copia.db"
    with both_services(arquivo, tmp_path) as (lancamentos, consolidado):
        ids = acknowledged(lancamentos.url, 3)
        # A backup with what the WAL holds too, put in the original's place (a restore).
        with sqlite3.connect(arquivo) as origem, sqlite3.connect(copia) as destino:
            origem.backup(destino)
        os.replace(copia, arquivo)
        assert_vanished_within_1_s(lancamentos.url, consolidado.url)
    with sqlite3.connect(arquivo) as conn:
        assert [r[0] for r in conn.execute("SELECT id FROM lancamento ORDER BY id")] == ids
    verificar = subprocess.run(
        [sys.executable, "-m", "fluxo_caixa", "verificar"],
        env={**os.environ, "FLUXO_DATABASE_URL": f"sqlite:///{arquivo}"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert verificar.returncode == 0, verificar.stdout + verificar.stderr


def children(pid: int) -> dict[str, int]:
    """service name -> pid, of the `serve NAME` children of the supervisor `pid`."""
    found: dict[str, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if int(stat.rpartition(")")[2].split()[1]) == pid and b"serve" in cmdline:
            found[cmdline[cmdline.index(b"serve") + 1].decode()] = int(entry.name)
    return found


@pytest.mark.skipif(sys.platform != "linux", reason="lê /proc")
def test_supervisor_refuses_to_restart_a_child_on_a_missing_file(tmp_path: Path) -> None:
    arquivo = tmp_path / "caixa.db"
    porta_l, porta_c = free_port(), free_port()
    env = {
        "FLUXO_PORT_LANCAMENTOS": str(porta_l),
        "FLUXO_PORT_CONSOLIDADO": str(porta_c),
        "FLUXO_DATABASE_URL": f"sqlite:///{arquivo}",
    }
    url_l, url_c = f"http://127.0.0.1:{porta_l}", f"http://127.0.0.1:{porta_c}"
    comando = [sys.executable, "-m", "fluxo_caixa", "serve"]
    with running(comando, env, tmp_path, url_l, log_name="supervisor.log") as supervisor:
        wait_healthy(url_c, timeout=60)
        acknowledged(url_l, 2)
        for nome in ("caixa.db", "caixa.db-wal", "caixa.db-shm"):
            (tmp_path / nome).unlink(missing_ok=True)
        os.killpg(children(supervisor.pid)["lancamentos"], signal.SIGKILL)
        assert supervisor.wait(timeout=60) != 0
    log = (tmp_path / "supervisor.log").read_text()
    assert "não será reiniciado" in log and "não existe mais" in log, log
    assert "Traceback" not in log
    assert not arquivo.exists()


def test_missing_directory_is_refused_at_start_and_not_created(tmp_path: Path) -> None:
    pasta = tmp_path / "nao-existe"
    result = subprocess.run(
        [sys.executable, "-m", "fluxo_caixa", "serve", "lancamentos"],
        env={**os.environ, "FLUXO_DATABASE_URL": f"sqlite:///{pasta / 'caixa.db'}"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert f"O diretório {pasta} não existe" in result.stderr
    assert "Traceback" not in result.stderr
    assert not pasta.exists()
