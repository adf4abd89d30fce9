"""SQLite group commit: many requests, one transaction, each one alone in its failure."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine, insert
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from fluxo_caixa.contrato.lancamentos import movimentacao_out
from fluxo_caixa.db.grupo import CommitGroup
from fluxo_caixa.db.slots import Slots
from fluxo_caixa.db.tables import lancamento
from fluxo_caixa.domain.idempotencia import Pedido
from fluxo_caixa.domain.movimentacao import MovimentacaoNaoEncontrada, NovaMovimentacao, Tipo
from fluxo_caixa.lancamentos.servico import REGISTRADA, Gravacao, Lancamentos
from support.ledger import SAO_PAULO, count_lancamentos

AGORA = datetime(2026, 11, 25, 13, tzinfo=UTC)


def insert_one(valor: int, estorno_de: int | None = None) -> Callable[[Connection], int]:
    def work(conn: Connection) -> int:
        result = conn.execute(
            insert(lancamento).values(
                tipo="entrada",
                valor_centavos=valor,
                data=date(2026, 11, 25),
                data_inclusao=AGORA,
                data_hora_local=datetime(2026, 11, 25, 10),
                estorno_de=estorno_de,
            )
        )
        return int(result.inserted_primary_key[0])  # type: ignore[index]

    return work


def run_batch(group: CommitGroup, works: list[Callable[[Connection], int]]) -> list[object]:
    """Hold the writer with a first job until every other job is queued: one batch."""
    release, holding = threading.Event(), threading.Event()
    results: list[object] = [None] * len(works)

    def blocker(conn: Connection) -> int:
        holding.set()
        release.wait(30)
        return 0

    def call(i: int) -> None:
        try:
            results[i] = group.run(works[i])
        except Exception as erro:
            results[i] = erro

    first = threading.Thread(target=group.run, args=(blocker,))
    first.start()
    assert holding.wait(30)  # the writer is inside the blocker's batch
    threads = [threading.Thread(target=call, args=(i,)) for i in range(len(works))]
    for thread in threads:
        thread.start()
    while group._queue.qsize() < len(works):
        threading.Event().wait(0.01)
    release.set()
    for thread in [first, *threads]:
        thread.join(timeout=30)
    return results


def test_a_failing_unit_rolls_back_alone_and_the_rest_commit_together(
    sqlite_engine: Engine,
) -> None:
    group = CommitGroup(sqlite_engine)
    works = [insert_one(100), insert_one(200), insert_one(0), insert_one(300)]  # 0 breaks a CHECK
    results = run_batch(group, works)
    assert isinstance(results[2], IntegrityError)
    ids = [r for i, r in enumerate(results) if i != 2]
    assert all(isinstance(r, int) for r in ids) and len(set(ids)) == 3
    assert count_lancamentos(sqlite_engine) == 3


def test_when_the_commit_fails_no_unit_is_told_it_succeeded(sqlite_engine: Engine) -> None:
    group = CommitGroup(sqlite_engine)

    def defer_and_break(conn: Connection) -> int:
        # A foreign key checked only at COMMIT: the whole batch's COMMIT fails.
        conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
        return insert_one(500, estorno_de=999_999)(conn)

    results = run_batch(group, [insert_one(100), defer_and_break, insert_one(300)])
    assert all(isinstance(r, IntegrityError) for r in results), results
    assert count_lancamentos(sqlite_engine) == 0
    # The writer survives a failed batch.
    assert isinstance(group.run(insert_one(700)), int)
    assert count_lancamentos(sqlite_engine) == 1


def test_a_batch_rerun_gives_every_other_request_the_answer_it_would_have_had_alone(
    sqlite_engine: Engine,
) -> None:
    """One unit fails, so the batch runs again unit by unit: nobody else may notice."""
    instantes = iter(AGORA + timedelta(milliseconds=n) for n in range(1000))
    leituras: list[datetime] = []

    def clock() -> datetime:
        leituras.append(next(instantes))
        return leituras[-1]

    servico = Lancamentos(sqlite_engine, SAO_PAULO, clock)
    group = servico.transactions._group
    assert group is not None
    pedidos = [
        (NovaMovimentacao(Tipo.ENTRADA, 100 * (i + 1), date(2026, 11, 25)), Pedido(f"k{i}", f"{i}"))
        for i in range(5)
    ]
    release, holding = threading.Event(), threading.Event()
    answers: dict[int, object] = {}

    def blocker(conn: Connection) -> int:
        holding.set()
        release.wait(30)
        return 0

    def call(i: int) -> None:
        try:
            if i == len(pedidos):  # the failing unit: no movement 999 to reverse
                answers[i] = servico.estornar(999, None, Pedido("falha", "x"))
            else:
                answers[i] = servico.registrar(*pedidos[i])
        except Exception as erro:
            answers[i] = erro

    first = threading.Thread(target=group.run, args=(blocker,))
    first.start()
    assert holding.wait(30)
    threads = [threading.Thread(target=call, args=(i,)) for i in range(len(pedidos) + 1)]
    for thread in threads:
        thread.start()
    while group._queue.qsize() < len(threads):
        threading.Event().wait(0.01)
    release.set()
    for thread in [first, *threads]:
        thread.join(timeout=30)

    assert isinstance(answers.pop(len(pedidos)), MovimentacaoNaoEncontrada)
    assert len(leituras) == len(threads)  # each request read the clock once, rerun or not
    for i, answer in answers.items():
        assert isinstance(answer, Gravacao) and answer.codigo == 201 and not answer.repetida
        # Alone, a request's answer is its stored movement, encoded: exactly this body.
        lida = servico.obter(answer.ident or 0)
        alone = movimentacao_out(lida.movimentacao, SAO_PAULO, None, REGISTRADA)
        assert answer.corpo == alone.model_dump_json()
        assert lida.movimentacao.valor_centavos == pedidos[i][0].valor_centavos
        # ...and what its key replays is that same answer, byte for byte.
        replay = servico.registrar(*pedidos[i])
        assert (replay.corpo, replay.repetida) == (answer.corpo, True)
    gravadas = [a for a in answers.values() if isinstance(a, Gravacao)]
    instantes_gravados = {servico.obter(a.ident or 0).movimentacao.data_inclusao for a in gravadas}
    assert instantes_gravados <= set(leituras) and len(instantes_gravados) == len(pedidos)
    assert count_lancamentos(sqlite_engine) == len(pedidos)


def test_a_request_waiting_for_its_commit_lends_its_slot_to_another(
    sqlite_engine: Engine,
) -> None:
    # The only slot is the writer's caller's; the unit commits only if another request
    # got to run meanwhile, which it can only do in the slot the caller lent.
    group = CommitGroup(sqlite_engine)
    slots = Slots(1)
    other_ran = threading.Event()

    def unit(conn: Connection) -> int:
        assert other_ran.wait(5), "the waiting request kept its slot"
        return insert_one(100)(conn)

    def other_request() -> None:
        slots.take()
        other_ran.set()

    slots.take()
    threading.Thread(target=other_request, daemon=True).start()
    ident = group.run(unit)
    assert ident > 0
    assert count_lancamentos(sqlite_engine) == 1
