"""What a person types, read into domain values; every refusal says what to type instead."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

from fluxo_caixa.cliente.api import EntradaInvalida
from fluxo_caixa.domain import dinheiro
from fluxo_caixa.domain.movimentacao import (
    DATA_MINIMA,
    ID_MAXIMO,
    CampoInvalido,
    Tipo,
    parse_descricao,
    parse_tipo,
    sem_acento,
)
from fluxo_caixa.domain.pagamento import FORMAS_TEXTO, FormaPagamento, parse_forma

_TIPOS_CURTOS = {"e": Tipo.ENTRADA, "s": Tipo.SAIDA}
_SIM = frozenset({"s", "sim"})
_NAO = frozenset({"n", "nao"})


def citar(texto: str, limite: int = 40) -> str:
    """Echo back what was typed, short enough for one line."""
    limpo = texto.strip()
    if len(limpo) > limite:
        limpo = limpo[: limite - 1] + "…"
    return f'"{limpo}"'


def tipo_digitado(texto: str) -> Tipo:
    """entrada/saida in any case, with or without accent, or the short answers e/s."""
    curto = _TIPOS_CURTOS.get(sem_acento(texto.strip()).lower())
    if curto is not None:
        return curto
    if not texto.strip():
        raise EntradaInvalida("Informe o tipo: entrada (e) ou saida (s).")
    try:
        # A terminal may hand over "saída" decomposed (i + combining acute): the API takes
        # the composed form only.
        return parse_tipo(unicodedata.normalize("NFC", texto))
    except CampoInvalido:
        raise EntradaInvalida(
            f"Tipo inválido: {citar(texto)}. Responda entrada (e) ou saida (s)."
        ) from None


def valor_digitado(texto: str) -> int:
    """Centavos of '100', '10,50', '1.234,56', '10.50' or 'R$ 10,50'."""
    if not texto.strip():
        raise EntradaInvalida("Informe o valor, por exemplo 10,50.")
    try:
        return dinheiro.centavos_de_texto_brasileiro(texto)
    except dinheiro.ValorInvalido as erro:
        raise EntradaInvalida(str(erro)) from None


def descricao_digitada(texto: str) -> str | None:
    """Optional free text; an empty answer means none."""
    try:
        return parse_descricao(texto)
    except CampoInvalido as erro:
        raise EntradaInvalida(str(erro)) from None


def sim_ou_nao(texto: str) -> bool:
    """s/sim/n/não/nao in any case."""
    resposta = sem_acento(texto.strip()).lower()
    if resposta in _SIM:
        return True
    if resposta in _NAO:
        return False
    raise EntradaInvalida("Responda s (sim) ou n (não).")


def data_digitada(texto: str, opcao: str) -> date:
    """A day as the API writes it (2025-03-05) or as a Brazilian does (05/03/2025), from
    01/03/1900 on (a day after today is the service's to judge: a query may ask for it)."""
    limpo = texto.strip()
    # ASCII only: strptime's \d would read Arabic-Indic digits too.
    for formato in ("%Y-%m-%d", "%d/%m/%Y") if limpo.isascii() else ():
        try:
            dia = datetime.strptime(limpo, formato).date()
        except ValueError:
            continue
        if dia < DATA_MINIMA:
            raise EntradaInvalida(
                f"Data inválida em {opcao}: {citar(texto)}. "
                "A data deve ser de 01/03/1900 em diante."
            )
        return dia
    raise EntradaInvalida(
        f"Data inválida em {opcao}: {citar(texto)}. Use AAAA-MM-DD ou DD/MM/AAAA."
    )


def id_digitado(texto: str) -> int:
    limpo = texto.strip()
    if not limpo.isascii() or not limpo.isdigit() or not 1 <= int(limpo) <= ID_MAXIMO:
        raise EntradaInvalida(
            f"Identificador inválido: {citar(texto)}. Use o número da movimentação, como 7."
        )
    return int(limpo)


def forma_digitada(texto: str) -> FormaPagamento:
    """A forma de pagamento in any case, with or without its accent (Débito, PIX)."""
    try:
        forma = parse_forma(texto)
    except CampoInvalido:
        forma = None
    if forma is None:
        raise EntradaInvalida(
            f"Forma de pagamento inválida: {citar(texto)}. Use uma de: {FORMAS_TEXTO}."
        )
    return forma
