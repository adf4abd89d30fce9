"""`fluxo-caixa verificar`: the saldo_diario projection against the ledger it summarises."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Engine,
    Select,
    and_,
    case,
    delete,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.engine import Connection

from fluxo_caixa.db.detalhado import SEM_FORMA, SEM_ID, somar_detalhado
from fluxo_caixa.db.engine import (
    WRITE,
    DatabaseConfigError,
    indisponivel_como_erro,
    make_engine,
    parse_url,
    require_current_schema,
)
from fluxo_caixa.db.ledger import somar_saldo
from fluxo_caixa.db.tables import lancamento, saldo_detalhado, saldo_diario
from fluxo_caixa.domain.consolidado import Somas
from fluxo_caixa.domain.movimentacao import Tipo
from fluxo_caixa.domain.pagamento import FormaPagamento


def abrir(url: str) -> Engine:
    """An engine on an existing, migrated database; never creates an empty SQLite file."""
    parsed = parse_url(url)
    arquivo = parsed.database or ""
    em_disco = arquivo not in ("", ":memory:") and not arquivo.startswith("file:")
    if parsed.get_backend_name() == "sqlite" and em_disco and not Path(arquivo).is_file():
        raise DatabaseConfigError(f"Banco não encontrado: {arquivo}.")
    engine = make_engine(url)
    try:
        require_current_schema(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


@dataclass(frozen=True, slots=True)
class Diferenca:
    """A day whose projection row does not match the sum of its movements."""

    data: date
    projecao: Somas  # what saldo_diario holds
    livro: Somas  # what the ledger's movements of the day add up to


def somas_do_livro() -> list[ColumnElement[Any]]:
    """Per-day sums of the ledger, in saldo_diario's column order: what the projection must be.

    Group by `lancamento.c.data` around them.
    """
    entrada = lancamento.c.tipo == Tipo.ENTRADA.value
    return [
        func.sum(case((entrada, lancamento.c.valor_centavos), else_=0)),
        func.sum(case((entrada, 0), else_=lancamento.c.valor_centavos)),
        func.sum(case((entrada, 1), else_=0)),
        func.sum(case((entrada, 0), else_=1)),
    ]


def _comparacao() -> Select[Any]:
    """One statement, so the ledger and the projection are compared in one snapshot.

    Per day: the ledger's sums next to the projection's, only the days that differ
    (a day missing on one side counts as zeros there).
    """
    zero = literal(0, BigInteger)
    livro = select(
        lancamento.c.data.label("data"),
        *(
            soma.label(nome)
            for soma, nome in zip(somas_do_livro(), ("le", "ls", "lqe", "lqs"), strict=True)
        ),
        zero.label("pe"),
        zero.label("ps"),
        zero.label("pqe"),
        zero.label("pqs"),
    ).group_by(lancamento.c.data)
    projecao = select(
        saldo_diario.c.data,
        zero,
        zero,
        zero,
        zero,
        saldo_diario.c.entradas_centavos,
        saldo_diario.c.saidas_centavos,
        saldo_diario.c.qtd_entradas,
        saldo_diario.c.qtd_saidas,
    )
    lados = union_all(livro, projecao).subquery()
    somas = {nome: func.sum(lados.c[nome]) for nome in ("le", "ls", "lqe", "lqs")}
    somas |= {nome: func.sum(lados.c[nome]) for nome in ("pe", "ps", "pqe", "pqs")}
    return (
        select(lados.c.data, *(v.label(k) for k, v in somas.items()))
        .group_by(lados.c.data)
        .having(
            or_(
                somas["le"] != somas["pe"],
                somas["ls"] != somas["ps"],
                somas["lqe"] != somas["pqe"],
                somas["lqs"] != somas["pqs"],
            )
        )
        .order_by(lados.c.data)
    )


def _diferencas(conn: Connection) -> list[Diferenca]:
    return [
        Diferenca(
            data=row.data,
            projecao=Somas(int(row.pe), int(row.ps), int(row.pqe), int(row.pqs)),
            livro=Somas(int(row.le), int(row.ls), int(row.lqe), int(row.lqs)),
        )
        for row in conn.execute(_comparacao())
    ]


def diferencas(engine: Engine) -> list[Diferenca]:
    """Every day where saldo_diario disagrees with the ledger, in date order."""
    with indisponivel_como_erro(), engine.connect() as conn:
        return _diferencas(conn)


@dataclass(frozen=True, slots=True)
class DiferencaDetalhada:
    """A group of saldo_detalhado (day × tipo × forma × categoria × caixa) that is wrong."""

    data: date
    tipo: Tipo
    forma: FormaPagamento | None
    categoria_id: int | None
    caixa_id: int | None
    projecao: tuple[int, int]  # centavos, quantidade
    livro: tuple[int, int]


_GRUPO = ("data", "tipo", "forma_pagamento", "categoria_id", "caixa_id")


def _comparacao_detalhada() -> Select[Any]:
    """Like `_comparacao`, per group of the breakdown projection, in one snapshot."""
    zero = literal(0, BigInteger)
    livro = select(
        lancamento.c.data.label("data"),
        lancamento.c.tipo.label("tipo"),
        func.coalesce(lancamento.c.forma_pagamento, SEM_FORMA).label("forma_pagamento"),
        func.coalesce(lancamento.c.categoria_id, SEM_ID).label("categoria_id"),
        func.coalesce(lancamento.c.caixa_id, SEM_ID).label("caixa_id"),
        func.sum(lancamento.c.valor_centavos).label("lv"),
        func.count().label("lq"),
        zero.label("pv"),
        zero.label("pq"),
    ).group_by(
        # The raw columns: a NULL forma is one group, and the ledger never holds ''.
        lancamento.c.data,
        lancamento.c.tipo,
        lancamento.c.forma_pagamento,
        lancamento.c.categoria_id,
        lancamento.c.caixa_id,
    )
    c = saldo_detalhado.c
    projecao = select(*(c[nome] for nome in _GRUPO), zero, zero, c.valor_centavos, c.quantidade)
    lados = union_all(livro, projecao).subquery()
    somas = {nome: func.sum(lados.c[nome]) for nome in ("lv", "lq", "pv", "pq")}
    chave = [lados.c[nome] for nome in _GRUPO]
    return (
        select(*chave, *(v.label(k) for k, v in somas.items()))
        .group_by(*chave)
        .having(or_(somas["lv"] != somas["pv"], somas["lq"] != somas["pq"]))
        .order_by(*chave)
    )


def _diferencas_detalhadas(conn: Connection) -> list[DiferencaDetalhada]:
    return [
        DiferencaDetalhada(
            data=row.data,
            tipo=Tipo(row.tipo),
            forma=FormaPagamento(row.forma_pagamento) if row.forma_pagamento else None,
            categoria_id=int(row.categoria_id) or None,
            caixa_id=int(row.caixa_id) or None,
            projecao=(int(row.pv), int(row.pq)),
            livro=(int(row.lv), int(row.lq)),
        )
        for row in conn.execute(_comparacao_detalhada())
    ]


def diferencas_detalhadas(engine: Engine) -> list[DiferencaDetalhada]:
    """Every group where saldo_detalhado disagrees with the ledger."""
    with indisponivel_como_erro(), engine.connect() as conn:
        return _diferencas_detalhadas(conn)


def corrigir(engine: Engine) -> list[Diferenca]:
    """Make saldo_diario equal to the ledger, in one transaction; returns what was wrong.

    Each wrong day gets the difference added, not a recomputed value written over it:
    the difference comes from one snapshot, and a movement committed by the services
    after it adds its own share on top, so the repair is exact even with the services
    running. Days left with nothing are removed.
    """
    with (
        indisponivel_como_erro(),
        engine.connect().execution_options(**{WRITE: True}) as conn,
        conn.begin(),
    ):
        encontradas = _diferencas(conn)
        for dif in encontradas:
            _ajustar(conn, dif)
        _remover_dias_vazios(conn, [d.data for d in encontradas])
    return encontradas


def corrigir_detalhadas(engine: Engine) -> list[DiferencaDetalhada]:
    """Make saldo_detalhado equal to the ledger, exactly as `corrigir` does saldo_diario."""
    with (
        indisponivel_como_erro(),
        engine.connect().execution_options(**{WRITE: True}) as conn,
        conn.begin(),
    ):
        detalhadas = _diferencas_detalhadas(conn)
        for det in detalhadas:
            somar_detalhado(
                conn, det.data, det.tipo, det.forma, det.categoria_id, det.caixa_id,
                det.livro[0] - det.projecao[0], det.livro[1] - det.projecao[1],
            )  # fmt: skip
        if detalhadas:
            conn.execute(delete(saldo_detalhado).where(saldo_detalhado.c.quantidade == 0))
    return detalhadas


def _ajustar(conn: Connection, dif: Diferenca) -> None:
    livro, projecao = dif.livro, dif.projecao
    somar_saldo(
        conn,
        dif.data,
        Tipo.ENTRADA,
        livro.entradas - projecao.entradas,
        livro.qtd_entradas - projecao.qtd_entradas,
    )
    somar_saldo(
        conn,
        dif.data,
        Tipo.SAIDA,
        livro.saidas - projecao.saidas,
        livro.qtd_saidas - projecao.qtd_saidas,
    )


def _remover_dias_vazios(conn: Connection, dias: Sequence[date]) -> None:
    for inicio in range(0, len(dias), 500):
        conn.execute(
            delete(saldo_diario).where(
                and_(
                    saldo_diario.c.data.in_(dias[inicio : inicio + 500]),
                    saldo_diario.c.entradas_centavos == 0,
                    saldo_diario.c.saidas_centavos == 0,
                    saldo_diario.c.qtd_entradas == 0,
                    saldo_diario.c.qtd_saidas == 0,
                )
            )
        )
