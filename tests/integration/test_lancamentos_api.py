"""The lançamentos HTTP contract (DESIGN §4), over a real database of each backend."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from flask.testing import FlaskClient
from prometheus_client import CONTENT_TYPE_LATEST
from sqlalchemy import Engine, select

from fluxo_caixa.config import Settings
from fluxo_caixa.db.movimentacoes import encode_cursor
from fluxo_caixa.db.tables import lancamento, saldo_diario
from fluxo_caixa.lancamentos import create_app
from support.ledger import assert_projection_exact, count_lancamentos

JSON = {"Content-Type": "application/json"}


def post(client: FlaskClient, body: object, **headers: str) -> tuple[int, dict[str, object]]:
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    response = client.post("/movimentacao", data=data, headers={**JSON, **headers})
    return response.status_code, response.get_json()


def test_seed_request_is_recorded_in_centavos(client: FlaskClient, engine: Engine) -> None:
    response = client.post("/movimentacao", json={"tipo": "saida", "valor": 100})
    assert response.status_code == 201
    body = response.get_json()
    assert response.headers["Location"] == f"/movimentacao/{body['id']}"
    assert body["tipo"] == "saida" and body["valor"] == "100.00"
    assert body["mensagem"] == "Movimentação registrada com sucesso!"
    assert body["estorno_de"] is None and body["descricao"] is None
    with engine.connect() as conn:
        row = conn.execute(select(lancamento)).one()
    assert (row.tipo, row.valor_centavos) == ("saida", 10000)
    assert_projection_exact(engine)


@pytest.mark.parametrize(
    ("body", "tipo", "centavos"),
    [
        ('{"tipo": "SAIDA", "valor": 1}', "saida", 100),
        ('{"tipo": "Saída", "valor": 2}', "saida", 200),
        ('{"tipo": " entrada ", "valor": 10.5}', "entrada", 1050),
        ('{"tipo": "entrada", "valor": "10.50"}', "entrada", 1050),
        ('{"tipo": "entrada", "valor": 0.1}', "entrada", 10),
        ('{"tipo": "entrada", "valor": 99999999.99}', "entrada", 9999999999),
    ],
)
def test_accepted_inputs_are_stored_exactly(
    client: FlaskClient, engine: Engine, body: str, tipo: str, centavos: int
) -> None:
    status, _ = post(client, body)
    assert status == 201
    with engine.connect() as conn:
        row = conn.execute(select(lancamento.c.tipo, lancamento.c.valor_centavos)).one()
    assert (row.tipo, row.valor_centavos) == (tipo, centavos)


BAD_BODIES = [
    # (body, status, campo or None)
    ('{"tipo": "x", "valor": 1}', 422, "tipo"),
    ('{"valor": 1}', 422, "tipo"),
    ('{"tipo": "saida", "valor": 0}', 422, "valor"),
    ('{"tipo": "saida", "valor": -1}', 422, "valor"),
    ('{"tipo": "saida", "valor": true}', 422, "valor"),
    ('{"tipo": "saida", "valor": null}', 422, "valor"),
    ('{"tipo": "saida", "valor": "abc"}', 422, "valor"),
    ('{"tipo": "saida", "valor": 1e308}', 422, "valor"),
    ('{"tipo": "saida", "valor": 0.001}', 422, "valor"),
    ('{"tipo": "saida", "valor": 100000000}', 422, "valor"),
    ('{"tipo": "saida", "valor": "NaN"}', 422, "valor"),
    ('{"tipo": "saida", "valor": "Infinity"}', 422, "valor"),
    ('{"tipo": "saida"}', 422, "valor"),
    ('{"tipo": "saida", "valor": 1, "categoria": "x"}', 422, "categoria"),
    ('{"tipo": "saida", "valor": 1, "data": "2999-01-01"}', 422, "data"),
    ('{"tipo": "saida", "valor": 1, "data": "05/03/2025"}', 422, "data"),
    ('{"tipo": "saida", "valor": 1, "descricao": "' + "d" * 201 + '"}', 422, "descricao"),
    # NUL is refused on every backend (PostgreSQL cannot store it), a lone surrogate too
    ('{"tipo": "saida", "valor": 1, "descricao": "nota\\u0000"}', 422, "descricao"),
    ('{"tipo": "saida", "valor": 1, "descricao": "\\ud800"}', 422, "descricao"),
    ('{"tipo": "saida", "valor": NaN}', 400, None),
    ('{"tipo": "saida", "valor": Infinity}', 400, None),
    ('{"tipo": "saida", "valor": 1, "valor": 2}', 400, None),
    ("[1, 2]", 400, None),
    ('"x"', 400, None),
    ("not json", 400, None),
    ("", 400, None),
    (b"\xff\xfe{}", 400, None),
    ("[" * 100000, 413, None),
    ('{"tipo": "saida", "valor": 1, "descricao": "' + "d" * 70000 + '"}', 413, None),
]


@pytest.mark.parametrize(("body", "status", "campo"), BAD_BODIES)
def test_bad_input_is_a_clear_error_and_records_nothing(
    client: FlaskClient, engine: Engine, body: str | bytes, status: int, campo: str | None
) -> None:
    response = client.post("/movimentacao", data=body, headers=JSON)
    assert response.status_code == status
    assert response.mimetype == "application/json"
    erro = response.get_json()
    assert set(erro) == {"erro", "detalhes"}
    assert erro["erro"] and "Traceback" not in erro["erro"] and "SELECT" not in erro["erro"]
    if campo is not None:
        assert campo in [d["campo"] for d in erro["detalhes"]]
        assert all(d["mensagem"] for d in erro["detalhes"])
    assert count_lancamentos(engine) == 0


def test_deeply_nested_json_is_a_400_not_a_crash(client: FlaskClient, engine: Engine) -> None:
    response = client.post("/movimentacao", data="[" * 30000 + "]" * 30000, headers=JSON)
    assert response.status_code == 400
    assert count_lancamentos(engine) == 0


def test_text_plain_is_415(client: FlaskClient, engine: Engine) -> None:
    response = client.post(
        "/movimentacao",
        data='{"tipo": "saida", "valor": 1}',
        headers={"Content-Type": "text/plain"},
    )
    assert response.status_code == 415
    assert response.get_json()["erro"].startswith("Envie o corpo em JSON")
    assert count_lancamentos(engine) == 0


def test_missing_content_type_is_read_as_json(client: FlaskClient) -> None:
    response = client.post("/movimentacao", data='{"tipo": "entrada", "valor": 5}')
    assert response.status_code == 201


def test_error_messages_are_portuguese(client: FlaskClient) -> None:
    _, body = post(client, {"tipo": "saida", "valor": 0})
    assert body == {
        "erro": "Dados inválidos.",
        "detalhes": [{"campo": "valor", "mensagem": "O valor deve ser maior que zero."}],
    }


def test_data_defaults_to_today_in_the_merchant_zone(settings: Settings, engine: Engine) -> None:
    # 01:30 UTC on the 6th is still the 5th in São Paulo.
    app = create_app(settings, engine=engine, clock=lambda: datetime(2025, 3, 6, 1, 30, tzinfo=UTC))
    body = app.test_client().post("/movimentacao", json={"tipo": "entrada", "valor": 1}).get_json()
    assert body["data"] == "2025-03-05"
    assert body["data_inclusao"] == "2025-03-05T22:30:00.000-03:00"


def test_backdated_movement_keeps_its_data(client: FlaskClient, engine: Engine) -> None:
    status, body = post(
        client,
        {"tipo": "entrada", "valor": 3, "data": "2025-03-05", "descricao": "  venda fiado  "},
    )
    assert status == 201
    assert (body["data"], body["descricao"]) == ("2025-03-05", "venda fiado")
    assert_projection_exact(engine)


def test_get_one_and_404(client: FlaskClient) -> None:
    _, created = post(client, {"tipo": "entrada", "valor": "7.25"})
    got = client.get(f"/movimentacao/{created['id']}").get_json()
    assert got["valor"] == "7.25" and got["id"] == created["id"] and got["mensagem"] is None
    missing = client.get("/movimentacao/999999")
    assert missing.status_code == 404
    assert missing.get_json()["erro"] == "Movimentação 999999 não encontrada."
    assert client.get(f"/movimentacao/{2**63}").status_code == 404
    assert client.get("/movimentacao/abc").status_code == 404


def test_list_pages_by_cursor_in_data_order(client: FlaskClient) -> None:
    for dia in ["2025-03-07", "2025-03-05", "2025-03-06", "2025-03-05"]:
        post(client, {"tipo": "entrada", "valor": 1, "data": dia})
    seen: list[tuple[str, int]] = []
    cursor = None
    pages = 0
    while True:
        url = "/movimentacao?limite=3" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(url).get_json()
        seen += [(m["data"], m["id"]) for m in page["itens"]]
        pages += 1
        cursor = page["proximo"]
        if cursor is None:
            break
    assert pages == 2
    assert seen == sorted(seen) and len(seen) == 4


def test_list_filters(client: FlaskClient) -> None:
    post(client, {"tipo": "entrada", "valor": 1, "data": "2025-03-05"})
    post(client, {"tipo": "saida", "valor": 2, "data": "2025-03-06"})
    post(client, {"tipo": "saida", "valor": 3, "data": "2025-03-08"})
    itens = client.get("/movimentacao?inicio=2025-03-06&fim=2025-03-07&tipo=SAIDA").get_json()[
        "itens"
    ]
    assert [(m["data"], m["valor"]) for m in itens] == [("2025-03-06", "2.00")]


@pytest.mark.parametrize(
    ("query", "campo"),
    [
        ("limite=0", "limite"),
        ("limite=1001", "limite"),
        ("limite=x", "limite"),
        ("inicio=ontem", "inicio"),
        ("tipo=x", "tipo"),
        ("cursor=!!", "cursor"),
        # ids past BIGINT: never issued, and no database may see them
        (f"cursor={encode_cursor(date(2025, 3, 5), 2**63)}", "cursor"),
        ("cursor=MjAyNS0wMy0wNTotMQ", "cursor"),  # "2025-03-05:-1"
        ("inicio=2025-03-02&fim=2025-03-01", "fim"),
        ("pagina=2", "pagina"),
        ("limite=1&limite=2", "limite"),
    ],
)
def test_bad_list_query_is_422(client: FlaskClient, query: str, campo: str) -> None:
    response = client.get(f"/movimentacao?{query}")
    assert response.status_code == 422
    assert campo in [d["campo"] for d in response.get_json()["detalhes"]]


def test_estorno_reverses_once(client: FlaskClient, engine: Engine) -> None:
    _, original = post(client, {"tipo": "saida", "valor": 100, "data": "2025-03-06"})
    response = client.post(
        f"/movimentacao/{original['id']}/estorno", json={"descricao": "lançado errado"}
    )
    assert response.status_code == 201
    estorno = response.get_json()
    assert estorno["tipo"] == "entrada" and estorno["valor"] == "100.00"
    assert estorno["estorno_de"] == original["id"]
    assert estorno["descricao"] == "lançado errado"
    assert estorno["mensagem"] == "Estorno registrado com sucesso!"
    assert response.headers["Location"] == f"/movimentacao/{estorno['id']}"
    assert (
        client.get(f"/movimentacao/{original['id']}").get_json()["estornado_por"] == estorno["id"]
    )
    assert_projection_exact(engine)


def test_second_estorno_is_409(client: FlaskClient, engine: Engine) -> None:
    _, original = post(client, {"tipo": "saida", "valor": 100})
    assert client.post(f"/movimentacao/{original['id']}/estorno").status_code == 201
    again = client.post(f"/movimentacao/{original['id']}/estorno")
    assert again.status_code == 409
    assert again.get_json()["erro"] == "Esta movimentação já foi estornada."
    assert count_lancamentos(engine) == 2


def test_estorno_of_an_estorno_is_409(client: FlaskClient) -> None:
    _, original = post(client, {"tipo": "saida", "valor": 100})
    estorno = client.post(f"/movimentacao/{original['id']}/estorno").get_json()
    response = client.post(f"/movimentacao/{estorno['id']}/estorno")
    assert response.status_code == 409
    assert response.get_json()["erro"] == "Um estorno não pode ser estornado."


def test_estorno_of_missing_id_is_404(client: FlaskClient, engine: Engine) -> None:
    response = client.post("/movimentacao/4242/estorno")
    assert response.status_code == 404
    assert count_lancamentos(engine) == 0


def test_estorno_rejects_unknown_fields(client: FlaskClient) -> None:
    _, original = post(client, {"tipo": "saida", "valor": 100})
    response = client.post(f"/movimentacao/{original['id']}/estorno", json={"valor": 1})
    assert response.status_code == 422


def test_idempotency_key_replays_the_first_response(client: FlaskClient, engine: Engine) -> None:
    body = {"tipo": "entrada", "valor": "12.34"}
    first = client.post("/movimentacao", json=body, headers={"Idempotency-Key": "venda-1"})
    again = client.post("/movimentacao", json=body, headers={"Idempotency-Key": "venda-1"})
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.get_data() == first.get_data()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["Location"] == first.headers["Location"]
    assert "Idempotent-Replayed" not in first.headers
    assert count_lancamentos(engine) == 1


def test_idempotency_keys_are_case_sensitive(client: FlaskClient, engine: Engine) -> None:
    body = {"tipo": "entrada", "valor": 1}
    client.post("/movimentacao", json=body, headers={"Idempotency-Key": "abc"})
    client.post("/movimentacao", json=body, headers={"Idempotency-Key": "ABC"})
    assert count_lancamentos(engine) == 2


def test_idempotency_key_reused_with_another_body_is_422(
    client: FlaskClient, engine: Engine
) -> None:
    client.post(
        "/movimentacao", json={"tipo": "entrada", "valor": 1}, headers={"Idempotency-Key": "k"}
    )
    response = client.post(
        "/movimentacao", json={"tipo": "entrada", "valor": 2}, headers={"Idempotency-Key": "k"}
    )
    assert response.status_code == 422
    assert response.get_json()["detalhes"][0]["campo"] == "Idempotency-Key"
    assert count_lancamentos(engine) == 1


@pytest.mark.parametrize("key", ["", "com espaço", "x" * 256, "acentuação"])
def test_malformed_idempotency_key_is_422(client: FlaskClient, engine: Engine, key: str) -> None:
    response = client.post(
        "/movimentacao",
        json={"tipo": "entrada", "valor": 1},
        headers={"Idempotency-Key": key.encode().decode("latin-1")},
    )
    assert response.status_code == 422
    assert count_lancamentos(engine) == 0


def test_keyed_request_with_a_lone_surrogate_is_422_not_a_crash(
    client: FlaskClient, engine: Engine
) -> None:
    response = client.post(
        "/movimentacao",
        data='{"tipo": "entrada", "valor": 1, "descricao": "\\udc80"}',
        headers={**JSON, "Idempotency-Key": "surrogate-1"},
    )
    assert response.status_code == 422
    assert response.get_json()["detalhes"][0]["campo"] == "descricao"
    assert count_lancamentos(engine) == 0


def test_idempotent_estorno_replays(client: FlaskClient, engine: Engine) -> None:
    _, original = post(client, {"tipo": "saida", "valor": 100})
    url = f"/movimentacao/{original['id']}/estorno"
    first = client.post(url, headers={"Idempotency-Key": "e-1"})
    again = client.post(url, headers={"Idempotency-Key": "e-1"})
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.get_data() == first.get_data()
    assert count_lancamentos(engine) == 2


def test_expired_idempotency_key_counts_as_new(settings: Settings, engine: Engine) -> None:
    now = [datetime(2026, 11, 20, 12, tzinfo=UTC)]
    client = create_app(settings, engine=engine, clock=lambda: now[0]).test_client()
    body = {"tipo": "entrada", "valor": 1, "data": "2026-11-20"}
    client.post("/movimentacao", json=body, headers={"Idempotency-Key": "k"})
    now[0] += timedelta(hours=23)
    assert (
        client.post("/movimentacao", json=body, headers={"Idempotency-Key": "k"}).headers[
            "Idempotent-Replayed"
        ]
        == "true"
    )
    now[0] += timedelta(hours=2)
    replay = client.post("/movimentacao", json=body, headers={"Idempotency-Key": "k"})
    assert replay.status_code == 201 and "Idempotent-Replayed" not in replay.headers
    assert count_lancamentos(engine) == 2


def test_saude(client: FlaskClient) -> None:
    response = client.get("/saude")
    assert (response.status_code, response.get_json()) == (200, {"status": "ok"})


def test_saude_is_503_when_the_database_is_unreachable() -> None:
    settings = Settings(database_url="postgresql+psycopg://nobody@127.0.0.1:1/nada")
    client = create_app(settings).test_client()
    response = client.get("/saude")
    assert response.status_code == 503
    assert response.get_json()["status"] == "indisponivel"
    write = client.post("/movimentacao", json={"tipo": "entrada", "valor": 1})
    assert write.status_code == 503
    assert write.get_json()["erro"].startswith("Banco de dados indisponível")
    assert "127.0.0.1" not in write.get_data(as_text=True)


def test_unknown_path_and_method_use_the_error_shape(client: FlaskClient) -> None:
    missing = client.get("/nada")
    assert (missing.status_code, missing.get_json()["erro"]) == (404, "Recurso não encontrado.")
    wrong = client.delete("/movimentacao/1")
    assert wrong.status_code == 405 and wrong.mimetype == "application/json"
    assert "GET" in wrong.headers["Allow"]


def test_openapi_document_describes_every_route(client: FlaskClient) -> None:
    doc = client.get("/openapi.json").get_json()
    assert doc["openapi"].startswith("3.1")
    assert set(doc["paths"]) == {
        "/movimentacao",
        "/movimentacao/{id}",
        "/movimentacao/{id}/estorno",
        "/caixas",
        "/caixas/{id}/abertura",
        "/caixas/{id}/suprimento",
        "/caixas/{id}/sangria",
        "/caixas/{id}/sessao",
        "/caixas/{id}/fechamento",
        "/sessoes",
        "/sessoes/{id}",
        "/dias/{data}",
        "/dias/{data}/fechamento",
        "/dias/{data}/reabertura",
        "/saude",
    }
    schema = doc["components"]["schemas"]["MovimentacaoIn"]
    assert schema["required"] == ["tipo", "valor"] and schema["additionalProperties"] is False


def test_docs_page_is_served_offline(client: FlaskClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and b"swagger-ui-bundle.js" in page.data
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert b"http" not in page.data.split(b"<body>")[1].split(b"</body>")[0].replace(
        b"data-spec-url", b""
    )
    with client.get("/docs/static/swagger-ui/swagger-ui-bundle.js") as asset:
        assert asset.status_code == 200 and len(asset.data) > 100_000


def test_metrics_count_requests(client: FlaskClient) -> None:
    post(client, {"tipo": "entrada", "valor": 1})
    response = client.get("/metrics")
    # What Prometheus expects, the charset once (it used to be appended a second time).
    assert response.headers["Content-Type"] == CONTENT_TYPE_LATEST
    text = response.get_data(as_text=True)
    assert (
        'fluxo_http_requests_total{endpoint="/movimentacao",method="POST",'
        'service="lancamentos",status="201"} 1.0'
    ) in text


def test_money_never_goes_through_float(client: FlaskClient, engine: Engine) -> None:
    # 0.1 + 0.2 in binary float is 0.30000000000000004.
    for valor in ["0.10", "0.20"]:
        post(client, {"tipo": "entrada", "valor": valor, "data": "2025-01-02"})
    assert_projection_exact(engine)
    with engine.connect() as conn:
        total = sum(r.valor_centavos for r in conn.execute(select(lancamento.c.valor_centavos)))
        dia = conn.execute(
            select(saldo_diario.c.entradas_centavos).where(saldo_diario.c.data == date(2025, 1, 2))
        ).scalar_one()
    assert (total, dia) == (30, 30)
