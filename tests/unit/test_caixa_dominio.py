"""The drawer's rules (DESIGN §3), in integer centavos, without a database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fluxo_caixa.domain.caixa import (
    FechamentoInvalido,
    Movimentos,
    PedidoFechamento,
    SangriaAcimaDoEsperado,
    abertura,
    exigir_sangria,
    fechar,
    parse_cedulas,
    parse_contado,
    parse_contagem,
    situacao,
)
from fluxo_caixa.domain.movimentacao import CampoInvalido
from fluxo_caixa.domain.pagamento import FormaPagamento as F


@pytest.mark.parametrize("texto", [0, Decimal("0.00"), "0", "0.00", " +0. ", ".0", "000"])
def test_zero_is_a_valid_count(texto: object) -> None:
    assert parse_contado(texto) == 0


@pytest.mark.parametrize("texto", [-1, Decimal("-0.01"), "1.005", "-3", ".", "", True, None])
def test_bad_counts_are_refused(texto: object) -> None:
    with pytest.raises(CampoInvalido):
        parse_contado(texto)


def test_cedulas_keep_the_counted_ones_largest_first() -> None:
    assert parse_cedulas({"0.05": 3, "100": 2, "20": 0}) == {"100": 2, "0.05": 3}
    ruins: list[object] = [{"3": 1}, {"0.01": 1}, {"10": -1}, {"10": Decimal("1.5")}, []]
    for ruim in [*ruins, {"10": True}]:
        with pytest.raises(CampoInvalido):
            parse_cedulas(ruim)


def test_contagem_needs_dinheiro_and_real_formas() -> None:
    assert parse_contagem({"Dinheiro": "235.00", "PIX": 50}) == {F.DINHEIRO: 23500, F.PIX: 5000}
    for ruim in ({"pix": 1}, {"dinheiro": 1, "cheque": 1}, {"dinheiro": 1, "Dinheiro": 2}):
        with pytest.raises(CampoInvalido):
            parse_contagem(ruim)


def test_opening_defaults_to_what_was_left_and_records_the_difference() -> None:
    assert abertura(None, 20000, None).fundo == 20000
    assert abertura(19000, 20000, "Ana").diferenca == -1000
    primeira = abertura(None, None, None)
    assert (primeira.fundo, primeira.diferenca) == (0, 0)


def test_expected_cash_counts_only_dinheiro_and_drawer_events() -> None:
    movimentos = [
        Movimentos(F.DINHEIRO, 10000, 3000),
        Movimentos(F.PIX, 5000, 0),
        Movimentos(None, 700, 0),
    ]
    sit = situacao(20000, 2000, 5000, movimentos)
    assert sit.esperado_dinheiro == 24000
    assert [(c.forma, c.esperado) for c in sit.por_forma] == [
        (F.DINHEIRO, 24000), (F.PIX, 5000), (None, 700),
    ]  # fmt: skip
    exigir_sangria(24000, 24000)
    with pytest.raises(SangriaAcimaDoEsperado, match=r"R\$ 240,00"):
        exigir_sangria(24001, 24000)


def test_close_gives_quebra_retirada_and_checks_the_count() -> None:
    movimentos = [Movimentos(F.DINHEIRO, 10000, 3000), Movimentos(F.PIX, 5000, 0)]
    aberta = situacao(20000, 2000, 5000, movimentos)
    pedido = PedidoFechamento({F.DINHEIRO: 23500}, {"100": 2, "20": 1, "10": 1, "5": 1})
    fechada = fechar(pedido, aberta, movimentos)
    assert (fechada.quebra, fechada.deixado, fechada.retirada) == (-500, 20000, 3500)
    pix = next(c for c in fechada.situacao.por_forma if c.forma is F.PIX)
    assert (pix.contado, pix.diferenca) == (None, None)
    # Counted less than the fund: all of it stays, nothing is taken out.
    pouco = fechar(PedidoFechamento({F.DINHEIRO: 15000}), aberta, movimentos)
    assert (pouco.deixado, pouco.retirada) == (15000, 0)
    with pytest.raises(FechamentoInvalido) as soma:
        fechar(PedidoFechamento({F.DINHEIRO: 23500}, {"100": 2}), aberta, movimentos)
    assert soma.value.campo == "cedulas"
    with pytest.raises(FechamentoInvalido) as deixado:
        fechar(PedidoFechamento({F.DINHEIRO: 100}, deixado=101), aberta, movimentos)
    assert deixado.value.campo == "deixado"
