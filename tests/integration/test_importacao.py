"""Importing the seed prototype's database and our CSV export, on every backend."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient
from sqlalchemy import Engine, select

from fluxo_caixa.cli import main
from fluxo_caixa.config import Settings
from fluxo_caixa.consolidado import create_app as create_consolidado
from fluxo_caixa.db import categorias, importacao
from fluxo_caixa.db.engine import make_engine
from fluxo_caixa.db.importacao import ImportacaoInvalida, importar
from fluxo_caixa.db.tables import lancamento
from fluxo_caixa.domain.movimentacao import Tipo
from fluxo_caixa.domain.pagamento import FormaPagamento
from fluxo_caixa.formats.csv_br import LinhaMovimentacao, abrir, ler_movimentacoes
from fluxo_caixa.lancamentos import create_app as create_lancamentos
from support.databases import SqliteTemplate
from support.ledger import SAO_PAULO, assert_projection_exact, count_lancamentos, lancar
from support.prototipo import SEED, criar_prototipo

AGORA = datetime(2025, 3, 31, 15, 0, tzinfo=UTC)
MARCO = "inicio=2025-03-01&fim=2025-03-31"


def importar_agora(engine: Engine, caminho: Path) -> importacao.Resultado:
    return importar(engine, caminho, SAO_PAULO, AGORA)


def test_seed_becomes_movements_on_sao_paulo_days(
    engine: Engine, consolidado_client: FlaskClient
) -> None:
    resultado = importar_agora(engine, SEED)
    assert (resultado.formato, resultado.importadas, resultado.existentes) == ("prototipo", 5, 0)
    assert (resultado.entradas, resultado.saidas) == (111000, 6000)
    with engine.connect() as conn:
        rows = conn.execute(
            select(lancamento.c.data, lancamento.c.tipo, lancamento.c.valor_centavos).order_by(
                lancamento.c.data, lancamento.c.id
            )
        ).all()
    assert [tuple(r) for r in rows] == [
        (date(2025, 3, 4), "entrada", 10000),
        (date(2025, 3, 5), "entrada", 100000),
        (date(2025, 3, 6), "saida", 5000),
        (date(2025, 3, 7), "entrada", 1000),
        (date(2025, 3, 7), "saida", 1000),
    ]
    assert_projection_exact(engine)
    totais = consolidado_client.get(f"/consolidado?{MARCO}").get_json()["totais"]
    assert (totais["entradas"], totais["saidas"], totais["saldo"], totais["registros"]) == (
        "1110.00",
        "60.00",
        "1050.00",
        5,
    )


def test_seed_keeps_its_utc_instants(engine: Engine) -> None:
    importar_agora(engine, SEED)
    with engine.connect() as conn:
        primeiro = conn.execute(select(lancamento).where(lancamento.c.id == 1)).one()
    assert primeiro.data_inclusao == datetime(2025, 3, 5, 2, 43, 8, 921651, tzinfo=UTC)
    assert primeiro.data_hora_local == datetime(2025, 3, 4, 23, 43, 8, 921651)
    assert primeiro.origem == "prototipo:1:2025-03-05T02:43:08.921651Z"


def test_importing_the_same_file_twice_adds_nothing(engine: Engine) -> None:
    importar_agora(engine, SEED)
    again = importar_agora(engine, SEED)
    assert (again.importadas, again.existentes) == (0, 5)
    assert count_lancamentos(engine) == 5
    assert_projection_exact(engine)


def test_float_valores_are_read_exactly(engine: Engine, tmp_path: Path) -> None:
    arquivo = criar_prototipo(
        tmp_path / "p.db",
        [
            (1, "ENTRADA", 10.1, "2025-03-05 12:00:00"),
            (2, "Saída", 0.07, "2025-03-05 12:00:01.5"),
            (3, "entrada", 99999999.99, "2025-03-05 12:00:02"),
            (4, "saida", 7, "2025-03-05 12:00:03"),
            (5, "entrada", "19.90", "2025-03-05 12:00:04"),
        ],
    )
    assert importar_agora(engine, arquivo).importadas == 5
    with engine.connect() as conn:
        centavos = conn.execute(select(lancamento.c.valor_centavos).order_by(lancamento.c.id))
        assert [c for (c,) in centavos] == [1010, 7, 9999999999, 700, 1990]


@pytest.mark.parametrize(
    ("linha", "mensagem"),
    [
        ((9, "entrada", 0.1 + 0.2, "2025-03-05 12:00:00"), "duas casas"),
        ((9, "entrada", 10.005, "2025-03-05 12:00:00"), "duas casas"),
        ((9, "entrada", -5.0, "2025-03-05 12:00:00"), "maior que zero"),
        ((9, "entrada", 0.0, "2025-03-05 12:00:00"), "maior que zero"),
        ((9, "entrada", 1e10, "2025-03-05 12:00:00"), "no máximo"),
        ((9, "entrada", "dez", "2025-03-05 12:00:00"), "não é um número"),
        ((9, "debito", 1.0, "2025-03-05 12:00:00"), "tipo"),
        ((9, "entrada", 1.0, None), "sem data_inclusao"),
        ((9, "entrada", 1.0, "ontem"), "data_inclusao inválida"),
        ((9, "entrada", 1.0, "2999-01-01 00:00:00"), "no futuro"),
    ],
)
def test_a_bad_row_stops_the_import_before_anything_is_written(
    engine: Engine, tmp_path: Path, linha: tuple[int, str, object, str | None], mensagem: str
) -> None:
    arquivo = criar_prototipo(
        tmp_path / "p.db", [(1, "entrada", 5.0, "2025-03-05 12:00:00"), linha]
    )
    with pytest.raises(ImportacaoInvalida) as erro:
        importar_agora(engine, arquivo)
    assert erro.value.total == 1
    (detalhe,) = erro.value.erros
    assert detalhe.startswith("registro id=9: ") and mensagem in detalhe
    assert count_lancamentos(engine) == 0


def test_our_own_database_file_is_refused_with_advice(engine: Engine, sqlite_url: str) -> None:
    with pytest.raises(ImportacaoInvalida, match="já é um banco do Fluxo de Caixa"):
        importar_agora(engine, Path(sqlite_url.removeprefix("sqlite:///")))


def test_other_files_are_refused_clearly(engine: Engine, tmp_path: Path) -> None:
    texto = tmp_path / "notas.txt"
    texto.write_text("isto não é um CSV de movimentações\n", encoding="utf-8")
    with pytest.raises(ImportacaoInvalida, match="Cabeçalho inesperado"):
        importar_agora(engine, texto)
    binario = tmp_path / "foto.csv"
    binario.write_bytes(b"id;data\r\n\x81\x9d\x00\xff")  # neither UTF-8 nor Windows-1252
    with pytest.raises(ImportacaoInvalida, match="nem UTF-8 nem Windows-1252"):
        importar_agora(engine, binario)
    with pytest.raises(ImportacaoInvalida, match="não encontrado"):
        importar_agora(engine, tmp_path / "nada.db")
    outro = tmp_path / "outro.db"
    with sqlite3.connect(outro) as conn:
        conn.execute("CREATE TABLE clientes (id INTEGER)")
    conn.close()
    with pytest.raises(ImportacaoInvalida, match="não tem a tabela movimentacao"):
        importar_agora(engine, outro)


# -- CSV round trip ---------------------------------------------------------------


def exportar(url: str, tmp_path: Path, nome: str) -> Path:
    engine = make_engine(url)
    try:
        client = create_consolidado(Settings(database_url=url), engine=engine).test_client()
        with client.get("/movimentacao.csv?inicio=2025-01-01&fim=2025-12-31") as response:
            assert response.status_code == 200
            destino = tmp_path / nome
            destino.write_bytes(response.data)
    finally:
        engine.dispose()
    return destino


def conteudo(arquivo: Path) -> list[tuple[object, ...]]:
    """The file's rows without ids, estornos as the position of their original."""
    with abrir(arquivo) as texto:
        linhas = list(ler_movimentacoes(texto))
    assert all(isinstance(x, LinhaMovimentacao) for x in linhas)
    movs = [x for x in linhas if isinstance(x, LinhaMovimentacao)]
    posicao = {m.id: i for i, m in enumerate(movs)}
    return [
        (
            m.data,
            m.tipo,
            m.valor_centavos,
            m.descricao,
            m.data_inclusao,
            None if m.estorno_de is None else posicao[m.estorno_de],
        )
        for m in movs
    ]


@pytest.fixture
def origem_url(tmp_path: Path, sqlite_template: SqliteTemplate) -> str:
    """A second, SQLite database: the one the CSV is exported from."""
    pasta = tmp_path / "origem"
    pasta.mkdir()
    return sqlite_template.fresh(pasta)


def popular(url: str) -> None:
    engine = make_engine(url)
    lancar(
        engine,
        ("entrada", 10000, date(2025, 3, 4)),
        ("saida", 5000, date(2025, 3, 6)),
        agora=datetime(2025, 3, 6, 12, 0, 0, 123456, tzinfo=UTC),
    )
    app = create_lancamentos(
        Settings(database_url=url, tz=SAO_PAULO),
        engine=engine,
        clock=lambda: datetime(2025, 3, 7, 13, 30, 0, 654321, tzinfo=UTC),
    )
    client = app.test_client()
    for corpo in (
        {"tipo": "entrada", "valor": "0.01", "descricao": 'Açúcar; café "moído"; fiado'},
        {"tipo": "saida", "valor": 99999999.99, "descricao": "=SOMA(A1:A9)"},
        {"tipo": "entrada", "valor": "12.34", "data": "2025-03-01", "descricao": "atrasada"},
    ):
        assert client.post("/movimentacao", json=corpo).status_code == 201
    assert client.post("/movimentacao/2/estorno", json={}).status_code == 201
    engine.dispose()


def test_csv_export_round_trips_through_import(
    origem_url: str, engine: Engine, database_url: str, tmp_path: Path
) -> None:
    popular(origem_url)
    exportado = exportar(origem_url, tmp_path, "a.csv")
    resultado = importar_agora(engine, exportado)
    assert (resultado.formato, resultado.importadas, resultado.estornos_sem_original) == (
        "csv",
        6,
        0,
    )
    assert_projection_exact(engine)
    reexportado = exportar(database_url, tmp_path, "b.csv")
    assert conteudo(reexportado) == conteudo(exportado)
    assert count_lancamentos(engine) == 6
    again = importar_agora(engine, exportado)
    assert (again.importadas, again.existentes) == (0, 6)
    # The estorno still points at its original, so it cannot be reversed twice.
    with engine.connect() as conn:
        ligados = conn.execute(
            select(lancamento.c.estorno_de).where(lancamento.c.estorno_de.is_not(None))
        ).all()
    assert len(ligados) == 1


def test_a_database_s_own_export_imported_back_adds_nothing(
    engine: Engine, database_url: str, tmp_path: Path
) -> None:
    popular(database_url)
    exportado = exportar(database_url, tmp_path, "a.csv")
    resultado = importar_agora(engine, exportado)
    assert (resultado.importadas, resultado.existentes) == (0, 6)
    assert count_lancamentos(engine) == 6


def test_an_interrupted_import_resumes_without_duplicates(
    origem_url: str, engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importacao, "LOTE", 2)
    popular(origem_url)
    exportado = exportar(origem_url, tmp_path, "a.csv")
    # Stop after the first batch was committed, the way a crash would.
    gravar = importacao._Gravacao.gravar
    chamadas = 0

    def gravar_e_cair(self: importacao._Gravacao, lote: list[importacao.Registro]) -> None:
        nonlocal chamadas
        chamadas += 1
        if chamadas == 2:
            raise KeyboardInterrupt
        gravar(self, lote)

    monkeypatch.setattr(importacao._Gravacao, "gravar", gravar_e_cair)
    with pytest.raises(KeyboardInterrupt):
        importar_agora(engine, exportado)
    assert count_lancamentos(engine) == 2
    monkeypatch.setattr(importacao._Gravacao, "gravar", gravar)
    resultado = importar_agora(engine, exportado)
    assert (resultado.importadas, resultado.existentes) == (4, 2)
    assert count_lancamentos(engine) == 6
    assert_projection_exact(engine)


def test_estorno_without_its_original_in_the_file_becomes_a_plain_movement(
    engine: Engine, tmp_path: Path
) -> None:
    arquivo = tmp_path / "estorno.csv"
    arquivo.write_text(
        "id;data;tipo;valor;descricao;data_inclusao;estorno_de\r\n"
        "8;07/03/2025;saida;10,00;Estorno da movimentação 3;2025-03-07T10:00:00-03:00;3\r\n",
        encoding="utf-8-sig",
    )
    resultado = importar_agora(engine, arquivo)
    assert (resultado.importadas, resultado.estornos_sem_original) == (1, 1)
    with engine.connect() as conn:
        assert conn.execute(select(lancamento.c.estorno_de)).scalar_one() is None


def test_csv_with_errors_lists_them_all_by_line(engine: Engine, tmp_path: Path) -> None:
    arquivo = tmp_path / "erros.csv"
    arquivo.write_text(
        "id;data;tipo;valor;descricao;data_inclusao;estorno_de\r\n"
        "1;07/03/2025;saida;10,00;;2025-03-07T10:00:00-03:00;\r\n"
        "2;07/03/2025;saida;10,001;;2025-03-07T10:00:00-03:00;\r\n"
        "1;08/03/2025;entrada;1;;2025-03-08T10:00:00-03:00;\r\n"
        "4;01/01/2999;entrada;1;;2025-03-08T10:00:00-03:00;\r\n",
        encoding="utf-8-sig",
    )
    with pytest.raises(ImportacaoInvalida) as erro:
        importar_agora(engine, arquivo)
    assert erro.value.total == 3
    assert [e.split(":")[0] for e in erro.value.erros] == ["linha 3", "linha 4", "linha 5"]
    assert count_lancamentos(engine) == 0


def test_seed_in_a_read_only_place_is_not_touched(engine: Engine, tmp_path: Path) -> None:
    copia = tmp_path / "seed.db"
    shutil.copyfile(SEED, copia)
    antes = copia.read_bytes()
    importar_agora(engine, copia)
    assert copia.read_bytes() == antes
    assert not any(p.name.startswith("seed.db-") for p in tmp_path.iterdir())


# -- formas and categorias (issue 12) ------------------------------------------------


def popular_com_formas(url: str) -> None:
    """Movements with formas and categorias, a categoria of our own (made inactive) and an
    estorno, which keeps both."""
    engine = make_engine(url)
    app = create_lancamentos(
        Settings(database_url=url, tz=SAO_PAULO),
        engine=engine,
        clock=lambda: datetime(2025, 3, 7, 13, 30, 0, 654321, tzinfo=UTC),
    )
    client = app.test_client()
    criada = client.post("/categorias", json={"nome": "Embalagens", "tipo": "saida"})
    assert criada.status_code == 201
    for corpo in (
        {"tipo": "entrada", "valor": "150.00", "forma_pagamento": "pix", "categoria": "Vendas"},
        {"tipo": "saida", "valor": "20.00", "forma_pagamento": "débito", "categoria": "embalagens"},
        {
            "tipo": "entrada",
            "valor": "30.00",
            "forma_pagamento": "Crédito",
            "categoria": "Serviços",
        },
        {"tipo": "saida", "valor": "5.00"},
    ):
        assert client.post("/movimentacao", json=corpo).status_code == 201
    assert client.post("/movimentacao/3/estorno", json={}).status_code == 201
    ident = criada.get_json()["id"]
    assert client.patch(f"/categorias/{ident}", json={"ativa": False}).status_code == 200
    engine.dispose()


def formas_e_categorias(arquivo: Path) -> list[tuple[object, ...]]:
    with abrir(arquivo) as texto:
        return [
            (x.tipo.value, x.valor_centavos, x.forma_pagamento, x.categoria, x.estorno_de is None)
            for x in ler_movimentacoes(texto)
            if isinstance(x, LinhaMovimentacao)
        ]


def test_csv_with_formas_and_categorias_round_trips_and_creates_missing_categorias(
    origem_url: str, engine: Engine, database_url: str, tmp_path: Path
) -> None:
    popular_com_formas(origem_url)
    exportado = exportar(origem_url, tmp_path, "a.csv")
    assert formas_e_categorias(exportado) == [
        ("entrada", 15000, FormaPagamento.PIX, "Vendas", True),
        ("saida", 2000, FormaPagamento.DEBITO, "Embalagens", True),
        ("entrada", 3000, FormaPagamento.CREDITO, "Serviços", True),
        ("saida", 500, None, None, True),
        ("saida", 3000, FormaPagamento.CREDITO, "Serviços", False),
    ]
    resultado = importar_agora(engine, exportado)
    assert (resultado.importadas, resultado.categorias_criadas) == (5, ["Embalagens"])
    assert_projection_exact(engine)
    reexportado = exportar(database_url, tmp_path, "b.csv")
    assert formas_e_categorias(reexportado) == formas_e_categorias(exportado)
    assert conteudo(reexportado) == conteudo(exportado)
    # Created active, of the tipo of the row that named it.
    with engine.connect() as conn:
        (embalagens,) = [c for c in categorias.listar(conn) if c.nome == "Embalagens"]
    assert (embalagens.tipo, embalagens.ativa) == (Tipo.SAIDA, True)
    # Again: nothing new, no categoria created twice.
    again = importar_agora(engine, exportado)
    assert (again.importadas, again.existentes, again.categorias_criadas) == (0, 5, [])


def test_a_categoria_is_matched_ignoring_case_and_accents(engine: Engine, tmp_path: Path) -> None:
    arquivo = tmp_path / "m.csv"
    arquivo.write_text(
        "id;data;tipo;valor;descricao;data_inclusao;estorno_de;forma_pagamento;categoria\r\n"
        "1;05/03/2025;entrada;10,00;;2025-03-05T10:00:00-03:00;;Dinheiro;SERVICOS\r\n"
        "2;05/03/2025;saida;4,00;;2025-03-05T11:00:00-03:00;;pix;Frete\r\n"
        "3;05/03/2025;saida;1,00;;2025-03-05T12:00:00-03:00;;PIX;frete\r\n",
        encoding="utf-8-sig",
    )
    resultado = importar_agora(engine, arquivo)
    assert (resultado.importadas, resultado.categorias_criadas) == (3, ["Frete"])
    with engine.connect() as conn:
        nomes = {c.id: c.nome for c in categorias.listar(conn)}
        rows = conn.execute(
            select(lancamento.c.forma_pagamento, lancamento.c.categoria_id).order_by(
                lancamento.c.id
            )
        ).all()
    assert [(f, nomes[c]) for f, c in rows] == [
        ("dinheiro", "Serviços"),
        ("pix", "Frete"),
        ("pix", "Frete"),
    ]
    assert_projection_exact(engine)


def test_the_old_csv_without_forma_and_categoria_still_imports(
    engine: Engine, tmp_path: Path
) -> None:
    arquivo = tmp_path / "antigo.csv"
    arquivo.write_text(
        "id;data;tipo;valor;descricao;data_inclusao;estorno_de\r\n"
        "1;05/03/2025;entrada;10,00;;2025-03-05T10:00:00-03:00;\r\n"
        "2;06/03/2025;saida;10,00;;2025-03-06T10:00:00-03:00;1\r\n",
        encoding="utf-8-sig",
    )
    resultado = importar_agora(engine, arquivo)
    assert (resultado.importadas, resultado.categorias_criadas) == (2, [])
    with engine.connect() as conn:
        rows = conn.execute(select(lancamento.c.forma_pagamento, lancamento.c.categoria_id)).all()
    assert [tuple(r) for r in rows] == [(None, None), (None, None)]
    assert_projection_exact(engine)


def test_importar_says_which_categorias_it_created(
    database_url: str, engine: Engine, tmp_path: Path
) -> None:
    arquivo = tmp_path / "m.csv"
    arquivo.write_text(
        "id;data;tipo;valor;descricao;data_inclusao;estorno_de;forma_pagamento;categoria\r\n"
        "1;05/03/2025;saida;4,00;;2025-03-05T11:00:00-03:00;;pix;Frete\r\n",
        encoding="utf-8-sig",
    )
    runner = CliRunner(env={"FLUXO_DATABASE_URL": database_url, "FLUXO_TZ": "America/Sao_Paulo"})
    result = runner.invoke(main, ["importar", str(arquivo)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "1 categoria(s) criada(s)" in result.output and "Frete" in result.output
