"""Power BI's way in: the SQLite3 ODBC driver reading the view `movimentacao` of our file.

The seed's report reads `SELECT id, tipo, valor, data_inclusao FROM movimentacao` through
the SQLite3 ODBC driver (ch-werner's; Debian ships it as libsqliteodbc). Here the real
driver, through unixODBC and pyodbc, reads a file holding the seed's data plus movements
recorded by our own service, and what it sees must add up to what the API answers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine

from fluxo_caixa.config import Settings
from fluxo_caixa.consolidado import create_app as create_consolidado
from fluxo_caixa.db.engine import make_engine, upgrade
from fluxo_caixa.db.importacao import importar
from fluxo_caixa.lancamentos import create_app as create_lancamentos
from support.ledger import SAO_PAULO, assert_projection_exact, lancar
from support.prototipo import SEED
from support.requisitos import exigir

try:
    import pyodbc
except ImportError:  # no libodbc on this machine: the `driver` fixture skips, or fails in CI
    pyodbc = None

# ODBC SQL data types (sql.h): what Power BI's navigator types the columns by.
SQL_NUMERICOS = {2, 3, 6, 7, 8}  # NUMERIC, DECIMAL, FLOAT, REAL, DOUBLE
SQL_TIMESTAMP = 93
HOJE = datetime(2025, 3, 31, 15, 0, tzinfo=UTC)


@pytest.fixture
def driver() -> str:
    exigir(
        pyodbc is not None and "SQLite3" in pyodbc.drivers(),
        "driver ODBC SQLite3 ausente (apt-get install unixodbc libsqliteodbc)",
    )
    return "SQLite3"


@pytest.fixture
def arquivo(sqlite_url: str) -> Path:
    return Path(sqlite_url.removeprefix("sqlite:///"))


@pytest.fixture
def sqlite_engine(sqlite_url: str) -> Iterator[Engine]:
    engine = make_engine(sqlite_url)
    yield engine
    assert_projection_exact(engine)
    engine.dispose()


def odbc(driver: str, arquivo: Path) -> Any:
    return pyodbc.connect(f"DRIVER={{{driver}}};Database={arquivo}", autocommit=True)


def povoar(url: str, engine: Engine) -> FlaskClient:
    """The seed's five movements, then a day's work recorded by our lançamentos service."""
    importar(engine, SEED, SAO_PAULO, HOJE)
    # 22:30 in São Paulo is 01:30 UTC of the next day: it must stay on the 10th.
    noite = datetime(2025, 3, 11, 1, 30, tzinfo=UTC)
    settings = Settings(database_url=url, tz=SAO_PAULO)
    client = create_lancamentos(settings, engine=engine, clock=lambda: noite).test_client()
    for corpo in (
        {"tipo": "entrada", "valor": "0.10"},
        {"tipo": "entrada", "valor": "0.20"},
        {"tipo": "saida", "valor": "1234.56", "data": "2025-03-08"},
        {"tipo": "entrada", "valor": 99999999.99},
    ):
        assert client.post("/movimentacao", json=corpo).status_code == 201
    assert client.post("/movimentacao/8/estorno").status_code == 201
    return create_consolidado(settings, engine=engine, clock=lambda: HOJE).test_client()


def test_view_columns_are_typed_as_power_bi_needs(
    driver: str, arquivo: Path, sqlite_engine: Engine
) -> None:
    with odbc(driver, arquivo) as conn:
        tipos = {c.column_name: c.data_type for c in conn.cursor().columns(table="movimentacao")}
    assert tipos["valor"] in SQL_NUMERICOS, "valor as text would break the report's sums"
    assert tipos["data_inclusao"] == SQL_TIMESTAMP
    assert {"id", "tipo", "valor", "data_inclusao"} <= set(tipos)


def test_power_bi_query_adds_up_to_the_api(
    driver: str, arquivo: Path, sqlite_url: str, sqlite_engine: Engine
) -> None:
    consolidado = povoar(sqlite_url, sqlite_engine)
    with odbc(driver, arquivo) as conn:
        rows = conn.cursor().execute("SELECT id, tipo, valor, data_inclusao FROM movimentacao")
        linhas = rows.fetchall()

    api = consolidado.get("/consolidado?inicio=2025-03-01&fim=2025-03-31").get_json()
    # Each float is the nearest double to a two-decimal valor: its shortest text is exact.
    somas: dict[str, Decimal] = defaultdict(Decimal)
    por_dia: dict[tuple[date, str], Decimal] = defaultdict(Decimal)
    for _, tipo, valor, inclusao in linhas:
        assert isinstance(valor, float) and isinstance(inclusao, datetime)
        somas[tipo] += Decimal(str(valor))
        por_dia[(inclusao.date(), tipo)] += Decimal(str(valor))
    totais = api["totais"]
    assert len(linhas) == totais["registros"] == 10
    assert f"{somas['entrada']:.2f}" == totais["entradas"] == "100002344.85"
    assert f"{somas['saida']:.2f}" == totais["saidas"] == "1294.56"
    assert f"{somas['entrada'] - somas['saida']:.2f}" == totais["saldo"]

    # The days of data_inclusao are the São Paulo business days the API groups by.
    dias_vistos = {d for d, _ in por_dia}
    for dia in api["dias"]:
        data = date.fromisoformat(dia["data"])
        assert f"{por_dia[(data, 'entrada')]:.2f}" == dia["entradas"], dia["data"]
        assert f"{por_dia[(data, 'saida')]:.2f}" == dia["saidas"], dia["data"]
    assert dias_vistos == {
        date(2025, 3, 4),
        date(2025, 3, 5),
        date(2025, 3, 6),
        date(2025, 3, 7),
        date(2025, 3, 8),
        date(2025, 3, 10),
    }


def test_seed_days_through_odbc(driver: str, arquivo: Path, sqlite_engine: Engine) -> None:
    importar(sqlite_engine, SEED, SAO_PAULO, HOJE)
    with odbc(driver, arquivo) as conn:
        linhas = conn.cursor().execute(
            "SELECT id, tipo, valor, data_inclusao FROM movimentacao ORDER BY id"
        )
        vistos = [(tipo, valor, inclusao.strftime("%d/%m")) for _, tipo, valor, inclusao in linhas]
    assert vistos == [
        ("entrada", 100.0, "04/03"),
        ("entrada", 1000.0, "05/03"),
        ("entrada", 10.0, "07/03"),
        ("saida", 50.0, "06/03"),
        ("saida", 10.0, "07/03"),
    ]


def test_upgrading_an_older_file_types_and_fills_valor(driver: str, tmp_path: Path) -> None:
    arquivo = tmp_path / "antigo.db"
    engine = make_engine(f"sqlite:///{arquivo}")
    try:
        upgrade(engine, "0001")
        # A row as version 0001 of the service wrote it (today's code writes later columns).
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO lancamento (tipo, valor_centavos, data, data_inclusao, "
                "data_hora_local) VALUES ('entrada', 1234, '2025-03-04', "
                "'2025-03-04 13:00:00', '2025-03-04 10:00:00')"
            )
            conn.exec_driver_sql("INSERT INTO saldo_diario VALUES ('2025-03-04', 1234, 0, 1, 0)")
        upgrade(engine)
        lancar(engine, ("saida", 5, date(2025, 3, 5)))
    finally:
        engine.dispose()
    with odbc(driver, arquivo) as conn:
        cursor = conn.cursor()
        tipos = {c.column_name: c.data_type for c in cursor.columns(table="movimentacao")}
        valores = [v for (v,) in cursor.execute("SELECT valor FROM movimentacao ORDER BY id")]
    assert tipos["valor"] in SQL_NUMERICOS
    assert valores == [12.34, 0.05]


SQL_TEXTO = {1, 12, -1, -9, -10}  # CHAR, VARCHAR, LONGVARCHAR, WVARCHAR, WLONGVARCHAR


def test_view_has_forma_categoria_and_caixa_as_text(
    driver: str, arquivo: Path, sqlite_url: str, sqlite_engine: Engine
) -> None:
    settings = Settings(database_url=sqlite_url, tz=SAO_PAULO)
    client = create_lancamentos(settings, engine=sqlite_engine).test_client()
    corpo = {"tipo": "entrada", "valor": "12.30", "forma_pagamento": "pix", "categoria": "Vendas"}
    assert client.post("/movimentacao", json=corpo).status_code == 201
    assert client.post("/movimentacao", json={"tipo": "saida", "valor": 1}).status_code == 201
    with odbc(driver, arquivo) as conn:
        cursor = conn.cursor()
        tipos = {c.column_name: c.data_type for c in cursor.columns(table="movimentacao")}
        linhas = cursor.execute(
            "SELECT valor, forma_pagamento, categoria, caixa FROM movimentacao ORDER BY id"
        ).fetchall()
    assert {tipos[c] in SQL_TEXTO for c in ("forma_pagamento", "categoria", "caixa")} == {True}
    assert tipos["valor"] in SQL_NUMERICOS
    assert [tuple(r) for r in linhas] == [(12.3, "pix", "Vendas", None), (1.0, None, None, None)]
