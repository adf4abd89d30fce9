"""The hot routes' short cuts answer exactly what the general machinery answers."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pytest
from flask import Flask, url_for
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, insert, select
from sqlalchemy.engine import Connection

from fluxo_caixa.config import Settings
from fluxo_caixa.db import categorias
from fluxo_caixa.db.engine import make_engine
from fluxo_caixa.db.tables import categoria
from fluxo_caixa.domain.categoria import (
    Categoria,
    CategoriaInvalida,
    chave_do_nome,
    escolher_categoria,
)
from fluxo_caixa.domain.movimentacao import Tipo, sem_acento
from fluxo_caixa.lancamentos import create_app
from fluxo_caixa.lancamentos.routes import local_da_movimentacao
from support.ledger import SAO_PAULO


@pytest.fixture
def sqlite_app(sqlite_url: str, sqlite_engine: Engine) -> Flask:
    return create_app(Settings(database_url=sqlite_url, tz=SAO_PAULO), engine=sqlite_engine)


@pytest.mark.parametrize("raiz", ["", "/", "/loja", "/loja/caixa/", "/caixa%20um", "/ação"])
@pytest.mark.parametrize("ident", [1, 7, 10**18, 2**63 - 1])
def test_location_is_what_url_for_builds(sqlite_app: Flask, raiz: str, ident: int) -> None:
    with sqlite_app.test_request_context("/movimentacao", environ_base={"SCRIPT_NAME": raiz}):
        assert local_da_movimentacao(ident) == url_for("lancamentos.obter", ident=ident)


def test_created_movement_location_reads_it_back(client: FlaskClient) -> None:
    criada = client.post("/movimentacao", json={"tipo": "entrada", "valor": "12.34"})
    assert criada.status_code == 201
    lida = client.get(criada.headers["Location"])
    assert lida.status_code == 200
    assert lida.get_json() == {**criada.get_json(), "mensagem": None}


# -- the categoria a movement names: chosen from the rows read in its own transaction ----

NOMES = ["Vendas", "Serviços", "Aluguel", "Água, luz e internet", "Outras saídas", "Nova"]


def _referencia(conn: Connection) -> list[Categoria]:
    """The plano de contas read the plain way, with nothing kept between calls."""
    query = select(categoria.c.id, categoria.c.nome, categoria.c.tipo, categoria.c.ativa)
    return [
        Categoria(int(r.id), r.nome, Tipo(r.tipo), bool(r.ativa))
        for r in conn.execute(query.order_by(categoria.c.tipo, categoria.c.id))
    ]


def _resultado(escolha: Callable[[], Categoria]) -> Categoria | str:
    try:
        return escolha()
    except CategoriaInvalida as erro:
        return f"422 {erro}"


def _variante(nome: str, jeito: int) -> str:
    """The same name as a merchant might type it: case, accents and spaces changed."""
    return [nome, nome.upper(), f"  {nome.lower()} ", sem_acento(nome), nome.replace(" ", "  ")][
        jeito % 5
    ]


informadas = st.one_of(
    st.builds(_variante, st.sampled_from(NOMES), st.integers(0, 4)),
    st.integers(min_value=1, max_value=20),
    st.integers(min_value=1, max_value=20).map(str),
    st.text(max_size=12),
)
mudancas = st.lists(
    st.tuples(
        st.sampled_from(["renomear", "desativar", "ativar", "criar"]),
        st.integers(min_value=1, max_value=13),
        st.sampled_from(NOMES),
    ),
    max_size=4,
)


# The rollback at the end of each example leaves the fixture's database as it was.
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mudancas=mudancas, escolhas=st.lists(st.tuples(informadas, st.sampled_from(Tipo))))
def test_the_chosen_categoria_is_what_the_domain_chooses_from_the_rows_read_now(
    sqlite_engine: Engine,
    mudancas: list[tuple[str, int, str]],
    escolhas: list[tuple[str | int, Tipo]],
) -> None:
    with sqlite_engine.connect() as conn, conn.begin() as transacao:
        for acao, ident, nome in mudancas:  # the plano changes, as another process may
            tabela = categoria.update().where(categoria.c.id == ident)
            if (
                acao == "criar"
                and conn.execute(
                    select(categoria.c.id).where(categoria.c.nome_chave == chave_do_nome(nome))
                ).first()
                is None
            ):
                conn.execute(
                    insert(categoria).values(
                        nome=nome, nome_chave=chave_do_nome(nome), tipo="saida", ativa=True
                    )
                )
            elif acao in ("ativar", "desativar"):
                conn.execute(tabela.values(ativa=acao == "ativar"))
            elif acao == "renomear":
                novo = f"{nome} {ident}"
                conn.execute(tabela.values(nome=novo, nome_chave=chave_do_nome(novo)))
            for informada, tipo in escolhas:
                rapida = _resultado(partial(categorias.escolher, conn, informada, tipo))
                lista = _referencia(conn)
                lenta = _resultado(partial(escolher_categoria, informada, tipo, lista))
                assert rapida == lenta
        transacao.rollback()  # the next example starts from the default plano again


def test_a_categoria_changed_by_another_process_counts_at_once(
    client: FlaskClient, database_url: str
) -> None:
    assert client.post("/movimentacao", json=VENDA).status_code == 201
    outro = make_engine(database_url)  # another worker, the command line
    try:
        with outro.begin() as conn:
            conn.execute(categoria.update().where(categoria.c.nome == "Vendas").values(ativa=False))
        recusada = client.post("/movimentacao", json=VENDA)
        assert recusada.status_code == 422
        assert "inativa" in recusada.get_json()["detalhes"][0]["mensagem"]
        with outro.begin() as conn:
            conn.execute(
                categoria.update()
                .where(categoria.c.nome == "Vendas")
                .values(ativa=True, nome="Vendas no balcão", nome_chave="vendas no balcao")
            )
        assert client.post("/movimentacao", json=VENDA).status_code == 422
        aceita = client.post("/movimentacao", json={**VENDA, "categoria": "vendas no BALCÃO"})
        assert aceita.status_code == 201
        assert aceita.get_json()["categoria"] == "Vendas no balcão"
    finally:
        outro.dispose()


VENDA = {"tipo": "entrada", "valor": "5.00", "categoria": "Vendas"}
