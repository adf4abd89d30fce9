"""One movement as the export files take it: a plain tuple, as the database hands it over.

A file of a million movements cannot afford an object per row (`Movimentacao`, its enums)
before writing it: the exports read these tuples in pages and write each page at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime

from fluxo_caixa.domain.movimentacao import Movimentacao
from fluxo_caixa.domain.pagamento import FormaPagamento

# id, data, tipo ("entrada"/"saida"), valor_centavos, descricao, data_inclusao (naive,
# in UTC: how every backend stores it), estorno_de, forma_pagamento (its value, "pix"),
# categoria (its name).
LinhaExportada = tuple[
    int, date, str, int, str | None, datetime, int | None, str | None, str | None
]
Pagina = list[LinhaExportada]
# A forma's value ("debito") to what the merchant reads ("Débito").
ROTULO_DA_FORMA: dict[str, str] = {f.value: f.rotulo for f in FormaPagamento}


def linha_exportada(mov: Movimentacao) -> LinhaExportada:
    """The tuple of a movement already read as an object."""
    return (
        mov.id,
        mov.data,
        mov.tipo.value,
        mov.valor_centavos,
        mov.descricao,
        mov.data_inclusao.astimezone(UTC).replace(tzinfo=None),
        mov.estorno_de,
        None if mov.forma_pagamento is None else mov.forma_pagamento.value,
        mov.categoria,
    )


def em_paginas(movimentacoes: Iterable[Movimentacao], tamanho: int = 1000) -> Iterator[Pagina]:
    """Movements already read as objects, as the pages the writers take."""
    pagina: Pagina = []
    for mov in movimentacoes:
        pagina.append(linha_exportada(mov))
        if len(pagina) == tamanho:
            yield pagina
            pagina = []
    if pagina:
        yield pagina
