"""HTTP routes of the lançamentos service: parse, call the service, answer.

Domain errors are not caught here: web.errors maps each to its status, in one place.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, current_app, request, url_for

from fluxo_caixa.contrato.dias import EstadoDiaOut
from fluxo_caixa.contrato.lancamentos import (
    CaixaOut,
    CaixasOut,
    CategoriaOut,
    CategoriasOut,
    PaginaOut,
    SessaoOut,
    SessoesOut,
    movimentacao_json,
    movimentacao_out,
)
from fluxo_caixa.domain.dia import dia_do_caminho
from fluxo_caixa.domain.movimentacao import NovaMovimentacao
from fluxo_caixa.lancamentos.schemas import (
    AberturaIn,
    CaixaNovo,
    CategoriaAlteracao,
    CategoriaNova,
    CategoriasQuery,
    EstornoIn,
    EventoIn,
    FechamentoDiaIn,
    FechamentoIn,
    ListarQuery,
    MovimentacaoIn,
    ReaberturaDiaIn,
    SessoesQuery,
)
from fluxo_caixa.lancamentos.servico import Gravacao, Lancamentos
from fluxo_caixa.web.requests import json_object, pedido_idempotente, validate, validate_query
from fluxo_caixa.web.responses import health_response, json_response

bp = Blueprint("lancamentos", __name__)


def servico() -> Lancamentos:
    return current_app.extensions["lancamentos"]  # type: ignore[no-any-return]


def _gravada(gravacao: Gravacao, location: str | None = None) -> Response:
    """A write's answer (the first one again, marked, when the key was replayed)."""
    headers = {} if location is None else {"Location": location}
    if gravacao.repetida:
        headers["Idempotent-Replayed"] = "true"
    return json_response(gravacao.codigo, gravacao.corpo, headers)


def local_da_movimentacao(ident: int) -> str:
    """`url_for(".obter", ident=ident)`, without building the URL adapter per request: the
    same script root and path (an id is digits, nothing to quote)."""
    return f"{request.script_root}/movimentacao/{ident}"


def _criada(gravacao: Gravacao) -> Response:
    ident = gravacao.ident
    return _gravada(gravacao, None if ident is None else local_da_movimentacao(ident))


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
    return _criada(servico().registrar(nova, pedido, categoria, dados.categoria_id, dados.caixa))


@bp.get("/movimentacao/<id:ident>")
def obter(ident: int) -> Response:
    lida = servico().obter(ident)
    return json_response(
        200, movimentacao_json(lida.movimentacao, servico().tz, lida.estornado_por)
    )


@bp.get("/movimentacao")
def listar() -> Response:
    query = validate_query(ListarQuery, request)
    pagina = servico().listar(
        query.inicio, query.fim, query.tipo, query.limite, query.cursor,
        query.forma_pagamento, query.categoria, query.caixa,
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
    return _gravada(gravacao, url_for(".alterar_categoria", ident=gravacao.ident))


@bp.patch("/categorias/<id:ident>")
def alterar_categoria(ident: int) -> Response:
    dados = validate(CategoriaAlteracao, json_object(request))
    alterada = servico().alterar_categoria(ident, dados.nome, dados.ativa)
    return json_response(200, CategoriaOut.de(alterada).model_dump_json())


# -- controle de caixa and the business day (issue 13) -----------------------------


def _sessao_gravada(gravacao: Gravacao) -> Response:
    return _gravada(gravacao, url_for(".obter_sessao", ident=gravacao.ident))


@bp.get("/caixas")
def listar_caixas() -> Response:
    itens = [CaixaOut.de(c) for c in servico().caixas()]
    return json_response(200, CaixasOut(itens=itens).model_dump_json())


@bp.post("/caixas")
def criar_caixa() -> Response:
    body = json_object(request)
    pedido = pedido_idempotente(request, body)
    dados = validate(CaixaNovo, body)
    return _gravada(servico().criar_caixa(dados.nome, pedido))


@bp.post("/caixas/<id:ident>/abertura")
def abrir_caixa(ident: int) -> Response:
    body = json_object(request, optional=True)
    pedido = pedido_idempotente(request, body)
    dados = validate(AberturaIn, body)
    return _sessao_gravada(servico().abrir_caixa(ident, dados.contado, dados.operador, pedido))


@bp.post("/caixas/<id:ident>/suprimento")
def suprimento(ident: int) -> Response:
    body = json_object(request)
    pedido = pedido_idempotente(request, body)
    dados = validate(EventoIn, body)
    return _gravada(servico().suprimento(ident, dados.valor, dados.descricao, pedido))


@bp.post("/caixas/<id:ident>/sangria")
def sangria(ident: int) -> Response:
    body = json_object(request)
    pedido = pedido_idempotente(request, body)
    dados = validate(EventoIn, body)
    return _gravada(servico().sangria(ident, dados.valor, dados.descricao, pedido))


@bp.get("/caixas/<id:ident>/sessao")
def sessao_aberta(ident: int) -> Response:
    sessao = servico().sessao_aberta(ident)
    return json_response(200, SessaoOut.de(sessao, servico().tz).model_dump_json())


@bp.post("/caixas/<id:ident>/fechamento")
def fechar_caixa(ident: int) -> Response:
    body = json_object(request)
    pedido = pedido_idempotente(request, body)
    dados = validate(FechamentoIn, body)
    return _sessao_gravada(servico().fechar_caixa(ident, dados.pedido(), pedido))


@bp.get("/sessoes")
def listar_sessoes() -> Response:
    query = validate_query(SessoesQuery, request)
    tz = servico().tz
    itens = [SessaoOut.de(s, tz) for s in servico().sessoes(query.caixa, query.inicio, query.fim)]
    return json_response(200, SessoesOut(itens=itens).model_dump_json())


@bp.get("/sessoes/<id:ident>")
def obter_sessao(ident: int) -> Response:
    sessao = servico().sessao(ident)
    return json_response(200, SessaoOut.de(sessao, servico().tz).model_dump_json())


@bp.get("/dias/<data>")
def dia(data: str) -> Response:
    estado = servico().dia(dia_do_caminho(data))
    return json_response(200, EstadoDiaOut.de(estado, servico().tz).model_dump_json())


@bp.post("/dias/<data>/fechamento")
def fechar_dia(data: str) -> Response:
    body = json_object(request, optional=True)
    pedido = pedido_idempotente(request, body)
    dia = dia_do_caminho(data)
    dados = validate(FechamentoDiaIn, body)
    gravacao = servico().fechar_dia(dia, dados.observacao, pedido)
    versao = json.loads(gravacao.corpo)["versao"]
    return _gravada(gravacao, url_for(".fechamento_do_dia", data=dia.isoformat(), versao=versao))


@bp.get("/dias/<data>/fechamentos/<id:versao>")
def fechamento_do_dia(data: str, versao: int) -> Response:
    return json_response(200, servico().fechamento_do_dia(dia_do_caminho(data), versao))


@bp.post("/dias/<data>/reabertura")
def reabrir_dia(data: str) -> Response:
    body = json_object(request)
    pedido = pedido_idempotente(request, body)
    dia = dia_do_caminho(data)
    dados = validate(ReaberturaDiaIn, body)
    return _gravada(servico().reabrir_dia(dia, dados.motivo, pedido))


@bp.get("/saude")
def saude() -> Response:
    return health_response(servico().saudavel())
