"""Every test here starts a process (a service, a command, a database) or a browser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from support.navegador import Aba, aba, chromium

_HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _HERE in item.path.parents:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="module")
def navegador() -> Iterator[Browser]:
    """One Chromium for a test module's browser tests."""
    with chromium() as browser:
        yield browser


@pytest.fixture
def tela(navegador: Browser) -> Iterator[Aba]:
    """A 1366×768 laptop tab that must end the test without a console error."""
    with aba(navegador) as resultado:
        yield resultado
        assert resultado.erros == []
