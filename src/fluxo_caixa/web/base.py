"""What every Flask app of ours is configured with."""

from __future__ import annotations

from flask import Flask

from fluxo_caixa.config import Settings
from fluxo_caixa.web.auth import install_token_auth
from fluxo_caixa.web.edge import install_edge
from fluxo_caixa.web.errors import register_error_handlers
from fluxo_caixa.web.front import install_body_deadline
from fluxo_caixa.web.metrics import install_metrics
from fluxo_caixa.web.openapi import OpenApi, install_docs
from fluxo_caixa.web.requests import MAX_BODY


def new_app(import_name: str, settings: Settings, service: str, spec: OpenApi) -> Flask:
    app = Flask(import_name)
    app.config.update(MAX_CONTENT_LENGTH=MAX_BODY, DEBUG=False, TESTING=False)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    register_error_handlers(app)
    install_body_deadline(app)  # first: a late body is refused before anything else
    install_token_auth(app, settings.api_token, settings.secret_key)
    metrics = install_metrics(app, service)
    install_docs(app, spec)
    # Request id, security headers, metrics and the request log line, for every response.
    install_edge(app, service, metrics)
    return app
