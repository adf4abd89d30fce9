"""The consolidado on a PostgreSQL hot standby, the lançamentos on its primary.

A primary and a streaming replica (pg_basebackup -R) of the test's own, both served
processes for real: writes reach the consolidado's answers within a second; the replica
down is a 503 for the consolidado alone while every write still gets its 201; the
replica back, both recover by themselves.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from fluxo_caixa.db.engine import make_engine, upgrade
from support.pgcluster import throwaway_cluster, throwaway_standby
from support.servers import service

pytestmark = pytest.mark.slow

# How soon a write must show on the replica-fed consolidado (the bound).
LAG_BOUND_S = 1.0


def assert_503(response: httpx.Response) -> None:
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["erro"].startswith("Banco de dados indisponível")
    assert isinstance(body["detalhes"], list)
    assert "psycopg" not in response.text and "127.0.0.1" not in response.text


def registros_de_hoje(http: httpx.Client, consolidado: str) -> int:
    response = http.get(f"{consolidado}/consolidado/diario", timeout=10)
    assert response.status_code == 200, response.text
    return int(response.json()["registros"])


def lancar(http: httpx.Client, lancamentos: str, n: int) -> None:
    response = http.post(
        f"{lancamentos}/movimentacao",
        json={"tipo": "entrada" if n % 2 else "saida", "valor": f"{n}.25"},
        headers={"Idempotency-Key": f"replica-{n}"},
        timeout=10,
    )
    assert response.status_code == 201, response.text


def wait_until(condition: Callable[[], bool], timeout: float) -> float:
    """Seconds it took `condition` to hold; AssertionError past `timeout`."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        try:
            if condition():
                return time.monotonic() - start
        except httpx.HTTPError:
            pass
        time.sleep(0.01)
    raise AssertionError("condition not reached in time")


def test_consolidado_on_a_hot_standby_follows_the_primary_and_survives_its_outage(
    tmp_path: Path,
) -> None:
    with throwaway_cluster() as primary:
        engine = make_engine(primary.url)
        try:
            upgrade(engine)
        finally:
            engine.dispose()
        with throwaway_standby(primary) as standby:
            replica = make_engine(standby.url)
            try:
                with replica.connect() as conn:
                    assert conn.execute(text("SELECT pg_is_in_recovery()")).scalar_one()
            finally:
                replica.dispose()
            env = {"FLUXO_DATABASE_URL": primary.url}
            with (
                service("lancamentos", env, tmp_path) as lancamentos,
                service(
                    "consolidado", {**env, "FLUXO_CONSOLIDADO_DATABASE_URL": standby.url}, tmp_path
                ) as consolidado,
                httpx.Client() as http,
            ):
                feitos = 0
                for _ in range(10):
                    feitos += 1
                    lancar(http, lancamentos.url, feitos)

                    def chegou(n: int = feitos) -> bool:
                        return registros_de_hoje(http, consolidado.url) == n

                    lag = wait_until(chegou, timeout=30)
                    assert lag < LAG_BOUND_S, f"a write took {lag:.2f} s to reach the replica"

                standby.stop("immediate")
                assert_503(http.get(f"{consolidado.url}/saude", timeout=30))
                assert_503(http.get(f"{consolidado.url}/consolidado/diario", timeout=30))
                assert_503(http.get(f"{consolidado.url}/consolidado", timeout=30))
                for _ in range(20):  # the primary does not wait for its replica
                    feitos += 1
                    lancar(http, lancamentos.url, feitos)
                assert http.get(f"{lancamentos.url}/saude", timeout=10).status_code == 200
                assert_503(http.get(f"{consolidado.url}/saude", timeout=30))

                standby.start()
                wait_until(
                    lambda: http.get(f"{consolidado.url}/saude", timeout=10).status_code == 200,
                    timeout=60,
                )
                # What was written while it was down streams in as it catches up.
                wait_until(lambda: registros_de_hoje(http, consolidado.url) == feitos, timeout=30)
                feitos += 1
                lancar(http, lancamentos.url, feitos)
                lag = wait_until(
                    lambda: registros_de_hoje(http, consolidado.url) == feitos, timeout=30
                )
                assert lag < LAG_BOUND_S, f"after recovery a write took {lag:.2f} s"
