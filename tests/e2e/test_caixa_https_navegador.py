"""The caixa app as a phone on the shop's Wi-Fi opens it (README, "Caixa no celular").

The service listens beyond loopback with the README's settings (FLUXO_HOST=0.0.0.0, a
token, the computer's IP in FLUXO_ALLOWED_HOSTS, the certificate made by the README's own
openssl commands) and Chromium opens it at a non-loopback address of this machine:
browsers treat loopback as a secure origin even over plain HTTP, so only such an address
shows what HTTPS brings. Chromium trusts the shop's CA the way the phone is told to (an
NSS database in its HOME); without it, the page does not even open.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Error, expect

from support.caixa_web import (
    Caixa,
    banco_novo,
    esperar_fila_vazia,
    esperar_service_worker,
    fila,
    lancar,
    pronto,
)
from support.certificados import Certificados, browser_home, make_certificates
from support.navegador import aba, chromium
from support.rede import network_address
from support.servers import ServiceProcess, service

pytestmark = pytest.mark.slow

TOKEN = "token-do-caixa-no-celular"


@dataclass
class Rede:
    """The machine's network address and the README's certificate for it."""

    ip: str
    certificados: Certificados
    pasta: Path


@pytest.fixture(scope="module")
def rede(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Rede]:
    pasta = tmp_path_factory.mktemp("rede")
    with network_address() as ip:
        yield Rede(ip, make_certificates(pasta / "certificados", ip), pasta)


@contextmanager
def caixa_na_rede(rede: Rede, pasta: Path, *, https: bool = True) -> Iterator[ServiceProcess]:
    """lançamentos configured as the README's step 4 says (with or without its TLS step)."""
    env = {
        "FLUXO_DATABASE_URL": banco_novo(pasta),
        "FLUXO_HOST": "0.0.0.0",
        "FLUXO_API_TOKEN": TOKEN,
        "FLUXO_ALLOWED_HOSTS": rede.ip,
        **(rede.certificados.env if https else {}),
    }
    tls = rede.certificados.client_context() if https else None
    with service("lancamentos", env, pasta, address=rede.ip, tls=tls) as servico:
        yield servico


def entrar(caixa: Caixa) -> None:
    """Open the app's address and sign in through its token form, as the merchant does."""
    page = caixa.page
    page.goto(f"{caixa.servico.url}/")
    page.get_by_label("Token de acesso").fill(TOKEN)
    page.get_by_role("button", name="Entrar").click()
    pronto(page)


def test_over_https_on_the_network_the_app_works_offline_and_sends_once(
    rede: Rede, tmp_path: Path
) -> None:
    home = browser_home(tmp_path / "home", rede.certificados.ca)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with (
        caixa_na_rede(rede, tmp_path) as servico,
        chromium(home) as browser,
        aba(browser, 375, 812) as resultado,
    ):
        assert servico.url.startswith(f"https://{rede.ip}:")
        caixa = Caixa(resultado, servico, auth, rede.certificados.client_context())
        page = caixa.page
        entrar(caixa)
        assert page.evaluate("() => window.isSecureContext") is True
        # The session cookie is this service's, and Secure: it never travels in the clear.
        (cookie,) = [c for c in caixa.aba.context.cookies() if c["name"].startswith("fluxo_")]
        assert cookie["name"] == "fluxo_sessao_lancamentos"
        assert cookie["secure"] is True and cookie["httpOnly"] is True
        # Chromium registers a service worker only for a certificate it trusts.
        esperar_service_worker(page)

        caixa.offline()
        caixa.recarregar()  # no network: the service worker opens the app
        expect(page.locator("#conexao")).to_contain_text("Sem conexão")
        lancar(page, "10,50", forma="PIX", categoria="Vendas")
        expect(fila(page)).to_have_count(1)
        expect(fila(page).first).to_contain_text("pendente")
        assert caixa.movimentos() == []

        caixa.offline(False)
        esperar_fila_vazia(page)
        expect(page.locator("#conexao")).to_have_text("Conectado")
        guardados = caixa.movimentos()
        assert [
            (m["tipo"], m["valor"], m["forma_pagamento"], m["categoria"]) for m in guardados
        ] == [("entrada", "10.50", "pix", "Vendas")]
        caixa.recarregar()  # opening it again sends nothing more
        assert len(caixa.movimentos()) == 1
        assert caixa.erros() == []


def test_without_the_shop_s_ca_the_browser_refuses_the_page(rede: Rede, tmp_path: Path) -> None:
    """What the phone does before step 3: the certificate is not trusted, nothing opens."""
    with (
        caixa_na_rede(rede, tmp_path) as servico,
        chromium(tmp_path) as browser,  # a HOME with no CA of ours
        aba(browser, 375, 812) as resultado,
        pytest.raises(Error, match="ERR_CERT_AUTHORITY_INVALID"),
    ):
        resultado.page.goto(f"{servico.url}/")


def test_over_plain_http_on_the_network_the_app_works_online_but_has_no_service_worker(
    rede: Rede, tmp_path: Path
) -> None:
    """What the README says of a phone without the HTTPS step: online only."""
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with (
        caixa_na_rede(rede, tmp_path, https=False) as servico,
        chromium() as browser,
        aba(browser, 375, 812) as resultado,
    ):
        assert servico.url.startswith(f"http://{rede.ip}:")
        caixa = Caixa(resultado, servico, auth)
        page = caixa.page
        entrar(caixa)
        assert page.evaluate("() => window.isSecureContext") is False
        assert page.evaluate("() => 'serviceWorker' in navigator") is False
        lancar(page, "4,00", forma="Dinheiro")
        esperar_fila_vazia(page)
        assert [m["valor"] for m in caixa.movimentos()] == ["4.00"]
        assert caixa.erros() == []
