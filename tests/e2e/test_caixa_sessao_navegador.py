"""The caixa app with FLUXO_API_TOKEN, in Chromium: it asks for the token once, keeps its own
session cookie, and a page on another origin cannot make that session write anything.

Two attackers: a page on another port of 127.0.0.1 (another origin, the same site, so the
SameSite=Strict cookie still goes along: the service's origin check answers 403) and the
same page reached as `localhost` (another site: the browser does not even send the cookie).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Request, expect

from support.caixa_web import (
    ESPERA_MS,
    Caixa,
    esperar_fila_vazia,
    esperar_service_worker,
    fila,
    lancamentos,
    lancar,
    posts_no_log,
    pronto,
)
from support.navegador import aba
from support.outra_origem import servidor_de_arquivos

pytestmark = pytest.mark.slow

TOKEN = "segredo-do-caixa-no-navegador"
COOKIE = "fluxo_sessao_lancamentos"

ATAQUE = """<!doctype html>
<html lang="pt-BR"><head><meta charset="utf-8"><title>promoção</title></head><body>
<form id="formulario" method="post" action="{alvo}/movimentacao" enctype="text/plain">
  <input type="hidden" name='{{"tipo": "entrada", "valor": "1.00", "x": "' value='"}}'>
</form>
<script>
  const corpo = new Blob(['{{"tipo": "saida", "valor": "999.99", "descricao": "golpe"}}']);
  async function atacar() {{
    const como = {{method: "POST", mode: "no-cors", credentials: "include"}};
    await Promise.allSettled([
      fetch("{alvo}/movimentacao", {{...como, body: corpo}}),
      fetch("{alvo}/movimentacao/1/estorno", como),
      fetch("{alvo}/caixas/1/abertura", {{...como, body: "{{}}"}}),
      fetch("{alvo}/sair", como),
    ]);
    document.title = "feito";
  }}
  atacar();
</script></body></html>
"""


def test_the_app_asks_the_token_once_and_another_origin_cannot_use_its_session(
    navegador: Browser, tmp_path: Path
) -> None:
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    with (
        lancamentos(tmp_path, {"FLUXO_API_TOKEN": TOKEN}) as servico,
        aba(navegador, 375, 812) as resultado,
    ):
        page = resultado.page
        page.goto(f"{servico.url}/")
        page.get_by_label("Token de acesso").fill("errado")
        page.get_by_role("button", name="Entrar").click()
        expect(page.get_by_role("alert")).to_contain_text("Token incorreto")
        page.get_by_label("Token de acesso").fill(TOKEN)
        page.get_by_role("button", name="Entrar").click()
        pronto(page)
        esperar_service_worker(page)
        (cookie,) = resultado.context.cookies()
        assert cookie["name"] == COOKIE
        assert cookie["httpOnly"] is True and cookie["sameSite"] == "Strict"
        assert TOKEN not in cookie["value"]
        assert page.evaluate("() => document.cookie") == ""  # HttpOnly: no script reads it

        caixa = Caixa(resultado, servico, bearer)
        lancar(page, "10,50", forma="PIX", categoria="Vendas")
        expect(page.locator("#confirmacao")).to_contain_text("registrada", timeout=ESPERA_MS)
        # Asked once: opening the app again goes straight in.
        caixa.recarregar()
        expect(page.get_by_label("Token de acesso")).to_have_count(0)
        assert len(caixa.movimentos()) == 1

        raiz = tmp_path / "site"
        raiz.mkdir()
        (raiz / "promo.html").write_text(ATAQUE.format(alvo=servico.url))
        # The headers each POST to the service went with. The browser blocks the no-cors
        # answers from the page (so Playwright reports them as aborted); the service's own
        # log says what it answered.
        enviados: list[dict[str, str]] = []

        def do_alvo(request: Request) -> None:
            if request.url.startswith(servico.url) and request.method == "POST":
                enviados.append(request.all_headers())

        resultado.context.on("requestfinished", do_alvo)
        resultado.context.on("requestfailed", do_alvo)
        with servidor_de_arquivos(raiz) as porta:
            for host in ("127.0.0.1", "localhost"):
                enviados.clear()
                antes = len(posts_no_log(servico))
                page.goto(f"http://{host}:{porta}/promo.html")
                expect(page).to_have_title("feito", timeout=ESPERA_MS)
                with page.expect_navigation():
                    page.locator("#formulario").evaluate("f => f.submit()")
                assert "Requisição de outro site recusada" in page.content()
                # Every write from the other page was refused before reaching anything.
                recusados = posts_no_log(servico)[antes:]
                assert sorted(recusados) == sorted(
                    [("/movimentacao", 403), ("/movimentacao/1/estorno", 403),
                     ("/caixas/1/abertura", 403), ("/sair", 403), ("/movimentacao", 403)]
                )  # fmt: skip
                # The form post's headers as sent (Playwright has none for the blocked fetches).
                (formulario,) = [h for h in enviados if h.get("sec-fetch-mode") == "navigate"]
                if host == "localhost":
                    # Another site: the browser keeps the SameSite=Strict cookie home.
                    assert COOKIE not in formulario.get("cookie", "")
                else:
                    # The same site: the cookie goes along, and the origin check refuses it.
                    assert COOKIE in formulario["cookie"]

        assert len(caixa.movimentos()) == 1
        # Nor did the other page sign the merchant out.
        caixa.abrir()
        expect(page.get_by_role("button", name="Sair")).to_be_visible()
        page.get_by_role("button", name="Sair").click()
        expect(page.get_by_label("Token de acesso")).to_be_visible()
        # Signed out on this device: the app no longer opens offline.
        caixa.offline()
        page.reload()
        expect(page.get_by_label("Token de acesso")).to_have_count(0)
        expect(page.locator("body")).to_contain_text("Sem conexão")


def entrar(page: Page, url: str) -> None:
    page.goto(f"{url}/")
    page.get_by_label("Token de acesso").fill(TOKEN)
    page.get_by_role("button", name="Entrar").click()
    pronto(page)


def test_a_session_ending_while_movements_wait_keeps_them_until_signing_in_again(
    navegador: Browser, tmp_path: Path
) -> None:
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    with (
        lancamentos(tmp_path, {"FLUXO_API_TOKEN": TOKEN}) as servico,
        aba(navegador, 375, 812) as resultado,
    ):
        page = resultado.page
        caixa = Caixa(resultado, servico, bearer)
        entrar(page, servico.url)
        esperar_service_worker(page)
        caixa.sem_rede()
        lancar(page, "12,00", forma="PIX")
        expect(fila(page)).to_have_count(1)
        resultado.context.clear_cookies()  # the session is gone (expired, or ended elsewhere)
        caixa.offline(False)
        expect(page.locator("#aviso-sessao")).to_be_visible(timeout=ESPERA_MS)
        expect(page.locator("#aviso-sessao")).to_contain_text("Entrar de novo")
        # Not refused: still waiting, with nothing recorded.
        expect(fila(page).first).to_contain_text("pendente")
        assert caixa.movimentos() == []
        page.locator("#aviso-sessao").get_by_role("link", name="Entrar de novo").click()
        page.get_by_label("Token de acesso").fill(TOKEN)
        page.get_by_role("button", name="Entrar").click()
        pronto(page)
        esperar_fila_vazia(page)
        assert [m["valor"] for m in caixa.movimentos()] == ["12.00"]
        assert [e for e in caixa.erros() if "status of 401" not in e] == []
