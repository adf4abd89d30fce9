"""Reading JSON bodies and query strings exactly, and turning pydantic errors into ours."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypeVar

from flask import Request
from pydantic import BaseModel, ValidationError

from fluxo_caixa.domain.idempotencia import CABECALHO, REGRA_DA_CHAVE, Pedido, chave_valida
from fluxo_caixa.web.errors import MENSAGENS_HTTP, ApiError, Detalhe, dados_invalidos

MAX_BODY = 64 * 1024
M = TypeVar("M", bound=BaseModel)


MAX_DIGITOS = 100  # of a JSON integer: far past any valor or id, far below int()'s own limit
MAX_ANINHAMENTO = 32  # objects and arrays inside one another


class JsonRecusado(ValueError):
    """Valid JSON syntax we do not take; the message is Portuguese, for the client."""


def _reject_constant(name: str) -> Any:
    raise JsonRecusado(f"{name} não é um número JSON válido")


def _inteiro(texto: str) -> int:
    # int() refuses past 4300 digits with an English message of its own, and is slow near it.
    if len(texto.lstrip("-")) > MAX_DIGITOS:
        raise JsonRecusado(f"número com mais de {MAX_DIGITOS} algarismos")
    return int(texto)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise JsonRecusado(f"campo repetido: {key}")
        result[key] = value
    return result


def loads_exact(text: str) -> Any:
    """JSON with numbers as Decimal: no binary float ever sees a valor."""
    return json.loads(
        text,
        parse_float=Decimal,
        parse_int=_inteiro,
        parse_constant=_reject_constant,
        object_pairs_hook=_no_duplicates,
    )


def _aninhamento(valor: Any) -> int:
    """How deep objects and arrays nest (0 for a scalar), without recursion."""
    maximo = 0
    pilha = [(valor, 0)]
    while pilha:
        atual, nivel = pilha.pop()
        if isinstance(atual, dict):
            atual = list(atual.values())
        if isinstance(atual, list):
            maximo = max(maximo, nivel + 1)
            if maximo > MAX_ANINHAMENTO:
                break
            pilha.extend((item, nivel + 1) for item in atual)
    return maximo


def is_json_content_type(request: Request) -> bool:
    mimetype = request.mimetype
    return not mimetype or mimetype == "application/json" or mimetype.endswith("+json")


def read_body(request: Request) -> bytes:
    """The body, or 413 once it passes MAX_BODY, without reading it whole.

    With a Content-Length over the limit werkzeug refuses before reading a byte. A chunked
    body has no length: werkzeug's own stream then stops quietly at the limit and would
    hand over a truncated body, so the server's stream is read up to one byte past it.
    """
    environ = request.environ
    if request.content_length is not None or "wsgi.input_terminated" not in environ:
        return request.get_data(cache=True)
    stream = environ["wsgi.input"]
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_BODY:
        chunk = stream.read(MAX_BODY + 1 - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > MAX_BODY:
        raise ApiError(413, MENSAGENS_HTTP[413])
    return b"".join(chunks)


def json_object(request: Request, *, optional: bool = False) -> dict[str, Any]:
    """The body as a JSON object, or the right 4xx. A missing content type is read as JSON."""
    if not is_json_content_type(request):
        raise ApiError(415, MENSAGENS_HTTP[415])
    raw = read_body(request)
    if not raw.strip():
        if optional:
            return {}
        raise ApiError(400, "O corpo da requisição está vazio; envie um objeto JSON.")
    try:
        body = loads_exact(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ApiError(400, "O corpo da requisição não está em UTF-8.") from None
    except (ValueError, RecursionError) as erro:
        raise ApiError(400, f"JSON malformado: {_short(erro)}.") from None
    # Deeper than any body of ours: refused before anything recursive (pydantic, the
    # Idempotency-Key's canonical dump) walks it.
    if _aninhamento(body) > MAX_ANINHAMENTO:
        raise ApiError(400, f"JSON malformado: {_PROFUNDO}.")
    if not isinstance(body, dict):
        raise ApiError(400, 'O corpo deve ser um objeto JSON, como {"tipo": ..., "valor": ...}.')
    return body


_PROFUNDO = f"objetos ou listas aninhados em mais de {MAX_ANINHAMENTO} níveis"
# The json module's messages (CPython's json.decoder and scanner), in Portuguese.
_SINTAXE = (
    ("Expecting value", "valor esperado"),
    ("Expecting property name", "nome de campo esperado, entre aspas duplas"),
    ("Expecting ':'", "':' esperado"),
    ("Expecting ','", "',' esperada"),
    ("Unterminated string", "texto sem as aspas de fechamento"),
    ("Invalid control character", "caractere de controle dentro de um texto"),
    ("Invalid \\uXXXX", "escape \\u inválido"),
    ("Invalid \\escape", "escape inválido"),
    ("Extra data", "há dados depois do fim do JSON"),
    ("Illegal trailing comma", "vírgula sobrando antes do fechamento"),
)


def _short(erro: Exception) -> str:
    """Why the JSON was refused, in Portuguese: never Python's own (English) message."""
    if isinstance(erro, RecursionError):
        return _PROFUNDO
    if isinstance(erro, json.JSONDecodeError):
        motivo = next((pt for en, pt in _SINTAXE if erro.msg.startswith(en)), "sintaxe inválida")
        return f"{motivo} (linha {erro.lineno}, coluna {erro.colno})"
    if isinstance(erro, JsonRecusado):
        return str(erro)[:120]
    return "sintaxe inválida"


_MENSAGENS = {
    "missing": "Campo obrigatório.",
    "extra_forbidden": "Campo desconhecido.",
    "int_parsing": "Deve ser um número inteiro.",
    "int_type": "Deve ser um número inteiro.",
    "date_from_datetime_parsing": "A data deve estar no formato AAAA-MM-DD.",
    "date_parsing": "A data deve estar no formato AAAA-MM-DD.",
    "date_type": "A data deve estar no formato AAAA-MM-DD.",
    "string_type": "Deve ser um texto.",
}


def _mensagem(error: Mapping[str, Any]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])
    if kind in ("greater_than_equal", "less_than_equal"):
        limite = ctx.get("ge", ctx.get("le"))
        return f"Deve ser {'no mínimo' if kind == 'greater_than_equal' else 'no máximo'} {limite}."
    return _MENSAGENS.get(kind, "Valor inválido.")


def validate(model: type[M], data: Mapping[str, Any], context: dict[str, Any] | None = None) -> M:
    try:
        return model.model_validate(data, context=context)
    except ValidationError as erro:
        detalhes = [
            Detalhe(".".join(str(p) for p in e["loc"]) or "corpo", _mensagem(e))
            for e in erro.errors(include_url=False)
        ]
        raise dados_invalidos(detalhes) from None


def query_args(request: Request, model: type[BaseModel] | None = None) -> dict[str, str]:
    """Query parameters; a name given twice is ambiguous and refused.

    A blank value (`?inicio=`, an HTML form field left empty) reads as absent when the
    name is one of `model`'s fields (any name, without a model); a blank unknown name is
    kept, so that validation refuses it like any unknown parameter.
    """
    known = model.model_fields if model is not None else None
    args: dict[str, str] = {}
    for key, values in request.args.lists():
        if len(values) > 1:
            raise dados_invalidos([Detalhe(key, "Informe este parâmetro uma vez só.")])
        if values[0] != "" or (known is not None and key not in known):
            args[key] = values[0]
    return args


def validate_query(model: type[M], request: Request) -> M:
    return validate(model, query_args(request, model))


def pedido_idempotente(request: Request, body: Mapping[str, Any]) -> Pedido | None:
    chave = request.headers.get(CABECALHO)
    if chave is None:
        return None
    if not chave_valida(chave):
        raise dados_invalidos([Detalhe(CABECALHO, REGRA_DA_CHAVE)])
    canonical = json.dumps(body, sort_keys=True, default=str, ensure_ascii=False)
    # surrogatepass: a lone surrogate in the body is validation's to refuse, not a crash here.
    pedido = f"{request.method} {request.path}\n{canonical}".encode("utf-8", "surrogatepass")
    impressao = hashlib.sha256(pedido).hexdigest()
    return Pedido(chave, impressao)
