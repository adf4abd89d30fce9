"""Responses both services answer alike: JSON already serialised, and /saude."""

from __future__ import annotations

import time

from flask import Response
from werkzeug.http import http_date

SAUDAVEL = '{"status": "ok"}'
INDISPONIVEL = '{"status": "indisponivel", "erro": "Banco de dados indisponível.", "detalhes": []}'


def json_response(status: int, corpo: str, headers: dict[str, str] | None = None) -> Response:
    return Response(corpo, status=status, mimetype="application/json", headers=headers)


def health_response(saudavel: bool) -> Response:
    """200, or 503 in the error shape (plus the status a load balancer reads)."""
    return json_response(200, SAUDAVEL) if saudavel else json_response(503, INDISPONIVEL)


_agora: tuple[int, str] = (0, "")


def http_date_now() -> str:
    """werkzeug's http_date() for now, formatted once per second rather than per answer."""
    global _agora
    segundo = int(time.time())
    guardado = _agora
    if guardado[0] != segundo:
        guardado = (segundo, http_date(segundo))
        _agora = guardado
    return guardado[1]
