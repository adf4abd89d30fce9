"""The dashboard (consolidado `GET /`) in a real browser: the page opened live, its amounts.

Shared by the dashboard's browser tests (tests/e2e/test_painel_*_navegador.py). The page
marks `#estado` "ao-vivo" once its first poll answered.
"""

from __future__ import annotations

import re
from decimal import Decimal

import httpx
from playwright.sync_api import Page, expect

from fluxo_caixa.domain.dinheiro import formatar_brl
from support.servers import ServiceProcess

# Generous: the page polls every 3 s; CI machines are busy.
ESPERA_MS = 15_000


def abrir(page: Page, url: str) -> None:
    """Go to `url` and wait until the page shows live data."""
    page.goto(url)
    ao_vivo(page)


def ao_vivo(page: Page) -> None:
    """Until the page shows live data (its first poll answered)."""
    expect(page.locator("#estado")).to_have_class(re.compile("ao-vivo"), timeout=ESPERA_MS)


def brl(texto: str) -> str:
    """The API's "1110.00" as the merchant reads it: "R$ 1.110,00"."""
    return formatar_brl(int(Decimal(texto) * 100))


def cartoes(page: Page) -> dict[str, str]:
    """The four cards as the page shows them."""
    # Intl writes "R$\u00a01.110,00" (no break inside an amount); compare as plain text.
    return {
        nome: page.locator(f"#cartao-{nome}").inner_text().replace("\xa0", " ")
        for nome in ("entradas", "saidas", "saldo", "registros")
    }


def cartoes_da_api(svc: ServiceProcess, query: str) -> dict[str, str]:
    """The same four figures from the consolidado's API, written as the cards write them."""
    resposta = httpx.get(f"{svc.url}/consolidado?{query}", timeout=30)
    assert resposta.status_code == 200, resposta.text
    totais = resposta.json()["totais"]
    return {
        "entradas": brl(totais["entradas"]),
        "saidas": brl(totais["saidas"]),
        "saldo": brl(totais["saldo"]),
        "registros": str(totais["registros"]),
    }
