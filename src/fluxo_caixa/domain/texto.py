"""Free text typed by people (descricao, operador, observacao, motivo, names).

One rule for all of it: trimmed, and refused when it holds a character that breaks a
terminal, a log line or a spreadsheet: C0 and C1 controls (tab, newline and DEL
included; ESC redraws a terminal), lone UTF-16 surrogates (no UTF-8 for them) and the
Unicode non-characters (U+FDD0..U+FDEF and U+xFFFE/U+xFFFF of every plane; U+FFFF makes
an XLSX's XML malformed). Text stored before this rule existed is shown through
`neutralizado`, which puts U+FFFD in place of each such character.
"""

from __future__ import annotations

import re

SUBSTITUTO = "\ufffd"  # the replacement character: visible, and legal everywhere

_NAO_CARACTERES_ALTOS = "".join(
    f"\\U{plano:04x}fffe\\U{plano:04x}ffff" for plano in range(0x01, 0x11)
)
PROIBIDOS = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff" + _NAO_CARACTERES_ALTOS + "]"
)
# The same set as a JSON Schema (ECMA 262) pattern, for the OpenAPI documents. A pattern
# without the "u" flag cannot name the non-characters beyond U+FFFF (nor lone
# surrogates, which JSON strings rarely carry): the server refuses them all the same.
PADRAO_JSON_SCHEMA = "^[^\\u0000-\\u001f\\u007f-\\u009f\\ufdd0-\\ufdef\\ufffe\\uffff]*$"


class TextoInvalido(ValueError):
    """The text breaks the rule; the message is for the merchant, in Portuguese, and
    never repeats the text itself (it may end up in a log)."""


def caractere_proibido(texto: str) -> str | None:
    """The first character the rule refuses, or None."""
    achado = PROIBIDOS.search(texto)
    return achado.group() if achado else None


def texto_limpo(valor: object, campo: str, maximo: int) -> str | None:
    """`valor` trimmed, None when absent or blank; TextoInvalido when it breaks the rule.

    `campo` names the field the way a message starts: "A descrição", "O operador".
    """
    if valor is None:
        return None
    if not isinstance(valor, str):
        raise TextoInvalido(f"{campo} deve ser um texto.")
    proibido = caractere_proibido(valor)
    if proibido is not None:
        raise TextoInvalido(
            f"{campo} contém um caractere não permitido ({_nome(proibido)}); "
            "use só texto visível, sem tabulações nem quebras de linha."
        )
    texto = valor.strip()  # the blanks that are controls (tab, newline) were refused above
    if len(texto) > maximo:
        raise TextoInvalido(f"{campo} deve ter no máximo {maximo} caracteres.")
    return texto or None


def neutralizado(texto: str) -> str:
    """`texto` with each refused character replaced by U+FFFD: safe for any output."""
    return PROIBIDOS.sub(SUBSTITUTO, texto)


def _nome(caractere: str) -> str:
    codigo = ord(caractere)
    if codigo < 0x20 or 0x7F <= codigo <= 0x9F:
        tipo = "caractere de controle"
    elif 0xD800 <= codigo <= 0xDFFF:
        tipo = "metade de um par substituto"
    else:
        tipo = "não caractere Unicode"
    return f"U+{codigo:04X}, {tipo}"
