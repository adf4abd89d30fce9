"""HTTP routes of the lançamentos service: parse, call the service, answer.

Domain errors are not caught here: web.errors maps each to its status, in one place.
"""

from __future__ import annotations

import json
from datetime import date

from flask import Blueprint, Response, current_app, request, url_for

from fluxo_caixa.contrato.dias import EstadoDiaOut
from fluxo_caixa.contrato.lancamentos import (
    CategoriaOut,
    CategoriasOut,
    PaginaOut,
    movimentacao_out,
)
from fluxo_caixa.domain.dia import DiaInvalido
from fluxo_caixa.domain.movimentacao import CampoInvalido, NovaMovimentacao, parse_dia
from fluxo_caixa.lancamentos.schemas import (
    CategoriaAlteracao,
    CategoriaNova,
    CategoriasQuery,
    EstornoIn,
    FechamentoDiaIn,
    ListarQuery,
    MovimentacaoIn,
    ReaberturaDiaIn,
)
from fluxo_caixa.lancamentos.servico import Gravacao, Lancamentos
from fluxo_caixa.web.requests import json_object, pedido_idempotente, validate, validate_query
from fluxo_caixa.web.responses import health_response, json_response

bp = Blueprint("lancamentos", __name__)


def servico() -> Lancamentos:
    return current_app.extensions["lancamentos"]  # type: ignore[no-any-return]


def _criada(gravacao: Gravacao) -> Response:
    headers = {}
    if gravacao.ident is not None:
        headers["Location"] = url_for(".obter", ident=gravacao.ident)
    if gravacao.repetida:
        headers["Idempotent-Replayed"] = "true"
    return json_response(gravacao.codigo, gravacao.corpo, headers)


@bp.post("/movimentacao")
def registrar() -> Response:
    body = json_object(request)
    pedido = pedido_idempotente(request, body)
    dados = validate(MovimentacaoIn, body, context={"hoje": servico().hoje()})
    nova = NovaMovimentacao(
        tipo=dados.tipo,
        valor_centavos=dados.valor,
        data=dados.data or servico().hoje(),
        descricao=dados.descricao,
        forma_pagamento=dados.forma_pagamento,
    )
    categoria = dados.categoria if dados.categoria is not None else dados.categoria_id
    return _criada(servico().registrar(nova, pedido, categoria, dados.categoria_id))


@bp.get("/movimentacao/<id:ident>")
def obter(ident: int) -> Response:
    lida = servico().obter(ident)
    out = movimentacao_out(lida.movimentacao, servico().tz, lida.estornado_por)
    return json_response(200, out.model_dump_json())


@bp.get("/movimentacao")
def listar() -> Response:
    query = validate_query(ListarQuery, request)
    pagina = servico().listar(
        query.inicio, query.fim, query.tipo, query.limite, query.cursor,
        query.forma_pagamento, query.categoria,
    )  # fmt: skip
    tz = servico().tz
    itens = [movimentacao_out(i.movimentacao, tz, i.estornado_por) for i in pagina.itens]
    return json_response(200, PaginaOut(itens=itens, proximo=pagina.proximo).model_dump_json())


@bp.post("/movimentacao/<id:ident>/estorno")
def estornar(ident: int) -> Response:
    body = json_object(request, optional=True)
    pedido = pedido_idempotente(request, body)
    dados = validate(EstornoIn, body)
    return _criada(servico().estornar(ident, dados.descricao, pedido))


@bp.get("/categorias")
def listar_categorias() -> Response:
    query = validate_query(CategoriasQuery, request)
    itens = [CategoriaOut.de(c) for c in servico().categorias(query.tipo)]
    return json_response(200, CategoriasOut(itens=itens).model_dump_json())


@bp.post("/categorias")
def criar_categoria() -> Response:
    body = json_object(request)
    pedido = pedido_idempotente(request, body)
    dados = validate(CategoriaNova, body)
    gravacao = servico().criar_categoria(dados.nome, dados.tipo, pedido)
    headers = {"Location": url_for(".alterar_categoria", ident=gravacao.ident)}
    if gravacao.repetida:
        headers["Idempotent-Replayed"] = "true"
    return json_response(gravacao.codigo, gravacao.corpo, headers)


@bp.patch("/categorias/<id:ident>")
def alterar_categoria(ident: int) -> Response:
    dados = validate(CategoriaAlteracao, json_object(request))
    alterada = servico().alterar_categoria(ident, dados.nome, dados.ativa)
    return json_response(200, CategoriaOut.de(alterada).model_dump_json())


# -- the business day (issue 13) --------------------------------------------------


def _dia(texto: str) -> date:
    try:
        return parse_dia(texto)
    except CampoInvalido as erro:
        raise DiaInvalido(f"{erro} Use AAAA-MM-DD, como 2026-11-25.") from None


def _gravada(gravacao: Gravacao, location: str | None = None) -> Response:
    headers = {} if location is None else {"Location": location}
    if gravacao.repetida:
        headers["Idempotent-Replayed"] = "true"
    return json_response(gravacao.codigo, gravacao.corpo, headers)


@bp.get("/dias/<data>")
def dia(data: str) -> Response:
    estado = servico().dia(_dia(data))
    return json_response(200, EstadoDiaOut.de(estado, servico().tz).model_dump_json())


@bp.post("/dias/<data>/fechamento")
def fechar_dia(data: str) -> Response:
    body = json_object(request, optional=True)
    pedido = pedido_idempotente(request, body)
    dia = _dia(data)
    dados = validate(FechamentoDiaIn, body)
    gravacao = servico().fechar_dia(dia, dados.observacao, pedido)
    versao = json.loads(gravacao.corpo)["versao"]
    return _gravada(gravacao, url_for(".fechamento_do_dia", data=dia.isoformat(), versao=versao))


@bp.get("/dias/<data>/fechamentos/<id:versao>")
def fechamento_do_dia(data: str, versao: int) -> Response:
    return json_response(200, servico().fechamento_do_dia(_dia(data), versao))


@bp.post("/dias/<data>/reabertura")
def reabrir_dia(data: str) -> Response:
    body = json_object(request)
    pedido = pedido_idempotente(request, body)
    dia = _dia(data)
    dados = validate(ReaberturaDiaIn, body)
    return _gravada(servico().reabrir_dia(dia, dados.motivo, pedido))


@bp.get("/saude")
def saude() -> Response:
    return health_response(servico().saudavel())
