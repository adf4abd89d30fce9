"""`fluxo-caixa dia fechar|reabrir` (issue 13, point 6) against a really served app."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine, func, select

from fluxo_caixa.cli import main
from fluxo_caixa.db.tables import fechamento_dia, reabertura_dia
from support.cliente import SEM_AMBIENTE, lancamentos_servido


@pytest.fixture
def url(sqlite_url: str, sqlite_engine: Engine) -> Iterator[str]:
    with lancamentos_servido(sqlite_url, sqlite_engine) as url:  # "today" is 05/03/2025
        yield url


def rodar(url: str, *args: str) -> Result:
    runner = CliRunner(env={**SEM_AMBIENTE, "COLUMNS": "120"})
    return runner.invoke(main, [*args, "--api-url", url], prog_name="fluxo-caixa")


def _contar(engine: Engine, tabela: object) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(tabela)).scalar_one())  # type: ignore[arg-type]


def test_dia_fechar_prints_number_version_and_totals(url: str) -> None:
    assert rodar(url, "lancar", "entrada", "100,00", "--data", "04/03/2025").exit_code == 0
    assert rodar(url, "lancar", "saida", "30,00", "--data", "04/03/2025").exit_code == 0

    r = rodar(url, "dia", "fechar", "04/03/2025", "--observacao", "Conferido")

    assert (r.exit_code, r.stderr) == (0, "")
    assert r.stdout == (
        "Dia 04/03/2025 fechado: fechamento nº 1, versão 1.\n"
        "Entradas R$ 100,00 (1) · Saídas R$ 30,00 (1) · Saldo do dia R$ 70,00 · "
        "Saldo final R$ 70,00\n"
    )
    # and a movement for that day is refused, with the way out
    recusada = rodar(url, "lancar", "entrada", "5,00", "--data", "04/03/2025")
    assert recusada.exit_code == 1
    assert "04/03/2025 está fechado" in recusada.stderr


def test_dia_fechar_json_is_the_snapshot(url: str) -> None:
    r = rodar(url, "dia", "fechar", "2025-03-04", "--json")

    assert r.exit_code == 0
    z = json.loads(r.stdout)
    assert (z["data"], z["numero"], z["versao"], z["entradas"]) == ("2025-03-04", 1, 1, "0.00")


def test_dia_reabrir_needs_a_motivo_and_records_it(url: str, sqlite_engine: Engine) -> None:
    rodar(url, "dia", "fechar", "04/03/2025")

    sem = rodar(url, "dia", "reabrir", "04/03/2025")
    curto = rodar(url, "dia", "reabrir", "04/03/2025", "--motivo", " abc ")
    assert (sem.exit_code, curto.exit_code) == (1, 1)
    assert "Informe o motivo da reabertura." in sem.stderr
    assert "pelo menos 5 caracteres" in curto.stderr
    assert _contar(sqlite_engine, reabertura_dia) == 0

    r = rodar(url, "dia", "reabrir", "04/03/2025", "--motivo", "Venda esquecida")

    assert (r.exit_code, r.stderr) == (0, "")
    assert r.stdout == (
        "Dia 04/03/2025 reaberto (a versão 1 do fechamento continua guardada). "
        "Motivo: Venda esquecida\n"
    )
    de_novo = rodar(url, "dia", "fechar", "04/03/2025")
    assert "fechamento nº 2, versão 2." in de_novo.stdout


def test_dia_refusals_exit_1_with_the_services_reason(url: str, sqlite_engine: Engine) -> None:
    nao_fechado = rodar(url, "dia", "reabrir", "04/03/2025", "--motivo", "Venda esquecida")
    futuro = rodar(url, "dia", "fechar", "06/03/2025")
    rodar(url, "dia", "fechar", "04/03/2025")
    ja = rodar(url, "dia", "fechar", "04/03/2025")

    assert [x.exit_code for x in (nao_fechado, futuro, ja)] == [1, 1, 1]
    assert "não está fechado" in nao_fechado.stderr
    assert "06/03/2025 ainda não chegou" in futuro.stderr
    assert "já está fechado" in ja.stderr
    assert _contar(sqlite_engine, fechamento_dia) == 1
