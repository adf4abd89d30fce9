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

The hop itself is a queue read by the front's own threads, each answer handed back with
one call_soon_threadsafe: asyncio's run_in_executor made a concurrent Future (with its
Condition) and chained it to an asyncio Future per request, ~15 µs of CPU more per
request (measured in process, 16 requests at a time: 80 against 65 µs for the baseline).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import gc
import io
import logging
import queue
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from flask import Flask, request
from granian._granian import RSGIProtocolClosed as ProtocolClosed

from fluxo_caixa.db.slots import Slots
from fluxo_caixa.web.errors import ApiError
from fluxo_caixa.web.requests import MAX_BODY

log = logging.getLogger("fluxo_caixa.web")

BODY_TIMEOUT_S = 10.0
# How many request threads of a worker run at once (their slots: fluxo_caixa.db.slots).
# Each call into the database driver drops the GIL for a few µs, and with many threads
# running each drop became a handoff to another thread and back: 27 context switches per
# GET /movimentacao/{id} with 8 running on SQLite, 17 with 4, 3 for the bare baseline.
# Measured with 1 to 8 (wrk, 32 connections, 1 000 000 movements):
# - a network database (PostgreSQL, MariaDB): 8, whose round trips leave the GIL free
#   (GET by id 10 % better than with 4);
REQUEST_THREADS = 8
# - SQLite, in the process: 4 (GET by id 11 % better than with 8, the durable POST equal);
SQLITE_REQUEST_THREADS = 4
# - the read-only consolidado, short and mostly Python: 2 (the day read 14 % better on
#   SQLite and 16 % on PostgreSQL than with 8). Its long answers (a workbook, a PDF) lend
#   their slot to one of its LENDING_THREADS, so the reads go on beside them.
READ_THREADS = 2
LENDING_THREADS = 6
# Set in the environ of a request whose body missed BODY_TIMEOUT_S (the app answers 408).
BODY_TIMED_OUT = "fluxo.corpo_esgotado"
# A streamed response (a CSV export) goes out in pieces of about this size, each read from
# the app in a thread, so a slow reader holds no thread between pieces.
STREAM_PIECE = 64 * 1024
_ERRO_INTERNO = b'{"erro": "Erro interno do servidor.", "detalhes": []}'

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
T = TypeVar("T")


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


def _set_result(future: asyncio.Future[Any], result: Any) -> None:
    if not future.cancelled():
        future.set_result(result)


def _set_exception(future: asyncio.Future[Any], error: BaseException) -> None:
    if not future.cancelled():
        future.set_exception(error)


_Job = tuple[
    asyncio.AbstractEventLoop,
    asyncio.Future[Any],
    contextvars.Context,
    Callable[..., Any],
    tuple[Any, ...],
]


class _Threads:
    """The request threads: each takes a job from the queue, runs it in the request's
    context and hands the result back to the event loop."""

    def __init__(self, running: int, waiting: int) -> None:
        self.jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self.slots = Slots(running)
        self.threads = [
            threading.Thread(target=self._work, name=f"fluxo-wsgi-{n}", daemon=True)
            for n in range(running + waiting)
        ]
        for thread in self.threads:
            thread.start()

    def _work(self) -> None:
        while True:
            self.slots.take()
            job = self.jobs.get()
            if job is None:
                return
            loop, future, context, function, args = job
            try:
                result = context.run(function, *args)
            except BaseException as error:
                answer: tuple[Callable[..., None], Any] = (_set_exception, error)
            else:
                answer = (_set_result, result)
            with contextlib.suppress(RuntimeError):  # the loop closed: nobody waits
                loop.call_soon_threadsafe(answer[0], future, answer[1])

    def stop(self) -> None:
        for _ in self.threads:
            self.jobs.put(None)
        self.slots.add(len(self.threads))  # each waiting thread gets a slot, then its None
        for thread in self.threads:
            thread.join()


class Front:
    """An RSGI application (granian calls `__rsgi__`) serving `app`, a WSGI application."""

    def __init__(
        self,
        app: WsgiApp,
        *,
        threads: int = REQUEST_THREADS,
        waiting_threads: int = 0,
        max_body: int = MAX_BODY,
        body_timeout: float = BODY_TIMEOUT_S,
    ) -> None:
        self.app = app
        self.threads = threads
        self.waiting_threads = waiting_threads
        self.max_body = max_body
        self.body_timeout = body_timeout
        self.pool: _Threads | None = None
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
        # Everything built so far (the app, its routes, SQLAlchemy, pydantic, the PDF
        # fonts: ~136 000 objects in the consolidado) lives as long as the worker: out of
        # the cyclic collector's way, whose full passes over it took ~100 ms, stalling
        # every request in flight (measured at 1 000 day reads/s: p99 100-120 ms before,
        # 28-43 ms after, on the loaded 2-core box).
        gc.collect()
        gc.freeze()
        self.pool = _Threads(self.threads, self.waiting_threads)

    def __rsgi_del__(self, _loop: asyncio.AbstractEventLoop) -> None:
        if self.pool is not None:
            self.pool.stop()

    def _in_thread(
        self, context: contextvars.Context, function: Callable[..., T], *args: Any
    ) -> asyncio.Future[T]:
        """Run `function(*args)` in a request thread, inside `context`."""
        assert self.pool is not None, "__rsgi_init__ starts the threads"
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self.pool.jobs.put((loop, future, context, function, args))
        return future

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
        # One context per request, entered by each of its thread hops in turn: a streamed
        # response's generator (Flask's stream_with_context) must see the context it set.
        context = contextvars.copy_context()
        try:
            status, headers, first, rest = await self._in_thread(context, self._call, environ)
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
        await self._stream(proto, context, status, headers, first, rest)

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
                piece, more = await self._in_thread(context, _take, chunks, STREAM_PIECE)
                if piece:
                    await transport.send_bytes(piece)
        except ProtocolClosed:
            pass  # the client stopped the download: the rest is not needed
        finally:
            await self._in_thread(context, _close, iterable)

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
