"""`fluxo-caixa dia relatorio DATA [--pdf ARQUIVO] [--json]`: the relatório Z through the
consolidado's HTTP API, both services really served (issue 13)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine

from fluxo_caixa.cli import main
from fluxo_caixa.config import Settings
from fluxo_caixa.consolidado import create_app as consolidado_app
from fluxo_caixa.lancamentos import create_app as lancamentos_app
from support.cliente import SEM_AMBIENTE, relogio, servindo
from support.servers import free_port


@pytest.fixture
def urls(sqlite_url: str, sqlite_engine: Engine) -> Iterator[tuple[str, str]]:
    settings = Settings(database_url=sqlite_url)
    lancamentos = lancamentos_app(settings, engine=sqlite_engine, clock=relogio)
    consolidado = consolidado_app(settings, engine=sqlite_engine, clock=relogio)
    with servindo(lancamentos) as api_url, servindo(consolidado) as consolidado_url:
        yield api_url, consolidado_url


def rodar(*args: str) -> Result:
    runner = CliRunner(env={**SEM_AMBIENTE, "COLUMNS": "120"})
    return runner.invoke(main, list(args), prog_name="fluxo-caixa", catch_exceptions=False)


def dia_com_movimentos(api_url: str) -> None:
    for args in (
        ("entrada", "1.234,56", "--data", "05/03/2025"),
        ("saida", "30", "--data", "05/03/2025"),
        ("entrada", "10", "--data", "04/03/2025"),
    ):
        assert rodar("lancar", *args, "--api-url", api_url).exit_code == 0
    assert rodar("estornar", "2", "--api-url", api_url).exit_code == 0  # dated 05/03


def test_dia_relatorio_saves_the_pdf(urls: tuple[str, str], tmp_path: Path) -> None:
    api_url, consolidado_url = urls
    dia_com_movimentos(api_url)
    pasta = tmp_path / "relatorios"
    pasta.mkdir()
    destino = pasta / "z.pdf"
    result = rodar("dia", "relatorio", "05/03/2025", "--pdf", str(destino),
                   "--consolidado-url", consolidado_url)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output == f"Relatório Z de 05/03/2025 salvo em {destino}.\n"
    texto = subprocess.run(
        ["pdftotext", "-layout", str(destino), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "PARCIAL — dia não fechado" in texto
    for figura in ("R$ 1.264,56", "R$ 30,00", "R$ 1.234,56", "R$ 10,00", "R$ 1.244,56"):
        assert figura in texto, figura
    assert [p.name for p in pasta.iterdir()] == ["z.pdf"]  # no temporary file left


def test_dia_relatorio_json_is_the_services_answer_and_the_table_shows_it(
    urls: tuple[str, str],
) -> None:
    api_url, consolidado_url = urls
    dia_com_movimentos(api_url)
    result = rodar("dia", "relatorio", "2025-03-05", "--json", "--consolidado-url", consolidado_url)
    assert result.exit_code == 0, result.output
    corpo = json.loads(result.output)
    assert (corpo["parcial"], corpo["entradas"], corpo["saidas"]) == (True, "1264.56", "30.00")
    assert (corpo["saldo_anterior"], corpo["saldo_final"]) == ("10.00", "1244.56")
    assert [e["estorno_de"] for e in corpo["estornos"]] == [2]
    result = rodar("dia", "relatorio", "2025-03-05", "--consolidado-url", consolidado_url)
    assert result.exit_code == 0, result.output
    assert "Relatório Z de 05/03/2025 — PARCIAL — dia não fechado" in result.output
    assert "Saldo final" in result.output and "R$ 1.244,56" in result.output


def test_dia_relatorio_bad_date_exits_1_and_unreachable_exits_2(tmp_path: Path) -> None:
    result = rodar("dia", "relatorio", "31/02/2025", "--consolidado-url", "http://127.0.0.1:1")
    assert result.exit_code == 1
    assert "Data inválida em DATA" in result.output
    inacessivel = f"http://127.0.0.1:{free_port()}"
    destino = tmp_path / "z.pdf"
    result = rodar("dia", "relatorio", "05/03/2025", "--pdf", str(destino),
                   "--consolidado-url", inacessivel)  # fmt: skip
    assert result.exit_code == 2
    assert not destino.exists()
