"""The dashboard in a real browser (Debian's Chromium) against really running services.

The database holds the seed's five movements on their São Paulo days (the seed's
prototype stored them in UTC: 05/03 02:43 UTC is 04/03 in São Paulo) and, before them,
one entrada a month for three years. Screenshots go to test-output/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from fluxo_caixa.db.engine import make_engine, upgrade
from support.ledger import MOVIMENTOS_DO_SEED, lancar
from support.navegador import Aba, aba, screenshot
from support.painel_web import ESPERA_MS, abrir, ao_vivo, cartoes, cartoes_da_api
from support.servers import ServiceProcess, service

pytestmark = pytest.mark.slow

MARCO = "inicio=2025-03-01&fim=2025-03-31"
TRES_ANOS = [
    ("entrada", 1000, date(ano, mes, 15)) for ano in (2022, 2023, 2024) for mes in range(1, 13)
]


@pytest.fixture(scope="module")
def banco(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    pasta = tmp_path_factory.mktemp("painel")
    url = f"sqlite:///{pasta / 'movimentacoes.db'}"
    engine = make_engine(url)
    upgrade(engine)
    lancar(engine, *TRES_ANOS, *MOVIMENTOS_DO_SEED)
    engine.dispose()
    return pasta, url


@pytest.fixture(scope="module")
def consolidado(banco: tuple[Path, str]) -> Iterator[ServiceProcess]:
    pasta, url = banco
    with service("consolidado", {"FLUXO_DATABASE_URL": url}, pasta) as svc:
        yield svc


def linhas_da_tabela(page: Page) -> list[list[str]]:
    linhas = page.locator("#tabela tbody tr")
    return [
        [c.replace("\xa0", " ") for c in linhas.nth(i).locator("th, td").all_inner_texts()]
        for i in range(linhas.count())
    ]


def grafico(page: Page, canvas_id: str) -> Any:
    """Labels and data that Chart.js is drawing on a canvas."""
    return page.evaluate(
        """(id) => {
            const chart = Chart.getChart(id);
            return {labels: chart.data.labels,
                    datasets: chart.data.datasets.map(d => ({label: d.label, data: d.data}))};
        }""",
        canvas_id,
    )


def test_march_2025_cards_charts_and_table_match_the_api_and_sao_paulo_days(
    consolidado: ServiceProcess, tela: Aba
) -> None:
    page = tela.page
    abrir(page, f"{consolidado.url}/?{MARCO}")

    assert cartoes(page) == cartoes_da_api(consolidado, MARCO)
    # The "done when", literally.
    assert cartoes(page) == {
        "entradas": "R$ 1.110,00",
        "saidas": "R$ 60,00",
        "saldo": "R$ 1.050,00",
        "registros": "5",
    }
    expect(page.locator("#periodo-texto")).to_have_text("01/03/2025 a 31/03/2025")
    com_movimento = [linha for linha in linhas_da_tabela(page) if linha[-1] != "0"]
    assert com_movimento == [
        ["04/03/2025", "R$ 100,00", "R$ 0,00", "R$ 100,00", "R$ 360,00", "R$ 460,00", "1"],
        ["05/03/2025", "R$ 1.000,00", "R$ 0,00", "R$ 1.000,00", "R$ 460,00", "R$ 1.460,00", "1"],
        ["06/03/2025", "R$ 0,00", "R$ 50,00", "-R$ 50,00", "R$ 1.460,00", "R$ 1.410,00", "1"],
        ["07/03/2025", "R$ 10,00", "R$ 10,00", "R$ 0,00", "R$ 1.410,00", "R$ 1.410,00", "2"],
    ]
    assert len(linhas_da_tabela(page)) == 31
    total = page.locator("#tabela tfoot tr").locator("th, td").all_inner_texts()
    assert [c.replace("\xa0", " ") for c in total] == [
        "Total do período",
        "R$ 1.110,00",
        "R$ 60,00",
        "R$ 1.050,00",
        "R$ 360,00",
        "R$ 1.410,00",
        "5",
    ]

    pizza = grafico(page, "grafico-pizza")
    assert pizza["datasets"][0]["data"] == [3, 2]
    legenda = re.compile(r"Entradas 3 \(60%\).*Saídas 2 \(40%\)")
    expect(page.locator("#legenda-pizza")).to_have_text(legenda)
    barras = grafico(page, "grafico-barras")
    assert len(barras["labels"]) == 31 and barras["labels"][4] == "05/03"
    # No bar on a day without movement of that tipo.
    assert barras["datasets"][0]["data"][3:7] == [100, 1000, None, 10]
    assert barras["datasets"][1]["data"][3:7] == [None, None, 50, 10]
    area = grafico(page, "grafico-area")
    assert [d["label"] for d in area["datasets"]] == ["Entradas", "Saídas", "Saldo acumulado"]
    assert area["datasets"][2]["data"][-1] == 1410

    # What is on screen is what the download links give.
    for link in ("consolidado-csv", "consolidado-xlsx", "movimentacao-csv", "movimentacao-xlsx"):
        href = page.locator(f"#baixar-{link}").get_attribute("href")
        assert href is not None and href.endswith(f"?{MARCO}")
    csv = page.locator("#baixar-consolidado-csv").get_attribute("href")
    resposta = httpx.get(f"{consolidado.url}{csv}", timeout=30)
    assert resposta.status_code == 200 and "05/03/2025" in resposta.text

    screenshot(page, "painel-1366x768.png")


def test_saida_filter_shows_only_saidas_and_survives_a_reload(
    consolidado: ServiceProcess, tela: Aba
) -> None:
    page = tela.page
    abrir(page, f"{consolidado.url}/?{MARCO}")
    page.get_by_role("radio", name="Saídas").check()

    expect(page.locator("#cartao-saidas")).to_have_text("R$ 60,00")
    expect(page.locator("#cartao-entradas")).to_have_text("R$ 0,00")
    expect(page.locator("#cartao-registros")).to_have_text("2")
    assert cartoes(page) == cartoes_da_api(consolidado, MARCO + "&tipo=saida")
    assert cartoes(page)["saldo"] == "-R$ 60,00"
    assert page.url.endswith("?inicio=2025-03-01&fim=2025-03-31&tipo=saida")
    assert [d["label"] for d in grafico(page, "grafico-barras")["datasets"]] == ["Saídas"]

    # The URL is the view: a bookmark (or a reload) opens the same filtered page.
    page.reload()
    ao_vivo(page)
    expect(page.locator('input[name="tipo"][value="saida"]')).to_be_checked()
    assert cartoes(page)["saidas"] == "R$ 60,00" and cartoes(page)["registros"] == "2"

    page.get_by_role("radio", name="Todos").check()
    expect(page.locator("#cartao-registros")).to_have_text("5")
    assert "tipo=" not in page.url


def test_custom_period_changes_cards_charts_and_table(
    consolidado: ServiceProcess, tela: Aba
) -> None:
    page = tela.page
    abrir(page, f"{consolidado.url}/?{MARCO}")
    page.get_by_role("button", name="Personalizado").click()
    page.fill("#inicio", "2025-03-06")
    page.fill("#fim", "2025-03-07")
    page.get_by_role("button", name="Aplicar").click()

    expect(page.locator("#periodo-texto")).to_have_text("06/03/2025 a 07/03/2025")
    expect(page.locator("#cartao-entradas")).to_have_text("R$ 10,00")
    assert cartoes(page) == cartoes_da_api(consolidado, "inicio=2025-03-06&fim=2025-03-07")
    assert page.url.endswith("?inicio=2025-03-06&fim=2025-03-07")
    assert [linha[0] for linha in linhas_da_tabela(page)] == ["06/03/2025", "07/03/2025"]
    barras = grafico(page, "grafico-barras")
    assert barras["labels"] == ["06/03", "07/03"]
    assert [d["data"] for d in barras["datasets"]] == [[None, 10], [50, 10]]
    assert grafico(page, "grafico-area")["labels"] == ["06/03", "07/03"]

    # Back goes to the month, as in any web page.
    page.go_back()
    expect(page.locator("#cartao-registros")).to_have_text("5")


def test_hovering_a_bar_shows_its_value_in_reais(consolidado: ServiceProcess, tela: Aba) -> None:
    page = tela.page
    abrir(page, f"{consolidado.url}/?{MARCO}")
    ponto = page.evaluate(
        """() => {
            const chart = Chart.getChart('grafico-barras');
            const barra = chart.getDatasetMeta(0).data[chart.data.labels.indexOf('05/03')];
            const caixa = chart.canvas.getBoundingClientRect();
            return {x: caixa.left + barra.x, y: caixa.top + (barra.y + barra.base) / 2};
        }"""
    )
    page.mouse.move(ponto["x"], ponto["y"], steps=5)

    dica = page.locator(".quadro.barras .dica")
    expect(dica).not_to_have_class(re.compile("escondida"))
    expect(dica).to_contain_text("05/03/2025")
    texto = dica.inner_text().replace("\xa0", " ")
    assert "Entradas: R$ 1.000,00 (1 movimentação)" in texto
    assert "Saídas: R$ 0,00" in texto


def test_three_years_are_drawn_by_month_and_an_empty_period_says_so(
    consolidado: ServiceProcess, tela: Aba
) -> None:
    page = tela.page
    abrir(page, f"{consolidado.url}/?inicio=2022-01-01&fim=2024-12-31")
    barras = grafico(page, "grafico-barras")
    assert len(barras["labels"]) == 36 and barras["labels"][0] == "jan/22"
    assert barras["datasets"][0]["data"] == [10] * 36
    assert barras["datasets"][1]["data"] == [None] * 36
    expect(page.locator("#titulo-barras")).to_have_text("Entradas e saídas por mês")
    assert linhas_da_tabela(page)[0][0] == "Janeiro de 2022"
    assert len(linhas_da_tabela(page)) == 36
    assert cartoes(page)["entradas"] == "R$ 360,00"

    abrir(page, f"{consolidado.url}/?inicio=2025-01-06&fim=2025-04-30")  # 115 days: weeks
    assert grafico(page, "grafico-barras")["labels"][0] == "06/01"
    expect(page.locator("#titulo-tabela")).to_have_text("Relatório por semana")

    abrir(page, f"{consolidado.url}/?inicio=2025-03-05&fim=2025-03-05")  # one day
    assert linhas_da_tabela(page) == [
        ["05/03/2025", "R$ 1.000,00", "R$ 0,00", "R$ 1.000,00", "R$ 460,00", "R$ 1.460,00", "1"]
    ]

    abrir(page, f"{consolidado.url}/?inicio=2020-01-01&fim=2020-01-31")
    expect(page.locator("#vazio")).to_be_visible()
    expect(page.locator("#vazio")).to_contain_text("Nenhuma movimentação neste período")
    expect(page.locator("#conteudo")).to_be_hidden()
    assert cartoes(page)["registros"] == "0"


def test_a_movement_posted_meanwhile_appears_without_reload(
    banco: tuple[Path, str], consolidado: ServiceProcess, tela: Aba
) -> None:
    pasta, url = banco
    page = tela.page
    abrir(page, f"{consolidado.url}/?periodo=hoje")
    antes = int(page.locator("#cartao-registros").inner_text())
    # A reload would drop this mark.
    page.evaluate("() => { window.semRecarregar = true; }")

    with service("lancamentos", {"FLUXO_DATABASE_URL": url}, pasta) as lancamentos:
        corpo = {"tipo": "entrada", "valor": "12.34"}
        resposta = httpx.post(f"{lancamentos.url}/movimentacao", json=corpo, timeout=30)
        assert resposta.status_code == 201

    expect(page.locator("#cartao-registros")).to_have_text(str(antes + 1), timeout=ESPERA_MS)
    hoje = datetime.now(ZoneInfo("America/Sao_Paulo")).date()
    assert cartoes(page) == cartoes_da_api(consolidado, f"inicio={hoje}&fim={hoje}")
    assert page.evaluate("() => window.semRecarregar === true")


def test_phone_375_shows_everything_without_sideways_scrolling(
    consolidado: ServiceProcess, navegador: Browser
) -> None:
    with aba(navegador, 375, 812) as celular:
        page = celular.page
        abrir(page, f"{consolidado.url}/?{MARCO}")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
        # No card cuts its amount.
        cortados = page.evaluate(
            """() => [...document.querySelectorAll('.cartao .valor')]
                .filter(e => e.scrollWidth > e.clientWidth).map(e => e.id)"""
        )
        assert cortados == []
        assert cartoes(page)["entradas"] == "R$ 1.110,00"
        expect(page.locator("#grafico-barras")).to_be_visible()
        screenshot(page, "painel-375x812.png")
        assert celular.erros == []


def test_with_a_token_the_page_asks_for_it_once_and_shows_nothing_before(
    banco: tuple[Path, str], navegador: Browser
) -> None:
    pasta, url = banco
    env = {"FLUXO_DATABASE_URL": url, "FLUXO_API_TOKEN": "segredo-do-caixa"}
    with service("consolidado", env, pasta) as svc, aba(navegador) as tab:
        page = tab.page
        page.goto(f"{svc.url}/?{MARCO}")
        expect(page.get_by_label("Token de acesso")).to_be_visible()
        expect(page.locator("#painel")).to_have_count(0)
        assert page.request.get(f"{svc.url}/consolidado?{MARCO}").status == 401

        page.get_by_label("Token de acesso").fill("errado")
        page.get_by_role("button", name="Entrar").click()
        expect(page.get_by_role("alert")).to_have_text("Token incorreto. Confira e tente de novo.")
        expect(page.locator("#painel")).to_have_count(0)

        page.get_by_label("Token de acesso").fill("segredo-do-caixa")
        page.get_by_role("button", name="Entrar").click()
        ao_vivo(page)
        assert cartoes(page)["entradas"] != "—"
        (cookie,) = tab.context.cookies()
        assert (cookie["name"], cookie["httpOnly"], cookie["sameSite"]) == (
            "fluxo_sessao_consolidado",
            True,
            "Strict",
        )
        assert "segredo" not in cookie["value"]
        # Downloads ride on the same cookie.
        href = page.locator("#baixar-consolidado-csv").get_attribute("href")
        assert page.request.get(f"{svc.url}{href}").status == 200

        page.get_by_role("button", name="Sair").click()
        expect(page.get_by_label("Token de acesso")).to_be_visible()
        assert page.request.get(f"{svc.url}/consolidado?{MARCO}").status == 401
        assert tab.erros == []


def test_each_day_of_the_table_opens_its_relatorio_z(
    consolidado: ServiceProcess, tela: Aba
) -> None:
    page = tela.page
    abrir(page, f"{consolidado.url}/?{MARCO}")
    link = page.locator("#tabela tbody tr").nth(4).locator("th a")
    expect(link).to_have_text("05/03/2025")
    assert link.get_attribute("title") == "Relatório Z de 05/03/2025 (PDF)"
    href = link.get_attribute("href")
    assert href == "/dias/2025-03-05/relatorio.pdf"
    resposta = httpx.get(f"{consolidado.url}{href}", timeout=30)
    assert resposta.status_code == 200
    assert resposta.headers["Content-Type"] == "application/pdf"
    assert resposta.content.startswith(b"%PDF-")
