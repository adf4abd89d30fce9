"""HTTP routes of the consolidado service: parse, read the projection, answer."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request

from fluxo_caixa.consolidado.schemas import DiaOut, DiarioQuery, PeriodoOut, PeriodoQuery
from fluxo_caixa.db.consolidado import Consolidado
from fluxo_caixa.domain.consolidado import Periodo, PeriodoInvalido, periodo_pedido
from fluxo_caixa.web.errors import Detalhe, dados_invalidos
from fluxo_caixa.web.requests import query_args, validate

bp = Blueprint("consolidado", __name__)


def consolidado() -> Consolidado:
    return current_app.extensions["consolidado"]  # type: ignore[no-any-return]


def _json(status: int, corpo: str) -> Response:
    return Response(corpo, status=status, mimetype="application/json")


def periodo_da_query() -> Periodo:
    """The period of `?inicio=&fim=&tipo=`, shared by the JSON and the file exports."""
    query = validate(PeriodoQuery, query_args(request))
    try:
        inicio, fim = periodo_pedido(query.inicio, query.fim, consolidado().hoje())
    except PeriodoInvalido as erro:
        raise dados_invalidos([Detalhe(erro.campo, erro.mensagem)]) from None
    return consolidado().periodo(inicio, fim, query.tipo)


@bp.get("/consolidado/diario")
def diario() -> Response:
    query = validate(DiarioQuery, query_args(request))
    dia = query.data or consolidado().hoje()
    (resultado,) = consolidado().periodo(dia, dia).dias
    return _json(200, DiaOut.de(resultado).model_dump_json())


@bp.get("/consolidado")
def periodo() -> Response:
    return _json(200, PeriodoOut.de(periodo_da_query()).model_dump_json())


@bp.get("/saude")
def saude() -> Response:
    if consolidado().saudavel():
        return _json(200, '{"status": "ok"}')
    return _json(
        503,
        '{"status": "indisponivel", "erro": "Banco de dados indisponível.", "detalhes": []}',
    )
