"""The hot routes' short cuts answer exactly what the general machinery answers."""

from __future__ import annotations

import pytest
from flask import Flask, url_for
from flask.testing import FlaskClient
from sqlalchemy import Engine

from fluxo_caixa.config import Settings
from fluxo_caixa.lancamentos import create_app
from fluxo_caixa.lancamentos.routes import local_da_movimentacao
from support.ledger import SAO_PAULO


@pytest.fixture
def sqlite_app(sqlite_url: str, sqlite_engine: Engine) -> Flask:
    return create_app(Settings(database_url=sqlite_url, tz=SAO_PAULO), engine=sqlite_engine)


@pytest.mark.parametrize("raiz", ["", "/", "/loja", "/loja/caixa/", "/caixa%20um", "/ação"])
@pytest.mark.parametrize("ident", [1, 7, 10**18, 2**63 - 1])
def test_location_is_what_url_for_builds(sqlite_app: Flask, raiz: str, ident: int) -> None:
    with sqlite_app.test_request_context("/movimentacao", environ_base={"SCRIPT_NAME": raiz}):
        assert local_da_movimentacao(ident) == url_for("lancamentos.obter", ident=ident)


def test_created_movement_location_reads_it_back(client: FlaskClient) -> None:
    criada = client.post("/movimentacao", json={"tipo": "entrada", "valor": "12.34"})
    assert criada.status_code == 201
    lida = client.get(criada.headers["Location"])
    assert lida.status_code == 200
    assert lida.get_json() == {**criada.get_json(), "mensagem": None}
