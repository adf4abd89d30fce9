"""The markup of the caixa app's Caixa and Fechar o dia screens, as the shell serves it.

What the screens do is tested in Chromium (tests/e2e/test_caixa_rotina_navegador.py);
here, what the server renders must agree with the domain and be reachable by everyone.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from flask.testing import FlaskClient

from fluxo_caixa.domain.caixa import CEDULAS
from fluxo_caixa.domain.pagamento import FormaPagamento

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)

CAMPOS = ("input", "select", "textarea")


class Tela(HTMLParser):
    """The fields of one <section id=...> of the shell, and what labels them."""

    def __init__(self, ident: str) -> None:
        super().__init__()
        self.ident = ident
        self.profundidade = 0  # inside the section: how many open <section>s
        self.attrs: dict[str, str | None] = {}
        self.campos: list[dict[str, str | None]] = []
        self.rotulados: set[str] = set()
        self.em_label = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        dados = dict(attrs)
        if tag == "section" and (self.profundidade or dados.get("id") == self.ident):
            if not self.profundidade:
                self.attrs = dados
            self.profundidade += 1
        if not self.profundidade:
            return
        if tag == "label":
            self.em_label += 1
            if dados.get("for"):
                self.rotulados.add(str(dados["for"]))
        elif tag in CAMPOS:
            self.campos.append({**dados, "rotulado": "sim" if self.em_label else None})

    def handle_endtag(self, tag: str) -> None:
        if tag == "section" and self.profundidade:
            self.profundidade -= 1
        elif tag == "label" and self.em_label:
            self.em_label -= 1


def tela(client: FlaskClient, ident: str) -> Tela:
    html = client.get("/").get_data(as_text=True)
    lida = Tela(ident)
    lida.feed(html)
    assert lida.attrs, ident
    return lida


@pytest.mark.parametrize("ident", ["tela-caixa", "tela-fechar"])
def test_every_field_of_the_cash_screens_has_a_label(client: FlaskClient, ident: str) -> None:
    lida = tela(client, ident)
    assert lida.campos
    for campo in lida.campos:
        assert campo["rotulado"] or campo.get("id") in lida.rotulados, campo


def test_the_counting_forms_hold_every_note_and_coin_the_api_takes(client: FlaskClient) -> None:
    lida = tela(client, "tela-caixa")
    for contagem in ("abertura-contagem", "fechamento-contagem"):
        cedulas = {
            str(c["data-cedula"]): int(str(c["data-centavos"]))
            for c in lida.campos
            if str(c.get("id", "")).startswith(f"{contagem}-q-")
        }
        assert cedulas == CEDULAS, contagem
    # Quantities are typed on a numeric keypad, as text: no float ever reads them.
    quantidades = [c for c in lida.campos if c.get("data-cedula")]
    assert {(c["type"], c["inputmode"]) for c in quantidades} == {("text", "numeric")}


def test_the_closing_count_asks_what_every_other_forma_shows(client: FlaskClient) -> None:
    lida = tela(client, "tela-caixa")
    formas = [c["data-forma"] for c in lida.campos if c.get("data-forma")]
    assert formas == [f.value for f in FormaPagamento if f is not FormaPagamento.DINHEIRO]
