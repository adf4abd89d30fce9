"""Issue 13, points 1-3 and 7 (DIA): the day close, reopening, closed days, verificar."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select, update

from fluxo_caixa.cli import main
from fluxo_caixa.config import Settings
from fluxo_caixa.db.importacao import ImportacaoInvalida, importar
from fluxo_caixa.db.tables import fechamento_dia, lancamento, reabertura_dia
from fluxo_caixa.lancamentos import create_app
from fluxo_caixa.lancamentos.servico import Lancamentos
from support.ledger import SAO_PAULO, count_lancamentos
from support.prototipo import SEED

# 10:00 in São Paulo on 25/11/2026: "today" for these tests.
AGORA = datetime(2026, 11, 25, 13, 0, tzinfo=UTC)
HOJE = "2026-11-25"
ONTEM = "2026-11-24"


@pytest.fixture
def app(settings: Settings, engine: Engine) -> Flask:
    return create_app(settings, engine=engine, clock=lambda: AGORA)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def _lancar(client: FlaskClient, **corpo: Any) -> Any:
    return client.post("/movimentacao", json={"tipo": "entrada", "valor": "10.00", **corpo})


def _contar(engine: Engine, tabela: Any) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(tabela)).scalar_one())


def test_a_day_never_closed_is_open_with_no_history(client: FlaskClient) -> None:
    r = client.get(f"/dias/{ONTEM}")
    assert r.status_code == 200
    assert r.get_json() == {"data": ONTEM, "estado": "aberto", "fechamentos": [], "reaberturas": []}


def test_closing_a_day_answers_its_snapshot_with_numero_and_versao(
    client: FlaskClient, engine: Engine
) -> None:
    _lancar(client, data=ONTEM, valor="100.00", forma_pagamento="dinheiro", categoria="Vendas")
    _lancar(client, data=ONTEM, valor="50.00", forma_pagamento="pix")
    saida = _lancar(client, data=ONTEM, tipo="saida", valor="30.00", forma_pagamento="dinheiro")
    _lancar(client, data="2026-11-23", valor="7.00")  # the day before: saldo anterior

    r = client.post(f"/dias/{ONTEM}/fechamento", json={"observacao": "  Conferido  "})

    assert r.status_code == 201, r.get_json()
    z = r.get_json()
    assert (z["data"], z["numero"], z["versao"], z["parcial"]) == (ONTEM, 1, 1, False)
    assert z["observacao"] == "Conferido"
    assert z["fechado_em"] == "2026-11-25T10:00:00.000-03:00"
    assert (z["entradas"], z["saidas"], z["saldo_dia"]) == ("150.00", "30.00", "120.00")
    assert (z["qtd_entradas"], z["qtd_saidas"]) == (2, 1)
    assert (z["saldo_anterior"], z["saldo_final"]) == ("7.00", "127.00")
    formas = {p["forma_pagamento"]: (p["entradas"], p["saidas"]) for p in z["por_forma"]}
    assert formas == {"dinheiro": ("100.00", "30.00"), "pix": ("50.00", "0.00")}
    categorias = {(c["tipo"], c["categoria"]): c["valor"] for c in z["por_categoria"]}
    assert categorias == {("entrada", "Vendas"): "100.00", ("entrada", None): "50.00",
                          ("saida", None): "30.00"}  # fmt: skip
    assert r.headers["Location"].endswith(f"/dias/{ONTEM}/fechamentos/1")
    # the stored snapshot is served back byte for byte
    assert client.get(f"/dias/{ONTEM}/fechamentos/1").get_data() == r.get_data()
    with engine.connect() as conn:
        ultimo = conn.execute(select(fechamento_dia.c.ultimo_lancamento_id)).scalar_one()
    assert ultimo == saida.get_json()["id"]

    estado = client.get(f"/dias/{ONTEM}").get_json()
    assert estado["estado"] == "fechado"
    assert estado["fechamentos"] == [{"numero": 1, "versao": 1, "observacao": "Conferido",
                                      "fechado_em": "2026-11-25T10:00:00.000-03:00"}]  # fmt: skip


def test_a_movement_dated_a_closed_day_is_409_naming_the_day_and_the_way_out(
    client: FlaskClient, engine: Engine
) -> None:
    _lancar(client, data=ONTEM)
    assert client.post(f"/dias/{ONTEM}/fechamento").status_code == 201
    antes = count_lancamentos(engine)

    r = _lancar(client, data=ONTEM)

    assert r.status_code == 409
    mensagem = r.get_json()["erro"]
    assert "24/11/2026" in mensagem
    assert "estorno" in mensagem and "reabra" in mensagem and "motivo" in mensagem
    assert r.get_json()["detalhes"] == []
    assert count_lancamentos(engine) == antes


def test_an_estorno_dated_today_of_a_closed_days_movement_is_allowed(
    client: FlaskClient,
) -> None:
    original = _lancar(client, data=ONTEM).get_json()
    client.post(f"/dias/{ONTEM}/fechamento")

    r = client.post(f"/movimentacao/{original['id']}/estorno", json={})

    assert r.status_code == 201
    assert r.get_json()["data"] == HOJE
    # and the closed day's snapshot is unchanged by it
    assert client.get(f"/dias/{ONTEM}/fechamentos/1").get_json()["entradas"] == "10.00"


def test_today_closed_refuses_a_new_movement_today_and_an_estorno_too(
    client: FlaskClient,
) -> None:
    original = _lancar(client).get_json()
    assert client.post(f"/dias/{HOJE}/fechamento").status_code == 201

    assert _lancar(client).status_code == 409
    estorno = client.post(f"/movimentacao/{original['id']}/estorno", json={})
    assert estorno.status_code == 409
    assert "25/11/2026" in estorno.get_json()["erro"]


def test_reopening_and_closing_again_makes_version_2_and_both_stay_readable(
    client: FlaskClient, engine: Engine
) -> None:
    _lancar(client, data=ONTEM, valor="10.00")
    v1 = client.post(f"/dias/{ONTEM}/fechamento").get_data()
    _lancar(client, data="2026-11-20")  # a day in between gets closed: numero is global
    assert client.post("/dias/2026-11-20/fechamento").get_json()["numero"] == 2

    r = client.post(f"/dias/{ONTEM}/reabertura", json={"motivo": "  Venda esquecida  "})
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["motivo"] == "Venda esquecida"
    assert r.get_json()["versao"] == 1
    assert client.get(f"/dias/{ONTEM}").get_json()["estado"] == "aberto"
    assert _lancar(client, data=ONTEM, valor="5.00").status_code == 201
    v2 = client.post(f"/dias/{ONTEM}/fechamento")

    assert v2.status_code == 201
    assert (v2.get_json()["numero"], v2.get_json()["versao"]) == (3, 2)
    assert v2.get_json()["entradas"] == "15.00"
    assert client.get(f"/dias/{ONTEM}/fechamentos/1").get_data() == v1
    assert json.loads(v1)["entradas"] == "10.00"
    assert client.get(f"/dias/{ONTEM}/fechamentos/2").get_data() == v2.get_data()
    estado = client.get(f"/dias/{ONTEM}").get_json()
    assert estado["estado"] == "fechado"
    assert [(f["numero"], f["versao"]) for f in estado["fechamentos"]] == [(1, 1), (3, 2)]
    assert estado["reaberturas"] == [
        {"motivo": "Venda esquecida", "reaberto_em": "2026-11-25T10:00:00.000-03:00"}
    ]
    assert client.get(f"/dias/{ONTEM}/fechamentos/3").status_code == 404


def test_closing_a_closed_day_is_409_and_records_nothing(
    client: FlaskClient, engine: Engine
) -> None:
    client.post(f"/dias/{ONTEM}/fechamento")

    r = client.post(f"/dias/{ONTEM}/fechamento", json={})

    assert r.status_code == 409
    assert "24/11/2026" in r.get_json()["erro"] and "já está fechado" in r.get_json()["erro"]
    assert _contar(engine, fechamento_dia) == 1


def test_closing_a_day_in_the_future_is_422_on_data(client: FlaskClient, engine: Engine) -> None:
    r = client.post("/dias/2026-11-26/fechamento")

    assert r.status_code == 422
    assert r.get_json()["detalhes"][0]["campo"] == "data"
    assert "26/11/2026" in r.get_json()["detalhes"][0]["mensagem"]
    assert _contar(engine, fechamento_dia) == 0


@pytest.mark.parametrize(
    ("corpo", "mensagem"),
    [
        ({}, "Campo obrigatório."),
        ({"motivo": None}, "Informe o motivo"),
        ({"motivo": "   "}, "Informe o motivo"),
        ({"motivo": " abcd "}, "pelo menos 5"),
        ({"motivo": "erro\tde data"}, "caractere não permitido"),
        ({"motivo": 12345}, "deve ser um texto"),
        ({"motivo": "x" * 201}, "no máximo 200"),
        ({"motivo": "Venda esquecida", "extra": 1}, "Campo desconhecido."),
    ],
)
def test_a_bad_motivo_is_422_and_reopens_nothing(
    client: FlaskClient, engine: Engine, corpo: dict[str, Any], mensagem: str
) -> None:
    client.post(f"/dias/{ONTEM}/fechamento")

    r = client.post(f"/dias/{ONTEM}/reabertura", json=corpo)

    assert r.status_code == 422
    detalhe = r.get_json()["detalhes"][0]
    assert detalhe["campo"] in ("motivo", "extra")
    assert mensagem in detalhe["mensagem"]
    assert _contar(engine, reabertura_dia) == 0
    assert client.get(f"/dias/{ONTEM}").get_json()["estado"] == "fechado"


def test_reopening_a_day_not_closed_is_409(client: FlaskClient, engine: Engine) -> None:
    r = client.post(f"/dias/{ONTEM}/reabertura", json={"motivo": "Venda esquecida"})

    assert r.status_code == 409
    assert "24/11/2026" in r.get_json()["erro"] and "não está fechado" in r.get_json()["erro"]
    assert _contar(engine, reabertura_dia) == 0


@pytest.mark.parametrize("caminho", ["/dias/2026-13-01", "/dias/ontem", "/dias/1900-02-28"])
def test_a_path_that_is_not_a_day_is_422_on_data(client: FlaskClient, caminho: str) -> None:
    for r in (client.get(caminho), client.post(f"{caminho}/fechamento")):
        assert r.status_code == 422
        assert r.get_json()["detalhes"][0]["campo"] == "data"


def test_bad_observacao_is_422_and_closes_nothing(client: FlaskClient, engine: Engine) -> None:
    for corpo in ({"observacao": "a\nb"}, {"observacao": "x" * 201}, {"obs": "x"}, [1]):
        r = client.post(f"/dias/{ONTEM}/fechamento", json=corpo)
        assert r.status_code in (400, 422), corpo
    assert _contar(engine, fechamento_dia) == 0


def test_keyed_close_and_reopening_replay_their_first_answer(
    client: FlaskClient, engine: Engine
) -> None:
    _lancar(client, data=ONTEM)
    chave = {"Idempotency-Key": "fecha-24"}
    primeira = client.post(f"/dias/{ONTEM}/fechamento", json={}, headers=chave)
    segunda = client.post(f"/dias/{ONTEM}/fechamento", json={}, headers=chave)

    assert (primeira.status_code, segunda.status_code) == (201, 201)
    assert segunda.get_data() == primeira.get_data()
    assert segunda.headers["Idempotent-Replayed"] == "true"
    assert _contar(engine, fechamento_dia) == 1
    outra = client.post(f"/dias/{ONTEM}/fechamento", json={"observacao": "x"}, headers=chave)
    assert outra.status_code == 422

    chave = {"Idempotency-Key": "reabre-24"}
    corpo = {"motivo": "Venda esquecida"}
    a = client.post(f"/dias/{ONTEM}/reabertura", json=corpo, headers=chave)
    b = client.post(f"/dias/{ONTEM}/reabertura", json=corpo, headers=chave)
    assert (a.status_code, b.status_code) == (201, 201)
    assert a.get_data() == b.get_data()
    assert _contar(engine, reabertura_dia) == 1


def test_verificar_reports_a_snapshot_that_differs_from_its_movements_and_leaves_it(
    client: FlaskClient, engine: Engine
) -> None:
    _lancar(client, data=ONTEM, valor="10.00", forma_pagamento="pix")
    client.post(f"/dias/{ONTEM}/fechamento")
    servico = Lancamentos(engine, SAO_PAULO, lambda: AGORA)
    assert servico.verificar_fechamentos() == []
    # A later movement of that date (after a reopening) is not in version 1: still exact.
    client.post(f"/dias/{ONTEM}/reabertura", json={"motivo": "Venda esquecida"})
    _lancar(client, data=ONTEM, valor="5.00")
    assert servico.verificar_fechamentos() == []

    with engine.begin() as conn:  # someone edits the ledger behind our back
        conn.execute(update(lancamento).values(forma_pagamento="dinheiro"))
    with engine.connect() as conn:
        antes = conn.execute(select(fechamento_dia.c.relatorio)).scalar_one()

    diferencas = servico.verificar_fechamentos()

    assert [(d.fechamento.versao, d.parte, d.no_snapshot, d.no_livro) for d in diferencas] == [
        (1, "por forma (dinheiro)", "nada", "entradas R$ 10,00 (1), saídas R$ 0,00 (0)"),
        (1, "por forma (pix)", "entradas R$ 10,00 (1), saídas R$ 0,00 (0)", "nada"),
    ]
    with engine.connect() as conn:
        assert conn.execute(select(fechamento_dia.c.relatorio)).scalar_one() == antes
    with engine.begin() as conn:  # put it back, so the fixture's verificar passes
        conn.execute(
            update(lancamento)
            .where(lancamento.c.valor_centavos == 1000)
            .values(forma_pagamento="pix")
        )
        conn.execute(
            update(lancamento)
            .where(lancamento.c.valor_centavos == 500)
            .values(forma_pagamento=None)
        )


# -- importar: a closed day takes no new movement from a file either ---------------------
SEED_AGORA = datetime(2025, 3, 31, 15, 0, tzinfo=UTC)


def _fechar(engine: Engine, dia: str) -> None:
    servico = Lancamentos(engine, SAO_PAULO, lambda: SEED_AGORA)
    servico.fechar_dia(date.fromisoformat(dia))


def test_importing_a_new_movement_dated_a_closed_day_is_refused_before_writing(
    engine: Engine,
) -> None:
    _fechar(engine, "2025-03-05")  # the seed has one movement on 05/03/2025

    with pytest.raises(ImportacaoInvalida) as erro:
        importar(engine, SEED, SAO_PAULO, SEED_AGORA)

    assert "dia fechado" in erro.value.mensagem and "nada foi importado" in erro.value.mensagem
    assert "estorno" in erro.value.mensagem and "reabra" in erro.value.mensagem
    assert erro.value.erros == ["registro id=2: o dia 05/03/2025 está fechado."]
    assert count_lancamentos(engine) == 0


def test_a_file_imported_before_the_close_imports_again_as_nothing_new(engine: Engine) -> None:
    importar(engine, SEED, SAO_PAULO, SEED_AGORA)
    _fechar(engine, "2025-03-05")

    again = importar(engine, SEED, SAO_PAULO, SEED_AGORA)

    assert (again.importadas, again.existentes) == (0, 5)


def test_verificar_command_reports_a_tampered_snapshot_and_corrigir_leaves_it(
    sqlite_url: str, sqlite_engine: Engine
) -> None:
    client = create_app(Settings(database_url=sqlite_url), engine=sqlite_engine,
                        clock=lambda: AGORA).test_client()  # fmt: skip
    _lancar(client, data=ONTEM, valor="10.00")
    client.post(f"/dias/{ONTEM}/fechamento")
    env = {"FLUXO_DATABASE_URL": sqlite_url, "FLUXO_CONSOLIDADO_DATABASE_URL": ""}
    limpa = CliRunner().invoke(main, ["verificar"], env=env)
    assert limpa.exit_code == 0, limpa.output
    with sqlite_engine.begin() as conn:
        guardado = conn.execute(select(fechamento_dia.c.relatorio)).scalar_one()
        conn.execute(
            update(fechamento_dia).values(
                relatorio=guardado.replace('"entradas":"10.00"', '"entradas":"11.00"', 1)
            )
        )
        adulterado = conn.execute(select(fechamento_dia.c.relatorio)).scalar_one()

    for args in (["verificar"], ["verificar", "--corrigir"]):
        r = CliRunner().invoke(main, args, env=env)
        assert r.exit_code == 1
        assert (
            "Fechamento nº 1 de 24/11/2026 (versão 1), totais: entradas R$ 11,00 (1), "
            "saídas R$ 0,00 (0) no fechamento, entradas R$ 10,00 (1), saídas R$ 0,00 (0) "
            "no livro\n"
        ) in r.stdout
        assert "1 fechamento(s) de dia diferem do livro-caixa" in r.stderr
        with sqlite_engine.connect() as conn:
            assert conn.execute(select(fechamento_dia.c.relatorio)).scalar_one() == adulterado


def test_an_open_session_holding_the_days_movements_blocks_the_close_naming_the_caixa(
    client: FlaskClient, engine: Engine
) -> None:
    criado = client.post("/caixas", json={"nome": "Caixa 2"}).get_json()
    assert client.post(f"/caixas/{criado['id']}/abertura", json={"contado": 0}).status_code == 201
    movimento = _lancar(client, data=ONTEM, caixa="Caixa 2").get_json()
    assert movimento["sessao_id"] is not None

    r = client.post(f"/dias/{ONTEM}/fechamento")

    assert r.status_code == 409
    assert "Caixa 2" in r.get_json()["erro"] and "24/11/2026" in r.get_json()["erro"]
    assert _contar(engine, fechamento_dia) == 0
    assert client.get(f"/dias/{ONTEM}").get_json()["estado"] == "aberto"


def test_verificar_reports_an_unreadable_snapshot(client: FlaskClient, engine: Engine) -> None:
    client.post(f"/dias/{ONTEM}/fechamento")
    with engine.begin() as conn:
        conn.execute(update(fechamento_dia).values(relatorio='{"data": "quebrado"'))

    diferencas = Lancamentos(engine, SAO_PAULO, lambda: AGORA).verificar_fechamentos()

    assert [(d.parte, d.no_snapshot) for d in diferencas] == [("relatório", "ilegível")]
