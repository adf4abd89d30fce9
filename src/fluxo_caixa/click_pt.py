"""Click in Portuguese: its messages, usage line, help headings and type names.

Click translates its messages with `from gettext import gettext as _` (and `ngettext`) in
each of its modules, always on the default domain, whose catalogue gettext picks from the
user's locale. The command line must speak Portuguese on any locale, and nothing may change
at import time, so `translated()` swaps those two names in Click's modules for lookups in
the dictionaries below while a command runs, and puts the originals back afterwards.
tests/unit/test_click_pt.py extracts every message from the installed Click and fails on
one missing here, so a Click upgrade that adds a message cannot slip through in English.

What Click writes without gettext (the usage line's metavars, the names of its parameter
types) is set by the classes at the end of this module.
"""

from __future__ import annotations

import gettext
import importlib
import pkgutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import click

TRANSLATIONS: dict[str, str] = {
    # Usage errors and the help page
    "Usage:": "Uso:",
    "Options": "Opções",
    "Commands": "Comandos",
    "Positional arguments": "Argumentos",
    "Error: {message}": "Erro: {message}",
    "Try '{command} {option}' for help.": "Use '{command} {option}' para ver a ajuda.",
    "Show this message and exit.": "Mostra esta mensagem e sai.",
    "Show the version and exit.": "Mostra a versão e sai.",
    "%(prog)s, version %(version)s": "%(prog)s, versão %(version)s",
    "No such option {name!r}.": "Não existe a opção {name!r}.",
    "No such command {name!r}.": "Não existe o comando {name!r}.",
    "Missing command.": "Falta o comando.",
    "Missing argument": "Falta o argumento",
    "Missing option": "Falta a opção",
    "Missing parameter": "Falta o parâmetro",
    "Missing {param_type}": "Falta {param_type}",
    "Missing parameter: {param_name}": "Falta o parâmetro: {param_name}",
    "Invalid value for {param_hint}: {message}": "Valor inválido para {param_hint}: {message}",
    "Invalid value: {message}": "Valor inválido: {message}",
    "Option {name!r} does not take a value.": "A opção {name!r} não aceita valor.",
    "Argument {name!r} takes {nargs} values.": "O argumento {name!r} recebe {nargs} valores.",
    "Invalid start character for option ({option})": (
        "Caractere inicial inválido para opção ({option})"
    ),
    "Aborted!": "Cancelado.",
    "required": "obrigatório",
    "default: {default}": "padrão: {default}",
    "env var: {var}": "variável de ambiente: {var}",
    "(dynamic)": "(dinâmico)",
    "deprecated": "obsoleto",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}": (
        "Aviso: o comando {name!r} está obsoleto.{extra_message}"
    ),
    # {param_type} is Click's English "option" or "argument": left out.
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}": (
        "Aviso: o parâmetro {name!r} está obsoleto.{extra_message}"
    ),
    "Do you want to continue?": "Deseja continuar?",
    "Confirm the action without prompting.": "Confirma a ação sem perguntar.",
    # Values (the number types' {number_type} is their `name`: see IntRange below)
    "{value!r} is not a valid {number_type}.": "{value!r} não é um {number_type} válido.",
    "{value} is not in the range {range}.": "{value} está fora do intervalo {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "{value!r} não é um valor lógico válido. Valores aceitos: {states}"
    ),
    "{value!r} is not a valid UUID.": "{value!r} não é um UUID válido.",
    "Choose from:\n\t{choices}": "Escolha entre:\n\t{choices}",
    "Choice({choices})": "Choice({choices})",
    "Value must be an iterable.": "O valor deve ser uma sequência.",
    "file": "arquivo",
    "directory": "diretório",
    "path": "caminho",
    "{name} {filename!r} does not exist.": "{name} {filename!r} não existe.",
    "{name} {filename!r} is a file.": "{name} {filename!r} é um arquivo.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} é um diretório.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} não pode ser lido.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} não pode ser gravado.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} não é executável.",
    "Could not open file {filename!r}: {message}": (
        "Não foi possível abrir o arquivo {filename!r}: {message}"
    ),
    "unknown error": "erro desconhecido",
    # Prompts and the terminal
    "Repeat for confirmation": "Repita para confirmar",
    "Error: The two entered values do not match.": "Erro: os dois valores digitados diferem.",
    "Error: invalid input": "Erro: entrada inválida",
    "Press any key to continue...": "Pressione qualquer tecla para continuar...",
    "{editor}: Editing failed": "{editor}: a edição falhou",
    "{editor}: Editing failed: {e}": "{editor}: a edição falhou: {e}",
    "d": "d",
    "Unknown color {colour!r}": "Cor desconhecida {colour!r}",
    "Unknown standard stream '{name}'": "Fluxo padrão desconhecido '{name}'",
    "Windows error: {error}": "Erro do Windows: {error}",
    "Couldn't detect Bash version, shell completion is not supported.": (
        "Não foi possível detectar a versão do Bash; o autocompletar não é suportado."
    ),
    "Shell completion is not supported for Bash versions older than 4.4.": (
        "O autocompletar não é suportado em versões do Bash anteriores à 4.4."
    ),
    # Mistakes in a program's own declarations (a bug of ours, never of the user)
    "Could not determine name for option with declarations {decls!r}": (
        "Não foi possível determinar o nome da opção com as declarações {decls!r}"
    ),
    "No options defined but a name was passed ({name}). Did you mean to declare an "
    "argument instead? Did you mean to pass '--{name}'?": (
        "Nenhuma opção declarada, mas um nome foi passado ({name}). A intenção era declarar "
        "um argumento? Ou passar '--{name}'?"
    ),
    "Arguments take exactly one parameter declaration, got {length}: {decls}.": (
        "Um argumento aceita exatamente uma declaração; recebidas {length}: {decls}."
    ),
    "Name '{name}' defined twice": "Nome '{name}' declarado duas vezes",
    "Boolean option {decl!r} cannot use the same flag for true/false.": (
        "A opção lógica {decl!r} não pode usar a mesma forma para verdadeiro e falso."
    ),
}

# (singular, plural) -> (singular, plural); Brazilian Portuguese uses the plural from 2 on.
PLURAL_TRANSLATIONS: dict[tuple[str, str], tuple[str, str]] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        "Argumento inesperado ({args})",
        "Argumentos inesperados ({args})",
    ),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): (
        "Você quis dizer {possibility}?",
        "(Você quis dizer uma destas: {possibilities}?)",
    ),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "A opção {name!r} requer um valor.",
        "A opção {name!r} requer {nargs} valores.",
    ),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."): (
        "Recebe {nargs} valores, mas 1 foi informado.",
        "Recebe {nargs} valores, mas {len} foram informados.",
    ),
    (
        "{len_type} values are required, but {len_value} was given.",
        "{len_type} values are required, but {len_value} were given.",
    ): (
        "São necessários {len_type} valores, mas {len_value} foi informado.",
        "São necessários {len_type} valores, mas {len_value} foram informados.",
    ),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): (
        "{value!r} não é {choice}.",
        "{value!r} não é uma destas opções: {choices}.",
    ),
    (
        "{value!r} does not match the format {format}.",
        "{value!r} does not match the formats {formats}.",
    ): (
        "{value!r} não corresponde ao formato {format}.",
        "{value!r} não corresponde a nenhum dos formatos {formats}.",
    ),
}


def translate(message: str) -> str:
    return TRANSLATIONS.get(message, message)


def translate_plural(singular: str, plural: str, n: int) -> str:
    forms = PLURAL_TRANSLATIONS.get((singular, plural), (singular, plural))
    return forms[1] if n > 1 else forms[0]


def _click_modules() -> list[ModuleType]:
    """All of Click's modules, the lazily imported ones (pager, completion) included."""
    modules = [click]
    for info in pkgutil.iter_modules(click.__path__):
        try:
            modules.append(importlib.import_module(f"{click.__name__}.{info.name}"))
        except (ImportError, AssertionError):  # _winconsole refuses to load off Windows
            continue
    return modules


@contextmanager
def translated() -> Iterator[None]:
    """Click speaks Portuguese inside the block; re-entrant, and undone on the way out."""
    replaced: list[tuple[ModuleType, str, Any]] = []
    try:
        for module in _click_modules():
            for name, original, replacement in (
                ("_", gettext.gettext, translate),
                ("ngettext", gettext.ngettext, translate_plural),
            ):
                if getattr(module, name, None) is original:
                    setattr(module, name, replacement)
                    replaced.append((module, name, original))
        yield
    finally:
        for module, name, original in reversed(replaced):
            setattr(module, name, original)


# -- What Click writes without gettext ---------------------------------------------


def _with_context(erro: click.UsageError, ctx: click.Context) -> click.UsageError:
    """Click's parser raises some usage errors ("requires a value") without the context
    that prints the usage line and the --help hint: every usage error gets both."""
    if erro.ctx is None:
        erro.ctx = ctx
    return erro


class Command(click.Command):
    """A command that speaks Portuguese; Group takes all of it too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPÇÕES]")
        super().__init__(*args, **kwargs)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """The console script and CliRunner both come in here."""
        with translated():
            return super().main(*args, **kwargs)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as erro:
            raise _with_context(erro, ctx) from None


class Group(Command, click.Group):
    command_class = Command
    group_class = type  # subgroups are Groups too

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", "COMANDO [ARGUMENTOS]...")
        super().__init__(*args, **kwargs)


class IntRange(click.IntRange):
    name = "número inteiro"  # in "'x' não é um número inteiro válido."


class FloatRange(click.FloatRange):
    name = "número"


class FilePath(click.Path):
    """A path to a file (never a directory), given to the command as a `Path`."""

    def __init__(self) -> None:
        super().__init__(dir_okay=False, path_type=Path)
        self.name = "arquivo"  # in "Arquivo 'x' é um diretório."
