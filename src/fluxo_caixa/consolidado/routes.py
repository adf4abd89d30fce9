"""HTTP routes of the consolidado service: parse, read the projection, answer."""

from __future__ import annotations

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
    DetalhadoOut,
    DiaOut,
    PeriodoOut,
    QuebrasOut,
    RelatorioZOut,
)
from fluxo_caixa.contrato.dias import DiasOut
from fluxo_caixa.contrato.lancamentos import CaixaOut, CaixasOut
from fluxo_caixa.db import exportacao
from fluxo_caixa.db.consolidado import Consolidado
from fluxo_caixa.db.detalhado import Filtro
from fluxo_caixa.domain.caixa import Caixa, caixa_informado
from fluxo_caixa.domain.categoria import Categoria, categoria_do_filtro
from fluxo_caixa.domain.consolidado import Periodo, periodo_pedido
from fluxo_caixa.domain.dia import dia_do_caminho
from fluxo_caixa.domain.exportacao import Pagina
from fluxo_caixa.domain.movimentacao import Tipo, sem_acento
from fluxo_caixa.domain.pagamento import FormaPagamento
from fluxo_caixa.domain.relatorio import RelatorioZ
from fluxo_caixa.formats import csv_br, relatorio_pdf, xlsx
from fluxo_caixa.web.requests import validate_query
from fluxo_caixa.web.responses import health_response, json_response

bp = Blueprint("consolidado", __name__)


def consolidado() -> Consolidado:
    return current_app.extensions["consolidado"]  # type: ignore[no-any-return]


def _conditional_json(corpo: str) -> Response:
    """A 200 with an ETag; 304 with no body when the client already has it.

    The dashboard polls every few seconds: an unchanged period (a 3-year one is about
    200 KB) then costs a few headers on the wire.
    """
    response = json_response(200, corpo)
    # The browser may keep it but must ask again each time; shared caches never keep
    # the merchant's figures.
    response.headers["Cache-Control"] = "private, no-cache"
    response.add_etag()
    response.make_conditional(request)  # turns it, in place, into the 304 when it matches
    return response


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


def intervalo_da_query() -> Intervalo:
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


@bp.get("/consolidado/diario")
def diario() -> Response:
    query = validate_query(DiarioQuery, request)
    dia = query.data or consolidado().hoje()
    (resultado,) = consolidado().periodo(dia, dia).dias
    return _conditional_json(DiaOut.de(resultado).model_dump_json())


@bp.get("/consolidado")
def periodo() -> Response:
    return _conditional_json(PeriodoOut.de(periodo_da_query()).model_dump_json())


@bp.get("/consolidado/detalhado")
def detalhado() -> Response:
    intervalo = intervalo_da_query()
    resultado = consolidado().detalhado(
        intervalo.inicio, intervalo.fim, intervalo.tipo, intervalo.filtro
    )
    return _conditional_json(DetalhadoOut.de(resultado).model_dump_json())


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
