"""What a test needs from the machine: skipped where absent, a failure in CI."""

from __future__ import annotations

import os

import pytest


def exigir(disponivel: bool, mensagem: str) -> None:
    """Skip, saying why, unless FLUXO_TEST_REQUIRE_ALL is set (.ci/run installs everything)."""
    if disponivel:
        return
    if os.environ.get("FLUXO_TEST_REQUIRE_ALL"):
        pytest.fail(mensagem)
    pytest.skip(mensagem)
