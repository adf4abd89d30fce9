"""The ledger's writes: a movement and its day's saldo, and the stored idempotent answers.

Every function here runs inside a caller's unit of work (see db.unit_of_work) and
keeps its contract: it reads no clock (the instant comes in), formats nothing, and
touches nothing but the connection it is given.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from zoneinfo import ZoneInfo

from sqlalchemy import Insert, bindparam, delete, insert, select, update
from sqlalchemy.dialects import mysql, postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from fluxo_caixa.db.detalhado import somar_detalhado, valores_do_grupo
from fluxo_caixa.db.detalhado import upsert as upsert_detalhado
from fluxo_caixa.db.direto import Direto
from fluxo_caixa.db.estado_dia import dia_aberto
from fluxo_caixa.db.movimentacoes import MovimentacaoLida
from fluxo_caixa.db.tables import idempotencia, lancamento, saldo_diario
from fluxo_caixa.domain.dia import DiaFechado
from fluxo_caixa.domain.idempotencia import ChaveReutilizada, Pedido
from fluxo_caixa.domain.movimentacao import (
    JA_ESTORNADA,
    EstornoNaoPermitido,
    Movimentacao,
    NovaMovimentacao,
    Tipo,
)

IDEMPOTENCY_TTL = timedelta(hours=24)


def inserir(
    conn: Connection,
    nova: NovaMovimentacao,
    agora: datetime,
    tz: ZoneInfo,
    origem: str | None = None,
) -> MovimentacaoLida:
    """Insert one movement and add it to its day's saldo, inside the caller's transaction.

    `origem` identifies an imported row (unique), so importing it again adds nothing.
    """
    local = agora.astimezone(tz)
    # Power BI groups by this column: keep it on the business day.
    data_hora_local = (
        local.replace(tzinfo=None)
        if local.date() == nova.data
        else datetime.combine(nova.data, clock_time())
    )
    somar_saldo(conn, nova.data, nova.tipo, nova.valor_centavos, 1)
    valores: dict[str, object] = {
        "tipo": nova.tipo.value,
        "valor_centavos": nova.valor_centavos,
        "descricao": nova.descricao,
        "data": nova.data,
        "data_inclusao": agora,
        "data_hora_local": data_hora_local,
        "estorno_de": nova.estorno_de,
        "origem": origem,
        "forma_pagamento": None if nova.forma_pagamento is None else nova.forma_pagamento.value,
        "categoria_id": nova.categoria_id,
        "caixa_id": nova.caixa_id,
        "sessao_id": nova.sessao_id,
    }
    grupo = (
        nova.data, nova.tipo, nova.forma_pagamento, nova.categoria_id, nova.caixa_id,
        nova.valor_centavos, 1,
    )  # fmt: skip
    if conn.dialect.name == "postgresql":  # the group's upsert rides in the INSERT (a CTE)
        valores |= valores_do_grupo(*grupo, prefixo=_DETALHADO)
    else:
        somar_detalhado(conn, *grupo)
    # The INSERT itself checks that the day is open, after the upsert above has locked the
    # day's row (see db.estado_dia): one statement less than asking first.
    ident = _insert_lancamento(conn.dialect.name).inserir(conn, valores)
    if ident is None:
        raise DiaFechado(nova.data)
    mov = Movimentacao(
        id=ident,
        tipo=nova.tipo,
        valor_centavos=nova.valor_centavos,
        data=nova.data,
        data_inclusao=agora.astimezone(UTC),
        descricao=nova.descricao,
        estorno_de=nova.estorno_de,
        forma_pagamento=nova.forma_pagamento,
        categoria_id=nova.categoria_id,
        categoria=nova.categoria,
        caixa_id=nova.caixa_id,
        caixa=nova.caixa,
        sessao_id=nova.sessao_id,
    )
    return MovimentacaoLida(mov, None)


def inserir_estorno(
    conn: Connection, estorno: NovaMovimentacao, agora: datetime, tz: ZoneInfo
) -> MovimentacaoLida:
    """`inserir` for a reversal: losing the race with another estorno is a domain refusal."""
    try:
        return inserir(conn, estorno, agora, tz)
    except IntegrityError:
        raise EstornoNaoPermitido(JA_ESTORNADA) from None


# -- idempotency: answers the caller encodes, stored as opaque data -------------------


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    """What a caller asked to keep under a key: an int code and a payload, both opaque here."""

    code: int
    payload: str
    ref: int | None  # the row the answer is about (a movement's id), if any
    replayed: bool = False


@dataclass(frozen=True, slots=True)
class KeyLookup:
    """What a key holds now: a live answer, or only an expired row to replace."""

    answer: StoredAnswer | None
    expired: bool


class KeyInUse(Exception):
    """Another transaction claimed this key first: read its answer once it commits."""


def find_answer(conn: Connection, pedido: Pedido, agora: datetime) -> KeyLookup:
    """The answer stored under the key, if live; a key reused for another request is refused."""
    row = _SELECT_KEY.um(conn, {"b_chave": pedido.chave})
    if row is None:
        return KeyLookup(None, expired=False)
    impressao, code, payload, lancamento_id, criado_em = row
    if criado_em < agora - IDEMPOTENCY_TTL:
        return KeyLookup(None, expired=True)
    if impressao != pedido.impressao:
        raise ChaveReutilizada(pedido.chave)
    return KeyLookup(StoredAnswer(code, payload, lancamento_id, replayed=True), False)


def claim_key(conn: Connection, pedido: Pedido, agora: datetime, replace_expired: bool) -> None:
    """Take the key before any other work, so a concurrent twin waits here and then replays.

    The row holds no answer yet; `save_answer` fills it in the same transaction, so no
    other transaction ever sees it empty.
    """
    if replace_expired:  # an expired key may be used again as if new
        _DELETE_EXPIRED_KEY.executar(
            conn, {"b_chave": pedido.chave, "b_limite": agora - IDEMPOTENCY_TTL}
        )
    try:
        _INSERT_KEY.executar(
            conn,
            {
                "chave": pedido.chave,
                "impressao": pedido.impressao,
                "code": 0,
                "payload": "",
                "lancamento_id": None,
                "criado_em": agora,
            },
        )
    except IntegrityError:
        raise KeyInUse from None


def save_answer(conn: Connection, chave: str, answer: StoredAnswer) -> None:
    _UPDATE_KEY.executar(
        conn,
        {
            "b_chave": chave,
            "code": answer.code,
            "payload": answer.payload,
            "lancamento_id": answer.ref,
        },
    )


def purge_expired_keys(conn: Connection, agora: datetime) -> int:
    limite = agora - IDEMPOTENCY_TTL
    return conn.execute(delete(idempotencia).where(idempotencia.c.criado_em < limite)).rowcount


# Statements built once: building one per request cost more CPU than running it.
_COLUNAS_LANCAMENTO = (
    "tipo", "valor_centavos", "descricao", "data", "data_inclusao", "data_hora_local",
    "estorno_de", "origem", "forma_pagamento", "categoria_id", "caixa_id", "sessao_id",
)  # fmt: skip


_DETALHADO = "detalhado_"  # the CTE's parameters (PostgreSQL)


@functools.cache
def _insert_lancamento(dialect: str) -> Direto:
    """The movement's INSERT, of a row only while its day is open; run on the DBAPI cursor
    (db.direto), as every statement of the hot write. On PostgreSQL it also carries the
    breakdown's upsert (a data-modifying WITH: one round trip less) and tells the new id
    with RETURNING; elsewhere the cursor's lastrowid does."""
    valores = select(
        *(bindparam(nome, type_=lancamento.c[nome].type) for nome in _COLUNAS_LANCAMENTO)
    ).where(dia_aberto(bindparam("data", type_=lancamento.c.data.type)))
    stmt = insert(lancamento).from_select(_COLUNAS_LANCAMENTO, valores)
    if dialect == "postgresql":
        cte = upsert_detalhado(dialect, _DETALHADO).cte("detalhado")
        stmt = stmt.add_cte(cte).returning(lancamento.c.id)
    return Direto(stmt)


# A keyed write's statements run on the DBAPI cursor too (db.direto).
_SELECT_KEY = Direto(
    select(
        idempotencia.c.impressao,
        idempotencia.c.code,
        idempotencia.c.payload,
        idempotencia.c.lancamento_id,
        idempotencia.c.criado_em,
    ).where(idempotencia.c.chave == bindparam("b_chave"))
)
_INSERT_KEY = Direto(
    insert(idempotencia),
    column_keys=("chave", "impressao", "code", "payload", "lancamento_id", "criado_em"),
)
_DELETE_EXPIRED_KEY = Direto(
    delete(idempotencia).where(
        idempotencia.c.chave == bindparam("b_chave"),
        idempotencia.c.criado_em < bindparam("b_limite"),
    )
)
_UPDATE_KEY = Direto(
    update(idempotencia).where(idempotencia.c.chave == bindparam("b_chave")),
    column_keys=("code", "payload", "lancamento_id"),
)


@functools.cache
def _upsert_saldo(dialect: str, tipo: Tipo) -> Direto:
    """The day's upsert for one tipo, in each dialect's own words; values come at execute."""
    if tipo is Tipo.ENTRADA:
        soma, qtd = saldo_diario.c.entradas_centavos, saldo_diario.c.qtd_entradas
    else:
        soma, qtd = saldo_diario.c.saidas_centavos, saldo_diario.c.qtd_saidas
    if dialect in ("mysql", "mariadb"):
        my = mysql.insert(saldo_diario)
        upsert: Insert = my.on_duplicate_key_update(
            {soma.name: soma + my.inserted[soma.name], qtd.name: qtd + my.inserted[qtd.name]}
        )
    else:
        stmt = (sqlite.insert if dialect == "sqlite" else postgresql.insert)(saldo_diario)
        upsert = stmt.on_conflict_do_update(
            index_elements=[saldo_diario.c.data],
            set_={
                soma.name: soma + stmt.excluded[soma.name],
                qtd.name: qtd + stmt.excluded[qtd.name],
            },
        )
    return Direto(upsert, column_keys=_SALDO_COLUNAS)


_SALDO_COLUNAS = ("data", "entradas_centavos", "saidas_centavos", "qtd_entradas", "qtd_saidas")


def somar_saldo(conn: Connection, dia: date, tipo: Tipo, centavos: int, quantidade: int) -> None:
    """Upsert the day's row of the projection, atomically, in each dialect's own words."""
    entrada = tipo is Tipo.ENTRADA
    _upsert_saldo(conn.dialect.name, tipo).executar(
        conn,
        {
            "data": dia,
            "entradas_centavos": centavos if entrada else 0,
            "saidas_centavos": 0 if entrada else centavos,
            "qtd_entradas": quantidade if entrada else 0,
            "qtd_saidas": 0 if entrada else quantidade,
        },
    )
