"""Issue 13 (DIA): a day closed while movements for it are being posted.

Every movement answered 201 is in the snapshot, and every one left out was refused with
a 409: nothing in between, on all three databases.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from flask import Flask
from sqlalchemy import Engine, select

from fluxo_caixa.config import Settings
from fluxo_caixa.db.tables import fechamento_dia, lancamento
from fluxo_caixa.lancamentos import create_app

AGORA = datetime(2026, 11, 25, 13, 0, tzinfo=UTC)
DIA = "2026-11-24"
CLIENTES = 8
POR_CLIENTE = 25


def test_movements_racing_a_day_close_are_either_in_its_snapshot_or_refused(
    settings: Settings, engine: Engine, engines: list[Engine]
) -> None:
    apps: list[Flask] = [create_app(settings, engine=e, clock=lambda: AGORA) for e in engines]
    app = apps[0]
    inicio = threading.Barrier(CLIENTES + 1)
    aceitas = threading.Semaphore(0)

    def lancar(n: int) -> list[tuple[int, int, int | None]]:
        client = apps[n % len(apps)].test_client()
        inicio.wait(30)
        respostas = []
        for i in range(POR_CLIENTE):
            centavos = 100 * n + i + 1  # every valor distinct: 1.01, 1.02, ...
            r = client.post(
                "/movimentacao",
                json={"tipo": "entrada", "valor": f"{centavos // 100}.{centavos % 100:02d}",
                      "data": DIA, "forma_pagamento": "dinheiro"},
            )  # fmt: skip
            assert r.status_code in (201, 409), r.get_json()
            if r.status_code == 201:
                aceitas.release()
            respostas.append((r.status_code, centavos, r.get_json().get("id")))
        return respostas

    def fechar() -> dict[str, object]:
        client = app.test_client()
        inicio.wait(30)
        for _ in range(CLIENTES * 3):  # close mid-stream, once some movements are in
            aceitas.acquire(timeout=30)
        r = client.post(f"/dias/{DIA}/fechamento")
        assert r.status_code == 201, r.get_json()
        return dict(r.get_json())

    with ThreadPoolExecutor(max_workers=CLIENTES + 1) as pool:
        fechamento = pool.submit(fechar)
        lotes = list(pool.map(lancar, range(1, CLIENTES + 1)))
        snapshot = fechamento.result()

    respostas = [r for lote in lotes for r in lote]
    aceitas_ids = {ident for status, _, ident in respostas if status == 201}
    recusadas = [centavos for status, centavos, _ in respostas if status == 409]
    assert recusadas, "the close came after every movement: the race was not exercised"
    assert len(aceitas_ids) >= CLIENTES * 3
    with engine.connect() as conn:
        no_livro = {
            int(r.id): int(r.valor_centavos)
            for r in conn.execute(
                select(lancamento.c.id, lancamento.c.valor_centavos).where(
                    lancamento.c.data == datetime(2026, 11, 24).date()
                )
            )
        }
        ultimo = conn.execute(select(fechamento_dia.c.ultimo_lancamento_id)).scalar_one()
    # nothing refused was recorded, everything accepted was, and all of it is in the snapshot
    assert set(no_livro) == aceitas_ids
    assert all(ident <= ultimo for ident in aceitas_ids)
    total = sum(no_livro.values())
    assert snapshot["entradas"] == f"{total // 100}.{total % 100:02d}"
    assert snapshot["qtd_entradas"] == len(aceitas_ids)


def test_concurrent_closes_of_different_days_take_numbers_1_to_n_without_gaps(
    settings: Settings, engines: list[Engine]
) -> None:
    apps: list[Flask] = [create_app(settings, engine=e, clock=lambda: AGORA) for e in engines]
    dias = [f"2026-11-{d:02d}" for d in range(1, 11)]
    inicio = threading.Barrier(len(dias))

    def fechar(dia: str) -> tuple[int, int, int]:
        client = apps[int(dia[-2:]) % len(apps)].test_client()
        inicio.wait(30)
        r = client.post(f"/dias/{dia}/fechamento")
        corpo = r.get_json()
        return r.status_code, corpo.get("numero"), corpo.get("versao")

    def fechar_de_novo(dia: str, n: int) -> int:
        client = apps[n % len(apps)].test_client()
        return client.post(f"/dias/{dia}/fechamento").status_code

    with ThreadPoolExecutor(max_workers=len(dias)) as pool:
        respostas = list(pool.map(fechar, dias))
    assert [s for s, _, _ in respostas] == [201] * len(dias)
    assert sorted(n for _, n, _ in respostas) == list(range(1, len(dias) + 1))
    assert {v for _, _, v in respostas} == {1}

    # the same day closed twice at once: one 201, one 409
    dobro = threading.Barrier(2)

    def fechar_dobro(n: int) -> int:
        dobro.wait(30)
        return fechar_de_novo("2026-11-20", n)

    with ThreadPoolExecutor(max_workers=2) as pool:
        assert sorted(pool.map(fechar_dobro, range(2))) == [201, 409]
