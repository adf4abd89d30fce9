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
from fluxo_caixa.web.front import LENDING_THREADS, READ_THREADS, Front
from fluxo_caixa.web.logs import configure_logging


def create_app(
    settings: Settings,
    *,
    engine: Engine | None = None,
    clock: Callable[[], datetime] = utc_now,
) -> Flask:
    """The consolidado app, reading from `settings.leitura_database_url` (a replica, if set).

    `GET /` is the dashboard, registered as its own blueprint. Its sessions live in the
    primary (`settings.database_url`), through a small engine of their own when a replica
    is configured.
    """
    engine = (
        engine if engine is not None else make_engine(settings.leitura_database_url, create=False)
    )
    # Sessions and failure counts (only with a token) are written: with a read replica
    # they go to the primary.
    sessions_engine = (
        engine
        if settings.consolidado_database_url is None or settings.api_token is None
        else make_engine(settings.database_url, create=False, pool_size=2, max_overflow=2)
    )
    app = new_app(__name__, settings, "consolidado", build_spec(settings), sessions_engine)
    app.extensions["consolidado"] = Consolidado(engine, settings.tz, clock)
    app.register_blueprint(bp)
    install_dashboard(app, settings)
    return app


def wsgi_app() -> Flask:
    """Factory for the WSGI server: reads the environment once, in the worker."""
    settings = Settings.from_env()
    configure_logging(settings.log_level)
    return create_app(settings)


def rsgi_app() -> Front:
    """Factory for granian: the WSGI app behind the front that reads bodies off-thread,
    with few threads running at once (reads only: see READ_THREADS)."""
    return Front(wsgi_app(), threads=READ_THREADS, waiting_threads=LENDING_THREADS)
