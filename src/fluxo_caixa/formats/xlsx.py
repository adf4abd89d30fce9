"""XLSX exports: real numbers (exact reais) and real dates, formatted the Brazilian way.

Text goes through `domain.texto.neutralizado`: a control character makes openpyxl refuse
the cell (the whole file with it) and U+FFFF makes the XML malformed; the API refuses
both, but an old import may have stored them. A day before 01/03/1900 (also only from an
old import) is written as ISO text: Excel has no right serial number for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from fluxo_caixa.domain.categoria import SEM_CATEGORIA
from fluxo_caixa.domain.consolidado import Periodo
from fluxo_caixa.domain.detalhado import Detalhado
from fluxo_caixa.domain.dinheiro import para_decimal
from fluxo_caixa.domain.exportacao import ROTULO_DA_FORMA, Fuso, LinhaExportada, dia_de
from fluxo_caixa.domain.movimentacao import DATA_MINIMA
from fluxo_caixa.domain.pagamento import rotulo
from fluxo_caixa.domain.texto import neutralizado

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel shows "R$ 1.110,00" in a pt-BR locale; negatives in red with a minus sign.
FORMATO_REAIS = '"R$" #,##0.00;[Red]-"R$" #,##0.00'
FORMATO_DATA = "dd/mm/yyyy"
FORMATO_DATA_HORA = "dd/mm/yyyy hh:mm:ss"
FORMATO_PERCENTUAL = "0.00%"
MAX_LINHAS = 1_048_576  # Excel's row limit, header included
_NEGRITO = Font(bold=True)


class PlanilhaGrandeDemais(ValueError):
    """More rows than a worksheet holds."""


def _celula(ws: WriteOnlyWorksheet, valor: Any, formato: str | None = None) -> Cell:
    dia = valor.date() if isinstance(valor, datetime) else valor
    if isinstance(dia, date) and dia < DATA_MINIMA:
        valor, formato = valor.isoformat(), None
    if isinstance(valor, str):
        valor = neutralizado(valor)
    cell = WriteOnlyCell(ws, value=valor)
    if isinstance(valor, str):
        # Text is text: a descricao like "=1+1" must never become a formula.
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


def _percentual(ws: WriteOnlyWorksheet, centesimos: int) -> Cell:
    """Hundredths of a percent as an exact fraction (3333 -> 0.3333), shown as 33,33%."""
    return _celula(ws, Decimal(centesimos).scaleb(-4), FORMATO_PERCENTUAL)


def consolidado_xlsx(
    periodo: Periodo, destino: IO[bytes], detalhado: Detalhado | None = None
) -> None:
    """The days of the period; with `detalhado`, also its sheets by forma and by categoria."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Consolidado")
    nomes = (
        "Data",
        "Entradas",
        "Saídas",
        "Saldo do dia",
        "Saldo anterior",
        "Saldo final",
        "Qtd. entradas",
        "Qtd. saídas",
        "Registros",
    )
    _cabecalho(ws, nomes, (12, 16, 16, 16, 18, 18, 13, 12, 11))
    for dia in periodo.dias:
        somas = dia.somas
        ws.append(
            [
                _celula(ws, dia.data, FORMATO_DATA),
                _reais(ws, somas.entradas),
                _reais(ws, somas.saidas),
                _reais(ws, dia.saldo_dia),
                _reais(ws, dia.saldo_anterior),
                _reais(ws, dia.saldo_final),
                somas.qtd_entradas,
                somas.qtd_saidas,
                somas.registros,
            ]
        )
    ws.auto_filter.ref = f"A1:I{len(periodo.dias) + 1}"
    totais = periodo.totais
    total = _celula(ws, "Total")
    total.font = _NEGRITO
    ws.append(
        [
            total,
            _reais(ws, totais.entradas),
            _reais(ws, totais.saidas),
            _reais(ws, totais.saldo),
            _reais(ws, periodo.saldo_anterior),
            _reais(ws, periodo.saldo_final),
            totais.qtd_entradas,
            totais.qtd_saidas,
            totais.registros,
        ]
    )
    if detalhado is not None:
        _por_forma(wb.create_sheet("Por forma de pagamento"), detalhado)
        _por_categoria(wb.create_sheet("Por categoria"), detalhado)
    wb.save(destino)


def _por_forma(ws: WriteOnlyWorksheet, detalhado: Detalhado) -> None:
    nomes = (
        "Forma de pagamento",
        "Entradas",
        "Saídas",
        "Qtd. entradas",
        "Qtd. saídas",
        "% das entradas",
        "% das saídas",
    )
    _cabecalho(ws, nomes, (22, 16, 16, 13, 12, 15, 14))
    for p in detalhado.por_forma:
        ws.append(
            [
                _celula(ws, rotulo(p.forma)),
                _reais(ws, p.entradas),
                _reais(ws, p.saidas),
                p.qtd_entradas,
                p.qtd_saidas,
                _percentual(ws, p.centesimos_entradas),
                _percentual(ws, p.centesimos_saidas),
            ]
        )


def _por_categoria(ws: WriteOnlyWorksheet, detalhado: Detalhado) -> None:
    nomes = ("Categoria", "Tipo", "Valor", "Qtd.", "% do tipo")
    _cabecalho(ws, nomes, (32, 9, 16, 8, 11))
    for c in detalhado.por_categoria:
        ws.append(
            [
                _celula(ws, SEM_CATEGORIA if c.categoria is None else c.categoria),
                _celula(ws, c.tipo.value),
                _reais(ws, c.valor),
                c.quantidade,
                _percentual(ws, c.centesimos),
            ]
        )


def movimentacao_xlsx(
    paginas: Iterable[Sequence[LinhaExportada]], tz: ZoneInfo, destino: IO[bytes]
) -> None:
    """One row per movement, page after page; refuses (before writing `destino`) past
    Excel's row limit."""
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
    try:
        for pagina in paginas:
            linhas += len(pagina)
            if linhas > MAX_LINHAS:
                raise PlanilhaGrandeDemais(
                    f"O período tem mais de {MAX_LINHAS - 1} movimentações, o limite de uma "
                    "planilha; exporte em CSV ou escolha um período menor."
                )
            fuso = Fuso(tz)
            for linha in pagina:
                ws.append(_linha_movimentacao(ws, linha, fuso))
    except BaseException:
        ws.close()  # finish the sheet's temporary file now, not at garbage collection
        raise
    ws.auto_filter.ref = f"A1:I{linhas}"
    wb.save(destino)


def _linha_movimentacao(ws: WriteOnlyWorksheet, linha: LinhaExportada, fuso: Fuso) -> list[Any]:
    ident, data, tipo, centavos, descricao, incluida, estorno_de, forma, categoria = linha
    # Whole seconds: Excel keeps milliseconds at best and would round 23:59:59.9 up.
    local = fuso.local(incluida).replace(microsecond=0)
    data = dia_de(data)
    return [
        ident,
        _data(ws, data, data, FORMATO_DATA),
        tipo,  # "entrada" or "saida": text as it is
        _reais(ws, centavos),
        _texto(ws, descricao),
        _data(ws, local, local.date(), FORMATO_DATA_HORA),
        estorno_de,
        ROTULO_DA_FORMA[forma] if forma else None,
        _texto(ws, categoria),
    ]


# A million rows: the cells below are what `_celula` makes, without its checks for the
# types a column cannot hold; a plain value costs openpyxl less than a cell object.


def _data(ws: WriteOnlyWorksheet, valor: date, dia: date, formato: str) -> Cell | str:
    """`valor` is a date or a datetime; `dia` its day."""
    if dia < DATA_MINIMA:
        return valor.isoformat()  # text: no formula or error code starts with a digit
    celula: Any = valor  # the stubs know datetime only, openpyxl takes a date as well
    cell = WriteOnlyCell(ws, value=celula)
    cell.number_format = formato
    return cell


def _texto(ws: WriteOnlyWorksheet, texto: str | None) -> Cell | str | None:
    """Text as text: plain when openpyxl would type it as text anyway, else a cell made
    text (a descricao like "=1+1" must never become a formula, nor "#N/A" an error)."""
    if texto is None:
        return None
    texto = neutralizado(texto)
    if texto.startswith("=") or texto in ERROR_CODES:
        return _celula(ws, texto)
    return texto
