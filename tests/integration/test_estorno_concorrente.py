"""Issue 10, point 8: concurrent retries of one keyed estorno all get the first answer."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from flask import Flask
from sqlalchemy import Engine, func, select

from fluxo_caixa.config import Settings
from fluxo_caixa.db.tables import lancamento
from fluxo_caixa.lancamentos import create_app
from support.ledger import count_lancamentos

RETRIES = 20


def test_20_concurrent_retries_of_one_keyed_estorno_all_replay_the_first_201(
    settings: Settings, app: Flask, engine: Engine, engines: list[Engine]
) -> None:
    apps = [app, *(create_app(settings, engine=e) for e in engines[1:])]
    original = app.test_client().post("/movimentacao", json={"tipo": "saida", "valor": "10.00"})
    url = f"/movimentacao/{original.get_json()['id']}/estorno"
    start = threading.Barrier(RETRIES)

    def retry(n: int) -> tuple[int, bytes, str | None]:
        client = apps[n % len(apps)].test_client()
        start.wait(30)  # all at once: the retries race the first one into the database
        response = client.post(url, json={}, headers={"Idempotency-Key": "estorno-1"})
        return (
            response.status_code,
            response.get_data(),
            response.headers.get("Idempotent-Replayed"),
        )

    with ThreadPoolExecutor(max_workers=RETRIES) as pool:
        answers = list(pool.map(retry, range(RETRIES)))

    assert [status for status, _, _ in answers] == [201] * RETRIES, answers
    assert len({body for _, body, _ in answers}) == 1  # the first answer, byte for byte
    assert sorted(replayed or "" for _, _, replayed in answers) == [""] + ["true"] * (RETRIES - 1)
    assert count_lancamentos(engine) == 2
    with engine.connect() as conn:
        estornos = conn.execute(
            select(func.count()).where(lancamento.c.estorno_de.is_not(None))
        ).scalar_one()
    assert estornos == 1
