"""How the terminal shows money, days and tipos to a Brazilian merchant."""

from __future__ import annotations

from datetime import date

from fluxo_caixa.domain.movimentacao import Tipo

ROTULOS = {Tipo.ENTRADA: "entrada", Tipo.SAIDA: "saída"}


def data_br(dia: date) -> str:
    return dia.strftime("%d/%m/%Y")


def rotulo(tipo: Tipo) -> str:
    return ROTULOS[tipo]
