"""db.direto: a statement compiled once runs on the DBAPI cursor as Connection.execute would."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Date, Engine, bindparam, insert, select

from fluxo_caixa.db.direto import Direto
from fluxo_caixa.db.tables import categoria


def test_values_written_into_the_statement_are_sent_with_those_given_per_call(
    engine: Engine,
) -> None:
    # A literal in the WHERE compiles to an anonymous bind the caller never names.
    entradas = Direto(
        select(categoria.c.nome)
        .where(categoria.c.tipo == "entrada", categoria.c.id >= bindparam("b_id"))
        .order_by(categoria.c.id)
    )
    with engine.connect() as conn:  # the categorias every new database starts with
        todas = conn.execute(select(categoria.c.nome, categoria.c.tipo)).all()
        esperado = [(nome,) for nome, tipo in todas if tipo == "entrada"]
        assert esperado and len(esperado) < len(todas)
        assert entradas.todos(conn, {"b_id": 1}) == esperado


def test_a_literal_with_a_bind_processor_is_processed_like_a_given_value(
    engine: Engine,
) -> None:
    # On SQLite a date goes as ISO text through its bind processor, literal or not.
    dia = Direto(select(bindparam("fixo", date(2026, 11, 30)), bindparam("dado", type_=Date)))
    with engine.connect() as conn:
        linha = dia.um(conn, {"dado": date(2026, 12, 1)})
    assert linha is not None
    assert [str(v)[:10] for v in linha] == ["2026-11-30", "2026-12-01"]


def test_a_value_computed_at_each_execution_is_refused_when_compiled(engine: Engine) -> None:
    # Compiled once, a callable_ would be called once: refused rather than frozen.
    agora = Direto(select(bindparam("agora", callable_=lambda: date(2026, 12, 1), type_=Date)))
    with engine.connect() as conn, pytest.raises(ValueError, match="callable_"):
        agora.um(conn, {})


def test_a_column_with_a_python_default_left_out_of_an_insert_is_a_key_error(
    engine: Engine,
) -> None:
    # categoria.ativa has a Python-side default: left out of the values, it must not be
    # sent as NULL (SQLAlchemy would compute it; this path asks the caller for it).
    inserir = Direto(insert(categoria), column_keys=["nome", "nome_chave", "tipo"])
    with engine.connect() as conn, pytest.raises(KeyError, match="ativa"):
        inserir.executar(conn, {"nome": "Brindes", "nome_chave": "brindes", "tipo": "saida"})
