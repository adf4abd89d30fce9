from datetime import UTC, date, datetime

import pytest

from fluxo_caixa.domain.movimentacao import (
    CampoInvalido,
    EstornoNaoPermitido,
    Movimentacao,
    Tipo,
    parse_data,
    parse_descricao,
    parse_inteiro,
    parse_tipo,
)

HOJE = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("texto", "tipo"),
    [
        ("entrada", Tipo.ENTRADA),
        ("ENTRADA", Tipo.ENTRADA),
        (" saida ", Tipo.SAIDA),
        ("Saída", Tipo.SAIDA),
        ("SAÍDA", Tipo.SAIDA),
    ],
)
def test_tipo_is_case_and_accent_insensitive(texto: str, tipo: Tipo) -> None:
    assert parse_tipo(texto) is tipo


@pytest.mark.parametrize("texto", ["x", "", "entradas", None, 1, ["entrada"]])
def test_unknown_tipo_is_refused(texto: object) -> None:
    with pytest.raises(CampoInvalido, match="entrada"):
        parse_tipo(texto)


def test_data_may_be_today_or_past_but_not_future() -> None:
    assert parse_data("2026-11-25", HOJE) == HOJE
    assert parse_data("2025-03-05", HOJE) == date(2025, 3, 5)
    with pytest.raises(CampoInvalido, match="futura"):
        parse_data("2026-11-26", HOJE)


@pytest.mark.parametrize(
    "texto",
    ["25/11/2026", "2026-13-01", "20261125", 20261125, "2026-11-25T10:00", "2026-W48-3", "0"],
)
def test_data_must_be_iso(texto: object) -> None:
    with pytest.raises(CampoInvalido, match="AAAA-MM-DD"):
        parse_data(texto, HOJE)


def test_descricao_is_trimmed_and_bounded() -> None:
    assert parse_descricao("  venda balcão  ") == "venda balcão"
    assert parse_descricao("   ") is None
    assert parse_descricao("a" * 200) == "a" * 200
    with pytest.raises(CampoInvalido, match="200"):
        parse_descricao("a" * 201)
    with pytest.raises(CampoInvalido):
        parse_descricao(5)


def _mov(**changes: object) -> Movimentacao:
    fields: dict[str, object] = {
        "id": 7,
        "tipo": Tipo.SAIDA,
        "valor_centavos": 10000,
        "data": date(2026, 11, 20),
        "data_inclusao": datetime(2026, 11, 20, 13, tzinfo=UTC),
        "descricao": None,
        "estorno_de": None,
    }
    fields.update(changes)
    return Movimentacao(**fields)  # type: ignore[arg-type]


def test_estorno_is_opposite_tipo_same_valor_today() -> None:
    estorno = _mov().estorno(HOJE)
    assert (estorno.tipo, estorno.valor_centavos, estorno.data, estorno.estorno_de) == (
        Tipo.ENTRADA,
        10000,
        HOJE,
        7,
    )
    assert estorno.descricao == "Estorno da movimentação 7"


def test_second_estorno_is_refused() -> None:
    with pytest.raises(EstornoNaoPermitido, match="já foi estornada"):
        _mov(estornada=True).estorno(HOJE)


def test_estorno_of_an_estorno_is_refused() -> None:
    with pytest.raises(EstornoNaoPermitido, match="não pode ser estornado"):
        _mov(estorno_de=3).estorno(HOJE)


@pytest.mark.parametrize("texto", ["0999-12-31", "1900-02-28", "1899-12-31", "0001-01-01"])
def test_a_date_before_march_1900_is_refused(texto: str) -> None:
    with pytest.raises(CampoInvalido, match="01/03/1900"):
        parse_data(texto, HOJE)


def test_march_1900_is_the_first_date() -> None:
    assert parse_data("1900-03-01", HOJE) == date(1900, 3, 1)


@pytest.mark.parametrize(
    "texto",
    [
        "ｅｎｔｒａｄａ",
        "ＳＡＩＤＡ",
        "éntrada",
        "saída\u3000",
        "\u3000saida",
        "sa\u0131da",
        "sai\u0301da",
    ],
)
def test_a_tipo_beyond_case_and_the_accent_of_saida_is_refused(texto: str) -> None:
    with pytest.raises(CampoInvalido, match="entrada"):
        parse_tipo(texto)


@pytest.mark.parametrize(("texto", "numero"), [("1", 1), ("10", 10), ("0", 0), (7, 7)])
def test_an_integer_is_plain_ascii_digits(texto: object, numero: int) -> None:
    assert parse_inteiro(texto) == numero


@pytest.mark.parametrize(
    "texto", ["1_0", "1000.0", "01", "١٠", "+1", "-1", " 1", "1 ", "1e3", "", True, "9" * 5000]
)
def test_anything_else_is_not_an_integer(texto: object) -> None:
    with pytest.raises(CampoInvalido):
        parse_inteiro(texto)
