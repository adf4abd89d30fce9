"""dinheiro.js in Chromium: money typed the Brazilian way becomes the API's exact string.

The module runs as the app loads it (an ES module from the service, under its CSP).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from support.caixa_web import lancamentos, pronto
from support.navegador import aba, chromium

pytestmark = pytest.mark.slow

VALIDOS = {
    "10,50": "10.50",
    "10,5": "10.50",
    "10": "10.00",
    ",5": "0.50",
    "0,01": "0.01",
    "1.234,56": "1234.56",
    "1.234": "1234.00",  # a dot before three digits separates thousands
    "12.345.678,90": "12345678.90",
    "10.5": "10.50",  # a keypad with only a dot
    "10.50": "10.50",
    " R$ 1.234,56 ": "1234.56",
    "R$\u00a07": "7.00",
    "99.999.999,99": "99999999.99",
    "0,10": "0.10",
    "10,": "10.00",
    "000,30": "0.30",
}
INVALIDOS = {
    "": "Informe o valor.",
    "   ": "Informe o valor.",
    "0": "maior que zero",
    "0,00": "maior que zero",
    "-5": "maior que zero",
    "10,505": "no máximo dois dígitos",
    "100.000.000,00": "máximo é R$ 99.999.999,99",
    "1,2,3": "Digite o valor",
    "1.23.456": "Digite o valor",
    "1.2345": "no máximo dois dígitos",
    "dez": "Digite o valor",
    "1e3": "Digite o valor",
    "١٠": "Digite o valor",  # Arabic-Indic digits are not ours
    "NaN": "Digite o valor",
    "Infinity": "Digite o valor",
}


@pytest.fixture(scope="module")
def pagina(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    pasta = tmp_path_factory.mktemp("dinheiro")
    with lancamentos(pasta) as servico, chromium() as browser, aba(browser) as resultado:
        resultado.page.goto(f"{servico.url}/")
        pronto(resultado.page)
        yield resultado.page


def test_brazilian_input_becomes_the_apis_exact_decimal_string(pagina: Page) -> None:
    obtidos = pagina.evaluate(
        """async (entradas) => {
            const d = await import('/app/dinheiro.js');
            return Object.fromEntries(entradas.map((t) => [t, d.paraApi(t)]));
        }""",
        list(VALIDOS),
    )
    assert obtidos == VALIDOS


def test_what_is_not_money_is_refused_with_a_portuguese_reason(pagina: Page) -> None:
    obtidos = pagina.evaluate(
        """async (entradas) => {
            const d = await import('/app/dinheiro.js');
            return Object.fromEntries(entradas.map((t) => {
                try { return [t, "aceito: " + d.paraApi(t)]; }
                catch (e) {
                    return [t, (e instanceof d.ValorInvalido ? "" : "outro: ") + e.message];
                }
            }));
        }""",
        list(INVALIDOS),
    )
    for entrada, trecho in INVALIDOS.items():
        assert trecho in obtidos[entrada], (entrada, obtidos[entrada])


def test_amounts_are_shown_the_brazilian_way_from_exact_centavos(pagina: Page) -> None:
    obtidos = pagina.evaluate(
        """async () => {
            const d = await import('/app/dinheiro.js');
            return [
                d.brl("1110.00"), d.brl("-50.00"), d.brl("0.10"), d.brl(123456789n),
                d.brl("99999999.99"), d.paraCampo("1234.5"), d.decimal(d.centavos("0.07") * 3n),
                // 0.1 + 0.2 in floats is 0.30000000000000004; in centavos it is exact.
                d.decimal(d.lerCentavos("0,10") + d.lerCentavos("0,20")),
            ];
        }"""
    )
    assert [t.replace("\xa0", " ") for t in obtidos] == [
        "R$ 1.110,00",
        "-R$ 50,00",
        "R$ 0,10",
        "R$ 1.234.567,89",
        "R$ 99.999.999,99",
        "1.234,50",
        "0.21",
        "0.30",
    ]
