"""XLSX exports: real numbers (exact reais) and real dates, formatted the Brazilian way.

Text goes through `domain.texto.neutralizado`: a control character makes openpyxl refuse
the cell (the whole file with it) and U+FFFF makes the XML malformed; the API refuses
both, but an old import may have stored them. A day before 01/03/1900 (also only from an
old import) is written as ISO text: Excel has no right serial number for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import IO, Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from fluxo_caixa.domain.consolidado import Periodo
from fluxo_caixa.domain.dinheiro import para_decimal
from fluxo_caixa.domain.movimentacao import DATA_MINIMA, Movimentacao
from fluxo_caixa.domain.texto import neutralizado

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel shows "R$ 1.110,00" in a pt-BR locale; negatives in red with a minus sign.
FORMATO_REAIS = '"R$" #,##0.00;[Red]-"R$" #,##0.00'
FORMATO_DATA = "dd/mm/yyyy"
FORMATO_DATA_HORA = "dd/mm/yyyy hh:mm:ss"
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


def consolidado_xlsx(periodo: Periodo, destino: IO[bytes]) -> None:
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
    wb.save(destino)


def movimentacao_xlsx(
    movimentacoes: Iterable[Movimentacao], tz: ZoneInfo, destino: IO[bytes]
) -> None:
    """One row per movement; refuses (before writing `destino`) past Excel's row limit."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Movimentações")
    nomes = ("ID", "Data", "Tipo", "Valor", "Descrição", "Data de inclusão", "Estorno de")
    _cabecalho(ws, nomes, (10, 12, 9, 16, 40, 20, 11))
    linhas = 1
    try:
        for mov in movimentacoes:
            linhas += 1
            if linhas > MAX_LINHAS:
                raise PlanilhaGrandeDemais(
                    f"O período tem mais de {MAX_LINHAS - 1} movimentações, o limite de uma "
                    "planilha; exporte em CSV ou escolha um período menor."
                )
            ws.append(_linha_movimentacao(ws, mov, tz))
    except BaseException:
        ws.close()  # finish the sheet's temporary file now, not at garbage collection
        raise
    ws.auto_filter.ref = f"A1:G{linhas}"
    wb.save(destino)


def _linha_movimentacao(ws: WriteOnlyWorksheet, mov: Movimentacao, tz: ZoneInfo) -> list[Any]:
    # Whole seconds: Excel keeps milliseconds at best and would round 23:59:59.9 up.
    incluida: datetime = mov.data_inclusao.astimezone(tz).replace(tzinfo=None, microsecond=0)
    return [
        mov.id,
        _celula(ws, mov.data, FORMATO_DATA),
        _celula(ws, mov.tipo.value),
        _reais(ws, mov.valor_centavos),
        _celula(ws, mov.descricao),
        _celula(ws, incluida, FORMATO_DATA_HORA),
        mov.estorno_de,
    ]
