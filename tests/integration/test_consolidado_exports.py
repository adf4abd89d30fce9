"""CSV and XLSX of the period and of the movements, over a real database of each backend."""

from __future__ import annotations

import io
import threading
from datetime import UTC, date, datetime
from decimal import Decimal

import openpyxl
import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine

from fluxo_caixa.config import Settings
from fluxo_caixa.consolidado import create_app
from fluxo_caixa.db import exportacao
from fluxo_caixa.db.slots import Slots, lend
from fluxo_caixa.formats import xlsx
from fluxo_caixa.formats.csv_br import LinhaMovimentacao, ler_movimentacoes
from support.ledger import MOVIMENTOS_DO_SEED, lancar

MARCO = "inicio=2025-03-01&fim=2025-03-31"
# Recorded at 23:43 of 04/03 in São Paulo, i.e. 02:43 of the 5th in UTC.
AGORA = datetime(2025, 3, 5, 2, 43, 8, 921651, tzinfo=UTC)


def test_consolidado_csv_of_the_month(consolidado_client: FlaskClient, engine: Engine) -> None:
    lancar(engine, *MOVIMENTOS_DO_SEED, agora=AGORA)
    response = consolidado_client.get(f"/consolidado.csv?{MARCO}&tipo=saida")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="consolidado_2025-03-01_2025-03-31_saida.csv"'
    )
    linhas = response.data.decode("utf-8").split("\r\n")
    assert linhas[0].startswith("\ufeffdata;entradas;saidas;saldo_dia;")
    assert len(linhas) == 1 + 31 + 1  # header, days, the empty string after the last CRLF
    assert linhas[6] == "06/03/2025;0,00;50,00;-50,00;0,00;-50,00;0;1;1"
    assert linhas[31] == "31/03/2025;0,00;0,00;0,00;-60,00;-60,00;0;0;0"


def test_movimentacao_csv_lists_the_period_in_order(
    consolidado_client: FlaskClient, engine: Engine
) -> None:
    lancar(engine, *MOVIMENTOS_DO_SEED, ("entrada", 1, date(2025, 4, 1)), agora=AGORA)
    response = consolidado_client.get(f"/movimentacao.csv?{MARCO}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="movimentacao_2025-03-01_2025-03-31.csv"'
    )
    linhas = list(ler_movimentacoes(response.data.decode("utf-8-sig")))
    assert all(isinstance(x, LinhaMovimentacao) for x in linhas)
    assert [(x.data.day, x.tipo.value, x.valor_centavos) for x in linhas] == [  # type: ignore[union-attr]
        (4, "entrada", 10000),
        (5, "entrada", 100000),
        (6, "saida", 5000),
        (7, "entrada", 1000),
        (7, "saida", 1000),
    ]
    primeira = response.data.decode("utf-8-sig").split("\r\n")[1]
    # No forma, no categoria: both new columns empty.
    assert primeira == "1;04/03/2025;entrada;100,00;;2025-03-04T23:43:08.921651-03:00;;;"


def test_movimentacao_csv_pages_through_the_ledger(
    consolidado_client: FlaskClient, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small pages, so a few hundred rows cross several page boundaries and a day boundary.
    monkeypatch.setattr(exportacao, "PAGINA", 7)
    movimentos = [("entrada", n + 1, date(2025, 3, 1 + n % 3)) for n in range(100)]
    lancar(engine, *movimentos)
    response = consolidado_client.get(f"/movimentacao.csv?{MARCO}&tipo=entrada")
    linhas = [x for x in ler_movimentacoes(response.data.decode("utf-8-sig"))]
    chaves = [(x.data, x.id) for x in linhas if isinstance(x, LinhaMovimentacao)]
    assert len(chaves) == 100 and len(set(chaves)) == 100
    assert chaves == sorted(chaves)
    assert sum(x.valor_centavos for x in linhas if isinstance(x, LinhaMovimentacao)) == 5050


def test_consolidado_xlsx_has_real_numbers_and_dates(
    consolidado_client: FlaskClient, engine: Engine
) -> None:
    lancar(engine, *MOVIMENTOS_DO_SEED, ("entrada", 11, date(2025, 3, 8)), agora=AGORA)
    # Closing the response deletes its temporary file, as a WSGI server does.
    with consolidado_client.get(f"/consolidado.xlsx?{MARCO}") as response:
        conteudo = response.data
    assert response.status_code == 200
    assert response.mimetype == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert int(response.headers["Content-Length"]) == len(conteudo)
    ws = openpyxl.load_workbook(io.BytesIO(conteudo))["Consolidado"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("Data", "Entradas", "Saídas")
    assert len(rows) == 1 + 31 + 1
    dia = ws["A9"]
    assert (dia.value, dia.is_date, dia.number_format) == (datetime(2025, 3, 8), True, "dd/mm/yyyy")
    entradas = ws["B9"]
    assert entradas.data_type == "n" and Decimal(str(entradas.value)) == Decimal("0.11")
    assert entradas.number_format.startswith('"R$" #,##0.00')
    assert [c.value for c in ws[6]][:6] == [datetime(2025, 3, 5), 1000, 0, 1000, 100, 1100]
    total = [c.value for c in ws[33]]
    assert total[0] == "Total"
    assert [Decimal(str(v)) for v in total[1:6]] == [
        Decimal("1110.11"),
        Decimal("60"),
        Decimal("1050.11"),
        Decimal("0"),
        Decimal("1050.11"),
    ]
    assert total[6:] == [4, 2, 6]


def test_movimentacao_xlsx_keeps_text_as_text(settings: Settings, engine: Engine) -> None:
    lancar(engine, *MOVIMENTOS_DO_SEED, agora=AGORA)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE lancamento SET descricao = '=1+1' WHERE id = 2")
    client = create_app(settings, engine=engine).test_client()
    with client.get(f"/movimentacao.xlsx?{MARCO}&tipo=entrada") as response:
        assert response.status_code == 200
        ws = openpyxl.load_workbook(io.BytesIO(response.data))["Movimentações"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == (
        "ID",
        "Data",
        "Tipo",
        "Valor",
        "Descrição",
        "Data de inclusão",
        "Estorno de",
        "Forma de pagamento",
        "Categoria",
    )
    assert [r[2] for r in rows[1:]] == ["entrada"] * 3
    assert rows[1][:4] == (1, datetime(2025, 3, 4), "entrada", 100)
    assert rows[1][5] == datetime(2025, 3, 4, 23, 43, 8)
    formula = ws["E3"]
    assert (formula.value, formula.data_type) == ("=1+1", "s")
    assert ws["D2"].number_format.startswith('"R$"') and ws["F2"].is_date


def test_empty_period_exports_are_valid_files(consolidado_client: FlaskClient) -> None:
    csv_vazio = consolidado_client.get("/movimentacao.csv?inicio=2025-03-31&fim=2025-03-31")
    assert csv_vazio.data.decode("utf-8-sig") == (
        "id;data;tipo;valor;descricao;data_inclusao;estorno_de;forma_pagamento;categoria\r\n"
    )
    with consolidado_client.get("/movimentacao.xlsx?inicio=2025-03-31&fim=2025-03-31") as vazio:
        planilha = openpyxl.load_workbook(io.BytesIO(vazio.data))
    rows = list(planilha["Movimentações"].iter_rows())
    assert len(rows) == 1


def test_default_period_of_the_files_is_the_last_30_days(consolidado_client: FlaskClient) -> None:
    response = consolidado_client.get("/consolidado.csv")
    assert (
        'filename="consolidado_2025-03-02_2025-03-31.csv"'
        in response.headers["Content-Disposition"]
    )
    assert response.data.decode("utf-8-sig").count("\r\n") == 31


@pytest.mark.parametrize(
    "path", ["/consolidado.csv", "/consolidado.xlsx", "/movimentacao.csv", "/movimentacao.xlsx"]
)
def test_file_exports_refuse_bad_periods_in_the_error_shape(
    consolidado_client: FlaskClient, path: str
) -> None:
    with consolidado_client.get(f"{path}?inicio=2025-03-02&fim=2025-03-01") as response:
        pass
    assert response.status_code == 422 and response.mimetype == "application/json"
    assert response.get_json()["detalhes"][0]["campo"] == "fim"


@pytest.mark.parametrize(
    "path", ["/consolidado.csv", "/consolidado.xlsx", "/movimentacao.csv", "/movimentacao.xlsx"]
)
def test_file_exports_are_503_when_the_database_is_down(path: str) -> None:
    settings = Settings(database_url="postgresql+psycopg://nobody@127.0.0.1:1/nada")
    with create_app(settings).test_client().get(path) as response:
        assert response.status_code == 503 and response.mimetype == "application/json"


def test_movimentacao_xlsx_past_the_sheet_limit_is_a_422_pointing_to_csv(
    consolidado_client: FlaskClient, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx, "MAX_LINHAS", 3)  # header + 2 rows, instead of 1 048 576
    lancar(engine, *MOVIMENTOS_DO_SEED)
    with consolidado_client.get(f"/movimentacao.xlsx?{MARCO}") as response:
        assert response.status_code == 422 and response.mimetype == "application/json"
        assert "CSV" in response.get_json()["detalhes"][0]["mensagem"]
    with consolidado_client.get(f"/movimentacao.xlsx?{MARCO}&tipo=saida") as response:
        assert response.status_code == 200


@pytest.mark.parametrize(
    ("path", "empresta"),
    [
        (f"/movimentacao.xlsx?{MARCO}", True),
        (f"/consolidado.xlsx?{MARCO}", True),
        ("/dias/2025-03-04/relatorio.pdf", True),
        ("/consolidado/diario?data=2025-03-04", False),
    ],
)
def test_long_answers_lend_their_run_slot_to_the_reads_while_they_are_written(
    consolidado_client: FlaskClient, path: str, empresta: bool
) -> None:
    # This thread plays the request thread holding the service's only slot; a read
    # waiting for a slot gets it only if the request lent it.
    slots = Slots(1)
    slots.take()
    leitura_entrou = threading.Event()

    def leitura() -> None:
        slots.take()
        leitura_entrou.set()

    threading.Thread(target=leitura, daemon=True).start()
    with consolidado_client.get(path) as response:
        assert response.status_code == 200
        response.get_data()
    assert leitura_entrou.wait(5 if empresta else 0.2) is empresta
    lend()  # a short read keeps its slot to the end: give it back for the waiting thread
