"""The relatório Z's JSON: the API's formats, and a stored snapshot read back unchanged."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from fluxo_caixa.contrato.consolidado import RelatorioZOut
from fluxo_caixa.domain.consolidado import Somas
from fluxo_caixa.domain.detalhado import PorCategoria, PorForma
from fluxo_caixa.domain.movimentacao import Tipo
from fluxo_caixa.domain.pagamento import FormaPagamento
from fluxo_caixa.domain.relatorio import EstornoDoDia, RelatorioZ, SessaoDoDia

TZ = ZoneInfo("America/Sao_Paulo")


def relatorio_fechado() -> RelatorioZ:
    return RelatorioZ(
        data=date(2026, 11, 25),
        numero=7,
        versao=2,
        fechado_em=datetime(2026, 11, 25, 21, 31, 0, 123000, tzinfo=UTC),
        observacao="Conferido",
        somas=Somas(15000, 3000, 2, 1),
        saldo_anterior=-12345,
        por_forma=(
            PorForma(FormaPagamento.DINHEIRO, 10000, 3000, 1, 1, 6667, 10000),
            PorForma(None, 5000, 0, 1, 0, 3333, 0),
        ),
        por_categoria=(
            PorCategoria(1, "Vendas", Tipo.ENTRADA, 15000, 2, 10000),
            PorCategoria(None, None, Tipo.SAIDA, 3000, 1, 10000),
        ),
        sessoes=(
            SessaoDoDia(
                id=3,
                caixa="Caixa 1",
                operador="Ana",
                aberta_em=datetime(2026, 11, 25, 11, 0, 12, tzinfo=UTC),
                fechada_em=datetime(2026, 11, 25, 21, 30, 40, tzinfo=UTC),
                fundo=20000,
                diferenca_abertura=-1000,
                suprimentos=2000,
                sangrias=5000,
                esperado_dinheiro=24000,
                contado_dinheiro=23500,
                quebra=-500,
            ),
            SessaoDoDia(
                4,
                "Caixa 2",
                None,
                datetime(2026, 11, 25, 12, tzinfo=UTC),
                None,
                0,
                0,
                0,
                0,
                0,
                None,
                None,
            ),
        ),
        estornos=(EstornoDoDia(9, 5, Tipo.SAIDA, 1000, "Venda 🍕 errada"),),
    )


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
