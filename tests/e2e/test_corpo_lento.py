"""Slow uploads (issue 10, point 4): clients trickling a body hold no request thread.

Before: eight connections sending a POST body one byte every few seconds took every
request thread of the lançamentos, and /saude itself stopped answering.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from fluxo_caixa.web.front import BODY_TIMEOUT_S
from support.servers import service

pytestmark = pytest.mark.slow
TRICKLERS = 50
BYTE_EVERY_S = 2.0


class Trickler(threading.Thread):
    """A client that promises a 200-byte body and sends it one byte every 2 s."""

    def __init__(self, port: int) -> None:
        super().__init__(daemon=True)
        self.port = port
        self.response = b""
        self.closed = False
        self.seconds = 0.0

    def run(self) -> None:
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as sock:
            sock.sendall(
                b"POST /movimentacao HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{"
            )
            start = time.monotonic()
            sock.settimeout(BYTE_EVERY_S)
            while time.monotonic() - start < BODY_TIMEOUT_S + 10:
                try:
                    chunk = sock.recv(65536)
                except TimeoutError:
                    try:
                        sock.sendall(b" ")
                    except OSError:
                        break
                    continue
                except OSError:
                    break
                if not chunk:
                    self.closed = True
                    break
                if not self.response:
                    self.seconds = time.monotonic() - start
                self.response += chunk


def test_fifty_trickled_bodies_never_delay_anyone_and_each_gets_408(tmp_path: Path) -> None:
    env = {"FLUXO_DATABASE_URL": f"sqlite:///{tmp_path / 'caixa.db'}"}
    with ExitStack() as stack:
        lancamentos = stack.enter_context(service("lancamentos", env, tmp_path))
        consolidado = stack.enter_context(service("consolidado", env, tmp_path))
        tricklers = [
            Trickler(int(url.rpartition(":")[2]))
            for url in (lancamentos.url, consolidado.url)
            for _ in range(TRICKLERS)
        ]
        for trickler in tricklers:
            trickler.start()
        time.sleep(1.0)  # all of them connected and trickling
        slowest = 0.0
        with httpx.Client(timeout=5) as http:
            while any(t.is_alive() and not t.response for t in tricklers):
                for url in (lancamentos.url, consolidado.url):
                    start = time.monotonic()
                    assert http.get(f"{url}/saude").status_code == 200
                    slowest = max(slowest, time.monotonic() - start)
                start = time.monotonic()
                venda = {"tipo": "entrada", "valor": "10.50", "data": "2025-03-05"}
                assert http.post(f"{lancamentos.url}/movimentacao", json=venda).status_code == 201
                slowest = max(slowest, time.monotonic() - start)
                time.sleep(0.2)
        for trickler in tricklers:
            trickler.join(timeout=BODY_TIMEOUT_S + 15)
    assert slowest < 1.0
    for trickler in tricklers:
        head, _, body = trickler.response.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 408"), trickler.response[:200]
        assert b"content-type: application/json" in head.lower()
        erro = json.loads(body)
        assert "não chegou completo em 10 s" in erro["erro"] and erro["detalhes"] == []
        # At the deadline (give or take the 2 s between bytes), and the connection closed.
        assert BODY_TIMEOUT_S - 1 <= trickler.seconds <= BODY_TIMEOUT_S + BYTE_EVERY_S + 1
        assert trickler.closed
