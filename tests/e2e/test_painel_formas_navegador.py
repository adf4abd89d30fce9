"""The dashboard's breakdowns in a real browser: the pie by forma de pagamento, the bars by
categoria and the forma/categoria filters, against really running services.

The movements are recorded through the lançamentos API (as the merchant's caixa does), in
April 2025; the consolidado then serves the page. Screenshots go to test-output/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from support.caixa_web import banco_novo, texto
from support.navegador import OUTPUT, Aba, aba, screenshot
from support.painel_web import ESPERA_MS, abrir, cartoes, cartoes_da_api
from support.servers import ServiceProcess, service

pytestmark = pytest.mark.slow

ABRIL = "inicio=2025-04-01&fim=2025-04-30"

# (tipo, valor, data, forma, categoria) as the caixa posts them.
MOVIMENTOS = [
    ("entrada", "100.00", "2025-04-01", "pix", "Vendas"),
    ("entrada", "50.00", "2025-04-01", "dinheiro", "vendas"),  # any case finds the categoria
    ("entrada", "250.00", "2025-04-02", "Crédito", "Serviços"),
    ("entrada", "30.00", "2025-04-03", "pix", None),
    ("entrada", "20.00", "2025-04-03", None, None),
    ("saida", "1000.00", "2025-04-02", "transferencia", "Aluguel"),
    ("saida", "80.00", "2025-04-04", "pix", "Água, luz e internet"),
    ("saida", "120.00", "2025-04-04", "debito", "Mercadorias e fornecedores"),
    ("saida", "15.00", "2025-04-05", "dinheiro", None),
]


@pytest.fixture(scope="module")
def banco(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    pasta = tmp_path_factory.mktemp("painel-formas")
    url = banco_novo(pasta)
    with service("lancamentos", {"FLUXO_DATABASE_URL": url}, pasta) as lancamentos:
        for tipo, valor, data, forma, categoria in MOVIMENTOS:
            corpo: dict[str, str] = {"tipo": tipo, "valor": valor, "data": data}
            if forma is not None:
                corpo["forma_pagamento"] = forma
            if categoria is not None:
                corpo["categoria"] = categoria
            resposta = httpx.post(f"{lancamentos.url}/movimentacao", json=corpo, timeout=30)
            assert resposta.status_code == 201, resposta.text
    return pasta, url


@pytest.fixture(scope="module")
def consolidado(banco: tuple[Path, str]) -> Iterator[ServiceProcess]:
    pasta, url = banco
    with service("consolidado", {"FLUXO_DATABASE_URL": url}, pasta) as svc:
        yield svc


def grafico(page: Page, canvas_id: str) -> dict[str, list[Any]]:
    """Labels and the first dataset's values that Chart.js is drawing on a canvas."""
    return page.evaluate(  # type: ignore[no-any-return]
        """(id) => {
            const chart = Chart.getChart(id);
            return {labels: chart.data.labels, data: chart.data.datasets[0].data};
        }""",
        canvas_id,
    )


def tabela_formas(page: Page) -> list[list[str]]:
    linhas = page.locator("#tabela-formas tbody tr")
    return [
        [c.replace("\xa0", " ") for c in linhas.nth(i).locator("th, td").all_inner_texts()]
        for i in range(linhas.count())
    ]


def query_de(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_pie_by_forma_and_bars_by_categoria_show_the_recorded_movements(
    consolidado: ServiceProcess, tela: Aba
) -> None:
    page = tela.page
    abrir(page, f"{consolidado.url}/?{ABRIL}")
    assert cartoes(page) == {
        "entradas": "R$ 450,00",
        "saidas": "R$ 1.215,00",
        "saldo": "-R$ 765,00",
        "registros": "9",
    }

    # Entradas first: the largest forma first, a movement without forma is "Não informada".
    expect(page.locator("#titulo-formas")).to_have_text("Entradas por forma de pagamento")
    assert grafico(page, "grafico-formas") == {
        "labels": ["Crédito", "PIX", "Dinheiro", "Não informada"],
        "data": [250, 130, 50, 20],
    }
    assert tabela_formas(page) == [
        ["Crédito", "R$ 250,00", "1", "55,56%"],
        ["PIX", "R$ 130,00", "2", "28,89%"],
        ["Dinheiro", "R$ 50,00", "1", "11,11%"],
        ["Não informada", "R$ 20,00", "1", "4,44%"],
    ]

    # Hovering a slice tells its value, count and share.
    page.locator("#grafico-formas").scroll_into_view_if_needed()
    ponto = page.evaluate(
        """() => {
            const chart = Chart.getChart('grafico-formas');
            const fatia = chart.getDatasetMeta(0).data[1];
            const meio = fatia.getCenterPoint();
            const caixa = chart.canvas.getBoundingClientRect();
            return {x: caixa.left + meio.x, y: caixa.top + meio.y};
        }"""
    )
    page.mouse.move(ponto["x"], ponto["y"], steps=5)
    dica = page.locator(".quadro.formas .dica")
    expect(dica).not_to_have_class(re.compile("escondida"))
    assert texto(dica).splitlines() == [
        "PIX",
        "R$ 130,00",
        "2 movimentações · 28,89% das entradas",
    ]

    # The same pie for the saídas, on a toggle.
    page.get_by_role("button", name="Saídas", exact=True).click()
    expect(page.locator("#titulo-formas")).to_have_text("Saídas por forma de pagamento")
    assert grafico(page, "grafico-formas") == {
        "labels": ["Transferência", "Débito", "PIX", "Dinheiro"],
        "data": [1000, 120, 80, 15],
    }
    assert tabela_formas(page)[0] == ["Transferência", "R$ 1.000,00", "1", "82,30%"]

    # Bars by categoria, largest first, "Sem categoria" for movements without one.
    assert grafico(page, "grafico-categorias-saida") == {
        "labels": [
            "Aluguel",
            "Mercadorias e fornecedores",
            "Água, luz e internet",
            "Sem categoria",
        ],
        "data": [1000, 120, 80, 15],
    }
    assert grafico(page, "grafico-categorias-entrada") == {
        "labels": ["Serviços", "Vendas", "Sem categoria"],
        "data": [250, 150, 50],
    }
    rotulo = page.locator("#grafico-categorias-entrada").get_attribute("aria-label") or ""
    assert "Vendas R$\xa0150,00 (33,33%)" in rotulo

    page.locator("#grafico-categorias-saida").scroll_into_view_if_needed()
    barra = page.evaluate(
        """() => {
            const chart = Chart.getChart('grafico-categorias-saida');
            const barra = chart.getDatasetMeta(0).data[0];
            const caixa = chart.canvas.getBoundingClientRect();
            return {x: caixa.left + (barra.x + barra.base) / 2, y: caixa.top + barra.y};
        }"""
    )
    page.mouse.move(barra["x"], barra["y"], steps=5)
    dica = page.locator(".quadro.categorias.saida .dica")
    expect(dica).not_to_have_class(re.compile("escondida"))
    assert texto(dica).splitlines() == [
        "Aluguel",
        "R$ 1.000,00",
        "1 movimentação · 82,30% das saídas",
    ]

    # The categoria filter offers the categorias of the period, by tipo.
    opcoes = page.evaluate(
        """() => [...document.querySelectorAll('#filtro-categoria optgroup')].map(
            g => [g.label, [...g.querySelectorAll('option')].map(o => o.value)])"""
    )
    assert opcoes == [
        ["Entradas", ["Serviços", "Vendas"]],
        # Alphabetical as in Portuguese: "Água" before "Aluguel".
        ["Saídas", ["Água, luz e internet", "Aluguel", "Mercadorias e fornecedores"]],
    ]
    page.mouse.move(0, 0)
    screenshot(page, "painel-formas-1366x768.png")


def test_choosing_a_forma_filters_cards_charts_url_and_downloads(
    consolidado: ServiceProcess, tela: Aba
) -> None:
    page = tela.page
    abrir(page, f"{consolidado.url}/?{ABRIL}")
    page.get_by_label("Forma de pagamento", exact=True).select_option(label="PIX")

    expect(page.locator("#cartao-registros")).to_have_text("3")
    assert page.url.endswith(f"/?{ABRIL}&forma_pagamento=pix")
    assert cartoes(page) == cartoes_da_api(consolidado, f"{ABRIL}&forma_pagamento=pix")
    assert cartoes(page)["entradas"] == "R$ 130,00" and cartoes(page)["saidas"] == "R$ 80,00"
    expect(page.locator("#periodo-texto")).to_have_text("01/04/2025 a 30/04/2025 · PIX")
    assert grafico(page, "grafico-formas") == {"labels": ["PIX"], "data": [130]}
    assert grafico(page, "grafico-categorias-entrada") == {
        "labels": ["Vendas", "Sem categoria"],
        "data": [100, 30],
    }
    assert grafico(page, "grafico-categorias-saida")["labels"] == ["Água, luz e internet"]
    barras = grafico(page, "grafico-barras")
    assert barras["data"][:4] == [100, None, 30, None]
    # The categoria options stay those of the whole period, not only of PIX.
    assert "Aluguel" in page.locator("#filtro-categoria").inner_text()
    for link in ("consolidado-csv", "consolidado-xlsx", "movimentacao-csv", "movimentacao-xlsx"):
        href = page.locator(f"#baixar-{link}").get_attribute("href") or ""
        assert query_de(href)["forma_pagamento"] == ["pix"], link
    caminho = page.locator("#baixar-movimentacao-csv").get_attribute("href")
    assert caminho is not None
    arquivo = httpx.get(f"{consolidado.url}{caminho}", timeout=30)
    assert arquivo.status_code == 200
    assert len(arquivo.text.strip().splitlines()) == 1 + 3  # header and the three PIX movements

    page.get_by_label("Categoria", exact=True).select_option("Vendas")
    expect(page.locator("#cartao-registros")).to_have_text("1")
    assert query_de(page.url) == {
        "inicio": ["2025-04-01"],
        "fim": ["2025-04-30"],
        "forma_pagamento": ["pix"],
        "categoria": ["Vendas"],
    }
    assert cartoes(page)["entradas"] == "R$ 100,00"
    expect(page.locator("#categorias-saida-vazio")).to_have_text("Nenhuma saída com estes filtros.")

    # Back undoes the categoria, then the forma, as in any web page.
    page.go_back()
    expect(page.locator("#cartao-registros")).to_have_text("3")
    expect(page.locator("#filtro-categoria")).to_have_value("")
    page.go_back()
    expect(page.locator("#cartao-registros")).to_have_text("9")
    expect(page.locator("#filtro-forma")).to_have_value("")


def test_a_bookmarked_url_with_filters_opens_the_same_view(
    consolidado: ServiceProcess, tela: Aba
) -> None:
    page = tela.page
    query = f"{ABRIL}&tipo=saida&forma_pagamento=pix&categoria=%C3%81gua%2C+luz+e+internet"
    abrir(page, f"{consolidado.url}/?{query}")

    expect(page.locator("#filtro-forma")).to_have_value("pix")
    expect(page.locator("#filtro-categoria")).to_have_value("Água, luz e internet")
    expect(page.locator('input[name="tipo"][value="saida"]')).to_be_checked()
    assert cartoes(page) == cartoes_da_api(consolidado, query)
    assert cartoes(page)["saidas"] == "R$ 80,00" and cartoes(page)["registros"] == "1"
    # Only saídas: their pie without the toggle, and no entradas-by-categoria card.
    expect(page.locator("#titulo-formas")).to_have_text("Saídas por forma de pagamento")
    expect(page.locator("#formas-tipo")).to_be_hidden()
    expect(page.locator(".quadro.categorias.entrada")).to_be_hidden()
    assert grafico(page, "grafico-categorias-saida") == {
        "labels": ["Água, luz e internet"],
        "data": [80],
    }
    # Only the saídas' categorias are offered while the tipo filter is on.
    grupos = page.evaluate(
        "() => [...document.querySelectorAll('#filtro-categoria optgroup')].map(g => g.label)"
    )
    assert grupos == ["Saídas"]
    href = page.locator("#baixar-consolidado-csv").get_attribute("href") or ""
    assert query_de(href)["categoria"] == ["Água, luz e internet"]

    page.get_by_label("Categoria", exact=True).select_option("")
    expect(page.locator("#cartao-registros")).to_have_text("1")  # PIX saídas: still one
    assert "categoria=" not in page.url and "forma_pagamento=pix" in page.url


def test_an_unknown_categoria_in_the_url_is_explained_not_shown_as_empty(
    consolidado: ServiceProcess, navegador: Browser
) -> None:
    with aba(navegador) as tab:
        page = tab.page
        page.goto(f"{consolidado.url}/?{ABRIL}&categoria=Inexistente")
        expect(page.locator("#erro")).to_be_visible(timeout=ESPERA_MS)
        expect(page.locator("#erro")).to_contain_text("Categoria 'Inexistente' não encontrada.")
        expect(page.locator("#conteudo")).to_be_hidden()
        # The browser logs the API's 422 as a failed resource; nothing else may complain.
        assert [e for e in tab.erros if "422" not in e] == []


def test_phone_375_shows_the_breakdowns_without_sideways_scrolling(
    consolidado: ServiceProcess, navegador: Browser
) -> None:
    with aba(navegador, 375, 812) as celular:
        page = celular.page
        abrir(page, f"{consolidado.url}/?{ABRIL}")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
        for seletor in ("#filtro-forma", "#filtro-categoria", "#grafico-formas"):
            expect(page.locator(seletor)).to_be_visible()
        expect(page.locator("#grafico-categorias-saida")).to_be_visible()
        caixa = page.locator("#grafico-categorias-saida").bounding_box()
        assert caixa is not None and caixa["width"] > 250 and caixa["height"] >= 100
        screenshot(page, "painel-formas-375x812.png")
        # The breakdowns alone at full size, to read them on a review.
        page.locator(".detalhes").screenshot(
            path=str(OUTPUT / "painel-formas-375x812-detalhes.png")
        )
        assert celular.erros == []
