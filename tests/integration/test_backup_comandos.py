"""`fluxo-caixa backup` and `restaurar`: what they refuse, and what they print for servers.

The copy under concurrent writes and the refusal while a service runs are in
tests/e2e/test_backup.py.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from fluxo_caixa.cli import main
from fluxo_caixa.db.engine import make_engine, upgrade
from support.ledger import lancar


def invoke(*args: str, url: str) -> Result:
    return CliRunner().invoke(main, list(args), env={"FLUXO_DATABASE_URL": url})


@pytest.fixture
def banco(tmp_path: Path) -> Path:
    path = tmp_path / "movimentacoes.db"
    engine = make_engine(f"sqlite:///{path}")
    try:
        upgrade(engine)
        lancar(engine, ("entrada", 12345, date(2025, 3, 4)))
    finally:
        engine.dispose()
    return path


def conteudo(path: Path) -> bytes:
    return path.read_bytes()


def test_backup_copies_and_refuses_to_overwrite_without_substituir(
    banco: Path, tmp_path: Path
) -> None:
    destino = tmp_path / "copia.db"
    feito = invoke("backup", str(destino), url=f"sqlite:///{banco}")
    assert feito.exit_code == 0, feito.output
    with closing(sqlite3.connect(destino)) as conn:
        assert conn.execute("SELECT valor_centavos FROM lancamento").fetchall() == [(12345,)]
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)

    destino.write_bytes(b"outra coisa")
    recusado = invoke("backup", str(destino), url=f"sqlite:///{banco}")
    assert recusado.exit_code == 1
    assert "já existe" in recusado.output and "--substituir" in recusado.output
    assert destino.read_bytes() == b"outra coisa"

    substituido = invoke("backup", str(destino), "--substituir", url=f"sqlite:///{banco}")
    assert substituido.exit_code == 0, substituido.output
    assert destino.read_bytes() != b"outra coisa"


def test_backup_of_a_missing_database_is_refused_without_creating_one(tmp_path: Path) -> None:
    result = invoke("backup", str(tmp_path / "c.db"), url=f"sqlite:///{tmp_path / 'nada.db'}")
    assert result.exit_code == 1
    assert "não encontrado" in result.output
    assert not (tmp_path / "nada.db").exists() and not (tmp_path / "c.db").exists()


@pytest.mark.parametrize(
    ("url", "ferramenta"),
    [
        ("postgresql+psycopg://caixa:s3gr3d0@db.exemplo:5433/loja", "pg_dump"),
        ("mysql+pymysql://caixa:s3gr3d0@db.exemplo:3307/loja", "mariadb-dump"),
    ],
)
def test_backup_on_a_server_prints_its_dump_command_without_the_password(
    url: str, ferramenta: str, tmp_path: Path
) -> None:
    result = invoke("backup", str(tmp_path / "loja.dump"), url=url)
    assert result.exit_code == 0, result.output
    assert ferramenta in result.output
    assert "db.exemplo" in result.output and "loja" in result.output
    assert "s3gr3d0" not in result.output
    assert not (tmp_path / "loja.dump").exists()


def test_restaurar_refuses_a_file_that_is_not_our_database(banco: Path, tmp_path: Path) -> None:
    antes = conteudo(banco)
    lixo = tmp_path / "lixo.db"
    lixo.write_bytes(b"isto nao e um banco" * 100)
    alheio = tmp_path / "alheio.db"
    with closing(sqlite3.connect(alheio)) as conn:
        conn.execute("CREATE TABLE qualquer (x)")
    for origem in (lixo, alheio, tmp_path / "nao-existe.db"):
        result = invoke("restaurar", str(origem), url=f"sqlite:///{banco}")
        assert result.exit_code == 1, origem
        assert str(origem) in result.output
    assert conteudo(banco) == antes
    assert not list(tmp_path.glob("*.antes-da-restauracao*"))


def test_restaurar_refuses_a_copy_at_another_schema(banco: Path, tmp_path: Path) -> None:
    antiga = tmp_path / "antiga.db"
    engine = make_engine(f"sqlite:///{antiga}")
    try:
        upgrade(engine, "0001")
    finally:
        engine.dispose()
    result = invoke("restaurar", str(antiga), url=f"sqlite:///{banco}")
    assert result.exit_code == 1
    assert "revisão 0001" in result.output


def test_restaurar_refuses_a_corrupted_copy(banco: Path, tmp_path: Path) -> None:
    copia = tmp_path / "copia.db"
    assert invoke("backup", str(copia), url=f"sqlite:///{banco}").exit_code == 0
    dados = bytearray(copia.read_bytes())
    page = 4096
    dados[page * 2 : page * 3] = b"\xff" * page  # a page of the middle, scrambled
    copia.write_bytes(bytes(dados))
    antes = conteudo(banco)
    result = invoke("restaurar", str(copia), url=f"sqlite:///{banco}")
    assert result.exit_code == 1
    assert str(copia) in result.output
    assert conteudo(banco) == antes


def test_restaurar_puts_the_copy_back_and_keeps_the_replaced_one(
    banco: Path, tmp_path: Path
) -> None:
    copia = tmp_path / "copia.db"
    assert invoke("backup", str(copia), url=f"sqlite:///{banco}").exit_code == 0
    with closing(sqlite3.connect(banco)) as conn:
        conn.execute("DELETE FROM lancamento")
        conn.commit()
    for n in ("", ".1"):  # a second restore keeps the first kept copy too
        result = invoke("restaurar", str(copia), url=f"sqlite:///{banco}")
        assert result.exit_code == 0, result.output
        assert (tmp_path / f"movimentacoes.db.antes-da-restauracao{n}").is_file()
    with closing(sqlite3.connect(banco)) as conn:
        assert conn.execute("SELECT valor_centavos FROM lancamento").fetchall() == [(12345,)]
    with closing(sqlite3.connect(tmp_path / "movimentacoes.db.antes-da-restauracao")) as conn:
        assert conn.execute("SELECT count(*) FROM lancamento").fetchone() == (0,)


def test_restaurar_into_a_missing_folder_is_refused_without_creating_it(
    banco: Path, tmp_path: Path
) -> None:
    pasta = tmp_path / "nao-existe"
    result = invoke("restaurar", str(banco), url=f"sqlite:///{pasta / 'movimentacoes.db'}")
    assert result.exit_code != 0
    assert f"A pasta {pasta} não existe." in result.output
    assert not pasta.exists()
