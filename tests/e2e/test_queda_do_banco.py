"""PostgreSQL goes down mid-run (a cluster of the test's own) and comes back."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from sqlalchemy import Engine

from fluxo_caixa.db.engine import make_engine, upgrade
from support.clientes import Pedido, Resultado, assert_exactly_once, enviar, pedido
from support.ledger import assert_projection_exact, count_lancamentos
from support.pgcluster import Cluster, throwaway_cluster
from support.servers import service

UNAVAILABLE = "Banco de dados indisponível. Tente novamente em instantes."


def assert_503(response: httpx.Response) -> None:
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["erro"].startswith("Banco de dados indisponível")
    assert "detalhes" in body
    assert "psycopg" not in response.text and "127.0.0.1" not in response.text


def test_outage_is_503_then_the_service_recovers_by_itself(tmp_path: Path) -> None:
    with throwaway_cluster() as cluster:
        engine = make_engine(cluster.url)
        try:
            upgrade(engine)
            run_through_an_outage(cluster, engine, tmp_path)
        finally:
            engine.dispose()


def run_through_an_outage(cluster: Cluster, engine: Engine, tmp_path: Path) -> None:
    pedidos: dict[str, Pedido] = {}
    results: list[Resultado] = []
    lock = threading.Lock()
    stop = threading.Event()

    with service("lancamentos", {"FLUXO_DATABASE_URL": cluster.url}, tmp_path) as svc:

        def client(c: int) -> None:
            with httpx.Client() as http:
                n = 0
                while not stop.is_set():
                    p = pedido(f"c{c}-{n}", c * 100_000 + n)
                    n += 1
                    with lock:
                        pedidos[p.chave] = p
                    result = enviar(http, svc.url, p, timeout=30)
                    with lock:
                        results.append(result)
                    if result.status != 201:
                        time.sleep(0.05)

        threads = [threading.Thread(target=client, args=(c,)) for c in range(3)]
        for thread in threads:
            thread.start()
        wait_until(lambda: sum(r.status == 201 for r in results) >= 60)

        cluster.stop("immediate")  # a crash: connections cut, open transactions lost
        outage_start = len(results)
        with httpx.Client() as http:
            assert_503(http.get(f"{svc.url}/saude", timeout=30))
            assert http.get(f"{svc.url}/saude", timeout=30).json()["status"] == "indisponivel"
            assert_503(http.get(f"{svc.url}/movimentacao/1", timeout=30))
            response = http.post(
                f"{svc.url}/movimentacao", json={"tipo": "entrada", "valor": 1}, timeout=30
            )
            assert_503(response)
            assert response.headers["Retry-After"] == "5"
            assert response.json()["erro"] == UNAVAILABLE
        wait_until(lambda: sum(r.status == 503 for r in results[outage_start:]) >= 6)

        cluster.start()
        with httpx.Client() as http:
            wait_until(lambda: http.get(f"{svc.url}/saude", timeout=30).status_code == 200)
        recovered_at = len(results)
        wait_until(lambda: sum(r.status == 201 for r in results[recovered_at:]) >= 30)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)

        statuses = {r.status for r in results}
        assert statuses <= {201, 503, None}, statuses
        assert all(r.status != 503 or (r.corpo and r.corpo["erro"] == UNAVAILABLE) for r in results)

        # Nothing half-written: what was answered is there once, the projection is exact.
        answered = {r.chave: r.ident for r in results if r.status == 201 and r.ident is not None}
        assert_exactly_once(engine, pedidos, answered)
        assert_projection_exact(engine)

        # A client retries, with the same key, whatever did not get its 201.
        with httpx.Client() as http:
            pending = [k for k in pedidos if k not in answered]
            for chave in pending:
                result = enviar(http, svc.url, pedidos[chave])
                assert result.status == 201 and result.ident is not None
                answered[chave] = result.ident
    assert_exactly_once(engine, pedidos, answered)
    assert count_lancamentos(engine) == len(pedidos)
    assert_projection_exact(engine)


def wait_until(condition: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise AssertionError("condition not reached in time")
