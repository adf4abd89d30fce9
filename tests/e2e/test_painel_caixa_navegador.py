"""The dashboard's caixa routine in a real browser (issue 13): the closed-day badge, the
quebras table and chart, and the caixa filter kept in the URL.

Two caixas are opened, given a cash sale each and closed with a quebra (Caixa 1 short by
R$ 5,00, Caixa 2 over by R$ 2,00) through the lançamentos API, today; then today is
closed, reopened and closed again (version 2). The consolidado serves the page.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from playwright.sync_api import Page, expect

from support.caixa_web import banco_novo, texto
from support.navegador import Aba, screenshot
from support.painel_web import abrir
from support.servers import ServiceProcess, service

pytestmark = pytest.mark.slow


def _post(url: str, corpo: dict[str, Any]) -> dict[str, Any]:
    resposta = httpx.post(url, json=corpo, timeout=30)
    assert resposta.status_code in (200, 201), resposta.text
    return resposta.json()  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def banco(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    pasta = tmp_path_factory.mktemp("painel-caixa")
    url = banco_novo(pasta)
    with service("lancamentos", {"FLUXO_DATABASE_URL": url}, pasta) as svc:
        api = svc.url
        _post(f"{api}/caixas", {"nome": "Caixa 2"})
        _post(f"{api}/caixas/1/abertura", {"contado": "200.00"})
        _post(f"{api}/caixas/2/abertura", {"contado": "50.00"})
        venda = {"tipo": "entrada", "forma_pagamento": "dinheiro"}
        hoje = _post(f"{api}/movimentacao", {**venda, "valor": "100.00", "caixa": "Caixa 1"})[
            "data"
        ]
        _post(f"{api}/movimentacao", {**venda, "valor": "10.00", "caixa": "Caixa 2"})
        _post(f"{api}/caixas/1/fechamento", {"contado": {"dinheiro": "295.00"}})
        _post(f"{api}/caixas/2/fechamento", {"contado": {"dinheiro": "62.00"}})
        _post(f"{api}/dias/{hoje}/fechamento", {})
        _post(f"{api}/dias/{hoje}/reabertura", {"motivo": "Conferência refeita"})
        _post(f"{api}/dias/{hoje}/fechamento", {})
    return pasta, url, hoje


@pytest.fixture(scope="module")
def consolidado(banco: tuple[Path, str, str]) -> Iterator[ServiceProcess]:
    pasta, url, _ = banco
    with service("consolidado", {"FLUXO_DATABASE_URL": url}, pasta) as svc:
        yield svc


def linhas(page: Page, seletor: str) -> list[list[str]]:
    tr = page.locator(seletor)
    return [
        [c.replace("\xa0", " ") for c in tr.nth(i).locator("th, td").all_inner_texts()]
        for i in range(tr.count())
    ]


def data_br(iso: str) -> str:
    ano, mes, dia = iso.split("-")
    return f"{dia}/{mes}/{ano}"


def test_closed_day_badge_quebras_and_caixa_filter(
    banco: tuple[Path, str, str], consolidado: ServiceProcess, tela: Aba
) -> None:
    hoje = banco[2]
    page = tela.page
    abrir(page, f"{consolidado.url}/?periodo=7d")

    # Today's row: the badge with the close's version, and the link to its relatório Z.
    linha = page.locator("#tabela tbody tr", has_text=data_br(hoje))
    expect(linha.locator(".selo-fechado")).to_have_text("Fechado (v2)")
    link = linha.locator("a")
    assert link.get_attribute("href") == f"/dias/{hoje}/relatorio.pdf"
    pdf = httpx.get(f"{consolidado.url}/dias/{hoje}/relatorio.pdf", timeout=30)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # Only today is closed.
    expect(page.locator("#tabela .selo-fechado")).to_have_count(1)

    # The quebras, by day and caixa, in reais, with the period's total.
    assert linhas(page, "#tabela-quebras tbody tr") == [
        [data_br(hoje), "Caixa 1", "1", "-R$ 5,00"],
        [data_br(hoje), "Caixa 2", "1", "R$ 2,00"],
    ]
    assert linhas(page, "#tabela-quebras tfoot tr") == [["Total do período", "", "2", "-R$ 3,00"]]
    assert page.evaluate(
        """() => Chart.getChart('grafico-quebras').data.datasets.map(d => [d.label, d.data])"""
    ) == [["Caixa 1", [-5]], ["Caixa 2", [2]]]
    screenshot(page, "painel-caixa-1366x768.png")

    # The caixa filter: in the URL, applied to the cards, the quebras and the downloads.
    caixa = page.get_by_label("Caixa", exact=True)
    assert caixa.locator("option").all_inner_texts() == ["Todos", "Caixa 1", "Caixa 2"]
    caixa.select_option("Caixa 2")
    expect(page.locator("#tabela-quebras tbody tr")).to_have_count(1)
    assert parse_qs(urlsplit(page.url).query) == {"periodo": ["7d"], "caixa": ["Caixa 2"]}
    assert texto(page.locator("#cartao-entradas")) == "R$ 10,00"
    assert linhas(page, "#tabela-quebras tbody tr") == [[data_br(hoje), "Caixa 2", "1", "R$ 2,00"]]
    baixar = page.locator("#baixar-consolidado-csv").get_attribute("href") or ""
    assert parse_qs(urlsplit(baixar).query)["caixa"] == ["Caixa 2"]

    # A bookmarked URL opens the same view.
    abrir(page, page.url)
    expect(page.locator("#filtro-caixa")).to_have_value("Caixa 2")
    assert texto(page.locator("#cartao-entradas")) == "R$ 10,00"
