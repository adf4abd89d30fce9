"""`fluxo-caixa caixa ...` through Click's runner, against a really served lançamentos app."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine

from fluxo_caixa.cli import main
from support.cliente import SEM_AMBIENTE, lancamentos_servido


@pytest.fixture
def url(sqlite_url: str, sqlite_engine: Engine) -> Iterator[str]:
    # The commands talk HTTP: one backend is enough here.
    with lancamentos_servido(sqlite_url, sqlite_engine) as url:
        yield url


def rodar(url: str, *args: str, entrada: str | None = None) -> Result:
    runner = CliRunner(env={**SEM_AMBIENTE, "COLUMNS": "120"})
    return runner.invoke(
        main, [*args, "--api-url", url], input=entrada, prog_name="fluxo-caixa",
        catch_exceptions=False,
    )  # fmt: skip


def linhas(result: Result) -> list[str]:
    return [linha.rstrip() for linha in result.stdout.splitlines()]


def test_a_day_of_the_drawer_in_the_terminal(url: str) -> None:
    aberto = rodar(url, "caixa", "abrir", "--contado", "200,00", "--operador", "Ana")
    assert aberto.exit_code == 0, aberto.output
    assert linhas(aberto)[0] == "Caixa 1 — sessão 1 aberta, operador Ana."
    # A movement with no forma is in the session but not in the drawer.
    assert rodar(url, "lancar", "entrada", "100", "--json").exit_code == 0
    assert rodar(url, "caixa", "suprimento", "120").stdout == (
        "Suprimento de R$ 120,00 registrado no Caixa 1. Dinheiro esperado no caixa: R$ 320,00.\n"
    )
    recusada = rodar(url, "caixa", "sangria", "500")
    assert recusada.exit_code == 1
    assert "R$ 320,00" in recusada.stderr
    assert rodar(url, "caixa", "sangria", "70").exit_code == 0
    assert linhas(rodar(url, "caixa", "status")) == ["Caixa 1 (id 1): aberto (sessão 1)"]
    x = linhas(rodar(url, "caixa", "status", "--caixa", "caixa 1"))
    assert "Dinheiro esperado no caixa: R$ 250,00" in x

    # The count is asked note by note, and the expected amount shown only after it.
    contagem = "s\n1\n0\n0\n2\n0\n1\n0\n0\n0\n0\n0\n0\n"  # 200 + 2×20 + 5 = 245
    fechado = rodar(url, "caixa", "fechar", entrada=contagem)
    assert fechado.exit_code == 0, fechado.output
    assert "Quantas moedas de R$ 0,05?" in fechado.stderr
    saida = linhas(fechado)
    assert "Contado: R$ 245,00  Quebra de caixa: -R$ 5,00 (falta)" in saida
    assert "Deixado para a próxima abertura: R$ 200,00  Retirada no fechamento: R$ 45,00" in saida

    seguinte = rodar(url, "caixa", "abrir", "--json")
    sessao = json.loads(seguinte.stdout)
    assert (sessao["fundo"], sessao["diferenca_abertura"]) == ("200.00", "0.00")
    fechado_json = rodar(url, "caixa", "fechar", "--contado", "190", "--forma", "pix=0", "--json")
    corpo = json.loads(fechado_json.stdout)
    assert corpo["quebra"] == "-10.00"
    assert [f["forma_pagamento"] for f in corpo["por_forma"]] == ["dinheiro", "pix"]


def test_unknown_caixa_and_closed_caixa_are_refused(url: str) -> None:
    desconhecido = rodar(url, "caixa", "abrir", "--caixa", "Caixa 9")
    assert desconhecido.exit_code == 1
    assert "Caixa 1" in desconhecido.stderr
    fechado = rodar(url, "caixa", "sangria", "10")
    assert fechado.exit_code == 1
    assert "fechado" in fechado.stderr


def test_lancar_says_which_caixa_a_movement_went_to(url: str) -> None:
    antes = rodar(url, "lancar", "entrada", "10,00", "--forma", "Dinheiro")
    assert antes.stdout.endswith("em " + antes.stdout.split(" em ", 1)[1])
    assert " no Caixa" not in antes.stdout  # no open session: none
    rodar(url, "caixa", "abrir", "--contado", "50")
    venda = rodar(url, "lancar", "entrada", "10,00", "--forma", "dinheiro")
    assert venda.exit_code == 0, venda.output
    assert venda.stdout.rstrip().endswith(", no Caixa 1 (sessão 1).")
    assert "R$ 60,00" in rodar(url, "caixa", "status", "--caixa", "1").stdout
    fechado = rodar(url, "lancar", "entrada", "1", "--caixa", "Caixa 9")
    assert fechado.exit_code == 1
    assert "Caixa 9" in fechado.stderr
    errada = rodar(url, "lancar", "entrada", "1", "--forma", "cheque")
    assert errada.exit_code == 1
    assert 'Forma de pagamento inválida: "cheque". Responda d (dinheiro), p (PIX)' in errada.stderr
