"""Concurrent writers against a really running service, on every backend."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine

from support.ledger import assert_projection_exact, count_lancamentos
from support.servers import service

pytestmark = pytest.mark.slow  # a real service process


def test_50_posts_and_50_replays_record_exactly_51(
    database_url: str, engine: Engine, tmp_path: Path
) -> None:
    with service("lancamentos", {"FLUXO_DATABASE_URL": database_url}, tmp_path) as svc:

        def send(i: int) -> httpx.Response:
            if i < 50:
                key, body = (
                    f"distinta-{i}",
                    {"tipo": "entrada" if i % 2 else "saida", "valor": f"{i + 1}.{i % 100:02d}"},
                )
            else:
                key, body = "a-mesma", {"tipo": "entrada", "valor": "1000.01"}
            return httpx.post(
                f"{svc.url}/movimentacao", json=body, headers={"Idempotency-Key": key}, timeout=60
            )

        with ThreadPoolExecutor(max_workers=100) as pool:
            responses = list(pool.map(send, range(100)))

    assert [r.status_code for r in responses] == [201] * 100
    replays = {r.content for r in responses[50:]}
    assert len(replays) == 1  # every replay saw the first answer, byte for byte
    assert count_lancamentos(engine) == 51
    assert_projection_exact(engine)
