"""The published OpenAPI patterns say exactly what the parsers accept."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from fluxo_caixa.domain.dinheiro import ValorInvalido, centavos_de
from fluxo_caixa.domain.movimentacao import Tipo, parse_tipo
from fluxo_caixa.lancamentos.schemas import TIPO_SCHEMA, VALOR_TEXTO_PATTERN

PATTERN = re.compile(VALOR_TEXTO_PATTERN)


def accepted(texto: str) -> bool:
    try:
        centavos_de(texto)
    except ValorInvalido:
        return False
    return True


@given(st.text(alphabet=" \t\r\n\x1c+-.0123456789e\u0667", max_size=16))
def test_valor_text_pattern_matches_what_the_parser_accepts(texto: str) -> None:
    assert bool(PATTERN.search(texto)) == accepted(texto)


@given(st.from_regex(PATTERN))
def test_every_text_the_pattern_describes_is_accepted(texto: str) -> None:
    assert accepted(texto)


@given(st.from_regex(re.compile(str(TIPO_SCHEMA["pattern"]))))
def test_every_tipo_the_pattern_describes_is_accepted(texto: str) -> None:
    assert parse_tipo(texto) in (Tipo.ENTRADA, Tipo.SAIDA)
