"""The one-shot commands through Click's runner, against a really served lançamentos app.

Exact output, as a person or a script sees it. Rich pads table lines to the table's
width; `visivel` drops that invisible trailing space and nothing else.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine

from fluxo_caixa.cli import main
from fluxo_caixa.config import Settings
from fluxo_caixa.lancamentos import create_app
from support.cliente import (
    SEM_AMBIENTE,
    Gravador,
    chaves_gravadas,
    lancamentos_gravados,
    lancamentos_servido,
    relogio,
    servindo,
)
from support.ledger import assert_projection_exact
from support.servers import free_port, service


@pytest.fixture
def engine(sqlite_engine: Engine) -> Engine:
    return sqlite_engine  # the client talks HTTP: one backend is enough here


@pytest.fixture
def url(sqlite_url: str, engine: Engine) -> Iterator[str]:
    with lancamentos_servido(sqlite_url, engine) as url:
        yield url


def rodar(*args: str, env: dict[str, str | None] | None = None) -> Result:
    runner = CliRunner(env={**SEM_AMBIENTE, "COLUMNS": "100", **(env or {})})
    return runner.invoke(main, list(args), prog_name="fluxo-caixa", catch_exceptions=False)


def visivel(texto: str) -> str:
    return "\n".join(linha.rstrip() for linha in texto.split("\n"))


def inacessivel() -> str:
    return f"http://127.0.0.1:{free_port()}"


# lancar


def test_lancar_prints_the_saved_movement(url: str, engine: Engine) -> None:
    result = rodar(
        "lancar", "entrada", "10,50", "--descricao", "venda balcão", "--data", "04/03/2025",
        "--api-url", url,
    )  # fmt: skip
    assert result.exit_code == 0
    assert result.output == (
        "Movimentação 1 registrada: entrada de R$ 10,50 em 04/03/2025 (venda balcão).\n"
    )
    assert lancamentos_gravados(engine) == [(1, "entrada", 1050, "venda balcão")]
    assert_projection_exact(engine)


def test_lancar_json_is_the_services_movement(url: str) -> None:
    result = rodar("lancar", "saida", "R$ 1.234,56", "--json", env={"FLUXO_API_URL": url})
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "id": 1,
        "tipo": "saida",
        "valor": "1234.56",
        "descricao": None,
        "data": "2025-03-05",
        "data_inclusao": "2025-03-05T10:00:00.000-03:00",
        "estorno_de": None,
        "estornado_por": None,
        "forma_pagamento": None,
        "categoria": None,
        "caixa": None,
        "sessao_id": None,
        "mensagem": "Movimentação registrada com sucesso!",
    }
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("args", "mensagem"),
    [
        (["saida", "-5"], "O valor deve ser maior que zero."),
        (["saida", "0"], "O valor deve ser maior que zero."),
        (["saida", "10,505"], "O valor deve ter no máximo duas casas decimais."),
        (["saida", "dez"], "Valor inválido. Use, por exemplo, 10,50 ou 1.234,56."),
        (["credito", "10"], 'Tipo inválido: "credito". Responda entrada (e) ou saida (s).'),
        ([], "Informe o tipo e o valor, por exemplo: fluxo-caixa lancar entrada 10,50"),
        (["e", "1", "--data", "amanhã"], 'Data inválida em --data: "amanhã". '
         "Use AAAA-MM-DD ou DD/MM/AAAA."),
        (["e", "1", "--data", "2025-03-06"], "Dados inválidos. data: A data não pode ser futura."),
    ],
)  # fmt: skip
def test_lancar_rejected_input_exits_1_with_the_reason(
    url: str, engine: Engine, args: list[str], mensagem: str
) -> None:
    result = rodar("lancar", *args, "--api-url", url)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Erro: {mensagem}\n")
    assert lancamentos_gravados(engine) == []


def test_lancar_rejection_in_json_is_the_api_error_shape(url: str) -> None:
    result = rodar("lancar", "e", "1", "--data", "2025-03-06", "--json", "--api-url", url)
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "erro": "Dados inválidos.",
        "detalhes": [{"campo": "data", "mensagem": "A data não pode ser futura."}],
    }


def test_usage_mistakes_are_rejected_input_not_unreachable(url: str) -> None:
    result = rodar("lancar", "entrada", "10", "--descrcao", "x", "--api-url", url)
    assert result.exit_code == 1
    assert result.stderr == (
        "Uso: fluxo-caixa lancar [OPÇÕES] [TIPO] [VALOR]\n"
        "Use 'fluxo-caixa lancar --help' para ver a ajuda.\n"
        "\nErro: Argumentos inesperados (--descrcao x)\n"
    )


def test_lancar_unreachable_exits_2(engine: Engine) -> None:
    api_url = inacessivel()
    result = rodar("lancar", "entrada", "10", "--tentativas", "1", "--api-url", api_url)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Erro: Não foi possível conectar ao serviço de lançamentos em {api_url}.\n"
    )


def test_lancar_unreachable_in_json(engine: Engine) -> None:
    api_url = inacessivel()
    result = rodar("lancar", "e", "10", "--tentativas", "1", "--json", "--api-url", api_url)
    assert result.exit_code == 2
    assert json.loads(result.stdout) == {
        "erro": f"Não foi possível conectar ao serviço de lançamentos em {api_url}.",
        "detalhes": [],
    }


def test_lancar_waits_for_a_service_that_comes_back(sqlite_url: str, engine: Engine) -> None:
    porta = free_port()
    app = create_app(Settings(database_url=sqlite_url), engine=engine, clock=relogio)
    pronto = threading.Event()
    parar = threading.Event()

    def subir_depois() -> None:
        time.sleep(0.3)  # the first attempt finds nothing listening
        with servindo(app, porta):
            pronto.set()
            parar.wait(timeout=60)

    thread = threading.Thread(target=subir_depois)
    thread.start()
    try:
        result = rodar(
            "lancar", "entrada", "7", "--tentativas", "5", "--api-url", f"http://127.0.0.1:{porta}"
        )
    finally:
        parar.set()
        thread.join(timeout=60)
    assert pronto.is_set()
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(
        f"Não foi possível conectar ao serviço de lançamentos em http://127.0.0.1:{porta}. "
        "Nova tentativa em 1 s, com a mesma chave.\n"
    )
    assert result.stdout == "Movimentação 1 registrada: entrada de R$ 7,00 em 05/03/2025.\n"
    assert lancamentos_gravados(engine) == [(1, "entrada", 700, None)]


def test_a_script_rerun_with_its_own_key_records_once(url: str, engine: Engine) -> None:
    args = ["lancar", "saida", "250", "--chave", "nota-fiscal-123", "--api-url", url]
    primeira = rodar(*args)
    segunda = rodar(*args)
    assert primeira.output == "Movimentação 1 registrada: saída de R$ 250,00 em 05/03/2025.\n"
    assert segunda.output == (
        "Movimentação 1 registrada: saída de R$ 250,00 em 05/03/2025. "
        "Já estava registrada com esta chave.\n"
    )
    assert lancamentos_gravados(engine) == [(1, "saida", 25000, None)]
    assert chaves_gravadas(engine) == 1


# estornar


def test_estornar_prints_the_reversal_and_refuses_a_second(url: str, engine: Engine) -> None:
    rodar("lancar", "entrada", "10,50", "--api-url", url)
    primeira = rodar("estornar", "1", "--api-url", url)
    segunda = rodar("estornar", "1", "--api-url", url)
    assert (primeira.exit_code, primeira.output) == (
        0,
        "Estorno 2 registrado: saída de R$ 10,50 em 05/03/2025, estorna a movimentação 1.\n",
    )
    assert (segunda.exit_code, segunda.stderr) == (1, "Erro: Esta movimentação já foi estornada.\n")
    assert lancamentos_gravados(engine) == [
        (1, "entrada", 1050, None),
        (2, "saida", 1050, "Estorno da movimentação 1"),
    ]


def test_estornar_json_with_a_reason(url: str) -> None:
    rodar("lancar", "saida", "35", "--api-url", url)
    result = rodar("estornar", "1", "--descricao", "lançado em dobro", "--json", "--api-url", url)
    assert result.exit_code == 0
    dados = json.loads(result.stdout)
    assert (dados["id"], dados["tipo"], dados["valor"], dados["estorno_de"]) == (
        2,
        "entrada",
        "35.00",
        1,
    )
    assert dados["descricao"] == "lançado em dobro"


@pytest.mark.parametrize(
    ("ident", "mensagem"),
    [
        ("99", "Movimentação 99 não encontrada."),
        ("abc", 'Identificador inválido: "abc". Use o número da movimentação, como 7.'),
    ],
)
def test_estornar_unknown_or_malformed_id_exits_1(url: str, ident: str, mensagem: str) -> None:
    result = rodar("estornar", ident, "--api-url", url)
    assert (result.exit_code, result.stderr) == (1, f"Erro: {mensagem}\n")


# extrato


def _tres_movimentos(url: str) -> None:
    for args in (
        ["entrada", "10,50", "--descricao", "venda balcão", "--data", "2025-03-04"],
        ["saida", "1.234,56", "--descricao", "aluguel de março"],
        ["s", "35"],
    ):
        assert rodar("lancar", *args, "--api-url", url).exit_code == 0
    assert rodar("estornar", "3", "--api-url", url).exit_code == 0


def test_extrato_table(url: str) -> None:
    _tres_movimentos(url)
    result = rodar("extrato", "--inicio", "2025-03-01", "--fim", "05/03/2025", "--api-url", url)
    assert result.exit_code == 0
    assert visivel(result.output) == (
        "Extrato de 01/03/2025 a 05/03/2025\n"
        "\n"
        "  ID   Data         Tipo             Valor   Forma"
        "   Categoria   Descrição         Estorno\n"
        " " + "─" * 98 + "\n"
        "   1   04/03/2025   entrada       R$ 10,50                       venda balcão\n"
        "   2   05/03/2025   saída     -R$ 1.234,56                       aluguel de\n"
        "                                                                 março\n"
        "   3   05/03/2025   saída        -R$ 35,00        "
        "                                 estornada por 4\n"
        "   4   05/03/2025   entrada       R$ 35,00     "
        "                  Estorno da        estorna 3\n"
        "                                                                 movimentação 3\n"
        "\n"
        "Entradas: R$ 45,50 (2)  Saídas: R$ 1.269,56 (2)  Saldo: -R$ 1.224,06\n"
    )


def test_extrato_on_a_narrow_terminal_folds_only_the_descricao(url: str) -> None:
    _tres_movimentos(url)
    result = rodar(
        "extrato", "--inicio", "2025-03-05", "--api-url", url, env={"COLUMNS": "72"}
    )  # fmt: skip
    linhas = visivel(result.output).split("\n")
    assert max(len(linha) for linha in linhas) <= 72
    assert any(linha.endswith("estornada por 4") for linha in linhas)
    assert any(linha.endswith("estorna 3") for linha in linhas)


def test_extrato_by_tipo_and_open_ended(url: str) -> None:
    _tres_movimentos(url)
    result = rodar("extrato", "--inicio", "2025-03-05", "--tipo", "Saída", "--api-url", url)
    assert visivel(result.output) == (
        "Extrato desde 05/03/2025 (somente saídas)\n"
        "\n"
        "  ID   Data         Tipo           Valor   Forma"
        "   Categoria   Descrição          Estorno\n"
        " " + "─" * 97 + "\n"
        "   2   05/03/2025   saída   -R$ 1.234,56                       aluguel de março\n"
        "   3   05/03/2025   saída      -R$ 35,00         "
        "                                 estornada por 4\n"
        "\n"
        "Entradas: R$ 0,00 (0)  Saídas: R$ 1.269,56 (2)  Saldo: -R$ 1.269,56\n"
    )


def test_extrato_json_lists_the_services_movements(url: str) -> None:
    _tres_movimentos(url)
    result = rodar("extrato", "--inicio", "2025-03-04", "--fim", "2025-03-04", "--json",
                   "--api-url", url)  # fmt: skip
    assert json.loads(result.stdout) == [
        {
            "id": 1,
            "tipo": "entrada",
            "valor": "10.50",
            "descricao": "venda balcão",
            "data": "2025-03-04",
            "data_inclusao": "2025-03-05T10:00:00.000-03:00",
            "estorno_de": None,
            "estornado_por": None,
            "forma_pagamento": None,
            "categoria": None,
            "caixa": None,
            "sessao_id": None,
            "mensagem": None,
        }
    ]


def test_extrato_of_an_empty_day(url: str) -> None:
    result = rodar("extrato", "--inicio", "2025-03-06", "--fim", "2025-03-06", "--api-url", url)
    assert (result.exit_code, result.output) == (
        0,
        "Extrato de 06/03/2025: nenhuma movimentação.\n",
    )


def test_extrato_without_dates_is_today(sqlite_url: str, engine: Engine) -> None:
    # The real clock here: the command's "today" and the service's must be the same day.
    app = create_app(Settings(database_url=sqlite_url), engine=engine)
    with servindo(app) as url:
        rodar("lancar", "entrada", "3", "--api-url", url)
        rodar("lancar", "entrada", "4", "--data", "2025-01-02", "--api-url", url)
        result = rodar("extrato", "--json", "--api-url", url)
    hoje = datetime.now(ZoneInfo("America/Sao_Paulo")).date().isoformat()
    assert [(m["id"], m["data"]) for m in json.loads(result.stdout)] == [(1, hoje)]


def test_extrato_period_backwards_is_refused(url: str) -> None:
    result = rodar("extrato", "--inicio", "2025-03-05", "--fim", "2025-03-01", "--api-url", url)
    assert (result.exit_code, result.stderr) == (
        1,
        "Erro: O fim (--fim) não pode ser anterior ao início (--inicio).\n",
    )


# consolidado: the documented contract (DESIGN §4) served by a recorder, then the real one

DIA = {
    "data": "2025-03-06", "entradas": "1000.00", "saidas": "50.00", "saldo_dia": "950.00",
    "saldo_anterior": "100.00", "saldo_final": "1050.00",
    "qtd_entradas": 1, "qtd_saidas": 1, "registros": 2,
}  # fmt: skip


def _dia(data: str, entradas: str, saidas: str, saldo: str, anterior: str, final: str,
         qtd: tuple[int, int]) -> dict[str, object]:  # fmt: skip
    return {
        "data": data, "entradas": entradas, "saidas": saidas, "saldo_dia": saldo,
        "saldo_anterior": anterior, "saldo_final": final,
        "qtd_entradas": qtd[0], "qtd_saidas": qtd[1], "registros": sum(qtd),
    }  # fmt: skip


PERIODO = {
    "inicio": "2025-03-05",
    "fim": "2025-03-07",
    "tipo": "saida",
    # Every field of the contract (PeriodoOut): the client reads answers through it.
    "totais": {
        "entradas": "1234.56",
        "saidas": "2000.00",
        "saldo": "-765.44",
        "registros": 4,
        "qtd_entradas": 2,
        "qtd_saidas": 2,
        "saldo_anterior": "100.00",
        "saldo_final": "-665.44",
    },
    "dias": [
        _dia("2025-03-05", "1234.56", "0.00", "1234.56", "100.00", "1334.56", (2, 0)),
        _dia("2025-03-06", "0.00", "0.00", "0.00", "1334.56", "1334.56", (0, 0)),
        _dia("2025-03-07", "0.00", "2000.00", "-2000.00", "1334.56", "-665.44", (0, 2)),
    ],
}


def test_consolidado_of_a_day(url: str) -> None:
    gravador = Gravador(status="200 OK", corpo=json.dumps(DIA).encode())
    with servindo(gravador) as consolidado_url:
        result = rodar("consolidado", "--data", "06/03/2025", "--consolidado-url", consolidado_url)
    assert gravador.enderecos == ["/consolidado/diario?data=2025-03-06"]
    assert result.exit_code == 0
    assert visivel(result.output) == (
        "Consolidado de 06/03/2025\n"
        "\n"
        "  Saldo anterior     R$ 100,00\n"
        "  Entradas (1)     R$ 1.000,00\n"
        "  Saídas (1)          R$ 50,00\n"
        "  Saldo do dia       R$ 950,00\n"
        "  Saldo final      R$ 1.050,00\n"
        "\n"
    )


def test_consolidado_of_a_period(url: str) -> None:
    gravador = Gravador(status="200 OK", corpo=json.dumps(PERIODO).encode())
    with servindo(gravador) as consolidado_url:
        result = rodar("consolidado", "--inicio", "2025-03-05", "--fim", "07/03/2025",
                       "--tipo", "saida", "--consolidado-url", consolidado_url)  # fmt: skip
    assert gravador.enderecos == ["/consolidado?inicio=2025-03-05&fim=2025-03-07&tipo=saida"]
    assert visivel(result.output) == (
        "Consolidado de 05/03/2025 a 07/03/2025 (somente saídas)\n"
        "\n"
        "  Data            Entradas        Saídas   Saldo do dia   Saldo final   Registros\n"
        " ─────────────────────────────────────────────────────────────────────────────────\n"
        "  05/03/2025   R$ 1.234,56       R$ 0,00    R$ 1.234,56   R$ 1.334,56           2\n"
        "  06/03/2025       R$ 0,00       R$ 0,00        R$ 0,00   R$ 1.334,56           0\n"
        "  07/03/2025       R$ 0,00   R$ 2.000,00   -R$ 2.000,00    -R$ 665,44           2\n"
        "\n"
        "  Total        R$ 1.234,56   R$ 2.000,00     -R$ 765,44    -R$ 665,44           4\n"
        "\n"
    )


def test_consolidado_json_is_the_services_answer() -> None:
    with servindo(Gravador(status="200 OK", corpo=json.dumps(DIA).encode())) as consolidado_url:
        result = rodar("consolidado", "--json", "--consolidado-url", consolidado_url)
    assert (result.exit_code, json.loads(result.stdout)) == (0, DIA)


def test_consolidado_unreachable_exits_2() -> None:
    consolidado_url = inacessivel()
    result = rodar("consolidado", "--consolidado-url", consolidado_url)
    assert (result.exit_code, result.stderr) == (
        2,
        f"Erro: Não foi possível conectar ao serviço consolidado em {consolidado_url}.\n",
    )


@pytest.mark.parametrize(
    ("args", "mensagem"),
    [
        (["--data", "2025-03-05", "--inicio", "2025-03-01"],
         "Use --data para um dia ou --inicio/--fim para um período."),
        (["--tipo", "saida"], "--tipo vale para um período (--inicio/--fim)."),
        (["--data", "5 de março"],
         'Data inválida em --data: "5 de março". Use AAAA-MM-DD ou DD/MM/AAAA.'),
    ],
)  # fmt: skip
def test_consolidado_rejected_input_exits_1(args: list[str], mensagem: str) -> None:
    result = rodar("consolidado", *args, "--consolidado-url", inacessivel())
    assert (result.exit_code, result.stderr) == (1, f"Erro: {mensagem}\n")


@pytest.mark.slow  # two service processes
def test_consolidado_against_the_real_service(tmp_path: Path) -> None:
    env = {"FLUXO_DATABASE_URL": f"sqlite:///{tmp_path / 'movimentacoes.db'}"}
    with (
        service("lancamentos", env, tmp_path) as lanc,
        service("consolidado", env, tmp_path) as cons,
    ):
        for args in (["entrada", "1000"], ["saida", "50"]):
            assert rodar("lancar", *args, "--api-url", lanc.url).exit_code == 0
        hoje = datetime.now(ZoneInfo("America/Sao_Paulo")).date()
        result = rodar("consolidado", "--json", "--consolidado-url", cons.url)
        texto = rodar("consolidado", "--consolidado-url", cons.url)
    assert result.exit_code == 0
    dados = json.loads(result.stdout)
    assert (dados["data"], dados["entradas"], dados["saidas"], dados["saldo_dia"]) == (
        hoje.isoformat(),
        "1000.00",
        "50.00",
        "950.00",
    )
    assert (dados["qtd_entradas"], dados["qtd_saidas"], dados["registros"]) == (1, 1, 2)
    assert f"Consolidado de {hoje:%d/%m/%Y}" in texto.output
    assert "R$ 950,00" in texto.output


# text stored before the rule (an old import): never raw on the terminal

ANTIGA = "\x1b]0;pwned\x07\x1b[2J\x9b31mvenda\x85"


def _gravar_antiga(engine: Engine) -> None:
    from datetime import UTC

    from fluxo_caixa.db.engine import WRITE
    from fluxo_caixa.db.ledger import inserir
    from fluxo_caixa.domain.movimentacao import NovaMovimentacao, Tipo

    with engine.connect().execution_options(**{WRITE: True}) as conn, conn.begin():
        nova = NovaMovimentacao(Tipo.ENTRADA, 1050, date(2025, 3, 4), ANTIGA)
        inserir(conn, nova, datetime(2025, 3, 4, 13, tzinfo=UTC), ZoneInfo("America/Sao_Paulo"))


def test_extrato_never_prints_a_control_sequence(url: str, engine: Engine) -> None:
    _gravar_antiga(engine)
    result = rodar("extrato", "--inicio", "2025-03-01", "--fim", "2025-03-05", "--api-url", url)
    assert result.exit_code == 0
    assert "\x1b" not in result.output and "\x9b" not in result.output
    assert "\ufffd]0;pwned\ufffd\ufffd[2J\ufffd31mvenda\ufffd" in result.output


def test_extrato_json_escapes_control_characters_exactly(url: str, engine: Engine) -> None:
    _gravar_antiga(engine)
    result = rodar("extrato", "--inicio", "2025-03-01", "--json", "--api-url", url)
    assert result.exit_code == 0
    assert (
        "\x1b" not in result.stdout and "\x9b" not in result.stdout and "\x85" not in result.stdout
    )
    assert json.loads(result.stdout)[0]["descricao"] == ANTIGA  # the data itself, exactly


def test_a_typed_date_before_march_1900_is_refused(url: str, engine: Engine) -> None:
    result = rodar("lancar", "e", "1", "--data", "28/02/1900", "--api-url", url)
    assert (result.exit_code, result.stderr) == (
        1,
        'Erro: Data inválida em --data: "28/02/1900". A data deve ser de 01/03/1900 em diante.\n',
    )
    assert rodar("extrato", "--inicio", "1899-12-31", "--api-url", url).exit_code == 1
    assert lancamentos_gravados(engine) == []
