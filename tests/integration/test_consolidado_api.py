"""The consolidado HTTP contract (DESIGN §4), over a real database of each backend."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine, insert, update

from fluxo_caixa.config import Settings
from fluxo_caixa.consolidado import create_app
from fluxo_caixa.db.tables import saldo_diario
from support.ledger import MOVIMENTOS_DO_SEED, lancar
from support.sql import statements_run

MARCO = "/consolidado?inicio=2025-03-01&fim=2025-03-31"


def get(client: FlaskClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.get_json()


def test_month_of_the_seed_matches_the_power_bi_cards(
    consolidado_client: FlaskClient, engine: Engine
) -> None:
    lancar(engine, *MOVIMENTOS_DO_SEED)
    body = get(consolidado_client, MARCO)
    assert (body["inicio"], body["fim"], body["tipo"]) == ("2025-03-01", "2025-03-31", None)
    assert body["totais"] == {
        "entradas": "1110.00",
        "saidas": "60.00",
        "saldo": "1050.00",
        "registros": 5,
        "qtd_entradas": 3,
        "qtd_saidas": 2,
        "saldo_anterior": "0.00",
        "saldo_final": "1050.00",
    }
    assert len(body["dias"]) == 31
    por_dia = {d["data"]: d for d in body["dias"]}
    assert por_dia["2025-03-06"] == {
        "data": "2025-03-06",
        "entradas": "0.00",
        "saidas": "50.00",
        "saldo_dia": "-50.00",
        "saldo_anterior": "1100.00",
        "saldo_final": "1050.00",
        "qtd_entradas": 0,
        "qtd_saidas": 1,
        "registros": 1,
    }
    assert por_dia["2025-03-01"] == {
        "data": "2025-03-01",
        "entradas": "0.00",
        "saidas": "0.00",
        "saldo_dia": "0.00",
        "saldo_anterior": "0.00",
        "saldo_final": "0.00",
        "qtd_entradas": 0,
        "qtd_saidas": 0,
        "registros": 0,
    }
    variacao = {d["data"][-2:]: d["saldo_dia"] for d in body["dias"] if d["registros"]}
    assert variacao == {"04": "100.00", "05": "1000.00", "06": "-50.00", "07": "0.00"}
    assert body["dias"][-1]["saldo_final"] == "1050.00"


def test_balance_before_the_period_is_carried_in(
    consolidado_client: FlaskClient, engine: Engine
) -> None:
    lancar(engine, *MOVIMENTOS_DO_SEED, ("entrada", 123, date(2024, 12, 31)))
    body = get(consolidado_client, "/consolidado?inicio=2025-03-06&fim=2025-03-07")
    assert body["totais"]["saldo_anterior"] == "1101.23"
    assert body["totais"]["saldo"] == "-50.00"
    assert body["totais"]["saldo_final"] == "1051.23"
    assert [d["saldo_anterior"] for d in body["dias"]] == ["1101.23", "1051.23"]


def test_tipo_filter_accepts_accents_and_counts_only_that_tipo(
    consolidado_client: FlaskClient, engine: Engine
) -> None:
    lancar(engine, *MOVIMENTOS_DO_SEED)
    body = get(consolidado_client, MARCO + "&tipo=Sa%C3%ADda")
    assert body["tipo"] == "saida"
    assert body["totais"]["entradas"] == "0.00"
    assert body["totais"]["saidas"] == "60.00"
    assert body["totais"]["saldo"] == "-60.00"
    assert body["totais"]["registros"] == 2
    entradas = get(consolidado_client, MARCO + "&tipo=ENTRADA")["totais"]
    assert (entradas["entradas"], entradas["registros"]) == ("1110.00", 3)


def test_default_period_is_the_last_30_days_in_the_merchant_zone(
    consolidado_client: FlaskClient, engine: Engine
) -> None:
    lancar(engine, ("entrada", 500, date(2025, 3, 1)), ("entrada", 700, date(2025, 3, 2)))
    body = get(consolidado_client, "/consolidado")
    assert (body["inicio"], body["fim"]) == ("2025-03-02", "2025-03-31")
    assert len(body["dias"]) == 30
    assert body["totais"]["saldo_anterior"] == "5.00"
    assert body["totais"]["entradas"] == "7.00"


def test_daily_consolidado_defaults_to_today(
    consolidado_client: FlaskClient, engine: Engine
) -> None:
    lancar(engine, *MOVIMENTOS_DO_SEED, ("saida", 1, date(2025, 3, 31)))
    hoje = get(consolidado_client, "/consolidado/diario")
    assert (hoje["data"], hoje["saidas"], hoje["saldo_final"]) == ("2025-03-31", "0.01", "1049.99")
    dia = get(consolidado_client, "/consolidado/diario?data=2025-03-07")
    assert dia == {
        "data": "2025-03-07",
        "entradas": "10.00",
        "saidas": "10.00",
        "saldo_dia": "0.00",
        "saldo_anterior": "1050.00",
        "saldo_final": "1050.00",
        "qtd_entradas": 1,
        "qtd_saidas": 1,
        "registros": 2,
    }


def test_empty_database_gives_zeros(consolidado_client: FlaskClient) -> None:
    body = get(consolidado_client, "/consolidado?inicio=2025-03-30&fim=2025-03-31")
    assert body["totais"]["saldo_final"] == "0.00"
    assert [d["registros"] for d in body["dias"]] == [0, 0]


def test_longest_period_is_read_in_one_statement_from_the_projection(
    consolidado_client: FlaskClient, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    lancar(engine, *MOVIMENTOS_DO_SEED)
    url = "/consolidado?inicio=2022-04-05&fim=2025-04-04"
    with statements_run(engine, monkeypatch) as primeira:
        body = get(consolidado_client, url)
    with statements_run(engine, monkeypatch) as seguinte:
        get(consolidado_client, url)
    assert len(body["dias"]) == 1096
    assert body["totais"]["saldo"] == "1050.00"
    # The first read of the process reads saldo_diario whole, in one statement; the next
    # ones, while nothing changed, only its version (db.acumulado): days and balances
    # come from memory.
    assert len(primeira) == 1 and "saldo_diario" in primeira[0]
    assert len(seguinte) == 1 and "saldo_versao" in seguinte[0]
    assert not any("lancamento" in s for s in primeira + seguinte)


@pytest.mark.projecao_adulterada
def test_reads_come_from_the_projection_not_the_ledger(
    consolidado_client: FlaskClient, engine: Engine
) -> None:
    lancar(engine, *MOVIMENTOS_DO_SEED)
    with engine.begin() as conn:
        conn.execute(
            update(saldo_diario)
            .where(saldo_diario.c.data == date(2025, 3, 6))
            .values(saidas_centavos=7000)
        )
    assert get(consolidado_client, MARCO)["totais"]["saidas"] == "80.00"


@pytest.mark.projecao_adulterada
def test_sums_beyond_float_precision_stay_exact(
    consolidado_client: FlaskClient, engine: Engine
) -> None:
    # 2**53 + 1 centavos cannot be held by a binary double.
    grande = 2**53 + 1
    with engine.begin() as conn:
        conn.execute(
            insert(saldo_diario),
            [
                {
                    "data": date(2025, 3, d),
                    "entradas_centavos": grande,
                    "saidas_centavos": 1,
                    "qtd_entradas": 1,
                    "qtd_saidas": 1,
                }
                for d in (1, 2, 3)
            ],
        )
    body = get(consolidado_client, "/consolidado?inicio=2025-03-02&fim=2025-03-03")
    assert body["totais"]["saldo_anterior"] == "90071992547409.92"
    assert body["totais"]["entradas"] == "180143985094819.86"
    assert body["totais"]["saldo_final"] == "270215977642229.76"


@pytest.mark.parametrize(
    ("query", "campo"),
    [
        ("/consolidado?inicio=05/03/2025", "inicio"),
        ("/consolidado?inicio=2025-02-30", "inicio"),
        ("/consolidado?fim=2025-W10-1", "fim"),
        ("/consolidado?inicio=2025-03-02&fim=2025-03-01", "fim"),
        ("/consolidado?inicio=2022-01-01&fim=2025-01-01", "fim"),
        ("/consolidado?inicio=2000-01-01", "fim"),
        ("/consolidado?tipo=credito", "tipo"),
        ("/consolidado?pagina=2", "pagina"),
        ("/consolidado?tipo=saida&tipo=entrada", "tipo"),
        ("/consolidado/diario?data=amanha", "data"),
        ("/consolidado/diario?dia=2025-03-01", "dia"),
    ],
)
def test_bad_query_is_422_naming_the_parameter(
    consolidado_client: FlaskClient, query: str, campo: str
) -> None:
    response = consolidado_client.get(query)
    assert response.status_code == 422
    body = response.get_json()
    assert body["erro"] == "Dados inválidos."
    assert campo in [d["campo"] for d in body["detalhes"]]
    assert all(d["mensagem"] for d in body["detalhes"])


def test_1096_days_is_the_limit(consolidado_client: FlaskClient) -> None:
    ok = consolidado_client.get("/consolidado?inicio=2022-01-01&fim=2024-12-31")
    assert ok.status_code == 200 and len(ok.get_json()["dias"]) == 1096
    mensagem = consolidado_client.get("/consolidado?inicio=2022-01-01&fim=2025-01-01").get_json()
    assert "1096" in mensagem["detalhes"][0]["mensagem"]


def test_saude(consolidado_client: FlaskClient) -> None:
    response = consolidado_client.get("/saude")
    assert (response.status_code, response.get_json()) == (200, {"status": "ok"})


def test_unreachable_read_database_is_503_in_the_error_shape() -> None:
    settings = Settings(
        database_url="sqlite:///nao-usado.db",
        consolidado_database_url="postgresql+psycopg://nobody@127.0.0.1:1/nada",
    )
    client = create_app(settings).test_client()
    assert client.get("/saude").status_code == 503
    response = client.get(MARCO)
    assert response.status_code == 503
    assert response.get_json()["erro"].startswith("Banco de dados indisponível")
    assert "127.0.0.1" not in response.get_data(as_text=True)


def test_unknown_path_and_method_use_the_error_shape(consolidado_client: FlaskClient) -> None:
    missing = consolidado_client.get("/consolidado/semanal")
    assert (missing.status_code, missing.get_json()["erro"]) == (404, "Recurso não encontrado.")
    wrong = consolidado_client.post("/consolidado", json={})
    assert wrong.status_code == 405 and wrong.mimetype == "application/json"


def test_token_is_required_except_on_saude(settings: Settings, engine: Engine) -> None:
    app = create_app(settings.with_overrides(api_token="segredo"), engine=engine)
    client = app.test_client()
    assert client.get("/saude").status_code == 200
    negado = client.get(MARCO)
    assert negado.status_code == 401 and set(negado.get_json()) == {"erro", "detalhes"}
    aceito = client.get(MARCO, headers={"Authorization": "Bearer segredo"})
    assert aceito.status_code == 200


def test_openapi_document_describes_every_route(consolidado_client: FlaskClient) -> None:
    doc = consolidado_client.get("/openapi.json").get_json()
    assert doc["openapi"].startswith("3.1")
    # A superset: the dashboard adds its own pages to this app.
    assert set(doc["paths"]) >= {
        "/consolidado",
        "/consolidado/diario",
        "/consolidado/detalhado",
        "/consolidado.csv",
        "/consolidado.xlsx",
        "/movimentacao.csv",
        "/movimentacao.xlsx",
        "/dias",
        "/caixas",
        "/saude",
    }
    planilha = doc["paths"]["/movimentacao.xlsx"]["get"]["responses"]["200"]["content"]
    assert list(planilha) == ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]
    periodo = doc["paths"]["/consolidado"]["get"]
    assert [p["name"] for p in periodo["parameters"]] == [
        "inicio",
        "fim",
        "tipo",
        "forma_pagamento",
        "categoria",
        "caixa",
    ]
    detalhado = doc["paths"]["/consolidado/detalhado"]["get"]
    assert detalhado["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/DetalhadoOut"
    }
    assert periodo["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PeriodoOut"
    }
    dia = doc["components"]["schemas"]["DiaOut"]
    assert set(dia["required"]) == {
        "data",
        "entradas",
        "saidas",
        "saldo_dia",
        "saldo_anterior",
        "saldo_final",
        "qtd_entradas",
        "qtd_saidas",
        "registros",
    }


def test_docs_page_and_metrics(consolidado_client: FlaskClient) -> None:
    assert consolidado_client.get("/docs").status_code == 200
    consolidado_client.get(MARCO)
    text = consolidado_client.get("/metrics").get_data(as_text=True)
    assert (
        'fluxo_http_requests_total{endpoint="/consolidado",method="GET",'
        'service="consolidado",status="200"} 1.0'
    ) in text
