"""Caixas, their sessions and drawer events: stored, locked and summed.

Every function runs inside a caller's unit of work (db.unit_of_work) and keeps its
contract. Locking (PostgreSQL, MariaDB; SQLite has one writer): a movement takes a
shared lock on the open session it goes to, a suprimento, a sangria and the fechamento
an exclusive one, always before anything else of the session is read. So a close waits
for the movements already inside the session, and a movement that waited for a close
finds the session closed (its row no longer matches `caixa_aberta_id`) and goes to none.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, bindparam, case, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from fluxo_caixa.db.direto import Direto
from fluxo_caixa.db.tables import caixa, conferencia_caixa, evento_caixa, lancamento, sessao_caixa
from fluxo_caixa.domain.caixa import (
    Abertura,
    Caixa,
    CaixaDuplicado,
    CaixaJaAberto,
    Conferencia,
    Fechamento,
    Movimentos,
    Sessao,
    Situacao,
    TipoEvento,
    chave_do_nome,
    situacao,
)
from fluxo_caixa.domain.movimentacao import Tipo
from fluxo_caixa.domain.pagamento import FormaPagamento
from fluxo_caixa.domain.relatorio import SessaoDoDia

S = sessao_caixa.c
_SELECT_CAIXA = select(caixa.c.id, caixa.c.nome, S.id.label("sessao_id")).select_from(
    caixa.outerjoin(sessao_caixa, S.caixa_aberta_id == caixa.c.id)
)


# A movement's write reads these (db.direto): built and compiled once.
_LISTAR_CAIXAS = Direto(_SELECT_CAIXA.order_by(caixa.c.id))
_OBTER_CAIXA = Direto(_SELECT_CAIXA.where(caixa.c.id == bindparam("b_id")))


def _caixa(row: Sequence[Any]) -> Caixa:
    ident, nome, sessao_id = row
    return Caixa(int(ident), nome, None if sessao_id is None else int(sessao_id))


def listar_caixas(conn: Connection) -> list[Caixa]:
    return [_caixa(r) for r in _LISTAR_CAIXAS.todos(conn, {})]


def obter_caixa(conn: Connection, ident: int) -> Caixa | None:
    row = _OBTER_CAIXA.um(conn, {"b_id": ident})
    return None if row is None else _caixa(row)


def criar_caixa(conn: Connection, nome: str) -> Caixa:
    chave = chave_do_nome(nome)
    existente = conn.execute(select(caixa.c.nome).where(caixa.c.nome_chave == chave)).scalar()
    if existente is not None:
        raise CaixaDuplicado(existente)
    try:
        result = conn.execute(insert(caixa).values(nome=nome, nome_chave=chave))
    except IntegrityError:  # a concurrent twin won the unique index
        raise CaixaDuplicado(nome) from None
    (ident,) = result.inserted_primary_key or (None,)
    assert ident is not None
    return Caixa(int(ident), nome, None)


# -- locks --------------------------------------------------------------------------


def travar_sessao_aberta(conn: Connection, caixa_id: int, exclusiva: bool = True) -> int | None:
    """The open session of `caixa_id`, locked (see the module's note); None when closed.

    Must be the unit's first read of the session: on MariaDB, the snapshot of the reads
    that follow is taken after the lock is granted.
    """
    row = _TRAVAR_SESSAO[exclusiva].um(conn, {"b_caixa": caixa_id})
    return None if row is None else int(row[0])


def travar_sessoes_abertas(conn: Connection) -> list[tuple[int, int]]:
    """Every open session (id, caixa_id), share-locked: for a movement naming no caixa."""
    return [(int(ident), int(caixa_id)) for ident, caixa_id in _TRAVAR_ABERTAS.todos(conn, {})]


_TRAVAR_SESSAO = {
    exclusiva: Direto(
        select(S.id)
        .where(S.caixa_aberta_id == bindparam("b_caixa"))
        .with_for_update(read=not exclusiva)
    )
    for exclusiva in (True, False)
}
_TRAVAR_ABERTAS = Direto(
    select(S.id, S.caixa_id)
    .where(S.caixa_aberta_id.is_not(None))
    .order_by(S.id)
    .with_for_update(read=True)
)


# -- sessions -----------------------------------------------------------------------


def ultimo_deixado(conn: Connection, caixa_id: int) -> int | None:
    """What the caixa's last closed session left in the drawer; None before the first."""
    query = (
        select(S.deixado_centavos)
        .where(S.caixa_id == caixa_id, S.fechada_em.is_not(None))
        .order_by(S.id.desc())
        .limit(1)
    )
    found = conn.execute(query).scalar()
    return None if found is None else int(found)


def abrir(conn: Connection, aberto: Caixa, abertura: Abertura, agora: datetime) -> int:
    """A new open session of `aberto`; a concurrent twin loses on the unique index."""
    caixa_id = aberto.id
    try:
        result = conn.execute(
            insert(sessao_caixa).values(
                caixa_id=caixa_id,
                caixa_aberta_id=caixa_id,
                operador=abertura.operador,
                aberta_em=agora,
                fundo_centavos=abertura.fundo,
                deixado_anterior_centavos=abertura.deixado_anterior,
            )
        )
    except IntegrityError:  # the unique caixa_aberta_id: another abertura won
        raise CaixaJaAberto(aberto.nome) from None
    (ident,) = result.inserted_primary_key or (None,)
    assert ident is not None
    return int(ident)


def movimentos(conn: Connection, sessao_id: int) -> list[Movimentos]:
    """The session's movements summed per forma, from the ledger."""
    entrada = lancamento.c.tipo == Tipo.ENTRADA.value
    query = (
        select(
            lancamento.c.forma_pagamento,
            func.sum(case((entrada, lancamento.c.valor_centavos), else_=0)).label("e"),
            func.sum(case((entrada, 0), else_=lancamento.c.valor_centavos)).label("s"),
        )
        .where(lancamento.c.sessao_id == sessao_id)
        .group_by(lancamento.c.forma_pagamento)
    )
    return [Movimentos(_forma(r.forma_pagamento), int(r.e), int(r.s)) for r in conn.execute(query)]


def _forma(valor: str | None) -> FormaPagamento | None:
    return FormaPagamento(valor) if valor else None


def somas_eventos(conn: Connection, sessao_id: int) -> dict[TipoEvento, int]:
    query = (
        select(evento_caixa.c.tipo, func.sum(evento_caixa.c.valor_centavos).label("v"))
        .where(evento_caixa.c.sessao_id == sessao_id)
        .group_by(evento_caixa.c.tipo)
    )
    somas = dict.fromkeys(TipoEvento, 0)
    for row in conn.execute(query):
        somas[TipoEvento(row.tipo)] = int(row.v)
    return somas


def situacao_aberta(conn: Connection, sessao_id: int, fundo: int) -> Situacao:
    eventos = somas_eventos(conn, sessao_id)
    return situacao(
        fundo,
        eventos[TipoEvento.SUPRIMENTO],
        eventos[TipoEvento.SANGRIA],
        movimentos(conn, sessao_id),
    )


def fundo(conn: Connection, sessao_id: int) -> int:
    return int(conn.execute(select(S.fundo_centavos).where(S.id == sessao_id)).scalar_one())


def inserir_evento(
    conn: Connection,
    sessao_id: int,
    tipo: TipoEvento,
    valor: int,
    descricao: str | None,
    agora: datetime,
) -> int:
    result = conn.execute(
        insert(evento_caixa).values(
            sessao_id=sessao_id,
            tipo=tipo.value,
            valor_centavos=valor,
            descricao=descricao,
            registrado_em=agora,
        )
    )
    (ident,) = result.inserted_primary_key or (None,)
    assert ident is not None
    return int(ident)


def fechar(conn: Connection, sessao_id: int, fechamento: Fechamento, agora: datetime) -> None:
    """Store the close for good: the per-forma conferência, the retirada, the totals."""
    sit = fechamento.situacao
    conn.execute(
        insert(conferencia_caixa),
        [
            {
                "sessao_id": sessao_id,
                "forma_pagamento": "" if c.forma is None else c.forma.value,
                "entradas_centavos": c.entradas,
                "saidas_centavos": c.saidas,
                "esperado_centavos": c.esperado,
                "contado_centavos": c.contado,
            }
            for c in sit.por_forma
        ],
    )
    if fechamento.retirada > 0:
        inserir_evento(
            conn, sessao_id, TipoEvento.RETIRADA, fechamento.retirada,
            "retirada no fechamento", agora,
        )  # fmt: skip
    valores: dict[str, Any] = {
        "caixa_aberta_id": None,
        "fechada_em": agora,
        "esperado_centavos": sit.esperado_dinheiro,
        "contado_centavos": fechamento.contado_dinheiro,
        "suprimentos_centavos": sit.suprimentos,
        "sangrias_centavos": sit.sangrias,
        "deixado_centavos": fechamento.deixado,
        "retirada_centavos": fechamento.retirada,
        "cedulas": None if fechamento.cedulas is None else json.dumps(fechamento.cedulas),
        "observacao": fechamento.observacao,
    }
    closed = conn.execute(
        update(sessao_caixa)
        .where(S.id == sessao_id, S.caixa_aberta_id.is_not(None))
        .values(**valores)
    )
    assert closed.rowcount == 1  # the caller holds the session's lock


# -- reads --------------------------------------------------------------------------

_SELECT_SESSAO = select(sessao_caixa, caixa.c.nome.label("caixa")).select_from(
    sessao_caixa.join(caixa, caixa.c.id == S.caixa_id)
)


def _conferencias(conn: Connection, sessao_id: int) -> tuple[Conferencia, ...]:
    c = conferencia_caixa.c
    rows = conn.execute(select(conferencia_caixa).where(c.sessao_id == sessao_id)).all()
    linhas = [
        Conferencia(
            _forma(r.forma_pagamento),
            int(r.entradas_centavos),
            int(r.saidas_centavos),
            int(r.esperado_centavos),
            None if r.contado_centavos is None else int(r.contado_centavos),
        )
        for r in rows
    ]
    ordem = [*FormaPagamento, None]
    return tuple(sorted(linhas, key=lambda linha: ordem.index(linha.forma)))


def _sessao(conn: Connection, row: Any) -> Sessao:
    diferenca = (
        0
        if row.deixado_anterior_centavos is None
        else int(row.fundo_centavos) - int(row.deixado_anterior_centavos)
    )
    comum = {
        "id": int(row.id),
        "caixa_id": int(row.caixa_id),
        "caixa": row.caixa,
        "operador": row.operador,
        "aberta_em": row.aberta_em,
        "fechada_em": row.fechada_em,
        "diferenca_abertura": diferenca,
    }
    if row.fechada_em is None:
        return Sessao(**comum, situacao=situacao_aberta(conn, int(row.id), int(row.fundo_centavos)))
    sit = Situacao(
        int(row.fundo_centavos),
        int(row.suprimentos_centavos),
        int(row.sangrias_centavos),
        _conferencias(conn, int(row.id)),
    )
    return Sessao(
        **comum,
        situacao=sit,
        contado_dinheiro=int(row.contado_centavos),
        cedulas=None if row.cedulas is None else json.loads(row.cedulas),
        deixado=int(row.deixado_centavos),
        retirada=int(row.retirada_centavos),
        observacao=row.observacao,
        esperado_fechamento=int(row.esperado_centavos),
    )


def ids_fechadas(conn: Connection) -> list[int]:
    """Every closed session, oldest first."""
    query = select(S.id).where(S.fechada_em.is_not(None)).order_by(S.id)
    return [int(i) for i in conn.execute(query).scalars()]


def obter_sessao(conn: Connection, ident: int) -> Sessao | None:
    row = conn.execute(_SELECT_SESSAO.where(S.id == ident)).first()
    return None if row is None else _sessao(conn, row)


def listar_sessoes(
    conn: Connection,
    caixa_id: int | None = None,
    desde: datetime | None = None,
    ate: datetime | None = None,
) -> list[Sessao]:
    """Sessions opened in [desde, ate), newest first."""
    query = _SELECT_SESSAO
    if caixa_id is not None:
        query = query.where(S.caixa_id == caixa_id)
    if desde is not None:
        query = query.where(S.aberta_em >= desde)
    if ate is not None:
        query = query.where(S.aberta_em < ate)
    rows = conn.execute(query.order_by(S.id.desc()).limit(1000)).all()
    return [_sessao(conn, r) for r in rows]


def _ids_do_dia(conn: Connection, data: date) -> Sequence[int]:
    query = (
        select(lancamento.c.sessao_id)
        .where(and_(lancamento.c.data == data, lancamento.c.sessao_id.is_not(None)))
        .distinct()
    )
    return sorted(int(i) for i in conn.execute(query).scalars())


def sessoes_do_dia(conn: Connection, data: date) -> list[SessaoDoDia]:
    """The sessions holding movements of `data` (for the day close and the relatório Z)."""
    dia = []
    for ident in _ids_do_dia(conn, data):
        sessao = obter_sessao(conn, ident)
        assert sessao is not None
        sit = sessao.situacao
        dia.append(
            SessaoDoDia(
                id=sessao.id,
                caixa=sessao.caixa,
                operador=sessao.operador,
                aberta_em=sessao.aberta_em,
                fechada_em=sessao.fechada_em,
                fundo=sit.fundo,
                diferenca_abertura=sessao.diferenca_abertura,
                suprimentos=sit.suprimentos,
                sangrias=sit.sangrias,
                esperado_dinheiro=sessao.esperado_dinheiro,
                contado_dinheiro=sessao.contado_dinheiro,
                quebra=sessao.quebra,
                retirada=sessao.retirada,
            )
        )
    return dia


def sessoes_abertas_com_movimentos_do_dia(conn: Connection, data: date) -> list[str]:
    """The caixas (names) whose open session holds movements of `data`: the day cannot close."""
    query = (
        select(caixa.c.nome)
        .select_from(
            lancamento.join(sessao_caixa, S.id == lancamento.c.sessao_id).join(
                caixa, caixa.c.id == S.caixa_id
            )
        )
        .where(lancamento.c.data == data, S.caixa_aberta_id.is_not(None))
        .distinct()
    )
    return sorted(conn.execute(query).scalars())
