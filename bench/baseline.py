"""The baseline: a minimal Flask app returning a constant JSON, served like our services."""

from __future__ import annotations

import sys

from flask import Flask


def wsgi_app() -> Flask:
    app = Flask(__name__)

    @app.get("/")
    def index() -> dict[str, str]:
        return {"status": "ok"}

    return app


def main() -> None:
    """`python -m bench.baseline PORT`: granian with the services' own production settings."""
    from fluxo_caixa.config import Settings
    from fluxo_caixa.server import serve_wsgi

    serve_wsgi("bench.baseline:wsgi_app", Settings.from_env(), int(sys.argv[1]))


if __name__ == "__main__":
    main()
