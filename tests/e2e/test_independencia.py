"""The two services are independent processes: killing the consolidado never costs a sale."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine

from support.ledger import assert_projection_exact, count_lancamentos
from support.servers import free_port, running, service, wait_healthy

pytestmark = pytest.mark.slow
MOVIMENTOS = 500


def martelar(url: str, parar: threading.Event) -> Callable[[], None]:
    """Keep the consolidado busy with the longest period it serves, until told to stop."""

    def loop() -> None:
        with httpx.Client(timeout=30) as client:
            while not parar.is_set():
                try:
                    client.get(f"{url}/consolidado?inicio=2022-04-05&fim=2025-04-04")
                except httpx.HTTPError:
                    time.sleep(0.01)  # it was killed: that is the point

    return loop


def test_killing_the_consolidado_while_500_movements_are_posted_loses_none(
    database_url: str, engine: Engine, tmp_path: Path
) -> None:
    env = {"FLUXO_DATABASE_URL": database_url}
    with (
        service("lancamentos", env, tmp_path) as lancamentos,
        service("consolidado", env, tmp_path) as consolidado,
    ):
        parar = threading.Event()
        ocupador = threading.Thread(target=martelar(consolidado.url, parar))
        ocupador.start()
        respondidas = 0
        morto_em: int | None = None
        trava = threading.Lock()

        def lancar(i: int) -> int:
            nonlocal respondidas, morto_em
            corpo = {"tipo": "entrada" if i % 2 else "saida", "valor": f"{i + 1}.{i % 100:02d}"}
            resposta = httpx.post(
                f"{lancamentos.url}/movimentacao",
                json=corpo,
                headers={"Idempotency-Key": f"independencia-{i}"},
                timeout=60,
            )
            with trava:
                respondidas += 1
                if respondidas == 100:
                    consolidado.kill(signal.SIGKILL)  # the whole process group, workers too
                    morto_em = respondidas
            return resposta.status_code

        try:
            with ThreadPoolExecutor(max_workers=8) as pool:
                status = list(pool.map(lancar, range(MOVIMENTOS)))
        finally:
            parar.set()
            ocupador.join(timeout=60)
        assert consolidado.process.poll() is not None and morto_em == 100

        assert status == [201] * MOVIMENTOS
        assert httpx.get(f"{lancamentos.url}/saude").status_code == 200
    assert count_lancamentos(engine) == MOVIMENTOS
    assert_projection_exact(engine)


def filhos(pid: int) -> dict[str, int]:
    """service name -> pid, of the `serve NAME` children of the supervisor `pid`."""
    encontrados: dict[str, int] = {}
    for entrada in Path("/proc").iterdir():
        if not entrada.name.isdigit():
            continue
        try:
            stat = (entrada / "stat").read_text()
            cmdline = (entrada / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        ppid = int(stat.rpartition(")")[2].split()[1])
        if ppid == pid and b"serve" in cmdline:
            encontrados[cmdline[cmdline.index(b"serve") + 1].decode()] = int(entrada.name)
    return encontrados


def grupo_vivo(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.skipif(sys.platform != "linux", reason="lê /proc")
def test_supervisor_restarts_a_killed_consolidado_and_lancamentos_never_stops(
    tmp_path: Path,
) -> None:
    porta_l, porta_c = free_port(), free_port()
    env = {
        "FLUXO_PORT_LANCAMENTOS": str(porta_l),
        "FLUXO_PORT_CONSOLIDADO": str(porta_c),
        "FLUXO_DATABASE_URL": "",
    }
    url_l, url_c = f"http://127.0.0.1:{porta_l}", f"http://127.0.0.1:{porta_c}"
    comando = [sys.executable, "-m", "fluxo_caixa", "serve"]
    with running(comando, env, tmp_path, url_l, log_name="supervisor.log") as supervisor:
        wait_healthy(url_c, timeout=60)
        antes = filhos(supervisor.pid)
        assert set(antes) == {"lancamentos", "consolidado"}

        parar = threading.Event()
        resultados: list[int | str] = []

        def vender() -> None:
            with httpx.Client(timeout=30) as client:
                while not parar.is_set():
                    try:
                        r = client.post(
                            f"{url_l}/movimentacao", json={"tipo": "entrada", "valor": "1.00"}
                        )
                        resultados.append(r.status_code)
                    except httpx.HTTPError as erro:
                        resultados.append(repr(erro))

        vendedor = threading.Thread(target=vender)
        vendedor.start()
        try:
            time.sleep(0.5)
            os.kill(antes["consolidado"], signal.SIGKILL)
            prazo = time.monotonic() + 60
            while time.monotonic() < prazo:
                depois = filhos(supervisor.pid)
                if depois.get("consolidado") not in (None, antes["consolidado"]):
                    break
                time.sleep(0.1)
            wait_healthy(url_c, timeout=60)
            time.sleep(0.5)
        finally:
            parar.set()
            vendedor.join(timeout=60)

        depois = filhos(supervisor.pid)
        assert depois["consolidado"] != antes["consolidado"]
        assert depois["lancamentos"] == antes["lancamentos"]
        # The killed granian's worker went with it: nothing of the old group is left.
        assert not grupo_vivo(antes["consolidado"])
        assert resultados and set(resultados) == {201}, set(resultados)
        dia = httpx.get(f"{url_c}/consolidado/diario", timeout=30).json()
        assert dia["qtd_entradas"] == len(resultados)
    log = (tmp_path / "supervisor.log").read_text()
    assert "serviço consolidado terminou (código -9); reiniciando" in log
