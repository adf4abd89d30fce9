"""The dashboard's server side: the shell, its security headers, its assets and the login.

What the page draws is tested in a real browser (tests/e2e/test_painel_navegador.py).
"""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine

from fluxo_caixa.config import Settings
from fluxo_caixa.consolidado import create_app
from support.entrada_web import MESMA_ORIGEM, TOKEN, assert_entrar_sair_recusados, cliente_com_token
from support.html import ler
from support.ledger import lancar

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


@pytest.fixture
def token_client(settings: Settings, engine: Engine) -> FlaskClient:
    return cliente_com_token(create_app, settings, engine)


def test_dashboard_shell_is_portuguese_html_with_only_own_scripts(
    consolidado_client: FlaskClient,
) -> None:
    response = consolidado_client.get("/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert '<html lang="pt-BR">' in html
    for texto in ("Entradas", "Saídas", "Saldo", "Registros", "Hoje", "7 dias", "Este mês"):
        assert texto in html
    # The merchant's "today" and time zone come from the server, not the browser.
    assert 'data-hoje="2025-03-31"' in html and 'data-tz="America/Sao_Paulo"' in html
    pagina = ler(html)
    assert [s.get("src") for s in pagina.scripts] == [
        "/painel/static/chartjs/chart.umd.min.js",
        "/painel/static/painel.js",
    ]
    assert pagina.script_bodies == []
    assert (pagina.style_tags, pagina.style_attributes, pagina.event_handlers) == (0, 0, 0)


def test_dashboard_csp_forbids_inline_and_third_party_scripts(
    consolidado_client: FlaskClient,
) -> None:
    response = consolidado_client.get("/")
    csp = dict(
        diretiva.strip().split(" ", 1)
        for diretiva in response.headers["Content-Security-Policy"].split(";")
    )
    assert csp["script-src"] == "'self'"
    assert csp["style-src"] == "'self'"
    assert csp["default-src"] == "'none'"
    assert csp["connect-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert "unsafe" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"


def test_static_assets_are_served_from_the_package(consolidado_client: FlaskClient) -> None:
    for caminho, tipo in [
        ("/painel/static/painel.js", "text/javascript"),
        ("/painel/static/painel.css", "text/css"),
        ("/painel/static/chartjs/chart.umd.min.js", "text/javascript"),
        ("/painel/static/favicon.svg", "image/svg+xml"),
    ]:
        with consolidado_client.get(caminho) as response:
            assert response.status_code == 200, caminho
            assert response.mimetype == tipo, caminho


def test_unknown_path_is_still_the_json_error_shape(consolidado_client: FlaskClient) -> None:
    response = consolidado_client.get("/painel/static/nao-existe.js")
    assert response.status_code == 404
    assert response.get_json() == {"erro": "Recurso não encontrado.", "detalhes": []}


# -- token mode -------------------------------------------------------------------


def test_with_token_the_page_is_a_login_form_and_the_api_stays_closed(
    token_client: FlaskClient,
) -> None:
    response = token_client.get("/?inicio=2025-03-01")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    pagina = ler(html)
    assert [(f.get("method"), f.get("action")) for f in pagina.forms] == [("post", "/entrar")]
    assert 'type="password"' in html
    assert 'id="painel"' not in html and "/consolidado" not in html
    assert pagina.scripts == []
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert token_client.get("/consolidado").status_code == 401
    assert token_client.get("/consolidado.csv").status_code == 401
    # The login page needs its stylesheet before anyone signs in.
    with token_client.get("/painel/static/painel.css") as css:
        assert css.status_code == 200


def test_wrong_token_shows_the_form_again_and_opens_nothing(token_client: FlaskClient) -> None:
    response = token_client.post("/entrar", data={"token": "errado"}, headers=MESMA_ORIGEM)
    assert response.status_code == 200
    assert "Token incorreto" in response.get_data(as_text=True)
    assert response.headers.get("Set-Cookie") is None
    assert token_client.get("/consolidado").status_code == 401


def test_right_token_sets_an_httponly_strict_cookie_that_opens_page_api_and_files(
    token_client: FlaskClient,
) -> None:
    response = token_client.post("/entrar", data={"token": f" {TOKEN} "}, headers=MESMA_ORIGEM)
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("fluxo_sessao_consolidado=")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Expires=" in cookie
    assert TOKEN not in cookie

    assert 'id="painel"' in token_client.get("/").get_data(as_text=True)
    assert token_client.get("/consolidado").status_code == 200
    with token_client.get("/consolidado.xlsx") as arquivo:
        assert arquivo.status_code == 200
    pagina = ler(token_client.get("/").get_data(as_text=True))
    assert ("post", "/sair") in [(f.get("method"), f.get("action")) for f in pagina.forms]

    sair = token_client.post("/sair", headers=MESMA_ORIGEM)
    assert sair.status_code == 303
    assert token_client.get("/consolidado").status_code == 401
    assert 'id="painel"' not in token_client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://golpe.example"},
        {"Origin": "null"},
        {},
        {"Sec-Fetch-Site": "cross-site"},
        {"Origin": "http://localhost.golpe.example"},
    ],
    ids=["other-site", "null-origin", "no-origin", "cross-site-fetch", "look-alike-host"],
)
def test_login_and_logout_from_another_site_are_refused(
    token_client: FlaskClient, headers: dict[str, str]
) -> None:
    assert_entrar_sair_recusados(
        token_client, headers, "Envie o formulário pela própria página do painel."
    )


def test_same_origin_by_fetch_metadata_when_origin_is_hidden(token_client: FlaskClient) -> None:
    response = token_client.post(
        "/entrar", data={"token": TOKEN}, headers={"Sec-Fetch-Site": "same-origin"}
    )
    assert response.status_code == 303
    # DESIGN §4: an Origin of "null" is foreign, whatever Sec-Fetch-Site says.
    headers = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}
    assert token_client.post("/entrar", data={"token": TOKEN}, headers=headers).status_code == 403


def test_the_bearer_token_still_works_for_scripts(token_client: FlaskClient) -> None:
    response = token_client.get("/consolidado", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200


def test_without_token_there_is_no_sair_and_entrar_just_goes_home(
    consolidado_client: FlaskClient,
) -> None:
    html = consolidado_client.get("/").get_data(as_text=True)
    assert [(f.get("method"), f.get("action")) for f in ler(html).forms] == [("get", "/")]
    response = consolidado_client.post("/entrar", data={"token": "x"}, headers=MESMA_ORIGEM)
    assert response.status_code == 303 and response.headers["Location"] == "/"


def test_unchanged_period_is_a_304_for_the_polling_page(
    consolidado_client: FlaskClient, engine: Engine
) -> None:
    url = "/consolidado?inicio=2025-03-01&fim=2025-03-31"
    primeira = consolidado_client.get(url)
    etag = primeira.headers["ETag"]
    assert primeira.headers["Cache-Control"] == "private, no-cache"
    repetida = consolidado_client.get(url, headers={"If-None-Match": etag})
    assert repetida.status_code == 304 and repetida.data == b""

    lancar(engine, ("entrada", 1234, date(2025, 3, 10)))
    mudou = consolidado_client.get(url, headers={"If-None-Match": etag})
    assert mudou.status_code == 200 and mudou.headers["ETag"] != etag
    assert mudou.get_json()["totais"]["entradas"] == "12.34"


# -- forma and categoria filters ------------------------------------------------------


class Selecoes(HTMLParser):
    """Each <select> of a page by id: its options as (value, label, selected)."""

    def __init__(self) -> None:
        super().__init__()
        self.selects: dict[str, list[tuple[str, str, bool]]] = {}
        self._select: str | None = None
        self._option: tuple[str, bool] | None = None
        self._texto = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        atributos = dict(attrs)
        if tag == "select":
            self._select = atributos.get("id") or ""
            self.selects[self._select] = []
        elif tag == "option" and self._select is not None:
            self._option = (atributos.get("value") or "", "selected" in atributos)
            self._texto = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self._select is not None and self._option is not None:
            valor, escolhida = self._option
            self.selects[self._select].append((valor, self._texto.strip(), escolhida))
            self._option = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._texto += data


def selecoes(html: str) -> dict[str, list[tuple[str, str, bool]]]:
    parser = Selecoes()
    parser.feed(html)
    return parser.selects


def test_forma_filter_offers_every_forma_in_portuguese_with_labels(
    consolidado_client: FlaskClient,
) -> None:
    html = consolidado_client.get("/").get_data(as_text=True)
    formas = selecoes(html)["filtro-forma"]
    assert [(valor, rotulo) for valor, rotulo, _ in formas] == [
        ("", "Todas"),
        ("dinheiro", "Dinheiro"),
        ("pix", "PIX"),
        ("debito", "Débito"),
        ("credito", "Crédito"),
        ("boleto", "Boleto"),
        ("transferencia", "Transferência"),
        ("outro", "Outro"),
    ]
    assert not any(escolhida for _, _, escolhida in formas)
    assert selecoes(html)["filtro-categoria"] == [("", "Todas", False)]
    # Both selects are named by a visible label, and the page knows where the breakdowns are.
    assert '<label for="filtro-forma">Forma de pagamento</label>' in html
    assert '<label for="filtro-categoria">Categoria</label>' in html
    assert 'data-api-detalhado="/consolidado/detalhado"' in html
    for texto in ("por forma de pagamento", "Saídas por categoria", "Entradas por categoria"):
        assert texto in html


def test_url_filters_are_already_selected_in_the_shell(consolidado_client: FlaskClient) -> None:
    url = (
        "/?inicio=2025-03-01&fim=2025-03-31&tipo=saida&forma_pagamento=pix&categoria=Aluguel"
        "&caixa=Caixa+2"
    )
    html = consolidado_client.get(url).get_data(as_text=True)
    escolhidas = {
        nome: [valor for valor, _, escolhida in opcoes if escolhida]
        for nome, opcoes in selecoes(html).items()
    }
    assert escolhidas == {
        "filtro-forma": ["pix"],
        "filtro-categoria": ["Aluguel"],
        "filtro-caixa": ["Caixa 2"],
    }


def test_a_hostile_categoria_in_the_url_is_text_and_the_csp_is_unchanged(
    consolidado_client: FlaskClient,
) -> None:
    ataque = '"><script>alert(1)</script>'
    response = consolidado_client.get(
        "/", query_string={"categoria": ataque, "forma_pagamento": "x"}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    pagina = ler(html)
    assert pagina.script_bodies == [] and len(pagina.scripts) == 2
    assert (pagina.style_tags, pagina.style_attributes, pagina.event_handlers) == (0, 0, 0)
    assert selecoes(html)["filtro-categoria"][-1] == (ataque, ataque, True)
    # An unknown forma selects nothing: the API answers it with its 422.
    assert not any(escolhida for _, _, escolhida in selecoes(html)["filtro-forma"])
    assert "script-src 'self';" in response.headers["Content-Security-Policy"]
    assert "unsafe" not in response.headers["Content-Security-Policy"]


def test_caixa_filter_quebras_and_closed_days_are_read_from_this_service(
    consolidado_client: FlaskClient,
) -> None:
    html = consolidado_client.get("/").get_data(as_text=True)
    assert selecoes(html)["filtro-caixa"] == [("", "Todos", False)]
    assert '<label for="filtro-caixa">Caixa</label>' in html
    # The page reads the caixas, the closed days and the quebras from the consolidado.
    for atributo in ('data-api-dias="/dias"', 'data-api-quebras="/caixa/quebras"',
                     'data-api-caixas="/caixas"'):  # fmt: skip
        assert atributo in html
    assert "Quebras de caixa" in html
    pagina = ler(html)
    assert (pagina.style_tags, pagina.style_attributes, pagina.event_handlers) == (0, 0, 0)
