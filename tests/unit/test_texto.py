"""The one rule for free text: refused at input, neutralised on output."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fluxo_caixa.domain.texto import PROIBIDOS, SUBSTITUTO, TextoInvalido, neutralizado, texto_limpo

# Every class of character the rule names, with its edges.
PROIBIDOS_EXEMPLOS = [
    "\x00", "\x01", "\t", "\n", "\r", "\x1b", "\x1f", "\x7f", "\x80", "\x85", "\x9b", "\x9f",
    "\ud800", "\udfff", "\ufdd0", "\ufdef", "\ufffe", "\uffff", "\U0001fffe", "\U0001ffff",
    "\U0010fffe", "\U0010ffff",
]  # fmt: skip
proibido = st.sampled_from(PROIBIDOS_EXEMPLOS) | st.from_regex(PROIBIDOS, fullmatch=True)
permitido = st.text(
    st.characters(codec="utf-8").filter(lambda c: not PROIBIDOS.match(c)), max_size=50
)


@pytest.mark.parametrize("caractere", PROIBIDOS_EXEMPLOS)
def test_each_forbidden_character_is_refused_and_not_quoted(caractere: str) -> None:
    with pytest.raises(TextoInvalido, match="caractere não permitido") as erro:
        texto_limpo(f"venda{caractere}balcão", "A descrição", 200)
    assert caractere not in str(erro.value) and "venda" not in str(erro.value)
    assert f"U+{ord(caractere):04X}" in str(erro.value)


@given(permitido, proibido, permitido)
def test_text_holding_any_forbidden_character_is_refused(
    antes: str, caractere: str, depois: str
) -> None:
    with pytest.raises(TextoInvalido):
        texto_limpo(antes + caractere + depois, "O operador", 10_000)


@given(permitido)
def test_allowed_text_is_only_trimmed(texto: str) -> None:
    assert texto_limpo(texto, "O nome", 10_000) == (texto.strip() or None)


def test_blank_and_absent_are_none_and_the_limit_counts_after_trimming() -> None:
    assert texto_limpo(None, "A descrição", 5) is None
    assert texto_limpo("  \u3000 ", "A descrição", 5) is None
    assert texto_limpo("  abcde  ", "A descrição", 5) == "abcde"
    with pytest.raises(TextoInvalido, match="A descrição deve ter no máximo 5 caracteres"):
        texto_limpo("abcdef", "A descrição", 5)
    with pytest.raises(TextoInvalido, match="O motivo deve ser um texto"):
        texto_limpo(5, "O motivo", 5)


@given(st.lists(permitido | proibido).map("".join))
def test_neutralised_text_is_allowed_and_keeps_every_allowed_character(texto: str) -> None:
    limpo = neutralizado(texto)
    assert PROIBIDOS.search(limpo) is None
    assert len(limpo) == len(texto)
    assert all(a == b or b == SUBSTITUTO for a, b in zip(texto, limpo, strict=True))
    assert [a for a, b in zip(texto, limpo, strict=True) if a != b] == PROIBIDOS.findall(texto)


def test_an_escape_sequence_is_neutralised() -> None:
    assert neutralizado("\x1b[2J\x1b]0;x\x07ok") == "\ufffd[2J\ufffd]0;x\ufffdok"
