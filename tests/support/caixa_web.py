"""The caixa web app (lançamentos `GET /`) in a real browser: open it, record by touch, read it.

Shared by every browser test of the app (tests/e2e/test_caixa_*_navegador.py). The app
marks `#app[data-pronto]` once its first screen has its data; a page is offline-ready once a
service worker controls it.
"""

from __future__ import annotations

import json
import re
import ssl
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Browser, Locator, Page, expect

from fluxo_caixa.db.engine import make_engine, upgrade
from support.navegador import Aba, aba
from support.servers import ServiceProcess, service

# Generous: CI machines are busy, and a queue waiting on its backoff takes up to 30 s.
ESPERA_MS = 15_000
ESPERA_FILA_MS = 45_000
# What Chromium logs, rightly, when a request finds no network or no server: the offline
# tests cause it on purpose. Anything else in the console is a failure.
RUIDO_DE_REDE = re.compile(
    r"net::ERR_(INTERNET_DISCONNECTED|CONNECTION_REFUSED|CONNECTION_RESET|EMPTY_RESPONSE|"
    r"FAILED|ABORTED|NETWORK_CHANGED)|status of 503"
)


def banco_novo(pasta: Path) -> str:
    """A migrated SQLite database in `pasta` (a service of the test opens it)."""
    url = f"sqlite:///{pasta / 'movimentacoes.db'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


@dataclass
class Caixa:
    """A browser tab on the app, and the service behind it."""

    aba: Aba
    servico: ServiceProcess
    headers: dict[str, str]
    # How the test's own reads check the service's certificate (HTTPS with a test CA).
    verify: ssl.SSLContext | bool = True

    @property
    def page(self) -> Page:
        return self.aba.page

    def abrir(self, tela: str = "lancar") -> None:
        self.page.goto(f"{self.servico.url}/#{tela}")
        pronto(self.page)

    def recarregar(self) -> None:
        self.page.reload()
        pronto(self.page)

    def offline(self, offline: bool = True) -> None:
        self.aba.context.set_offline(offline)

    def sem_rede(self) -> None:
        """Offline, reopen the app: with no network, the service worker answers."""
        self.offline()
        self.recarregar()

    def movimentos(self) -> list[dict[str, Any]]:
        return movimentos(self.servico.url, self.headers, self.verify)

    def erros(self) -> list[str]:
        return erros_reais(self.aba)


@contextmanager
def caixa_aberto(
    browser: Browser,
    servico: ServiceProcess,
    *,
    largura: int = 375,
    altura: int = 812,
    headers: dict[str, str] | None = None,
    tela: str = "lancar",
) -> Iterator[Caixa]:
    """A phone-sized tab with the app open and its service worker in control."""
    with aba(browser, largura, altura) as resultado:
        caixa = Caixa(resultado, servico, headers or {})
        caixa.abrir(tela)
        esperar_service_worker(caixa.page)
        yield caixa


@contextmanager
def lancamentos(pasta: Path, env: dict[str, str] | None = None) -> Iterator[ServiceProcess]:
    """The lançamentos service on a fresh database in `pasta`."""
    with service(
        "lancamentos", {"FLUXO_DATABASE_URL": banco_novo(pasta), **(env or {})}, pasta
    ) as s:
        yield s


def pronto(page: Page) -> None:
    expect(page.locator("#app")).to_have_attribute("data-pronto", "", timeout=ESPERA_MS)


def esperar_service_worker(page: Page) -> None:
    """Until a service worker controls the page: from then on it reopens with no network."""
    # Polled from here: wait_for_function evaluates strings in the page, which our CSP
    # (rightly) forbids.
    esperar_ate(
        lambda: bool(page.evaluate("() => navigator.serviceWorker?.controller != null")), page
    )


def ir(page: Page, tela: str) -> None:
    page.get_by_role("navigation", name="Telas do caixa").get_by_role("link", name=tela).click()


def lancar(
    page: Page,
    valor: str,
    *,
    tipo: str = "Entrada",
    forma: str = "Dinheiro",
    categoria: str | None = None,
    descricao: str | None = None,
) -> None:
    """Record a movement on the Lançar screen by taps, as a merchant does."""
    page.get_by_role("radio", name=tipo, exact=True).click()
    page.get_by_label("Valor (R$)").fill(valor)
    page.get_by_role("radio", name=forma, exact=True).click()
    if categoria is not None:
        page.get_by_label("Categoria").select_option(label=categoria)
    if descricao is not None:
        page.get_by_label("Descrição").fill(descricao)
    page.get_by_role("button", name="Registrar").click()


def fila(page: Page) -> Locator:
    """The queued items on the Lançar screen."""
    return page.locator("#fila-itens > li")


def esperar_fila_vazia(page: Page) -> None:
    expect(fila(page)).to_have_count(0, timeout=ESPERA_FILA_MS)
    expect(page.locator("#fila")).to_be_hidden()


def esperar_ate(
    condicao: Callable[[], bool], page: Page | None = None, segundos: float = ESPERA_MS / 1000
) -> None:
    """Until `condicao()` holds (something outside the page, e.g. what the server stored).

    With `page`, waits through it: Playwright's sync API runs route handlers and event
    callbacks only while one of its calls is waiting.
    """
    prazo = time.monotonic() + segundos
    while not condicao():
        assert time.monotonic() < prazo, "a condição não se cumpriu a tempo"
        if page is None:
            time.sleep(0.1)
        else:
            page.wait_for_timeout(100)


def hoje_no_app(page: Page) -> str:
    """The business day the app uses ("AAAA-MM-DD"), the server's, in FLUXO_TZ."""
    dia: str = page.evaluate("async () => (await import('/app/app.js')).ctx.hoje()")
    return dia


def texto(locator: Locator) -> str:
    """Visible text with no-break spaces as plain ones ("R$ 10,50")."""
    return locator.inner_text().replace("\xa0", " ")


def movimentos(
    url: str, headers: dict[str, str] | None = None, verify: ssl.SSLContext | bool = True
) -> list[dict[str, Any]]:
    """Every movement the service stored, through its API."""
    itens: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        params = {"limite": "1000", **({"cursor": cursor} if cursor else {})}
        response = httpx.get(
            f"{url}/movimentacao", params=params, headers=headers, timeout=30, verify=verify
        )
        assert response.status_code == 200, response.text
        pagina = response.json()
        itens.extend(pagina["itens"])
        cursor = pagina["proximo"]
        if cursor is None:
            return itens


def posts_no_log(servico: ServiceProcess) -> list[tuple[str, int]]:
    """(path, status) of every POST the service answered, from its own request log.

    The service writes its log from a background thread, in order: a marked request made
    now, once its line is in the file, means every earlier line is there too.
    """
    marca = f"teste-{uuid.uuid4().hex}"
    httpx.get(f"{servico.url}/saude", headers={"X-Request-ID": marca}, timeout=30)
    esperar_ate(lambda: marca in servico.log.read_text(encoding="utf-8", errors="replace"))
    posts = []
    for linha in servico.log.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            campos = json.loads(linha)
        except ValueError:
            continue
        if isinstance(campos, dict) and campos.get("method") == "POST":
            posts.append((str(campos["path"]), int(campos["status"])))
    return posts


def erros_reais(resultado: Aba) -> list[str]:
    return [erro for erro in resultado.erros if not RUIDO_DE_REDE.search(erro)]


def sem_rolagem_lateral(page: Page) -> None:
    """Everything on the screen fits its width: a phone never scrolls sideways."""
    viewport = page.viewport_size
    assert viewport is not None
    largura = page.evaluate("document.documentElement.scrollWidth")
    assert largura <= viewport["width"], f"a página tem {largura} px de largura"
