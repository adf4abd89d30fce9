"""The dashboard's reads of the caixa routine (issue 13): closed days and the caixas.

The consolidado answers them from its own read model (the day-close tables and the
caixa table), so the page never asks the lançamentos service. Everything is recorded
through the lançamentos API with the consolidado's clock (31/03/2025 in São Paulo).
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine

from conftest import CONSOLIDADO_AGORA
from fluxo_caixa.config import Settings
from fluxo_caixa.lancamentos import create_app


@pytest.fixture
def app(settings: Settings, engine: Engine) -> Flask:
    return create_app(settings, engine=engine, clock=lambda: CONSOLIDADO_AGORA)


def _post(client: FlaskClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(path, json=body)
    assert response.status_code in (200, 201), response.get_json()
    return response.get_json()  # type: ignore[no-any-return]


def test_dias_lists_each_closed_day_with_its_versions_and_reopenings(
    client: FlaskClient, consolidado_client: FlaskClient
) -> None:
    _post(client, "/movimentacao", {"tipo": "entrada", "valor": "10.00", "data": "2025-03-05"})
    _post(client, "/dias/2025-03-05/fechamento", {})
    _post(client, "/dias/2025-03-05/reabertura", {"motivo": "Venda esquecida"})
    _post(client, "/dias/2025-03-05/fechamento", {"observacao": "Conferido"})
    _post(client, "/dias/2025-03-10/fechamento", {})
    _post(client, "/dias/2025-03-20/fechamento", {})
    _post(client, "/dias/2025-03-20/reabertura", {"motivo": "Estorno lançado errado"})
    _post(client, "/dias/2025-02-28/fechamento", {})  # outside the period asked

    response = consolidado_client.get("/dias?inicio=2025-03-01&fim=2025-03-31")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["inicio"], body["fim"]) == ("2025-03-01", "2025-03-31")
    resumo = [
        (
            d["data"],
            d["estado"],
            [(f["numero"], f["versao"], f["observacao"]) for f in d["fechamentos"]],
            [r["motivo"] for r in d["reaberturas"]],
        )
        for d in body["itens"]
    ]
    assert resumo == [
        ("2025-03-05", "fechado", [(1, 1, None), (2, 2, "Conferido")], ["Venda esquecida"]),
        ("2025-03-10", "fechado", [(3, 1, None)], []),
        ("2025-03-20", "aberto", [(4, 1, None)], ["Estorno lançado errado"]),
    ]
    fechado_em = body["itens"][0]["fechamentos"][0]["fechado_em"]
    assert fechado_em == "2025-03-31T12:00:00.000-03:00"  # the merchant's time zone
    # The same JSON as the lançamentos service's own day state.
    assert body["itens"][0] == client.get("/dias/2025-03-05").get_json()


def test_dias_defaults_to_the_last_30_days_and_refuses_a_bad_period(
    consolidado_client: FlaskClient,
) -> None:
    padrao = consolidado_client.get("/dias").get_json()
    assert padrao == {"inicio": "2025-03-02", "fim": "2025-03-31", "itens": []}
    for query in ("inicio=2025-03-31&fim=2025-03-01", "inicio=ontem", "fim=2025-02-30", "x=1"):
        response = consolidado_client.get(f"/dias?{query}")
        assert response.status_code == 422, query
        assert response.get_json()["erro"], query


def test_consolidado_answers_the_caixas_as_the_lancamentos_service_does(
    client: FlaskClient, consolidado_client: FlaskClient
) -> None:
    _post(client, "/caixas", {"nome": "Caixa 2"})
    _post(client, "/caixas/2/abertura", {"contado": "50.00"})
    response = consolidado_client.get("/caixas")
    assert response.status_code == 200
    assert response.get_json() == {
        "itens": [
            {"id": 1, "nome": "Caixa 1", "estado": "fechado", "sessao_id": None},
            {"id": 2, "nome": "Caixa 2", "estado": "aberto", "sessao_id": 1},
        ]
    }
    assert response.get_json() == client.get("/caixas").get_json()
