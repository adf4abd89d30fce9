"""The edge of every app: request id, security headers, metrics and the request log line.

A WSGI middleware rather than Flask hooks: 404s, 405s and 413s raised before any view runs
get the same treatment, and on the hot path it costs one list scan and one small dict, where
header-by-header `setdefault` on werkzeug's Headers and `labels()` per request cost several
times more (measured by the benchmark, see bench/RESULTS.md).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, Response, request

from fluxo_caixa.web.logs import ENVIRON_KEY, REQUEST_ID_HEADER, request_id_from
from fluxo_caixa.web.metrics import Metrics

ROUTE_KEY = "fluxo.rota"
SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    # JSON needs nothing loaded; HTML pages (the docs, the dashboard) send their own.
    ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"),
    # Ledger data must not linger in a browser or proxy cache; static files set their own.
    ("Cache-Control", "no-store"),
)

log = logging.getLogger("fluxo_caixa.requisicao")

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class Edge:
    def __init__(self, app: WsgiApp, service: str, metrics: Metrics) -> None:
        self.app = app
        self.service = service
        self.metrics = metrics

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        start = time.perf_counter()
        request_id = request_id_from(environ.get("HTTP_X_REQUEST_ID"))
        environ[ENVIRON_KEY] = request_id
        status = "500"

        def start_at_the_edge(
            status_line: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Any:
            nonlocal status
            status = status_line[:3]
            present = {name.lower() for name, _ in headers}
            for name, value in SECURITY_HEADERS:
                if name.lower() not in present:
                    headers.append((name, value))
            headers.append((REQUEST_ID_HEADER, request_id))
            return start_response(status_line, headers, exc_info)

        try:
            return self.app(environ, start_at_the_edge)
        finally:
            seconds = time.perf_counter() - start
            method = environ.get("REQUEST_METHOD", "")
            self.metrics.observe(method, environ.get(ROUTE_KEY), status, seconds)
            if log.isEnabledFor(logging.INFO):
                campos = {
                    "service": self.service,
                    "request_id": request_id,
                    "method": method,
                    "path": environ.get("PATH_INFO"),
                    "status": int(status) if status.isdigit() else status,
                    "duration_ms": round(seconds * 1000, 3),
                    "remote_addr": environ.get("REMOTE_ADDR"),
                }
                # makeRecord + handle: what log.info does, less its stack walk for the caller.
                record = log.makeRecord(
                    log.name, logging.INFO, __file__, 0, "request", (), None,
                    extra={"campos": campos},
                )  # fmt: skip
                log.handle(record)


def install_edge(app: Flask, service: str, metrics: Metrics) -> None:
    @app.after_request
    def remember_route(response: Response) -> Response:
        # The rule, not the path: /movimentacao/1 and /movimentacao/2 are one series.
        rule = request.url_rule
        if rule is not None:
            request.environ[ROUTE_KEY] = rule.rule
        return response

    app.wsgi_app = Edge(app.wsgi_app, service, metrics)  # type: ignore[method-assign]
