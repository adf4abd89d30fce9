"""The caixa app's server side: its shell, headers, files, worker, manifest and sign-in.

What the app does in a browser is tested in Chromium (tests/e2e/test_caixa_*_navegador.py).
"""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine

from fluxo_caixa.config import Settings
from fluxo_caixa.lancamentos import create_app
from support.entrada_web import MESMA_ORIGEM, TOKEN, assert_entrar_sair_recusados, cliente_com_token
from support.html import ler

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


@pytest.fixture
def token_client(settings: Settings, engine: Engine) -> FlaskClient:
    return cliente_com_token(create_app, settings, engine)


def csp(header: str) -> dict[str, str]:
    return dict(d.strip().split(" ", 1) for d in header.split(";"))


def test_the_shell_is_portuguese_html_with_four_screens_and_only_its_own_module(
    client: FlaskClient,
) -> None:
    response = client.get("/")
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert '<html lang="pt-BR">' in html
    for tela in ("lancar", "hoje", "caixa", "fechar"):
        assert re.search(rf'<section id="tela-{tela}" class="tela" data-tela="{tela}"', html)
        assert f'href="#{tela}"' in html
    for rotulo in ("Lançar", "Hoje", "Caixa", "Fechar o dia", "Registrar"):
        assert rotulo in html
    assert 'inputmode="decimal"' in html
    assert 'data-tz="America/Sao_Paulo"' in html
    pagina = ler(html)
    assert pagina.scripts == [{"type": "module", "src": "/app/app.js"}]
    assert pagina.script_bodies == []
    assert (pagina.style_tags, pagina.style_attributes, pagina.event_handlers) == (0, 0, 0)
    assert "http://" not in html.replace('data-consolidado="http://localhost:5001"', "")
    # The marker that lets the service worker keep this page (and never a login form).
    assert response.headers["X-Caixa-App"]


def test_the_shell_csp_forbids_inline_and_third_party_code(client: FlaskClient) -> None:
    response = client.get("/")
    politica = csp(response.headers["Content-Security-Policy"])
    assert politica["default-src"] == "'none'"
    assert politica["script-src"] == "'self'"
    assert politica["style-src"] == "'self'"
    assert politica["connect-src"] == "'self'"
    assert politica["manifest-src"] == "'self'"
    assert politica["worker-src"] == "'self'"
    assert politica["frame-ancestors"] == "'none'"
    assert "unsafe" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_the_consolidado_link_follows_the_browsers_host_or_the_setting(
    settings: Settings, engine: Engine
) -> None:
    derivado = create_app(settings.with_overrides(port_consolidado=6001), engine=engine)
    html = derivado.test_client().get("/", base_url="http://127.0.0.1:5000").get_data(as_text=True)
    assert 'data-consolidado="http://127.0.0.1:6001"' in html
    fixo = create_app(
        settings.with_overrides(consolidado_url_publica="https://relatorios.loja"), engine=engine
    )
    assert 'data-consolidado="https://relatorios.loja"' in fixo.test_client().get("/").get_data(
        as_text=True
    )


def test_the_apps_files_are_served_with_their_types(client: FlaskClient) -> None:
    for caminho, tipo in [
        ("/app/app.js", "text/javascript"),
        ("/app/api.js", "text/javascript"),
        ("/app/dinheiro.js", "text/javascript"),
        ("/app/caixa.js", "text/javascript"),
        ("/app/fechar.js", "text/javascript"),
        ("/app/leitura.js", "text/javascript"),
        ("/app/app.css", "text/css"),
        ("/app/icone.svg", "image/svg+xml"),
        ("/app/icone-192.png", "image/png"),
        ("/app/icone-512.png", "image/png"),
    ]:
        with client.get(caminho) as response:
            assert response.status_code == 200, caminho
            assert response.mimetype == tipo, caminho


def test_png_icons_have_the_sizes_the_manifest_names(client: FlaskClient) -> None:
    manifesto = client.get("/manifest.webmanifest")
    assert manifesto.mimetype == "application/manifest+json"
    dados = manifesto.get_json(force=True)
    assert dados["lang"] == "pt-BR" and dados["start_url"] == "/" and dados["scope"] == "/"
    assert dados["display"] == "standalone"
    for icone in dados["icons"]:
        with client.get(icone["src"]) as response:
            assert response.status_code == 200
            assert response.mimetype == icone["type"]
            if icone["type"] == "image/png":
                corpo = response.get_data()
                assert corpo[:8] == b"\x89PNG\r\n\x1a\n"
                largura = int.from_bytes(corpo[16:20], "big")
                altura = int.from_bytes(corpo[20:24], "big")
                assert f"{largura}x{altura}" == icone["sizes"]


def test_the_service_worker_sits_at_the_root_named_after_the_apps_version(
    client: FlaskClient,
) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert csp(response.headers["Content-Security-Policy"])["connect-src"] == "'self'"
    codigo = response.get_data(as_text=True)
    versao = client.get("/").headers["X-Caixa-App"]
    assert f'const VERSAO = "{versao}";' in codigo
    for arquivo in ("/app/app.js", "/app/api.js", "/app/app.css", "/app/icone-192.png"):
        assert f'"{arquivo}"' in codigo


# -- token mode -------------------------------------------------------------------


def test_with_token_the_app_asks_for_it_and_the_api_stays_closed(
    token_client: FlaskClient,
) -> None:
    response = token_client.get("/")
    assert response.status_code == 200
    pagina = ler(response.get_data(as_text=True))
    assert [(f.get("method"), f.get("action")) for f in pagina.forms] == [("post", "/entrar")]
    assert pagina.scripts == []
    assert "X-Caixa-App" not in response.headers
    assert token_client.get("/movimentacao").status_code == 401
    # What the login page and an installing browser need opens without a session.
    for caminho in ("/app/app.css", "/manifest.webmanifest", "/sw.js", "/app/icone-192.png"):
        with token_client.get(caminho) as aberto:
            assert aberto.status_code == 200, caminho


def test_the_right_token_opens_a_strict_httponly_session_of_this_service(
    token_client: FlaskClient,
) -> None:
    errado = token_client.post("/entrar", data={"token": "errado"}, headers=MESMA_ORIGEM)
    assert errado.status_code == 200 and "Token incorreto" in errado.get_data(as_text=True)
    assert errado.headers.get("Set-Cookie") is None

    response = token_client.post("/entrar", data={"token": TOKEN}, headers=MESMA_ORIGEM)
    assert response.status_code == 303 and response.headers["Location"] == "/"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("fluxo_sessao_lancamentos=")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert TOKEN not in cookie
    assert "X-Caixa-App" in token_client.get("/").headers
    assert token_client.get("/movimentacao").status_code == 200

    assert token_client.post("/sair", headers=MESMA_ORIGEM).status_code == 303
    assert token_client.get("/movimentacao").status_code == 401


@pytest.mark.parametrize(
    "headers",
    [{"Origin": "https://golpe.example"}, {"Origin": "null"}, {}, {"Sec-Fetch-Site": "cross-site"}],
    ids=["other-site", "null-origin", "no-origin", "cross-site-fetch"],
)
def test_signing_in_or_out_from_another_site_is_refused(
    token_client: FlaskClient, headers: dict[str, str]
) -> None:
    assert_entrar_sair_recusados(
        token_client, headers, "Envie o formulário pela própria página do caixa."
    )


def test_the_dashboards_cookie_opens_nothing_here(
    token_client: FlaskClient,
) -> None:
    token_client.set_cookie("fluxo_sessao_consolidado", "qualquer")
    assert "X-Caixa-App" not in token_client.get("/").headers
    assert token_client.get("/movimentacao").status_code == 401
