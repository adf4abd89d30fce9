"""Day closes and reopenings: the rows, the lock, and the relatório Z built from the ledger.

Every function runs inside a caller's unit of work (db.unit_of_work) and keeps its
contract. Both tables are append-only: nothing here updates or deletes a row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection

from fluxo_caixa.db import categorias
from fluxo_caixa.db.caixas import sessoes_do_dia  # the close reads the day's sessions
from fluxo_caixa.db.estado_dia import contagens
from fluxo_caixa.db.ledger import somar_saldo
from fluxo_caixa.db.tables import fechamento_dia, lancamento, reabertura_dia, saldo_diario
from fluxo_caixa.domain.consolidado import Somas
from fluxo_caixa.domain.detalhado import Grupo, detalhar
from fluxo_caixa.domain.dia import EstadoDoDia, Fechamento, Reabertura
from fluxo_caixa.domain.movimentacao import Tipo
from fluxo_caixa.domain.pagamento import FormaPagamento
from fluxo_caixa.domain.relatorio import EstornoDoDia, RelatorioZ

# -- state ------------------------------------------------------------------------------


def travar_dia(conn: Connection, dia: date) -> None:
    """Lock the day's saldo_diario row (creating it with zeros when absent) before reading
    anything of the day: movements take the same lock first (see db.estado_dia)."""
    somar_saldo(conn, dia, Tipo.ENTRADA, 0, 0)


def estado(conn: Connection, dia: date) -> EstadoDoDia:
    fechamentos = tuple(
        _fechamento(r)
        for r in conn.execute(
            select(*_COLUNAS_FECHAMENTO)
            .where(fechamento_dia.c.data == dia)
            .order_by(fechamento_dia.c.versao)
        )
    )
    reaberturas = tuple(
        Reabertura(r.data, int(r.versao), r.motivo, r.reaberto_em)
        for r in conn.execute(
            select(reabertura_dia)
            .where(reabertura_dia.c.data == dia)
            .order_by(reabertura_dia.c.versao)
        )
    )
    return EstadoDoDia(dia, fechamentos, reaberturas)


def estados_do_periodo(conn: Connection, inicio: date, fim: date) -> list[EstadoDoDia]:
    """The days of [inicio, fim] that were ever closed, in date order (two statements)."""
    fechamentos: dict[date, list[Fechamento]] = {}
    for r in conn.execute(
        select(*_COLUNAS_FECHAMENTO)
        .where(fechamento_dia.c.data.between(inicio, fim))
        .order_by(fechamento_dia.c.data, fechamento_dia.c.versao)
    ):
        fechamentos.setdefault(r.data, []).append(_fechamento(r))
    reaberturas: dict[date, list[Reabertura]] = {}
    for r in conn.execute(
        select(reabertura_dia)
        .where(reabertura_dia.c.data.between(inicio, fim))
        .order_by(reabertura_dia.c.data, reabertura_dia.c.versao)
    ):
        reaberturas.setdefault(r.data, []).append(
            Reabertura(r.data, int(r.versao), r.motivo, r.reaberto_em)
        )
    return [
        EstadoDoDia(dia, tuple(feitos), tuple(reaberturas.get(dia, ())))
        for dia, feitos in sorted(fechamentos.items())
    ]


@dataclass(frozen=True, slots=True)
class FechamentoSalvo:
    fechamento: Fechamento
    relatorio: str  # the snapshot's JSON, byte for byte as stored


def salvo(conn: Connection, dia: date, versao: int) -> FechamentoSalvo | None:
    row = conn.execute(
        select(*_COLUNAS_FECHAMENTO, fechamento_dia.c.relatorio).where(
            fechamento_dia.c.data == dia, fechamento_dia.c.versao == versao
        )
    ).first()
    return None if row is None else FechamentoSalvo(_fechamento(row), row.relatorio)


def todos(conn: Connection) -> Iterator[FechamentoSalvo]:
    """Every stored close, in number order (for verificar)."""
    query = select(*_COLUNAS_FECHAMENTO, fechamento_dia.c.relatorio).order_by(
        fechamento_dia.c.numero
    )
    for row in conn.execute(query):
        yield FechamentoSalvo(_fechamento(row), row.relatorio)


# -- writes ------------------------------------------------------------------------------


def proximo_numero(conn: Connection) -> int:
    """The next close's number: the Nth close ever. Two closes racing for it collide on the
    primary key (an IntegrityError the service retries), so the sequence has no gaps."""
    return (
        int(conn.execute(select(func.coalesce(func.max(fechamento_dia.c.numero), 0))).scalar_one())
        + 1
    )


def inserir_fechamento(conn: Connection, fechamento: Fechamento, relatorio: str) -> None:
    conn.execute(
        insert(fechamento_dia),
        {
            "numero": fechamento.numero,
            "data": fechamento.data,
            "versao": fechamento.versao,
            "fechado_em": fechamento.fechado_em,
            "observacao": fechamento.observacao,
            "ultimo_lancamento_id": fechamento.ultimo_lancamento_id,
            "relatorio": relatorio,
        },
    )


def inserir_reabertura(conn: Connection, reabertura: Reabertura) -> None:
    conn.execute(
        insert(reabertura_dia),
        {
            "data": reabertura.data,
            "versao": reabertura.versao,
            "motivo": reabertura.motivo,
            "reaberto_em": reabertura.reaberto_em,
        },
    )


# -- the relatório Z from the ledger -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class DoLivro:
    """The day's figures from the ledger, and the largest movement id they include."""

    relatorio: RelatorioZ
    ultimo_lancamento_id: int


def relatorio_do_livro(
    conn: Connection,
    dia: date,
    ate_id: int | None,
    numero: int | None,
    versao: int | None,
    fechado_em: datetime | None,
    observacao: str | None,
) -> DoLivro:
    """The relatório Z of `dia` from its movements (those with id <= `ate_id`, if given).

    The closed-day totals come from the ledger itself, not the projections, so what a
    snapshot says is exactly what its movements add up to (and verificar can redo it).
    """
    c = lancamento.c
    filtro = [c.data == dia] if ate_id is None else [c.data == dia, c.id <= ate_id]
    linhas = conn.execute(
        select(
            c.tipo,
            c.forma_pagamento,
            c.categoria_id,
            func.sum(c.valor_centavos).label("valor"),
            func.count().label("quantidade"),
            func.max(c.id).label("ultimo"),
        )
        .where(*filtro)
        .group_by(c.tipo, c.forma_pagamento, c.categoria_id)
    ).all()
    grupos = [
        Grupo(
            tipo=Tipo(r.tipo),
            forma=FormaPagamento(r.forma_pagamento) if r.forma_pagamento else None,
            categoria_id=None if r.categoria_id is None else int(r.categoria_id),
            valor=int(r.valor),
            quantidade=int(r.quantidade),
        )
        for r in linhas
    ]
    ultimo = max((int(r.ultimo) for r in linhas), default=0)
    somas = Somas()
    for g in grupos:
        if g.tipo is Tipo.ENTRADA:
            somas += Somas(g.valor, 0, g.quantidade, 0)
        else:
            somas += Somas(0, g.valor, 0, g.quantidade)
    nomes = {cat.id: cat.nome for cat in categorias.listar(conn)}
    detalhado = detalhar(dia, dia, grupos, nomes)
    estornos = tuple(
        EstornoDoDia(int(r.id), int(r.estorno_de), Tipo(r.tipo), int(r.valor_centavos), r.descricao)
        for r in conn.execute(
            select(c.id, c.estorno_de, c.tipo, c.valor_centavos, c.descricao)
            .where(*filtro, c.estorno_de.is_not(None))
            .order_by(c.id)
        )
    )
    relatorio = RelatorioZ(
        data=dia,
        numero=numero,
        versao=versao,
        fechado_em=fechado_em,
        observacao=observacao,
        somas=somas,
        saldo_anterior=_saldo_anterior(conn, dia),
        por_forma=detalhado.por_forma,
        por_categoria=detalhado.por_categoria,
        sessoes=tuple(sessoes_do_dia(conn, dia)),
        estornos=estornos,
    )
    return DoLivro(relatorio, ultimo)


def _saldo_anterior(conn: Connection, dia: date) -> int:
    s = saldo_diario.c
    valor = conn.execute(
        select(func.coalesce(func.sum(s.entradas_centavos - s.saidas_centavos), 0)).where(
            s.data < dia
        )
    ).scalar_one()
    return int(valor)


_COLUNAS_FECHAMENTO = (
    fechamento_dia.c.numero,
    fechamento_dia.c.data,
    fechamento_dia.c.versao,
    fechamento_dia.c.fechado_em,
    fechamento_dia.c.observacao,
    fechamento_dia.c.ultimo_lancamento_id,
)


def _fechamento(row: Any) -> Fechamento:
    return Fechamento(
        numero=int(row.numero),
        data=row.data,
        versao=int(row.versao),
        fechado_em=row.fechado_em,
        observacao=row.observacao,
        ultimo_lancamento_id=int(row.ultimo_lancamento_id),
    )


__all__ = ["contagens"]
