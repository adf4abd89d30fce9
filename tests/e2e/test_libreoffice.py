"""The XLSX and CSV exports opened by LibreOffice: numbers are numbers, dates are dates.

Needs `soffice` (Debian: libreoffice-calc-nogui, which .ci/run installs); skipped, saying
so, where it is absent outside CI.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine

from support.ledger import lancar
from support.requisitos import exigir

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _soffice() -> None:
    exigir(shutil.which("soffice") is not None, "LibreOffice (soffice) ausente")


MARCO = "inicio=2025-03-01&fim=2025-03-31"


def celulas(fods: Path) -> list[tuple[str, str]]:
    """(value-type, value) of every typed cell of a flat ODS file, in order."""
    texto = fods.read_text(encoding="utf-8")
    return re.findall(
        r'office:value-type="(float|date|string|currency)"'
        r'(?: office:(?:value|date-value)="([^"]*)")?',
        texto,
    )


def converter(arquivo: Path, destino: Path, filtro: str | None = None) -> Path:
    comando = ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{destino}/p"]
    if filtro:
        comando.append(f"--infilter={filtro}")
    comando += ["--convert-to", "fods", "--outdir", str(destino), str(arquivo)]
    subprocess.run(comando, check=True, capture_output=True, timeout=300)
    return destino / (arquivo.stem + ".fods")


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_exports_open_in_libreoffice_with_typed_cells(
    consolidado_client: FlaskClient, engine: Engine, tmp_path: Path
) -> None:
    lancar(
        engine,
        ("entrada", 10000, date(2025, 3, 4)),
        ("saida", 123456789, date(2025, 3, 6)),
        agora=datetime(2025, 3, 5, 2, 43, 8, tzinfo=UTC),
    )
    for nome in ("consolidado.xlsx", "movimentacao.xlsx", "consolidado.csv"):
        with consolidado_client.get(f"/{nome}?{MARCO}") as response:
            (tmp_path / nome).write_bytes(response.data)

    consolidado = celulas(converter(tmp_path / "consolidado.xlsx", tmp_path))
    assert ("date", "2025-03-06") in consolidado
    assert ("float", "-1234567.89") in consolidado  # the day's saldo, a real number
    assert not any(tipo == "string" and re.match(r"^-?[0-9.,]+$", v) for tipo, v in consolidado)

    movimentacao = celulas(converter(tmp_path / "movimentacao.xlsx", tmp_path))
    assert ("date", "2025-03-04T23:43:08") in movimentacao
    assert ("float", "1234567.89") in movimentacao

    # The CSV as Excel or Calc in pt-BR opens it: `;` separated, UTF-8, Brazilian locale.
    (tmp_path / "csv").mkdir()
    csv = celulas(converter(tmp_path / "consolidado.csv", tmp_path / "csv", "CSV:59,34,76,1,,1046"))
    assert ("date", "2025-03-06") in csv
    assert ("float", "-1234567.89") in csv
