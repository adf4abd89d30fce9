"""The real `python -m fluxo_caixa` speaks Portuguese on an English system too."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

# Phrases of Click's own English (help, usage errors, type names).
INGLES = (
    "Usage", "Options", "Commands", "Error", "Try '", "Show this", "Show the", "No such",
    "unexpected", "Missing", "Invalid", "is not", "does not", "required", "Aborted",
    "OPTIONS", "COMMAND", "ARGS", "INTEGER", "FLOAT", "File '",
)  # fmt: skip


def fluxo_caixa(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    ambiente = {**os.environ, "LANG": "en_US.UTF-8", "LANGUAGE": "en", "COLUMNS": "100"}
    ambiente.pop("LC_ALL", None)
    return subprocess.run(
        [sys.executable, "-m", "fluxo_caixa", *args],
        env=ambiente,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_usage_mistakes_and_help_have_no_english(tmp_path: Path) -> None:
    erros = [
        (["verificar", "--corigir"], 2),
        (["verificar", "hoje"], 2),
        (["importar"], 2),
        (["importar", str(tmp_path)], 2),
        (["serve", "--workers", "dois"], 2),
        (["db"], 2),
        (["lancar", "entrada", "10", "--tentativas", "três"], 1),
        (["extrato", "--tipo"], 1),
    ]
    for args, status in erros:
        result = fluxo_caixa(*args, cwd=tmp_path)
        assert (result.returncode, result.stdout) == (status, ""), args
        assert "Uso: python -m fluxo_caixa" in result.stderr, args
        assert [p for p in INGLES if p in result.stderr] == [], (args, result.stderr)
    for args in (["--help"], ["-h"], ["lancar", "-h"], ["db", "upgrade", "--help"]):
        result = fluxo_caixa(*args, cwd=tmp_path)
        assert (result.returncode, result.stderr) == (0, ""), args
        assert [p for p in INGLES if p in result.stdout] == [], (args, result.stdout)
    assert not list(tmp_path.glob("*.db"))  # refused before any database is touched


def test_a_usage_mistake_reads_in_portuguese(tmp_path: Path) -> None:
    result = fluxo_caixa("serve", "--workers", "dois", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "Uso: python -m fluxo_caixa serve [OPÇÕES] [lancamentos|consolidado]\n"
        "Use 'python -m fluxo_caixa serve --help' para ver a ajuda.\n"
        "\n"
        "Erro: Valor inválido para '--workers': 'dois' não é um número inteiro válido.\n"
    )
