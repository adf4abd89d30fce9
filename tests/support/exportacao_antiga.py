"""The movement exports as they were before issue 16, kept verbatim as the oracle of the
equivalence tests: the fast writers must produce what these did, byte for byte.

Then: Movimentacao objects from `movimentacoes.listar`, pages of 1000 continued by the
API's cursor; the CSV through one csv.writer per row; the XLSX one styled cell per value.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import IO, Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy import Engine

from fluxo_caixa.db.detalhado import Filtro
from fluxo_caixa.db.movimentacoes import listar
from fluxo_caixa.domain.dinheiro import formatar, para_decimal
from fluxo_caixa.domain.movimentacao import DATA_MINIMA, Movimentacao, Tipo
from fluxo_caixa.domain.texto import neutralizado

BOM = "\ufeff"
MOVIMENTACAO_COLUNAS = (
    "id", "data", "tipo", "valor", "descricao", "data_inclusao", "estorno_de",
    "forma_pagamento", "categoria",
)  # fmt: skip
_PROTEGIDOS = ("=", "+", "-", "@", "\t", "\r", "'")
FORMATO_REAIS = '"R$" #,##0.00;[Red]-"R$" #,##0.00'
FORMATO_DATA = "dd/mm/yyyy"
FORMATO_DATA_HORA = "dd/mm/yyyy hh:mm:ss"


def movimentacoes(
    engine: Engine, inicio: date, fim: date, tipo: Tipo | None, filtro: Filtro
) -> Iterator[Movimentacao]:
    cursor: str | None = None
    while True:
        with engine.connect() as conn:
            pagina = listar(
                conn, inicio, fim, tipo, 1000, cursor,
                filtro.forma, filtro.categoria_id, filtro.caixa_id,
            )  # fmt: skip
        yield from (item.movimentacao for item in pagina.itens)
        if pagina.proximo is None:
            return
        cursor = pagina.proximo


class _Dialeto(csv.Dialect):
    delimiter = ";"
    quotechar = '"'
    doublequote = True
    lineterminator = "\r\n"
    quoting = csv.QUOTE_MINIMAL
    skipinitialspace = False
    strict = True


def valor_br(centavos: int) -> str:
    return formatar(centavos).replace(".", ",")


def data_br(dia: date) -> str:
    return f"{dia.day:02d}/{dia.month:02d}/{dia.year:04d}"


def texto_seguro(texto: str | None) -> str:
    if not texto:
        return ""
    texto = neutralizado(texto)
    return "'" + texto if texto.startswith(_PROTEGIDOS) else texto


def _linha(campos: Sequence[object]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, dialect=_Dialeto).writerow(campos)
    return buffer.getvalue()


def movimentacao_csv(movimentacoes: Iterable[Movimentacao], tz: ZoneInfo) -> Iterator[str]:
    yield BOM + _linha(MOVIMENTACAO_COLUNAS)
    for mov in movimentacoes:
        yield _linha(
            (
                mov.id,
                data_br(mov.data),
                mov.tipo.value,
                valor_br(mov.valor_centavos),
                texto_seguro(mov.descricao),
                mov.data_inclusao.astimezone(tz).isoformat(timespec="microseconds"),
                "" if mov.estorno_de is None else mov.estorno_de,
                "" if mov.forma_pagamento is None else mov.forma_pagamento.rotulo,
                texto_seguro(mov.categoria),
            )
        )


_NEGRITO = Font(bold=True)


def _celula(ws: WriteOnlyWorksheet, valor: Any, formato: str | None = None) -> Cell:
    dia = valor.date() if isinstance(valor, datetime) else valor
    if isinstance(dia, date) and dia < DATA_MINIMA:
        valor, formato = valor.isoformat(), None
    if isinstance(valor, str):
        valor = neutralizado(valor)
    cell = WriteOnlyCell(ws, value=valor)
    if isinstance(valor, str):
        cell.data_type = "s"
    if formato is not None:
        cell.number_format = formato
    return cell


def _reais(ws: WriteOnlyWorksheet, centavos: int) -> Cell:
    return _celula(ws, para_decimal(centavos), FORMATO_REAIS)


def _cabecalho(ws: WriteOnlyWorksheet, nomes: Sequence[str], larguras: Sequence[int]) -> None:
    colunas: Any = ws.column_dimensions  # type: ignore[attr-defined]  # missing from the stubs
    for indice, largura in enumerate(larguras, start=1):
        colunas[get_column_letter(indice)].width = largura
    ws.freeze_panes = "A2"
    celulas = []
    for nome in nomes:
        cell = _celula(ws, nome)
        cell.font = _NEGRITO
        celulas.append(cell)
    ws.append(celulas)


def movimentacao_xlsx(
    movimentacoes: Iterable[Movimentacao], tz: ZoneInfo, destino: IO[bytes]
) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Movimentações")
    nomes = (
        "ID",
        "Data",
        "Tipo",
        "Valor",
        "Descrição",
        "Data de inclusão",
        "Estorno de",
        "Forma de pagamento",
        "Categoria",
    )
    _cabecalho(ws, nomes, (10, 12, 9, 16, 40, 20, 11, 18, 28))
    linhas = 1
    for mov in movimentacoes:
        linhas += 1
        ws.append(_linha_movimentacao(ws, mov, tz))
    ws.auto_filter.ref = f"A1:I{linhas}"
    wb.save(destino)


def _linha_movimentacao(ws: WriteOnlyWorksheet, mov: Movimentacao, tz: ZoneInfo) -> list[Any]:
    incluida: datetime = mov.data_inclusao.astimezone(tz).replace(tzinfo=None, microsecond=0)
    return [
        mov.id,
        _celula(ws, mov.data, FORMATO_DATA),
        _celula(ws, mov.tipo.value),
        _reais(ws, mov.valor_centavos),
        _celula(ws, mov.descricao),
        _celula(ws, incluida, FORMATO_DATA_HORA),
        mov.estorno_de,
        _celula(ws, None if mov.forma_pagamento is None else mov.forma_pagamento.rotulo),
        _celula(ws, mov.categoria),
    ]
