"""Responses both services answer alike: JSON already serialised, and /saude."""

from __future__ import annotations

from flask import Response

SAUDAVEL = '{"status": "ok"}'
INDISPONIVEL = '{"status": "indisponivel", "erro": "Banco de dados indisponível.", "detalhes": []}'


def json_response(status: int, corpo: str, headers: dict[str, str] | None = None) -> Response:
    return Response(corpo, status=status, mimetype="application/json", headers=headers)


def health_response(saudavel: bool) -> Response:
    """200, or 503 in the error shape (plus the status a load balancer reads)."""
    return json_response(200, SAUDAVEL) if saudavel else json_response(503, INDISPONIVEL)
