"""The CSV of our exports, written for Excel in Brazil and read back by `importar`.

- UTF-8 with a byte order mark: Excel reads the accents right only when the BOM is there.
- `;` between fields: the list separator of Windows in pt-BR, so Excel splits columns
  on a double click (a comma is the decimal separator there).
- Money as `1110,00` (decimal comma, no thousands separator) and days as `05/03/2025`:
  Excel in pt-BR turns both into real numbers and dates.
- `data_inclusao` as ISO 8601 with the offset (`2025-03-04T23:43:08.921651-03:00`): the
  exact instant, to the microsecond the database keeps, so an import keeps it and
  recognises a row already present; Excel leaves it as text, the day is in `data`.
- Lines end in CRLF (RFC 4180); a field with `;`, quotes or a line break is quoted.
- `forma_pagamento` as the merchant reads it ("PIX", "Débito") and `categoria` as its name;
  both empty when the movement has none. The importer reads a forma by label or value and
  still reads the older CSV without these two columns.
- A descricao (or categoria) starting with `=`, `+`, `-`, `@`, tab or CR gets a leading
  `'` so Excel shows it as text instead of running it as a formula (OWASP "CSV
  injection"). One that already starts with `'` gets one too, so the importer, which
  removes exactly one quote before any of these, gives back the text exactly.
- Control characters and non-characters, which the API refuses but an old import may
  have stored, are written as U+FFFD (see `domain.texto`); days always have four-digit
  years (`01/01/0999`, which `importar` then refuses by name).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TextIO, TypeVar
from zoneinfo import ZoneInfo

from fluxo_caixa.domain import dinheiro
from fluxo_caixa.domain.categoria import parse_nome
from fluxo_caixa.domain.consolidado import Periodo
from fluxo_caixa.domain.exportacao import ROTULO_DA_FORMA, Dia, Fuso, LinhaExportada, dia_de
from fluxo_caixa.domain.movimentacao import (
    DATA_MINIMA,
    ID_MAXIMO,
    CampoInvalido,
    Tipo,
    parse_descricao,
    parse_tipo,
)
from fluxo_caixa.domain.pagamento import NAO_INFORMADA, FormaPagamento, parse_forma
from fluxo_caixa.domain.texto import neutralizado

BOM = "\ufeff"
DELIMITADOR = ";"
MEDIA_TYPE = "text/csv"  # Flask adds "; charset=utf-8"
CONSOLIDADO_COLUNAS = (
    "data",
    "entradas",
    "saidas",
    "saldo_dia",
    "saldo_anterior",
    "saldo_final",
    "qtd_entradas",
    "qtd_saidas",
    "registros",
)
MOVIMENTACAO_COLUNAS_ANTIGAS = (  # before formas and categorias (issue 12); still read
    "id",
    "data",
    "tipo",
    "valor",
    "descricao",
    "data_inclusao",
    "estorno_de",
)
MOVIMENTACAO_COLUNAS = (*MOVIMENTACAO_COLUNAS_ANTIGAS, "forma_pagamento", "categoria")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_ASPA = "'"
_PROTEGIDOS = (*_FORMULA, _ASPA)  # what gets the leading quote on export


class _Dialeto(csv.Dialect):
    delimiter = DELIMITADOR
    quotechar = '"'
    doublequote = True
    lineterminator = "\r\n"
    quoting = csv.QUOTE_MINIMAL
    skipinitialspace = False
    strict = True


def valor_br(centavos: int) -> str:
    """1110,00 and -50,00: what Excel in pt-BR reads as a number."""
    return dinheiro.formatar(centavos).replace(".", ",")


def data_br(dia: date) -> str:
    # Not strftime: "%Y" writes the year 999 as "999", which nothing reads back.
    return f"{dia.day:02d}/{dia.month:02d}/{dia.year:04d}"


def texto_seguro(texto: str | None) -> str:
    """A descricao as the CSV holds it: neutralised, and never read as a formula."""
    if not texto:
        return ""
    texto = neutralizado(texto)
    return _ASPA + texto if texto.startswith(_PROTEGIDOS) else texto


def texto_lido(campo: str) -> str:
    """The inverse of `texto_seguro` (for what it can write): one quote off when it
    protects a formula character or another quote."""
    if campo.startswith(_ASPA) and campo[1:].startswith(_PROTEGIDOS):
        return campo[1:]
    return campo


_K = TypeVar("_K")
_V = TypeVar("_V")


class _Memo(dict[_K, _V]):
    """`memo[k]` is `funcao(k)`, computed once per key."""

    def __init__(self, funcao: Callable[[_K], _V]) -> None:
        super().__init__()
        self.funcao = funcao

    def __missing__(self, chave: _K) -> _V:
        valor = self[chave] = self.funcao(chave)
        return valor


# A forma's value as the merchant reads it; none is an empty field.
_ROTULOS: dict[str | None, str] = {None: "", "": ""}
_ROTULOS.update(ROTULO_DA_FORMA)


def _data_br_de(valor: Dia) -> str:
    return data_br(dia_de(valor))


def _linha(campos: Sequence[object]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, dialect=_Dialeto).writerow(campos)
    return buffer.getvalue()


def consolidado_csv(periodo: Periodo) -> Iterator[str]:
    yield BOM + _linha(CONSOLIDADO_COLUNAS)
    for dia in periodo.dias:
        somas = dia.somas
        yield _linha(
            (
                data_br(dia.data),
                valor_br(somas.entradas),
                valor_br(somas.saidas),
                valor_br(dia.saldo_dia),
                valor_br(dia.saldo_anterior),
                valor_br(dia.saldo_final),
                somas.qtd_entradas,
                somas.qtd_saidas,
                somas.registros,
            )
        )


def movimentacao_csv(paginas: Iterable[Sequence[LinhaExportada]], tz: ZoneInfo) -> Iterator[str]:
    """The header, then one string per page of movements (a page is written at once)."""
    yield BOM + _linha(MOVIMENTACAO_COLUNAS)
    buffer = io.StringIO()
    escritor = csv.writer(buffer, dialect=_Dialeto)
    for pagina in paginas:
        # Per page, so memory stays flat: the few days, texts and formas a page repeats
        # are formatted once each.
        datas = _Memo(_data_br_de)
        textos = _Memo(texto_seguro)
        fuso = Fuso(tz)
        escritor.writerows(
            (
                ident,
                datas[dia],
                tipo,
                f"{centavos // 100},{centavos % 100:02d}" if centavos >= 0 else valor_br(centavos),
                textos[descricao],
                fuso.iso(incluida),
                estorno_de,  # None is written as an empty field
                _ROTULOS[forma],
                textos[categoria],
            )
            for ident, dia, tipo, centavos, descricao, incluida, estorno_de, forma, categoria
            in pagina
        )  # fmt: skip
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


# -- reading back -----------------------------------------------------------------


class ArquivoInvalido(ValueError):
    """The file is not one of our movement CSVs; the message says why, in Portuguese."""


@dataclass(frozen=True, slots=True)
class LinhaMovimentacao:
    """One movement read from our CSV, validated."""

    linha: int
    id: int
    data: date
    tipo: Tipo
    valor_centavos: int
    descricao: str | None
    data_inclusao: datetime  # aware, UTC
    estorno_de: int | None
    forma_pagamento: FormaPagamento | None = None
    categoria: str | None = None  # its name; the importer finds or creates it


@dataclass(frozen=True, slots=True)
class ErroLinha:
    linha: int
    mensagem: str


_DATA_BR = re.compile(r"([0-9]{2})/([0-9]{2})/([0-9]{4})", re.ASCII)


def parse_data_br(texto: str) -> date:
    """05/03/2025 (what we write, and what Excel in pt-BR saves) or 2025-03-05, from
    01/03/1900 on."""
    texto = texto.strip()
    dia: date | None = None
    try:
        if match := _DATA_BR.fullmatch(texto):
            d, mes, ano = (int(g) for g in match.groups())
            dia = date(ano, mes, d)
        elif re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", texto, re.ASCII):
            dia = date.fromisoformat(texto)
    except ValueError:
        pass
    if dia is None:
        raise CampoInvalido(f"data inválida {texto!r}; use DD/MM/AAAA.")
    if dia < DATA_MINIMA:
        raise CampoInvalido(f"data {data_br(dia)} anterior a {data_br(DATA_MINIMA)}.")
    return dia


def _parse_instante(texto: str) -> datetime:
    try:
        instante = datetime.fromisoformat(texto.strip())
    except ValueError:
        raise CampoInvalido(f"data_inclusao inválida {texto!r}.") from None
    if instante.tzinfo is None:
        raise CampoInvalido(f"data_inclusao sem fuso horário: {texto!r}.")
    return instante.astimezone(UTC)


def _parse_id(texto: str, campo: str) -> int:
    texto = texto.strip()
    if not texto.isascii() or not texto.isdigit() or not 0 < int(texto) <= ID_MAXIMO:
        raise CampoInvalido(f"{campo} inválido {texto!r}.")
    return int(texto)


@contextmanager
def abrir(caminho: Path) -> Iterator[TextIO]:
    """A CSV file as text, for `ler_movimentacoes`: UTF-8 (with or without BOM), or
    Windows-1252 when Excel saved it as plain "CSV"; anything else is ArquivoInvalido."""
    with caminho.open(encoding=_codificacao(caminho), newline="") as arquivo:
        yield arquivo


def _codificacao(caminho: Path) -> str:
    """Decided by decoding the whole file in blocks first: never all in memory, and no
    undecodable byte found halfway through the import."""
    for nome, abrir_com in (("utf-8", "utf-8-sig"), ("cp1252", "cp1252")):
        if _decodifica(caminho, nome):
            return abrir_com
    raise ArquivoInvalido(
        "O arquivo não é um CSV de texto (nem UTF-8 nem Windows-1252); "
        "importe o CSV de /movimentacao.csv."
    )


def _decodifica(caminho: Path, codificacao: str) -> bool:
    decoder = codecs.getincrementaldecoder(codificacao)()
    with caminho.open("rb") as arquivo:
        try:
            while bloco := arquivo.read(1 << 20):
                decoder.decode(bloco)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def ler_movimentacoes(texto: str | Iterable[str]) -> Iterator[LinhaMovimentacao | ErroLinha]:
    """Each data line of our movement CSV, parsed, or the reason it cannot be.

    `texto` is the whole text, or its lines (a file opened with newline="").
    """
    linhas = io.StringIO(texto, newline="") if isinstance(texto, str) else texto
    leitor = csv.reader(linhas, dialect=_Dialeto)
    try:
        cabecalho = next(leitor, None)
    except csv.Error as erro:
        raise ArquivoInvalido(f"CSV ilegível: {erro}.") from None
    if cabecalho is None:
        raise ArquivoInvalido("O arquivo está vazio.")
    nomes = tuple(c.strip().lower() for c in cabecalho)
    if nomes == CONSOLIDADO_COLUNAS:
        raise ArquivoInvalido(
            "Este é o CSV do consolidado (somas por dia); importe o CSV das movimentações "
            "(/movimentacao.csv)."
        )
    if nomes not in (MOVIMENTACAO_COLUNAS, MOVIMENTACAO_COLUNAS_ANTIGAS):
        raise ArquivoInvalido(
            "Cabeçalho inesperado. O CSV deve ter as colunas "
            f"{DELIMITADOR.join(MOVIMENTACAO_COLUNAS)} (o formato de /movimentacao.csv)."
        )
    while True:
        numero = leitor.line_num + 1  # where the record starts: a field may span lines
        try:
            campos = next(leitor)
        except StopIteration:
            return
        except csv.Error as erro:
            yield ErroLinha(numero, f"CSV ilegível: {erro}.")
            return
        if not any(c.strip() for c in campos):
            continue
        yield _linha_movimentacao(numero, campos, len(nomes))


def _forma(texto: str) -> FormaPagamento | None:
    """A forma by label ("PIX", "Débito") or value ("debito"); empty is "não informada"."""
    texto = texto.strip()
    if not texto or texto.casefold() == NAO_INFORMADA.casefold():
        return None
    try:
        return parse_forma(texto)
    except CampoInvalido as erro:
        raise CampoInvalido(f"forma_pagamento {texto!r}: {erro}") from None


def _categoria(texto: str) -> str | None:
    texto = texto_lido(texto.strip())
    if not texto:
        return None
    try:
        return parse_nome(texto)
    except CampoInvalido as erro:
        raise CampoInvalido(f"categoria {texto!r}: {erro}") from None


def _linha_movimentacao(
    numero: int, campos: list[str], colunas: int
) -> LinhaMovimentacao | ErroLinha:
    if len(campos) != colunas:
        return ErroLinha(numero, f"esperados {colunas} campos, encontrados {len(campos)}.")
    ident, data, tipo, valor, descricao, inclusao, estorno_de = campos[:7]
    forma, categoria = campos[7:] if colunas == len(MOVIMENTACAO_COLUNAS) else ("", "")
    try:
        return LinhaMovimentacao(
            linha=numero,
            id=_parse_id(ident, "id"),
            data=parse_data_br(data),
            tipo=parse_tipo(tipo),
            valor_centavos=_centavos(valor),
            descricao=parse_descricao(texto_lido(descricao)),
            data_inclusao=_parse_instante(inclusao),
            estorno_de=_parse_id(estorno_de, "estorno_de") if estorno_de.strip() else None,
            forma_pagamento=_forma(forma),
            categoria=_categoria(categoria),
        )
    except (CampoInvalido, dinheiro.ValorInvalido) as erro:
        return ErroLinha(numero, str(erro))


def _centavos(texto: str) -> int:
    try:
        return dinheiro.centavos_de_texto_brasileiro(texto)
    except dinheiro.ValorInvalido as erro:
        raise CampoInvalido(f"valor {texto.strip()!r}: {erro}") from None
