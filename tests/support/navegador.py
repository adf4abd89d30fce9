"""A real browser for tests: Debian's Chromium driven by Playwright (never `playwright install`).

The browser runs as a Brazilian merchant's would: pt-BR interface (date inputs show
05/03/2025; needs Debian's chromium-l10n) and the São Paulo time zone.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, sync_playwright

from support.requisitos import exigir

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--lang=pt-BR",
]
# Chromium on Linux takes its interface language (and so the date inputs' format) from these.
CHROMIUM_ENV = {"LANG": "pt_BR.UTF-8", "LANGUAGE": "pt_BR:pt"}
OUTPUT = Path(__file__).resolve().parents[2] / "test-output"


def require_chromium() -> None:
    """Skip where Chromium is absent; fail in CI, where .ci/run installs it."""
    exigir(CHROMIUM.exists(), f"{CHROMIUM} ausente (apt-get install chromium chromium-l10n)")


@contextmanager
def chromium(home: Path | None = None) -> Iterator[Browser]:
    """`home`: the browser's HOME, e.g. one whose NSS database trusts a CA of the test's."""
    require_chromium()
    env: dict[str, str | float | bool] = {**os.environ, **CHROMIUM_ENV}
    if home is not None:
        env["HOME"] = str(home)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            env=env,
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Aba:
    """A page and everything it complained about: console errors and uncaught exceptions."""

    page: Page
    context: BrowserContext
    erros: list[str] = field(default_factory=list)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.erros.append(f"{message.type}: {message.text}")


@contextmanager
def aba(browser: Browser, width: int = 1366, height: int = 768) -> Iterator[Aba]:
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale="pt-BR",
        timezone_id="America/Sao_Paulo",
        # The page then skips chart animations: screenshots and hovers see final frames.
        reduced_motion="reduce",
    )
    page = context.new_page()
    resultado = Aba(page, context)
    page.on("console", resultado._console)
    page.on("pageerror", lambda erro: resultado.erros.append(f"pageerror: {erro}"))
    try:
        yield resultado
    finally:
        context.close()


def screenshot(page: Page, name: str) -> Path:
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / name
    page.screenshot(path=str(path), full_page=True)
    return path
