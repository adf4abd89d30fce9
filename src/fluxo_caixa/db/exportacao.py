"""The movements of a period for the export files (CSV, XLSX): keyset pages of tuples.

Not `movimentacoes.listar`: a file needs neither the reversal's id nor the caixa's name,
nor an object per row. Each page is one prebuilt statement that continues after the last
(data, id) read, `data >= :desde AND (data > :desde OR id > :depois)`, so the index
(data, id) seeks straight to it and the millionth row costs what the first one did (with
the bound on `data` alone, each page scanned every earlier row of the period again).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from datetime import date
from typing import Any, cast

from sqlalchemy import BigInteger, Date, Engine, Select, bindparam, or_, select
from sqlalchemy import type_coerce as como
from sqlalchemy.types import NullType

from fluxo_caixa.db.detalhado import Filtro
from fluxo_caixa.db.engine import leitura
from fluxo_caixa.db.tables import categoria, lancamento
from fluxo_caixa.domain.exportacao import Pagina, dia_de
from fluxo_caixa.domain.movimentacao import Tipo

# Rows per statement: the statement's own cost is already lost in the rows' (SQLite, 1M
# rows: the same CPU from 1 000 to 10 000), while each page held costs memory (about
# +5 MB of peak RSS at 2 000, +11 MB at 5 000, +20 MB at 10 000).
PAGINA = 2000


@functools.cache
def _consulta(tipo: bool, forma: bool, categoria_: bool, caixa: bool) -> Select[Any]:
    """The page statement for one combination of filters, built once."""
    c = lancamento.c
    desde = bindparam("desde", type_=Date)
    # The day and the instant as the driver hands them over (SQLite: ISO text), with no
    # conversion per row here: the writers convert each day once per page, and each
    # instant (naive UTC as stored) straight into the text or cell they write.
    query = (
        select(
            c.id,
            como(c.data, NullType()),
            c.tipo,
            c.valor_centavos,
            c.descricao,
            como(c.data_inclusao, NullType()),
            c.estorno_de,
            c.forma_pagamento,
            categoria.c.nome,
        )
        .select_from(lancamento.outerjoin(categoria, categoria.c.id == c.categoria_id))
        .where(
            c.data >= desde,
            c.data <= bindparam("fim", type_=Date),
            or_(c.data > desde, c.id > bindparam("depois", type_=BigInteger)),
        )
    )
    if tipo:
        query = query.where(c.tipo == bindparam("tipo"))
    if forma:
        query = query.where(c.forma_pagamento == bindparam("forma"))
    if categoria_:
        query = query.where(c.categoria_id == bindparam("categoria_id"))
    if caixa:
        query = query.where(c.caixa_id == bindparam("caixa_id"))
    return query.order_by(c.data, c.id).limit(bindparam("limite"))


def paginas(
    engine: Engine, inicio: date, fim: date, tipo: Tipo | None, filtro: Filtro
) -> Iterator[Pagina]:
    """The movements of a period in (data, id) order, one page in memory at a time.

    The first page is read before this returns, so an unreachable database is an error
    the caller can still answer with a 503 before a download starts.
    """
    query = _consulta(
        tipo is not None,
        filtro.forma is not None,
        filtro.categoria_id is not None,
        filtro.caixa_id is not None,
    )
    tamanho = PAGINA
    params: dict[str, Any] = {
        "desde": inicio,
        "fim": fim,
        "depois": 0,
        "limite": tamanho,
        "tipo": None if tipo is None else tipo.value,
        "forma": None if filtro.forma is None else filtro.forma.value,
        "categoria_id": filtro.categoria_id,
        "caixa_id": filtro.caixa_id,
    }

    def ler() -> Pagina:
        with leitura(engine) as conn:  # one statement per page
            # Rows unpack like the tuples they stand for; no copy into real tuples.
            return cast(Pagina, conn.execute(query, params).all())

    def todas(pagina: Pagina) -> Iterator[Pagina]:
        while True:
            if pagina:
                yield pagina
            if len(pagina) < tamanho:
                return
            ultima = pagina[-1]
            params["desde"], params["depois"] = dia_de(ultima[1]), ultima[0]
            pagina = ler()

    return todas(ler())
