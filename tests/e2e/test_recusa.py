"""Starting in an unsafe or broken configuration is refused with a clear message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

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
