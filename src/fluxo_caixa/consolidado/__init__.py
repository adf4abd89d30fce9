"""The consolidado service (the seed's Power BI report, as a service): port 5001, read only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask import Flask
from sqlalchemy import Engine

from fluxo_caixa.clock import utc_now
from fluxo_caixa.config import Settings
from fluxo_caixa.consolidado.api_spec import build_spec
from fluxo_caixa.consolidado.dashboard import install_dashboard
from fluxo_caixa.consolidado.routes import bp
from fluxo_caixa.db.consolidado import Consolidado
from fluxo_caixa.db.engine import make_engine
from fluxo_caixa.web.base import new_app
from fluxo_caixa.web.logs import configure_logging


def create_app(
    settings: Settings,
    *,
    engine: Engine | None = None,
    clock: Callable[[], datetime] = utc_now,
) -> Flask:
    """The consolidado app, reading from `settings.leitura_database_url` (a replica, if set).

    `GET /` is the dashboard, registered as its own blueprint.
    """
    app = new_app(__name__, settings, "consolidado", build_spec(settings))
    engine = engine if engine is not None else make_engine(settings.leitura_database_url)
    app.extensions["consolidado"] = Consolidado(engine, settings.tz, clock)
    app.register_blueprint(bp)
    install_dashboard(app, settings)
    return app


def wsgi_app() -> Flask:
    """Factory for the WSGI server: reads the environment once, in the worker."""
    settings = Settings.from_env()
    configure_logging(settings.log_level)
    return create_app(settings)
