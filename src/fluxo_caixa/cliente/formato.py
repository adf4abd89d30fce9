"""How the terminal shows money, days, tipos and text to a Brazilian merchant."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from fluxo_caixa.domain.movimentacao import Tipo
from fluxo_caixa.domain.texto import PROIBIDOS, neutralizado

ROTULOS = {Tipo.ENTRADA: "entrada", Tipo.SAIDA: "saída"}


def data_br(dia: date) -> str:
    return f"{dia.day:02d}/{dia.month:02d}/{dia.year:04d}"


def rotulo(tipo: Tipo) -> str:
    return ROTULOS[tipo]


def no_caixa(mov: dict[str, Any]) -> str:
    """ ", no Caixa 2 (sessão 5)" when the movement went into a drawer's session, else "":
    with several caixas open, the merchant sees where the money was counted."""
    caixa, sessao = mov.get("caixa"), mov.get("sessao_id")
    if caixa is None or sessao is None:
        return ""
    return f", no {visivel(str(caixa))} (sessão {sessao})"


def visivel(texto: str) -> str:
    """Text safe for a terminal: an ESC (or any control character, or a non-character)
    from the service or an old import shows as U+FFFD and never moves the cursor."""
    return neutralizado(texto)


def _escape(achado: re.Match[str]) -> str:
    if achado.group() == "\n":
        return "\n"  # the indentation's own line breaks (json.dumps escapes those in strings)
    codigo = ord(achado.group())
    if codigo > 0xFFFF:  # JSON writes it as a UTF-16 surrogate pair
        codigo -= 0x10000
        return f"\\u{0xD800 + (codigo >> 10):04x}\\u{0xDC00 + (codigo & 0x3FF):04x}"
    return f"\\u{codigo:04x}"


def json_visivel(dados: Any) -> str:
    """Indented JSON, accents as they are, and every character a terminal could act on
    as a \\u escape: the data stays exact for a script, the terminal stays untouched."""
    texto = json.dumps(dados, ensure_ascii=False, indent=2, default=str)
    # Besides the indentation's line breaks, such characters only ever occur inside JSON
    # strings (unescaped: C1, DEL, non-characters, lone surrogates), where \u is valid.
    return PROIBIDOS.sub(_escape, texto)
