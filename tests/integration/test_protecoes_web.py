"""DESIGN §4 Security, on both services: Host, cross-site writes, sessions, guessing.

Each test drives the real apps through Flask's test client, on one database that both
services share (as `serve` runs them).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine

from fluxo_caixa.config import Settings
from fluxo_caixa.consolidado import create_app as create_consolidado
from fluxo_caixa.lancamentos import create_app as create_lancamentos
from support.ledger import count_lancamentos

TOKEN = "segredo-do-caixa-2026"
BODY = {"tipo": "entrada", "valor": "10.50"}
MESMA_ORIGEM = {"Origin": "http://localhost"}
COOKIE_CONSOLIDADO = "fluxo_sessao_consolidado"
COOKIE_LANCAMENTOS = "fluxo_sessao_lancamentos"

AppFactory = Callable[..., Flask]


@pytest.fixture
def make_app(sqlite_url: str, sqlite_engine: Engine) -> Callable[..., Flask]:
    def make(factory: AppFactory, **settings: object) -> Flask:
        return factory(Settings(database_url=sqlite_url, **settings), engine=sqlite_engine)  # type: ignore[arg-type]

    return make


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_error_shape(response: object, status: int) -> dict[str, object]:
    assert response.status_code == status  # type: ignore[attr-defined]
    assert response.mimetype == "application/json"  # type: ignore[attr-defined]
    body = response.get_json()  # type: ignore[attr-defined]
    assert set(body) == {"erro", "detalhes"} and body["erro"]
    return body  # type: ignore[no-any-return]


def sign_in(client: FlaskClient, headers: dict[str, str] = MESMA_ORIGEM) -> str:
    """Sign in on the dashboard; the session cookie's value."""
    response = client.post("/entrar", data={"token": TOKEN}, headers=headers)
    assert response.status_code == 303, response.get_data(as_text=True)
    cookie = client.get_cookie(COOKIE_CONSOLIDADO)
    assert cookie is not None
    return cookie.value


# -- cross-site writes ----------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://golpe.example"},
        {"Origin": "null"},
        {"Origin": "http://localhost:5001"},  # the other service: ports are origins
        {"Origin": "https://localhost"},  # another scheme
        {"Origin": "http://localhost.golpe.example"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "http://localhost", "Sec-Fetch-Site": "cross-site"},
    ],
)
def test_a_write_from_another_site_is_403_and_records_nothing(
    make_app: Callable[..., Flask], sqlite_engine: Engine, headers: dict[str, str]
) -> None:
    client = make_app(create_lancamentos).test_client()
    # The attack of issue 10: a no-cors fetch sends its JSON with no Content-Type.
    response = client.post("/movimentacao", data=b'{"tipo":"entrada","valor":"1"}', headers=headers)
    assert_error_shape(response, 403)
    assert_error_shape(client.post("/movimentacao/1/estorno", headers=headers), 403)
    assert count_lancamentos(sqlite_engine) == 0


@pytest.mark.parametrize(
    "headers",
    [
        {},  # curl, Postman, the seed's cliente.py, our client
        {"Origin": "http://localhost"},
        {"Origin": "http://localhost:80"},
        {"Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "none"},  # typed by the user in the address bar
    ],
)
def test_a_write_without_browser_headers_or_from_our_origin_works(
    make_app: Callable[..., Flask], sqlite_engine: Engine, headers: dict[str, str]
) -> None:
    client = make_app(create_lancamentos).test_client()
    assert client.post("/movimentacao", json=BODY, headers=headers).status_code == 201
    assert count_lancamentos(sqlite_engine) == 1


def test_cross_site_refusal_holds_on_the_consolidado_too(
    make_app: Callable[..., Flask],
) -> None:
    client = make_app(create_consolidado).test_client()
    assert_error_shape(client.post("/consolidado", headers={"Sec-Fetch-Site": "cross-site"}), 403)
    assert_error_shape(client.post("/consolidado"), 405)


def test_own_origin_is_the_one_the_request_reached(make_app: Callable[..., Flask]) -> None:
    client = make_app(create_lancamentos).test_client()
    headers = {"Host": "127.0.0.1:5000", "Origin": "http://127.0.0.1:5000"}
    assert client.post("/movimentacao", json=BODY, headers=headers).status_code == 201
    headers["Origin"] = "http://127.0.0.1:5001"
    assert_error_shape(client.post("/movimentacao", json=BODY, headers=headers), 403)


# -- Host (DNS rebinding) ---------------------------------------------------------------


@pytest.mark.parametrize("factory", [create_lancamentos, create_consolidado])
@pytest.mark.parametrize("host", ["golpe.example", "golpe.example:5000", "127.0.0.1.nip.io", ""])
@pytest.mark.parametrize("path", ["/movimentacao", "/saude", "/"])
def test_a_host_we_do_not_serve_is_400(
    make_app: Callable[..., Flask], factory: AppFactory, host: str, path: str
) -> None:
    client = make_app(factory).test_client()
    body = assert_error_shape(client.get(path, headers={"Host": host}), 400)
    assert "FLUXO_ALLOWED_HOSTS" in str(body["erro"])


@pytest.mark.parametrize("factory", [create_lancamentos, create_consolidado])
@pytest.mark.parametrize(
    "host", ["localhost", "LOCALHOST:5000", "127.0.0.1:5000", "127.8.9.10", "[::1]:5001"]
)
def test_loopback_names_are_served_with_any_port(
    make_app: Callable[..., Flask], factory: AppFactory, host: str
) -> None:
    client = make_app(factory).test_client()
    assert client.get("/saude", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize("factory", [create_lancamentos, create_consolidado])
def test_hosts_in_fluxo_allowed_hosts_are_served(
    make_app: Callable[..., Flask], factory: AppFactory
) -> None:
    app = make_app(factory, allowed_hosts=frozenset({"caixa.loja.com.br", "192.168.0.10"}))
    client = app.test_client()
    for host in ("caixa.loja.com.br", "Caixa.Loja.com.br:8443", "192.168.0.10:5000"):
        assert client.get("/saude", headers={"Host": host}).status_code == 200
    assert_error_shape(client.get("/saude", headers={"Host": "outra.loja.com.br"}), 400)


# -- sessions -----------------------------------------------------------------------------


def test_each_service_accepts_only_its_own_session_cookie(
    make_app: Callable[..., Flask], sqlite_engine: Engine
) -> None:
    consolidado = make_app(create_consolidado, api_token=TOKEN).test_client()
    valor = sign_in(consolidado)
    assert consolidado.get("/consolidado").status_code == 200

    lancamentos = make_app(create_lancamentos, api_token=TOKEN).test_client()
    # Cookies do not separate ports: the browser sends the dashboard's cookie to :5000 too.
    lancamentos.set_cookie(COOKIE_CONSOLIDADO, valor)
    assert_error_shape(lancamentos.post("/movimentacao", json=BODY), 401)
    # Nor does the value open anything under lançamentos' own cookie name.
    lancamentos.set_cookie(COOKIE_LANCAMENTOS, valor)
    assert_error_shape(lancamentos.post("/movimentacao", json=BODY), 401)
    assert count_lancamentos(sqlite_engine) == 0


def test_sair_ends_the_session_on_the_server(make_app: Callable[..., Flask]) -> None:
    app = make_app(create_consolidado, api_token=TOKEN)
    client = app.test_client()
    valor = sign_in(client)
    assert client.post("/sair", headers=MESMA_ORIGEM).status_code == 303

    replay = app.test_client()
    replay.set_cookie(COOKIE_CONSOLIDADO, valor)
    assert_error_shape(replay.get("/consolidado"), 401)
    assert 'action="/entrar"' in replay.get("/").get_data(as_text=True)


def test_a_changed_token_ends_every_session(make_app: Callable[..., Flask]) -> None:
    valor = sign_in(make_app(create_consolidado, api_token=TOKEN).test_client())
    trocado = make_app(create_consolidado, api_token="outro-token-novo").test_client()
    trocado.set_cookie(COOKIE_CONSOLIDADO, valor)
    assert_error_shape(trocado.get("/consolidado"), 401)


def test_the_cookie_holds_only_a_random_value(make_app: Callable[..., Flask]) -> None:
    client = make_app(create_consolidado, api_token=TOKEN).test_client()
    response = client.post("/entrar", data={"token": TOKEN}, headers=MESMA_ORIGEM)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain HTTP: a Secure cookie would never come back
    valor = sign_in(make_app(create_consolidado, api_token=TOKEN).test_client())
    assert TOKEN not in cookie and len(valor) >= 43


def test_the_cookie_is_secure_over_https(make_app: Callable[..., Flask]) -> None:
    client = make_app(create_consolidado, api_token=TOKEN).test_client()
    response = client.post(
        "/entrar",
        data={"token": TOKEN},
        headers={"Origin": "https://localhost"},
        base_url="https://localhost",
    )
    assert response.status_code == 303
    assert "Secure" in response.headers["Set-Cookie"]


def test_the_cookie_is_secure_behind_a_trusted_tls_proxy(make_app: Callable[..., Flask]) -> None:
    proxied = {
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "caixa.loja.com.br",
        "X-Forwarded-For": "203.0.113.7",
        "Origin": "https://caixa.loja.com.br",
    }
    app = make_app(
        create_consolidado,
        api_token=TOKEN,
        trusted_proxies=1,
        allowed_hosts=frozenset({"caixa.loja.com.br"}),
    )
    response = app.test_client().post("/entrar", data={"token": TOKEN}, headers=proxied)
    assert response.status_code == 303
    assert "Secure" in response.headers["Set-Cookie"]


def test_forwarded_headers_are_ignored_without_trusted_proxies(
    make_app: Callable[..., Flask],
) -> None:
    client = make_app(create_consolidado, api_token=TOKEN).test_client()
    headers = {"X-Forwarded-Proto": "https", **MESMA_ORIGEM}
    response = client.post("/entrar", data={"token": TOKEN}, headers=headers)
    assert response.status_code == 303
    assert "Secure" not in response.headers["Set-Cookie"]


# -- guessing -----------------------------------------------------------------------------


def test_the_eleventh_wrong_token_in_a_minute_is_429(
    make_app: Callable[..., Flask], sqlite_engine: Engine
) -> None:
    app = make_app(create_lancamentos, api_token=TOKEN)
    client = app.test_client()
    for _ in range(10):
        assert_error_shape(client.get("/movimentacao", headers=bearer("chute")), 401)
    response = client.get("/movimentacao", headers=bearer("chute"))
    assert_error_shape(response, 429)
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    # While blocked, even the right token from that address tells nothing.
    assert_error_shape(client.post("/movimentacao", json=BODY, headers=bearer(TOKEN)), 429)
    # Everyone else goes on working.
    outro = app.test_client()
    outro.environ_base["REMOTE_ADDR"] = "192.0.2.50"
    assert outro.post("/movimentacao", json=BODY, headers=bearer(TOKEN)).status_code == 201
    assert count_lancamentos(sqlite_engine) == 1


def test_a_guesser_changing_address_inside_one_ipv6_slash_64_is_still_429(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(create_lancamentos, api_token=TOKEN)
    for host in range(1, 11):
        cliente = app.test_client()
        cliente.environ_base["REMOTE_ADDR"] = f"2001:db8:7:7::{host:x}"
        assert_error_shape(cliente.get("/movimentacao", headers=bearer("chute")), 401)
    novo = app.test_client()
    novo.environ_base["REMOTE_ADDR"] = "2001:db8:7:7:ffff::1"
    assert_error_shape(novo.get("/movimentacao", headers=bearer("chute")), 429)
    vizinho = app.test_client()
    vizinho.environ_base["REMOTE_ADDR"] = "2001:db8:7:8::1"
    assert vizinho.get("/movimentacao", headers=bearer(TOKEN)).status_code == 200


def test_wrong_sign_ins_count_too_and_across_services(make_app: Callable[..., Flask]) -> None:
    lancamentos = make_app(create_lancamentos, api_token=TOKEN).test_client()
    for _ in range(5):
        assert_error_shape(lancamentos.get("/movimentacao", headers=bearer("chute")), 401)
    consolidado = make_app(create_consolidado, api_token=TOKEN).test_client()
    for _ in range(5):
        errado = consolidado.post("/entrar", data={"token": "chute"}, headers=MESMA_ORIGEM)
        assert errado.status_code == 200 and "Token incorreto" in errado.get_data(as_text=True)
    response = consolidado.post("/entrar", data={"token": TOKEN}, headers=MESMA_ORIGEM)
    assert_error_shape(response, 429)
    assert int(response.headers["Retry-After"]) >= 1
    assert response.headers.get("Set-Cookie") is None


def test_the_client_address_behind_a_trusted_proxy_is_the_forwarded_one(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(create_lancamentos, api_token=TOKEN, trusted_proxies=1)
    client = app.test_client()
    atacante = {"X-Forwarded-For": "203.0.113.7", **bearer("chute")}
    for _ in range(10):
        client.get("/movimentacao", headers=atacante)
    assert_error_shape(client.get("/movimentacao", headers=atacante), 429)
    # Same proxy (same REMOTE_ADDR on the socket), another client behind it.
    lojista = {"X-Forwarded-For": "198.51.100.20", **bearer(TOKEN)}
    assert client.get("/movimentacao", headers=lojista).status_code == 200
