"""Controle de caixa through the API (issue 13): sessions, drawer events, the count."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select

from fluxo_caixa.db.tables import evento_caixa, lancamento, sessao_caixa


def _post(client: FlaskClient, path: str, body: Any = None, **headers: str) -> Any:
    return client.post(path, json=body if body is not None else {}, headers=headers)


def _mov(client: FlaskClient, tipo: str, valor: str, forma: str, **extra: Any) -> Any:
    resp = _post(
        client, "/movimentacao", {"tipo": tipo, "valor": valor, "forma_pagamento": forma, **extra}
    )
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def test_full_day_of_one_caixa(client: FlaskClient) -> None:
    aberta = _post(client, "/caixas/1/abertura", {"contado": "200.00", "operador": "Ana"})
    assert aberta.status_code == 201, aberta.get_json()
    sessao = aberta.get_json()
    assert aberta.headers["Location"].endswith(f"/sessoes/{sessao['id']}")
    assert sessao["estado"] == "aberta"
    assert sessao["fundo"] == "200.00"
    assert sessao["diferenca_abertura"] == "0.00"
    assert sessao["esperado_dinheiro"] == "200.00"

    venda = _mov(client, "entrada", "100.00", "dinheiro")
    assert venda["caixa"] == "Caixa 1"
    assert venda["sessao_id"] == sessao["id"]
    _mov(client, "entrada", "50.00", "pix")
    _mov(client, "saida", "30.00", "dinheiro")
    sup = _post(client, "/caixas/1/suprimento", {"valor": "20.00"})
    assert sup.status_code == 201, sup.get_json()
    assert sup.get_json()["esperado_dinheiro"] == "290.00"
    san = _post(client, "/caixas/1/sangria", {"valor": "50.00", "descricao": "cofre"})
    assert san.status_code == 201, san.get_json()
    assert san.get_json()["tipo"] == "sangria"

    x = client.get("/caixas/1/sessao").get_json()
    assert x["esperado_dinheiro"] == "240.00"
    assert x["suprimentos"] == "20.00"
    assert x["sangrias"] == "50.00"

    fechada = _post(
        client,
        "/caixas/1/fechamento",
        {"contado": {"dinheiro": "235.00"}, "cedulas": {"100": 2, "20": 1, "10": 1, "5": 1}},
    )
    assert fechada.status_code == 201, fechada.get_json()
    corpo = fechada.get_json()
    assert corpo == {
        "id": sessao["id"],
        "caixa_id": 1,
        "caixa": "Caixa 1",
        "estado": "fechada",
        "operador": "Ana",
        "aberta_em": sessao["aberta_em"],
        "fechada_em": corpo["fechada_em"],
        "fundo": "200.00",
        "diferenca_abertura": "0.00",
        "suprimentos": "20.00",
        "sangrias": "50.00",
        "por_forma": [
            {"forma_pagamento": "dinheiro", "entradas": "100.00", "saidas": "30.00",
             "esperado": "240.00", "contado": "235.00", "diferenca": "-5.00"},
            {"forma_pagamento": "pix", "entradas": "50.00", "saidas": "0.00",
             "esperado": "50.00", "contado": None, "diferenca": None},
        ],
        "esperado_dinheiro": "240.00",
        "contado_dinheiro": "235.00",
        "quebra": "-5.00",
        "cedulas": {"100": 2, "20": 1, "10": 1, "5": 1},
        "deixado": "200.00",
        "retirada_fechamento": "35.00",
        "observacao": None,
    }  # fmt: skip
    assert client.get(f"/sessoes/{sessao['id']}").get_json() == corpo
    assert client.get("/caixas/1/sessao").status_code == 404

    seguinte = _post(client, "/caixas/1/abertura").get_json()
    assert seguinte["fundo"] == "200.00"
    assert seguinte["diferenca_abertura"] == "0.00"
    _post(client, "/caixas/1/fechamento", {"contado": {"dinheiro": "200.00"}})
    contada = _post(client, "/caixas/1/abertura", {"contado": "190.00"}).get_json()
    assert contada["fundo"] == "190.00"
    assert contada["diferenca_abertura"] == "-10.00"
