"""HTTP routes of the lançamentos service: parse, call the ledger, answer."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, current_app, request, url_for

from fluxo_caixa.db.categorias import CategoriaDuplicada, CategoriaNaoEncontrada
from fluxo_caixa.db.ledger import (
    ChaveReutilizada,
    CursorInvalido,
    Ledger,
    MovimentacaoLida,
    MovimentacaoNaoEncontrada,
    Resposta,
)
from fluxo_caixa.domain import dinheiro
from fluxo_caixa.domain.categoria import (
    Categoria,
    CategoriaInvalida,
    categoria_do_filtro,
    escolher_categoria,
)
from fluxo_caixa.domain.movimentacao import (
    EstornoNaoPermitido,
    Movimentacao,
    NovaMovimentacao,
    Tipo,
)
from fluxo_caixa.lancamentos.schemas import (
    CategoriaAlteracao,
    CategoriaNova,
    CategoriaOut,
    CategoriasOut,
    CategoriasQuery,
    EstornoIn,
    ListarQuery,
    MovimentacaoIn,
    MovimentacaoOut,
    PaginaOut,
)
from fluxo_caixa.web.errors import ApiError, Detalhe, dados_invalidos
from fluxo_caixa.web.requests import (
    json_object,
    pedido_idempotente,
    validate,
    validate_query,
)
from fluxo_caixa.web.responses import health_response, json_response

bp = Blueprint("lancamentos", __name__)


def ledger() -> Ledger:
    return current_app.extensions["ledger"]  # type: ignore[no-any-return]


def movimentacao_out(
    mov: Movimentacao, tz: ZoneInfo, estornado_por: int | None = None, mensagem: str | None = None
) -> MovimentacaoOut:
    return MovimentacaoOut(
        id=mov.id,
        tipo=mov.tipo,
        valor=dinheiro.formatar(mov.valor_centavos),
        descricao=mov.descricao,
        data=mov.data,
        data_inclusao=mov.data_inclusao.astimezone(tz).isoformat(timespec="milliseconds"),
        estorno_de=mov.estorno_de,
        estornado_por=estornado_por,
        forma_pagamento=mov.forma_pagamento,
        categoria=mov.categoria,
        mensagem=mensagem,
    )


def _render(mensagem: str) -> Callable[[MovimentacaoLida], str]:
    tz = ledger().tz

    def render(lida: MovimentacaoLida) -> str:
        out = movimentacao_out(lida.movimentacao, tz, lida.estornado_por, mensagem)
        return out.model_dump_json()

    return render


def _criada(resposta: Resposta) -> Response:
    headers = {}
    if resposta.lancamento_id is not None:
        headers["Location"] = url_for(".obter", ident=resposta.lancamento_id)
    if resposta.repetida:
        headers["Idempotent-Replayed"] = "true"
    return json_response(resposta.status, resposta.corpo, headers)


def _registrar(write: Callable[[], Resposta]) -> Response:
    try:
        return _criada(write())
    except ChaveReutilizada:
        raise dados_invalidos(
            [Detalhe("Idempotency-Key", "Esta chave já foi usada com outro pedido.")]
        ) from None


@bp.post("/movimentacao")
def registrar() -> Response:
    body = json_object(request)
    pedido = pedido_idempotente(request, body)
    dados = validate(MovimentacaoIn, body, context={"hoje": ledger().hoje()})
    escolhida = _categoria_escolhida(dados.categoria, dados.categoria_id, dados.tipo)
    nova = NovaMovimentacao(
        tipo=dados.tipo,
        valor_centavos=dados.valor,
        data=dados.data or ledger().hoje(),
        descricao=dados.descricao,
        forma_pagamento=dados.forma_pagamento,
        categoria_id=None if escolhida is None else escolhida.id,
        categoria=None if escolhida is None else escolhida.nome,
    )
    render = _render("Movimentação registrada com sucesso!")
    return _registrar(lambda: ledger().registrar(nova, render, pedido))


def _categoria_escolhida(
    por_nome_ou_id: str | int | None, por_id: int | None, tipo: Tipo
) -> Categoria | None:
    informada = por_nome_ou_id if por_nome_ou_id is not None else por_id
    if informada is None:
        return None
    todas = ledger().categorias()
    try:
        escolhida = escolher_categoria(informada, tipo, todas)
        if por_id is not None and escolhida.id != por_id:
            raise CategoriaInvalida(
                f"categoria ('{por_nome_ou_id}') e categoria_id ({por_id}) indicam "
                "categorias diferentes; informe só uma."
            )
    except CategoriaInvalida as erro:
        raise dados_invalidos([Detalhe("categoria", str(erro))]) from None
    return escolhida


@bp.get("/movimentacao/<id:ident>")
def obter(ident: int) -> Response:
    try:
        lida = ledger().obter(ident)
    except MovimentacaoNaoEncontrada:
        raise ApiError(404, f"Movimentação {ident} não encontrada.") from None
    return json_response(
        200,
        movimentacao_out(lida.movimentacao, ledger().tz, lida.estornado_por).model_dump_json(),
    )


@bp.get("/movimentacao")
def listar() -> Response:
    query = validate_query(ListarQuery, request)
    if query.inicio and query.fim and query.fim < query.inicio:
        raise dados_invalidos([Detalhe("fim", "O fim não pode ser anterior ao início.")])
    categoria_id = None
    if query.categoria is not None:
        try:
            achada = categoria_do_filtro(query.categoria, ledger().categorias())
        except CategoriaInvalida as erro:
            raise dados_invalidos([Detalhe("categoria", str(erro))]) from None
        categoria_id = achada.id
    try:
        pagina = ledger().listar(
            query.inicio, query.fim, query.tipo, query.limite, query.cursor,
            forma=query.forma_pagamento, categoria_id=categoria_id,
        )  # fmt: skip
    except CursorInvalido as erro:
        raise dados_invalidos([Detalhe("cursor", str(erro))]) from None
    tz = ledger().tz
    itens = [movimentacao_out(i.movimentacao, tz, i.estornado_por) for i in pagina.itens]
    out = PaginaOut(itens=itens, proximo=pagina.proximo)
    return json_response(200, out.model_dump_json())


@bp.post("/movimentacao/<id:ident>/estorno")
def estornar(ident: int) -> Response:
    body = json_object(request, optional=True)
    pedido = pedido_idempotente(request, body)
    dados = validate(EstornoIn, body)
    render = _render("Estorno registrado com sucesso!")
    try:
        return _registrar(lambda: ledger().estornar(ident, dados.descricao, render, pedido))
    except MovimentacaoNaoEncontrada:
        raise ApiError(404, f"Movimentação {ident} não encontrada.") from None
    except EstornoNaoPermitido as erro:
        raise ApiError(409, str(erro)) from None


@bp.get("/categorias")
def listar_categorias() -> Response:
    query = validate_query(CategoriasQuery, request)
    itens = [CategoriaOut.de(c) for c in ledger().categorias(query.tipo)]
    return json_response(200, CategoriasOut(itens=itens).model_dump_json())


def _categoria_duplicada(erro: CategoriaDuplicada) -> ApiError:
    return ApiError(
        409,
        f"Já existe a categoria '{erro.nome}' (maiúsculas e acentos não distinguem nomes).",
        [Detalhe("nome", "Escolha outro nome ou use a categoria existente.")],
    )


@bp.post("/categorias")
def criar_categoria() -> Response:
    dados = validate(CategoriaNova, json_object(request))
    try:
        criada = ledger().criar_categoria(dados.nome, dados.tipo)
    except CategoriaDuplicada as erro:
        raise _categoria_duplicada(erro) from None
    return json_response(
        201,
        CategoriaOut.de(criada).model_dump_json(),
        {"Location": url_for(".alterar_categoria", ident=criada.id)},
    )


@bp.patch("/categorias/<id:ident>")
def alterar_categoria(ident: int) -> Response:
    dados = validate(CategoriaAlteracao, json_object(request))
    if dados.nome is None and dados.ativa is None:
        raise dados_invalidos([Detalhe("corpo", "Informe 'nome' e/ou 'ativa'.")])
    try:
        alterada = ledger().alterar_categoria(ident, dados.nome, dados.ativa)
    except CategoriaNaoEncontrada:
        raise ApiError(404, f"Categoria {ident} não encontrada.") from None
    except CategoriaDuplicada as erro:
        raise _categoria_duplicada(erro) from None
    return json_response(200, CategoriaOut.de(alterada).model_dump_json())


@bp.get("/saude")
def saude() -> Response:
    return health_response(ledger().saudavel())
