"""The RSGI front of our WSGI apps: a slow request body costs no thread.

granian's WSGI interface hands the app a body stream whose `read` blocks a request thread
until the client sends the bytes, with no deadline: eight clients trickling a body one
byte at a time held every thread of a worker. This front reads the body on granian's event
loop instead, with a deadline, and only then runs the WSGI app in one of its own threads,
on the body already in memory. A body that misses the deadline still goes through the app,
marked, so the 408 gets the same error shape, headers, metrics and log line as any answer.

Tried first: granian 2.8 has no body timeout (http1_settings only bounds the headers), and
a deadline inside the WSGI app cannot interrupt its blocking `read`; more threads only
move the limit. Measured on the 2-core box (wrk, 32 connections, loaded by other jobs):
the bare Flask baseline goes from ~8 100 to ~4 250 req/s (~110 µs more per request: the
thread hand-off), while the real routes, which spend ~0.7 ms each, stayed within the noise
(POST /movimentacao 280-920 req/s before, 940-1 070 after; GET /movimentacao/{id} 750-1 510
before, 1 050-1 340 after).
"""

from __future__ import annotations

import asyncio
import contextvars
import io
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from flask import Flask, request
from granian._granian import RSGIProtocolClosed as ProtocolClosed

from fluxo_caixa.web.errors import ApiError
from fluxo_caixa.web.requests import MAX_BODY

log = logging.getLogger("fluxo_caixa.web")

BODY_TIMEOUT_S = 10.0
# WSGI handlers block on the database; a few threads per worker keep a 2-core box busy.
REQUEST_THREADS = 8
# Set in the environ of a request whose body missed BODY_TIMEOUT_S (the app answers 408).
BODY_TIMED_OUT = "fluxo.corpo_esgotado"
# A streamed response (a CSV export) goes out in pieces of about this size, each read from
# the app in a thread, so a slow reader holds no thread between pieces.
STREAM_PIECE = 64 * 1024
_ERRO_INTERNO = b'{"erro": "Erro interno do servidor.", "detalhes": []}'

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def install_body_deadline(app: Flask) -> None:
    """Answer 408 to a request the front marked: its body missed the deadline."""

    @app.before_request
    def refuse_late_body() -> None:
        if BODY_TIMED_OUT in request.environ:
            raise ApiError(
                408,
                f"O corpo da requisição não chegou completo em {BODY_TIMEOUT_S:g} s; "
                "envie-a de novo.",
            )


class _Answer:
    """start_response: what the app said, kept until its thread hands it back."""

    __slots__ = ("headers", "status")

    def __init__(self) -> None:
        self.status = 500
        self.headers: list[tuple[str, str]] = []

    def __call__(self, status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        self.status = int(status[:3])
        self.headers = headers
        return _no_write


def _no_write(_data: bytes) -> None:
    raise RuntimeError("write() de WSGI não é suportado")


def _take(chunks: Iterator[bytes], limit: int) -> tuple[bytes, bool]:
    """Up to about `limit` bytes from `chunks`, and whether more may follow."""
    parts: list[bytes] = []
    size = 0
    for chunk in chunks:
        parts.append(chunk)
        size += len(chunk)
        if size >= limit:
            return b"".join(parts), True
    return b"".join(parts), False


def _close(iterable: Iterable[bytes]) -> None:
    close = getattr(iterable, "close", None)
    if close is not None:
        close()


_PROTOCOLS = {"1": "HTTP/1.0", "1.0": "HTTP/1.0", "1.1": "HTTP/1.1", "2": "HTTP/2"}


def _split_address(address: str) -> tuple[str, str]:
    host, _, port = address.rpartition(":")
    return host.strip("[]"), port


class Front:
    """An RSGI application (granian calls `__rsgi__`) serving `app`, a WSGI application."""

    def __init__(
        self,
        app: WsgiApp,
        *,
        threads: int = REQUEST_THREADS,
        max_body: int = MAX_BODY,
        body_timeout: float = BODY_TIMEOUT_S,
    ) -> None:
        self.app = app
        self.threads = threads
        self.max_body = max_body
        self.body_timeout = body_timeout
        self.pool: ThreadPoolExecutor | None = None
        self.base_environ: dict[str, Any] = {
            "GATEWAY_INTERFACE": "CGI/1.1",
            "SCRIPT_NAME": "",
            "SERVER_SOFTWARE": "fluxo-caixa",
            "wsgi.errors": sys.stderr,
            # Not PEP 3333, but werkzeug reads a body without Content-Length only with it.
            "wsgi.input_terminated": True,
            "wsgi.multiprocess": False,
            "wsgi.multithread": True,
            "wsgi.run_once": False,
            "wsgi.version": (1, 0),
        }

    def __rsgi_init__(self, _loop: asyncio.AbstractEventLoop) -> None:
        self.pool = ThreadPoolExecutor(self.threads, thread_name_prefix="fluxo-wsgi")

    def __rsgi_del__(self, _loop: asyncio.AbstractEventLoop) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    async def __rsgi__(self, scope: Any, proto: Any) -> None:
        if scope.proto != "http":
            return
        environ = self.environ(scope)
        length = environ.get("CONTENT_LENGTH")
        body = b""
        if length is not None or "HTTP_TRANSFER_ENCODING" in environ:
            try:
                async with asyncio.timeout(self.body_timeout):
                    body = await self._read_body(proto, length)
            except TimeoutError:
                environ[BODY_TIMED_OUT] = True
            except ProtocolClosed:
                return  # the client went away mid-body: nobody to answer
        environ["wsgi.input"] = io.BytesIO(body)
        loop = asyncio.get_running_loop()
        # One context per request, entered by each of its thread hops in turn: a streamed
        # response's generator (Flask's stream_with_context) must see the context it set.
        context = contextvars.copy_context()
        try:
            status, headers, first, rest = await loop.run_in_executor(
                self.pool, context.run, self._call, environ
            )
        except Exception:
            log.exception("falha não tratada na aplicação WSGI")
            proto.response_bytes(500, [("content-type", "application/json")], _ERRO_INTERNO)
            return
        if environ.get(BODY_TIMED_OUT):
            # The client is still sending: without this, the connection waits on its body.
            headers.append(("Connection", "close"))
        if rest is None:
            proto.response_bytes(status, headers, first)
            return
        await self._stream(proto, loop, context, status, headers, first, rest)

    async def _read_body(self, proto: Any, length: str | None) -> bytes:
        if length is not None and length.isdigit():
            if int(length) > self.max_body:
                return b""  # the app refuses it by its Content-Length, unread
            body: bytes = await proto()
            return body
        # Chunked, with no length: read one byte past the limit, so the app sees it passed.
        parts: list[bytes] = []
        size = 0
        async for chunk in proto:
            parts.append(chunk)
            size += len(chunk)
            if size > self.max_body:
                break
        return b"".join(parts)

    def _call(
        self, environ: dict[str, Any]
    ) -> tuple[int, list[tuple[str, str]], bytes, tuple[Iterable[bytes], Iterator[bytes]] | None]:
        answer = _Answer()
        iterable = self.app(environ, answer)
        try:
            chunks = iter(iterable)
            first, more = _take(chunks, STREAM_PIECE)
        except BaseException:
            _close(iterable)
            raise
        if not more:
            _close(iterable)
            return answer.status, answer.headers, first, None
        return answer.status, answer.headers, first, (iterable, chunks)

    async def _stream(
        self,
        proto: Any,
        loop: asyncio.AbstractEventLoop,
        context: contextvars.Context,
        status: int,
        headers: list[tuple[str, str]],
        first: bytes,
        rest: tuple[Iterable[bytes], Iterator[bytes]],
    ) -> None:
        iterable, chunks = rest
        try:
            transport = proto.response_stream(status, headers)
            await transport.send_bytes(first)
            more = True
            while more:
                piece, more = await loop.run_in_executor(
                    self.pool, context.run, _take, chunks, STREAM_PIECE
                )
                if piece:
                    await transport.send_bytes(piece)
        except ProtocolClosed:
            pass  # the client stopped the download: the rest is not needed
        finally:
            await loop.run_in_executor(self.pool, context.run, _close, iterable)

    def environ(self, scope: Any) -> dict[str, Any]:
        """The WSGI environ of an RSGI request, as PEP 3333 has it (the body comes later)."""
        server_name, server_port = _split_address(scope.server)
        remote_addr, remote_port = _split_address(scope.client)
        environ = self.base_environ.copy()
        environ["REQUEST_METHOD"] = scope.method
        # PEP 3333: the path's bytes, decoded as latin-1 (granian gives it decoded as UTF-8).
        environ["PATH_INFO"] = scope.path.encode("utf-8", "surrogateescape").decode("latin-1")
        environ["QUERY_STRING"] = scope.query_string
        environ["SERVER_NAME"] = server_name
        environ["SERVER_PORT"] = server_port
        environ["SERVER_PROTOCOL"] = _PROTOCOLS.get(scope.http_version, "HTTP/1.1")
        environ["REMOTE_ADDR"] = remote_addr
        environ["REMOTE_PORT"] = remote_port
        environ["wsgi.url_scheme"] = scope.scheme
        for name, value in scope.headers.items():
            key = name.upper().replace("-", "_")
            if key == "CONTENT_TYPE" or key == "CONTENT_LENGTH":
                environ[key] = value
                continue
            key = "HTTP_" + key
            if key in environ:
                # A repeated header is one, its values joined (cookies with "; ").
                separator = "; " if key == "HTTP_COOKIE" else ","
                environ[key] = environ[key] + separator + value
            else:
                environ[key] = value
        return environ
