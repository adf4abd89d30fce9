"""The one error shape: {"erro": ..., "detalhes": [{"campo", "mensagem"}]}."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from flask import Flask, Response
from werkzeug.exceptions import HTTPException

from fluxo_caixa.db.engine import BancoIndisponivel, BancoSubstituido
from fluxo_caixa.db.movimentacoes import CursorInvalido
from fluxo_caixa.domain.caixa import (
    CaixaDuplicado,
    CaixaFechado,
    CaixaInvalido,
    CaixaJaAberto,
    CaixaNaoEncontrado,
    CaixaSemSessao,
    FechamentoInvalido,
    SangriaAcimaDoEsperado,
    SessaoNaoEncontrada,
)
from fluxo_caixa.domain.categoria import (
    AlteracaoVazia,
    CategoriaDuplicada,
    CategoriaInvalida,
    CategoriaNaoEncontrada,
)
from fluxo_caixa.domain.consolidado import PeriodoInvalido
from fluxo_caixa.domain.dia import (
    DiaFechado,
    DiaInvalido,
    DiaJaFechado,
    DiaNaoFechado,
    FechamentoNaoEncontrado,
    SessaoAbertaNoDia,
)
from fluxo_caixa.domain.idempotencia import ChaveReutilizada
from fluxo_caixa.domain.movimentacao import EstornoNaoPermitido, MovimentacaoNaoEncontrada
from fluxo_caixa.formats.xlsx import PlanilhaGrandeDemais

log = logging.getLogger("fluxo_caixa.web")

MENSAGENS_HTTP = {
    400: "Requisição inválida.",
    401: "Não autorizado.",
    403: "Acesso negado.",
    404: "Recurso não encontrado.",
    405: "Método não permitido para este recurso.",
    406: "Formato de resposta não suportado.",
    408: "Tempo da requisição esgotado.",
    411: "Informe o tamanho do corpo (Content-Length).",
    413: "O corpo da requisição excede 64 KiB.",
    414: "O endereço da requisição é longo demais.",
    415: "Envie o corpo em JSON (Content-Type: application/json).",
    429: "Requisições demais; tente novamente em instantes.",
    431: "Cabeçalhos da requisição grandes demais.",
}


@dataclass(frozen=True)
class Detalhe:
    campo: str
    mensagem: str


@dataclass
class ApiError(Exception):
    status: int
    erro: str
    detalhes: Sequence[Detalhe] = field(default_factory=tuple)
    headers: dict[str, str] = field(default_factory=dict)


def dados_invalidos(detalhes: Sequence[Detalhe]) -> ApiError:
    return ApiError(422, "Dados inválidos.", detalhes)


# The one map from what went wrong to the status a client sees. Each error carries its
# own message (written once, where the rule is); routes never catch these themselves.
STATUS_DOS_ERROS: dict[type[Exception], int] = {
    MovimentacaoNaoEncontrada: 404,
    CategoriaNaoEncontrada: 404,
    EstornoNaoPermitido: 409,
    CategoriaDuplicada: 409,
    CaixaNaoEncontrado: 404,
    SessaoNaoEncontrada: 404,
    CaixaSemSessao: 404,
    CaixaJaAberto: 409,
    CaixaFechado: 409,
    CaixaDuplicado: 409,
    FechamentoNaoEncontrado: 404,
    DiaFechado: 409,
    DiaJaFechado: 409,
    DiaNaoFechado: 409,
    SessaoAbertaNoDia: 409,
}
# Errors about one field: 422 "Dados inválidos." with that field (the error's own
# `campo` when it has one, else the one given here) and the error's message.
CAMPOS_DOS_ERROS: dict[type[Exception], str] = {
    ChaveReutilizada: ChaveReutilizada.campo,
    CursorInvalido: CursorInvalido.campo,
    PeriodoInvalido: "fim",
    PlanilhaGrandeDemais: "fim",
    CategoriaInvalida: CategoriaInvalida.campo,
    AlteracaoVazia: AlteracaoVazia.campo,
    DiaInvalido: DiaInvalido.campo,
    CaixaInvalido: CaixaInvalido.campo,
    SangriaAcimaDoEsperado: SangriaAcimaDoEsperado.campo,
    FechamentoInvalido: "contado",
}


def api_error_of(erro: Exception) -> ApiError:
    """The ApiError a domain error answers as (it must be in one of the maps above)."""
    for cls in type(erro).__mro__:
        if cls in STATUS_DOS_ERROS:
            return ApiError(STATUS_DOS_ERROS[cls], str(erro))
        if cls in CAMPOS_DOS_ERROS:
            campo = str(getattr(erro, "campo", CAMPOS_DOS_ERROS[cls]))
            return dados_invalidos([Detalhe(campo, str(erro))])
    raise LookupError(type(erro).__name__)  # pragma: no cover - a missing entry is a bug


def error_response(erro: ApiError) -> Response:
    corpo = {
        "erro": erro.erro,
        "detalhes": [{"campo": d.campo, "mensagem": d.mensagem} for d in erro.detalhes],
    }
    return Response(
        json.dumps(corpo, ensure_ascii=False),
        status=erro.status,
        mimetype="application/json",
        headers=erro.headers,
    )


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def api_error(erro: ApiError) -> Response:
        return error_response(erro)

    def domain_error(erro: Exception) -> Response:
        return error_response(api_error_of(erro))

    for cls in (*STATUS_DOS_ERROS, *CAMPOS_DOS_ERROS):
        app.register_error_handler(cls, domain_error)

    @app.errorhandler(HTTPException)
    def http_error(erro: HTTPException) -> Response:
        status = erro.code or 500
        headers = {}
        if status == 405 and erro.get_headers():
            allow = dict(erro.get_headers()).get("Allow")
            if allow:
                headers["Allow"] = allow
        mensagem = MENSAGENS_HTTP.get(status, "Erro na requisição.")
        return error_response(ApiError(status, mensagem, headers=headers))

    @app.errorhandler(BancoIndisponivel)
    def banco_indisponivel(erro: BancoIndisponivel) -> Response:
        log.warning("database unavailable: %s", erro)
        if isinstance(erro, BancoSubstituido):
            # Waiting will not help: the message says what the merchant must do.
            return error_response(ApiError(503, str(erro)))
        return error_response(
            ApiError(
                503,
                "Banco de dados indisponível. Tente novamente em instantes.",
                headers={"Retry-After": "5"},
            )
        )

    @app.errorhandler(Exception)
    def unexpected(erro: Exception) -> Response:
        log.exception("unhandled error")
        return error_response(ApiError(500, "Erro interno no servidor."))
