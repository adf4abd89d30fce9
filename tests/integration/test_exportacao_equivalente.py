"""The fast movement exports of issue 16 write what the exports before them wrote.

Over a real database of each backend holding awkward rows (quotes, `;`, line breaks and
control characters an old import stored, formula starts, non-ASCII, estornos, instants on
both sides of a daylight-saving change, a day before 1900), the CSV must be the same bytes
as the writer before (tests/support/exportacao_antiga.py) and the XLSX the same sheet.
"""

from __future__ import annotations

import io
import random
import zipfile
from datetime import UTC, date, datetime, timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine, insert

from fluxo_caixa.db import exportacao
from fluxo_caixa.db.detalhado import Filtro
from fluxo_caixa.db.engine import WRITE
from fluxo_caixa.db.tables import caixa, categoria, lancamento
from fluxo_caixa.db.verificacao import corrigir, corrigir_detalhadas
from fluxo_caixa.domain.movimentacao import Tipo
from fluxo_caixa.domain.pagamento import FormaPagamento
from fluxo_caixa.formats import csv_br, xlsx
from support import exportacao_antiga
from support.ledger import SAO_PAULO

DESCRICOES = [
    None,
    "venda balcão",
    'aspas "duplas" no meio',
    '"',
    "a;b;c",
    ";",
    "=1+1",
    '=HYPERLINK("http://x")',
    "+55 11 99999-0000",
    "-troco",
    "@SUM(A1)",
    "'já citado",
    "'=x",
    "'",
    "ok'",
    "ção ñ ü 日本語 🎉",
    " espaços nas pontas ",
    "x" * 200,
    # What the API refuses but an old import may have stored: neutralised on export.
    "linha\nquebrada",
    "cr\r\nlf",
    "\tcomeça com tab",
    "\rcomeça com CR",
    "\x1b[2J",
    "a\x85b",
    "a\ufdd0b",
    "a\uffffb",
    "a\U0010ffffb",
]
CATEGORIAS = ["-Descontos", "=cmd", 'Aspas "x"; ponto', "Açougue & cia"]
CAIXAS = ["Balcão", "Fundos"]
# Ids of our own, past what the migrations create (the default plano de contas, caixas).
PRIMEIRA_CATEGORIA = 101
PRIMEIRO_CAIXA = 101
DIAS = [
    date(1899, 12, 31),  # before Excel's first right day: text in the XLSX
    date(2018, 2, 17),  # São Paulo's last summer time ended at 00:00 of 18/02/2018
    date(2018, 2, 18),
    date(2024, 2, 29),
    date(2025, 3, 4),
    date(2025, 3, 5),
    date(2025, 3, 31),
]
# 02:00 UTC of 18/02/2018 is when São Paulo went from -02:00 back to -03:00.
INSTANTES = [
    datetime(2018, 2, 18, 1, 59, 59, 999999, tzinfo=UTC),
    datetime(2018, 2, 18, 2, 0, 0, 0, tzinfo=UTC),
    datetime(2018, 2, 18, 2, 0, 0, 1, tzinfo=UTC),
    datetime(2025, 3, 5, 2, 43, 8, 921651, tzinfo=UTC),
    datetime(2025, 3, 4, 23, 59, 59, 500000, tzinfo=UTC),
    datetime(2025, 3, 5, 0, 0, tzinfo=UTC),
]
VALORES = [1, 9, 10, 99, 100, 101, 12345, 100000, 9999999999]
LINHAS = 260


def _gravar(engine: Engine) -> None:
    """LINHAS movements of every awkward kind, written straight into the ledger as an old
    import would, then the projections repaired from it (what `verificar` does)."""
    aleatorio = random.Random(16)
    with engine.connect().execution_options(**{WRITE: True}) as conn, conn.begin():
        for ident, nome in enumerate(CATEGORIAS, start=PRIMEIRA_CATEGORIA):
            conn.execute(
                insert(categoria).values(id=ident, nome=nome, nome_chave=nome.lower(), tipo="saida")
            )
        for ident, nome in enumerate(CAIXAS, start=PRIMEIRO_CAIXA):
            conn.execute(insert(caixa).values(id=ident, nome=nome, nome_chave=nome.lower()))
        ids_categoria = [None, 1, 2, 5, *range(PRIMEIRA_CATEGORIA, PRIMEIRA_CATEGORIA + 4)]
        estornaveis: list[int] = []
        for ident in range(1, LINHAS + 1):
            dia = aleatorio.choice(DIAS)
            instante = aleatorio.choice(
                [*INSTANTES, datetime.combine(dia, datetime.min.time(), UTC) + timedelta(hours=15)]
            )
            estorno_de = None
            if estornaveis and aleatorio.random() < 0.15:
                estorno_de = estornaveis.pop(aleatorio.randrange(len(estornaveis)))
            else:
                estornaveis.append(ident)
            forma = aleatorio.choice([None, *FormaPagamento])
            conn.execute(
                insert(lancamento).values(
                    id=ident,
                    tipo=aleatorio.choice(["entrada", "saida"]),
                    valor_centavos=aleatorio.choice(VALORES),
                    descricao=aleatorio.choice(DESCRICOES),
                    data=dia,
                    data_inclusao=instante,
                    data_hora_local=instante.astimezone(SAO_PAULO).replace(tzinfo=None),
                    estorno_de=estorno_de,
                    forma_pagamento=None if forma is None else forma.value,
                    categoria_id=aleatorio.choice(ids_categoria),
                    caixa_id=aleatorio.choice([None, PRIMEIRO_CAIXA, PRIMEIRO_CAIXA + 1]),
                )
            )
    corrigir(engine)
    corrigir_detalhadas(engine)


FILTROS = [
    (None, Filtro()),
    (Tipo.SAIDA, Filtro()),
    (None, Filtro(forma=FormaPagamento.PIX)),
    (None, Filtro(categoria_id=PRIMEIRA_CATEGORIA)),
    (Tipo.ENTRADA, Filtro(caixa_id=PRIMEIRO_CAIXA)),
    (None, Filtro(None, PRIMEIRA_CATEGORIA + 1, PRIMEIRO_CAIXA + 1)),
]


@pytest.mark.parametrize("pagina", [1, 7, exportacao.PAGINA])
def test_movimentacao_csv_is_byte_for_byte_the_csv_before(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, pagina: int
) -> None:
    _gravar(engine)
    monkeypatch.setattr(exportacao, "PAGINA", pagina)
    for tipo, filtro in FILTROS:
        periodo = (date(1899, 1, 1), date(2026, 1, 1))
        antes = "".join(
            exportacao_antiga.movimentacao_csv(
                exportacao_antiga.movimentacoes(engine, *periodo, tipo, filtro), SAO_PAULO
            )
        )
        agora = "".join(
            csv_br.movimentacao_csv(exportacao.paginas(engine, *periodo, tipo, filtro), SAO_PAULO)
        )
        assert agora == antes, (tipo, filtro)
    assert antes.count("\r\n") > 1  # the last filter still keeps some rows


def test_movimentacao_csv_route_sends_the_csv_before(
    engine: Engine, consolidado_client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    _gravar(engine)
    monkeypatch.setattr(exportacao, "PAGINA", 7)
    periodo = "inicio=2023-04-01&fim=2026-03-31"
    ids = (PRIMEIRA_CATEGORIA, PRIMEIRO_CAIXA)  # -Descontos, Balcão
    consultas = [
        ("", None, Filtro()),
        ("&tipo=saida&forma_pagamento=pix", Tipo.SAIDA, Filtro(forma=FormaPagamento.PIX)),
        ("&categoria=-Descontos&caixa=Balcão", None, Filtro(None, *ids)),
    ]
    for consulta, tipo, filtro in consultas:
        response = consolidado_client.get(f"/movimentacao.csv?{periodo}{consulta}")
        assert response.status_code == 200
        antigas = exportacao_antiga.movimentacoes(
            engine, date(2023, 4, 1), date(2026, 3, 31), tipo, filtro
        )
        antes = "".join(exportacao_antiga.movimentacao_csv(antigas, SAO_PAULO))
        assert response.data.decode() == antes, consulta


def _planilha(conteudo: bytes) -> dict[str, bytes]:
    """Every part of the XLSX but docProps/core.xml, which holds the time it was made."""
    with zipfile.ZipFile(io.BytesIO(conteudo)) as arquivo:
        return {
            nome: arquivo.read(nome) for nome in arquivo.namelist() if nome != "docProps/core.xml"
        }


@pytest.mark.parametrize("pagina", [7, exportacao.PAGINA])
def test_movimentacao_xlsx_is_the_sheet_before(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, pagina: int
) -> None:
    _gravar(engine)
    monkeypatch.setattr(exportacao, "PAGINA", pagina)
    for tipo, filtro in FILTROS[:3]:
        periodo = (date(1899, 1, 1), date(2026, 1, 1))
        antes, agora = io.BytesIO(), io.BytesIO()
        exportacao_antiga.movimentacao_xlsx(
            exportacao_antiga.movimentacoes(engine, *periodo, tipo, filtro), SAO_PAULO, antes
        )
        xlsx.movimentacao_xlsx(exportacao.paginas(engine, *periodo, tipo, filtro), SAO_PAULO, agora)
        assert _planilha(agora.getvalue()) == _planilha(antes.getvalue()), (tipo, filtro)
