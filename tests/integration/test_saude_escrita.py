"""/saude proves what each service needs (issue 10, point 5): the lançamentos that it can
write, the consolidado (perhaps on a read replica) that it can read."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from fluxo_caixa.config import Settings
from fluxo_caixa.consolidado import create_app as create_consolidado_app
from fluxo_caixa.db.engine import DatabaseConfigError, make_engine, parse_url
from fluxo_caixa.lancamentos import create_app
from support.databases import server_url


def saude_de(url: str) -> tuple[int, int]:
    """(/saude of the lançamentos, /saude of the consolidado) on the database at `url`."""
    engine = make_engine(url)
    try:
        settings = Settings(database_url=url)
        lancamentos = create_app(settings, engine=engine).test_client().get("/saude")
        consolidado = create_consolidado_app(settings, engine=engine).test_client().get("/saude")
        assert lancamentos.headers["content-type"] == "application/json"
        return lancamentos.status_code, consolidado.status_code
    finally:
        engine.dispose()


def test_a_read_only_sqlite_file_is_503_on_the_lancamentos_saude(sqlite_url: str) -> None:
    arquivo = parse_url(sqlite_url).database
    assert arquivo is not None
    assert saude_de(sqlite_url) == (200, 200)
    # Read-only as SQLite sees it: a file or directory the process may not write (root
    # ignores file modes, so the test opens it read-only instead).
    assert saude_de(f"sqlite:///file:{quote(arquivo)}?mode=ro&uri=true") == (503, 200)


def test_a_read_only_postgresql_is_503_for_the_lancamentos_but_readable_for_the_consolidado() -> (
    None
):
    url = server_url("postgresql")
    # A hot standby refuses writes the same way: every transaction is read-only.
    opcao = "options=-c%20default_transaction_read_only%3Don"
    somente_leitura = f"{url}{'&' if '?' in url else '?'}{opcao}"
    assert saude_de(somente_leitura) == (503, 200)


def test_a_missing_directory_is_a_clear_error_and_is_not_created(tmp_path: Path) -> None:
    pasta = tmp_path / "nao" / "existe"
    with pytest.raises(DatabaseConfigError, match="não existe"):
        make_engine(f"sqlite:///{pasta / 'caixa.db'}")
    assert not (tmp_path / "nao").exists()
