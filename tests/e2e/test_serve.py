"""Starting the service the ways the README says, as a new user would."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx

from fluxo_caixa.db.engine import head_revision
from support.servers import free_port, running, service

ROOT = Path(__file__).resolve().parents[2]


def test_seed_request_lands_in_movimentacoes_db_in_the_working_directory(tmp_path: Path) -> None:
    env = {"FLUXO_DATABASE_URL": ""}  # the default: ./movimentacoes.db
    with service("lancamentos", env, tmp_path) as svc:
        response = httpx.post(f"{svc.url}/movimentacao", json={"tipo": "saida", "valor": 100})
        assert response.status_code == 201
    with sqlite3.connect(tmp_path / "movimentacoes.db") as conn:
        rows = conn.execute("SELECT tipo, valor FROM movimentacao").fetchall()
    assert rows == [("saida", 100.0)]


def test_python_app_py_starts_the_lancamentos_service(tmp_path: Path) -> None:
    port = free_port()
    env = {
        "FLUXO_PORT_LANCAMENTOS": str(port),
        "FLUXO_PORT_CONSOLIDADO": str(free_port()),
        "FLUXO_DATABASE_URL": f"sqlite:///{tmp_path / 'm.db'}",
    }
    url = f"http://127.0.0.1:{port}"
    with running([sys.executable, str(ROOT / "app.py")], env, tmp_path, url):
        response = httpx.post(f"{url}/movimentacao", json={"tipo": "entrada", "valor": "10.50"})
        assert response.json()["valor"] == "10.50"


def test_binding_beyond_loopback_without_token_is_refused(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "fluxo_caixa", "serve", "lancamentos"],
        env={**os.environ, "FLUXO_HOST": "0.0.0.0", "FLUXO_API_TOKEN": ""},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "FLUXO_API_TOKEN" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "movimentacoes.db").exists()


def test_db_upgrade_creates_the_schema(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "fluxo_caixa", "db", "upgrade"],
        env={**os.environ, "FLUXO_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert f"revisão {head_revision()}" in result.stdout
    with sqlite3.connect(tmp_path / "x.db") as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert {"lancamento", "saldo_diario", "idempotencia", "movimentacao"} <= names


def test_the_seed_s_scripts_run_from_a_python_without_our_package(tmp_path: Path) -> None:
    """A new user types `python3 cliente.py` with the system's Python after `make run`.

    `-S` leaves site-packages out, so the package cannot be imported, as there: the
    scripts must go on in the project's .venv by themselves.
    """
    ajuda = subprocess.run(
        [sys.executable, "-S", str(ROOT / "cliente.py"), "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ajuda.returncode == 0, ajuda.stderr
    assert "Lançamentos interativos no terminal." in ajuda.stdout
    assert ajuda.stdout.startswith("Uso: python cliente.py [OPÇÕES]")
    recusa = subprocess.run(
        [sys.executable, "-S", str(ROOT / "app.py")],
        env={**os.environ, "FLUXO_HOST": "0.0.0.0", "FLUXO_API_TOKEN": ""},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert recusa.returncode == 1 and "Recusado" in recusa.stderr
    assert "ModuleNotFoundError" not in recusa.stderr
