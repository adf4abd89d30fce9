"""The whole `fluxo-caixa` command line speaks Portuguese: help, usage errors, version.

Exact output through Click's runner, as a person sees it. None of these reach a
database or a service: Click refuses the command line before our code runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from fluxo_caixa import click_pt
from fluxo_caixa.cli import main

AJUDA = """\
Uso: fluxo-caixa [OPÇÕES] COMANDO [ARGUMENTOS]...

  Fluxo de Caixa: lançamentos e consolidado diário.

Opções:
  --version   Mostra a versão e sai.
  -h, --help  Mostra esta mensagem e sai.

Comandos:
  backup       Copia o banco SQLite, mesmo com os serviços rodando.
  caixa        Abre, confere e fecha o caixa (gaveta).
  categorias   Lista e gerencia as categorias.
  cliente      Lançamentos interativos no terminal.
  consolidado  Saldo consolidado de um dia, ou de um período dia a dia.
  db           Banco de dados: migrações.
  dia          Fecha e reabre o dia; o relatório Z.
  estornar     Estorna a movimentação ID.
  extrato      Lista as movimentações (sem datas: as de hoje).
  importar     Importa um banco do protótipo ou um CSV exportado.
  lancar       Registra uma movimentação: fluxo-caixa lancar entrada 10,50.
  restaurar    Põe de volta uma cópia do banco (serviços parados).
  serve        Inicia os serviços.
  verificar    Confere a projeção saldo_diario com o livro-caixa.
"""

# Click's English as it would show in a help page or an error, and its metavars.
INGLES = (
    "Usage", "Options", "Commands", "Error", "Try '", "Show this", "Show the", "No such",
    "unexpected", "Missing", "Invalid", "is not", "does not", "required", "default:",
    "Aborted",
)  # fmt: skip
METAVARS_INGLESES = re.compile(
    r"\b(OPTIONS|COMMAND|ARGS|TEXT|INTEGER|FLOAT|RANGE|FILENAME|FILE|PATH|BOOLEAN|CHOICE)\b"
)


def rodar(*args: str) -> Result:
    runner = CliRunner(env={"COLUMNS": "100", "FLUXO_DATABASE_URL": None})
    return runner.invoke(main, list(args), prog_name="fluxo-caixa", catch_exceptions=False)


def uso_errado(uso: str, erro: str) -> str:
    """What Click writes to stderr for a usage mistake: the usage line, a hint, the error."""
    comando = uso.split(" [OPÇÕES]")[0]
    return (
        f"Uso: fluxo-caixa {uso}\n"
        f"Use 'fluxo-caixa {comando} --help' para ver a ajuda.\n"
        f"\nErro: {erro}\n"
    )


def caminhos(grupo: click.Group, prefixo: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield prefixo
    for nome, comando in grupo.commands.items():
        if isinstance(comando, click.Group):
            yield from caminhos(comando, (*prefixo, nome))
        else:
            yield (*prefixo, nome)


def test_help_is_in_portuguese() -> None:
    result = rodar("--help")
    assert (result.exit_code, result.stdout, result.stderr) == (0, AJUDA, "")


def test_h_is_help() -> None:
    assert rodar("-h").stdout == AJUDA
    assert rodar("db", "upgrade", "-h").stdout == (
        "Uso: fluxo-caixa db upgrade [OPÇÕES]\n"
        "\n"
        "  Aplica as migrações (Alembic) até a versão atual.\n"
        "\n"
        "Opções:\n"
        "  -h, --help  Mostra esta mensagem e sai.\n"
    )


def test_a_command_s_help_names_its_options_in_portuguese() -> None:
    result = rodar("serve", "--help")
    assert result.stdout == (
        "Uso: fluxo-caixa serve [OPÇÕES] [lancamentos|consolidado]\n"
        "\n"
        "  Inicia os serviços (os dois, cada um em seu processo, por padrão).\n"
        "\n"
        "Opções:\n"
        "  --host ENDEREÇO  Endereço de escuta (FLUXO_HOST).\n"
        "  --workers N      Processos por serviço.  [1<=x<=64]\n"
        "  -h, --help       Mostra esta mensagem e sai.\n"
    )


def test_no_help_page_has_click_s_english() -> None:
    for caminho in caminhos(main):
        result = rodar(*caminho, "--help")
        assert result.exit_code == 0, caminho
        assert [p for p in INGLES if p in result.stdout] == [], caminho
        assert METAVARS_INGLESES.findall(result.stdout) == [], caminho


def test_numbers_and_paths_use_the_portuguese_named_types() -> None:
    """Click writes a type's own name in "'x' is not a valid integer." and in metavars."""
    for caminho in caminhos(main):
        comando: click.Command = main
        for nome in caminho:
            assert isinstance(comando, click.Group)
            comando = comando.commands[nome]
        for param in comando.params:
            if isinstance(param.type, (click.types.IntParamType, click.types.FloatParamType)):
                assert isinstance(param.type, (click_pt.IntRange, click_pt.FloatRange)), param
            if isinstance(param.type, click.Path):
                assert isinstance(param.type, click_pt.FilePath), param


def test_version() -> None:
    result = rodar("--version")
    assert result.stdout == f"fluxo-caixa, versão {version('fluxo-caixa')}\n"


def test_unknown_option_is_a_usage_error_in_portuguese() -> None:
    result = rodar("verificar", "--corigir")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == uso_errado(
        "verificar [OPÇÕES]",
        "Não existe a opção '--corigir'. Você quis dizer '--corrigir'?",
    )


def test_extra_argument_is_a_usage_error_in_portuguese() -> None:
    result = rodar("verificar", "hoje")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == uso_errado("verificar [OPÇÕES]", "Argumento inesperado (hoje)")


def test_missing_argument_is_a_usage_error_in_portuguese() -> None:
    result = rodar("importar")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == uso_errado("importar [OPÇÕES] ARQUIVO", "Falta o argumento 'ARQUIVO'.")


def test_a_directory_for_a_file_is_refused_in_portuguese(tmp_path: Path) -> None:
    result = rodar("importar", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == uso_errado(
        "importar [OPÇÕES] ARQUIVO",
        f"Valor inválido para 'ARQUIVO': Arquivo '{tmp_path}' é um diretório.",
    )


@pytest.mark.parametrize(
    ("valor", "erro"),
    [
        ("dois", "'dois' não é um número inteiro válido."),
        ("99", "99 está fora do intervalo 1<=x<=64."),
    ],
)
def test_invalid_integer_is_a_usage_error_in_portuguese(valor: str, erro: str) -> None:
    result = rodar("serve", "--workers", valor)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == uso_errado(
        "serve [OPÇÕES] [lancamentos|consolidado]", f"Valor inválido para '--workers': {erro}"
    )


def test_invalid_choice_is_a_usage_error_in_portuguese() -> None:
    result = rodar("serve", "todos")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "\nErro: Valor inválido para '[lancamentos|consolidado]': "
        "'todos' não é uma destas opções: 'lancamentos', 'consolidado'.\n"
    )


def test_unknown_command_is_a_usage_error_in_portuguese() -> None:
    result = rodar("lançar")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "Uso: fluxo-caixa [OPÇÕES] COMANDO [ARGUMENTOS]...\n"
        "Use 'fluxo-caixa --help' para ver a ajuda.\n"
        "\nErro: Não existe o comando 'lançar'. Você quis dizer 'lancar'?\n"
    )


def test_client_commands_refuse_a_bad_number_in_portuguese_with_status_1() -> None:
    result = rodar("lancar", "entrada", "10", "--tentativas", "três")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == uso_errado(
        "lancar [OPÇÕES] [TIPO] [VALOR]",
        "Valor inválido para '--tentativas': 'três' não é um número inteiro válido.",
    )
    result = rodar("extrato", "--timeout", "já")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == uso_errado(
        "extrato [OPÇÕES]",
        "Valor inválido para '--timeout': 'já' não é um número válido.",
    )


def test_an_option_without_its_value_in_portuguese() -> None:
    result = rodar("consolidado", "--data")
    assert result.exit_code == 1
    assert result.stderr == uso_errado("consolidado [OPÇÕES]", "A opção '--data' requer um valor.")
    result = rodar("serve", "--host")
    assert result.exit_code == 2
    assert result.stderr == uso_errado(
        "serve [OPÇÕES] [lancamentos|consolidado]", "A opção '--host' requer um valor."
    )


def test_readme_shows_the_real_help() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    exemplo = readme.split("$ fluxo-caixa --help\n", 1)[1].split("$ ", 1)[0]
    assert exemplo == rodar("--help").stdout
    erro = readme.split("$ fluxo-caixa serve --workers dois\n", 1)[1].split("```", 1)[0]
    assert erro == rodar("serve", "--workers", "dois").stderr
