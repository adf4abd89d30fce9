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
from fluxo_caixa.domain.pagamento import FormaPagamento

_TIPOS_CURTOS = {"e": Tipo.ENTRADA, "s": Tipo.SAIDA}
_FORMAS_CURTAS = {
    "d": FormaPagamento.DINHEIRO,
    "p": FormaPagamento.PIX,
    "db": FormaPagamento.DEBITO,
    "cr": FormaPagamento.CREDITO,
    "b": FormaPagamento.BOLETO,
    "t": FormaPagamento.TRANSFERENCIA,
    "o": FormaPagamento.OUTRO,
} | {f.value: f for f in FormaPagamento}
OPCOES_FORMA = (
    "d (dinheiro), p (PIX), db (débito), cr (crédito), b (boleto), t (transferência) ou o (outro)"
)
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


def forma_digitada(texto: str, padrao: FormaPagamento | None = None) -> FormaPagamento:
    """A forma by name or short answer (d, p, db, cr, b, t, o), any case, with or without
    accent; an empty answer is `padrao` when there is one."""
    limpo = unicodedata.normalize("NFC", texto).strip()
    if not limpo and padrao is not None:
        return padrao
    forma = _FORMAS_CURTAS.get(sem_acento(limpo).lower())
    if forma is not None:
        return forma
    if not limpo:
        raise EntradaInvalida(f"Informe a forma de pagamento: {OPCOES_FORMA}.")
    raise EntradaInvalida(f"Forma de pagamento inválida: {citar(texto)}. Responda {OPCOES_FORMA}.")


def categoria_informada(texto: str) -> int | str:
    """A categoria as given on the command line: digits are an id, anything else a name."""
    limpo = unicodedata.normalize("NFC", texto).strip()
    if not limpo:
        raise EntradaInvalida("Informe a categoria pelo nome ou pelo número (id).")
    if limpo.isascii() and limpo.isdigit() and 1 <= int(limpo) <= ID_MAXIMO:
        return int(limpo)
    return limpo


def escolha_digitada(texto: str, quantidade: int, nenhuma: str = "nenhuma") -> int | None:
    """A number from a list of `quantidade` items (1-based) as its index; Enter is none."""
    limpo = texto.strip()
    if not limpo:
        return None
    if limpo.isascii() and limpo.isdigit() and 1 <= int(limpo) <= quantidade:
        return int(limpo) - 1
    intervalo = "1" if quantidade == 1 else f"de 1 a {quantidade}"
    raise EntradaInvalida(
        f"Opção inválida: {citar(texto)}. Responda um número {intervalo}, ou Enter para {nenhuma}."
    )


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


def id_digitado(texto: str, de_que: str = "da movimentação") -> int:
    limpo = texto.strip()
    if not limpo.isascii() or not limpo.isdigit() or not 1 <= int(limpo) <= ID_MAXIMO:
        raise EntradaInvalida(
            f"Identificador inválido: {citar(texto)}. Use o número {de_que}, como 7."
        )
    return int(limpo)
