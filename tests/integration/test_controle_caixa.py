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

    venda = _mov(client, "entrada", "100.00", "dinheiro", categoria="Vendas")
    assert venda["categoria"] == "Vendas"
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


def _contagens(engine: Engine) -> tuple[int, int, int]:
    with engine.connect() as conn:
        return (
            conn.execute(select(func.count()).select_from(sessao_caixa)).scalar_one(),
            conn.execute(select(func.count()).select_from(evento_caixa)).scalar_one(),
            conn.execute(select(func.count()).select_from(lancamento)).scalar_one(),
        )


def _erro(resp: Any, status: int, campo: str | None = None) -> str:
    assert resp.status_code == status, resp.get_json()
    corpo = resp.get_json()
    assert set(corpo) == {"erro", "detalhes"}
    if campo is not None:
        assert [d["campo"] for d in corpo["detalhes"]] == [campo], corpo
        return str(corpo["detalhes"][0]["mensagem"])
    return str(corpo["erro"])


def test_second_abertura_is_409_and_missing_caixa_is_404(
    client: FlaskClient, engine: Engine
) -> None:
    assert _post(client, "/caixas/1/abertura").status_code == 201
    antes = _contagens(engine)
    assert "já está aberto" in _erro(_post(client, "/caixas/1/abertura"), 409)
    assert "não encontrado" in _erro(_post(client, "/caixas/99/abertura"), 404)
    assert _contagens(engine) == antes


def test_events_and_close_on_a_closed_caixa_are_409(client: FlaskClient, engine: Engine) -> None:
    antes = _contagens(engine)
    for acao, body in (
        ("suprimento", {"valor": 10}),
        ("sangria", {"valor": 10}),
        ("fechamento", {"contado": {"dinheiro": 0}}),
    ):
        assert "fechado" in _erro(_post(client, f"/caixas/1/{acao}", body), 409)
        assert _erro(_post(client, f"/caixas/7/{acao}", body), 404)
    assert _erro(client.get("/caixas/1/sessao"), 404)
    assert _contagens(engine) == antes


def test_sangria_above_expected_cash_is_422_naming_it(client: FlaskClient, engine: Engine) -> None:
    _post(client, "/caixas/1/abertura", {"contado": 100})
    _mov(client, "entrada", "20.50", "dinheiro")
    _mov(client, "entrada", "500", "pix")  # not in the drawer
    antes = _contagens(engine)
    mensagem = _erro(_post(client, "/caixas/1/sangria", {"valor": "120.51"}), 422, "valor")
    assert "R$ 120,50" in mensagem
    assert _contagens(engine) == antes
    assert _post(client, "/caixas/1/sangria", {"valor": "120.50"}).status_code == 201


@pytest.mark.parametrize(
    ("body", "campo"),
    [
        ({"contado": {"dinheiro": "-1"}}, "contado"),
        ({"contado": {"dinheiro": "1.005"}}, "contado"),
        ({"contado": {"dinheiro": "100000000"}}, "contado"),
        ({"contado": {"pix": "10"}}, "contado"),
        ({"contado": {"dinheiro": 10, "cheque": 5}}, "contado"),
        ({"contado": {"dinheiro": 10, "pix": -5}}, "contado"),
        ({"contado": "10"}, "contado"),
        ({"contado": {"dinheiro": 10}, "cedulas": {"3": 1}}, "cedulas"),
        ({"contado": {"dinheiro": 10}, "cedulas": {"0.01": 1000}}, "cedulas"),
        ({"contado": {"dinheiro": 10}, "cedulas": {"10": -1}}, "cedulas"),
        ({"contado": {"dinheiro": 10}, "cedulas": {"10": 0.5}}, "cedulas"),
        ({"contado": {"dinheiro": 10}, "cedulas": {"10": True}}, "cedulas"),
        ({"contado": {"dinheiro": 10}, "cedulas": {"5": 1}}, "cedulas"),
        ({"contado": {"dinheiro": 10}, "deixado": "10.01"}, "deixado"),
        ({"contado": {"dinheiro": 10}, "deixado": -1}, "deixado"),
        ({"contado": {"dinheiro": 10}, "observacao": "a\tb"}, "observacao"),
        ({"contado": {"dinheiro": 10}, "troco": 1}, "troco"),
        ({}, "contado"),
    ],
)
def test_bad_fechamento_is_422_and_keeps_the_session_open(
    client: FlaskClient, engine: Engine, body: dict[str, Any], campo: str
) -> None:
    _post(client, "/caixas/1/abertura", {"contado": 10})
    antes = _contagens(engine)
    _erro(_post(client, "/caixas/1/fechamento", body), 422, campo)
    assert _contagens(engine) == antes
    assert client.get("/caixas/1/sessao").get_json()["estado"] == "aberta"


@pytest.mark.parametrize(
    "body",
    [{"contado": -1}, {"contado": "1.999"}, {"contado": 100000000}, {"operador": "\x1b"},
     {"fundo": 1}],
)  # fmt: skip
def test_bad_abertura_is_422(client: FlaskClient, engine: Engine, body: dict[str, Any]) -> None:
    _erro(_post(client, "/caixas/1/abertura", body), 422)
    assert _contagens(engine) == (0, 0, 0)


def test_movement_naming_a_missing_caixa_is_422_and_a_closed_one_409(
    client: FlaskClient, engine: Engine
) -> None:
    base = {"tipo": "entrada", "valor": 10, "forma_pagamento": "dinheiro"}
    mensagem = _erro(_post(client, "/movimentacao", {**base, "caixa": "Caixa 9"}), 422, "caixa")
    assert "Caixa 1" in mensagem  # lists the caixas
    _erro(_post(client, "/movimentacao", {**base, "caixa": 99}), 422, "caixa")
    assert "fechado" in _erro(_post(client, "/movimentacao", {**base, "caixa": "caixa 1"}), 409)
    assert _contagens(engine) == (0, 0, 0)


def test_two_caixas_open_at_once(client: FlaskClient) -> None:
    criado = _post(client, "/caixas", {"nome": "Caixa 2"})
    assert criado.status_code == 201
    assert criado.get_json() == {"id": 2, "nome": "Caixa 2", "estado": "fechado", "sessao_id": None}
    _erro(_post(client, "/caixas", {"nome": " CAIXA 2 "}), 409)
    s1 = _post(client, "/caixas/1/abertura", {"contado": 50}).get_json()
    s2 = _post(client, "/caixas/2/abertura", {"contado": 80}).get_json()
    assert client.get("/caixas").get_json() == {
        "itens": [
            {"id": 1, "nome": "Caixa 1", "estado": "aberto", "sessao_id": s1["id"]},
            {"id": 2, "nome": "Caixa 2", "estado": "aberto", "sessao_id": s2["id"]},
        ]
    }
    um = _mov(client, "entrada", "10", "dinheiro", caixa="Caixa 1")
    dois = _mov(client, "entrada", "20", "dinheiro", caixa=2)
    nenhum = _mov(client, "entrada", "40", "dinheiro")
    assert (um["caixa"], um["sessao_id"]) == ("Caixa 1", s1["id"])
    assert (dois["caixa"], dois["sessao_id"]) == ("Caixa 2", s2["id"])
    assert (nenhum["caixa"], nenhum["sessao_id"]) == (None, None)
    assert client.get(f"/movimentacao/{nenhum['id']}").get_json()["sessao_id"] is None
    assert client.get("/caixas/1/sessao").get_json()["esperado_dinheiro"] == "60.00"
    assert client.get("/caixas/2/sessao").get_json()["esperado_dinheiro"] == "100.00"
    por_caixa = client.get("/sessoes?caixa=Caixa 2").get_json()["itens"]
    assert [s["id"] for s in por_caixa] == [s2["id"]]
    assert len(client.get("/sessoes").get_json()["itens"]) == 2
    _erro(client.get("/sessoes?caixa=Caixa 7"), 422, "caixa")
    _erro(client.get("/sessoes/999"), 404)


def test_cash_control_posts_are_idempotent(client: FlaskClient, engine: Engine) -> None:
    for path, body in (
        ("/caixas/1/abertura", {"contado": 10}),
        ("/caixas/1/suprimento", {"valor": 5}),
        ("/caixas/1/sangria", {"valor": 5}),
        ("/caixas/1/fechamento", {"contado": {"dinheiro": 10}}),
        ("/caixas", {"nome": "Balcão"}),
    ):
        primeira = _post(client, path, body, **{"Idempotency-Key": path})
        assert primeira.status_code == 201, primeira.get_json()
        antes = _contagens(engine)
        repetida = _post(client, path, body, **{"Idempotency-Key": path})
        assert repetida.status_code == 201
        assert repetida.headers["Idempotent-Replayed"] == "true"
        assert repetida.get_data() == primeira.get_data()
        assert _contagens(engine) == antes
        _erro(_post(client, path, {"x": 1}, **{"Idempotency-Key": path}), 422)


def test_suprimentos_and_sangrias_leave_consolidated_balances_alone(
    client: FlaskClient, consolidado_client: FlaskClient
) -> None:
    hoje = "2025-03-31"

    def saldos() -> Any:
        return consolidado_client.get(f"/consolidado?inicio={hoje}&fim={hoje}").get_json()

    _post(client, "/caixas/1/abertura", {"contado": 100})
    _mov(client, "entrada", "30", "dinheiro", data=hoje)
    antes = saldos()
    _post(client, "/caixas/1/suprimento", {"valor": 500})
    _post(client, "/caixas/1/sangria", {"valor": 300})
    _post(client, "/caixas/1/fechamento", {"contado": {"dinheiro": 330}, "deixado": 0})
    assert saldos() == antes
    assert antes["totais"]["entradas"] == "30.00"


def test_consolidado_filters_by_caixa(client: FlaskClient, consolidado_client: FlaskClient) -> None:
    dia = "2025-03-31"
    _post(client, "/caixas", {"nome": "Balcão"})
    _post(client, "/caixas/1/abertura")
    _post(client, "/caixas/2/abertura")
    _mov(client, "entrada", "10", "dinheiro", data=dia, caixa="Caixa 1")
    _mov(client, "entrada", "25", "pix", data=dia, caixa="balcao")
    _mov(client, "saida", "4", "dinheiro", data=dia, caixa=2)
    _mov(client, "entrada", "1000", "dinheiro", data=dia)  # two open: no caixa

    def totais(caixa: str) -> Any:
        resp = consolidado_client.get(f"/consolidado?inicio={dia}&fim={dia}&caixa={caixa}")
        assert resp.status_code == 200, resp.get_json()
        return resp.get_json()["totais"]

    balcao = totais("Balcão")
    assert (balcao["entradas"], balcao["saidas"], balcao["registros"]) == ("25.00", "4.00", 2)
    assert totais("1")["entradas"] == "10.00"
    csv = consolidado_client.get(f"/movimentacao.csv?inicio={dia}&fim={dia}&caixa=BALCAO")
    assert csv.status_code == 200
    assert "balcao" in csv.headers["Content-Disposition"]
    assert csv.get_data(as_text=True).count("\n") == 3  # header and two movements
    _erro(
        consolidado_client.get(f"/consolidado?inicio={dia}&fim={dia}&caixa=Caixa 9"), 422, "caixa"
    )


def test_sessions_of_a_day_for_the_day_close(client: FlaskClient, engine: Engine) -> None:
    from datetime import date

    from fluxo_caixa.db.caixas import sessoes_abertas_com_movimentos_do_dia, sessoes_do_dia

    dia, outro = "2025-03-30", "2025-03-31"
    _post(client, "/caixas", {"nome": "Balcão"})
    s1 = _post(client, "/caixas/1/abertura", {"contado": 100}).get_json()
    s2 = _post(client, "/caixas/2/abertura", {"contado": 50}).get_json()
    _mov(client, "entrada", "10", "dinheiro", data=dia, caixa=1)
    _mov(client, "entrada", "7", "dinheiro", data=outro, caixa=2)
    _post(client, "/caixas/1/sangria", {"valor": 20})
    _post(client, "/caixas/1/fechamento", {"contado": {"dinheiro": "89.00"}})
    with engine.connect() as conn:
        assert sessoes_abertas_com_movimentos_do_dia(conn, date(2025, 3, 30)) == []
        assert sessoes_abertas_com_movimentos_do_dia(conn, date(2025, 3, 31)) == ["Balcão"]
        (fechada,) = sessoes_do_dia(conn, date(2025, 3, 30))
        (aberta,) = sessoes_do_dia(conn, date(2025, 3, 31))
    assert (fechada.id, fechada.caixa, fechada.fundo, fechada.sangrias) == (
        s1["id"],
        "Caixa 1",
        10000,
        2000,
    )
    assert (fechada.esperado_dinheiro, fechada.contado_dinheiro, fechada.quebra) == (
        9000,
        8900,
        -100,
    )
    assert fechada.fechada_em is not None
    assert (aberta.id, aberta.esperado_dinheiro, aberta.contado_dinheiro, aberta.quebra) == (
        s2["id"], 5700, None, None,
    )  # fmt: skip


def test_an_empty_caixa_filter_does_not_filter(
    client: FlaskClient, consolidado_client: FlaskClient
) -> None:
    _mov(client, "entrada", "10", "dinheiro", data="2025-03-31")
    periodo = "inicio=2025-03-31&fim=2025-03-31"
    sem = consolidado_client.get(f"/consolidado?{periodo}").get_json()
    assert consolidado_client.get(f"/consolidado?{periodo}&caixa=").get_json() == sem


def test_movements_listed_by_caixa_and_an_estorno_returns_through_its_caixa(
    client: FlaskClient,
) -> None:
    _post(client, "/caixas", {"nome": "Balcão"})
    s1 = _post(client, "/caixas/1/abertura", {"contado": 100}).get_json()
    _post(client, "/caixas/2/abertura", {"contado": 100})
    venda = _mov(client, "entrada", "30", "dinheiro", caixa=1)
    _mov(client, "entrada", "5", "dinheiro", caixa="Balcão")
    itens = client.get("/movimentacao?caixa=Caixa 1").get_json()["itens"]
    assert [m["id"] for m in itens] == [venda["id"]]
    _erro(client.get("/movimentacao?caixa=Caixa 7"), 422, "caixa")

    estorno = _post(client, f"/movimentacao/{venda['id']}/estorno").get_json()
    assert (estorno["caixa"], estorno["sessao_id"]) == ("Caixa 1", s1["id"])
    assert client.get("/caixas/1/sessao").get_json()["esperado_dinheiro"] == "100.00"
