"""Reading movements: one by id, and keyset pages in (data, id) order.

The read side of the ledger, shared by the lançamentos reads, the estorno (which reads
the original inside its unit of work) and the consolidado's exports. It never writes.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, bindparam, or_, select
from sqlalchemy.engine import Connection

from fluxo_caixa.db.direto import Direto
from fluxo_caixa.db.tables import caixa, categoria, lancamento
from fluxo_caixa.domain.movimentacao import ID_MAXIMO, Movimentacao, Tipo
from fluxo_caixa.domain.pagamento import FormaPagamento


class CursorInvalido(ValueError):
    """A page cursor we did not write; `campo` names the query parameter to fix."""

    campo = "cursor"

    def __init__(self) -> None:
        super().__init__("Cursor de paginação inválido.")
        self.mensagem = str(self)


@dataclass(frozen=True, slots=True)
class MovimentacaoLida:
    movimentacao: Movimentacao
    estornado_por: int | None


@dataclass(frozen=True, slots=True)
class Pagina:
    itens: list[MovimentacaoLida]
    proximo: str | None


def encode_cursor(dia: date, ident: int) -> str:
    return base64.urlsafe_b64encode(f"{dia.isoformat()}:{ident}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[date, int]:
    try:
        texto = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        dia, _, ident = texto.partition(":")
        # Only what encode_cursor writes: an id beyond BIGINT would reach the database.
        if not ident.isdigit() or not 0 < int(ident) <= ID_MAXIMO:
            raise ValueError(ident)
        return date.fromisoformat(dia), int(ident)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise CursorInvalido from None


_reversal = lancamento.alias("reversal")
_SELECT_MOVIMENTACAO = select(
    lancamento.c.id,
    lancamento.c.tipo,
    lancamento.c.valor_centavos,
    lancamento.c.data,
    lancamento.c.data_inclusao,
    lancamento.c.descricao,
    lancamento.c.estorno_de,
    _reversal.c.id.label("estornado_por"),
    lancamento.c.forma_pagamento,
    lancamento.c.categoria_id,
    categoria.c.nome.label("categoria"),
    lancamento.c.caixa_id,
    caixa.c.nome.label("caixa"),
    lancamento.c.sessao_id,
).select_from(
    lancamento.outerjoin(_reversal, _reversal.c.estorno_de == lancamento.c.id)
    .outerjoin(categoria, categoria.c.id == lancamento.c.categoria_id)
    .outerjoin(caixa, caixa.c.id == lancamento.c.caixa_id)
)


# GET /movimentacao/{id} and the estorno read one movement by id (db.direto).
_OBTER = Direto(_SELECT_MOVIMENTACAO.where(lancamento.c.id == bindparam("b_id")))


def _movimentacao(row: Sequence[Any]) -> MovimentacaoLida:
    (
        ident, tipo, valor_centavos, data, data_inclusao, descricao, estorno_de, estornado_por,
        forma, categoria_id, categoria_nome, caixa_id, caixa_nome, sessao_id,
    ) = row  # fmt: skip
    mov = Movimentacao(
        id=ident,
        tipo=Tipo(tipo),
        valor_centavos=valor_centavos,
        data=data,
        data_inclusao=data_inclusao,
        descricao=descricao,
        estorno_de=estorno_de,
        estornada=estornado_por is not None,
        forma_pagamento=FormaPagamento(forma) if forma else None,
        categoria_id=categoria_id,
        categoria=categoria_nome,
        caixa_id=caixa_id,
        caixa=caixa_nome,
        sessao_id=sessao_id,
    )
    return MovimentacaoLida(mov, estornado_por)


def obter(conn: Connection, ident: int) -> MovimentacaoLida | None:
    row = _OBTER.um(conn, {"b_id": ident})
    return None if row is None else _movimentacao(row)


def listar(
    conn: Connection,
    inicio: date | None = None,
    fim: date | None = None,
    tipo: Tipo | None = None,
    limite: int = 100,
    cursor: str | None = None,
    forma: FormaPagamento | None = None,
    categoria_id: int | None = None,
    caixa_id: int | None = None,
) -> Pagina:
    """One page of movements in (data, id) order, one statement; `proximo` continues it."""
    query = _SELECT_MOVIMENTACAO
    if forma is not None:
        query = query.where(lancamento.c.forma_pagamento == forma.value)
    if categoria_id is not None:
        query = query.where(lancamento.c.categoria_id == categoria_id)
    if caixa_id is not None:
        query = query.where(lancamento.c.caixa_id == caixa_id)
    if inicio is not None:
        query = query.where(lancamento.c.data >= inicio)
    if fim is not None:
        query = query.where(lancamento.c.data <= fim)
    if tipo is not None:
        query = query.where(lancamento.c.tipo == tipo.value)
    if cursor is not None:
        dia, ident = decode_cursor(cursor)
        query = query.where(
            or_(
                lancamento.c.data > dia,
                and_(lancamento.c.data == dia, lancamento.c.id > ident),
            )
        )
    query = query.order_by(lancamento.c.data, lancamento.c.id).limit(limite + 1)
    rows = conn.execute(query).all()
    itens = [_movimentacao(tuple(r)) for r in rows[:limite]]
    proximo = None
    if len(rows) > limite:
        ultimo = itens[-1].movimentacao
        proximo = encode_cursor(ultimo.data, ultimo.id)
    return Pagina(itens, proximo)
