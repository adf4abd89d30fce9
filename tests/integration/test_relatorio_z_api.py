"""The relatório Z on the consolidado (issue 13): `/dias/{data}/relatorio` and its PDF.

Movements are recorded through the lançamentos API (`client`), the report read through
the consolidado (`consolidado_client`), on every backend. Until a day is closed the report
is built from the projections and marked partial.
"""

from __future__ import annotations

import json
import subprocess
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask.testing import FlaskClient
from sqlalchemy.engine import Connection

from fluxo_caixa.contrato.consolidado import RelatorioZOut, percentual
from fluxo_caixa.db import relatorio as db_relatorio
from fluxo_caixa.domain.detalhado import centesimos_de_percentual
from fluxo_caixa.domain.quebras import QuebraDeSessao
from support.relatorio import relatorio_fechado

JSON = {"Content-Type": "application/json"}
SAO_PAULO = ZoneInfo("America/Sao_Paulo")
EMOJI_CJK = "Troco errado 😀 日本語 ☕"


def lancar(client: FlaskClient, **body: object) -> dict[str, Any]:
    response = client.post("/movimentacao", data=json.dumps(body), headers=JSON)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()  # type: ignore[no-any-return]


def dia_com_formas_categorias_e_estorno(client: FlaskClient) -> tuple[str, dict[str, Any]]:
    """A day before (R$ 1.000,00) and today: five movements and the estorno of one."""
    lancar(client, tipo="entrada", valor="1000.00", data="2025-03-05")
    servico = lancar(client, tipo="entrada", valor="20.00", forma_pagamento="credito",
                     categoria="Serviços")  # fmt: skip
    hoje = servico["data"]
    lancar(client, tipo="entrada", valor="1234.56", data=hoje, forma_pagamento="dinheiro",
           categoria="Vendas")  # fmt: skip
    lancar(client, tipo="entrada", valor="50.00", data=hoje, forma_pagamento="pix",
           categoria="Vendas")  # fmt: skip
    lancar(client, tipo="saida", valor="30.00", data=hoje, forma_pagamento="dinheiro",
           categoria="Aluguel")  # fmt: skip
    lancar(client, tipo="saida", valor="10.00", data=hoje)
    response = client.post(
        f"/movimentacao/{servico['id']}/estorno",
        data=json.dumps({"descricao": EMOJI_CJK}),
        headers=JSON,
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    estorno = response.get_json()
    assert estorno["data"] == hoje
    return hoje, estorno


def _pct(parte: int, total: int) -> str:
    return percentual(centesimos_de_percentual(parte, total))


def test_open_day_report_has_the_figures_by_forma_categoria_and_the_estornos(
    client: FlaskClient, consolidado_client: FlaskClient
) -> None:
    hoje, estorno = dia_com_formas_categorias_e_estorno(client)
    response = consolidado_client.get(f"/dias/{hoje}/relatorio")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert {k: body[k] for k in list(body)[:14]} == {
        "data": hoje, "parcial": True, "numero": None, "versao": None,
        "fechado_em": None, "observacao": None,
        "entradas": "1304.56", "saidas": "60.00", "saldo_dia": "1244.56",
        "qtd_entradas": 3, "qtd_saidas": 3, "registros": 6,
        "saldo_anterior": "1000.00", "saldo_final": "2244.56",
    }  # fmt: skip
    e, s = 130456, 6000
    assert body["por_forma"] == [
        {"forma_pagamento": "dinheiro", "entradas": "1234.56", "saidas": "30.00",
         "qtd_entradas": 1, "qtd_saidas": 1,
         "percentual_entradas": _pct(123456, e), "percentual_saidas": "50.00"},
        {"forma_pagamento": "pix", "entradas": "50.00", "saidas": "0.00",
         "qtd_entradas": 1, "qtd_saidas": 0,
         "percentual_entradas": _pct(5000, e), "percentual_saidas": "0.00"},
        {"forma_pagamento": "credito", "entradas": "20.00", "saidas": "20.00",
         "qtd_entradas": 1, "qtd_saidas": 1,
         "percentual_entradas": _pct(2000, e), "percentual_saidas": _pct(2000, s)},
        {"forma_pagamento": None, "entradas": "0.00", "saidas": "10.00",
         "qtd_entradas": 0, "qtd_saidas": 1,
         "percentual_entradas": "0.00", "percentual_saidas": _pct(1000, s)},
    ]  # fmt: skip
    assert body["por_forma"][0]["percentual_entradas"] == "94.63"
    categorias = [(c["categoria"], c["tipo"], c["valor"], c["qtd"]) for c in body["por_categoria"]]
    assert categorias == [
        ("Vendas", "entrada", "1284.56", 2),
        ("Serviços", "entrada", "20.00", 1),
        ("Aluguel", "saida", "30.00", 1),
        ("Serviços", "saida", "20.00", 1),
        (None, "saida", "10.00", 1),
    ]
    assert body["sessoes"] == []  # no caixa sessions yet
    assert body["estornos"] == [
        {"id": estorno["id"], "estorno_de": estorno["estorno_de"], "tipo": "saida",
         "valor": "20.00", "descricao": EMOJI_CJK}
    ]  # fmt: skip


def test_day_without_movements_is_a_partial_report_of_zeros_with_the_balance_before(
    client: FlaskClient, consolidado_client: FlaskClient
) -> None:
    lancar(client, tipo="saida", valor="12.34", data="2025-03-05")
    body = consolidado_client.get("/dias/2025-03-06/relatorio").get_json()
    assert body["parcial"] is True
    assert (body["entradas"], body["saidas"], body["registros"]) == ("0.00", "0.00", 0)
    assert (body["saldo_anterior"], body["saldo_final"]) == ("-12.34", "-12.34")
    assert body["por_forma"] == body["por_categoria"] == body["estornos"] == []


def pdf_texto(conteudo: bytes) -> str:
    resultado = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=conteudo, capture_output=True, check=True
    )
    return resultado.stdout.decode("utf-8")


def test_open_day_pdf_carries_every_figure_in_brazilian_format(
    client: FlaskClient, consolidado_client: FlaskClient
) -> None:
    hoje, estorno = dia_com_formas_categorias_e_estorno(client)
    response = consolidado_client.get(f"/dias/{hoje}/relatorio.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert f'filename="relatorio-z_{hoje}.pdf"' in response.headers["Content-Disposition"]
    conteudo = response.get_data()
    assert conteudo.startswith(b"%PDF-")
    texto = pdf_texto(conteudo)
    assert "PARCIAL — dia não fechado" in texto
    assert f"Dia {date.fromisoformat(hoje):%d/%m/%Y}" in texto
    for figura in (
        "R$ 1.304,56", "R$ 60,00", "R$ 1.244,56", "R$ 1.000,00", "R$ 2.244,56",
        "R$ 1.234,56", "R$ 30,00", "R$ 50,00", "R$ 20,00", "R$ 10,00", "R$ 1.284,56",
        "94,63%", "50,00%", "33,33%", "16,67%",
    ):  # fmt: skip
        assert figura in texto, figura
    for rotulo in (
        "Dinheiro", "PIX", "Crédito", "Não informada", "Vendas", "Serviços", "Aluguel",
        "Sem categoria", "Saldo anterior", "Saldo final", "Sessões de caixa",
        "Estornos do dia", "Totais", "Responsável pelo caixa",
    ):  # fmt: skip
        assert rotulo in texto, rotulo
    # The estorno's row: its numbers, and the descricao with what the font lacks replaced.
    linha = next(x for x in texto.splitlines() if "Troco errado" in x)
    assert linha.split()[:5] == [
        str(estorno["id"]),
        str(estorno["estorno_de"]),
        "Saída",
        "R$",
        "20,00",
    ]
    assert "Troco errado ? ??? ?" in linha


@pytest.mark.parametrize(
    "descricao", ["😀" * 200, "日本語のテキスト" * 25, "\u202e invertido \u0301"]
)
def test_any_unicode_descricao_does_not_break_the_pdf(
    client: FlaskClient, consolidado_client: FlaskClient, descricao: str
) -> None:
    original = lancar(client, tipo="entrada", valor="5.00", descricao=descricao)
    response = client.post(
        f"/movimentacao/{original['id']}/estorno", data=json.dumps({"descricao": descricao}),
        headers=JSON,
    )  # fmt: skip
    if response.status_code != 201:  # a text the API refuses never reaches the report
        assert response.status_code == 422
    response = consolidado_client.get(f"/dias/{original['data']}/relatorio.pdf")
    assert response.status_code == 200
    assert "R$ 5,00" in pdf_texto(response.get_data())


@pytest.mark.parametrize(
    ("caminho", "status"),
    [
        ("/dias/2025-02-30/relatorio", 422),
        ("/dias/2025-13-01/relatorio.pdf", 422),
        ("/dias/1900-02-28/relatorio", 422),
        ("/dias/hoje/relatorio", 422),
        ("/dias/2025-3-5/relatorio.pdf", 422),
        ("/dias/%EF%BC%92025-03-05/relatorio", 422),
        ("/dias/2025-03-05/relatorio.txt", 404),
        ("/dias/2025-03-05/relatorio/", 404),
        ("/dias/2025-03-05", 404),
    ],
)
def test_bad_day_in_the_path_is_an_error_in_the_one_shape(
    consolidado_client: FlaskClient, caminho: str, status: int
) -> None:
    response = consolidado_client.get(caminho)
    assert response.status_code == status
    body = response.get_json()
    assert set(body) == {"erro", "detalhes"}
    if status == 422:
        assert body["detalhes"][0]["campo"] == "data"
        assert "Use AAAA-MM-DD" in body["detalhes"][0]["mensagem"]
    else:
        assert body["erro"] == "Recurso não encontrado."


def test_quebras_answers_the_period_and_refuses_a_bad_one(
    consolidado_client: FlaskClient,
) -> None:
    # Until the caixa sessions exist there is no closed session: an empty series.
    response = consolidado_client.get("/caixa/quebras?inicio=2025-03-01&fim=2025-03-31&caixa=1")
    assert response.status_code == 200
    assert response.get_json() == {
        "inicio": "2025-03-01", "fim": "2025-03-31", "caixa": "1",
        "total": "0.00", "sessoes": 0, "itens": [],
    }  # fmt: skip
    padrao = consolidado_client.get("/caixa/quebras").get_json()
    assert (padrao["inicio"], padrao["fim"]) == ("2025-03-02", "2025-03-31")
    for query, campo in (
        ("inicio=2025-03-10&fim=2025-03-01", "fim"),
        ("inicio=2025-02-30", "inicio"),
        ("caixa=%20", "caixa"),
        ("outro=1", "outro"),
    ):
        response = consolidado_client.get(f"/caixa/quebras?{query}")
        assert response.status_code == 422, query
        assert response.get_json()["detalhes"][0]["campo"] == campo, query


# A closed day: the snapshot DIA's day close stores is served as is. Until DIA's table is
# merged, the read of the stored snapshot (db.relatorio.snapshot_do_dia, our own
# interface) is faked with one; the routes, the decoding and the PDF are the real ones.


def _fechado() -> tuple[str, str]:
    relatorio = relatorio_fechado()
    return relatorio.data.isoformat(), RelatorioZOut.de(relatorio, SAO_PAULO).model_dump_json()


def test_closed_day_report_is_its_stored_snapshot_not_a_recomputation(
    client: FlaskClient, consolidado_client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    dia, guardado = _fechado()
    lancar(client, tipo="entrada", valor="999.99", data="2025-03-05")  # not in the snapshot
    pedidos: list[date] = []

    def snapshot(conn: Connection, data: date) -> str | None:
        pedidos.append(data)
        return guardado if data.isoformat() == dia else None

    monkeypatch.setattr(db_relatorio, "snapshot_do_dia", snapshot)
    response = consolidado_client.get(f"/dias/{dia}/relatorio")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == guardado
    assert pedidos == [date.fromisoformat(dia)]
    texto = pdf_texto(consolidado_client.get(f"/dias/{dia}/relatorio.pdf").get_data())
    assert "Fechamento nº 7 — versão 2 — fechado em 25/11/2026 18:31" in texto
    assert "PARCIAL" not in texto
    for figura in ("-R$ 123,45", "R$ 150,00", "-R$ 3,45", "R$ 240,00", "R$ 235,00", "-R$ 5,00",
                   "-R$ 10,00", "Caixa 1 (sessão 3) — operador: Ana — aberta às 08:00, "
                   "fechada às 18:30", "Quebra de caixa do dia: -R$ 5,00"):  # fmt: skip
        assert figura in texto, figura
    # Another day is still open: built from the projections, partial.
    assert consolidado_client.get("/dias/2025-03-05/relatorio").get_json()["entradas"] == "999.99"


def test_quebras_series_from_the_closed_sessions(
    consolidado_client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    sessoes = [
        QuebraDeSessao(1, 1, "Caixa 1", date(2025, 3, 4), -500),
        QuebraDeSessao(2, 2, "Balcão", date(2025, 3, 4), 250),
        QuebraDeSessao(3, 1, "Caixa 1", date(2025, 3, 5), -1000),
    ]
    monkeypatch.setattr(db_relatorio, "quebras_de_sessoes", lambda conn, inicio, fim, tz: sessoes)
    body = consolidado_client.get("/caixa/quebras?inicio=2025-03-01&fim=2025-03-31").get_json()
    assert (body["total"], body["sessoes"]) == ("-12.50", 3)
    assert [(i["data"], i["caixa"], i["quebra"]) for i in body["itens"]] == [
        ("2025-03-04", "Balcão", "2.50"),
        ("2025-03-04", "Caixa 1", "-5.00"),
        ("2025-03-05", "Caixa 1", "-10.00"),
    ]
    body = consolidado_client.get("/caixa/quebras?inicio=2025-03-01&caixa=caixa%201").get_json()
    assert (body["caixa"], body["total"], len(body["itens"])) == ("caixa 1", "-15.00", 2)
