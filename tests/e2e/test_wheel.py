"""Installed from the wheel alone, no clone: `uv build`, a fresh virtual environment, and
`fluxo-caixa serve` run there serves everything from the installed package."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import httpx
import pytest

import fluxo_caixa
from fluxo_caixa.db.engine import head_revision
from support.servers import free_port, running, wait_healthy

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
UV = Path(sys.executable).parent / "uv"
PACKAGE = Path(fluxo_caixa.__file__).parent
# Nothing of the repo or of the test run may leak into the installed program.
CLEAN_ENV = {
    "PYTHONPATH": "",
    "FLUXO_DATABASE_URL": "",
    "FLUXO_CONSOLIDADO_DATABASE_URL": "",
    "FLUXO_API_TOKEN": "",
    "FLUXO_HOST": "",
    "FLUXO_WORKERS": "",
}


def run(*command: str | Path, cwd: Path) -> str:
    result = subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def instalado(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtual environment with only the wheel (and its dependencies) installed."""
    base = tmp_path_factory.mktemp("wheel")
    run(UV, "build", "--wheel", "--out-dir", base / "dist", REPO, cwd=base)
    (wheel,) = (base / "dist").glob("fluxo_caixa-*.whl")
    venv = base / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=base)
    # Dependencies from the uv cache (PyPI for what it lacks), never from the repo.
    run(UV, "pip", "install", "--python", venv / "bin" / "python", wheel, cwd=base)
    return venv


def test_the_wheel_alone_serves_both_services_with_their_pages_and_files(
    instalado: Path, tmp_path: Path
) -> None:
    python = instalado / "bin" / "python"
    importado = subprocess.run(
        [python, "-c", "import fluxo_caixa; print(fluxo_caixa.__file__)"],
        cwd=tmp_path,
        env=CLEAN_ENV | {"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(importado).is_relative_to(instalado), importado
    assert not Path(importado).is_relative_to(REPO)

    lancamentos = f"http://127.0.0.1:{free_port()}"
    consolidado = f"http://127.0.0.1:{free_port()}"
    env = CLEAN_ENV | {
        "FLUXO_PORT_LANCAMENTOS": lancamentos.rsplit(":", 1)[1],
        "FLUXO_PORT_CONSOLIDADO": consolidado.rsplit(":", 1)[1],
    }
    command = [str(instalado / "bin" / "fluxo-caixa"), "serve"]
    with running(command, env, tmp_path, f"{lancamentos}") as process:
        wait_healthy(consolidado, process=process, log=tmp_path / "server.log")
        # Migrations came with it: the default file in the working directory, at head.
        with closing(sqlite3.connect(tmp_path / "movimentacoes.db")) as conn:
            assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
                (head_revision(),)
            ]
        with httpx.Client(timeout=30) as http:
            # The seed's own request.
            criada = http.post(f"{lancamentos}/movimentacao", json={"tipo": "saida", "valor": 100})
            assert criada.status_code == 201, criada.text

            painel = http.get(f"{consolidado}/")
            assert painel.status_code == 200
            assert "text/html" in painel.headers["content-type"]
            assert "chart.umd.min.js" in painel.text  # the template rendered
            for arquivo in [
                "consolidado/static/painel/chartjs/chart.umd.min.js",
                "consolidado/static/painel/painel.js",
                "consolidado/static/painel/painel.css",
            ]:
                url = "/painel/static/" + arquivo.removeprefix("consolidado/static/painel/")
                response = http.get(f"{consolidado}{url}")
                assert response.status_code == 200, url
                assert response.content == (PACKAGE / arquivo).read_bytes(), url

            for servico in (lancamentos, consolidado):
                docs = http.get(f"{servico}/docs")
                assert docs.status_code == 200
                assert "swagger-ui-bundle.js" in docs.text
                for arquivo in ["swagger-ui/swagger-ui-bundle.js", "swagger-ui/swagger-ui.css"]:
                    response = http.get(f"{servico}/docs/static/{arquivo}")
                    assert response.status_code == 200, arquivo
                    assert response.content == (PACKAGE / "web/static" / arquivo).read_bytes()
                assert http.get(f"{servico}/openapi.json").status_code == 200

            dia = http.get(f"{consolidado}/consolidado/diario").json()
            assert dia["saidas"] == "100.00" and dia["registros"] == 1
