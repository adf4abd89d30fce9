from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fluxo_caixa.domain import dinheiro
from fluxo_caixa.domain.dinheiro import MAXIMO_CENTAVOS, ValorInvalido

centavos = st.integers(min_value=1, max_value=MAXIMO_CENTAVOS)


@given(centavos)
def test_formatted_money_parses_back_to_the_same_centavos(valor: int) -> None:
    assert dinheiro.centavos_de(dinheiro.formatar(valor)) == valor


@given(centavos)
def test_decimal_reais_parse_to_the_same_centavos(valor: int) -> None:
    assert dinheiro.centavos_de(dinheiro.para_decimal(valor)) == valor


@given(centavos)
def test_brazilian_format_parses_back_to_the_same_centavos(valor: int) -> None:
    assert dinheiro.centavos_de_texto_brasileiro(dinheiro.formatar_brl(valor)) == valor


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_formatting_is_exact_for_any_integer(valor: int) -> None:
    texto = dinheiro.formatar(valor)
    assert Decimal(texto) * 100 == valor
    assert texto.rpartition(".")[2].isdigit() and len(texto.rpartition(".")[2]) == 2
    assert texto == ("-" if valor < 0 else "") + f"{abs(valor) // 100}.{abs(valor) % 100:02d}"


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_a_binary_float_is_never_accepted(valor: float) -> None:
    with pytest.raises(ValorInvalido):
        dinheiro.centavos_de(valor)


@pytest.mark.parametrize(
    ("entrada", "esperado"),
    [
        (100, 10000),
        (Decimal("10.5"), 1050),
        (Decimal("10.50"), 1050),
        ("10.50", 1050),
        (" 7 ", 700),
        (Decimal("0.01"), 1),
        (Decimal("99999999.99"), MAXIMO_CENTAVOS),
        (Decimal("10.500"), 1050),
    ],
)
def test_valid_valores(entrada: object, esperado: int) -> None:
    assert dinheiro.centavos_de(entrada) == esperado


@pytest.mark.parametrize(
    ("entrada", "mensagem"),
    [
        (0, "maior que zero"),
        (-1, "maior que zero"),
        (Decimal("0.001"), "duas casas"),
        (Decimal("1e308"), "no máximo"),
        (Decimal("1E+999999999"), "no máximo"),
        (100000000, "no máximo"),
        (Decimal("NaN"), "finito"),
        (Decimal("Infinity"), "finito"),
        (True, "número"),
        (None, "número"),
        ("abc", "número"),
        ("1e3", "número"),
        ("", "número"),
        ("\u0667", "número"),  # an Arabic-Indic seven is not a valor
        ("\x1c7", "número"),  # nor is a control character Python would strip
        ([1], "número"),
    ],
)
def test_invalid_valores_say_why(entrada: object, mensagem: str) -> None:
    with pytest.raises(ValorInvalido, match=mensagem):
        dinheiro.centavos_de(entrada)


@pytest.mark.parametrize(
    ("texto", "esperado"),
    [
        ("100", 10000),
        ("10,50", 1050),
        ("1.234,56", 123456),
        ("10.50", 1050),
        ("R$ 10,50", 1050),
        ("R$1.000", 100000),
        ("1.234", 123400),
        ("0,01", 1),
    ],
)
def test_brazilian_text(texto: str, esperado: int) -> None:
    assert dinheiro.centavos_de_texto_brasileiro(texto) == esperado


@pytest.mark.parametrize("texto", ["", "abc", "1,2,3", "12.34.5", "1.23,4,5", "-5", "0", "10,505"])
def test_brazilian_text_rejects_nonsense(texto: str) -> None:
    with pytest.raises(ValorInvalido):
        dinheiro.centavos_de_texto_brasileiro(texto)


@pytest.mark.parametrize(
    ("centavos", "texto"),
    [(111000, "R$ 1.110,00"), (5, "R$ 0,05"), (-5000, "-R$ 50,00"), (123456789, "R$ 1.234.567,89")],
)
def test_brl_formatting(centavos: int, texto: str) -> None:
    assert dinheiro.formatar_brl(centavos) == texto


@pytest.mark.parametrize(
    ("texto", "esperado"),
    [
        ("r$ 10,50", 1050),
        ("R$10,50", 1050),
        ("R$\u00a010,50", 1050),  # a non-breaking space, as spreadsheets copy it
        (" 1.234,56 ", 123456),
        ("99.999.999,99", MAXIMO_CENTAVOS),
        ("0,5", 50),
    ],
)
def test_brazilian_text_more_forms(texto: str, esperado: int) -> None:
    assert dinheiro.centavos_de_texto_brasileiro(texto) == esperado


@pytest.mark.parametrize(
    ("texto", "mensagem"),
    [
        ("-R$ 5,00", "maior que zero"),
        ("R$ -5,00", "maior que zero"),
        ("- 5", "maior que zero"),
        ("0,00", "maior que zero"),
        ("100.000.000,00", r"no máximo R\$ 99\.999\.999,99"),
        ("1.234.567,891", "duas casas"),
        ("10 50", "Valor inválido"),  # a typo, not one thousand and fifty reais
        ("\u0661\u0662", "Valor inválido"),  # Arabic-Indic digits pass str.isdigit()
        ("R$", "Valor inválido"),
        ("1,2.3", "Valor inválido"),
        ("--5", "Valor inválido"),
    ],
)
def test_brazilian_text_refusals_say_why(texto: str, mensagem: str) -> None:
    with pytest.raises(ValorInvalido, match=mensagem):
        dinheiro.centavos_de_texto_brasileiro(texto)


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_formatted_money_reads_back_with_its_sign(valor: int) -> None:
    assert dinheiro.centavos_formatados(dinheiro.formatar(valor)) == valor


@pytest.mark.parametrize("texto", ["", "10", "10.5", "10,50", "1e3", "-", ".50", "10.50 ", "+1.00"])
def test_malformed_api_money_is_refused(texto: str) -> None:
    with pytest.raises(ValorInvalido):
        dinheiro.centavos_formatados(texto)
