"""`verificar`: the projection against the ledger, and its repair, on every backend."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, delete, insert, update
from sqlalchemy.exc import DBAPIError

from fluxo_caixa.db.engine import WRITE
from fluxo_caixa.db.ledger import inserir
from fluxo_caixa.db.tables import saldo_detalhado, saldo_diario
from fluxo_caixa.db.unit_of_work import is_retryable
from fluxo_caixa.db.verificacao import (
    Diferenca,
    DiferencaDetalhada,
    corrigir,
    corrigir_detalhadas,
    diferencas,
    diferencas_detalhadas,
)
from fluxo_caixa.domain.consolidado import Somas
from fluxo_caixa.domain.movimentacao import NovaMovimentacao, Tipo
from fluxo_caixa.domain.pagamento import FormaPagamento
from fluxo_caixa.lancamentos.servico import Lancamentos
from support.ledger import MOVIMENTOS_DO_SEED, SAO_PAULO, assert_projection_exact, lancar


def test_a_consistent_database_has_no_difference(engine: Engine) -> None:
    lancar(engine, *MOVIMENTOS_DO_SEED)
    assert diferencas(engine) == []
    assert corrigir(engine) == []


@pytest.mark.projecao_adulterada
def test_tampered_days_are_each_reported_and_repaired(engine: Engine) -> None:
    lancar(engine, *MOVIMENTOS_DO_SEED)
    with engine.begin() as conn:
        conn.execute(
            update(saldo_diario)
            .where(saldo_diario.c.data == date(2025, 3, 6))
            .values(saidas_centavos=7000)
        )
        conn.execute(delete(saldo_diario).where(saldo_diario.c.data == date(2025, 3, 7)))
        conn.execute(
            insert(saldo_diario).values(
                data=date(2025, 3, 9),
                entradas_centavos=1,
                saidas_centavos=0,
                qtd_entradas=1,
                qtd_saidas=0,
            )
        )
    esperadas = [
        Diferenca(date(2025, 3, 6), Somas(0, 7000, 0, 1), Somas(0, 5000, 0, 1)),
        Diferenca(date(2025, 3, 7), Somas(), Somas(1000, 1000, 1, 1)),
        Diferenca(date(2025, 3, 9), Somas(1, 0, 1, 0), Somas()),
    ]
    assert diferencas(engine) == esperadas
    assert corrigir(engine) == esperadas
    assert diferencas(engine) == []
    assert_projection_exact(engine)  # the emptied 09/03 row is gone, not left as zeros


@pytest.mark.projecao_adulterada
def adulterar(engine: Engine, dia: date) -> None:
    """A hand-made change of one day, as a person would type it in SQL. On MariaDB, whose
    version triggers run per row (migration 0008), it locks the day's row before the
    version's and may meet a movement's upsert of that day in a deadlock the database
    breaks at once: the person runs it again (the services retry their own writes).
    PostgreSQL's triggers run per statement, before any row is locked: never there."""
    tentativas = 10 if engine.dialect.name in ("mysql", "mariadb") else 1
    for tentativa in range(tentativas):
        try:
            with engine.begin() as conn:
                conn.execute(
                    update(saldo_diario)
                    .where(saldo_diario.c.data == dia)
                    .values(entradas_centavos=saldo_diario.c.entradas_centavos + 999)
                )
            return
        except DBAPIError as erro:
            if tentativa == tentativas - 1 or not is_retryable(erro):
                raise


def test_repair_is_exact_while_movements_keep_arriving(engine: Engine) -> None:
    """The services keep writing during a repair; nothing they add may be lost or doubled."""
    lancar(engine, *MOVIMENTOS_DO_SEED)
    servico = Lancamentos(engine, SAO_PAULO, lambda: datetime(2025, 3, 31, 15, tzinfo=UTC))
    parar = threading.Event()
    falhas: list[BaseException] = []

    def escrever(n: int) -> None:
        try:
            i = 0
            while not parar.is_set() or i < 20:
                dia = date(2025, 3, 1 + (n + i) % 10)
                nova = NovaMovimentacao(Tipo.SAIDA if i % 3 else Tipo.ENTRADA, 100 + i, dia)
                servico.registrar(nova)
                i += 1
        except BaseException as erro:  # reported below, in the test's own thread
            falhas.append(erro)

    escritores = [threading.Thread(target=escrever, args=(n,)) for n in range(3)]
    for t in escritores:
        t.start()
    try:
        for rodada in range(5):
            adulterar(engine, date(2025, 3, 1 + rodada))
            corrigir(engine)
    finally:
        parar.set()
        for t in escritores:
            t.join(timeout=120)
    assert falhas == []
    assert diferencas(engine) == []
    assert_projection_exact(engine)


@pytest.mark.projecao_adulterada
def test_tampered_breakdown_groups_are_reported_and_repaired(engine: Engine) -> None:
    dia = date(2025, 3, 5)
    with engine.connect().execution_options(**{WRITE: True}) as conn, conn.begin():
        for forma, centavos in ((FormaPagamento.PIX, 500), (FormaPagamento.DINHEIRO, 300)):
            nova = NovaMovimentacao(Tipo.ENTRADA, centavos, dia, forma_pagamento=forma)
            inserir(conn, nova, datetime(2025, 3, 5, 13, tzinfo=UTC), SAO_PAULO)
    with engine.begin() as conn:
        conn.execute(
            update(saldo_detalhado)
            .where(saldo_detalhado.c.forma_pagamento == "pix")
            .values(valor_centavos=900, quantidade=2)
        )
        conn.execute(delete(saldo_detalhado).where(saldo_detalhado.c.forma_pagamento == "dinheiro"))
    esperadas = [
        DiferencaDetalhada(
            dia, Tipo.ENTRADA, FormaPagamento.DINHEIRO, None, None, (0, 0), (300, 1)
        ),
        DiferencaDetalhada(dia, Tipo.ENTRADA, FormaPagamento.PIX, None, None, (900, 2), (500, 1)),
    ]
    assert diferencas(engine) == []  # saldo_diario was not touched
    assert diferencas_detalhadas(engine) == esperadas
    assert corrigir_detalhadas(engine) == esperadas
    assert diferencas_detalhadas(engine) == []
    assert_projection_exact(engine)
