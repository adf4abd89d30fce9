"""Prometheus metrics per app (own registry: two apps in one test process never clash).

With several workers, `serve` names a directory in PROMETHEUS_MULTIPROC_DIR before they
start: prometheus_client then keeps every worker's values in files there, and /metrics
adds them all up, whichever worker answers.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from flask import Flask, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

# A client chooses the method: anything else is one label value, not a new time series each.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNKNOWN_ROUTE = "<desconhecido>"


class Metrics:
    """Requests counted and timed by method, route rule (not path) and status."""

    def __init__(self, service: str) -> None:
        self.service = service
        self.registry = CollectorRegistry()
        self._requests = Counter(
            "fluxo_http_requests_total",
            "Requisições HTTP atendidas.",
            ["service", "method", "endpoint", "status"],
            registry=self.registry,
        )
        self._duration = Histogram(
            "fluxo_http_request_duration_seconds",
            "Duração das requisições HTTP.",
            ["service", "method", "endpoint"],
            registry=self.registry,
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
        )
        # labels() validates and locks on every call; the children are cached here instead.
        self._children: dict[tuple[str, str, str], tuple[Any, Any]] = {}
        self._lock = threading.Lock()

    def observe(self, method: str, endpoint: str | None, status: str, seconds: float) -> None:
        method = method if method in METHODS else "OUTRO"
        key = (method, endpoint or UNKNOWN_ROUTE, status)
        children = self._children.get(key)
        if children is None:
            with self._lock:
                children = (
                    self._requests.labels(self.service, key[0], key[1], status),
                    self._duration.labels(self.service, key[0], key[1]),
                )
                self._children[key] = children
        children[0].inc()
        children[1].observe(seconds)


def install_metrics(app: Flask, service: str, directory: Path | None = None) -> Metrics:
    metrics = Metrics(service)

    @app.get("/metrics")
    def metrics_endpoint() -> Response:
        registry = metrics.registry
        if directory is not None:
            # Read afresh each time: the files of every worker, alive or gone, summed.
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry, path=str(directory))  # type: ignore[no-untyped-call]
        # content_type, not mimetype: CONTENT_TYPE_LATEST already carries its charset.
        return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)

    return metrics
