"""`verificar` and `importar`, in process through Click's CliRunner: their exact output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine, update

from fluxo_caixa.cli import main
from fluxo_caixa.db.tables import saldo_diario
from support.prototipo import SEED

CONFERIDA = "Projeção conferida: nenhuma diferença entre as projeções e o livro-caixa.\n"
DIFERENCA_06_03 = (
    "06/03/2025: entradas R$ 0,00 (0) na projeção, R$ 0,00 (0) no livro; "
    "saídas R$ 70,00 (1) na projeção, R$ 50,00 (1) no livro\n"
)


def fluxo(sqlite_url: str, *args: str) -> Result:
    env = {"FLUXO_DATABASE_URL": sqlite_url, "FLUXO_CONSOLIDADO_DATABASE_URL": ""}
    return CliRunner().invoke(main, list(args), env=env)


def test_importar_the_seed_twice_says_what_it_did_each_time(
    sqlite_url: str, tmp_path: Path
) -> None:
    seed = tmp_path / "seed_movimentacoes.db"
    shutil.copyfile(SEED, seed)
    primeira = fluxo(sqlite_url, "importar", str(seed))
    assert (primeira.exit_code, primeira.stderr) == (0, "")
    assert primeira.stdout == (
        "seed_movimentacoes.db (banco do protótipo): 5 movimentação(ões) importada(s), "
        "0 já existente(s).\nImportado: entradas R$ 1.110,00, saídas R$ 60,00.\n"
    )
    segunda = fluxo(sqlite_url, "importar", str(seed))
    assert (segunda.exit_code, segunda.stderr) == (0, "")
    assert segunda.stdout == (
        "seed_movimentacoes.db (banco do protótipo): 0 movimentação(ões) importada(s), "
        "5 já existente(s).\n"
    )


def test_importar_a_missing_file_says_so(sqlite_url: str, tmp_path: Path) -> None:
    resultado = fluxo(sqlite_url, "importar", str(tmp_path / "nao_existe.csv"))
    assert resultado.exit_code == 1
    assert resultado.stdout == ""
    # Click's own prefix ("Error:") is being translated elsewhere (issue 10, point 10).
    prefixo, mensagem = resultado.stderr.split(": ", 1)
    assert prefixo in ("Error", "Erro")
    assert mensagem == f"Arquivo não encontrado: {tmp_path / 'nao_existe.csv'}.\n"


@pytest.mark.projecao_adulterada
def test_verificar_reports_then_repairs_a_tampered_day(
    sqlite_url: str, sqlite_engine: Engine, tmp_path: Path
) -> None:
    seed = tmp_path / "seed_movimentacoes.db"
    shutil.copyfile(SEED, seed)
    assert fluxo(sqlite_url, "importar", str(seed)).exit_code == 0
    limpa = fluxo(sqlite_url, "verificar")
    assert (limpa.exit_code, limpa.stdout, limpa.stderr) == (0, CONFERIDA, "")

    with sqlite_engine.begin() as conn:
        conn.execute(
            update(saldo_diario)
            .where(saldo_diario.c.data == "2025-03-06")
            .values(saidas_centavos=7000)
        )
    adulterada = fluxo(sqlite_url, "verificar")
    assert adulterada.exit_code == 1
    assert adulterada.stdout == DIFERENCA_06_03
    assert adulterada.stderr == (
        "1 dia(s) com diferença. "
        "Execute 'fluxo-caixa verificar --corrigir' para reconstruir a projeção.\n"
    )
    corrigida = fluxo(sqlite_url, "verificar", "--corrigir")
    assert (corrigida.exit_code, corrigida.stderr) == (0, "")
    assert corrigida.stdout == DIFERENCA_06_03 + "Projeção corrigida: 1 dia(s) reconstruído(s).\n"
    depois = fluxo(sqlite_url, "verificar")
    assert (depois.exit_code, depois.stdout) == (0, CONFERIDA)


def test_verificar_reports_a_closed_session_whose_stored_figures_differ(
    sqlite_url: str, sqlite_engine: Engine
) -> None:
    from fluxo_caixa.config import Settings
    from fluxo_caixa.db.tables import sessao_caixa
    from fluxo_caixa.lancamentos import create_app

    client = create_app(Settings(database_url=sqlite_url), engine=sqlite_engine).test_client()
    assert client.post("/caixas/1/abertura", json={"contado": "200.00"}).status_code == 201
    venda = {"tipo": "entrada", "valor": "100.00", "forma_pagamento": "dinheiro"}
    assert client.post("/movimentacao", json=venda).status_code == 201
    assert client.post("/caixas/1/sangria", json={"valor": "50.00"}).status_code == 201
    fechamento = {"contado": {"dinheiro": "250.00"}}
    assert client.post("/caixas/1/fechamento", json=fechamento).status_code == 201
    limpo = fluxo(sqlite_url, "verificar")
    assert (limpo.exit_code, limpo.stdout, limpo.stderr) == (0, CONFERIDA, "")

    with sqlite_engine.begin() as conn:
        conn.execute(update(sessao_caixa).values(esperado_centavos=26000, sangrias_centavos=4000))
    r = fluxo(sqlite_url, "verificar")

    assert r.exit_code == 1
    assert r.stdout == (
        "Sessão 1 (Caixa 1), esperado em dinheiro: R$ 260,00 no fechamento, "
        "R$ 250,00 nos movimentos e eventos\n"
        "Sessão 1 (Caixa 1), sangrias: R$ 40,00 no fechamento, "
        "R$ 50,00 nos movimentos e eventos\n" + CONFERIDA
    )
    assert r.stderr == (
        "1 sessão(ões) de caixa diferem dos seus movimentos; "
        "uma sessão fechada nunca é reescrita.\n"
    )
