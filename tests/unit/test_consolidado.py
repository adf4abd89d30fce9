"""Consolidation rules: periods, empty days, running balance, tipo filter."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fluxo_caixa.domain.consolidado import (
    MAX_DIAS,
    PeriodoInvalido,
    Somas,
    consolidar,
    periodo_pedido,
)
from fluxo_caixa.domain.movimentacao import Tipo

HOJE = date(2025, 3, 31)
# The seed's movements on their São Paulo days.
SEED = {
    date(2025, 3, 4): Somas(entradas=10000, qtd_entradas=1),
    date(2025, 3, 5): Somas(entradas=100000, qtd_entradas=1),
    date(2025, 3, 6): Somas(saidas=5000, qtd_saidas=1),
    date(2025, 3, 7): Somas(entradas=1000, saidas=1000, qtd_entradas=1, qtd_saidas=1),
}


def test_period_has_every_calendar_day_and_empty_days_are_zero() -> None:
    periodo = consolidar(date(2025, 3, 1), date(2025, 3, 31), SEED, Somas())
    assert [d.data for d in periodo.dias] == [
        date(2025, 3, 1) + timedelta(days=n) for n in range(31)
    ]
    primeiro = periodo.dias[0]
    assert (primeiro.somas, primeiro.saldo_anterior, primeiro.saldo_final) == (Somas(), 0, 0)


def test_seed_totals_are_the_power_bi_cards() -> None:
    periodo = consolidar(date(2025, 3, 1), date(2025, 3, 31), SEED, Somas())
    totais = periodo.totais
    assert (totais.entradas, totais.saidas, totais.saldo, totais.registros) == (
        111000,
        6000,
        105000,
        5,
    )
    assert periodo.saldo_final == 105000


def test_running_balance_carries_from_day_to_day() -> None:
    periodo = consolidar(date(2025, 3, 4), date(2025, 3, 8), SEED, Somas())
    resumo = [(d.saldo_anterior, d.saldo_dia, d.saldo_final) for d in periodo.dias]
    assert resumo == [
        (0, 10000, 10000),
        (10000, 100000, 110000),
        (110000, -5000, 105000),
        (105000, 0, 105000),
        (105000, 0, 105000),
    ]


def test_balance_before_the_period_opens_it() -> None:
    antes = Somas(entradas=10000, qtd_entradas=1)
    periodo = consolidar(date(2025, 3, 5), date(2025, 3, 6), SEED, antes)
    assert periodo.saldo_anterior == 10000
    assert [d.saldo_final for d in periodo.dias] == [110000, 105000]
    # Days outside the period are not counted in its totals.
    assert periodo.totais == Somas(entradas=100000, saidas=5000, qtd_entradas=1, qtd_saidas=1)


def test_tipo_filter_counts_only_that_tipo_everywhere() -> None:
    antes = Somas(entradas=700, saidas=300, qtd_entradas=1, qtd_saidas=1)
    saidas = consolidar(date(2025, 3, 6), date(2025, 3, 7), SEED, antes, Tipo.SAIDA)
    assert saidas.saldo_anterior == -300
    assert saidas.totais == Somas(saidas=6000, qtd_saidas=2)
    assert [(d.somas.entradas, d.saldo_dia, d.saldo_final) for d in saidas.dias] == [
        (0, -5000, -5300),
        (0, -1000, -6300),
    ]
    entradas = consolidar(date(2025, 3, 6), date(2025, 3, 7), SEED, antes, Tipo.ENTRADA)
    assert entradas.totais == Somas(entradas=1000, qtd_entradas=1)
    assert entradas.saldo_final == 1700


def test_single_day_period() -> None:
    (dia,) = consolidar(date(2025, 3, 7), date(2025, 3, 7), SEED, Somas(entradas=5)).dias
    assert (dia.saldo_anterior, dia.saldo_dia, dia.somas.registros) == (5, 0, 2)


def test_default_period_is_the_last_30_days() -> None:
    assert periodo_pedido(None, None, HOJE) == (date(2025, 3, 2), HOJE)


def test_only_inicio_runs_to_today_and_only_fim_takes_30_days() -> None:
    assert periodo_pedido(date(2025, 1, 1), None, HOJE) == (date(2025, 1, 1), HOJE)
    assert periodo_pedido(None, date(2025, 2, 28), HOJE) == (date(2025, 1, 30), date(2025, 2, 28))
    assert periodo_pedido(None, date(1, 1, 10), HOJE) == (date.min, date(1, 1, 10))


def test_inicio_after_today_alone_is_that_one_day() -> None:
    assert periodo_pedido(date(2025, 4, 2), None, HOJE) == (date(2025, 4, 2), date(2025, 4, 2))


def test_future_days_are_allowed_in_a_period() -> None:
    assert periodo_pedido(date(2025, 3, 1), date(2025, 4, 30), date(2025, 3, 15)) == (
        date(2025, 3, 1),
        date(2025, 4, 30),
    )


def test_fim_before_inicio_is_refused() -> None:
    with pytest.raises(PeriodoInvalido, match="anterior") as erro:
        periodo_pedido(date(2025, 3, 2), date(2025, 3, 1), HOJE)
    assert erro.value.campo == "fim"


def test_at_most_1096_days() -> None:
    inicio = date(2022, 1, 1)
    assert periodo_pedido(inicio, inicio + timedelta(days=MAX_DIAS - 1), HOJE)[1] == date(
        2024, 12, 31
    )
    with pytest.raises(PeriodoInvalido, match="1096"):
        periodo_pedido(inicio, inicio + timedelta(days=MAX_DIAS), HOJE)
    with pytest.raises(PeriodoInvalido, match="1096"):
        periodo_pedido(date(2000, 1, 1), None, HOJE)


def test_somas_add_and_balance() -> None:
    a = Somas(100, 30, 2, 1)
    assert a + Somas(1, 2, 3, 4) == Somas(101, 32, 5, 5)
    assert (a.saldo, a.registros) == (70, 3)


somas = st.builds(
    Somas,
    st.integers(0, 10**12),
    st.integers(0, 10**12),
    st.integers(0, 1000),
    st.integers(0, 1000),
)


@given(
    st.dictionaries(st.integers(0, 60), somas, max_size=30),
    somas,
    st.sampled_from([None, Tipo.ENTRADA, Tipo.SAIDA]),
    st.integers(0, 40),
    st.integers(0, 40),
)
def test_identities_hold_for_any_data(
    dias: dict[int, Somas], antes: Somas, tipo: Tipo | None, de: int, duracao: int
) -> None:
    base = date(2025, 1, 1)
    por_dia = {base + timedelta(days=k): v for k, v in dias.items()}
    inicio = base + timedelta(days=de)
    periodo = consolidar(inicio, inicio + timedelta(days=duracao), por_dia, antes, tipo)
    assert len(periodo.dias) == duracao + 1
    saldo = periodo.saldo_anterior
    for dia in periodo.dias:
        assert dia.saldo_anterior == saldo
        assert dia.saldo_final == dia.saldo_anterior + dia.somas.entradas - dia.somas.saidas
        saldo = dia.saldo_final
    assert saldo == periodo.saldo_final
    assert periodo.totais.entradas == sum(d.somas.entradas for d in periodo.dias)
    assert periodo.totais.registros == sum(d.somas.registros for d in periodo.dias)
    if tipo is Tipo.ENTRADA:
        assert periodo.totais.saidas == 0 and periodo.saldo_anterior == antes.entradas
    if tipo is Tipo.SAIDA:
        assert periodo.totais.entradas == 0 and periodo.saldo_anterior == -antes.saidas
