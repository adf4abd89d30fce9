"""JSON log lines: one per request (see web.edge) and one per any other record.

The request line holds the request id, method, path, status and duration. It never holds
a header value other than the request id, a query string or a body: tokens and money stay
out of the logs. A logged exception shows its type and the frames it went through, never
its message: messages quote values (openpyxl's quotes the very cell text it refuses).
"""

from __future__ import annotations

import collections
import itertools
import json
import logging
import os
import re
import sys
import threading
import traceback
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, TextIO

from flask import has_request_context, request

REQUEST_ID_HEADER = "X-Request-ID"
ENVIRON_KEY = "fluxo.request_id"
# What we echo back from a client or proxy: short, visible ASCII, nothing a header or a log
# line could be split with.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:;=/+@-]{1,128}")
FLUSH_INTERVAL_S = 0.1


class _RequestIds:
    """32 hex digits: a random prefix per process and a counter.

    Unique across processes and restarts like a uuid4, for a fraction of its cost (a
    getrandom call per request measured ~8 µs on the benchmark machine).
    """

    def __init__(self) -> None:
        self.renew()

    def renew(self) -> None:
        self.prefix = os.urandom(8).hex()
        self.counter = itertools.count()

    def new(self) -> str:
        return f"{self.prefix}{next(self.counter):016x}"


_ids = _RequestIds()
if hasattr(os, "register_at_fork"):  # not on Windows, which spawns and never forks
    # A forked worker must not repeat its parent's ids (granian forks its workers).
    os.register_at_fork(after_in_child=_ids.renew)


def request_id_from(header: str | None) -> str:
    """The caller's id when it is sane, so a trace can cross services; else a new one."""
    if header is not None and _SANE_REQUEST_ID.fullmatch(header):
        return header
    return _ids.new()


MAX_CHAINED = 5


def traceback_without_messages(
    exc_info: tuple[type[BaseException], BaseException, TracebackType | None]
    | tuple[None, None, None],
) -> str:
    """Like `traceback.format_exception`, minus each exception's message and the source
    lines (only file, line and function of each frame)."""
    erro = exc_info[1]
    blocos: list[str] = []
    vistos: set[int] = set()
    while erro is not None and id(erro) not in vistos and len(blocos) < MAX_CHAINED:
        vistos.add(id(erro))
        frames = "".join(
            f'  File "{f.filename}", line {f.lineno}, in {f.name}\n'
            for f in traceback.extract_tb(erro.__traceback__)
        )
        tipo = type(erro)
        nome = (
            tipo.__qualname__
            if tipo.__module__ == "builtins"
            else f"{tipo.__module__}.{tipo.__qualname__}"
        )
        blocos.append(f"Traceback (most recent call last):\n{frames}{nome}")
        erro = erro.__cause__ or (None if erro.__suppress_context__ else erro.__context__)
    # Outermost last, as Python prints a chain.
    return "\n\nDuring the handling of the above exception:\n\n".join(reversed(blocos))


class JsonFormatter(logging.Formatter):
    """A record as one JSON object on one line; `extra={"campos": {...}}` adds fields."""

    def formatException(self, ei: Any) -> str:
        return traceback_without_messages(ei)

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


class BufferedHandler(logging.Handler):
    """Formats in the caller, writes from a background thread, many lines per write.

    A plain StreamHandler takes a lock and makes a write and a flush per line while the
    request waits; under load the request threads queue up on that lock. Here a line costs
    its formatting and a deque append. Warnings and errors are written at once, and
    `logging.shutdown` (at interpreter exit) writes whatever is pending.
    """

    def __init__(self, stream: TextIO, interval: float = FLUSH_INTERVAL_S) -> None:
        super().__init__()
        self.stream = stream
        self.interval = interval
        self._pending: collections.deque[str] = collections.deque()
        self._write_lock = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._closed = False

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._pending.append(self.format(record))
        except Exception:
            self.handleError(record)
            return
        if record.levelno >= logging.WARNING:
            self.flush()
        elif self._thread is None or not self._thread.is_alive():
            self._start()

    def _start(self) -> None:
        with self._write_lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="fluxo-log", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while not self._closed:
            self._wake.wait(self.interval)
            self.flush()

    def flush(self) -> None:
        with self._write_lock:
            lines = []
            while True:
                try:
                    lines.append(self._pending.popleft())
                except IndexError:
                    break
            if lines:
                self.stream.write("\n".join(lines) + "\n")
                self.stream.flush()

    def close(self) -> None:
        self._closed = True
        self._wake.set()
        self.flush()
        super().close()


_MARK = "_fluxo_json_handler"


def configure_logging(level: str = "INFO", stream: TextIO | None = None) -> None:
    """JSON lines on stderr for our loggers and the root; safe to call more than once."""
    root = logging.getLogger()
    for handler in root.handlers[:]:
        if getattr(handler, _MARK, False):
            root.removeHandler(handler)
            handler.close()
    handler = BufferedHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(JsonFormatter())
    setattr(handler, _MARK, True)
    root.addHandler(handler)
    root.setLevel(level)
