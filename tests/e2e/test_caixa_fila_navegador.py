"""The caixa app offline, in Chromium against the real service: the IndexedDB queue.

Every test starts a fresh database and service: they count what was stored. The page
opens online once (its service worker then keeps the app's files), goes offline, reloads
from the service worker, queues movements, and the test checks what reaches the server
and how many times.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Route, expect

from support.caixa_web import (
    ESPERA_FILA_MS,
    ESPERA_MS,
    Caixa,
    caixa_aberto,
    esperar_ate,
    esperar_fila_vazia,
    fila,
    hoje_no_app,
    lancamentos,
    lancar,
    posts_no_log,
    pronto,
    texto,
)
from support.servers import service

pytestmark = pytest.mark.slow

VALORES = ["1,00", "2,00", "3,00"]
GUARDADOS = ["1.00", "2.00", "3.00"]


def registrar_offline(caixa: Caixa) -> None:
    """Offline, reopen the app from the service worker and queue three movements."""
    caixa.sem_rede()
    expect(caixa.page.locator("#conexao")).to_contain_text("Sem conexão")
    for valor in VALORES:
        lancar(caixa.page, valor, forma="PIX", categoria="Vendas")
        expect(caixa.page.locator("#confirmacao")).to_contain_text("pendente")
    expect(fila(caixa.page)).to_have_count(3)
    expect(caixa.page.locator("#fila-qtd")).to_have_text("3")
    expect(caixa.page.locator("#conexao")).to_have_text("Sem conexão · 3 pendentes")
    for item in fila(caixa.page).all():
        expect(item).to_contain_text("pendente")


def assert_stored_once_each(caixa: Caixa) -> None:
    guardados = caixa.movimentos()
    assert Counter(m["valor"] for m in guardados) == Counter(GUARDADOS)
    assert {(m["forma_pagamento"], m["categoria"], m["tipo"]) for m in guardados} == {
        ("pix", "Vendas", "entrada")
    }
    # In the order they were tapped.
    assert [m["valor"] for m in sorted(guardados, key=lambda m: m["id"])] == GUARDADOS


def test_offline_movements_are_sent_once_each_when_the_connection_returns(
    navegador: Browser, tmp_path: Path
) -> None:
    with lancamentos(tmp_path) as servico, caixa_aberto(navegador, servico) as caixa:
        registrar_offline(caixa)
        assert caixa.movimentos() == []
        caixa.offline(False)
        esperar_fila_vazia(caixa.page)
        expect(caixa.page.locator("#conexao")).to_have_text("Conectado")
        assert_stored_once_each(caixa)
        # Opening the app again sends nothing more.
        caixa.recarregar()
        assert len(caixa.movimentos()) == 3
        assert caixa.erros() == []


def test_offline_movements_survive_the_service_dying_and_coming_back(
    navegador: Browser, tmp_path: Path
) -> None:
    with lancamentos(tmp_path) as servico, caixa_aberto(navegador, servico) as caixa:
        registrar_offline(caixa)
        servico.kill()
        caixa.offline(False)  # the network returns, the server does not answer
        time.sleep(5)
        porta = int(servico.url.rsplit(":", 1)[1])
        env = {"FLUXO_DATABASE_URL": f"sqlite:///{tmp_path / 'movimentacoes.db'}"}
        with service("lancamentos", env, tmp_path, port=porta):
            esperar_fila_vazia(caixa.page)
            assert_stored_once_each(caixa)
            assert caixa.erros() == []


def test_a_reload_in_the_middle_of_sending_records_nothing_twice(
    navegador: Browser, tmp_path: Path
) -> None:
    with lancamentos(tmp_path) as servico, caixa_aberto(navegador, servico) as caixa:
        registrar_offline(caixa)
        # The first POST reaches the server and is recorded, but its answer is held back:
        # the page is reloaded while it still waits for it.
        retidas: list[Route] = []

        def reter_a_primeira(route: Route) -> None:
            if route.request.method == "POST" and not retidas:
                assert route.fetch().status == 201  # recorded on the server
                retidas.append(route)  # ...and never answered
            else:
                route.continue_()

        caixa.aba.context.route("**/movimentacao", reter_a_primeira)
        repetidas: list[str] = []
        caixa.page.on(
            "response",
            lambda r: (
                repetidas.append(r.url) if r.headers.get("idempotent-replayed") == "true" else None
            ),
        )
        caixa.offline(False)
        esperar_ate(lambda: len(retidas) == 1, caixa.page)
        assert len(caixa.movimentos()) == 1
        caixa.recarregar()  # in the middle of sending
        esperar_fila_vazia(caixa.page)
        assert_stored_once_each(caixa)
        # The item whose answer was lost went again with its key: a replay, not a record.
        assert len(repetidas) == 1
        assert caixa.erros() == []


def test_a_movement_queued_for_a_day_closed_meanwhile_shows_the_409_and_can_be_discarded(
    navegador: Browser, tmp_path: Path
) -> None:
    with lancamentos(tmp_path) as servico, caixa_aberto(navegador, servico) as caixa:
        page = caixa.page
        caixa.sem_rede()
        lancar(page, "7,00", forma="Dinheiro")
        expect(fila(page)).to_have_count(1)
        dia = hoje_no_app(page)
        fechado = httpx.post(f"{servico.url}/dias/{dia}/fechamento", json={}, timeout=30)
        assert fechado.status_code == 201, fechado.text

        caixa.offline(False)
        item = fila(page).first
        expect(item).to_contain_text("não aceita", timeout=ESPERA_FILA_MS)
        mensagem = httpx.post(
            f"{servico.url}/movimentacao",
            json={"tipo": "entrada", "valor": "7.00", "data": dia},
            timeout=30,
        ).json()["erro"]
        assert mensagem in texto(item)
        assert caixa.movimentos() == []
        # It stays (never silently dropped) until the merchant decides.
        caixa.recarregar()
        expect(fila(page)).to_have_count(1)
        fila(page).first.get_by_role("button", name="Descartar").click()
        expect(fila(page)).to_have_count(0)
        expect(page.locator("#conexao")).to_have_text("Conectado")
        assert caixa.movimentos() == []
        # The browser logs the refused POSTs; nothing else went wrong.
        assert [e for e in caixa.erros() if "status of 409" not in e] == []


def test_corrigir_puts_a_refused_movement_back_in_the_form_to_send_it_again(
    navegador: Browser, tmp_path: Path
) -> None:
    with lancamentos(tmp_path) as servico, caixa_aberto(navegador, servico) as caixa:
        page = caixa.page
        caixa.sem_rede()
        lancar(page, "7,00", forma="PIX", categoria="Serviços", descricao="Conserto")
        expect(fila(page)).to_have_count(1)
        # Meanwhile, someone deactivates that categoria on the server.
        (servicos,) = [
            c
            for c in httpx.get(f"{servico.url}/categorias", timeout=30).json()["itens"]
            if c["nome"] == "Serviços"
        ]
        desativada = httpx.patch(
            f"{servico.url}/categorias/{servicos['id']}", json={"ativa": False}, timeout=30
        )
        assert desativada.status_code == 200, desativada.text

        caixa.offline(False)
        item = fila(page).first
        expect(item).to_contain_text("não aceita", timeout=ESPERA_FILA_MS)
        expect(item).to_contain_text("Serviços")
        item.get_by_role("button", name="Corrigir").click()
        expect(fila(page)).to_have_count(0)
        expect(page.get_by_label("Valor (R$)")).to_have_value("7,00")
        expect(page.get_by_role("radio", name="PIX")).to_be_checked()
        expect(page.get_by_label("Descrição")).to_have_value("Conserto")
        page.get_by_label("Categoria").select_option(label="Vendas")
        page.get_by_role("button", name="Registrar").click()
        expect(page.locator("#confirmacao")).to_contain_text("registrada", timeout=ESPERA_MS)
        (guardado,) = caixa.movimentos()
        assert (guardado["valor"], guardado["categoria"], guardado["descricao"]) == (
            "7.00",
            "Vendas",
            "Conserto",
        )
        assert [e for e in caixa.erros() if "status of 422" not in e] == []


def test_two_tabs_send_the_queue_once_between_them(navegador: Browser, tmp_path: Path) -> None:
    with lancamentos(tmp_path) as servico, caixa_aberto(navegador, servico) as caixa:
        outra = caixa.aba.context.new_page()
        outra.goto(f"{servico.url}/#lancar")
        pronto(outra)
        registrar_offline(caixa)
        # The other tab sees the same queue.
        expect(outra.locator("#fila-qtd")).to_have_text("3")
        caixa.offline(False)  # both tabs see the network return and try to send
        esperar_fila_vazia(caixa.page)
        esperar_fila_vazia(outra)
        assert_stored_once_each(caixa)
        # One sender at a time (a Web Lock): each movement went over the wire once, no
        # tab resent what the other had already sent.
        assert posts_no_log(servico) == [("/movimentacao", 201)] * 3
        assert caixa.erros() == []
