"""Starting in an unsafe or broken configuration is refused with a clear message."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support.prototipo import SEED
from support.servers import free_port

ROOT = Path(__file__).resolve().parents[2]


def run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        env={**os.environ, "FLUXO_API_TOKEN": "", **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["-m", "fluxo_caixa", "serve"], {"FLUXO_HOST": "0.0.0.0"}),
        (["-m", "fluxo_caixa", "serve", "--host", "192.168.0.10"], {}),
        (["-m", "fluxo_caixa", "serve", "lancamentos"], {"FLUXO_HOST": "::"}),
        ([str(ROOT / "app.py")], {"FLUXO_HOST": "0.0.0.0"}),
    ],
)
def test_every_way_to_start_refuses_the_network_without_a_token(
    tmp_path: Path, args: list[str], env: dict[str, str]
) -> None:
    result = run([sys.executable, *args], env, tmp_path)
    assert result.returncode == 1
    assert "FLUXO_API_TOKEN" in result.stderr and "Recusado" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "movimentacoes.db").exists()


def test_an_unknown_log_level_is_a_clear_error(tmp_path: Path) -> None:
    result = run(
        [sys.executable, "-m", "fluxo_caixa", "serve", "lancamentos"],
        {"FLUXO_LOG_LEVEL": "barulhento"},
        tmp_path,
    )
    assert result.returncode == 1
    assert "FLUXO_LOG_LEVEL" in result.stderr and "Traceback" not in result.stderr


def unreachable_database() -> str:
    return f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/nada"


@pytest.mark.parametrize(
    "command",
    [
        ["db", "upgrade"],
        ["verificar"],
        ["importar", str(SEED)],
        ["serve", "lancamentos"],
    ],
)
def test_an_unreachable_database_is_one_clear_line_on_every_command(
    tmp_path: Path, command: list[str]
) -> None:
    result = run(
        [sys.executable, "-m", "fluxo_caixa", *command],
        {"FLUXO_DATABASE_URL": unreachable_database()},
        tmp_path,
    )
    assert result.returncode == 1
    assert "Banco de dados indisponível" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("url", "mensagem"),
    [
        ("bogus://x", "URL de banco de dados inválida ou sem driver instalado (bogus://x)"),
        ("mysql://caixa:segredo@servidor/caixa", "sem driver instalado (mysql://caixa:***@"),
        ("::nada::", "URL de banco de dados ilegível"),
    ],
)
def test_a_database_url_we_cannot_use_is_refused_before_serving(
    tmp_path: Path, url: str, mensagem: str
) -> None:
    result = run(
        [sys.executable, "-m", "fluxo_caixa", "serve"], {"FLUXO_DATABASE_URL": url}, tmp_path
    )
    assert result.returncode == 1
    assert result.stderr.count(mensagem) == 1  # said once, not on every restart
    assert "segredo" not in result.stderr and "Traceback" not in result.stderr


def test_both_services_in_the_prototype_s_folder_refuse_once_and_exit(tmp_path: Path) -> None:
    antigo = tmp_path / "movimentacoes.db"
    shutil.copyfile(SEED, antigo)
    result = run([sys.executable, str(ROOT / "app.py")], {"FLUXO_DATABASE_URL": ""}, tmp_path)
    assert result.returncode == 1
    assert result.stderr.count("banco do protótipo original") == 1
    assert "reiniciando" not in result.stderr and "Traceback" not in result.stderr
    assert antigo.read_bytes() == SEED.read_bytes()
