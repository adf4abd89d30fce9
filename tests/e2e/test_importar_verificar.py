"""The issue's "done when", tried as a new user would: real commands, a real service."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx

from support.prototipo import SEED
from support.servers import service


def fluxo(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fluxo_caixa", *args],
        env={**os.environ, "FLUXO_DATABASE_URL": "", "FLUXO_CONSOLIDADO_DATABASE_URL": ""},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_seed_import_gives_the_power_bi_cards_and_verificar_guards_the_projection(
    tmp_path: Path,
) -> None:
    importado = fluxo("importar", str(SEED), cwd=tmp_path)
    assert importado.returncode == 0, importado.stderr
    assert importado.stdout == (
        "seed_movimentacoes.db (banco do protótipo): 5 movimentação(ões) importada(s), "
        "0 já existente(s).\nImportado: entradas R$ 1.110,00, saídas R$ 60,00.\n"
    )
    de_novo = fluxo("importar", str(SEED), cwd=tmp_path)
    assert "0 movimentação(ões) importada(s), 5 já existente(s)." in de_novo.stdout

    with service("consolidado", {"FLUXO_DATABASE_URL": ""}, tmp_path) as consolidado:
        marco = httpx.get(
            f"{consolidado.url}/consolidado?inicio=2025-03-01&fim=2025-03-31", timeout=30
        ).json()
    totais = marco["totais"]
    assert (totais["entradas"], totais["saidas"], totais["saldo"], totais["registros"]) == (
        "1110.00",
        "60.00",
        "1050.00",
        5,
    )
    dias = {d["data"]: d for d in marco["dias"] if d["registros"]}
    assert {dia: (d["entradas"], d["saidas"]) for dia, d in dias.items()} == {
        "2025-03-04": ("100.00", "0.00"),
        "2025-03-05": ("1000.00", "0.00"),
        "2025-03-06": ("0.00", "50.00"),
        "2025-03-07": ("10.00", "10.00"),
    }

    assert fluxo("verificar", cwd=tmp_path).returncode == 0
    with sqlite3.connect(tmp_path / "movimentacoes.db") as conn:
        conn.execute("UPDATE saldo_diario SET saidas_centavos = 7000 WHERE data = '2025-03-06'")
    conn.close()
    adulterado = fluxo("verificar", cwd=tmp_path)
    assert adulterado.returncode == 1
    assert adulterado.stdout == (
        "06/03/2025: entradas R$ 0,00 (0) na projeção, R$ 0,00 (0) no livro; "
        "saídas R$ 70,00 (1) na projeção, R$ 50,00 (1) no livro\n"
    )
    assert "verificar --corrigir" in adulterado.stderr
    corrigido = fluxo("verificar", "--corrigir", cwd=tmp_path)
    assert corrigido.returncode == 0
    assert corrigido.stdout.endswith("Projeção corrigida: 1 dia(s) reconstruído(s).\n")
    assert fluxo("verificar", cwd=tmp_path).returncode == 0


def test_importing_a_bad_file_explains_and_changes_nothing(tmp_path: Path) -> None:
    ruim = tmp_path / "ruim.csv"
    ruim.write_text(
        "id;data;tipo;valor;descricao;data_inclusao;estorno_de\r\n"
        "1;07/03/2025;saida;dez;;2025-03-07T10:00:00-03:00;\r\n",
        encoding="utf-8-sig",
    )
    resultado = fluxo("importar", str(ruim), cwd=tmp_path)
    assert resultado.returncode == 1
    assert "linha 2: valor 'dez'" in resultado.stderr
    assert "nada foi importado" in resultado.stderr
    assert "Traceback" not in resultado.stderr


def test_verificar_without_a_database_does_not_create_one(tmp_path: Path) -> None:
    resultado = fluxo("verificar", cwd=tmp_path)
    assert resultado.returncode == 1
    assert "Banco não encontrado" in resultado.stderr and "Traceback" not in resultado.stderr
    assert not (tmp_path / "movimentacoes.db").exists()


def test_starting_in_the_prototype_s_folder_explains_how_to_bring_its_data(
    tmp_path: Path,
) -> None:
    antigo = tmp_path / "movimentacoes.db"
    shutil.copyfile(SEED, antigo)
    recusado = fluxo("serve", "lancamentos", cwd=tmp_path)
    assert recusado.returncode == 1 and "Traceback" not in recusado.stderr
    assert "banco do protótipo original" in recusado.stderr
    assert "fluxo-caixa importar movimentacoes_prototipo.db" in recusado.stderr
    assert antigo.read_bytes() == SEED.read_bytes()  # untouched

    antigo.rename(tmp_path / "movimentacoes_prototipo.db")
    importado = fluxo("importar", "movimentacoes_prototipo.db", cwd=tmp_path)
    assert importado.returncode == 0 and "5 movimentação(ões) importada(s)" in importado.stdout
