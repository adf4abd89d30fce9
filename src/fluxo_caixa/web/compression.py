"""gzip for the pages' files and large JSON answers, when the client accepts it.

Chart.js and the Swagger UI dominate a first load (~250 KB for the dashboard); gzip cuts
that to about a quarter. Only whole bodies are compressed: streamed exports (CSV pages
read while the download runs) stay streamed, and XLSX is already a zip. Static files are
compressed once per version (their ETag) and kept, not on every request.
"""

from __future__ import annotations

import gzip
import threading
from collections import OrderedDict

from flask import Flask, Response, request

# Below this, gzip's header and the CPU cost more than the bytes saved.
MIN_SIZE = 1024
# A static file larger than this is sent as it is rather than read into memory.
MAX_SIZE = 8 * 1024 * 1024
COMPRESSIBLE = frozenset(
    {
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/json",
        "image/svg+xml",
    }
)
LEVEL = 6
CACHED_FILES = 32


class _StaticCache:
    """Compressed static files by ETag (the file's name, size and mtime): few, and fixed."""

    def __init__(self) -> None:
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: str, value: bytes) -> None:
        with self._lock:
            self._items[key] = value
            while len(self._items) > CACHED_FILES:
                self._items.popitem(last=False)


def install_compression(app: Flask) -> None:
    cache = _StaticCache()

    @app.after_request
    def compress(response: Response) -> Response:
        if response.is_sequence and not response.direct_passthrough:
            # Most answers (a day, an error): small, already in memory, left as they are;
            # found before parsing the content type.
            length = response.content_length
            if length is not None and length < MIN_SIZE:
                return response
        if (
            response.status_code != 200
            or response.mimetype not in COMPRESSIBLE
            or "Content-Encoding" in response.headers
            or request.method == "HEAD"
        ):
            return response
        length = response.content_length
        if response.direct_passthrough:
            # A static file (send_file): its size is known, its body a file wrapper.
            if length is None or not MIN_SIZE <= length <= MAX_SIZE:
                return response
        elif not response.is_sequence or len(response.get_data()) < MIN_SIZE:
            return response  # a stream (left streaming) or a small body
        if "Vary" in response.headers:
            response.vary.add("Accept-Encoding")
        else:  # what vary.add writes, without parsing and rewriting a header set
            response.headers["Vary"] = "Accept-Encoding"
        if "HTTP_ACCEPT_ENCODING" not in request.environ or request.accept_encodings["gzip"] <= 0:
            return response
        etag, _weak = response.get_etag()
        if response.direct_passthrough:
            body = cache.get(etag) if etag else None
            wrapper = response.response
            if body is None:
                response.direct_passthrough = False
                body = gzip.compress(response.get_data(), LEVEL, mtime=0)
                if etag:
                    cache.put(etag, body)
            if hasattr(wrapper, "close"):
                wrapper.close()  # the file: set_data below replaces it unclosed otherwise
        else:
            body = gzip.compress(response.get_data(), LEVEL, mtime=0)
        response.direct_passthrough = False
        response.set_data(body)
        response.headers["Content-Encoding"] = "gzip"
        if etag:
            # Another representation of the same resource: a weak validator still lets
            # If-None-Match (a weak comparison) answer 304 for either.
            response.set_etag(etag, weak=True)
        return response
