import uuid
from datetime import date

import pytest

from fluxo_caixa.cliente.api import EntradaInvalida, PedidoMovimentacao
from fluxo_caixa.cliente.entrada import (
    data_digitada,
    descricao_digitada,
    id_digitado,
    sim_ou_nao,
    tipo_digitado,
    valor_digitado,
)
from fluxo_caixa.domain.movimentacao import Tipo


@pytest.mark.parametrize(
    ("texto", "tipo"),
    [
        ("entrada", Tipo.ENTRADA),
        ("ENTRADA", Tipo.ENTRADA),
        (" Entrada ", Tipo.ENTRADA),
        ("e", Tipo.ENTRADA),
        ("E", Tipo.ENTRADA),
        ("saida", Tipo.SAIDA),
        ("Saída", Tipo.SAIDA),
        ("SAÍDA", Tipo.SAIDA),
        ("s", Tipo.SAIDA),
        (" S ", Tipo.SAIDA),
    ],
)
def test_tipo_accepts_words_in_any_case_and_accent_and_short_answers(
    texto: str, tipo: Tipo
) -> None:
    assert tipo_digitado(texto) is tipo


@pytest.mark.parametrize(
    ("texto", "mensagem"),
    [
        ("", "Informe o tipo: entrada (e) ou saida (s)."),
        ("   ", "Informe o tipo: entrada (e) ou saida (s)."),
        ("credito", 'Tipo inválido: "credito". Responda entrada (e) ou saida (s).'),
        ("x" * 60, f'Tipo inválido: "{"x" * 39}…". Responda entrada (e) ou saida (s).'),
    ],
)
def test_tipo_refusal_shows_the_valid_choices(texto: str, mensagem: str) -> None:
    with pytest.raises(EntradaInvalida) as erro:
        tipo_digitado(texto)
    assert str(erro.value) == mensagem


@pytest.mark.parametrize(
    ("texto", "centavos"),
    [("100", 10000), ("10,50", 1050), ("1.234,56", 123456), ("10.50", 1050), ("R$ 10,50", 1050)],
)
def test_valor_accepts_the_forms_the_issue_lists(texto: str, centavos: int) -> None:
    assert valor_digitado(texto) == centavos


@pytest.mark.parametrize(
    ("texto", "mensagem"),
    [
        ("", "Informe o valor, por exemplo 10,50."),
        ("0", "O valor deve ser maior que zero."),
        ("-10", "O valor deve ser maior que zero."),
        ("10,555", "O valor deve ter no máximo duas casas decimais."),
        ("100000000", "O valor deve ser no máximo R$ 99.999.999,99."),
        ("dez reais", "Valor inválido. Use, por exemplo, 10,50 ou 1.234,56."),
    ],
)
def test_valor_refusals_say_why(texto: str, mensagem: str) -> None:
    with pytest.raises(EntradaInvalida) as erro:
        valor_digitado(texto)
    assert str(erro.value) == mensagem


@pytest.mark.parametrize(
    ("texto", "sim"),
    [
        *[("s", True), ("S", True), ("sim", True), ("SIM", True), (" Sim ", True)],
        *[("n", False), ("N", False), ("não", False), ("NÃO", False), ("nao", False)],
    ],
)
def test_yes_or_no_in_any_case(texto: str, sim: bool) -> None:
    assert sim_ou_nao(texto) is sim


@pytest.mark.parametrize("texto", ["", "talvez", "y", "yes", "no", "sn"])
def test_anything_else_is_not_yes_or_no(texto: str) -> None:
    with pytest.raises(EntradaInvalida, match=r"Responda s \(sim\) ou n \(não\)\."):
        sim_ou_nao(texto)


def test_empty_descricao_is_none_and_long_one_is_refused() -> None:
    assert descricao_digitada("   ") is None
    assert descricao_digitada("  venda balcão ") == "venda balcão"
    with pytest.raises(EntradaInvalida, match="no máximo 200 caracteres"):
        descricao_digitada("x" * 201)


@pytest.mark.parametrize("texto", ["2025-03-05", "05/03/2025", " 05/03/2025 "])
def test_dates_in_iso_or_brazilian_form(texto: str) -> None:
    assert data_digitada(texto, "--data") == date(2025, 3, 5)


@pytest.mark.parametrize("texto", ["", "ontem", "2025-02-30", "32/01/2025", "2025/03/05"])
def test_bad_dates_name_the_option(texto: str) -> None:
    with pytest.raises(EntradaInvalida, match=r"--inicio.*AAAA-MM-DD ou DD/MM/AAAA"):
        data_digitada(texto, "--inicio")


@pytest.mark.parametrize("texto", ["", "0", "-1", "abc", "1.5", "²", str(2**63)])
def test_bad_ids_are_refused(texto: str) -> None:
    with pytest.raises(EntradaInvalida, match="Identificador inválido"):
        id_digitado(texto)


def test_pedido_sends_valor_as_dotted_text_and_keeps_one_key() -> None:
    pedido = PedidoMovimentacao(Tipo.SAIDA, 123456, "aluguel", date(2025, 3, 1))
    assert pedido.corpo() == {
        "tipo": "saida",
        "valor": "1234.56",
        "descricao": "aluguel",
        "data": "2025-03-01",
    }
    assert uuid.UUID(pedido.chave).version == 4
    assert PedidoMovimentacao(Tipo.SAIDA, 1).chave != PedidoMovimentacao(Tipo.SAIDA, 1).chave
