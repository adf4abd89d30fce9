"""The caixa app's Caixa and Fechar o dia screens in Chromium (issue 14): issue 13's whole
cash day done through the screens, the blind close, idempotent retries, and what they do
offline. Both services run for real on one SQLite file; the relatório Z link goes to the
consolidado, which answers the PDF.

The day (issue 13's): the drawer opens with R$ 200,00 counted note by note; sales of
R$ 100,00 in dinheiro and R$ 50,00 by PIX and a R$ 30,00 cash saída go in through Lançar;
suprimento R$ 20,00 and sangria R$ 50,00 through the screen; expected cash R$ 240,00, the
count R$ 235,00 (a quebra of −R$ 5,00, seen only after the count is sent), R$ 200,00 left
and R$ 35,00 taken out; the day closes; the next opening counts R$ 190,00 (−R$ 10,00).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, Route, ViewportSize, expect

from support.caixa_web import (
    ESPERA_MS,
    banco_novo,
    erros_reais,
    esperar_ate,
    esperar_fila_vazia,
    ir,
    lancar,
    movimentos,
    pronto,
    sem_rolagem_lateral,
)
from support.navegador import Aba, aba, screenshot
from support.pdf import texto_do_pdf
from support.servers import ServiceProcess, both_services

pytestmark = pytest.mark.slow

TELEFONE: ViewportSize = {"width": 375, "height": 812}
COMPUTADOR: ViewportSize = {"width": 1366, "height": 768}


def brl(texto: str) -> str:
    """How the app writes money: "R$", a no-break space, the Brazilian number."""
    sinal = "-" if texto.startswith("-") else ""
    return f"{sinal}R$\u00a0{texto.removeprefix('-')}"


def data_br(iso: str) -> str:
    ano, mes, dia = iso.split("-")
    return f"{dia}/{mes}/{ano}"


def _post(url: str, corpo: dict[str, Any]) -> dict[str, Any]:
    resposta = httpx.post(url, json=corpo, timeout=30)
    assert resposta.status_code == 201, resposta.text
    return resposta.json()  # type: ignore[no-any-return]


def _get(url: str) -> Any:
    resposta = httpx.get(url, timeout=30)
    assert resposta.status_code == 200, resposta.text
    return resposta.json()


def linhas(page: Page, seletor: str, celulas: str = "th, td") -> list[list[str]]:
    """The texts of each row's cells (a table's th/td, a list's dt/dd), spaces made plain."""
    tr = page.locator(seletor)
    return [
        [c.replace("\xa0", " ") for c in tr.nth(i).locator(celulas).all_inner_texts()]
        for i in range(tr.count())
    ]


def contar(fieldset: Locator, quantidades: dict[str, str]) -> None:
    """Types each quantity into the counting form, by the label a person reads."""
    for rotulo, quantidade in quantidades.items():
        fieldset.get_by_label(rotulo, exact=True).fill(quantidade)


def fotografar(page: Page, nome: str) -> None:
    """The screen at the counter PC's size and at a phone's, full page."""
    screenshot(page, f"{nome}-1366x768.png")
    page.set_viewport_size(TELEFONE)
    screenshot(page, f"{nome}-375x812.png")
    sem_rolagem_lateral(page)
    page.set_viewport_size(COMPUTADOR)


@pytest.fixture
def servicos(tmp_path: Path) -> Iterator[tuple[ServiceProcess, ServiceProcess]]:
    with both_services({"FLUXO_DATABASE_URL": banco_novo(tmp_path)}, tmp_path) as ambos:
        yield ambos


@pytest.fixture
def tela(navegador: Browser) -> Iterator[Aba]:
    """In place of conftest's: patient waits, and each test reads the console itself."""
    with aba(navegador, **COMPUTADOR) as resultado:
        resultado.page.set_default_timeout(ESPERA_MS)
        yield resultado


def test_issue_13s_cash_day_through_the_screens_ends_in_a_closed_day_and_its_pdf(
    servicos: tuple[ServiceProcess, ServiceProcess], tela: Aba
) -> None:
    lancamentos, consolidado = servicos
    api = lancamentos.url
    page = tela.page
    page.goto(f"{api}/#caixa")
    pronto(page)
    expect(page.locator("#caixa-nome")).to_have_text("Caixa 1 — fechado")
    expect(page.locator("#caixa-lista label")).to_have_text(["Caixa 1 fechado"])

    # Abertura: the fund counted note by note, adding up on screen.
    abertura = page.locator("#abertura-contagem")
    contar(abertura, {"Notas de R$ 100": "1", "Notas de R$ 50": "1", "Notas de R$ 20": "2"})
    expect(page.locator("#abertura-contagem-soma")).to_have_text(brl("190,00"))
    contar(abertura, {"Moedas de R$ 0,50": "20"})
    expect(page.locator("#abertura-contagem-soma")).to_have_text(brl("200,00"))
    expect(abertura.locator("tr", has_text="Moedas de R$ 0,50").locator("output")).to_have_text(
        brl("10,00")
    )
    page.get_by_label("Operador").fill("Ana")
    page.get_by_role("button", name="Abrir o caixa").click()
    expect(page.locator("#caixa-nome")).to_have_text("Caixa 1 — aberto")
    expect(page.locator("#caixa-situacao")).to_contain_text(f"por Ana · fundo {brl('200,00')}")
    assert _get(f"{api}/sessoes/1")["fundo"] == "200.00"

    # The day's sales, by several formas, typed on the Lançar screen: each goes to the
    # only open session.
    ir(page, "Lançar")
    lancar(page, "100,00", categoria="Vendas")
    lancar(page, "50,00", forma="PIX", categoria="Vendas")
    lancar(page, "30,00", tipo="Saída")
    esperar_fila_vazia(page)
    # The last tap may still be on its way into the queue when the queue is first seen
    # empty: wait until the server has all three.
    esperar_ate(lambda: len(movimentos(api)) == 3, page)
    vendas = movimentos(api)
    assert [(m["tipo"], m["valor"], m["forma_pagamento"], m["sessao_id"]) for m in vendas] == [
        ("entrada", "100.00", "dinheiro", 1),
        ("entrada", "50.00", "pix", 1),
        ("saida", "30.00", "dinheiro", 1),
    ]
    hoje = vendas[0]["data"]
    ir(page, "Caixa")
    expect(page.locator("#caixa-nome")).to_have_text("Caixa 1 — aberto")

    page.get_by_label("Valor do suprimento (R$)").fill("20,00")
    page.get_by_label("Motivo do suprimento").fill("troco do banco")
    page.get_by_role("button", name="Registrar suprimento").click()
    expect(page.locator("#avisos")).to_contain_text(
        f"Suprimento de {brl('20,00')} no Caixa 1 registrado."
    )
    expect(page.locator("#caixa-situacao")).to_contain_text(f"suprimentos {brl('20,00')}")
    page.get_by_label("Valor da sangria (R$)").fill("50")
    page.get_by_label("Motivo da sangria").fill("cofre")
    page.get_by_role("button", name="Registrar sangria").click()
    expect(page.locator("#caixa-situacao")).to_contain_text(f"sangrias {brl('50,00')}")
    sessao = _get(f"{api}/caixas/1/sessao")
    assert (sessao["suprimentos"], sessao["sangrias"], sessao["esperado_dinheiro"]) == (
        "20.00", "50.00", "240.00",
    )  # fmt: skip

    # Fechar o dia while the drawer holding today's movements is open: the screen says so.
    ir(page, "Fechar o dia")
    expect(page.locator("#fechar-estado")).to_have_text(f"Dia {data_br(hoje)}: aberto.")
    expect(page.locator("#fechar-bloqueio")).to_contain_text("Caixa 1 ainda está aberto")

    # Fechamento cego: the expected R$ 240,00 is nowhere on the screen before the count.
    ir(page, "Caixa")
    fechamento = page.locator("#fechamento-contagem")
    contar(
        fechamento,
        {
            "Notas de R$ 100": "2",
            "Notas de R$ 20": "1",
            "Notas de R$ 10": "1",
            "Notas de R$ 5": "1",
        },
    )
    expect(page.locator("#fechamento-contagem-soma")).to_have_text(brl("235,00"))
    page.locator("#form-fechamento summary").click()
    page.get_by_label("PIX (R$)").fill("50,00")
    assert "240" not in page.locator("#tela-caixa").inner_html()
    fotografar(page, "caixa-contagem")

    page.get_by_role("button", name="Enviar a contagem e fechar o caixa").click()
    confirmar = page.locator("#confirmar-fechamento")
    expect(confirmar).to_contain_text(f"Caixa 1: {brl('235,00')} contados em dinheiro.")
    confirmar.get_by_role("button", name="Fechar o caixa").click()

    resultado = page.locator("#caixa-resultado")
    expect(resultado).to_be_visible()
    expect(page.locator("#resultado-quebra")).to_have_text(
        f"Quebra de caixa: falta de {brl('5,00')}."
    )
    assert linhas(page, "#resultado-figuras div", "dt, dd") == [
        ["Esperado em dinheiro", "R$ 240,00"],
        ["Contado em dinheiro", "R$ 235,00"],
        ["Quebra", "-R$ 5,00"],
        ["Deixado para a próxima abertura", "R$ 200,00"],
        ["Retirada no fechamento", "R$ 35,00"],
    ]
    assert linhas(page, "#resultado-formas tbody tr") == [
        ["Dinheiro", "R$ 240,00", "R$ 235,00", "-R$ 5,00"],
        ["PIX", "R$ 50,00", "R$ 50,00", "R$ 0,00"],
    ]
    fotografar(page, "caixa-resultado")
    fechada = _get(f"{api}/sessoes/1")
    assert (fechada["estado"], fechada["quebra"], fechada["retirada_fechamento"]) == (
        "fechada", "-5.00", "35.00",
    )  # fmt: skip
    assert fechada["cedulas"] == {"100": 2, "20": 1, "10": 1, "5": 1}

    # Fechar o dia: the summary, then the close with its confirmation. Until the new
    # reading arrives, the screen still shows the first visit's (the drawer then open, the
    # same totals): wait for the closed session before reading anything off it.
    ir(page, "Fechar o dia")
    expect(page.locator("#fechar-sessoes tbody tr").first).to_contain_text(brl("35,00"))
    expect(page.locator("#fechar-bloqueio")).to_be_hidden()
    expect(page.locator("#fechar-entradas")).to_have_text(brl("150,00"))
    expect(page.locator("#fechar-saidas")).to_have_text(brl("30,00"))
    expect(page.locator("#fechar-saldo")).to_have_text(brl("120,00"))
    assert linhas(page, "#fechar-formas tbody tr") == [
        ["Dinheiro", "R$ 100,00", "R$ 30,00"],
        ["PIX", "R$ 50,00", "R$ 0,00"],
    ]
    sessoes = linhas(page, "#fechar-sessoes tbody tr")
    assert [(s[0], s[2], s[3]) for s in sessoes] == [("Caixa 1 (Ana)", "-R$ 5,00", "R$ 35,00")]
    fotografar(page, "caixa-fechar-dia")

    page.locator("#fechar-botao").click()
    confirmar_dia = page.locator("#confirmar-fechar-dia")
    expect(confirmar_dia).to_contain_text(f"saldo do dia {brl('120,00')}")
    confirmar_dia.get_by_role("button", name="Fechar o dia").click()
    expect(page.locator("#fechar-resultado-titulo")).to_have_text(f"Dia {data_br(hoje)} fechado")
    expect(page.locator("#fechar-resultado-texto")).to_contain_text("Fechamento nº 1, versão 1,")
    expect(page.locator("#fechar-estado")).to_contain_text(
        f"Dia {data_br(hoje)}: fechado (fechamento nº 1, versão 1,"
    )
    expect(page.locator("#form-reabrir")).to_be_visible()
    fotografar(page, "caixa-fechar-dia-fechado")
    assert _get(f"{api}/dias/{hoje}")["estado"] == "fechado"

    # The relatório Z link answers the closed day's PDF, carrying every figure.
    link = page.locator("#fechar-relatorio-z")
    expect(link).to_have_text(f"Relatório Z de {data_br(hoje)} (PDF)")
    href = link.get_attribute("href")
    assert href == f"{consolidado.url}/dias/{hoje}/relatorio.pdf"
    pdf = httpx.get(href, timeout=30)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    texto = texto_do_pdf(pdf.content)
    assert "PARCIAL" not in texto and data_br(hoje) in texto
    for figura in (
        "R$ 200,00", "R$ 100,00", "R$ 50,00", "R$ 30,00", "R$ 20,00", "R$ 240,00",
        "R$ 235,00", "-R$ 5,00", "R$ 35,00", "R$ 150,00", "R$ 120,00",
    ):  # fmt: skip
        assert figura in texto, figura

    # The next opening counts R$ 190,00: R$ 10,00 short of the R$ 200,00 left.
    ir(page, "Caixa")
    page.get_by_role("button", name="Voltar aos caixas").click()
    expect(page.locator("#caixa-nome")).to_have_text("Caixa 1 — fechado")
    abertura.get_by_label("Só o total").check()
    abertura.get_by_label("Total contado (R$)").fill("190,00")
    expect(page.locator("#abertura-contagem-soma")).to_have_text(brl("190,00"))
    page.get_by_role("button", name="Abrir o caixa").click()
    expect(page.locator("#caixa-situacao")).to_contain_text(
        f"Diferença de abertura: faltam {brl('10,00')} do que ficou no último fechamento."
    )
    assert _get(f"{api}/sessoes/2")["diferenca_abertura"] == "-10.00"
    assert tela.erros == []


def test_cash_control_offline_says_it_needs_the_server_and_records_nothing(
    servicos: tuple[ServiceProcess, ServiceProcess], tela: Aba
) -> None:
    api = servicos[0].url
    page = tela.page
    page.goto(f"{api}/#fechar")
    pronto(page)
    expect(page.locator("#fechar-estado")).to_contain_text(": aberto.")
    ir(page, "Caixa")
    expect(page.locator("#caixa-nome")).to_have_text("Caixa 1 — fechado")

    tela.context.set_offline(True)
    expect(page.locator("#caixa-sem-conexao")).to_be_visible()
    contar(page.locator("#abertura-contagem"), {"Notas de R$ 200": "1"})
    page.get_by_role("button", name="Abrir o caixa").click()
    expect(page.locator("#abertura-contagem-erro")).to_contain_text(
        "Sem conexão com o servidor: a abertura do caixa precisa dele"
    )
    tela.context.set_offline(False)
    assert _get(f"{api}/sessoes")["itens"] == []

    # An open drawer: suprimento, sangria and fechamento refuse the same way.
    _post(f"{api}/caixas/1/abertura", {"contado": "200.00"})
    page.get_by_role("button", name="Atualizar").click()
    expect(page.locator("#caixa-nome")).to_have_text("Caixa 1 — aberto")
    tela.context.set_offline(True)
    for tipo, rotulo, acao in (
        ("suprimento", "Registrar suprimento", "o suprimento"),
        ("sangria", "Registrar sangria", "a sangria"),
    ):
        page.locator(f"#{tipo}-valor").fill("10,00")
        page.get_by_role("button", name=rotulo).click()
        expect(page.locator(f"#{tipo}-erro")).to_contain_text(
            f"Sem conexão com o servidor: {acao} precisa dele"
        )
    contar(page.locator("#fechamento-contagem"), {"Notas de R$ 200": "1"})
    page.get_by_role("button", name="Enviar a contagem e fechar o caixa").click()
    expect(page.locator("#fechamento-erro")).to_contain_text(
        "Sem conexão com o servidor: o fechamento do caixa precisa dele"
    )
    expect(page.locator("#confirmar-fechamento")).to_be_hidden()

    ir(page, "Fechar o dia")
    expect(page.locator("#fechar-sem-conexao")).to_be_visible()
    page.locator("#fechar-botao").click()
    expect(page.locator("#fechar-erro")).to_contain_text(
        "Sem conexão com o servidor: o fechamento do dia precisa dele"
    )
    tela.context.set_offline(False)

    sessao = _get(f"{api}/caixas/1/sessao")
    assert (sessao["estado"], sessao["suprimentos"], sessao["sangrias"]) == (
        "aberta", "0.00", "0.00",
    )  # fmt: skip
    assert len(_get(f"{api}/sessoes")["itens"]) == 1
    hoje = page.locator("#fechar-dia").input_value()
    assert _get(f"{api}/dias/{hoje}")["estado"] == "aberto"
    assert tela.erros == []


def test_a_sangria_whose_answer_was_lost_is_recorded_once_when_tapped_again(
    servicos: tuple[ServiceProcess, ServiceProcess], tela: Aba
) -> None:
    api = servicos[0].url
    _post(f"{api}/caixas/1/abertura", {"contado": "200.00"})
    page = tela.page
    chaves: list[str] = []

    def perder_a_resposta(route: Route) -> None:
        """The server gets the sangria and records it; its answer never reaches the app."""
        chaves.append(route.request.headers["idempotency-key"])
        resposta = route.fetch()
        assert resposta.status == 201
        route.abort("connectionreset")

    page.goto(f"{api}/#caixa")
    pronto(page)
    expect(page.locator("#caixa-nome")).to_have_text("Caixa 1 — aberto")
    page.route("**/caixas/1/sangria", perder_a_resposta)
    page.locator("#sangria-valor").fill("50,00")
    page.locator("#sangria-motivo").fill("cofre")
    page.get_by_role("button", name="Registrar sangria").click()
    expect(page.locator("#sangria-erro")).to_contain_text("Sem resposta do servidor")
    assert _get(f"{api}/caixas/1/sessao")["sangrias"] == "50.00"

    page.unroute("**/caixas/1/sangria")
    with page.expect_response("**/caixas/1/sangria") as segunda:
        page.get_by_role("button", name="Registrar sangria").click()
    assert segunda.value.headers["idempotent-replayed"] == "true"
    assert segunda.value.request.headers["idempotency-key"] == chaves[0]
    expect(page.locator("#caixa-situacao")).to_contain_text(f"sangrias {brl('50,00')}")
    assert _get(f"{api}/caixas/1/sessao")["sangrias"] == "50.00"

    # A new tap with a new amount is a new sangria, with a new key.
    page.locator("#sangria-valor").fill("10,00")
    with page.expect_response("**/caixas/1/sangria") as terceira:
        page.get_by_role("button", name="Registrar sangria").click()
    assert terceira.value.status == 201
    assert terceira.value.request.headers["idempotency-key"] != chaves[0]
    assert _get(f"{api}/caixas/1/sessao")["sangrias"] == "60.00"
    # The lost answer is the only thing the browser complained about.
    assert erros_reais(tela) == []


def test_a_closed_day_is_reopened_with_a_motivo_and_closed_again_as_version_2(
    servicos: tuple[ServiceProcess, ServiceProcess], tela: Aba
) -> None:
    lancamentos, consolidado = servicos
    api = lancamentos.url
    hoje = _post(f"{api}/movimentacao", {"tipo": "entrada", "valor": "10.50"})["data"]
    _post(f"{api}/dias/{hoje}/fechamento", {})
    page = tela.page
    page.goto(f"{api}/#fechar")
    pronto(page)
    expect(page.locator("#fechar-estado")).to_contain_text("fechado (fechamento nº 1, versão 1,")
    expect(page.locator("#fechar-entradas")).to_have_text(brl("10,50"))
    expect(page.locator("#form-fechar-dia")).to_be_hidden()

    # Too short a motivo is refused on the spot; then the confirmation can be cancelled.
    motivo = page.locator("#reabrir-motivo")
    reabrir = page.locator("#form-reabrir button")
    motivo.fill("erro")
    reabrir.click()
    expect(page.locator("#reabrir-erro")).to_have_text(
        "Diga o motivo da reabertura (pelo menos 5 caracteres)."
    )
    motivo.fill("Venda esquecida")
    reabrir.click()
    dialogo = page.locator("#confirmar-reabrir")
    expect(dialogo).to_contain_text("motivo: “Venda esquecida”")
    dialogo.get_by_role("button", name="Cancelar").click()
    assert _get(f"{api}/dias/{hoje}")["estado"] == "fechado"

    reabrir.click()
    dialogo.get_by_role("button", name="Reabrir o dia").click()
    expect(page.locator("#fechar-estado")).to_have_text(
        f"Dia {data_br(hoje)}: aberto. Reaberto 1 vez."
    )
    assert _get(f"{api}/dias/{hoje}")["reaberturas"][0]["motivo"] == "Venda esquecida"

    _post(f"{api}/movimentacao", {"tipo": "entrada", "valor": "5.00", "forma_pagamento": "pix"})
    page.get_by_role("button", name="Atualizar").click()
    expect(page.locator("#fechar-entradas")).to_have_text(brl("15,50"))
    expect(page.locator("#fechar-relatorio-ajuda")).to_contain_text("PARCIAL")
    page.locator("#fechar-botao").click()
    page.locator("#confirmar-fechar-dia").get_by_role("button", name="Fechar o dia").click()
    expect(page.locator("#fechar-resultado-texto")).to_contain_text("versão 2")
    expect(page.locator("#fechar-estado")).to_contain_text("versão 2")
    pdf = httpx.get(f"{consolidado.url}/dias/{hoje}/relatorio.pdf", timeout=30)
    assert "R$ 15,50" in texto_do_pdf(pdf.content)
    assert tela.erros == []


def tab_ate(page: Page, ident: str, limite: int = 80) -> None:
    """Presses Tab until the element `ident` has the focus: it is reachable by keyboard."""
    for _ in range(limite):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == ident:
            return
    raise AssertionError(f"Tab nunca chegou a #{ident}")


def contorno(page: Page) -> str:
    """The focused element's outline: the visible focus ring."""
    return str(page.evaluate("getComputedStyle(document.activeElement).outlineStyle"))


def test_the_drawer_opens_and_closes_by_keyboard_alone_with_the_focus_always_visible(
    servicos: tuple[ServiceProcess, ServiceProcess], tela: Aba
) -> None:
    api = servicos[0].url
    page = tela.page
    page.goto(f"{api}/#caixa")
    pronto(page)
    expect(page.locator("#caixa-nome")).to_have_text("Caixa 1 — fechado")

    tab_ate(page, "abertura-contagem-q-1")
    assert contorno(page) == "solid"
    page.keyboard.type("1")
    page.keyboard.press("Enter")
    expect(page.locator("#caixa-nome")).to_have_text("Caixa 1 — aberto")
    assert _get(f"{api}/sessoes/1")["fundo"] == "200.00"

    tab_ate(page, "fechamento-contagem-q-1")
    page.keyboard.type("1")
    page.keyboard.press("Enter")
    dialogo = page.locator("#confirmar-fechamento")
    expect(dialogo).to_be_visible()
    assert page.evaluate("document.activeElement.textContent") == "Voltar e conferir"
    page.keyboard.press("Escape")
    expect(dialogo).to_be_hidden()
    assert _get(f"{api}/caixas/1/sessao")["estado"] == "aberta"

    page.keyboard.press("Enter")
    expect(dialogo).to_be_visible()
    page.keyboard.press("Tab")
    assert contorno(page) == "solid"
    page.keyboard.press("Enter")
    expect(page.locator("#resultado-quebra")).to_have_text(
        "Sem quebra: o dinheiro contado é o esperado."
    )
    assert page.evaluate("document.activeElement.id") == "resultado-titulo"
    assert _get(f"{api}/sessoes/1")["quebra"] == "0.00"
    assert tela.erros == []
