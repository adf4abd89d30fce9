"""saldo_anterior from memory (db.acumulado) is exact: any change of saldo_diario, by any
process or connection, is in the very next read, on every backend."""

from __future__ import annotations

import random
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select, text

from fluxo_caixa.db.engine import WRITE, make_engine
from fluxo_caixa.db.ledger import inserir
from fluxo_caixa.db.tables import saldo_diario
from fluxo_caixa.db.verificacao import corrigir, corrigir_detalhadas
from fluxo_caixa.domain.movimentacao import NovaMovimentacao, Tipo
from support.ledger import MOVIMENTOS_DO_SEED, SAO_PAULO, lancar

TESTS = Path(__file__).resolve().parents[1]
DIA = "/consolidado/diario?data=2025-03-07"
# Records one movement from a process of its own, as the lançamentos service would.
OUTRO_PROCESSO = """
import sys
from datetime import date
from fluxo_caixa.db.engine import WRITE, make_engine
from fluxo_caixa.db.ledger import inserir
from support.ledger import lancar
engine = make_engine(sys.argv[1])
lancar(engine, ("entrada", 2345, date(2025, 3, 1)))
engine.dispose()
"""


def get(client: FlaskClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_a_write_by_another_process_is_in_the_next_read(
    consolidado_client: FlaskClient, engine: Engine, database_url: str
) -> None:
    lancar(engine, *MOVIMENTOS_DO_SEED)
    assert get(consolidado_client, DIA)["saldo_anterior"] == "1050.00"
    assert get(consolidado_client, DIA)["saldo_anterior"] == "1050.00"  # from memory now
    subprocess.run(
        [sys.executable, "-c", OUTRO_PROCESSO, database_url],
        check=True,
        cwd=TESTS,
        env={"PYTHONPATH": str(TESTS), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert get(consolidado_client, DIA)["saldo_anterior"] == "1073.45"
    periodo = get(consolidado_client, "/consolidado?inicio=2025-03-02&fim=2025-03-07")
    assert periodo["totais"]["saldo_anterior"] == "23.45"


def test_a_change_made_in_sql_by_another_connection_is_in_the_next_read(
    consolidado_client: FlaskClient, engine: Engine, database_url: str
) -> None:
    """A hand-made fix, then `verificar --corrigir`: the triggers count them too."""
    lancar(engine, *MOVIMENTOS_DO_SEED)
    assert get(consolidado_client, DIA)["saldo_anterior"] == "1050.00"
    outro = make_engine(database_url)
    try:
        with outro.begin() as conn:
            conn.execute(
                saldo_diario.update()
                .where(saldo_diario.c.data == date(2025, 3, 6))
                .values(saidas_centavos=7000)
            )
        assert get(consolidado_client, DIA)["saldo_anterior"] == "1030.00"
        assert [d.data for d in corrigir(outro)] == [date(2025, 3, 6)]
        assert get(consolidado_client, DIA)["saldo_anterior"] == "1050.00"
        with outro.begin() as conn:  # every day gone at once, then written back
            conn.execute(text("DELETE FROM saldo_diario"))
        assert get(consolidado_client, DIA)["saldo_anterior"] == "0.00"
        corrigir(outro)
        assert get(consolidado_client, DIA)["saldo_anterior"] == "1050.00"
    finally:
        outro.dispose()


def test_a_write_after_a_savepoint_rolled_back_still_moves_the_version(
    consolidado_client: FlaskClient, engine: Engine, database_url: str
) -> None:
    """PostgreSQL bumps the version once per transaction: a savepoint rolled back takes
    the bump with it, and the next write of the transaction must bump again."""
    lancar(engine, *MOVIMENTOS_DO_SEED)
    assert get(consolidado_client, DIA)["saldo_anterior"] == "1050.00"
    outro = make_engine(database_url)
    agora = datetime.now(UTC)
    try:
        with outro.connect().execution_options(**{WRITE: True}) as conn, conn.begin():
            savepoint = conn.begin_nested()
            inserir(conn, NovaMovimentacao(Tipo.SAIDA, 99, date(2025, 3, 2)), agora, SAO_PAULO)
            savepoint.rollback()
            inserir(conn, NovaMovimentacao(Tipo.ENTRADA, 2345, date(2025, 3, 1)), agora, SAO_PAULO)
    finally:
        outro.dispose()
    assert get(consolidado_client, DIA)["saldo_anterior"] == "1073.45"


def test_answers_remembered_for_a_version_keep_each_question_apart(
    consolidado_client: FlaskClient, engine: Engine
) -> None:
    lancar(engine, *MOVIMENTOS_DO_SEED)
    marco = "/consolidado?inicio=2025-03-05&fim=2025-03-07"
    for _ in range(2):  # the second round comes from the answers remembered
        assert get(consolidado_client, marco)["totais"]["saldo_anterior"] == "100.00"
        entradas = get(consolidado_client, f"{marco}&tipo=entrada")
        assert entradas["totais"]["saldo_final"] == "1110.00"
        saidas = get(consolidado_client, f"{marco}&tipo=saida")
        assert saidas["totais"]["saldo_anterior"] == "0.00"
        assert saidas["totais"]["saldo_final"] == "-60.00"
        dia = get(consolidado_client, "/consolidado/diario?data=2025-03-05")
        assert dia == get(consolidado_client, marco)["dias"][0]
        assert dia["saldo_anterior"] == "100.00"


def test_a_renamed_categoria_and_a_repaired_breakdown_are_in_the_next_breakdown(
    client: FlaskClient, consolidado_client: FlaskClient, engine: Engine, database_url: str
) -> None:
    for valor in ("100.00", "50.00"):
        corpo = {"tipo": "entrada", "valor": valor, "data": "2025-03-05", "categoria": "Vendas"}
        assert client.post("/movimentacao", json=corpo).status_code == 201
    url = "/consolidado/detalhado?inicio=2025-03-01&fim=2025-03-31"

    def vendas() -> list[tuple[str, str]]:
        itens = get(consolidado_client, url)["por_categoria"]
        return [(c["categoria"], c["valor"]) for c in itens if c["tipo"] == "entrada"]

    assert vendas() == [("Vendas", "150.00")]
    assert vendas() == [("Vendas", "150.00")]  # remembered now
    categorias = client.get("/categorias").get_json()["itens"]
    ident = next(c["id"] for c in categorias if c["nome"] == "Vendas")
    response = client.patch(f"/categorias/{ident}", json={"nome": "Vendas no balcão"})
    assert response.status_code == 200
    assert vendas() == [("Vendas no balcão", "150.00")]
    outro = make_engine(database_url)
    try:
        with outro.begin() as conn:  # a hand-made change of the breakdown alone
            conn.execute(
                text("UPDATE saldo_detalhado SET valor_centavos = 1 WHERE tipo = 'entrada'")
            )
        assert vendas() == [("Vendas no balcão", "0.01")]
        corrigir_detalhadas(outro)
        assert vendas() == [("Vendas no balcão", "150.00")]
    finally:
        outro.dispose()


def soma_antes(engine: Engine, dia: date, tipo: str | None) -> int:
    """The oracle: a SUM over saldo_diario, as the consolidado did before the cache."""
    c = saldo_diario.c
    saldo = {
        None: c.entradas_centavos - c.saidas_centavos,
        "entrada": c.entradas_centavos,
        "saida": -c.saidas_centavos,
    }[tipo]
    with engine.connect() as conn:
        return int(
            conn.execute(select(func.coalesce(func.sum(saldo), 0)).where(c.data < dia)).scalar_one()
        )


def centavos(texto: str) -> int:
    inteiro, _, fracao = texto.lstrip("-").partition(".")
    valor = int(inteiro) * 100 + int(fracao)
    return -valor if texto.startswith("-") else valor


def test_random_writes_from_another_connection_never_leave_a_stale_balance(
    consolidado_client: FlaskClient, engine: Engine, database_url: str
) -> None:
    rng = random.Random(16)
    primeiro = date(2025, 1, 1)
    outro = make_engine(database_url)  # the writer: another connection, another pool
    try:
        for _ in range(150):
            if rng.random() < 0.6:
                dia = primeiro + timedelta(days=rng.randrange(90))
                tipo = rng.choice(("entrada", "saida"))
                lancar(outro, (tipo, rng.randint(1, 500_000), dia))
            inicio = primeiro + timedelta(days=rng.randrange(-5, 95))
            fim = inicio + timedelta(days=rng.randrange(0, 10))
            tipo_filtro = rng.choice((None, "entrada", "saida"))
            query = f"inicio={inicio}&fim={fim}" + (f"&tipo={tipo_filtro}" if tipo_filtro else "")
            corpo = get(consolidado_client, f"/consolidado?{query}")
            assert centavos(corpo["totais"]["saldo_anterior"]) == soma_antes(
                engine, inicio, tipo_filtro
            ), query
            for item in corpo["dias"]:
                dia_lido = date.fromisoformat(item["data"])
                assert centavos(item["saldo_anterior"]) == soma_antes(engine, dia_lido, tipo_filtro)
            if tipo_filtro is None:
                diario = get(consolidado_client, f"/consolidado/diario?data={fim}")
                assert diario == corpo["dias"][-1]
    finally:
        outro.dispose()
