"""8 client processes × 250 posts, idempotent replays mixed in, against a real service
with 4 workers: exact in the database, and in /metrics summed over the workers."""

from __future__ import annotations

import multiprocessing
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import Engine, func, select

from fluxo_caixa.db.tables import lancamento
from support.clientes import Pedido, Resultado, enviar, pedido
from support.ledger import assert_projection_exact, count_lancamentos
from support.servers import service

pytestmark = pytest.mark.slow

PROCESSES = 8
POSTS = 250
SHARED = 10  # keys every process sends with the same body: one row each in the end
WORKERS = 4


def plano(processo: int) -> list[Pedido]:
    """What one process sends: fresh posts, replays of its own, and the shared keys."""
    pedidos: list[Pedido] = []
    for i in range(POSTS):
        if i % 25 == 0:
            k = i // 25
            pedidos.append(pedido(f"comum-{k}", 10_000_000 + k))
        elif i % 10 == 9:
            pedidos.append(pedido(f"p{processo}-{i - 5}", processo * 1000 + i - 5))  # a replay
        else:
            pedidos.append(pedido(f"p{processo}-{i}", processo * 1000 + i))
    return pedidos


def postar(url: str, processo: int) -> list[Resultado]:
    with httpx.Client() as http:
        return [enviar(http, url, p) for p in plano(processo)]


def posts_counted(metrics_text: str) -> tuple[int, int]:
    """POSTs in /metrics: the request counter and the duration histogram's count."""
    counted = timed = 0.0
    for family in text_string_to_metric_families(metrics_text):
        for sample in family.samples:
            if sample.labels.get("method") != "POST":
                continue
            if sample.name == "fluxo_http_requests_total":
                counted += sample.value
            elif sample.name == "fluxo_http_request_duration_seconds_count":
                timed += sample.value
    return int(counted), int(timed)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql", "mariadb"])
def test_8_processes_x_250_posts_on_4_workers_are_exact(
    database_url: str, engine: Engine, tmp_path: Path
) -> None:
    env = {"FLUXO_DATABASE_URL": database_url, "FLUXO_WORKERS": str(WORKERS)}
    with (
        service("lancamentos", env, tmp_path) as svc,
        ProcessPoolExecutor(PROCESSES, mp_context=multiprocessing.get_context("spawn")) as pool,
    ):
        per_process = list(pool.map(postar, [svc.url] * PROCESSES, range(PROCESSES)))
        # Whichever worker answers /metrics counts every worker's requests; asked on
        # fresh connections, so more than one worker answers it.
        for _ in range(WORKERS * 2):
            metrics = httpx.get(f"{svc.url}/metrics", headers={"Connection": "close"})
            assert posts_counted(metrics.text) == (PROCESSES * POSTS, PROCESSES * POSTS)

    results = [r for rs in per_process for r in rs]
    assert len(results) == PROCESSES * POSTS
    assert Counter(r.status for r in results) == {201: PROCESSES * POSTS}
    ids_by_key: dict[str, set[int | None]] = {}
    for r in results:
        ids_by_key.setdefault(r.chave, set()).add(r.ident)
    assert all(len(ids) == 1 for ids in ids_by_key.values()), "one key, two movements"
    assert len({next(iter(ids)) for ids in ids_by_key.values()}) == len(ids_by_key)

    unique: dict[str, Pedido] = {p.chave: p for n in range(PROCESSES) for p in plano(n)}
    fresh = PROCESSES * (POSTS - POSTS // 10 - SHARED) + SHARED
    assert len(unique) == fresh == 1730
    assert count_lancamentos(engine) == fresh
    # Every shared key but one answer per key was a replay.
    replayed = sum(r.repetida for r in results)
    assert replayed == PROCESSES * POSTS - fresh

    expected: Counter[str] = Counter()
    for p in unique.values():
        expected[p.corpo["tipo"]] += p.centavos
    query = select(lancamento.c.tipo, func.sum(lancamento.c.valor_centavos)).group_by(
        lancamento.c.tipo
    )
    with engine.connect() as conn:
        stored = {tipo: int(total) for tipo, total in conn.execute(query)}
    assert stored == dict(expected)
    assert_projection_exact(engine)
