"""Prometheus metrics per app (own registry: two apps in one test process never clash)."""

from __future__ import annotations

import time

from flask import Flask, Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)


def install_metrics(app: Flask, service: str) -> CollectorRegistry:
    registry = CollectorRegistry()
    requests_total = Counter(
        "fluxo_http_requests_total",
        "Requisições HTTP atendidas.",
        ["service", "method", "endpoint", "status"],
        registry=registry,
    )
    duration = Histogram(
        "fluxo_http_request_duration_seconds",
        "Duração das requisições HTTP.",
        ["service", "method", "endpoint"],
        registry=registry,
        buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
    )

    @app.before_request
    def start_timer() -> None:
        g.metrics_start = time.perf_counter()

    @app.after_request
    def observe(response: Response) -> Response:
        start = g.pop("metrics_start", None)
        # The rule, not the path: /movimentacao/1 and /movimentacao/2 are one series.
        endpoint = request.url_rule.rule if request.url_rule else "<desconhecido>"
        requests_total.labels(service, request.method, endpoint, str(response.status_code)).inc()
        if start is not None:
            duration.labels(service, request.method, endpoint).observe(time.perf_counter() - start)
        return response

    @app.get("/metrics")
    def metrics() -> Response:
        return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)

    app.extensions["metrics_registry"] = registry
    return registry
