"""One JSON log line per request, and JSON for every other log record too.

The request line holds the request id, method, path, status and duration. It never holds
a header value other than the request id, a query string or a body: tokens and money stay
out of the logs.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, TextIO

from flask import Flask, has_request_context, request

REQUEST_ID_HEADER = "X-Request-ID"
ENVIRON_KEY = "fluxo.request_id"
# What we echo back from a client or proxy: short, visible ASCII, nothing a header or a log
# line could be split with.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:;=/+@-]{1,128}")
_ROOT_MARK = "_fluxo_json_handler"

log = logging.getLogger("fluxo_caixa.requisicao")

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def request_id_from(header: str | None) -> str:
    """The caller's id when it is sane, so a trace can cross services; else a new one."""
    if header is not None and _SANE_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class JsonFormatter(logging.Formatter):
    """A record as one JSON object on one line; `extra={"campos": {...}}` adds fields."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        campos = getattr(record, "campos", None)
        if campos:
            line.update(campos)
        elif has_request_context():
            # Records logged while handling a request (a 503, a 500) carry its id.
            request_id = request.environ.get(ENVIRON_KEY)
            if request_id is not None:
                line["request_id"] = request_id
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def configure_logging(level: str = "INFO", stream: TextIO | None = None) -> None:
    """JSON lines on stderr for our loggers and the root; safe to call more than once."""
    root = logging.getLogger()
    for handler in root.handlers:
        if getattr(handler, _ROOT_MARK, False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(JsonFormatter())
    setattr(handler, _ROOT_MARK, True)
    root.addHandler(handler)
    root.setLevel(level)


class RequestLog:
    """WSGI middleware: sets the request id, returns it in X-Request-ID, logs the request.

    A middleware rather than Flask hooks, so 404s, 405s and 413s raised before any view
    runs are logged the same way, and the cost is one small dict and one log call.
    """

    def __init__(self, app: WsgiApp, service: str) -> None:
        self.app = app
        self.service = service

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        start = time.perf_counter()
        request_id = request_id_from(environ.get("HTTP_X_REQUEST_ID"))
        environ[ENVIRON_KEY] = request_id
        status = "500"

        def start_with_id(
            status_line: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Any:
            nonlocal status
            status = status_line[:3]
            headers.append((REQUEST_ID_HEADER, request_id))
            return start_response(status_line, headers, exc_info)

        try:
            return self.app(environ, start_with_id)
        finally:
            if log.isEnabledFor(logging.INFO):
                log.info(
                    "request",
                    extra={
                        "campos": {
                            "service": self.service,
                            "request_id": request_id,
                            "method": environ.get("REQUEST_METHOD"),
                            "path": environ.get("PATH_INFO"),
                            "status": int(status) if status.isdigit() else status,
                            "duration_ms": round((time.perf_counter() - start) * 1000, 3),
                            "remote_addr": environ.get("REMOTE_ADDR"),
                        }
                    },
                )


def install_request_log(app: Flask, service: str) -> None:
    app.wsgi_app = RequestLog(app.wsgi_app, service)  # type: ignore[method-assign]
