"""Crash durability on SQLite: SIGKILL the service while clients post, restart, count."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import httpx

from fluxo_caixa.db.engine import make_engine
from support.clientes import Pedido, Resultado, assert_exactly_once, enviar, pedido
from support.ledger import assert_projection_exact, count_lancamentos
from support.servers import service

CLIENTS = 6


def test_every_201_survives_a_sigkill_exactly_once(tmp_path: Path) -> None:
    database = tmp_path / "movimentacoes.db"
    env = {"FLUXO_DATABASE_URL": f"sqlite:///{database}", "FLUXO_WORKERS": "2"}
    pedidos: dict[str, Pedido] = {}
    results: list[Resultado] = []
    lock = threading.Lock()

    with service("lancamentos", env, tmp_path) as svc:

        def client(c: int) -> None:
            with httpx.Client() as http:
                for n in range(100_000):
                    p = pedido(f"c{c}-{n}", c * 100_000 + n)
                    with lock:
                        pedidos[p.chave] = p
                    result = enviar(http, svc.url, p, timeout=30)
                    with lock:
                        results.append(result)
                    if result.status is None:
                        return  # the server is gone: this one's fate is unknown

        threads = [threading.Thread(target=client, args=(c,)) for c in range(CLIENTS)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with lock:
                if sum(r.status == 201 for r in results) >= 300:
                    break
            time.sleep(0.01)
        svc.kill()  # SIGKILL to the whole process group, mid-write
        for thread in threads:
            thread.join(timeout=60)

    answered = {r.chave: r.ident for r in results if r.status == 201 and r.ident is not None}
    unknown = [r.chave for r in results if r.status is None]
    assert len(answered) >= 300 and len(unknown) == CLIENTS
    assert all(r.status in (201, None) for r in results)

    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    # Restart on the same file; a client retries what it got no answer for, with its key.
    with service("lancamentos", env, tmp_path) as svc, httpx.Client() as http:
        engine = make_engine(f"sqlite:///{database}")
        try:
            assert_exactly_once(engine, pedidos, answered)
            assert_projection_exact(engine)
            retried = [enviar(http, svc.url, pedidos[chave]) for chave in unknown]
            assert [r.status for r in retried] == [201] * CLIENTS
            answered.update({r.chave: r.ident for r in retried if r.ident is not None})
            again = [enviar(http, svc.url, pedidos[chave]) for chave in answered]
            assert all(r.repetida and r.ident == answered[r.chave] for r in again)
            assert_exactly_once(engine, pedidos, answered)
            assert count_lancamentos(engine) == len(answered)
            assert_projection_exact(engine)
        finally:
            engine.dispose()
