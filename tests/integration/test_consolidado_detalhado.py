"""`/consolidado/detalhado` and the forma/categoria filters of `/consolidado` (issue 12).

Movements are recorded through the lançamentos API (`client`), read through the
consolidado (`consolidado_client`), on every backend.
"""

from __future__ import annotations

import io
import json
from typing import Any

import openpyxl
import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine

from fluxo_caixa.contrato.consolidado import percentual
from fluxo_caixa.domain.detalhado import centesimos_de_percentual
from support.sql import statements_run

JSON = {"Content-Type": "application/json"}
CAMINHOS_FILTRADOS = (
    "/consolidado",
    "/consolidado/detalhado",
    "/consolidado.csv",
    "/consolidado.xlsx",
    "/movimentacao.csv",
    "/movimentacao.xlsx",
)


def lancar(client: FlaskClient, **body: object) -> dict[str, Any]:
    response = client.post("/movimentacao", data=json.dumps(body), headers=JSON)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()  # type: ignore[no-any-return]


def get(client: FlaskClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.get_json()


def conjunto_conhecido(client: FlaskClient) -> str:
    """Five movements of 05/03/2025 and the estorno of one (dated today); returns today."""
    dia = "2025-03-05"
    lancar(client, tipo="entrada", valor="100.00", data=dia, forma_pagamento="dinheiro",
           categoria="Vendas")  # fmt: skip
    lancar(client, tipo="entrada", valor="50.00", data=dia, forma_pagamento="PIX",
           categoria="vendas")  # fmt: skip
    lancar(client, tipo="saida", valor="30.00", data=dia, forma_pagamento="Débito",
           categoria="Aluguel")  # fmt: skip
    lancar(client, tipo="saida", valor="10.00", data=dia)
    servico = lancar(client, tipo="entrada", valor="20.00", data=dia, forma_pagamento="credito",
                     categoria="Serviços")  # fmt: skip
    response = client.post(f"/movimentacao/{servico['id']}/estorno")
    assert response.status_code == 201
    estorno = response.get_json()
    # The reversal keeps forma and categoria and is a saída.
    assert (estorno["tipo"], estorno["forma_pagamento"], estorno["categoria"]) == (
        "saida",
        "credito",
        "Serviços",
    )
    return str(estorno["data"])


def test_detalhado_has_the_design_shape_and_exact_figures(
    client: FlaskClient, consolidado_client: FlaskClient
) -> None:
    hoje = conjunto_conhecido(client)
    body = get(consolidado_client, f"/consolidado/detalhado?inicio=2025-03-01&fim={hoje}")
    assert (body["inicio"], body["fim"], body["tipo"]) == ("2025-03-01", hoje, None)
    assert body["por_forma"] == [
        {"forma_pagamento": "dinheiro", "entradas": "100.00", "saidas": "0.00",
         "qtd_entradas": 1, "qtd_saidas": 0,
         "percentual_entradas": "58.82", "percentual_saidas": "0.00"},
        {"forma_pagamento": "pix", "entradas": "50.00", "saidas": "0.00",
         "qtd_entradas": 1, "qtd_saidas": 0,
         "percentual_entradas": "29.41", "percentual_saidas": "0.00"},
        # The estorno keeps the forma and counts as a saída.
        {"forma_pagamento": "credito", "entradas": "20.00", "saidas": "20.00",
         "qtd_entradas": 1, "qtd_saidas": 1,
         "percentual_entradas": "11.76", "percentual_saidas": "33.33"},
        {"forma_pagamento": "debito", "entradas": "0.00", "saidas": "30.00",
         "qtd_entradas": 0, "qtd_saidas": 1,
         "percentual_entradas": "0.00", "percentual_saidas": "50.00"},
        # Não informada is null; 10/60 = 16.666… rounds half up to 16.67.
        {"forma_pagamento": None, "entradas": "0.00", "saidas": "10.00",
         "qtd_entradas": 0, "qtd_saidas": 1,
         "percentual_entradas": "0.00", "percentual_saidas": "16.67"},
    ]  # fmt: skip
    assert body["por_categoria"] == [
        {"categoria": "Vendas", "tipo": "entrada", "valor": "150.00", "qtd": 2,
         "percentual": "88.24"},
        {"categoria": "Serviços", "tipo": "entrada", "valor": "20.00", "qtd": 1,
         "percentual": "11.76"},
        {"categoria": "Aluguel", "tipo": "saida", "valor": "30.00", "qtd": 1,
         "percentual": "50.00"},
        {"categoria": "Serviços", "tipo": "saida", "valor": "20.00", "qtd": 1,
         "percentual": "33.33"},
        {"categoria": None, "tipo": "saida", "valor": "10.00", "qtd": 1,
         "percentual": "16.67"},
    ]  # fmt: skip


def test_detalhado_by_tipo_and_by_forma(
    client: FlaskClient, consolidado_client: FlaskClient
) -> None:
    hoje = conjunto_conhecido(client)
    periodo = f"inicio=2025-03-01&fim={hoje}"
    saidas = get(consolidado_client, f"/consolidado/detalhado?{periodo}&tipo=Saída")
    assert saidas["tipo"] == "saida"
    assert [(f["forma_pagamento"], f["entradas"], f["saidas"]) for f in saidas["por_forma"]] == [
        ("debito", "0.00", "30.00"),
        ("credito", "0.00", "20.00"),
        (None, "0.00", "10.00"),
    ]
    assert {c["tipo"] for c in saidas["por_categoria"]} == {"saida"}

    credito = get(consolidado_client, f"/consolidado/detalhado?{periodo}&forma_pagamento=Crédito")
    assert credito["por_forma"] == [
        {"forma_pagamento": "credito", "entradas": "20.00", "saidas": "20.00",
         "qtd_entradas": 1, "qtd_saidas": 1,
         "percentual_entradas": "100.00", "percentual_saidas": "100.00"},
    ]  # fmt: skip
    assert [(c["categoria"], c["tipo"], c["percentual"]) for c in credito["por_categoria"]] == [
        ("Serviços", "entrada", "100.00"),
        ("Serviços", "saida", "100.00"),
    ]


def test_empty_period_has_empty_breakdowns(consolidado_client: FlaskClient) -> None:
    body = get(consolidado_client, "/consolidado/detalhado")
    assert body == {
        "inicio": "2025-03-02",
        "fim": "2025-03-31",
        "tipo": None,
        "por_forma": [],
        "por_categoria": [],
    }


def test_consolidado_filtered_by_forma_carries_its_own_saldo_anterior(
    client: FlaskClient, consolidado_client: FlaskClient
) -> None:
    conjunto_conhecido(client)
    body = get(
        consolidado_client, "/consolidado?inicio=2025-03-06&fim=2025-03-31&forma_pagamento=pix"
    )
    assert body["totais"] == {
        "entradas": "0.00", "saidas": "0.00", "saldo": "0.00", "registros": 0,
        "qtd_entradas": 0, "qtd_saidas": 0, "saldo_anterior": "50.00", "saldo_final": "50.00",
    }  # fmt: skip
    assert body["dias"][0]["saldo_anterior"] == "50.00"
    marco = get(
        consolidado_client, "/consolidado?inicio=2025-03-01&fim=2025-03-31&forma_pagamento=debito"
    )
    assert (marco["totais"]["entradas"], marco["totais"]["saidas"]) == ("0.00", "30.00")
    dia5 = next(d for d in marco["dias"] if d["data"] == "2025-03-05")
    assert (dia5["saidas"], dia5["saldo_final"], dia5["qtd_saidas"]) == ("30.00", "-30.00", 1)


def test_consolidado_filtered_by_categoria_name_or_id(
    client: FlaskClient, consolidado_client: FlaskClient
) -> None:
    hoje = conjunto_conhecido(client)
    vendas = get(
        consolidado_client, "/consolidado?inicio=2025-03-06&fim=2025-03-31&categoria=VENDAS"
    )
    assert (vendas["totais"]["saldo_anterior"], vendas["totais"]["saldo_final"]) == (
        "150.00",
        "150.00",
    )
    ids = {c["nome"]: c["id"] for c in client.get("/categorias").get_json()["itens"]}
    servicos = get(
        consolidado_client,
        f"/consolidado?inicio=2025-03-01&fim={hoje}&categoria={ids['Serviços']}",
    )
    assert servicos["totais"]["entradas"] == "20.00"
    assert servicos["totais"]["saidas"] == "20.00"
    assert servicos["totais"]["saldo_final"] == "0.00"
    # Accent- and case-insensitive, and combined with tipo and forma.
    so_entradas = get(
        consolidado_client,
        f"/consolidado?inicio=2025-03-01&fim={hoje}&categoria=servicos&tipo=entrada"
        "&forma_pagamento=credito",
    )
    assert (so_entradas["totais"]["entradas"], so_entradas["totais"]["saidas"]) == ("20.00", "0.00")


def test_inactive_categoria_still_filters(
    client: FlaskClient, consolidado_client: FlaskClient
) -> None:
    conjunto_conhecido(client)
    ids = {c["nome"]: c["id"] for c in client.get("/categorias").get_json()["itens"]}
    response = client.patch(
        f"/categorias/{ids['Aluguel']}", data=json.dumps({"ativa": False}), headers=JSON
    )
    assert response.status_code == 200
    body = get(
        consolidado_client, "/consolidado?inicio=2025-03-01&fim=2025-03-31&categoria=aluguel"
    )
    assert body["totais"]["saidas"] == "30.00"


def test_filters_and_detalhado_read_the_projection_never_the_ledger(
    client: FlaskClient,
    consolidado_client: FlaskClient,
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def statements_of(url: str) -> list[str]:
        with statements_run(engine, monkeypatch) as statements:
            get(consolidado_client, url)
        return statements

    conjunto_conhecido(client)
    marco = "inicio=2025-03-01&fim=2025-03-31"
    # No filter: the one prebuilt read of saldo_diario, as before.
    simples = statements_of(f"/consolidado?{marco}")
    assert len(simples) == 1 and "saldo_diario" in simples[0]
    for url in (
        f"/consolidado?{marco}&forma_pagamento=pix",
        f"/consolidado?{marco}&categoria=Vendas",
        f"/consolidado/detalhado?{marco}",
        f"/consolidado/detalhado?{marco}&categoria=Vendas&forma_pagamento=pix",
    ):
        statements = statements_of(url)
        assert any("saldo_detalhado" in s for s in statements), url
        assert not any("lancamento" in s or "saldo_diario" in s for s in statements), url


@pytest.mark.parametrize(
    ("query", "campo"),
    [
        ("forma_pagamento=cheque", "forma_pagamento"),
        ("forma_pagamento=1", "forma_pagamento"),
        ("categoria=Inexistente", "categoria"),
        ("categoria=999999", "categoria"),
        ("forma_pagamento=%20", "forma_pagamento"),
        ("categoria=%20", "categoria"),
    ],
)
def test_unknown_filter_is_422_never_an_empty_200(
    consolidado_client: FlaskClient, query: str, campo: str
) -> None:
    for caminho in CAMINHOS_FILTRADOS:
        response = consolidado_client.get(f"{caminho}?{query}")
        assert response.status_code == 422, (caminho, response.get_data(as_text=True))
        body = response.get_json()
        assert body["erro"]
        assert [d["campo"] for d in body["detalhes"]] == [campo], caminho


def test_unknown_categoria_message_lists_the_categorias(consolidado_client: FlaskClient) -> None:
    body = consolidado_client.get("/consolidado/detalhado?categoria=Padaria").get_json()
    mensagem = body["detalhes"][0]["mensagem"]
    assert "'Padaria' não encontrada" in mensagem
    assert "Vendas" in mensagem and "Aluguel" in mensagem


def test_percentual_is_integer_arithmetic_rounded_half_up() -> None:
    assert percentual(centesimos_de_percentual(1, 3)) == "33.33"
    assert percentual(centesimos_de_percentual(2, 3)) == "66.67"
    assert percentual(centesimos_de_percentual(1, 20000)) == "0.01"  # 0.005 % rounds up
    assert percentual(centesimos_de_percentual(1, 40000)) == "0.00"  # 0.0025 % rounds down
    assert percentual(centesimos_de_percentual(5, 5)) == "100.00"
    assert percentual(centesimos_de_percentual(0, 0)) == "0.00"
    assert percentual(centesimos_de_percentual(9_999_999_999, 10_000_000_000)) == "100.00"


# -- exports ------------------------------------------------------------------------


def baixar(client: FlaskClient, url: str) -> tuple[bytes, str]:
    with client.get(url) as response:
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.data, response.headers["Content-Disposition"]


def test_movimentacao_csv_has_forma_and_categoria_and_is_filtered(
    client: FlaskClient, consolidado_client: FlaskClient
) -> None:
    conjunto_conhecido(client)
    dados, nome = baixar(consolidado_client, "/movimentacao.csv?inicio=2025-03-01&fim=2025-03-31")
    linhas = dados.decode("utf-8-sig").split("\r\n")
    assert linhas[0].endswith(";estorno_de;forma_pagamento;categoria")
    assert [linha.split(";")[-2:] for linha in linhas[1:-1]] == [
        ["Dinheiro", "Vendas"],
        ["PIX", "Vendas"],
        ["Débito", "Aluguel"],
        ["", ""],
        ["Crédito", "Serviços"],
    ]
    dados, nome = baixar(
        consolidado_client,
        "/movimentacao.csv?inicio=2025-03-01&fim=2025-03-31&categoria=vendas&forma_pagamento=PIX",
    )
    linhas = dados.decode("utf-8-sig").split("\r\n")
    assert [linha.split(";")[2:4] for linha in linhas[1:-1]] == [["entrada", "50,00"]]
    assert nome == 'attachment; filename="movimentacao_2025-03-01_2025-03-31_pix_vendas.csv"'


def test_movimentacao_xlsx_has_readable_forma_and_categoria_columns(
    client: FlaskClient, consolidado_client: FlaskClient
) -> None:
    conjunto_conhecido(client)
    dados, nome = baixar(
        consolidado_client, "/movimentacao.xlsx?inicio=2025-03-01&fim=2025-03-31&tipo=saida"
    )
    assert nome.endswith('_saida.xlsx"')
    rows = list(
        openpyxl.load_workbook(io.BytesIO(dados))["Movimentações"].iter_rows(values_only=True)
    )
    assert rows[0][-2:] == ("Forma de pagamento", "Categoria")
    assert [r[-2:] for r in rows[1:]] == [("Débito", "Aluguel"), (None, None)]


def test_consolidado_xlsx_has_sheets_by_forma_and_by_categoria(
    client: FlaskClient, consolidado_client: FlaskClient
) -> None:
    hoje = conjunto_conhecido(client)
    dados, _ = baixar(consolidado_client, f"/consolidado.xlsx?inicio=2025-03-01&fim={hoje}")
    planilha = openpyxl.load_workbook(io.BytesIO(dados))
    assert planilha.sheetnames == ["Consolidado", "Por forma de pagamento", "Por categoria"]
    formas = list(planilha["Por forma de pagamento"].iter_rows(values_only=True))
    assert formas[0] == (
        "Forma de pagamento",
        "Entradas",
        "Saídas",
        "Qtd. entradas",
        "Qtd. saídas",
        "% das entradas",
        "% das saídas",
    )
    assert [r[:5] for r in formas[1:]] == [
        ("Dinheiro", 100, 0, 1, 0),
        ("PIX", 50, 0, 1, 0),
        ("Crédito", 20, 20, 1, 1),
        ("Débito", 0, 30, 0, 1),
        ("Não informada", 0, 10, 0, 1),
    ]
    assert [(str(r[5]), str(r[6])) for r in formas[1:]][2] == ("0.1176", "0.3333")
    assert planilha["Por forma de pagamento"]["F2"].number_format == "0.00%"
    categorias = list(planilha["Por categoria"].iter_rows(values_only=True))
    assert categorias[0] == ("Categoria", "Tipo", "Valor", "Qtd.", "% do tipo")
    assert [r[:4] for r in categorias[1:]] == [
        ("Vendas", "entrada", 150, 2),
        ("Serviços", "entrada", 20, 1),
        ("Aluguel", "saida", 30, 1),
        ("Serviços", "saida", 20, 1),
        ("Sem categoria", "saida", 10, 1),
    ]
    assert str(categorias[5][4]) == "0.1667"


def test_consolidado_exports_follow_the_filters(
    client: FlaskClient, consolidado_client: FlaskClient
) -> None:
    conjunto_conhecido(client)
    periodo = "inicio=2025-03-04&fim=2025-03-06"
    dados, nome = baixar(consolidado_client, f"/consolidado.csv?{periodo}&forma_pagamento=debito")
    assert nome == 'attachment; filename="consolidado_2025-03-04_2025-03-06_debito.csv"'
    assert (
        dados.decode("utf-8-sig").split("\r\n")[2]
        == "05/03/2025;0,00;30,00;-30,00;0,00;-30,00;0;1;1"
    )
    dados, nome = baixar(
        consolidado_client, "/consolidado.xlsx?inicio=2025-03-06&fim=2025-03-06&categoria=Vendas"
    )
    assert nome == 'attachment; filename="consolidado_2025-03-06_2025-03-06_vendas.xlsx"'
    planilha = openpyxl.load_workbook(io.BytesIO(dados))
    dia = list(planilha["Consolidado"].iter_rows(values_only=True))[1]
    assert dia[4:6] == (150, 150)  # saldo anterior and final of Vendas alone
    assert list(planilha["Por categoria"].iter_rows(values_only=True))[1:] == []


def test_accented_categoria_in_a_file_name_is_plain_ascii(
    client: FlaskClient, consolidado_client: FlaskClient
) -> None:
    _, nome = baixar(
        consolidado_client,
        "/movimentacao.csv?inicio=2025-03-01&fim=2025-03-31&categoria=água, luz e internet",
    )
    assert nome == (
        'attachment; filename="movimentacao_2025-03-01_2025-03-31_agua-luz-e-internet.csv"'
    )
