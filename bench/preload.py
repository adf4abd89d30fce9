"""Preload a fresh database with N movements over D days, in bulk.

The fast path: rows go straight into `lancamento` (SQLite: one executemany in one
transaction; PostgreSQL: COPY), then `saldo_diario` is rebuilt from the ledger with one
INSERT ... SELECT ... GROUP BY, the same sums `fluxo-caixa verificar` checks.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, func, insert, select, text
from sqlalchemy.engine import make_url

from fluxo_caixa.db.engine import make_engine, upgrade
from fluxo_caixa.db.tables import idempotencia, lancamento, metadata, saldo_diario
from fluxo_caixa.db.verificacao import corrigir_detalhadas, somas_do_livro

DESCRICOES = ("venda balcão", "pix recebido", "fornecedor", "troco", "cartão débito", None)
Row = tuple[str, int, str | None, date, datetime, datetime, str | None, int | None]


@dataclass(frozen=True)
class Carga:
    movimentos: int
    dias: int
    primeiro_dia: date
    ultimo_dia: date
    segundos: float
    ultimo_id: int
    dia_do_relatorio: date  # the day before primeiro_dia, with MOVIMENTOS_DO_RELATORIO


def reset(engine: Engine) -> None:
    """Drop every table of ours (the benchmark database is disposable) and migrate."""
    with engine.begin() as conn:
        conn.execute(text("DROP VIEW IF EXISTS movimentacao"))
        for table in [*reversed(metadata.sorted_tables), "alembic_version"]:
            name = getattr(table, "name", table)
            cascade = " CASCADE" if engine.dialect.name == "postgresql" else ""
            conn.execute(text(f"DROP TABLE IF EXISTS {name}{cascade}"))
    upgrade(engine)


def rows(n: int, dias: int, ultimo_dia: date, tz: ZoneInfo, seed: int = 7) -> Iterator[Row]:
    """n movements spread evenly over `dias` days ending on `ultimo_dia`, in (data, id) order."""
    rng = random.Random(seed)
    primeiro = ultimo_dia - timedelta(days=dias - 1)
    for i in range(n):
        dia = primeiro + timedelta(days=i * dias // n)
        segundos = rng.randrange(8 * 3600, 22 * 3600)
        local = datetime.combine(dia, datetime.min.time()) + timedelta(seconds=segundos)
        instante = local.replace(tzinfo=tz).astimezone(UTC).replace(tzinfo=None)
        tipo = "entrada" if rng.random() < 0.6 else "saida"
        forma = rng.choice(FORMAS)
        # The default plano de contas' ids: entradas 1-4, saídas 5-12 (migration 0004).
        categoria = rng.choice((None, 1, 2, 3, 4) if tipo == "entrada" else (None, 5, 6, 7, 8, 12))
        yield (
            tipo, rng.randrange(100, 500_000), rng.choice(DESCRICOES), dia, instante, local,
            forma, categoria,
        )  # fmt: skip


def preload(url: str, n: int, dias: int, ultimo_dia: date, tz: ZoneInfo) -> Carga:
    engine = make_engine(url)
    try:
        reset(engine)
        start = time.perf_counter()
        backend = make_url(url).get_backend_name()
        source = rows(n, dias, ultimo_dia, tz)
        if backend == "postgresql":
            _copy_postgresql(engine, source)
        elif backend == "sqlite":
            _sqlite(engine, source)
        else:
            _executemany(engine, source)
        dia_do_relatorio = ultimo_dia - timedelta(days=dias)
        _dia_do_relatorio(engine, dia_do_relatorio, tz)
        rebuild_projection(engine)
        _analyze(engine)
        segundos = time.perf_counter() - start
        with engine.connect() as conn:
            ultimo_id = int(conn.execute(select(func.max(lancamento.c.id))).scalar_one())
    finally:
        engine.dispose()
    primeiro = ultimo_dia - timedelta(days=dias - 1)
    return Carga(n, dias, primeiro, ultimo_dia, segundos, ultimo_id, dia_do_relatorio)


COLUMNS = (
    "tipo", "valor_centavos", "descricao", "data", "data_inclusao", "data_hora_local",
    "forma_pagamento", "categoria_id",
)  # fmt: skip
FORMAS = (None, "dinheiro", "dinheiro", "pix", "pix", "debito", "credito")


def _momento(instante: datetime) -> str:
    return instante.isoformat(" ", "microseconds")


def _sqlite(engine: Engine, source: Iterator[Row]) -> None:
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        # A disposable load: no fsync per page while it runs; WAL keeps the file sound.
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("BEGIN IMMEDIATE")
        # The text forms SQLAlchemy itself writes for Date and DateTime on SQLite.
        cursor.executemany(
            f"INSERT INTO lancamento ({', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (t, v, d, dia.isoformat(), _momento(i), _momento(local), forma, categoria)
                for t, v, d, dia, i, local, forma, categoria in source
            ),
        )
        cursor.execute("COMMIT")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()
    finally:
        raw.close()


def _executemany(engine: Engine, source: Iterator[Row]) -> None:
    with engine.begin() as conn:
        batch: list[dict[str, object]] = []
        for row in source:
            batch.append(dict(zip(COLUMNS, row, strict=True)))
            if len(batch) == 20_000:
                conn.execute(insert(lancamento), batch)
                batch = []
        if batch:
            conn.execute(insert(lancamento), batch)


def _copy_postgresql(engine: Engine, source: Iterator[Row]) -> None:
    raw = engine.raw_connection()
    try:
        with raw.cursor() as cursor:  # type: ignore[attr-defined]
            statement = f"COPY lancamento ({', '.join(COLUMNS)}) FROM STDIN"
            with cursor.copy(statement) as copy:
                for row in source:
                    copy.write_row(row)
        raw.commit()
    finally:
        raw.close()


# The relatório Z's day: a busy day of its own, outside the period the other scenarios
# read, with every forma, categorias and some estornos among its movements.
MOVIMENTOS_DO_RELATORIO = 2000
ESTORNOS_DO_RELATORIO = 40


def _dia_do_relatorio(engine: Engine, dia: date, tz: ZoneInfo) -> None:
    originais = MOVIMENTOS_DO_RELATORIO - ESTORNOS_DO_RELATORIO
    # Through SQLAlchemy, whose UtcDateTime takes aware instants.
    linhas = [
        {**dict(zip(COLUMNS, row, strict=True)), "data_inclusao": row[4].replace(tzinfo=UTC)}
        for row in rows(originais, 1, dia, tz, seed=8)
    ]
    with engine.begin() as conn:
        conn.execute(insert(lancamento), linhas)
        primeiros = conn.execute(
            select(lancamento.c.id, lancamento.c.tipo, lancamento.c.valor_centavos)
            .where(lancamento.c.data == dia)
            .order_by(lancamento.c.id)
            .limit(ESTORNOS_DO_RELATORIO)
        ).all()
        momento = datetime.combine(dia, datetime.min.time()) + timedelta(hours=21)
        instante = momento.replace(tzinfo=tz).astimezone(UTC)
        estornos = [
            {
                "tipo": "saida" if tipo == "entrada" else "entrada",
                "valor_centavos": valor,
                "descricao": "estorno",
                "data": dia,
                "data_inclusao": instante,
                "data_hora_local": momento,
                "estorno_de": ident,
            }
            for ident, tipo, valor in primeiros
        ]
        conn.execute(insert(lancamento), estornos)


def rebuild_projection(engine: Engine) -> None:
    soma = select(lancamento.c.data, *somas_do_livro()).group_by(lancamento.c.data)
    with engine.begin() as conn:
        conn.execute(saldo_diario.delete())
        conn.execute(idempotencia.delete())
        conn.execute(
            insert(saldo_diario).from_select(
                ["data", "entradas_centavos", "saidas_centavos", "qtd_entradas", "qtd_saidas"],
                soma,
            )
        )
    # The breakdown projection, group by group, through the repair verificar uses.
    corrigir_detalhadas(engine)


def _analyze(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
