"""Issue 13: the cash drawer under concurrency, on every database."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from flask import Flask
from sqlalchemy import Engine, case, func, insert, select
from sqlalchemy.exc import IntegrityError

from fluxo_caixa.config import Settings
from fluxo_caixa.db.tables import evento_caixa, lancamento, sessao_caixa
from fluxo_caixa.lancamentos import create_app

CLIENTES = 8
POR_CLIENTE = 12


def test_two_concurrent_aberturas_give_one_201_and_one_409(
    settings: Settings, app: Flask, engine: Engine, engines: list[Engine]
) -> None:
    apps = [app, *(create_app(settings, engine=e) for e in engines[1:])]
    inicio = threading.Barrier(2)

    def abrir(n: int) -> int:
        client = apps[n % len(apps)].test_client()
        inicio.wait(30)
        return client.post("/caixas/1/abertura", json={"contado": 10}).status_code

    for _ in range(5):  # several rounds: the race is decided at different points
        with ThreadPoolExecutor(max_workers=2) as pool:
            assert sorted(pool.map(abrir, range(2))) == [201, 409]
        fechada = app.test_client().post("/caixas/1/fechamento", json={"contado": {"dinheiro": 10}})
        assert fechada.status_code == 201
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(sessao_caixa)).scalar_one() == 5


def test_the_database_refuses_a_second_open_session_of_a_caixa(engine: Engine) -> None:
    linha = {
        "caixa_id": 1,
        "caixa_aberta_id": 1,
        "aberta_em": datetime(2026, 1, 1, tzinfo=UTC),
        "fundo_centavos": 0,
    }
    with engine.begin() as conn:
        conn.execute(insert(sessao_caixa).values(**linha))
        # Closed sessions (NULL) never collide, with each other or with the open one.
        conn.execute(insert(sessao_caixa).values(**(linha | {"caixa_aberta_id": None})))
        conn.execute(insert(sessao_caixa).values(**(linha | {"caixa_aberta_id": None})))
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(insert(sessao_caixa).values(**linha))


def test_movements_and_sangrias_racing_the_close_land_in_exactly_one_place(
    settings: Settings, app: Flask, engine: Engine, engines: list[Engine]
) -> None:
    apps = [app, *(create_app(settings, engine=e) for e in engines[1:])]
    aberta = app.test_client().post("/caixas/1/abertura", json={"contado": 1000})
    sessao_id = aberta.get_json()["id"]
    inicio = threading.Barrier(CLIENTES + 1)
    feitos = threading.Semaphore(0)

    def cliente(n: int) -> list[tuple[str, int, object]]:
        client = apps[n % len(apps)].test_client()
        inicio.wait(30)
        resultados: list[tuple[str, int, object]] = []
        for i in range(POR_CLIENTE):
            if i % 3 == 2:
                resp = client.post("/caixas/1/sangria", json={"valor": "1.00"})
                assert resp.status_code in (201, 409), resp.get_json()
                resultados.append(("sangria", resp.status_code, None))
            else:
                tipo = "entrada" if i % 3 == 0 else "saida"
                resp = client.post(
                    "/movimentacao",
                    json={"tipo": tipo, "valor": f"{n + 1}.00", "forma_pagamento": "dinheiro"},
                )
                assert resp.status_code == 201, resp.get_json()
                corpo = resp.get_json()
                resultados.append(("mov", corpo["id"], corpo["sessao_id"]))
            feitos.release()
        return resultados

    def fechar() -> int:
        client = apps[-1].test_client()
        inicio.wait(30)
        for _ in range(CLIENTES * POR_CLIENTE // 3):  # close mid-way through
            feitos.acquire(timeout=30)
        resp = client.post("/caixas/1/fechamento", json={"contado": {"dinheiro": 0}})
        assert resp.status_code == 201, resp.get_json()
        return int(resp.get_json()["id"])

    with ThreadPoolExecutor(max_workers=CLIENTES + 1) as pool:
        fechamento = pool.submit(fechar)
        resultados = [
            r for f in [pool.submit(cliente, n) for n in range(CLIENTES)] for r in f.result()
        ]
        assert fechamento.result() == sessao_id

    movs = [(ident, sessao) for kind, ident, sessao in resultados if kind == "mov"]
    assert len(movs) == CLIENTES * POR_CLIENTE * 2 // 3
    assert {sessao for _, sessao in movs} <= {sessao_id, None}
    assert {sessao for _, sessao in movs} == {sessao_id, None}, "the close came mid-way"
    entrada = lancamento.c.tipo == "entrada"
    with engine.connect() as conn:
        guardados = dict(conn.execute(select(lancamento.c.id, lancamento.c.sessao_id)).all())
        liquido = conn.execute(
            select(
                func.coalesce(
                    func.sum(
                        case(
                            (entrada, lancamento.c.valor_centavos),
                            else_=-lancamento.c.valor_centavos,
                        )
                    ),
                    0,
                )
            ).where(lancamento.c.sessao_id == sessao_id)
        ).scalar_one()
        sangrias = conn.execute(
            select(func.coalesce(func.sum(evento_caixa.c.valor_centavos), 0)).where(
                evento_caixa.c.sessao_id == sessao_id, evento_caixa.c.tipo == "sangria"
            )
        ).scalar_one()
        esperado = conn.execute(
            select(sessao_caixa.c.esperado_centavos).where(sessao_caixa.c.id == sessao_id)
        ).scalar_one()
    assert guardados == dict(movs)  # as answered, so as stored
    sangrias_aceitas = sum(
        1 for kind, status, _ in resultados if kind == "sangria" and status == 201
    )
    assert sangrias == sangrias_aceitas * 100
    assert esperado == 100000 + liquido - sangrias
    fechada = app.test_client().get(f"/sessoes/{sessao_id}").get_json()
    assert fechada["esperado_dinheiro"] == f"{esperado // 100}.{esperado % 100:02d}"
