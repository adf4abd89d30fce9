"""`fluxo-caixa backup` while the served lançamentos takes 500 concurrent writes, and
`fluxo-caixa restaurar`: refused while the service runs, then served once it is back."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from contextlib import closing
from pathlib import Path

import httpx
import pytest

from fluxo_caixa.db import verificacao
from fluxo_caixa.db.engine import make_engine
from support.clientes import Pedido, enviar, gravadas, pedido
from support.servers import service

pytestmark = pytest.mark.slow

WRITES = 500
THREADS = 8
BACKUP_AFTER = 150  # acknowledged writes before the backup starts
# The writers pause here until the backup is done, so it always runs amid them (a command's
# start-up alone lasts as long as 500 writes on a quick machine).
PAUSE_AT = 400


def fluxo(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fluxo_caixa", *args],
        env={**os.environ, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def integrity(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return [linha for (linha,) in conn.execute("PRAGMA integrity_check")]


def test_backup_during_writes_holds_every_acknowledged_one_and_restores_when_stopped(
    tmp_path: Path,
) -> None:
    banco = tmp_path / "movimentacoes.db"
    copia = tmp_path / "copias" / "caixa.db"
    copia.parent.mkdir()
    env = {"FLUXO_DATABASE_URL": f"sqlite:///{banco}"}
    pedidos = [pedido(f"b{n}", n) for n in range(WRITES)]
    acked: dict[str, int] = {}  # key -> id, in the order the 201s arrived
    lock = threading.Lock()
    enough = threading.Event()
    backup_done = threading.Event()
    falhas: list[str] = []

    with service("lancamentos", env, tmp_path) as svc:

        def client(meus: list[Pedido]) -> None:
            with httpx.Client() as http:
                for p in meus:
                    if len(acked) >= PAUSE_AT:
                        backup_done.wait(timeout=120)
                    result = enviar(http, svc.url, p)
                    if result.status != 201 or result.ident is None:
                        falhas.append(f"{p.chave}: {result.status}")
                        continue
                    with lock:
                        acked[p.chave] = result.ident
                        if len(acked) >= BACKUP_AFTER:
                            enough.set()

        threads = [
            threading.Thread(target=client, args=(pedidos[t::THREADS],)) for t in range(THREADS)
        ]
        for thread in threads:
            thread.start()
        assert enough.wait(timeout=120)
        with lock:
            before = dict(acked)
        feito = fluxo("backup", str(copia), env=env, cwd=tmp_path)
        with lock:
            during = len(acked) - len(before)
        backup_done.set()
        for thread in threads:
            thread.join(timeout=120)
        assert feito.returncode == 0, feito.stderr
        assert not falhas, falhas[:5]
        assert len(acked) == WRITES
        assert len(before) < WRITES, "the backup must be taken while writes go on"
        print(f"{len(before)} acknowledged before the backup, {during} during it")

        # A sound database, its projection exact, every write acknowledged before it there.
        assert integrity(copia) == ["ok"]
        engine = make_engine(f"sqlite:///{copia}")
        try:
            assert verificacao.diferencas(engine) == []
            na_copia = gravadas(engine)
        finally:
            engine.dispose()
        assert all(
            na_copia.get(chave) and na_copia[chave][0][0] == i for chave, i in before.items()
        )
        assert all(len(linhas) == 1 for linhas in na_copia.values())
        assert len(na_copia) < WRITES

        # An existing copy is never overwritten by accident.
        again = fluxo("backup", str(copia), env=env, cwd=tmp_path)
        assert again.returncode == 1
        assert "já existe" in again.stderr and "--substituir" in again.stderr

        # Restoring under a running service is refused, and changes nothing.
        refused = fluxo("restaurar", str(copia), env=env, cwd=tmp_path)
        assert refused.returncode == 1
        assert "serviços estão em execução" in refused.stderr
        with httpx.Client() as http:
            ultimo = max(acked.values())
            assert http.get(f"{svc.url}/movimentacao/{ultimo}").status_code == 200

    restored = fluxo("restaurar", str(copia), env=env, cwd=tmp_path)
    assert restored.returncode == 0, restored.stderr
    kept = tmp_path / "movimentacoes.db.antes-da-restauracao"
    assert kept.is_file() and integrity(kept) == ["ok"]
    kept_engine = make_engine(f"sqlite:///{kept}")
    try:
        assert len(gravadas(kept_engine)) == WRITES  # what was replaced is not lost
    finally:
        kept_engine.dispose()

    depois = {chave: i for chave, i in acked.items() if chave not in na_copia}
    assert depois
    with service("lancamentos", env, tmp_path) as svc, httpx.Client() as http:
        for chave, ident in before.items():
            response = http.get(f"{svc.url}/movimentacao/{ident}")
            assert response.status_code == 200 and response.json()["descricao"] == chave
        for ident in depois.values():
            assert http.get(f"{svc.url}/movimentacao/{ident}").status_code == 404
        novo = http.post(f"{svc.url}/movimentacao", json={"tipo": "saida", "valor": 100})
        assert novo.status_code == 201
