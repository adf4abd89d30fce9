"""Issue 13's whole day, from a fresh database, through both services' APIs: the drawer
routine, the day close and its relatório Z read back from the PDF."""

from __future__ import annotations

import subprocess
from datetime import date
from typing import Any

from flask.testing import FlaskClient


def _ok(resposta: Any, status: int = 201) -> Any:
    assert resposta.status_code == status, resposta.get_json()
    return resposta.get_json()


def _pdf_texto(conteudo: bytes) -> str:
    feito = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=conteudo, capture_output=True, check=True
    )
    return feito.stdout.decode("utf-8")


def test_a_full_day_ends_in_a_closed_day_whose_pdf_carries_every_figure(
    client: FlaskClient, consolidado_client: FlaskClient
) -> None:
    _ok(client.post("/caixas/1/abertura", json={"contado": "200.00", "operador": "Ana"}))
    for corpo in (
        {
            "tipo": "entrada",
            "valor": "100.00",
            "forma_pagamento": "dinheiro",
            "categoria": "Vendas",
        },
        {"tipo": "entrada", "valor": "50.00", "forma_pagamento": "pix", "categoria": "Vendas"},
        {"tipo": "saida", "valor": "30.00", "forma_pagamento": "dinheiro"},
    ):
        hoje = _ok(client.post("/movimentacao", json=corpo))["data"]
    _ok(client.post("/caixas/1/suprimento", json={"valor": "20.00"}))
    _ok(client.post("/caixas/1/sangria", json={"valor": "50.00"}))
    assert _ok(client.get("/caixas/1/sessao"), 200)["esperado_dinheiro"] == "240.00"
    cedulas = {"100": 2, "20": 1, "10": 1, "5": 1}
    sessao = _ok(
        client.post(
            "/caixas/1/fechamento", json={"contado": {"dinheiro": "235.00"}, "cedulas": cedulas}
        )
    )
    assert (sessao["quebra"], sessao["retirada_fechamento"], sessao["deixado"]) == (
        "-5.00", "35.00", "200.00",
    )  # fmt: skip

    fechamento = _ok(client.post(f"/dias/{hoje}/fechamento"))
    assert (fechamento["numero"], fechamento["versao"]) == (1, 1)
    resposta = consolidado_client.get(f"/dias/{hoje}/relatorio.pdf")
    assert resposta.status_code == 200
    texto = _pdf_texto(resposta.get_data())
    assert "PARCIAL" not in texto
    assert f"{date.fromisoformat(hoje):%d/%m/%Y}" in texto
    for figura in (
        "R$ 200,00", "R$ 100,00", "R$ 50,00", "R$ 30,00", "R$ 20,00", "R$ 240,00",
        "R$ 235,00", "-R$ 5,00", "R$ 35,00", "R$ 150,00", "R$ 120,00",
    ):  # fmt: skip
        assert figura in texto, figura

    seguinte = _ok(client.post("/caixas/1/abertura", json={}))
    assert seguinte["fundo"] == "200.00"
    _ok(client.post("/caixas/1/fechamento", json={"contado": {"dinheiro": "200.00"}}))
    contada = _ok(client.post("/caixas/1/abertura", json={"contado": "190.00"}))
    assert contada["diferenca_abertura"] == "-10.00"
