"""Issue 12's random test: 2 000 movements with random formas, categorias, dates and estornos,
recorded through the lançamentos API on each database; every total of
`/consolidado/detalhado` and of the filtered `/consolidado` equals a recomputation written
here, straight from the `lancamento` rows, to the centavo. (`verificar` finding nothing is
checked by the `database_url` fixture after the test.)
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine, text

# 2 000 movements per database: the full suite runs it, the fast loop does not.
pytestmark = pytest.mark.slow

MOVIMENTOS = 2000
FORMAS = ["dinheiro", "pix", "debito", "credito", "boleto", "transferencia", "outro", None]
GRAFIAS = {"debito": "Débito", "credito": "CRÉDITO", "pix": "PIX", "transferencia": "Transferência"}
PRIMEIRO_DIA = date(2025, 1, 1)
DIAS = 90
INICIO = date(2025, 2, 1)  # after the first days, so saldo_anterior is not zero
JSON = {"Content-Type": "application/json"}


@dataclass(frozen=True)
class Linha:
    data: date
    tipo: str
    valor: int
    forma: str | None
    categoria_id: int | None


def reais(centavos: int) -> str:
    sinal = "-" if centavos < 0 else ""
    return f"{sinal}{abs(centavos) // 100}.{abs(centavos) % 100:02d}"


def percentual(parte: int, total: int) -> str:
    if total == 0:
        return "0.00"
    return str((Decimal(parte) * 100 / Decimal(total)).quantize(Decimal("0.01"), ROUND_HALF_UP))


def registrar(client: FlaskClient, rng: random.Random) -> str:
    """Record the movements; returns the day the estornos fell on (the API's today)."""
    itens = client.get("/categorias").get_json()["itens"]
    por_tipo = {t: [c for c in itens if c["tipo"] == t] for t in ("entrada", "saida")}
    ids: list[int] = []
    for _ in range(MOVIMENTOS):
        tipo = rng.choice(("entrada", "saida"))
        corpo: dict[str, Any] = {
            "tipo": tipo,
            "valor": f"{rng.randint(1, 500_000) / 100:.2f}",
            "data": (PRIMEIRO_DIA + timedelta(days=rng.randrange(DIAS))).isoformat(),
        }
        forma = rng.choice(FORMAS)
        if forma is not None:
            corpo["forma_pagamento"] = GRAFIAS.get(forma, forma) if rng.random() < 0.5 else forma
        if rng.random() < 0.8:
            escolhida = rng.choice(por_tipo[tipo])
            corpo["categoria"] = escolhida["nome"] if rng.random() < 0.5 else escolhida["id"]
        response = client.post("/movimentacao", data=json.dumps(corpo), headers=JSON)
        assert response.status_code == 201, response.get_data(as_text=True)
        ids.append(response.get_json()["id"])
    hoje = ""
    for ident in rng.sample(ids, MOVIMENTOS // 20):
        response = client.post(f"/movimentacao/{ident}/estorno")
        assert response.status_code == 201, response.get_data(as_text=True)
        hoje = response.get_json()["data"]
    # A categoria made inactive still filters (history).
    vendas = next(c for c in por_tipo["entrada"] if c["nome"] == "Vendas")
    response = client.patch(
        f"/categorias/{vendas['id']}", data=json.dumps({"ativa": False}), headers=JSON
    )
    assert response.status_code == 200
    return hoje


def livro(engine: Engine) -> list[Linha]:
    """The ledger's rows, read with plain SQL (no code under test)."""
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT data, tipo, valor_centavos, forma_pagamento, categoria_id FROM lancamento")
        ).all()
    return [
        Linha(
            r[0] if isinstance(r[0], date) else date.fromisoformat(str(r[0])),
            str(r[1]),
            int(r[2]),
            r[3] or None,
            None if r[4] is None else int(r[4]),
        )
        for r in rows
    ]


def detalhado_esperado(
    linhas: list[Linha], inicio: date, fim: date, nomes: dict[int, str], tipo: str | None
) -> tuple[dict[Any, dict[str, Any]], dict[Any, dict[str, Any]]]:
    no_periodo = [x for x in linhas if inicio <= x.data <= fim and (tipo is None or x.tipo == tipo)]
    total = {t: sum(x.valor for x in no_periodo if x.tipo == t) for t in ("entrada", "saida")}
    formas: dict[Any, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    cats: dict[Any, list[int]] = defaultdict(lambda: [0, 0])
    for x in no_periodo:
        soma = formas[x.forma]
        if x.tipo == "entrada":
            soma[0] += x.valor
            soma[2] += 1
        else:
            soma[1] += x.valor
            soma[3] += 1
        cats[(x.categoria_id, x.tipo)][0] += x.valor
        cats[(x.categoria_id, x.tipo)][1] += 1
    por_forma = {
        forma: {
            "forma_pagamento": forma,
            "entradas": reais(e),
            "saidas": reais(s),
            "qtd_entradas": qe,
            "qtd_saidas": qs,
            "percentual_entradas": percentual(e, total["entrada"]),
            "percentual_saidas": percentual(s, total["saida"]),
        }
        for forma, (e, s, qe, qs) in formas.items()
    }
    por_categoria = {
        (None if cid is None else nomes[cid], t): {
            "categoria": None if cid is None else nomes[cid],
            "tipo": t,
            "valor": reais(valor),
            "qtd": qtd,
            "percentual": percentual(valor, total[t]),
        }
        for (cid, t), (valor, qtd) in cats.items()
    }
    return por_forma, por_categoria


def periodo_esperado(
    linhas: list[Linha], inicio: date, fim: date
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    def saldo(xs: list[Linha]) -> int:
        return sum(x.valor if x.tipo == "entrada" else -x.valor for x in xs)

    antes = saldo([x for x in linhas if x.data < inicio])
    por_dia: dict[date, list[Linha]] = defaultdict(list)
    for x in linhas:
        por_dia[x.data].append(x)
    dias: dict[str, dict[str, Any]] = {}
    corrente = antes
    dia = inicio
    while dia <= fim:
        do_dia = por_dia[dia]
        e = sum(x.valor for x in do_dia if x.tipo == "entrada")
        s = sum(x.valor for x in do_dia if x.tipo == "saida")
        qe = sum(1 for x in do_dia if x.tipo == "entrada")
        dias[dia.isoformat()] = {
            "data": dia.isoformat(),
            "entradas": reais(e),
            "saidas": reais(s),
            "saldo_dia": reais(e - s),
            "saldo_anterior": reais(corrente),
            "saldo_final": reais(corrente + e - s),
            "qtd_entradas": qe,
            "qtd_saidas": len(do_dia) - qe,
            "registros": len(do_dia),
        }
        corrente += e - s
        dia += timedelta(days=1)
    no_periodo = [x for x in linhas if inicio <= x.data <= fim]
    e = sum(x.valor for x in no_periodo if x.tipo == "entrada")
    s = sum(x.valor for x in no_periodo if x.tipo == "saida")
    qe = sum(1 for x in no_periodo if x.tipo == "entrada")
    totais = {
        "entradas": reais(e),
        "saidas": reais(s),
        "saldo": reais(e - s),
        "registros": len(no_periodo),
        "qtd_entradas": qe,
        "qtd_saidas": len(no_periodo) - qe,
        "saldo_anterior": reais(antes),
        "saldo_final": reais(antes + e - s),
    }
    return totais, dias


def get(client: FlaskClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_random_movements_match_the_ledger_to_the_centavo(
    client: FlaskClient, consolidado_client: FlaskClient, engine: Engine
) -> None:
    rng = random.Random(12)
    hoje = date.fromisoformat(registrar(client, rng))
    linhas = livro(engine)
    assert len(linhas) == MOVIMENTOS + MOVIMENTOS // 20
    nomes = {c["id"]: c["nome"] for c in client.get("/categorias").get_json()["itens"]}
    periodo = f"inicio={INICIO}&fim={hoje}"

    for tipo in (None, "entrada", "saida"):
        url = f"/consolidado/detalhado?{periodo}" + (f"&tipo={tipo}" if tipo else "")
        body = get(consolidado_client, url)
        por_forma, por_categoria = detalhado_esperado(linhas, INICIO, hoje, nomes, tipo)
        assert {f["forma_pagamento"]: f for f in body["por_forma"]} == por_forma
        assert len(body["por_forma"]) == len(por_forma)
        assert {(c["categoria"], c["tipo"]): c for c in body["por_categoria"]} == por_categoria
        assert len(body["por_categoria"]) == len(por_categoria)

    filtros: list[tuple[str, list[Linha]]] = []
    for forma in FORMAS:
        if forma is not None:
            filtros.append((f"forma_pagamento={forma}", [x for x in linhas if x.forma == forma]))
    for ident, nome in nomes.items():
        filtros.append((f"categoria={ident}", [x for x in linhas if x.categoria_id == ident]))
        filtros.append((f"categoria={nome}", [x for x in linhas if x.categoria_id == ident]))
    filtros.append(
        (
            "forma_pagamento=pix&categoria=Vendas",
            [x for x in linhas if x.forma == "pix" and nomes.get(x.categoria_id or 0) == "Vendas"],
        )
    )
    for query, escolhidas in filtros:
        body = get(consolidado_client, f"/consolidado?{periodo}&{query}")
        totais, dias = periodo_esperado(escolhidas, INICIO, hoje)
        assert body["totais"] == totais, query
        assert {d["data"]: d for d in body["dias"]} == dias, query
        # The breakdown filtered the same way sums to the same figures.
        filtrado = get(consolidado_client, f"/consolidado/detalhado?{periodo}&{query}")
        entradas = sum(int(Decimal(f["entradas"]) * 100) for f in filtrado["por_forma"])
        assert reais(entradas) == totais["entradas"], query
