"""HTTP routes of the consolidado service: parse, read the projection, answer."""

from __future__ import annotations

import contextlib
import hashlib
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import IO

from flask import Blueprint, Response, current_app, request, stream_with_context
from werkzeug.wsgi import wrap_file

from fluxo_caixa.consolidado.schemas import DiarioQuery, DiasQuery, PeriodoQuery, QuebrasQuery
from fluxo_caixa.contrato.consolidado import (
    QuebrasOut,
    RelatorioZOut,
    detalhado_json,
    dia_json,
    periodo_json,
)
from fluxo_caixa.contrato.dias import DiasOut
from fluxo_caixa.contrato.lancamentos import CaixaOut, CaixasOut
from fluxo_caixa.db import exportacao
from fluxo_caixa.db.consolidado import Consolidado
from fluxo_caixa.db.detalhado import Filtro
from fluxo_caixa.db.slots import lend
from fluxo_caixa.domain.caixa import Caixa, caixa_informado
from fluxo_caixa.domain.categoria import Categoria, categoria_do_filtro
from fluxo_caixa.domain.consolidado import Periodo, periodo_pedido
from fluxo_caixa.domain.detalhado import Detalhado
from fluxo_caixa.domain.dia import dia_do_caminho
from fluxo_caixa.domain.exportacao import Pagina
from fluxo_caixa.domain.movimentacao import CampoInvalido, Tipo, parse_dia, sem_acento
from fluxo_caixa.domain.pagamento import FormaPagamento
from fluxo_caixa.domain.relatorio import RelatorioZ
from fluxo_caixa.formats import csv_br, relatorio_pdf, xlsx
from fluxo_caixa.web.requests import validate_query
from fluxo_caixa.web.responses import health_response, http_date_now

bp = Blueprint("consolidado", __name__)


def consolidado() -> Consolidado:
    return current_app.extensions["consolidado"]  # type: ignore[no-any-return]


# With any of these the answer may be a 304, a 412 or partial: werkzeug decides.
_CONDICIONAIS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_UNMODIFIED_SINCE",
)


@dataclass(frozen=True, slots=True)
class Corpo:
    """A JSON answer ready to send: its bytes and their sha1 (werkzeug's own ETag)."""

    dados: bytes
    etag: str

    @classmethod
    def de(cls, texto: str) -> Corpo:
        dados = texto.encode()
        return cls(dados, hashlib.sha1(dados).hexdigest())  # noqa: S324 - werkzeug's ETag


def _conditional_json(corpo: str | Corpo) -> Response:
    """A 200 with an ETag; 304 with no body when the client already has it.

    The dashboard polls every few seconds: an unchanged period (a 3-year one is about
    200 KB) then costs a few headers on the wire.
    """
    pronto = corpo if isinstance(corpo, Corpo) else Corpo.de(corpo)
    environ = request.environ  # one lookup through werkzeug's proxy, not one per name
    if any(nome in environ for nome in _CONDICIONAIS):
        response = Response(pronto.dados, status=200, mimetype="application/json")
        # The browser may keep it but must ask again each time; shared caches never keep
        # the merchant's figures.
        response.headers["Cache-Control"] = "private, no-cache"
        response.set_etag(pronto.etag)
        response.make_conditional(request)  # turns it, in place, into the 304 when it matches
        return response
    # No condition to check: the same headers werkzeug's set_etag and make_conditional
    # write (ETag, Date), set at once (they were a sixth of a day read's time).
    return Response(
        pronto.dados,
        status=200,
        headers=[
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(pronto.dados))),
            ("Cache-Control", "private, no-cache"),
            ("ETag", f'"{pronto.etag}"'),
            ("Date", http_date_now()),
        ],
    )


def _corpo_do_dia(periodo: Periodo) -> Corpo:
    (dia,) = periodo.dias
    return Corpo.de(dia_json(dia))


def _corpo_do_periodo(periodo: Periodo) -> Corpo:
    return Corpo.de(periodo_json(periodo))


@dataclass(frozen=True)
class Intervalo:
    """What `?inicio=&fim=&tipo=&forma_pagamento=&categoria=` asks for, checked."""

    inicio: date
    fim: date
    tipo: Tipo | None
    forma: FormaPagamento | None = None
    categoria: Categoria | None = None
    caixa: Caixa | None = None

    @property
    def filtro(self) -> Filtro:
        return Filtro(
            self.forma,
            None if self.categoria is None else self.categoria.id,
            None if self.caixa is None else self.caixa.id,
        )


# `?inicio=AAAA-MM-DD&fim=AAAA-MM-DD` and nothing else, the usual query: read without
# building the query model, with the parse_dia the model itself uses.
_SO_O_PERIODO = re.compile(r"inicio=([0-9]{4}-[0-9]{2}-[0-9]{2})&fim=([0-9]{4}-[0-9]{2}-[0-9]{2})")


def _periodo_simples() -> tuple[date, date] | None:
    simples = _SO_O_PERIODO.fullmatch(request.environ.get("QUERY_STRING", ""))
    if simples is not None:
        with contextlib.suppress(CampoInvalido):
            return parse_dia(simples.group(1)), parse_dia(simples.group(2))
    return None


def intervalo_da_query() -> Intervalo:
    simples = _periodo_simples()
    if simples is not None:
        return Intervalo(*periodo_pedido(*simples, consolidado().hoje()), None)
    query = validate_query(PeriodoQuery, request)
    inicio, fim = periodo_pedido(query.inicio, query.fim, consolidado().hoje())
    categoria = None
    if query.categoria is not None:
        # Any categoria, inactive or of either tipo: the filter reads history.
        categoria = categoria_do_filtro(query.categoria, consolidado().categorias())
    caixa = None
    if query.caixa is not None:
        caixa = caixa_informado(query.caixa, consolidado().caixas())
    return Intervalo(inicio, fim, query.tipo, query.forma_pagamento, categoria, caixa)


def periodo_do_intervalo(intervalo: Intervalo) -> Periodo:
    filtro = intervalo.filtro
    if filtro.vazio:  # the plain period keeps its one prebuilt read of saldo_diario
        return consolidado().periodo(intervalo.inicio, intervalo.fim, intervalo.tipo)
    return consolidado().periodo_filtrado(intervalo.inicio, intervalo.fim, intervalo.tipo, filtro)


def periodo_da_query() -> Periodo:
    """The period of the query string, shared by the JSON, the files and the dashboard."""
    return periodo_do_intervalo(intervalo_da_query())


def _no_nome(texto: str) -> str:
    """Plain ASCII for a file name: "Água, luz e internet" -> "agua-luz-e-internet"."""
    return re.sub(r"[^a-z0-9]+", "-", sem_acento(texto).lower()).strip("-") or "categoria"


def nome_do_arquivo(base: str, intervalo: Intervalo, extensao: str) -> str:
    """consolidado_2025-03-01_2025-03-31_saida_pix_vendas.csv"""
    partes = [base, intervalo.inicio.isoformat(), intervalo.fim.isoformat()]
    if intervalo.tipo is not None:
        partes.append(intervalo.tipo.value)
    if intervalo.forma is not None:
        partes.append(intervalo.forma.value)
    if intervalo.categoria is not None:
        partes.append(_no_nome(intervalo.categoria.nome))
    if intervalo.caixa is not None:
        partes.append(_no_nome(intervalo.caixa.nome))
    return "_".join(partes) + "." + extensao


# `?data=AAAA-MM-DD` and nothing else, as every client sends it: read without building
# the query model (the model reads the same value with the same parse_dia, and still
# reads every other query string, errors included).
_SO_A_DATA = re.compile(r"data=([0-9]{4}-[0-9]{2}-[0-9]{2})")


def _dia_da_query() -> date:
    simples = _SO_A_DATA.fullmatch(request.environ.get("QUERY_STRING", ""))
    if simples is not None:
        with contextlib.suppress(CampoInvalido):
            return parse_dia(simples.group(1))
    query = validate_query(DiarioQuery, request)
    return query.data or consolidado().hoje()


@bp.get("/consolidado/diario")
def diario() -> Response:
    dia = _dia_da_query()
    # Encoded once per version of saldo_diario (db.consolidado): a pure function of it.
    return _conditional_json(consolidado().periodo_como(dia, dia, None, _corpo_do_dia))


@bp.get("/consolidado")
def periodo() -> Response:
    intervalo = intervalo_da_query()
    if intervalo.filtro.vazio:
        corpo = consolidado().periodo_como(
            intervalo.inicio, intervalo.fim, intervalo.tipo, _corpo_do_periodo
        )
        return _conditional_json(corpo)
    return _conditional_json(periodo_json(periodo_do_intervalo(intervalo)))


def _corpo_do_detalhado(resultado: Detalhado) -> Corpo:
    return Corpo.de(detalhado_json(resultado))


@bp.get("/consolidado/detalhado")
def detalhado() -> Response:
    intervalo = intervalo_da_query()
    if intervalo.filtro.vazio:
        corpo = consolidado().detalhado_como(
            intervalo.inicio, intervalo.fim, intervalo.tipo, _corpo_do_detalhado
        )
        return _conditional_json(corpo)
    resultado = consolidado().detalhado(
        intervalo.inicio, intervalo.fim, intervalo.tipo, intervalo.filtro
    )
    return _conditional_json(detalhado_json(resultado))


# -- the day: relatório Z, quebras ---------------------------------------------------


def relatorio_do_dia(data: str) -> RelatorioZ:
    """A closed day's stored snapshot, else the open day's figures (PARCIAL)."""
    return consolidado().relatorio(dia_do_caminho(data), RelatorioZOut.ler)


@bp.get("/dias/<data>/relatorio")
def relatorio(data: str) -> Response:
    resultado = relatorio_do_dia(data)
    return _conditional_json(RelatorioZOut.de(resultado, consolidado().tz).model_dump_json())


@bp.get("/dias/<data>/relatorio.pdf")
def relatorio_em_pdf(data: str) -> Response:
    resultado = relatorio_do_dia(data)
    lend()  # tens of milliseconds of layout for a busy day: not in a slot the reads need
    conteudo = relatorio_pdf.relatorio_pdf(resultado, consolidado().tz, consolidado().clock())
    nome = f"relatorio-z_{resultado.data.isoformat()}.pdf"
    return Response(
        conteudo,
        mimetype=relatorio_pdf.MEDIA_TYPE,
        headers={"Content-Disposition": f'inline; filename="{nome}"', "Cache-Control": "no-store"},
    )


@bp.get("/caixa/quebras")
def quebras() -> Response:
    query = validate_query(QuebrasQuery, request)
    inicio, fim = periodo_pedido(query.inicio, query.fim, consolidado().hoje())
    resultado = consolidado().quebras(inicio, fim, query.caixa)
    return _conditional_json(QuebrasOut.de(resultado, query.caixa).model_dump_json())


@bp.get("/dias")
def dias() -> Response:
    """Which days of the period are closed (for the dashboard's marks), read here so the
    dashboard never asks the lançamentos service."""
    query = validate_query(DiasQuery, request)
    inicio, fim = periodo_pedido(query.inicio, query.fim, consolidado().hoje())
    estados = consolidado().dias(inicio, fim)
    return _conditional_json(DiasOut.de(inicio, fim, estados, consolidado().tz).model_dump_json())


@bp.get("/caixas")
def caixas() -> Response:
    """The caixas, as the lançamentos service lists them: the dashboard's caixa filter."""
    itens = [CaixaOut.de(c) for c in consolidado().caixas()]
    return _conditional_json(CaixasOut(itens=itens).model_dump_json())


# -- files ------------------------------------------------------------------------


def _anexo(nome: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{nome}"', "Cache-Control": "no-store"}


def _csv(linhas: Iterable[str], nome: str) -> Response:
    return Response(linhas, mimetype=csv_br.MEDIA_TYPE, headers=_anexo(nome))


def _xlsx(escrever: Callable[[IO[bytes]], None], nome: str) -> Response:
    """Build the workbook in a temporary file (rows never all in memory), then send it."""
    arquivo = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes (and so deletes) it
    lend()  # seconds to minutes of writing: the day reads go on in this request's slot
    try:
        escrever(arquivo)  # PlanilhaGrandeDemais is a 422, mapped in web.errors
    except BaseException:
        arquivo.close()
        raise
    tamanho = arquivo.tell()
    arquivo.seek(0)
    return Response(
        wrap_file(request.environ, arquivo),
        mimetype=xlsx.MEDIA_TYPE,
        headers={**_anexo(nome), "Content-Length": str(tamanho)},
        direct_passthrough=True,
    )


@bp.get("/consolidado.csv")
def consolidado_csv() -> Response:
    intervalo = intervalo_da_query()
    periodo = periodo_do_intervalo(intervalo)
    return _csv(csv_br.consolidado_csv(periodo), nome_do_arquivo("consolidado", intervalo, "csv"))


@bp.get("/consolidado.xlsx")
def consolidado_xlsx() -> Response:
    intervalo = intervalo_da_query()
    periodo = periodo_do_intervalo(intervalo)
    resultado = consolidado().detalhado(
        intervalo.inicio, intervalo.fim, intervalo.tipo, intervalo.filtro
    )
    return _xlsx(
        lambda destino: xlsx.consolidado_xlsx(periodo, destino, resultado),
        nome_do_arquivo("consolidado", intervalo, "xlsx"),
    )


def _movimentacoes(intervalo: Intervalo) -> Iterator[Pagina]:
    # Paged through the ledger while the file is written; the first page is read now, so
    # an unreachable database is still a 503 and not a truncated file.
    return exportacao.paginas(
        consolidado().engine, intervalo.inicio, intervalo.fim, intervalo.tipo, intervalo.filtro
    )


@bp.get("/movimentacao.csv")
def movimentacao_csv() -> Response:
    intervalo = intervalo_da_query()
    linhas = csv_br.movimentacao_csv(_movimentacoes(intervalo), consolidado().tz)
    return _csv(stream_with_context(linhas), nome_do_arquivo("movimentacao", intervalo, "csv"))


@bp.get("/movimentacao.xlsx")
def movimentacao_xlsx() -> Response:
    intervalo = intervalo_da_query()
    paginas = _movimentacoes(intervalo)
    tz = consolidado().tz
    return _xlsx(
        lambda destino: xlsx.movimentacao_xlsx(paginas, tz, destino),
        nome_do_arquivo("movimentacao", intervalo, "xlsx"),
    )


@bp.get("/saude")
def saude() -> Response:
    return health_response(consolidado().saudavel())
