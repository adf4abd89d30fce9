"""The lançamentos service (the seed's app.py): the ledger's write side, port 5000."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask import Flask
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from fluxo_caixa.clock import utc_now
from fluxo_caixa.config import Settings
from fluxo_caixa.db.engine import make_engine
from fluxo_caixa.db.grupo import MAX_BATCH
from fluxo_caixa.lancamentos.api_spec import build_spec
from fluxo_caixa.lancamentos.caixa_app import install_caixa_app
from fluxo_caixa.lancamentos.routes import bp
from fluxo_caixa.lancamentos.servico import Lancamentos
from fluxo_caixa.web.base import new_app
from fluxo_caixa.web.front import (
    REQUEST_THREADS,
    SQLITE_REQUEST_THREADS,
    Front,
)
from fluxo_caixa.web.logs import configure_logging


def create_app(
    settings: Settings,
    *,
    engine: Engine | None = None,
    clock: Callable[[], datetime] = utc_now,
) -> Flask:
    engine = engine if engine is not None else make_engine(settings.database_url, create=False)
    app = new_app(__name__, settings, "lancamentos", build_spec(settings), engine)
    app.extensions["lancamentos"] = Lancamentos(engine, settings.tz, clock)
    app.register_blueprint(bp)
    install_caixa_app(app, settings)
    return app


def wsgi_app(settings: Settings | None = None) -> Flask:
    """Factory for the WSGI server: reads the environment once, in the worker."""
    settings = settings if settings is not None else Settings.from_env()
    configure_logging(settings.log_level)
    return create_app(settings)


def rsgi_app() -> Front:
    """Factory for granian: the WSGI app behind the front that reads bodies off-thread,
    with threads to spare for the requests waiting on a group commit."""
    settings = Settings.from_env()
    em_processo = make_url(settings.database_url).get_backend_name() == "sqlite"
    threads = SQLITE_REQUEST_THREADS if em_processo else REQUEST_THREADS
    # Threads beyond the running ones: each runs only in a slot a request waiting for its
    # commit lent, so a batch can fill up to the group commit's largest.
    return Front(wsgi_app(settings), threads=threads, waiting_threads=MAX_BATCH - threads)
