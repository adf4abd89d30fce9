"""Security of the shared web layer (DESIGN §4), through the lançamentos app."""

from __future__ import annotations

import hmac

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine

from fluxo_caixa.config import Settings
from fluxo_caixa.lancamentos import create_app
from support.ledger import count_lancamentos

TOKEN = "segredo-do-caixa-2026"
BODY = {"tipo": "entrada", "valor": "10.50"}

PROTECTED = [
    ("POST", "/movimentacao"),
    ("GET", "/movimentacao"),
    ("GET", "/movimentacao/1"),
    ("POST", "/movimentacao/1/estorno"),
    ("GET", "/openapi.json"),
    ("GET", "/docs"),
    ("GET", "/docs/static/swagger-ui.css"),
    ("GET", "/metrics"),
    ("GET", "/nao-existe"),
]


@pytest.fixture
def secured(sqlite_url: str, sqlite_engine: Engine) -> Flask:
    settings = Settings(database_url=sqlite_url, api_token=TOKEN)
    return create_app(settings, engine=sqlite_engine)


@pytest.fixture
def open_app(sqlite_url: str, sqlite_engine: Engine) -> Flask:
    return create_app(Settings(database_url=sqlite_url), engine=sqlite_engine)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_error_shape(response: object, status: int) -> dict[str, object]:
    assert response.status_code == status  # type: ignore[attr-defined]
    assert response.mimetype == "application/json"  # type: ignore[attr-defined]
    body = response.get_json()  # type: ignore[attr-defined]
    assert set(body) == {"erro", "detalhes"} and body["erro"]
    return body  # type: ignore[no-any-return]


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_every_endpoint_but_saude_needs_the_token(
    secured: Flask, sqlite_engine: Engine, method: str, path: str
) -> None:
    response = secured.test_client().open(path, method=method, json=BODY)
    body = assert_error_shape(response, 401)
    assert "Bearer" in str(body["erro"])
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert count_lancamentos(sqlite_engine) == 0


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer errado",
        f"Bearer {TOKEN}x",
        f"Bearer {TOKEN[:-1]}",
        f"Basic {TOKEN}",
        TOKEN,
        "Bearer ",
        f"Bearer {TOKEN.upper()}",
    ],
)
def test_a_wrong_token_or_scheme_is_401(
    secured: Flask, sqlite_engine: Engine, authorization: str
) -> None:
    response = secured.test_client().post(
        "/movimentacao", json=BODY, headers={"Authorization": authorization}
    )
    assert_error_shape(response, 401)
    assert count_lancamentos(sqlite_engine) == 0


def test_the_right_token_opens_everything(secured: Flask, sqlite_engine: Engine) -> None:
    client = secured.test_client()
    created = client.post("/movimentacao", json=BODY, headers=bearer(TOKEN))
    assert created.status_code == 201
    assert (
        client.get("/movimentacao/1", headers={"Authorization": f"bearer {TOKEN}"}).status_code
        == 200
    )
    assert client.get("/openapi.json", headers=bearer(TOKEN)).get_json()["security"] == [
        {"bearer": []}
    ]
    assert count_lancamentos(sqlite_engine) == 1


def test_saude_stays_open_for_load_balancers(secured: Flask) -> None:
    response = secured.test_client().get("/saude")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_token_comparison_is_constant_time_and_length_blind(
    secured: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    compared: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)  # the very module auth calls
    client = secured.test_client()
    for guess in ("x", TOKEN[:5], TOKEN + "y" * 100, TOKEN):
        client.get("/movimentacao", headers=bearer(guess))
    assert len(compared) == 4
    # Every comparison is of two 32-byte digests, whatever the guess's length.
    assert {(len(a), len(b)) for a, b in compared} == {(32, 32)}


def test_a_token_with_accents_works_as_wsgi_servers_deliver_it(
    sqlite_url: str, sqlite_engine: Engine
) -> None:
    token = "senha-do-joão-ção"
    app = create_app(Settings(database_url=sqlite_url, api_token=token), engine=sqlite_engine)
    # PEP 3333: the UTF-8 bytes the client sent arrive decoded as latin-1.
    on_the_wire = f"Bearer {token}".encode().decode("latin-1")
    response = app.test_client().get("/movimentacao", headers={"Authorization": on_the_wire})
    assert response.status_code == 200


def test_a_forged_session_cookie_opens_nothing(secured: Flask) -> None:
    # Sessions live on the server (tests/integration/test_sessoes.py): a made-up cookie
    # value under this service's own name is just unknown.
    forged = secured.test_client()
    forged.set_cookie("fluxo_sessao_lancamentos", "eyJhdXRlbnRpY2FkbyI6dHJ1ZX0.forjado")
    assert_error_shape(forged.get("/movimentacao"), 401)


def test_debug_never_runs_even_with_flask_debug_set(
    sqlite_url: str, sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = create_app(Settings(database_url=sqlite_url), engine=sqlite_engine)
    assert app.debug is False

    def explode() -> str:
        raise RuntimeError("segredo interno: SELECT * FROM lancamento")

    app.add_url_rule("/explode", view_func=explode)
    response = app.test_client().get("/explode")
    body = assert_error_shape(response, 500)
    text = response.get_data(as_text=True)
    assert "Traceback" not in text and "SELECT" not in text and "segredo" not in text
    assert body["erro"] == "Erro interno no servidor."


def test_security_headers_on_json_html_and_errors(open_app: Flask) -> None:
    client = open_app.test_client()
    html = client.get("/docs")
    assert html.mimetype == "text/html"
    csp = html.headers["Content-Security-Policy"]
    script_src = next(p for p in csp.split(";") if p.strip().startswith("script-src"))
    assert script_src.split() == ["script-src", "'self'"]  # no inline, no third party
    assert "frame-ancestors 'none'" in csp
    for response in (
        html,
        client.get("/movimentacao"),
        client.get("/nao-existe"),
        client.post("/movimentacao", data="x" * 70_000),
    ):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert "Content-Security-Policy" in response.headers
    api = client.get("/movimentacao")
    assert api.headers["Cache-Control"] == "no-store"
    assert api.headers["Content-Security-Policy"].startswith("default-src 'none'")


def test_a_body_over_64_kib_is_413_and_exactly_64_kib_is_read(
    open_app: FlaskClient, sqlite_engine: Engine
) -> None:
    client = open_app.test_client()  # type: ignore[attr-defined]
    exact = b'{"tipo": "saida", "valor": 1}'.ljust(64 * 1024)
    assert client.post("/movimentacao", data=exact).status_code == 201
    assert_error_shape(client.post("/movimentacao", data=exact + b" "), 413)
    assert count_lancamentos(sqlite_engine) == 1
