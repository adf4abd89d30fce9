"""The caixa app in Chromium against the real lançamentos service: Lançar, Hoje, Desfazer,
keyboard use, first-load size and screenshots (test-output/).

Each test has its own database and service: they check exactly what was stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, Request, expect
from sqlalchemy import select

from fluxo_caixa.db.engine import make_engine
from fluxo_caixa.db.tables import lancamento
from support.caixa_web import (
    ESPERA_MS,
    Caixa,
    caixa_aberto,
    esperar_fila_vazia,
    esperar_service_worker,
    fila,
    ir,
    lancamentos,
    lancar,
    sem_rolagem_lateral,
    texto,
)
from support.navegador import aba, screenshot
from support.servers import ServiceProcess

pytestmark = pytest.mark.slow

# The ceiling for the first load, everything transferred included.
PRIMEIRA_CARGA_MAX = 150 * 1024


@pytest.fixture(scope="module")
def compartilhado(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceProcess]:
    """One service for the tests that store nothing (each still has a fresh browser context,
    so a first load is a first load)."""
    with lancamentos(tmp_path_factory.mktemp("caixa-compartilhado")) as servico:
        yield servico


def centavos_no_banco(pasta: Path) -> list[tuple[str, int, str | None]]:
    engine = make_engine(f"sqlite:///{pasta / 'movimentacoes.db'}", create=False)
    try:
        with engine.connect() as conn:
            linhas = conn.execute(
                select(
                    lancamento.c.tipo, lancamento.c.valor_centavos, lancamento.c.forma_pagamento
                ).order_by(lancamento.c.id)
            ).all()
    finally:
        engine.dispose()
    return [(str(t), int(v), None if f is None else str(f)) for t, v, f in linhas]


def registrada(page: Page, valor: str) -> None:
    """The confirmation of *this* movement (a previous one's may still be on screen)."""
    confirmacao = re.compile(rf"de R\$\s{re.escape(valor)} .*registrada")
    expect(page.locator("#confirmacao")).to_contain_text(confirmacao, timeout=ESPERA_MS)


def totais(page: Page) -> dict[str, str]:
    return {nome: texto(page.locator(f"#total-{nome}")) for nome in ("entradas", "saidas", "saldo")}


def por_forma(page: Page) -> list[list[str]]:
    linhas = page.locator("#totais-forma tbody tr")
    return [
        [t.replace("\xa0", " ") for t in linhas.nth(i).locator("th, td").all_inner_texts()]
        for i in range(linhas.count())
    ]


def linhas_de_hoje(page: Page) -> list[str]:
    return [t.replace("\xa0", " ") for t in page.locator("#hoje-itens .linha1").all_inner_texts()]


# -- (a) Lançar and Hoje by touch, on a phone ------------------------------------------------


def test_an_entrada_by_pix_and_a_saida_are_stored_exactly_and_shown_in_hoje(
    navegador: Browser, tmp_path: Path
) -> None:
    with lancamentos(tmp_path) as servico, caixa_aberto(navegador, servico) as caixa:
        page = caixa.page
        lancar(page, "10,50", forma="PIX", categoria="Vendas")
        registrada(page, "10,50")
        expect(page.locator("#confirmacao")).to_contain_text(
            "Entrada de R$\xa010,50 (PIX, Vendas) registrada."
        )
        screenshot(page, "caixa-lancar-375x812.png")
        sem_rolagem_lateral(page)
        lancar(page, "1.234,56", tipo="Saída", categoria="Aluguel", descricao="Aluguel de março")
        registrada(page, "1.234,56")

        guardados = caixa.movimentos()
        assert [
            (m["tipo"], m["valor"], m["forma_pagamento"], m["categoria"], m["descricao"])
            for m in guardados
        ] == [
            ("entrada", "10.50", "pix", "Vendas", None),
            ("saida", "1234.56", "dinheiro", "Aluguel", "Aluguel de março"),
        ]
        assert centavos_no_banco(tmp_path) == [
            ("entrada", 1050, "pix"),
            ("saida", 123456, "dinheiro"),
        ]

        ir(page, "Hoje")
        expect(page.locator("#hoje-itens > li")).to_have_count(2)
        assert linhas_de_hoje(page) == ["Saída · R$ 1.234,56", "Entrada · R$ 10,50"]
        assert totais(page) == {
            "entradas": "R$ 10,50",
            "saidas": "R$ 1.234,56",
            "saldo": "-R$ 1.224,06",
        }
        assert por_forma(page) == [
            ["Dinheiro", "R$ 0,00", "R$ 1.234,56"],
            ["PIX", "R$ 10,50", "R$ 0,00"],
        ]
        screenshot(page, "caixa-hoje-375x812.png")
        sem_rolagem_lateral(page)
        assert caixa.erros() == []


def test_a_valor_that_is_not_money_is_explained_and_nothing_is_sent(
    navegador: Browser, compartilhado: ServiceProcess
) -> None:
    with caixa_aberto(navegador, compartilhado) as caixa:
        page = caixa.page
        antes = len(caixa.movimentos())
        for digitado, mensagem in [
            ("", "Informe o valor."),
            ("10,505", "no máximo dois dígitos de centavos"),
            ("dez", "Digite o valor só com números"),
            ("0,00", "maior que zero"),
        ]:
            page.get_by_label("Valor (R$)").fill(digitado)
            page.get_by_role("button", name="Registrar").click()
            expect(page.locator("#valor-erro")).to_contain_text(mensagem)
            expect(page.get_by_label("Valor (R$)")).to_be_focused()
            expect(page.get_by_label("Valor (R$)")).to_have_attribute("aria-invalid", "true")
        assert len(caixa.movimentos()) == antes
        assert fila(page).count() == 0
        assert caixa.erros() == []


# -- (f) Desfazer and the estorno per row --------------------------------------------------------


def test_desfazer_reverses_the_saved_movement_and_hoje_reverses_a_row_after_confirming(
    navegador: Browser, tmp_path: Path
) -> None:
    with lancamentos(tmp_path) as servico, caixa_aberto(navegador, servico) as caixa:
        page = caixa.page
        lancar(page, "25,00", forma="Débito", categoria="Vendas")
        registrada(page, "25,00")
        page.get_by_role("button", name="Desfazer").click()
        expect(page.locator("#avisos")).to_contain_text("foi estornada", timeout=ESPERA_MS)
        original, estorno = caixa.movimentos()
        assert (original["estornado_por"], estorno["estorno_de"]) == (estorno["id"], original["id"])
        assert (estorno["tipo"], estorno["valor"], estorno["forma_pagamento"]) == (
            "saida",
            "25.00",
            "debito",
        )

        lancar(page, "8,00", forma="Dinheiro")
        registrada(page, "8,00")
        ir(page, "Hoje")
        expect(page.locator("#hoje-itens > li")).to_have_count(3)
        assert totais(page)["saldo"] == "R$ 8,00"
        linha = page.locator("#hoje-itens > li").first
        # Cancelling asks nothing of the server.
        linha.get_by_role("button", name="Estornar").click()
        dialogo = page.get_by_role("dialog", name="Estornar movimentação?")
        expect(dialogo).to_be_visible()
        expect(dialogo).to_contain_text("Entrada de R$\xa08,00 (Dinheiro, Vendas)")
        dialogo.get_by_role("button", name="Cancelar").click()
        expect(dialogo).to_be_hidden()
        assert len(caixa.movimentos()) == 3
        linha.get_by_role("button", name="Estornar").click()
        dialogo.get_by_role("button", name="Estornar").click()
        expect(page.locator("#hoje-itens > li")).to_have_count(4, timeout=ESPERA_MS)
        # The day's saldo is back to what it was before either movement.
        assert totais(page)["saldo"] == "R$ 0,00"
        assert page.locator("#hoje-itens").get_by_role("button", name="Estornar").count() == 0
        assert len(caixa.movimentos()) == 4
        assert caixa.erros() == []


def test_desfazer_of_a_movement_still_pending_takes_it_out_of_the_queue(
    navegador: Browser, tmp_path: Path
) -> None:
    with lancamentos(tmp_path) as servico, caixa_aberto(navegador, servico) as caixa:
        page = caixa.page
        caixa.sem_rede()
        lancar(page, "3,00", forma="PIX")
        lancar(page, "4,00", forma="PIX")
        expect(fila(page)).to_have_count(2)
        screenshot(page, "caixa-pendentes-375x812.png")
        sem_rolagem_lateral(page)
        page.get_by_role("button", name="Desfazer").click()
        expect(fila(page)).to_have_count(1)
        expect(page.locator("#avisos")).to_contain_text("não será enviada")
        caixa.offline(False)
        esperar_fila_vazia(page)
        assert [m["valor"] for m in caixa.movimentos()] == ["3.00"]
        assert caixa.erros() == []


# -- (h) keyboard only -----------------------------------------------------------------------


def nomes_acessiveis_faltando(page: Page) -> list[str]:
    """Every visible control without an accessible name (by the accessibility tree)."""
    sem_nome: list[str] = []
    controles = page.locator(
        "button:visible, input:visible, select:visible, a[href]:visible, textarea:visible"
    )
    for i in range(controles.count()):
        controle = controles.nth(i)
        papel = controle.evaluate(
            "e => e.tagName === 'A' ? 'link' : e.type === 'radio' ? 'radio' : "
            "e.tagName === 'SELECT' ? 'combobox' : e.tagName === 'BUTTON' ? 'button' : 'textbox'"
        )
        nome = controle.evaluate(
            "e => (e.labels && e.labels.length ? e.labels[0].innerText : '') || "
            "e.getAttribute('aria-label') || e.innerText || ''"
        )
        if not str(nome).strip():
            sem_nome.append(f"{papel}: {controle.evaluate('e => e.outerHTML')[:80]}")
    return sem_nome


def test_a_movement_can_be_recorded_with_the_keyboard_alone(
    navegador: Browser, tmp_path: Path
) -> None:
    with (
        lancamentos(tmp_path) as servico,
        caixa_aberto(navegador, servico, largura=1366, altura=768) as caixa,
    ):
        page = caixa.page
        assert nomes_acessiveis_faltando(page) == []
        # From the top of the page: the skip link, then the screens' nav.
        page.keyboard.press("Tab")
        expect(page.get_by_role("link", name="Pular para o conteúdo")).to_be_focused()
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        expect(page.get_by_role("radio", name="Entrada", exact=True)).to_be_focused()
        page.keyboard.press("ArrowRight")  # a radio group: arrows choose, Space too
        expect(page.get_by_role("radio", name="Saída")).to_be_checked()
        page.keyboard.press("Tab")
        expect(page.get_by_label("Valor (R$)")).to_be_focused()
        page.keyboard.type("12,34")
        page.keyboard.press("Tab")
        expect(page.get_by_role("radio", name="Dinheiro")).to_be_focused()
        page.keyboard.press("ArrowRight")
        expect(page.get_by_role("radio", name="PIX")).to_be_checked()
        page.keyboard.press("Tab")
        expect(page.get_by_label("Categoria")).to_be_focused()
        page.keyboard.press("Tab")
        expect(page.get_by_label("Descrição")).to_be_focused()
        page.keyboard.type("Conta de luz")
        page.keyboard.press("Tab")
        expect(page.get_by_role("button", name="Registrar")).to_be_focused()
        page.keyboard.press("Enter")
        registrada(page, "12,34")
        (guardado,) = caixa.movimentos()
        assert (guardado["tipo"], guardado["valor"], guardado["forma_pagamento"]) == (
            "saida",
            "12.34",
            "pix",
        )
        assert guardado["descricao"] == "Conta de luz"

        # Hoje and its estorno dialog, by keyboard: Space on a link is not a click, Enter is.
        page.get_by_role("link", name="Hoje").focus()
        page.keyboard.press("Enter")
        expect(page.locator("#hoje-itens > li")).to_have_count(1)
        assert nomes_acessiveis_faltando(page) == []
        # The skip link goes to this screen's content, not back to Lançar.
        page.get_by_role("link", name="Pular para o conteúdo").focus()
        page.keyboard.press("Enter")
        expect(page.locator("#conteudo")).to_be_focused()
        expect(page.locator("#tela-hoje")).to_be_visible()
        page.locator("#hoje-itens").get_by_role("button", name="Estornar").focus()
        page.keyboard.press("Space")
        dialogo = page.get_by_role("dialog")
        expect(dialogo.get_by_role("button", name="Cancelar")).to_be_focused()
        page.keyboard.press("Escape")
        expect(dialogo).to_be_hidden()
        assert len(caixa.movimentos()) == 1
        page.locator("#hoje-itens").get_by_role("button", name="Estornar").focus()
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        expect(dialogo.get_by_role("button", name="Estornar")).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.locator("#hoje-itens > li")).to_have_count(2, timeout=ESPERA_MS)
        assert len(caixa.movimentos()) == 2
        assert caixa.erros() == []


def test_focus_is_always_visible(navegador: Browser, compartilhado: ServiceProcess) -> None:
    with caixa_aberto(navegador, compartilhado) as caixa:
        page = caixa.page
        focados: list[str] = []
        while True:
            page.keyboard.press("Tab")
            estado = page.evaluate(
                """() => {
                    let e = document.activeElement;
                    if (e === document.body) return null;
                    const html = e.outerHTML.slice(0, 60);
                    // A radio drawn as a button shows its focus on the span beside it.
                    if (e.type === 'radio') e = e.nextElementSibling;
                    const s = getComputedStyle(e);
                    return [html, s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2];
                }"""
            )
            if estado is None or (focados and estado[0] == focados[0]):
                break  # past the last control
            html, visivel = estado
            assert visivel, html
            focados.append(html)
        # Skip link, the four screens, tipo, valor, forma, categoria, descrição, Registrar.
        assert len(focados) == 11, focados


# -- (i) first load and repeat load ----------------------------------------------------------


def test_the_first_load_transfers_under_150_kb_and_a_repeat_load_needs_no_network(
    navegador: Browser, compartilhado: ServiceProcess
) -> None:
    servico = compartilhado
    with aba(navegador, 375, 812) as resultado:
        page = resultado.page
        transferido: dict[str, int] = {}

        def contar(request: Request) -> None:
            # Every request of the context: the page's and the service worker's own.
            response = request.response()
            tamanhos = request.sizes()
            if response is not None:
                transferido[f"{request.url} #{len(transferido)}"] = (
                    tamanhos["responseBodySize"] + tamanhos["responseHeadersSize"]
                )

        resultado.context.on("requestfinished", contar)
        caixa = Caixa(resultado, servico, {})
        caixa.abrir()
        esperar_service_worker(page)
        page.wait_for_timeout(500)  # the worker's install fetches, counted too
        total = sum(transferido.values())
        assert total < PRIMEIRA_CARGA_MAX, sorted(transferido.items(), key=lambda x: -x[1])
        assert any("/app/app.js" in url for url in transferido)

        transferido.clear()
        caixa.sem_rede()
        expect(page.get_by_role("button", name="Registrar")).to_be_visible()
        expect(page.locator("#conexao")).to_contain_text("Sem conexão")
        assert caixa.erros() == []


# -- (j) screenshots at both sizes ----------------------------------------------------------


def test_screenshots_of_lancar_and_hoje_at_laptop_size(navegador: Browser, tmp_path: Path) -> None:
    with (
        lancamentos(tmp_path) as servico,
        caixa_aberto(navegador, servico, largura=1366, altura=768) as caixa,
    ):
        page = caixa.page
        lancar(page, "150,00", forma="Crédito", categoria="Vendas", descricao="Venda balcão")
        registrada(page, "150,00")
        lancar(page, "32,90", tipo="Saída", forma="PIX", categoria="Água, luz e internet")
        registrada(page, "32,90")
        screenshot(page, "caixa-lancar-1366x768.png")
        ir(page, "Hoje")
        expect(page.locator("#hoje-itens > li")).to_have_count(2)
        screenshot(page, "caixa-hoje-1366x768.png")
        caixa.offline()
        ir(page, "Lançar")
        lancar(page, "5,00", forma="Dinheiro")
        expect(fila(page)).to_have_count(1)
        screenshot(page, "caixa-pendentes-1366x768.png")
        assert caixa.erros() == []


def test_with_several_caixas_open_the_merchant_picks_one(
    navegador: Browser, tmp_path: Path
) -> None:
    with lancamentos(tmp_path) as servico, caixa_aberto(navegador, servico) as caixa:
        page = caixa.page
        expect(page.get_by_role("combobox", name="Caixa", exact=True)).to_be_hidden()
        novo = httpx.post(f"{servico.url}/caixas", json={"nome": "Caixa 2"}, timeout=30).json()
        for ident in (1, novo["id"]):
            aberto = httpx.post(f"{servico.url}/caixas/{ident}/abertura", json={}, timeout=30)
            assert aberto.status_code == 201, aberto.text
        caixa.recarregar()
        escolha = page.get_by_role("combobox", name="Caixa", exact=True)
        expect(escolha).to_be_visible()
        expect(escolha).to_have_value("Caixa 1")
        escolha.select_option(label="Caixa 2")
        lancar(page, "9,90", forma="Dinheiro")
        registrada(page, "9,90")
        (guardado,) = caixa.movimentos()
        assert guardado["caixa"] == "Caixa 2" and guardado["sessao_id"] is not None
        # The choice is remembered for the next sale.
        caixa.recarregar()
        expect(page.get_by_role("combobox", name="Caixa", exact=True)).to_have_value("Caixa 2")
        assert caixa.erros() == []
