"""Checks over what a database really holds."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, case, func, select

from fluxo_caixa.db.engine import WRITE
from fluxo_caixa.db.ledger import inserir
from fluxo_caixa.db.tables import lancamento, saldo_detalhado, saldo_diario
from fluxo_caixa.domain.movimentacao import NovaMovimentacao, Tipo

SAO_PAULO = ZoneInfo("America/Sao_Paulo")
# The seed prototype's five movements, on the São Paulo days their UTC instants fall on.
MOVIMENTOS_DO_SEED = [
    ("entrada", 10000, date(2025, 3, 4)),
    ("entrada", 100000, date(2025, 3, 5)),
    ("saida", 5000, date(2025, 3, 6)),
    ("entrada", 1000, date(2025, 3, 7)),
    ("saida", 1000, date(2025, 3, 7)),
]


def count_lancamentos(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(lancamento)).scalar_one())


def projection_from_ledger(engine: Engine) -> dict[object, tuple[int, int, int, int]]:
    # Written out on purpose, not db.verificacao.somas_do_livro: the oracle stays independent.
    entrada = lancamento.c.tipo == "entrada"
    query = select(
        lancamento.c.data,
        func.sum(case((entrada, lancamento.c.valor_centavos), else_=0)),
        func.sum(case((entrada, 0), else_=lancamento.c.valor_centavos)),
        func.sum(case((entrada, 1), else_=0)),
        func.sum(case((entrada, 0), else_=1)),
    ).group_by(lancamento.c.data)
    with engine.connect() as conn:
        return {row[0]: tuple(int(v) for v in row[1:]) for row in conn.execute(query)}  # type: ignore[misc]


def projection_stored(engine: Engine) -> dict[object, tuple[int, int, int, int]]:
    query = select(
        saldo_diario.c.data,
        saldo_diario.c.entradas_centavos,
        saldo_diario.c.saidas_centavos,
        saldo_diario.c.qtd_entradas,
        saldo_diario.c.qtd_saidas,
    )
    with engine.connect() as conn:
        return {row[0]: tuple(int(v) for v in row[1:]) for row in conn.execute(query)}  # type: ignore[misc]


def breakdown_from_ledger(engine: Engine) -> dict[tuple[object, ...], tuple[int, int]]:
    """(data, tipo, forma, categoria_id) -> (centavos, count), straight from the ledger."""
    query = select(
        lancamento.c.data,
        lancamento.c.tipo,
        lancamento.c.forma_pagamento,
        lancamento.c.categoria_id,
        func.sum(lancamento.c.valor_centavos),
        func.count(),
    ).group_by(
        lancamento.c.data,
        lancamento.c.tipo,
        lancamento.c.forma_pagamento,
        lancamento.c.categoria_id,
    )
    with engine.connect() as conn:
        return {
            (r[0], r[1], r[2] or None, r[3] or None): (int(r[4]), int(r[5]))
            for r in conn.execute(query)
        }


def breakdown_stored(engine: Engine) -> dict[tuple[object, ...], tuple[int, int]]:
    c = saldo_detalhado.c
    query = select(
        c.data, c.tipo, c.forma_pagamento, c.categoria_id, c.valor_centavos, c.quantidade
    ).where(c.quantidade != 0)
    with engine.connect() as conn:
        return {
            (r[0], r[1], r[2] or None, r[3] or None): (int(r[4]), int(r[5]))
            for r in conn.execute(query)
        }


def assert_projection_exact(engine: Engine) -> None:
    assert projection_stored(engine) == projection_from_ledger(engine)
    assert breakdown_stored(engine) == breakdown_from_ledger(engine)


def lancar(
    engine: Engine,
    *movimentos: tuple[str, int, date],
    agora: datetime | None = None,
    tz: ZoneInfo = SAO_PAULO,
) -> None:
    """Record (tipo, centavos, data) movements the way the lançamentos service does."""
    instante = agora or datetime.now(UTC)
    with engine.connect().execution_options(**{WRITE: True}) as conn, conn.begin():
        for tipo, centavos, dia in movimentos:
            inserir(conn, NovaMovimentacao(Tipo(tipo), centavos, dia), instante, tz)
