"""The baseline: a minimal Flask app returning a constant JSON, served like our services."""

from __future__ import annotations

import sys

from flask import Flask

from fluxo_caixa.web.front import Front


def wsgi_app() -> Flask:
    app = Flask(__name__)

    @app.get("/")
    def index() -> dict[str, str]:
        return {"status": "ok"}

    return app


def rsgi_app() -> Front:
    return Front(wsgi_app())


def main() -> None:
    """`python -m bench.baseline PORT`: granian with the services' own production settings."""
    from fluxo_caixa.config import Settings
    from fluxo_caixa.server import serve_app

    serve_app("bench.baseline:rsgi_app", Settings.from_env(), int(sys.argv[1]))


if __name__ == "__main__":
    main()
