"""The OpenAPI 3.1 document, built from the pydantic models the routes validate with."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Flask, Response, jsonify, render_template
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from fluxo_caixa import __version__
from fluxo_caixa.domain.idempotencia import CABECALHO, CHAVE_MAXIMA
from fluxo_caixa.domain.movimentacao import DIA_PADRAO, ID_MAXIMO


class Erro(BaseModel):
    """The one error shape."""

    class Detalhe(BaseModel):
        campo: str
        mensagem: str

    erro: str
    detalhes: list[Detalhe]


class Saude(BaseModel):
    status: str


@dataclass(frozen=True)
class Operacao:
    method: str
    path: str
    summary: str
    responses: dict[int, tuple[str, type[BaseModel] | None]]
    body: type[BaseModel] | None = None
    body_required: bool = True
    query: type[BaseModel] | None = None
    idempotent: bool = False
    content: dict[int, str] = field(default_factory=dict)  # status -> non-JSON media type


class OpenApi:
    def __init__(self, title: str, description: str, secured: bool) -> None:
        self.title = title
        self.description = description
        self.secured = secured
        self.operacoes: list[Operacao] = []

    def add(self, operacao: Operacao) -> None:
        self.operacoes.append(operacao)

    def document(self) -> dict[str, Any]:
        models: set[type[BaseModel]] = {Erro}
        for op in self.operacoes:
            models.update(m for _, m in op.responses.values() if m is not None)
            if op.body is not None:
                models.add(op.body)
        key_map, schemas = models_json_schema(
            [(m, "validation") for m in sorted(models, key=lambda m: m.__name__)],
            ref_template="#/components/schemas/{model}",
        )
        ref = {m: key_map[(m, "validation")] for m in models}
        paths: dict[str, dict[str, Any]] = {}
        for op in self.operacoes:
            paths.setdefault(op.path, {})[op.method.lower()] = self._operation(op, ref)
        document: dict[str, Any] = {
            "openapi": "3.1.0",
            "info": {"title": self.title, "version": __version__, "description": self.description},
            "paths": paths,
            "components": {"schemas": schemas.get("$defs", {})},
        }
        if self.secured:
            document["components"]["securitySchemes"] = {
                "bearer": {"type": "http", "scheme": "bearer"}
            }
            document["security"] = [{"bearer": []}]
        return document

    def _operation(self, op: Operacao, ref: dict[type[BaseModel], Any]) -> dict[str, Any]:
        erro = {"application/json": {"schema": ref[Erro]}}
        responses: dict[str, Any] = {}
        for status, (description, model) in op.responses.items():
            media = op.content.get(status, "application/json")
            schema = ref[model] if model is not None else {"type": "string"}
            responses[str(status)] = {
                "description": description,
                "content": {media: {"schema": schema}},
            }
        responses["default"] = {"description": "Erro, no formato único de erro.", "content": erro}
        operation: dict[str, Any] = {"summary": op.summary, "responses": responses}
        parameters: list[dict[str, Any]] = []
        if "{id}" in op.path:
            parameters.append(
                {
                    "name": "id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "integer", "minimum": 1, "maximum": ID_MAXIMO},
                }
            )
        if "{data}" in op.path:
            parameters.append(
                {
                    "name": "data",
                    "in": "path",
                    "required": True,
                    "description": "O dia do comércio (AAAA-MM-DD).",
                    "schema": {"type": "string", "format": "date", "pattern": DIA_PADRAO},
                }
            )
        if op.query is not None:
            schema = op.query.model_json_schema()
            required = set(schema.get("required", []))
            for name, prop in schema["properties"].items():
                parameter = {"name": name, "in": "query", "required": name in required}
                if name not in required:
                    # `?inicio=&fim=` (an HTML form left blank) reads as absent.
                    parameter["allowEmptyValue"] = True
                parameters.append({**parameter, "schema": prop})
        if op.idempotent:
            parameters.append(
                {
                    "name": CABECALHO,
                    "in": "header",
                    "required": False,
                    "description": (
                        "Repetir a mesma chave com o mesmo corpo devolve a primeira resposta."
                    ),
                    "schema": {
                        "type": "string",
                        "minLength": 1,
                        "maxLength": CHAVE_MAXIMA,
                        "pattern": "^[\\x21-\\x7e]+$",
                    },
                }
            )
        if parameters:
            operation["parameters"] = parameters
        if op.body is not None:
            operation["requestBody"] = {
                "required": op.body_required,
                "content": {"application/json": {"schema": ref[op.body]}},
            }
        if not self.secured or op.path == "/saude":
            operation["security"] = []
        return operation


def docs_blueprint(spec: OpenApi) -> Blueprint:
    """/openapi.json and /docs (Swagger UI, vendored: works with no internet)."""
    bp = Blueprint(
        "docs",
        __name__,
        static_folder="static",
        static_url_path="/docs/static",
        template_folder="templates",
    )
    cache: dict[str, Any] = {}

    @bp.get("/openapi.json")
    def openapi_json() -> Response:
        if "doc" not in cache:
            cache["doc"] = spec.document()
        return jsonify(cache["doc"])

    @bp.get("/docs")
    def docs() -> Response:
        response = Response(render_template("docs.html", title=spec.title))
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; frame-ancestors 'none'"
        )
        return response

    return bp


def install_docs(app: Flask, spec: OpenApi) -> None:
    app.register_blueprint(docs_blueprint(spec))
