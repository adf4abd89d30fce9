"""The relatório Z's reads: a closed day's stored snapshot, or an open day built from the
projections (saldo_diario, saldo_detalhado) and the day's estornos in the ledger.

An open day's report is O(groups of the day + estornos of the day), never O(movements),
and all its reads share one snapshot of the database.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, func, select
from sqlalchemy.engine import Connection

from fluxo_caixa.db import dias
from fluxo_caixa.db.caixas import sessoes_do_dia
from fluxo_caixa.db.detalhado import grupos
from fluxo_caixa.db.engine import indisponivel_como_erro
from fluxo_caixa.db.tables import caixa, lancamento, saldo_diario, sessao_caixa
from fluxo_caixa.domain.consolidado import Somas
from fluxo_caixa.domain.detalhado import detalhar
from fluxo_caixa.domain.movimentacao import Tipo
from fluxo_caixa.domain.quebras import QuebraDeSessao
from fluxo_caixa.domain.relatorio import EstornoDoDia, RelatorioZ


@contextmanager
def instantaneo(engine: Engine) -> Iterator[Connection]:
    """A transaction whose reads all see one state of the database.

    SQLite: a deferred BEGIN (WAL readers keep their snapshot). PostgreSQL and MariaDB:
    REPEATABLE READ, so the saldo, the groups and the estornos agree under concurrent writes.
    """
    with indisponivel_como_erro(), engine.connect() as conn:
        if conn.dialect.name != "sqlite":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn


def _somas(conn: Connection, data: date) -> tuple[int, Somas]:
    """The balance of every day before `data`, and `data`'s own sums, from saldo_diario."""
    c = saldo_diario.c
    antes = select(
        func.coalesce(func.sum(c.entradas_centavos), 0),
        func.coalesce(func.sum(c.saidas_centavos), 0),
    ).where(c.data < data)
    entradas, saidas = conn.execute(antes).one()
    dia = conn.execute(
        select(c.entradas_centavos, c.saidas_centavos, c.qtd_entradas, c.qtd_saidas).where(
            c.data == data
        )
    ).one_or_none()
    somas = Somas() if dia is None else Somas(*(int(v) for v in dia))
    return int(entradas) - int(saidas), somas


def estornos_do_dia(conn: Connection, data: date) -> list[EstornoDoDia]:
    c = lancamento.c
    query = (
        select(c.id, c.estorno_de, c.tipo, c.valor_centavos, c.descricao)
        .where(c.data == data, c.estorno_de.is_not(None))
        .order_by(c.id)
    )
    return [
        EstornoDoDia(int(r.id), int(r.estorno_de), Tipo(r.tipo), int(r.valor_centavos), r.descricao)
        for r in conn.execute(query)
    ]


def snapshot_do_dia(conn: Connection, data: date) -> str | None:
    """The JSON (RelatorioZOut) the day's latest close stored, or None while it is open."""
    atual = dias.estado(conn, data)
    if not atual.fechado:
        return None
    salvo = dias.salvo(conn, data, atual.fechamentos[-1].versao)
    return None if salvo is None else salvo.relatorio


def quebras_de_sessoes(
    conn: Connection, inicio: date, fim: date, tz: ZoneInfo
) -> list[QuebraDeSessao]:
    """The closed sessions whose fechamento falls on a merchant's day (in `tz`) from
    `inicio` to `fim`, each with its day and quebra (dinheiro contado − esperado)."""
    s = sessao_caixa.c
    query = (
        select(s.id, s.caixa_id, caixa.c.nome, s.fechada_em, s.esperado_centavos,
               s.contado_centavos)
        .select_from(sessao_caixa.join(caixa, caixa.c.id == s.caixa_id))
        .where(
            s.fechada_em.is_not(None),
            s.fechada_em >= datetime.combine(inicio, time.min, tz),
            s.fechada_em < datetime.combine(fim + timedelta(days=1), time.min, tz),
        )
        .order_by(s.fechada_em, s.id)
    )  # fmt: skip
    return [
        QuebraDeSessao(
            int(r.id),
            int(r.caixa_id),
            r.nome,
            r.fechada_em.astimezone(tz).date(),
            int(r.contado_centavos) - int(r.esperado_centavos),
        )
        for r in conn.execute(query)
    ]


def relatorio_aberto(conn: Connection, data: date, nomes: Mapping[int, str]) -> RelatorioZ:
    """The day as it stands, marked partial (no number, no version)."""
    saldo_anterior, somas = _somas(conn, data)
    detalhado = detalhar(data, data, grupos(conn, data, data), nomes)
    return RelatorioZ(
        data=data,
        numero=None,
        versao=None,
        fechado_em=None,
        observacao=None,
        somas=somas,
        saldo_anterior=saldo_anterior,
        por_forma=detalhado.por_forma,
        por_categoria=detalhado.por_categoria,
        sessoes=tuple(sessoes_do_dia(conn, data)),
        estornos=tuple(estornos_do_dia(conn, data)),
    )
