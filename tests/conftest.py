from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine

from fluxo_caixa.config import Settings
from fluxo_caixa.consolidado import create_app as create_consolidado_app
from fluxo_caixa.db.engine import make_engine
from fluxo_caixa.db.verificacao import diferencas, diferencas_detalhadas
from fluxo_caixa.lancamentos import create_app
from support.databases import BACKENDS, SqliteTemplate, reset_schema, server_url, truncate_all

SAO_PAULO = ZoneInfo("America/Sao_Paulo")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> SqliteTemplate:
    return SqliteTemplate(tmp_path_factory.mktemp("template"))


_migrated: dict[str, Engine] = {}


def _server_database(backend: str) -> str:
    url = server_url(backend)
    if backend not in _migrated:
        engine = make_engine(url)
        reset_schema(engine)
        _migrated[backend] = engine
    truncate_all(_migrated[backend])
    return url


# Server backends carry the `server` marker: `make test-fast` deselects them (SQLite only).
@pytest.fixture(
    params=[b if b == "sqlite" else pytest.param(b, marks=pytest.mark.server) for b in BACKENDS]
)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(
    backend: str, tmp_path: Path, sqlite_template: SqliteTemplate, request: pytest.FixtureRequest
) -> Iterator[str]:
    """A fresh, migrated database of each backend: SQLite always, servers when configured.

    After the test, `verificar` must find the projection equal to the ledger: whatever a
    test did through our code, saldo_diario stayed exact (tests that tamper with it on
    purpose say so with the projecao_adulterada marker).
    """
    url = sqlite_template.fresh(tmp_path) if backend == "sqlite" else _server_database(backend)
    yield url
    if request.node.get_closest_marker("projecao_adulterada") is None:
        _assert_verificar_finds_nothing(url, backend)


def _assert_verificar_finds_nothing(url: str, backend: str) -> None:
    engine = _migrated[backend] if backend != "sqlite" else make_engine(url)
    try:
        assert diferencas(engine) == [], "verificar: projeção difere do livro-caixa"
        assert diferencas_detalhadas(engine) == [], "verificar: projeção detalhada difere"
    finally:
        if backend == "sqlite":
            engine.dispose()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "projecao_adulterada: the test corrupts saldo_diario on purpose"
    )


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: SqliteTemplate) -> str:
    return sqlite_template.fresh(tmp_path)


@pytest.fixture
def sqlite_engine(sqlite_url: str) -> Iterator[Engine]:
    """For tests whose subject does not depend on the backend."""
    engine = make_engine(sqlite_url)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, tz=SAO_PAULO)


@pytest.fixture
def app(settings: Settings, engine: Engine) -> Flask:
    return create_app(settings, engine=engine)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(params=[1, 2], ids=["1-processo", "2-processos"])
def processos(request: pytest.FixtureRequest) -> int:
    """How many worker processes a concurrency test writes through (see `engines`)."""
    return int(request.param)


@pytest.fixture
def engines(database_url: str, engine: Engine, processos: int) -> Iterator[list[Engine]]:
    """One engine per worker process: each app built on its own engine has its own
    group-commit writer and its own transactions, as another worker process (or replica)
    would, so the database's locks, not one process's writer, decide the races."""
    outros = [make_engine(database_url) for _ in range(processos - 1)]
    yield [engine, *outros]
    for outro in outros:
        outro.dispose()


# -- consolidado (issue 4) -------------------------------------------------------
# "Today" for the consolidado tests: 31/03/2025 in São Paulo, the month of the seed's data.
CONSOLIDADO_AGORA = datetime(2025, 3, 31, 15, 0, tzinfo=UTC)


@pytest.fixture
def consolidado_app(settings: Settings, engine: Engine) -> Flask:
    return create_consolidado_app(settings, engine=engine, clock=lambda: CONSOLIDADO_AGORA)


@pytest.fixture
def consolidado_client(consolidado_app: Flask) -> FlaskClient:
    return consolidado_app.test_client()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    for engine in _migrated.values():
        engine.dispose()
