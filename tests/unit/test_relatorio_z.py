"""The relatório Z's JSON: the API's formats, and a stored snapshot read back unchanged."""

from __future__ import annotations

import json
from datetime import date
from zoneinfo import ZoneInfo

from fluxo_caixa.contrato.consolidado import RelatorioZOut
from fluxo_caixa.domain.consolidado import Somas
from fluxo_caixa.domain.relatorio import RelatorioZ
from support.relatorio import relatorio_fechado

TZ = ZoneInfo("America/Sao_Paulo")


def test_closed_report_json_writes_money_dates_and_instants_in_the_api_format() -> None:
    corpo = json.loads(RelatorioZOut.de(relatorio_fechado(), TZ).model_dump_json())
    assert corpo["data"] == "2026-11-25"
    assert corpo["parcial"] is False
    assert (corpo["numero"], corpo["versao"]) == (7, 2)
    assert corpo["fechado_em"] == "2026-11-25T18:31:00.123-03:00"
    assert corpo["entradas"] == "150.00"
    assert corpo["saidas"] == "30.00"
    assert corpo["saldo_dia"] == "120.00"
    assert corpo["saldo_anterior"] == "-123.45"
    assert corpo["saldo_final"] == "-3.45"
    assert corpo["por_forma"][1]["forma_pagamento"] is None
    assert corpo["por_forma"][0]["percentual_entradas"] == "66.67"
    assert corpo["por_categoria"][0] == {
        "categoria_id": 1, "categoria": "Vendas", "tipo": "entrada",
        "valor": "150.00", "qtd": 2, "percentual": "100.00",
    }  # fmt: skip
    sessao = corpo["sessoes"][0]
    assert sessao["aberta_em"] == "2026-11-25T08:00:12.000-03:00"
    assert sessao["quebra"] == "-5.00"
    assert sessao["diferenca_abertura"] == "-10.00"
    assert corpo["sessoes"][1]["fechada_em"] is None
    assert corpo["sessoes"][1]["contado_dinheiro"] is None
    assert corpo["estornos"] == [
        {
            "id": 9,
            "estorno_de": 5,
            "tipo": "saida",
            "valor": "10.00",
            "descricao": "Venda 🍕 errada",
        }
    ]


def test_stored_snapshot_reads_back_into_the_same_report() -> None:
    original = relatorio_fechado()
    texto = RelatorioZOut.de(original, TZ).model_dump_json()
    lido = RelatorioZOut.ler(texto)
    assert lido == original
    assert RelatorioZOut.de(lido, TZ).model_dump_json() == texto


def test_open_day_report_is_partial_with_null_number() -> None:
    aberto = RelatorioZ(date(2026, 11, 26), None, None, None, None, Somas(), 0, (), (), (), ())
    corpo = json.loads(RelatorioZOut.de(aberto, TZ).model_dump_json())
    assert corpo["parcial"] is True
    assert corpo["numero"] is None and corpo["fechado_em"] is None
    assert RelatorioZOut.ler(json.dumps(corpo)) == aberto
