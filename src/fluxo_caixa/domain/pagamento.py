"""Formas de pagamento: how the money moved. Only `dinheiro` is in the cash drawer."""

from __future__ import annotations

import enum

from fluxo_caixa.domain.movimentacao import CampoInvalido


class FormaPagamento(enum.StrEnum):
    DINHEIRO = "dinheiro"
    PIX = "pix"
    DEBITO = "debito"
    CREDITO = "credito"
    BOLETO = "boleto"
    TRANSFERENCIA = "transferencia"
    OUTRO = "outro"

    @property
    def rotulo(self) -> str:
        return ROTULOS[self]


ROTULOS = {
    FormaPagamento.DINHEIRO: "Dinheiro",
    FormaPagamento.PIX: "PIX",
    FormaPagamento.DEBITO: "Débito",
    FormaPagamento.CREDITO: "Crédito",
    FormaPagamento.BOLETO: "Boleto",
    FormaPagamento.TRANSFERENCIA: "Transferência",
    FormaPagamento.OUTRO: "Outro",
}
NAO_INFORMADA = "Não informada"
FORMAS_TEXTO = ", ".join(f.value for f in FormaPagamento)
# Every spelling accepted (after lowercasing): the plain word and the one written accented.
GRAFIAS: dict[str, FormaPagamento] = {f.value: f for f in FormaPagamento} | {
    "débito": FormaPagamento.DEBITO,
    "crédito": FormaPagamento.CREDITO,
    "transferência": FormaPagamento.TRANSFERENCIA,
}


def _qualquer_caixa(grafia: str) -> str:
    return "".join(f"[{c}{c.upper()}]" if c.isalpha() else c for c in grafia)


# What parse_forma accepts, as a regular expression for the OpenAPI document.
FORMA_PADRAO = r"[ \t\r\n]*(" + "|".join(_qualquer_caixa(g) for g in GRAFIAS) + r")[ \t\r\n]*"


def parse_forma(valor: object) -> FormaPagamento | None:
    """A forma in any case, with or without its accent (`Débito`, `PIX`); None is absent.

    Exactly the spellings of `GRAFIAS`, so the OpenAPI pattern can say what is accepted.
    """
    if valor is None:
        return None
    if isinstance(valor, str):
        forma = GRAFIAS.get(valor.strip(" \t\r\n").lower())
        if forma is not None:
            return forma
    raise CampoInvalido(f"A forma de pagamento deve ser uma de: {FORMAS_TEXTO}.")


def rotulo(forma: FormaPagamento | None) -> str:
    return NAO_INFORMADA if forma is None else forma.rotulo
