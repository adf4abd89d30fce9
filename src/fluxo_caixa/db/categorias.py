"""The plano de contas (`categoria`): read, create, rename, deactivate. Never deleted."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from fluxo_caixa.db.direto import Direto
from fluxo_caixa.db.tables import categoria
from fluxo_caixa.domain.categoria import (
    Categoria,
    CategoriaDuplicada,
    CategoriaNaoEncontrada,
    chave_do_nome,
    escolher_categoria,
)
from fluxo_caixa.domain.movimentacao import Tipo

_SELECT = select(categoria.c.id, categoria.c.nome, categoria.c.tipo, categoria.c.ativa)


_ORDEM = (categoria.c.tipo, categoria.c.id)
# The whole list, as every movement naming a categoria reads it (db.direto).
_LISTAR = Direto(_SELECT.order_by(*_ORDEM))


def _categoria(row: Sequence[Any]) -> Categoria:
    ident, nome, tipo, ativa = row
    return Categoria(int(ident), nome, Tipo(tipo), bool(ativa))


class _Plano:
    """The plano de contas as read, and the choices already made from it.

    `escolher_categoria` is a pure function of what it is given: for the same rows and
    the same name or id, the same categoria. Reading the rows (every time, in the
    caller's transaction, so never stale) costs a third of building the list and choosing
    from it again, so both are kept per content of the rows, not per time or event.
    """

    __slots__ = ("categorias", "escolhas")

    def __init__(self, rows: tuple[tuple[Any, ...], ...]) -> None:
        self.categorias = tuple(_categoria(r) for r in rows)
        self.escolhas: dict[tuple[str | int, Tipo], Categoria] = {}

    def escolher(self, informada: str | int, tipo: Tipo) -> Categoria:
        chave = (informada, tipo)
        achada = self.escolhas.get(chave)
        if achada is None:
            achada = escolher_categoria(informada, tipo, self.categorias)  # or raises
            self.escolhas[chave] = achada
        return achada


@functools.lru_cache(maxsize=16)
def _plano(rows: tuple[tuple[Any, ...], ...]) -> _Plano:
    return _Plano(rows)


def _plano_atual(conn: Connection) -> _Plano:
    # Unprocessed rows: _categoria converts each value itself (ativa is 0/1 on SQLite).
    return _plano(tuple(_LISTAR.crus(conn, {})))


def escolher(conn: Connection, informada: str | int, tipo: Tipo) -> Categoria:
    """`escolher_categoria(informada, tipo, listar(conn))`: the active categoria of `tipo`
    named by name or id, or CategoriaInvalida listing the valid ones."""
    return _plano_atual(conn).escolher(informada, tipo)


def listar(
    conn: Connection, tipo: Tipo | None = None, ativa: bool | None = None
) -> list[Categoria]:
    """The plano de contas in a stable order: entradas first, then by id."""
    if tipo is None and ativa is None:
        return list(_plano_atual(conn).categorias)
    query = _SELECT.order_by(*_ORDEM)
    if tipo is not None:
        query = query.where(categoria.c.tipo == tipo.value)
    if ativa is not None:
        query = query.where(categoria.c.ativa == ativa)
    return [_categoria(tuple(r)) for r in conn.execute(query)]


def obter(conn: Connection, ident: int) -> Categoria:
    row = conn.execute(_SELECT.where(categoria.c.id == ident)).first()
    if row is None:
        raise CategoriaNaoEncontrada(ident)
    return _categoria(tuple(row))


def _duplicada(conn: Connection, nome: str, exceto: int | None = None) -> str | None:
    """The existing name that `nome` collides with, if any."""
    query = select(categoria.c.nome).where(categoria.c.nome_chave == chave_do_nome(nome))
    if exceto is not None:
        query = query.where(categoria.c.id != exceto)
    return conn.execute(query).scalar()


def criar(conn: Connection, nome: str, tipo: Tipo) -> Categoria:
    existente = _duplicada(conn, nome)
    if existente is not None:
        raise CategoriaDuplicada(existente)
    try:
        result = conn.execute(
            insert(categoria).values(
                nome=nome, nome_chave=chave_do_nome(nome), tipo=tipo.value, ativa=True
            )
        )
    except IntegrityError:  # a concurrent twin won the unique index
        raise CategoriaDuplicada(nome) from None
    (ident,) = result.inserted_primary_key or (None,)
    assert ident is not None
    return Categoria(int(ident), nome, tipo, True)


def alterar(
    conn: Connection, ident: int, nome: str | None = None, ativa: bool | None = None
) -> Categoria:
    """Rename or (de)activate; the movements keep pointing at it, so history reads the new name."""
    atual = obter(conn, ident)
    valores: dict[str, object] = {}
    if nome is not None and nome != atual.nome:
        existente = _duplicada(conn, nome, exceto=ident)
        if existente is not None:
            raise CategoriaDuplicada(existente)
        valores |= {"nome": nome, "nome_chave": chave_do_nome(nome)}
    if ativa is not None:
        valores["ativa"] = ativa
    if valores:
        try:
            conn.execute(update(categoria).where(categoria.c.id == ident).values(**valores))
        except IntegrityError:
            raise CategoriaDuplicada(nome or atual.nome) from None
    return obter(conn, ident)
