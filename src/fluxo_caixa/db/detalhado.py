"""The breakdown projection `saldo_detalhado` (day × tipo × forma × categoria × caixa).

Written in the same transaction as each movement (`somar_detalhado`); read by the
consolidado for `/consolidado/detalhado` and the filtered period, never from the ledger.
A group's key cannot hold NULL: "não informada" is '' and "sem categoria/caixa" is 0.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    Date,
    Insert,
    Integer,
    Select,
    bindparam,
    case,
    cast,
    func,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.dialects import mysql, postgresql, sqlite
from sqlalchemy.engine import Connection

from fluxo_caixa.db.direto import Direto
from fluxo_caixa.db.leitor import LeitorDireto
from fluxo_caixa.db.tables import saldo_detalhado
from fluxo_caixa.domain.consolidado import Somas
from fluxo_caixa.domain.detalhado import Grupo
from fluxo_caixa.domain.movimentacao import Tipo
from fluxo_caixa.domain.pagamento import FormaPagamento

SEM_FORMA = ""
SEM_ID = 0


@dataclass(frozen=True, slots=True)
class Filtro:
    """Which groups of the projection a read keeps; None keeps every value."""

    forma: FormaPagamento | None = None
    categoria_id: int | None = None
    caixa_id: int | None = None

    @property
    def vazio(self) -> bool:
        return self.forma is None and self.categoria_id is None and self.caixa_id is None


_COLUNAS = (
    "data", "tipo", "forma_pagamento", "categoria_id", "caixa_id", "valor_centavos", "quantidade",
)  # fmt: skip


def upsert(dialect: str, prefixo: str = "") -> Insert:
    """The group's upsert in each dialect's own words; its values come at execute, named
    as the columns (after `prefixo`, for a statement that holds it with others)."""
    c = saldo_detalhado.c
    valores = {nome: bindparam(prefixo + nome, type_=c[nome].type) for nome in _COLUNAS}
    if dialect in ("mysql", "mariadb"):
        my = mysql.insert(saldo_detalhado).values(valores)
        return my.on_duplicate_key_update(
            valor_centavos=c.valor_centavos + my.inserted.valor_centavos,
            quantidade=c.quantidade + my.inserted.quantidade,
        )
    stmt = (sqlite.insert if dialect == "sqlite" else postgresql.insert)(saldo_detalhado)
    stmt = stmt.values(valores)
    return stmt.on_conflict_do_update(
        index_elements=[c.data, c.tipo, c.forma_pagamento, c.categoria_id, c.caixa_id],
        set_={
            "valor_centavos": c.valor_centavos + stmt.excluded.valor_centavos,
            "quantidade": c.quantidade + stmt.excluded.quantidade,
        },
    )


@functools.cache
def _upsert(dialect: str) -> Direto:
    """The upsert alone, run on the DBAPI cursor (db.direto)."""
    return Direto(upsert(dialect))


def valores_do_grupo(
    dia: date,
    tipo: Tipo,
    forma: FormaPagamento | None,
    categoria_id: int | None,
    caixa_id: int | None,
    centavos: int,
    quantidade: int,
    prefixo: str = "",
) -> dict[str, object]:
    """The upsert's values for one group (a key column holds no NULL: '' and 0 stand in)."""
    return {
        f"{prefixo}data": dia,
        f"{prefixo}tipo": tipo.value,
        f"{prefixo}forma_pagamento": SEM_FORMA if forma is None else forma.value,
        f"{prefixo}categoria_id": SEM_ID if categoria_id is None else categoria_id,
        f"{prefixo}caixa_id": SEM_ID if caixa_id is None else caixa_id,
        f"{prefixo}valor_centavos": centavos,
        f"{prefixo}quantidade": quantidade,
    }


def somar_detalhado(
    conn: Connection,
    dia: date,
    tipo: Tipo,
    forma: FormaPagamento | None,
    categoria_id: int | None,
    caixa_id: int | None,
    centavos: int,
    quantidade: int,
) -> None:
    """Add to one group of the projection, atomically, inside the caller's transaction."""
    _upsert(conn.dialect.name).executar(
        conn, valores_do_grupo(dia, tipo, forma, categoria_id, caixa_id, centavos, quantidade)
    )


def _grupo(row: Any) -> Grupo:
    return Grupo(
        tipo=Tipo(row.tipo),
        forma=FormaPagamento(row.forma_pagamento) if row.forma_pagamento else None,
        categoria_id=int(row.categoria_id) or None,
        valor=int(row.valor),
        quantidade=int(row.quantidade),
    )


def _filtrar(query: Select[Any], filtro: Filtro) -> Select[Any]:
    c = saldo_detalhado.c
    if filtro.forma is not None:
        query = query.where(c.forma_pagamento == filtro.forma.value)
    if filtro.categoria_id is not None:
        query = query.where(c.categoria_id == filtro.categoria_id)
    if filtro.caixa_id is not None:
        query = query.where(c.caixa_id == filtro.caixa_id)
    return query


def grupos(conn: Connection, inicio: date, fim: date, filtro: Filtro = Filtro()) -> list[Grupo]:
    """The period's sums per tipo × forma × categoria: O(days × groups) rows read."""
    c = saldo_detalhado.c
    query = (
        select(
            c.tipo,
            c.forma_pagamento,
            c.categoria_id,
            func.sum(c.valor_centavos).label("valor"),
            func.sum(c.quantidade).label("quantidade"),
        )
        .where(c.data >= inicio, c.data <= fim)
        .group_by(c.tipo, c.forma_pagamento, c.categoria_id)
    )
    return [_grupo(row) for row in conn.execute(_filtrar(query, filtro))]


_GRUPOS_COM_NOMES = (
    "SELECT g.tipo, g.forma_pagamento, g.categoria_id, c.nome, g.valor, g.quantidade FROM ("
    "SELECT tipo, forma_pagamento, categoria_id, SUM(valor_centavos) AS valor, "
    "SUM(quantidade) AS quantidade FROM saldo_detalhado "
    "WHERE data >= {marca} AND data <= {marca} "
    "GROUP BY tipo, forma_pagamento, categoria_id"
    ") g LEFT JOIN categoria c ON c.id = g.categoria_id"
)


def grupos_com_nomes(
    leitor: LeitorDireto, inicio: date, fim: date
) -> tuple[list[Grupo], dict[int, str]]:
    """`grupos` without a filter, and the names of their categorias: one statement (one
    snapshot, one round trip), through the consolidado's direct reader."""
    sql = _GRUPOS_COM_NOMES.format(marca=leitor.marca)
    grupos: list[Grupo] = []
    nomes: dict[int, str] = {}
    for tipo, forma, categoria_id, nome, valor, quantidade in leitor.consultar(
        sql, (leitor.data(inicio), leitor.data(fim))
    ):
        # SUM is a Decimal on PostgreSQL and MariaDB: int() keeps it exact.
        grupos.append(
            Grupo(
                tipo=Tipo(tipo),
                forma=FormaPagamento(forma) if forma else None,
                categoria_id=int(categoria_id) or None,
                valor=int(valor),
                quantidade=int(quantidade),
            )
        )
        if nome is not None:
            nomes[int(categoria_id)] = nome
    return grupos, nomes


def _somas_por_tipo() -> list[Any]:
    c = saldo_detalhado.c
    entrada = c.tipo == Tipo.ENTRADA.value
    return [
        func.coalesce(func.sum(case((entrada, c.valor_centavos), else_=0)), 0),
        func.coalesce(func.sum(case((entrada, 0), else_=c.valor_centavos)), 0),
        func.coalesce(func.sum(case((entrada, c.quantidade), else_=0)), 0),
        func.coalesce(func.sum(case((entrada, 0), else_=c.quantidade)), 0),
    ]


def periodo_filtrado(
    conn: Connection, inicio: date, fim: date, filtro: Filtro
) -> tuple[Somas, dict[date, Somas]]:
    """The sums before `inicio` and per day of the period, of the groups `filtro` keeps.

    One statement, so the balance before and the days come from one snapshot.
    """
    c = saldo_detalhado.c
    antes = _filtrar(
        select(
            literal(0, Integer).label("ordem"), cast(null(), Date).label("data"), *_somas_por_tipo()
        ),
        filtro,
    ).where(c.data < bindparam("inicio", type_=Date))
    dias = (
        _filtrar(select(literal(1, Integer), c.data, *_somas_por_tipo()), filtro)
        .where(c.data >= bindparam("inicio", type_=Date), c.data <= bindparam("fim", type_=Date))
        .group_by(c.data)
    )
    combinada = union_all(antes, dias).subquery()
    query = select(combinada).order_by(combinada.c.ordem, combinada.c.data)
    somas_antes = Somas()
    por_dia: dict[date, Somas] = {}
    for row in conn.execute(query, {"inicio": inicio, "fim": fim}):
        somas = Somas(*(int(v) for v in row[2:]))
        if row.ordem == 0:
            somas_antes = somas
        else:
            por_dia[row.data] = somas
    return somas_antes, por_dia
