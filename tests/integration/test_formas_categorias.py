"""Formas de pagamento and categorias on the lançamentos API (issue 12), on every backend."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine, select

from fluxo_caixa.db.tables import lancamento
from support.ledger import assert_projection_exact, count_lancamentos

JSON = {"Content-Type": "application/json"}


def post(client: FlaskClient, path: str, body: object) -> tuple[int, dict[str, Any]]:
    response = client.post(path, data=json.dumps(body), headers=JSON)
    return response.status_code, response.get_json()


def categoria_id(client: FlaskClient, nome: str) -> int:
    itens = client.get("/categorias").get_json()["itens"]
    return next(int(c["id"]) for c in itens if c["nome"] == nome)


def test_seed_body_still_works_without_forma_or_categoria(client: FlaskClient) -> None:
    status, body = post(client, "/movimentacao", {"tipo": "saida", "valor": 100})
    assert status == 201
    assert body["forma_pagamento"] is None and body["categoria"] is None


@pytest.mark.parametrize(
    ("forma", "gravada"),
    [("pix", "pix"), ("PIX", "pix"), (" Débito ", "debito"), ("CRÉDITO", "credito"),
     ("transferência", "transferencia"), ("dinheiro", "dinheiro"), (None, None)],
)  # fmt: skip
def test_forma_is_read_in_any_case_and_stored_plain(
    client: FlaskClient, engine: Engine, forma: str | None, gravada: str | None
) -> None:
    status, body = post(
        client, "/movimentacao", {"tipo": "entrada", "valor": "10.50", "forma_pagamento": forma}
    )
    assert status == 201 and body["forma_pagamento"] == gravada
    with engine.connect() as conn:
        assert conn.execute(select(lancamento.c.forma_pagamento)).scalar_one() == gravada
    assert_projection_exact(engine)


@pytest.mark.parametrize("forma", ["cheque", "", 1, True, "ｐｉｘ", "dìnheiro", ["pix"]])
def test_unknown_forma_is_422_and_records_nothing(
    client: FlaskClient, engine: Engine, forma: object
) -> None:
    status, body = post(
        client, "/movimentacao", {"tipo": "entrada", "valor": 1, "forma_pagamento": forma}
    )
    assert status == 422
    assert body["detalhes"][0]["campo"] == "forma_pagamento"
    assert "dinheiro, pix, debito" in body["detalhes"][0]["mensagem"]
    assert count_lancamentos(engine) == 0


def test_a_new_database_has_the_default_plano_de_contas(client: FlaskClient) -> None:
    itens = client.get("/categorias").get_json()["itens"]
    entradas = [c["nome"] for c in itens if c["tipo"] == "entrada"]
    saidas = [c["nome"] for c in itens if c["tipo"] == "saida"]
    assert entradas == ["Vendas", "Serviços", "Aporte do dono", "Outras entradas"]
    assert saidas[0] == "Mercadorias e fornecedores" and "Água, luz e internet" in saidas
    assert len(saidas) == 8 and all(c["ativa"] is True for c in itens)
    tipo = client.get("/categorias?tipo=saida").get_json()["itens"]
    assert [c["nome"] for c in tipo] == saidas


@pytest.mark.parametrize("informada", ["Vendas", "vendas", " VENDAS ", "véndas"])
def test_categoria_by_name_ignores_case_and_accents(
    client: FlaskClient, engine: Engine, informada: str
) -> None:
    status, body = post(
        client, "/movimentacao", {"tipo": "entrada", "valor": 5, "categoria": informada}
    )
    assert status == 201 and body["categoria"] == "Vendas"
    with engine.connect() as conn:
        stored = conn.execute(select(lancamento.c.categoria_id)).scalar_one()
    assert stored == categoria_id(client, "Vendas")
    assert_projection_exact(engine)


def test_categoria_by_id_and_by_categoria_id(client: FlaskClient) -> None:
    aluguel = categoria_id(client, "Aluguel")
    for body in (
        {"categoria": aluguel},
        {"categoria_id": aluguel},
        {"categoria": "Aluguel", "categoria_id": aluguel},
    ):
        status, answer = post(client, "/movimentacao", {"tipo": "saida", "valor": 5, **body})
        assert (status, answer["categoria"]) == (201, "Aluguel")


def test_estorno_keeps_forma_and_categoria(client: FlaskClient, engine: Engine) -> None:
    _, original = post(
        client,
        "/movimentacao",
        {"tipo": "entrada", "valor": 30, "forma_pagamento": "pix", "categoria": "Vendas"},
    )
    response = client.post(f"/movimentacao/{original['id']}/estorno")
    assert response.status_code == 201
    estorno = response.get_json()
    assert (estorno["tipo"], estorno["forma_pagamento"], estorno["categoria"]) == (
        "saida",
        "pix",
        "Vendas",
    )
    lido = client.get(f"/movimentacao/{estorno['id']}").get_json()
    assert (lido["forma_pagamento"], lido["categoria"]) == ("pix", "Vendas")
    assert_projection_exact(engine)


def _rejected(client: FlaskClient, engine: Engine, body: dict[str, object]) -> str:
    status, answer = post(client, "/movimentacao", {"valor": 1, **body})
    assert status == 422, answer
    assert answer["detalhes"][0]["campo"] == "categoria"
    assert count_lancamentos(engine) == 0
    return str(answer["detalhes"][0]["mensagem"])


def test_unknown_categoria_lists_the_active_ones_of_that_tipo(
    client: FlaskClient, engine: Engine
) -> None:
    mensagem = _rejected(client, engine, {"tipo": "saida", "categoria": "Luz"})
    assert "'Luz' não encontrada" in mensagem
    assert "Aluguel" in mensagem and "Vendas" not in mensagem


def test_categoria_of_the_other_tipo_is_422(client: FlaskClient, engine: Engine) -> None:
    mensagem = _rejected(client, engine, {"tipo": "saida", "categoria": "Vendas"})
    assert "é de entrada, não de saida" in mensagem


def test_inactive_categoria_is_422(client: FlaskClient, engine: Engine) -> None:
    aluguel = categoria_id(client, "Aluguel")
    assert client.patch(f"/categorias/{aluguel}", json={"ativa": False}).status_code == 200
    assert "está inativa" in _rejected(client, engine, {"tipo": "saida", "categoria": "Aluguel"})


@pytest.mark.parametrize(
    "body",
    [
        {"tipo": "saida", "categoria": ""},
        {"tipo": "saida", "categoria": "   "},
        {"tipo": "saida", "categoria": 999999},
        {"tipo": "saida", "categoria_id": 999999},
        {"tipo": "saida", "categoria": True},
        {"tipo": "saida", "categoria": 0},
        {"tipo": "saida", "categoria": "Aluguel", "categoria_id": 1},
    ],
)
def test_bad_categoria_is_422(client: FlaskClient, engine: Engine, body: dict[str, object]) -> None:
    status, answer = post(client, "/movimentacao", {"valor": 1, **body})
    assert status == 422
    assert answer["detalhes"][0]["campo"] in ("categoria", "categoria_id")
    assert count_lancamentos(engine) == 0


def test_create_rename_and_deactivate_a_categoria(client: FlaskClient) -> None:
    status, criada = post(client, "/categorias", {"nome": " Embalagens ", "tipo": "Saída"})
    assert status == 201
    assert criada == {"id": criada["id"], "nome": "Embalagens", "tipo": "saida", "ativa": True}
    response = client.patch(f"/categorias/{criada['id']}", json={"nome": "Embalagens e sacolas"})
    assert response.status_code == 200 and response.get_json()["nome"] == "Embalagens e sacolas"
    status, mov = post(
        client, "/movimentacao", {"tipo": "saida", "valor": 2, "categoria": "embalagens e SACOLAS"}
    )
    assert status == 201 and mov["categoria"] == "Embalagens e sacolas"
    response = client.patch(f"/categorias/{criada['id']}", json={"ativa": False})
    assert response.get_json()["ativa"] is False
    # Used and inactive, it is still there, and its movement still reads its name.
    assert client.get(f"/movimentacao/{mov['id']}").get_json()["categoria"] == (
        "Embalagens e sacolas"
    )
    assert client.delete(f"/categorias/{criada['id']}").status_code == 405


@pytest.mark.parametrize("nome", ["vendas", "VENDAS", "Véndas", " vendas  "])
def test_a_name_differing_only_in_case_or_accents_is_409(client: FlaskClient, nome: str) -> None:
    status, answer = post(client, "/categorias", {"nome": nome, "tipo": "entrada"})
    assert status == 409
    assert "Vendas" in str(answer["erro"])


def test_renaming_onto_another_name_is_409(client: FlaskClient) -> None:
    aluguel = categoria_id(client, "Aluguel")
    response = client.patch(f"/categorias/{aluguel}", json={"nome": "IMPOSTOS E TAXAS"})
    assert response.status_code == 409


@pytest.mark.parametrize(
    "body",
    [
        {"nome": "x" * 81, "tipo": "saida"},
        {"nome": "a\u0001b", "tipo": "saida"},
        {"nome": "linha\nnova", "tipo": "saida"},
        {"nome": "", "tipo": "saida"},
        {"nome": "Frete", "tipo": "transferencia"},
        {"nome": "Frete"},
        {"nome": "Frete", "tipo": "saida", "ativa": False},
    ],
)
def test_bad_new_categoria_is_422(client: FlaskClient, body: dict[str, object]) -> None:
    before = len(client.get("/categorias").get_json()["itens"])
    status, _ = post(client, "/categorias", body)
    assert status == 422
    assert len(client.get("/categorias").get_json()["itens"]) == before


def test_patch_of_a_missing_categoria_is_404(client: FlaskClient) -> None:
    response = client.patch("/categorias/999999", json={"ativa": False})
    assert response.status_code == 404
    assert response.get_json()["erro"] == "Categoria 999999 não encontrada."


@pytest.mark.parametrize("body", [{}, {"ativa": "false"}, {"nome": None, "ativa": None}])
def test_patch_without_a_change_or_with_a_bad_field_is_422(
    client: FlaskClient, body: dict[str, object]
) -> None:
    assert client.patch("/categorias/1", json=body).status_code == 422


def test_listing_filters_by_forma_and_categoria(client: FlaskClient) -> None:
    post(client, "/movimentacao", {"tipo": "entrada", "valor": 1, "forma_pagamento": "pix",
                                    "categoria": "Vendas"})  # fmt: skip
    post(client, "/movimentacao", {"tipo": "entrada", "valor": 2, "forma_pagamento": "dinheiro",
                                    "categoria": "Vendas"})  # fmt: skip
    post(client, "/movimentacao", {"tipo": "saida", "valor": 3, "forma_pagamento": "pix"})

    def valores(query: str) -> list[str]:
        itens: list[dict[str, Any]] = client.get(f"/movimentacao?{query}").get_json()["itens"]
        return [str(i["valor"]) for i in itens]

    assert valores("forma_pagamento=pix") == ["1.00", "3.00"]
    assert valores("categoria=vendas") == ["1.00", "2.00"]
    assert valores("forma_pagamento=PIX&categoria=Vendas") == ["1.00"]
    assert valores(f"categoria={categoria_id(client, 'Vendas')}") == ["1.00", "2.00"]


@pytest.mark.parametrize("query", ["forma_pagamento=cheque", "categoria=Nada", "categoria=999"])
def test_listing_with_an_unknown_filter_is_422_not_an_empty_page(
    client: FlaskClient, query: str
) -> None:
    assert client.get(f"/movimentacao?{query}").status_code == 422
