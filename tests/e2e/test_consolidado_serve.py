"""The consolidado as a really running process, started the ways the README says."""

from __future__ import annotations

from pathlib import Path

import httpx

from support.servers import service


def test_serve_consolidado_alone_reads_what_lancamentos_wrote(tmp_path: Path) -> None:
    env = {"FLUXO_DATABASE_URL": ""}  # both on the default ./movimentacoes.db
    # Started first on a fresh directory: it creates the embedded file's schema itself.
    with service("consolidado", env, tmp_path) as consolidado:
        with service("lancamentos", env, tmp_path) as lancamentos:
            for corpo in ({"tipo": "entrada", "valor": "10.50"}, {"tipo": "saida", "valor": 3}):
                assert httpx.post(f"{lancamentos.url}/movimentacao", json=corpo).status_code == 201
        dia = httpx.get(f"{consolidado.url}/consolidado/diario", timeout=30).json()
        assert (dia["entradas"], dia["saidas"], dia["saldo_final"]) == ("10.50", "3.00", "7.50")
        periodo = httpx.get(f"{consolidado.url}/consolidado", timeout=30).json()
        assert len(periodo["dias"]) == 30 and periodo["totais"]["registros"] == 2
