"""DESIGN §3 Text and Dates at the HTTP edge, and what an old import left in the ledger.

On every backend: the API refuses text with control characters and non-characters, and
dates before 01/03/1900; exports of rows stored before the rule (written here through the
db layer, as an old import did) are neutralised; only what the OpenAPI documents say is
accepted in paths and queries; every error is the one Portuguese JSON shape.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes

import openpyxl
import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine, select

from fluxo_caixa.db.engine import WRITE, make_engine
from fluxo_caixa.db.importacao import ImportacaoInvalida, importar
from fluxo_caixa.db.ledger import inserir
from fluxo_caixa.db.tables import lancamento
from fluxo_caixa.domain.movimentacao import NovaMovimentacao, Tipo
from fluxo_caixa.domain.texto import PROIBIDOS
from support.ledger import SAO_PAULO, count_lancamentos

MARCO = "inicio=2025-03-01&fim=2025-03-31"
AGORA = datetime(2025, 3, 31, 15, 0, tzinfo=UTC)
# What every backend can store (no NUL, no lone surrogate: those never reached a database).
GUARDAVEIS = ["\x01", "\t", "\n", "\r", "\x1b", "\x7f", "\x85", "\x9b", "\ufdd0", "\uffff",
              "\U0001fffe", "\U0010ffff"]  # fmt: skip
PROIBIDOS_NA_API = [*GUARDAVEIS, "\x00", "\ud800", "\udfff", "\ufffe", "\ufdef"]


def _post(client: FlaskClient, corpo: dict[str, object]) -> tuple[int, dict[str, Any]]:
    # json.dumps writes a lone surrogate as the \ud800 escape, as a client would send it.
    response = client.post("/movimentacao", data=json.dumps(corpo), content_type="application/json")
    return response.status_code, response.get_json()


@pytest.mark.parametrize("caractere", PROIBIDOS_NA_API, ids=lambda c: f"U+{ord(c):04X}")
def test_a_descricao_with_a_forbidden_character_is_422(
    client: FlaskClient, engine: Engine, caractere: str
) -> None:
    status, corpo = _post(client, {"tipo": "entrada", "valor": 1, "descricao": f"a{caractere}b"})
    assert status == 422
    (detalhe,) = corpo["detalhes"]
    assert detalhe["campo"] == "descricao"
    assert "caractere não permitido" in detalhe["mensagem"]
    assert count_lancamentos(engine) == 0


def test_an_estorno_descricao_with_escape_is_422(client: FlaskClient, engine: Engine) -> None:
    assert _post(client, {"tipo": "entrada", "valor": 1})[0] == 201
    response = client.post("/movimentacao/1/estorno", json={"descricao": "\x1b[2J"})
    assert response.status_code == 422
    assert count_lancamentos(engine) == 1


def test_trailing_blanks_are_trimmed_but_a_trailing_newline_is_refused(client: FlaskClient) -> None:
    assert (
        _post(client, {"tipo": "entrada", "valor": 1, "descricao": "  venda  "})[1]["descricao"]
        == "venda"
    )
    assert _post(client, {"tipo": "entrada", "valor": 1, "descricao": "venda\n"})[0] == 422


@pytest.mark.parametrize(
    ("data", "status"), [("0999-12-31", 422), ("1900-02-28", 422), ("1900-03-01", 201)]
)
def test_dates_start_on_march_1900(client: FlaskClient, data: str, status: int) -> None:
    code, corpo = _post(client, {"tipo": "saida", "valor": "2.50", "data": data})
    assert code == status, corpo
    if status == 422:
        assert corpo["detalhes"] == [
            {"campo": "data", "mensagem": "A data deve ser de 01/03/1900 em diante."}
        ]


@pytest.mark.parametrize("param", ["inicio", "fim"])
def test_query_dates_before_march_1900_are_422_on_both_services(
    client: FlaskClient, consolidado_client: FlaskClient, param: str
) -> None:
    for url in (
        f"/movimentacao?{param}=1900-02-28",
        f"/consolidado?{param}=1900-02-28",
        f"/movimentacao.csv?{param}=0999-12-31",
        "/consolidado/diario?data=1900-02-28",
    ):
        c = client if url.startswith("/movimentacao?") else consolidado_client
        response = c.get(url)
        assert response.status_code == 422, url
        assert response.get_json()["erro"] == "Dados inválidos."
    assert client.get(f"/movimentacao?{param}=1900-03-01").status_code == 200
    # Reading the future is harmless: the days to come show with zeros.
    assert (
        consolidado_client.get("/consolidado?inicio=2025-03-31&fim=2025-04-02").status_code == 200
    )
    assert (
        consolidado_client.get("/consolidado?fim=1900-03-10").get_json()["inicio"] == "1900-03-01"
    )


# -- what an old import may have stored ---------------------------------------------


def _gravar_antigos(engine: Engine, *descricoes: str, dia: date = date(2025, 3, 4)) -> None:
    with engine.connect().execution_options(**{WRITE: True}) as conn, conn.begin():
        for descricao in descricoes:
            nova = NovaMovimentacao(Tipo.ENTRADA, 100, dia, descricao)
            inserir(conn, nova, AGORA, SAO_PAULO)


def test_exports_neutralise_old_control_characters(
    engine: Engine, consolidado_client: FlaskClient
) -> None:
    antigos = ["a" + c + "b" for c in GUARDAVEIS] + ["\x1b]0;titulo\x07\x1b[2J"]
    _gravar_antigos(engine, *antigos)
    csv = consolidado_client.get(f"/movimentacao.csv?{MARCO}")
    assert csv.status_code == 200
    texto = csv.data.decode("utf-8")
    assert PROIBIDOS.search(texto.replace("\r\n", "")) is None
    assert texto.count("a\ufffdb") == len(GUARDAVEIS)
    with consolidado_client.get(f"/movimentacao.xlsx?{MARCO}") as xlsx:
        assert xlsx.status_code == 200
        planilha = openpyxl.load_workbook(io.BytesIO(xlsx.data)).active
    assert planilha is not None
    descricoes = [linha[4] for linha in planilha.iter_rows(min_row=2, values_only=True)]
    assert descricoes == ["a\ufffdb"] * len(GUARDAVEIS) + ["\ufffd]0;titulo\ufffd\ufffd[2J"]


def test_an_old_date_is_exported_with_four_digits_and_as_text_in_xlsx(
    engine: Engine, consolidado_client: FlaskClient
) -> None:
    _gravar_antigos(engine, "antiga", dia=date(1899, 12, 31))
    # Only through the db layer: the API itself refuses such a period.
    from fluxo_caixa.db import exportacao
    from fluxo_caixa.db.detalhado import Filtro
    from fluxo_caixa.formats import csv_br, xlsx

    paginas = list(
        exportacao.paginas(engine, date(1899, 12, 1), date(1899, 12, 31), None, Filtro())
    )
    assert ";31/12/1899;" in "".join(csv_br.movimentacao_csv(paginas, SAO_PAULO))
    destino = io.BytesIO()
    xlsx.movimentacao_xlsx(paginas, SAO_PAULO, destino)
    folha = openpyxl.load_workbook(destino).active
    assert folha is not None
    linha = next(folha.iter_rows(min_row=2, values_only=True))
    assert linha[1] == "1899-12-31"


def test_a_quoted_descricao_round_trips_through_csv_and_importar(
    client: FlaskClient, consolidado_client: FlaskClient, tmp_path: Path, sqlite_template: object
) -> None:
    descricoes = ["'=1+1", "'abc", "''x", '=HYPERLINK("x")', "'"]
    for descricao in descricoes:
        code, _ = _post(
            client, {"tipo": "entrada", "valor": 1, "data": "2025-03-10", "descricao": descricao}
        )
        assert code == 201
    arquivo = tmp_path / "export.csv"
    arquivo.write_bytes(consolidado_client.get(f"/movimentacao.csv?{MARCO}").data)
    destino_dir = tmp_path / "destino"
    destino_dir.mkdir()
    destino = make_engine(sqlite_template.fresh(destino_dir))  # type: ignore[attr-defined]
    try:
        assert importar(destino, arquivo, SAO_PAULO, AGORA).importadas == len(descricoes)
        with destino.connect() as conn:
            lidas = conn.execute(select(lancamento.c.descricao).order_by(lancamento.c.id)).scalars()
            assert list(lidas) == descricoes
    finally:
        destino.dispose()


def test_importar_refuses_csv_rows_with_control_characters_or_old_dates(
    engine: Engine, tmp_path: Path
) -> None:
    arquivo = tmp_path / "antigo.csv"
    arquivo.write_text(
        "id;data;tipo;valor;descricao;data_inclusao;estorno_de\r\n"
        "1;05/03/2025;entrada;10;ok;2025-03-05T10:00:00-03:00;\r\n"
        "2;05/03/2025;entrada;10;a\x1bb;2025-03-05T10:00:00-03:00;\r\n"
        "3;28/02/1900;entrada;10;;2025-03-05T10:00:00-03:00;\r\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportacaoInvalida) as erro:
        importar(engine, arquivo, SAO_PAULO, AGORA)
    assert erro.value.erros == [
        "linha 3: A descrição contém um caractere não permitido (U+001B, caractere de controle); "
        "use só texto visível, sem tabulações nem quebras de linha.",
        "linha 4: data 28/02/1900 anterior a 01/03/1900.",
    ]
    assert count_lancamentos(engine) == 0


# -- only what the OpenAPI documents say ----------------------------------------------


@pytest.mark.parametrize(
    "caminho",
    ["/movimentacao/01", "/movimentacao/\u0661", "/movimentacao/%D9%A1", "/movimentacao/+1",
     "/movimentacao/1/", "/movimentacao//1", "//movimentacao/1", "/movimentacao/1%20"],
)  # fmt: skip
def test_a_path_beyond_the_schema_is_a_json_404(client: FlaskClient, caminho: str) -> None:
    assert _post(client, {"tipo": "entrada", "valor": 1})[0] == 201
    # The raw path, as a server hands it over: the test client would read "//x/1" as a
    # URL whose host is "x" (and the Host check would rightly answer 400).
    path_info = unquote_to_bytes(caminho).decode("latin-1")
    response = client.get("/", environ_overrides={"PATH_INFO": path_info})
    assert response.status_code == 404
    assert response.get_json() == {"erro": "Recurso não encontrado.", "detalhes": []}
    assert "Location" not in response.headers
    assert client.get("/movimentacao/1").status_code == 200


def test_double_slashes_are_a_json_404_on_the_consolidado(consolidado_client: FlaskClient) -> None:
    for caminho in ("//consolidado", "/consolidado//diario", "/consolidado/"):
        response = consolidado_client.get("/", environ_overrides={"PATH_INFO": caminho})
        assert response.status_code == 404, caminho
        assert response.mimetype == "application/json" and "Location" not in response.headers


@pytest.mark.parametrize(
    "query",
    ["limite=1_0", "limite=1000.0", "limite=%D9%A1", "limite=+5", "limite=05", "limite=1e2",
     "tipo=%EF%BD%85%EF%BD%8E%EF%BD%94%EF%BD%92%EF%BD%81%EF%BD%84%EF%BD%81", "tipo=%C3%A9ntrada",
     "inicio=2025-03-01%20", "inicio=%202025-03-01"],
)  # fmt: skip
def test_a_query_beyond_the_schema_is_422(client: FlaskClient, query: str) -> None:
    response = client.get(f"/movimentacao?{query}")
    assert response.status_code == 422
    assert response.get_json()["erro"] == "Dados inválidos."


def test_the_consolidado_tipo_is_as_strict(consolidado_client: FlaskClient) -> None:
    fullwidth = "%EF%BD%85%EF%BD%8E%EF%BD%94%EF%BD%92%EF%BD%81%EF%BD%84%EF%BD%81"
    assert consolidado_client.get(f"/consolidado?tipo={fullwidth}").status_code == 422
    assert consolidado_client.get("/consolidado?tipo=SA%C3%8DDA").status_code == 200


# -- every 400 in Portuguese ----------------------------------------------------------


@pytest.mark.parametrize(
    ("corpo", "motivo"),
    [
        ('{"tipo": "entrada", "valor": ' + "9" * 5000 + "}", "número com mais de 100 algarismos"),
        ('{"tipo": "entrada", "valor": 1, "x": ' + "[" * 5000 + "]" * 5000 + "}",
         "objetos ou listas aninhados em mais de 32 níveis"),
        ('{"tipo": "entrada", "x": ' + "[" * 40 + "]" * 40 + "}",
         "objetos ou listas aninhados em mais de 32 níveis"),
        ('{"tipo": "entrada", "valor": 1', "',' esperada (linha 1, coluna 31)"),
        ("{'tipo': 1}", "nome de campo esperado, entre aspas duplas (linha 1, coluna 2)"),
        ('{"tipo": "a\tb"}', "caractere de controle dentro de um texto (linha 1, coluna 12)"),
        ('{"tipo": "\\x"}', "escape inválido (linha 1, coluna 11)"),
        ("{} {}", "há dados depois do fim do JSON (linha 1, coluna 4)"),
    ],
)  # fmt: skip
def test_malformed_json_is_explained_in_portuguese(
    client: FlaskClient, engine: Engine, corpo: str, motivo: str
) -> None:
    response = client.post("/movimentacao", data=corpo, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json() == {"erro": f"JSON malformado: {motivo}.", "detalhes": []}
    assert count_lancamentos(engine) == 0
