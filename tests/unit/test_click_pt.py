"""Every message of the installed Click has its Portuguese, and the swap is only temporary.

The messages are read from Click's source at test time, so upgrading Click to a version
with a new message fails here until it is translated in fluxo_caixa.click_pt.
"""

from __future__ import annotations

import ast
import gettext
import importlib
import re
import string
from pathlib import Path

import click

from fluxo_caixa import click_pt

# Calls whose message is not a literal: the expression, and the messages it can hold.
DYNAMIC = {"_(extra['required'])": {"required"}}


def click_messages() -> tuple[set[str], set[tuple[str, str]], set[str]]:
    singles: set[str] = set()
    plurals: set[tuple[str, str]] = set()
    dynamic: set[str] = set()
    for source in sorted(Path(click.__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            literals = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if node.func.id == "_":
                if len(literals) == 1 and isinstance(literals[0], str):
                    singles.add(literals[0])
                else:
                    dynamic.add(ast.unparse(node))
            elif node.func.id == "ngettext":
                par = literals[:2]
                if len(par) == 2 and isinstance(par[0], str) and isinstance(par[1], str):
                    plurals.add((par[0], par[1]))
                else:
                    dynamic.add(ast.unparse(node))
    return singles, plurals, dynamic


def placeholders(texto: str) -> set[tuple[str, str | None]]:
    campos = {(nome, conv) for _, nome, _, conv in string.Formatter().parse(texto) if nome}
    return campos | {(nome, "%") for nome in re.findall(r"%\((\w+)\)s", texto)}


def test_click_messages_are_found_in_its_source() -> None:
    singles, plurals, _dynamic = click_messages()
    assert "Usage:" in singles and "No such option {name!r}." in singles
    assert any(singular.startswith("Got unexpected extra argument") for singular, _ in plurals)


def test_every_click_message_has_a_portuguese_translation() -> None:
    singles, plurals, dynamic = click_messages()
    assert dynamic <= DYNAMIC.keys(), f"new non-literal messages: {dynamic - DYNAMIC.keys()}"
    for expression in dynamic:
        singles |= DYNAMIC[expression]
    assert sorted(singles - click_pt.TRANSLATIONS.keys()) == []
    assert sorted(plurals - click_pt.PLURAL_TRANSLATIONS.keys()) == []


def test_translations_keep_only_the_placeholders_click_fills() -> None:
    for original, traducao in click_pt.TRANSLATIONS.items():
        assert placeholders(traducao) <= placeholders(original), original
    for (singular, plural), (um, varios) in click_pt.PLURAL_TRANSLATIONS.items():
        assert placeholders(um) <= placeholders(singular), singular
        assert placeholders(varios) <= placeholders(plural), plural


def test_portuguese_plural_starts_at_two() -> None:
    chave = ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments.")
    assert click_pt.translate_plural(*chave, 1) == "A opção {name!r} requer um valor."
    assert click_pt.translate_plural(*chave, 2) == "A opção {name!r} requer {nargs} valores."


def test_click_speaks_portuguese_only_inside_the_block_and_nesting_is_safe() -> None:
    def mensagem() -> str:
        return click.NoSuchOption("--x").format_message()

    importlib.import_module("fluxo_caixa.cli")
    assert vars(click.exceptions)["_"] is gettext.gettext  # importing our CLI changed nothing
    assert mensagem() == "No such option '--x'."
    with click_pt.translated():
        with click_pt.translated():
            assert mensagem() == "Não existe a opção '--x'."
        assert mensagem() == "Não existe a opção '--x'."
    assert mensagem() == "No such option '--x'."
    assert vars(click.exceptions)["_"] is gettext.gettext
    assert vars(click.exceptions)["ngettext"] is gettext.ngettext


def test_lazily_imported_click_modules_are_translated_too() -> None:
    with click_pt.translated():
        from click import _termui_impl, shell_completion

        assert vars(_termui_impl)["_"] is click_pt.translate
        assert vars(shell_completion)["_"] is click_pt.translate
