"""Breakdowns of a period by forma de pagamento and by categoria, from the projection's groups.

Everything is integer centavos; a share is of the period's total of its tipo, in hundredths
of a percent rounded half up, so "33.33" is exact arithmetic and never a float.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from fluxo_caixa.domain.movimentacao import Tipo
from fluxo_caixa.domain.pagamento import FormaPagamento


@dataclass(frozen=True, slots=True)
class Grupo:
    """One group of the projection summed over a period: tipo × forma × categoria."""

    tipo: Tipo
    forma: FormaPagamento | None
    categoria_id: int | None
    valor: int
    quantidade: int


@dataclass(frozen=True, slots=True)
class PorForma:
    forma: FormaPagamento | None
    entradas: int
    saidas: int
    qtd_entradas: int
    qtd_saidas: int
    centesimos_entradas: int  # share of the period's entradas, in hundredths of a percent
    centesimos_saidas: int


@dataclass(frozen=True, slots=True)
class PorCategoria:
    categoria_id: int | None
    categoria: str | None
    tipo: Tipo
    valor: int
    quantidade: int
    centesimos: int


@dataclass(frozen=True, slots=True)
class Detalhado:
    inicio: date
    fim: date
    tipo: Tipo | None
    por_forma: tuple[PorForma, ...]
    por_categoria: tuple[PorCategoria, ...]


def centesimos_de_percentual(parte: int, total: int) -> int:
    """parte/total in hundredths of a percent, rounded half up; 0 when total is 0."""
    if total <= 0:
        return 0
    return (parte * 10000 * 2 + total) // (total * 2)


_ORDEM_FORMAS = {forma: n for n, forma in enumerate(FormaPagamento)}


def detalhar(
    inicio: date,
    fim: date,
    grupos: Iterable[Grupo],
    nomes: Mapping[int, str],
    tipo: Tipo | None = None,
) -> Detalhado:
    """Totals by forma (both tipos side by side) and by categoria (one row per tipo).

    Rows are ordered by value, largest first (a null forma or categoria last among
    equals), so the merchant reads the biggest share first.
    """
    lista = [g for g in grupos if tipo is None or g.tipo is tipo]
    total = {t: sum(g.valor for g in lista if g.tipo is t) for t in Tipo}

    formas: dict[FormaPagamento | None, list[int]] = {}
    categorias: dict[tuple[int | None, Tipo], list[int]] = {}
    for g in lista:
        soma = formas.setdefault(g.forma, [0, 0, 0, 0])
        if g.tipo is Tipo.ENTRADA:
            soma[0] += g.valor
            soma[2] += g.quantidade
        else:
            soma[1] += g.valor
            soma[3] += g.quantidade
        cat = categorias.setdefault((g.categoria_id, g.tipo), [0, 0])
        cat[0] += g.valor
        cat[1] += g.quantidade

    por_forma = [
        PorForma(
            forma,
            e,
            s,
            qe,
            qs,
            centesimos_de_percentual(e, total[Tipo.ENTRADA]),
            centesimos_de_percentual(s, total[Tipo.SAIDA]),
        )
        for forma, (e, s, qe, qs) in formas.items()
    ]
    por_forma.sort(
        key=lambda p: (-(p.entradas + p.saidas), p.forma is None, _ORDEM_FORMAS.get(p.forma, 99))  # type: ignore[arg-type]
    )
    por_categoria = [
        PorCategoria(
            cid,
            None if cid is None else nomes.get(cid, f"Categoria {cid}"),
            t,
            valor,
            qtd,
            centesimos_de_percentual(valor, total[t]),
        )
        for (cid, t), (valor, qtd) in categorias.items()
    ]
    por_categoria.sort(
        key=lambda c: (c.tipo.value, -c.valor, c.categoria_id is None, c.categoria or "")
    )
    return Detalhado(inicio, fim, tipo, tuple(por_forma), tuple(por_categoria))
