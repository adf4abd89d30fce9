"""Issue 10 in a real browser: a page on another origin cannot write to the caixa.

The attack page is served by a small HTTP server on another port of this machine (ports
are separate origins, but cookies do not separate them). It tries what issue 10 found:
a `no-cors` fetch with a JSON Blob (no preflight, no Content-Type) on the tokenless
default, and, with a token, cookie-bearing writes after the merchant signed in on the
dashboard. Both are refused and nothing is recorded, while the dashboard's own
same-origin sign-in works.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from fluxo_caixa.db.engine import make_engine, upgrade
from support.navegador import aba
from support.outra_origem import servidor_de_arquivos
from support.servers import ServiceProcess, service

pytestmark = pytest.mark.slow

TOKEN = "segredo-do-caixa-e2e"
ESPERA_MS = 15_000
MOVIMENTO = '{"tipo": "entrada", "valor": "999.99", "descricao": "golpe"}'

ATAQUE = """<!doctype html>
<html lang="pt-BR"><head><meta charset="utf-8"><title>promoção</title></head><body>
<form id="formulario" method="post" action="{alvo}/movimentacao" enctype="text/plain">
  <input type="hidden" name='{{"tipo": "entrada", "valor": "1.00", "x": "' value='"}}'>
</form>
<script>
  const corpo = new Blob([{movimento!r}]);
  async function atacar() {{
    const tentativas = [
      fetch("{alvo}/movimentacao", {{method: "POST", mode: "no-cors", body: corpo}}),
      fetch("{alvo}/movimentacao", {{
        method: "POST", mode: "no-cors", credentials: "include", body: corpo}}),
      fetch("{painel}/sair", {{method: "POST", mode: "no-cors", credentials: "include"}}),
    ];
    await Promise.allSettled(tentativas);
    document.title = "feito";
  }}
  atacar();
</script></body></html>
"""


@pytest.fixture(scope="module")
def pasta(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    pasta = tmp_path_factory.mktemp("outra-origem")
    url = f"sqlite:///{pasta / 'movimentacoes.db'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return pasta, url


@pytest.fixture
def site_do_atacante(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """Another origin: a plain HTTP server on its own port, serving `tmp_path`."""
    with servidor_de_arquivos(tmp_path) as porta:
        yield tmp_path, f"http://127.0.0.1:{porta}"


def atacar(page: Page, site: tuple[Path, str], alvo: str, painel: str) -> None:
    raiz, url = site
    (raiz / "promo.html").write_text(ATAQUE.format(alvo=alvo, painel=painel, movimento=MOVIMENTO))
    page.goto(f"{url}/promo.html")
    expect(page).to_have_title("feito", timeout=ESPERA_MS)


def postar_formulario(page: Page, alvo: str) -> None:
    """The classic one, from the attack page: a form post (a navigation, with cookies)."""
    with page.expect_navigation():
        page.locator("#formulario").evaluate("f => f.submit()")
    assert page.url.startswith(alvo)
    assert "Requisição de outro site recusada" in page.content()


def registrados(lancamentos: ServiceProcess, headers: dict[str, str]) -> list[object]:
    response = httpx.get(f"{lancamentos.url}/movimentacao", headers=headers, timeout=30)
    assert response.status_code == 200
    itens: list[object] = response.json()["itens"]
    return itens


def test_another_origin_cannot_write_with_or_without_the_dashboards_cookie(
    pasta: tuple[Path, str],
    navegador: Browser,
    site_do_atacante: tuple[Path, str],
) -> None:
    diretorio, url = pasta
    aberto = {"FLUXO_DATABASE_URL": url}
    with service("lancamentos", aberto, diretorio) as lancamentos, aba(navegador) as tab:
        # The tokenless loopback default: issue 10's no-cors write, no cookie needed.
        atacar(tab.page, site_do_atacante, lancamentos.url, lancamentos.url)
        assert registrados(lancamentos, {}) == []
        postar_formulario(tab.page, lancamentos.url)
        assert registrados(lancamentos, {}) == []
        # Our own client (no Origin, no Sec-Fetch-Site) writes as before.
        criado = httpx.post(f"{lancamentos.url}/movimentacao", content=MOVIMENTO, timeout=30)
        assert criado.status_code == 201
        assert len(registrados(lancamentos, {})) == 1

    protegido = {**aberto, "FLUXO_API_TOKEN": TOKEN}
    with (
        service("lancamentos", protegido, diretorio) as lancamentos,
        service("consolidado", protegido, diretorio) as consolidado,
        aba(navegador) as tab,
    ):
        page = tab.page
        # The merchant signs in on the dashboard: its own same-origin form works.
        page.goto(f"{consolidado.url}/")
        page.get_by_label("Token de acesso").fill(TOKEN)
        page.get_by_role("button", name="Entrar").click()
        expect(page.locator("#estado")).to_have_class(re.compile("ao-vivo"), timeout=ESPERA_MS)
        (cookie,) = tab.context.cookies()
        assert cookie["name"] == "fluxo_sessao_consolidado"

        # Then visits another site, which tries to write with that cookie in the jar.
        atacar(page, site_do_atacante, lancamentos.url, consolidado.url)
        com_token = {"Authorization": f"Bearer {TOKEN}"}
        assert len(registrados(lancamentos, com_token)) == 1
        postar_formulario(page, lancamentos.url)
        assert len(registrados(lancamentos, com_token)) == 1

        # Nor could it sign the merchant out: the dashboard still opens.
        page.goto(f"{consolidado.url}/")
        expect(page.locator("#estado")).to_have_class(re.compile("ao-vivo"), timeout=ESPERA_MS)
        tab.erros.clear()  # the refused attacks' console noise, not the dashboard's
