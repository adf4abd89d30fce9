"""Another origin for browser tests: a plain HTTP server on its own port, serving a folder.

Ports are separate origins but the same site (SameSite cookies still go along); the same
server reached as `localhost` instead of `127.0.0.1` is another site too.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _Silencioso(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass  # no access log on the test's stderr


@contextmanager
def servidor_de_arquivos(pasta: Path) -> Iterator[int]:
    """Serve `pasta` on 127.0.0.1; yields the port."""
    handler = functools.partial(_Silencioso, directory=str(pasta))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()
