"""Formas de pagamento and categorias in the one-shot commands (issue 12, point 6).

Click's runner against both services really served in-process on one database; exact
output, as a person or a script sees it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine, select

from fluxo_caixa.cli import main
from fluxo_caixa.config import Settings
from fluxo_caixa.consolidado import create_app as create_consolidado
from fluxo_caixa.db.tables import lancamento
from fluxo_caixa.lancamentos import create_app as create_lancamentos
from support.cliente import SEM_AMBIENTE, relogio, servindo
from support.ledger import assert_projection_exact


@pytest.fixture
def engine(sqlite_engine: Engine) -> Engine:
    return sqlite_engine  # the client talks HTTP: one backend is enough here


@pytest.fixture
def env(sqlite_url: str, engine: Engine) -> Iterator[dict[str, str | None]]:
    settings = Settings(database_url=sqlite_url)
    lanc = create_lancamentos(settings, engine=engine, clock=relogio)
    cons = create_consolidado(settings, engine=engine, clock=relogio)
    with servindo(lanc) as api_url, servindo(cons) as consolidado_url:
        yield {"FLUXO_API_URL": api_url, "FLUXO_CONSOLIDADO_URL": consolidado_url}


def rodar(env: dict[str, str | None], *args: str) -> Result:
    runner = CliRunner(env={**SEM_AMBIENTE, "COLUMNS": "100", **env})
    return runner.invoke(main, list(args), prog_name="fluxo-caixa", catch_exceptions=False)


def visivel(texto: str) -> str:
    return "\n".join(linha.rstrip() for linha in texto.split("\n"))


def gravados(engine: Engine) -> list[tuple[int, str, int, str | None, int | None]]:
    query = select(
        lancamento.c.id,
        lancamento.c.tipo,
        lancamento.c.valor_centavos,
        lancamento.c.forma_pagamento,
        lancamento.c.categoria_id,
    ).order_by(lancamento.c.id)
    with engine.connect() as conn:
        return [
            (r.id, r.tipo, r.valor_centavos, r.forma_pagamento, r.categoria_id)
            for r in conn.execute(query)
        ]


def _movimentos(env: dict[str, str | None]) -> None:
    for args in (
        ["entrada", "100", "--forma", "PIX", "--categoria", "vendas", "--data", "2025-03-04"],
        ["entrada", "50", "--forma", "d", "--categoria", "Serviços"],
        ["entrada", "50", "--forma", "Crédito", "--categoria", "1"],
        ["saida", "30", "--forma", "débito", "--categoria", "aluguel"],
        ["saida", "10"],
    ):
        assert rodar(env, "lancar", *args).exit_code == 0


# lancar


def test_lancar_with_forma_and_categoria_prints_and_stores_them(
    env: dict[str, str | None], engine: Engine
) -> None:
    result = rodar(env, "lancar", "entrada", "10,50", "--forma", "p", "--categoria", "VENDAS")
    assert (result.exit_code, result.output) == (
        0,
        "Movimentação 1 registrada: entrada de R$ 10,50 em 05/03/2025, PIX, categoria Vendas.\n",
    )
    result = rodar(env, "lancar", "saida", "5", "--forma", "Débito", "--categoria", "6", "--json")
    dados = json.loads(result.stdout)
    assert (dados["forma_pagamento"], dados["categoria"]) == ("debito", "Aluguel")
    assert gravados(engine) == [(1, "entrada", 1050, "pix", 1), (2, "saida", 500, "debito", 6)]
    assert_projection_exact(engine)


def test_lancar_refuses_an_unknown_forma_before_sending(
    env: dict[str, str | None], engine: Engine
) -> None:
    result = rodar(env, "lancar", "entrada", "10", "--forma", "cheque")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        'Erro: Forma de pagamento inválida: "cheque". Responda d (dinheiro), p (PIX), '
        "db (débito), cr (crédito), b (boleto), t (transferência) ou o (outro).\n",
    )
    assert gravados(engine) == []


def test_lancar_with_a_categoria_of_the_other_tipo_is_refused_by_the_service(
    env: dict[str, str | None], engine: Engine
) -> None:
    result = rodar(env, "lancar", "saida", "10", "--categoria", "Vendas", "--json")
    assert result.exit_code == 1
    erro = json.loads(result.stdout)
    assert erro["detalhes"][0]["campo"] == "categoria"
    assert "Aluguel" in erro["detalhes"][0]["mensagem"]  # the valid ones are listed
    assert gravados(engine) == []


# extrato


def test_extrato_shows_forma_and_categoria_and_filters_by_them(env: dict[str, str | None]) -> None:
    _movimentos(env)
    result = rodar(env, "extrato", "--inicio", "2025-03-04", "--fim", "2025-03-05")
    assert result.exit_code == 0
    assert visivel(result.output) == (
        "Extrato de 04/03/2025 a 05/03/2025\n"
        "\n"
        "  ID   Data         Tipo          Valor   Forma      Categoria   Descrição   Estorno\n"
        " " + "─" * 84 + "\n"
        "   1   04/03/2025   entrada   R$ 100,00   PIX        Vendas\n"
        "   2   05/03/2025   entrada    R$ 50,00   Dinheiro   Serviços\n"
        "   3   05/03/2025   entrada    R$ 50,00   Crédito    Vendas\n"
        "   4   05/03/2025   saída     -R$ 30,00   Débito     Aluguel\n"
        "   5   05/03/2025   saída     -R$ 10,00\n"
        "\n"
        "Entradas: R$ 200,00 (3)  Saídas: R$ 40,00 (2)  Saldo: R$ 160,00\n"
    )
    result = rodar(env, "extrato", "--inicio", "2025-03-04", "--categoria", "vendas")
    assert visivel(result.output).split("\n")[0] == ("Extrato desde 04/03/2025 (categoria vendas)")
    assert [linha.split()[0] for linha in visivel(result.output).split("\n")[4:6]] == ["1", "3"]
    result = rodar(env, "extrato", "--inicio", "2025-03-04", "--forma", "cr", "--json")
    assert [m["id"] for m in json.loads(result.stdout)] == [3]


def test_extrato_with_an_unknown_categoria_exits_1_with_the_services_reason(
    env: dict[str, str | None],
) -> None:
    result = rodar(env, "extrato", "--categoria", "Nada")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Erro: Dados inválidos. categoria: Categoria 'Nada' não encontrada."
    )


# consolidado


def test_consolidado_filtered_by_forma_and_categoria(env: dict[str, str | None]) -> None:
    _movimentos(env)
    result = rodar(
        env, "consolidado", "--inicio", "2025-03-04", "--fim", "2025-03-05", "--categoria", "Vendas"
    )
    assert result.exit_code == 0
    assert visivel(result.output) == (
        "Consolidado de 04/03/2025 a 05/03/2025 (categoria Vendas)\n"
        "\n"
        "  Data          Entradas    Saídas   Saldo do dia   Saldo final   Registros\n"
        " ───────────────────────────────────────────────────────────────────────────\n"
        "  04/03/2025   R$ 100,00   R$ 0,00      R$ 100,00     R$ 100,00           1\n"
        "  05/03/2025    R$ 50,00   R$ 0,00       R$ 50,00     R$ 150,00           1\n"
        "\n"
        "  Total        R$ 150,00   R$ 0,00      R$ 150,00     R$ 150,00           2\n"
        "\n"
    )
    result = rodar(
        env, "consolidado", "--inicio", "2025-03-04", "--fim", "2025-03-05", "--forma", "pix",
        "--json",
    )  # fmt: skip
    assert json.loads(result.stdout)["totais"]["entradas"] == "100.00"


def test_consolidado_detalhado_prints_the_breakdown(env: dict[str, str | None]) -> None:
    _movimentos(env)
    result = rodar(
        env, "consolidado", "--detalhado", "--inicio", "2025-03-04", "--fim", "2025-03-05"
    )
    assert result.exit_code == 0
    assert visivel(result.output) == (
        "Consolidado detalhado de 04/03/2025 a 05/03/2025\n"
        "\n"
        "Por forma de pagamento\n"
        "\n"
        "  Forma            Entradas   Qtd        %     Saídas   Qtd        %\n"
        " " + "─" * 68 + "\n"
        "  PIX             R$ 100,00     1   50,00%    R$ 0,00     0    0,00%\n"
        "  Dinheiro         R$ 50,00     1   25,00%    R$ 0,00     0    0,00%\n"
        "  Crédito          R$ 50,00     1   25,00%    R$ 0,00     0    0,00%\n"
        "  Débito            R$ 0,00     0    0,00%   R$ 30,00     1   75,00%\n"
        "  Não informada     R$ 0,00     0    0,00%   R$ 10,00     1   25,00%\n"
        "\n"
        "Por categoria\n"
        "\n"
        "  Categoria       Tipo          Valor   Qtd        %\n"
        " " + "─" * 52 + "\n"
        "  Vendas          entrada   R$ 150,00     2   75,00%\n"
        "  Serviços        entrada    R$ 50,00     1   25,00%\n"
        "  Aluguel         saída      R$ 30,00     1   75,00%\n"
        "  Sem categoria   saída      R$ 10,00     1   25,00%\n"
        "\n"
    )


def test_consolidado_detalhado_of_an_empty_day(env: dict[str, str | None]) -> None:
    result = rodar(env, "consolidado", "--detalhado", "--data", "01/03/2025")
    assert (result.exit_code, result.output) == (
        0,
        "Consolidado detalhado de 01/03/2025: nenhuma movimentação.\n",
    )


def test_consolidado_detalhado_json_is_the_services_answer(env: dict[str, str | None]) -> None:
    _movimentos(env)
    result = rodar(env, "consolidado", "--detalhado", "--data", "2025-03-04", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "inicio": "2025-03-04",
        "fim": "2025-03-04",
        "tipo": None,
        "por_forma": [
            {
                "forma_pagamento": "pix",
                "entradas": "100.00",
                "saidas": "0.00",
                "qtd_entradas": 1,
                "qtd_saidas": 0,
                "percentual_entradas": "100.00",
                "percentual_saidas": "0.00",
            }
        ],
        "por_categoria": [
            {
                "categoria": "Vendas",
                "tipo": "entrada",
                "valor": "100.00",
                "qtd": 1,
                "percentual": "100.00",
            }
        ],
    }


def test_consolidado_of_a_day_with_a_forma_asks_for_a_period(env: dict[str, str | None]) -> None:
    result = rodar(env, "consolidado", "--forma", "pix")
    assert (result.exit_code, result.stderr) == (
        1,
        "Erro: --forma e --categoria valem para um período (--inicio/--fim) ou com --detalhado.\n",
    )


# categorias


def test_categorias_listar_by_tipo(env: dict[str, str | None]) -> None:
    result = rodar(env, "categorias", "listar", "--tipo", "entrada")
    assert result.exit_code == 0
    assert visivel(result.output) == (
        "Categorias de entrada\n"
        "\n"
        "  ID   Nome              Tipo      Situação\n"
        " ───────────────────────────────────────────\n"
        "   1   Vendas            entrada   ativa\n"
        "   2   Serviços          entrada   ativa\n"
        "   3   Aporte do dono    entrada   ativa\n"
        "   4   Outras entradas   entrada   ativa\n"
        "\n"
    )


def test_categorias_criar_renomear_desativar_ativar(env: dict[str, str | None]) -> None:
    passos = [
        (["criar", "Delivery", "--tipo", "entrada"], "Categoria 13 criada: Delivery (entrada).\n"),
        (["renomear", "13", "Entregas"], "Categoria 13 renomeada: Entregas (entrada).\n"),
        (["desativar", "13"], "Categoria 13 desativada: Entregas (entrada, inativa).\n"),
        (["ativar", "13"], "Categoria 13 ativada: Entregas (entrada).\n"),
    ]
    for args, saida in passos:
        result = rodar(env, "categorias", *args)
        assert (result.exit_code, result.output) == (0, saida)
    result = rodar(env, "categorias", "desativar", "13", "--json")
    assert json.loads(result.stdout) == {
        "id": 13, "nome": "Entregas", "tipo": "entrada", "ativa": False,
    }  # fmt: skip
    result = rodar(env, "categorias", "listar", "--tipo", "e", "--json")
    assert [(c["nome"], c["ativa"]) for c in json.loads(result.stdout)][-1] == ("Entregas", False)


@pytest.mark.parametrize(
    ("args", "mensagem"),
    [
        (["criar", "vendás", "--tipo", "entrada"],
         "Já existe a categoria 'Vendas' (maiúsculas, acentos e espaços não distinguem nomes); "
         "escolha outro nome ou use a existente."),
        (["criar", "Nova", "--tipo", "talvez"],
         'Tipo inválido: "talvez". Responda entrada (e) ou saida (s).'),
        (["criar", "x" * 81, "--tipo", "saida"],
         "O nome da categoria deve ter no máximo 80 caracteres."),
        (["desativar", "99"], "Categoria 99 não encontrada."),
        (["renomear", "abc", "Novo"],
         'Identificador inválido: "abc". Use o número da categoria, como 7.'),
    ],
)  # fmt: skip
def test_categorias_refusals_exit_1_with_the_reason(
    env: dict[str, str | None], args: list[str], mensagem: str
) -> None:
    result = rodar(env, "categorias", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Erro: {mensagem}\n")


def test_categorias_criar_without_tipo_is_a_usage_error(env: dict[str, str | None]) -> None:
    result = rodar(env, "categorias", "criar", "Nova")
    assert result.exit_code == 1
    assert "Falta a opção '--tipo'" in result.stderr
