"""What every Flask app of ours is configured with."""

from __future__ import annotations

from flask import Flask, Response

from fluxo_caixa.config import Settings
from fluxo_caixa.web.auth import install_token_auth
from fluxo_caixa.web.errors import register_error_handlers
from fluxo_caixa.web.logs import install_request_log
from fluxo_caixa.web.metrics import install_metrics
from fluxo_caixa.web.openapi import OpenApi, install_docs
from fluxo_caixa.web.requests import MAX_BODY

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
JSON_CSP = "default-src 'none'; frame-ancestors 'none'"


def new_app(import_name: str, settings: Settings, service: str, spec: OpenApi) -> Flask:
    app = Flask(import_name)
    app.config.update(MAX_CONTENT_LENGTH=MAX_BODY, DEBUG=False, TESTING=False)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    register_error_handlers(app)
    install_token_auth(app, settings.api_token, settings.secret_key)
    install_metrics(app, service)
    install_docs(app, spec)
    install_request_log(app, service)

    @app.after_request
    def security_headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        response.headers.setdefault("Content-Security-Policy", JSON_CSP)
        # Ledger data must not linger in a browser or proxy cache; static files set their own.
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    return app
