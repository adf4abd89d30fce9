"""Signing in with the token on a web service's own page (caixa app and painel), in Flask's
test client: the client both services' tests start from, and the cross-site refusal they share.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine

from fluxo_caixa.config import Settings

TOKEN = "segredo-do-caixa"
# 31/03/2025 in São Paulo, as the consolidado_app fixture's clock.
AGORA = datetime(2025, 3, 31, 15, 0, tzinfo=UTC)
MESMA_ORIGEM = {"Origin": "http://localhost"}


def cliente_com_token(
    create_app: Callable[..., Flask], settings: Settings, engine: Engine
) -> FlaskClient:
    """A test client of the service `create_app` builds, asking for TOKEN, "now" at AGORA."""
    app = create_app(settings.with_overrides(api_token=TOKEN), engine=engine, clock=lambda: AGORA)
    return app.test_client()


def assert_entrar_sair_recusados(client: FlaskClient, headers: dict[str, str], erro: str) -> None:
    """Both forms, posted with `headers`, get a 403 with `erro` and set no cookie."""
    for caminho in ("/entrar", "/sair"):
        response = client.post(caminho, data={"token": TOKEN}, headers=headers)
        assert response.status_code == 403
        assert response.get_json() == {"erro": erro, "detalhes": []}
        assert response.headers.get("Set-Cookie") is None
