"""What every Flask app of ours is configured with."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask import Flask
from sqlalchemy import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from fluxo_caixa.config import Settings
from fluxo_caixa.db.ledger import utc_now
from fluxo_caixa.web.auth import install_token_auth
from fluxo_caixa.web.compression import install_compression
from fluxo_caixa.web.edge import install_edge
from fluxo_caixa.web.errors import register_error_handlers
from fluxo_caixa.web.guard import install_request_guard
from fluxo_caixa.web.metrics import install_metrics
from fluxo_caixa.web.openapi import OpenApi, install_docs
from fluxo_caixa.web.requests import MAX_BODY


def new_app(
    import_name: str,
    settings: Settings,
    service: str,
    spec: OpenApi,
    sessions_engine: Engine,
    clock: Callable[[], datetime] = utc_now,
) -> Flask:
    """`sessions_engine` holds the sessions and failure counts: it must be writable (the
    primary database, never a read replica)."""
    app = Flask(import_name)
    app.config.update(MAX_CONTENT_LENGTH=MAX_BODY, DEBUG=False, TESTING=False)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    register_error_handlers(app)
    # Host and cross-site checks run first: a refused request reaches nothing else.
    install_request_guard(app, settings.allowed_hosts)
    install_token_auth(
        app, settings.api_token, settings.secret_key, service, sessions_engine, clock
    )
    metrics = install_metrics(app, service, settings.metrics_directory)
    install_docs(app, spec)
    install_compression(app)
    # Request id, security headers, metrics and the request log line, for every response.
    if settings.trusted_proxies > 0:
        # Client address, scheme (for Secure cookies) and Host as the proxies saw them.
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=n, x_proto=n, x_host=n
        )
    install_edge(app, service, metrics)
    return app
