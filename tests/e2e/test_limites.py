"""What a real granian server does with oversized bodies, seen from a raw socket, and its logs."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from support.servers import ServiceProcess, service

LIMIT = 64 * 1024
VALID = b'{"tipo": "saida", "valor": 1}'


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceProcess]:
    directory = tmp_path_factory.mktemp("limites")
    # The raw requests below say "Host: teste": a name the Host check must let through.
    env = {"FLUXO_DATABASE_URL": f"sqlite:///{directory / 'm.db'}", "FLUXO_ALLOWED_HOSTS": "teste"}
    with service("lancamentos", env, directory) as svc:
        yield svc


def connect(svc: ServiceProcess) -> socket.socket:
    parts = urlsplit(svc.url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=30)
    return sock


def read_response(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """One HTTP/1.1 response with a Content-Length body."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed before a response: {data!r}")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return int(status_line.split()[1]), headers, body[:length]


def request_head(extra: str) -> bytes:
    return (
        "POST /movimentacao HTTP/1.1\r\nHost: teste\r\nContent-Type: application/json\r\n"
        f"{extra}\r\n"
    ).encode()


def chunked(payload: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(payload), payload)


def assert_413(status: int, headers: dict[str, str], body: bytes) -> None:
    assert status == 413
    assert headers["content-type"] == "application/json"
    assert json.loads(body)["erro"] == "O corpo da requisição excede 64 KiB."
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-request-id"]


def test_a_huge_content_length_is_refused_before_a_byte_of_body_is_sent(
    server: ServiceProcess,
) -> None:
    with connect(server) as sock:
        sock.sendall(request_head("Content-Length: 1073741824\r\n"))
        assert_413(*read_response(sock))


def test_an_endless_chunked_body_is_refused_at_64_kib(server: ServiceProcess) -> None:
    """If the server read the whole body first, this test would wait forever."""
    sent = 0
    stop = threading.Event()

    def send_forever(sock: socket.socket) -> None:
        nonlocal sent
        piece = chunked(b" " * 8192)
        try:
            while not stop.is_set():
                sock.sendall(piece)
                sent += 8192
        except OSError:
            pass  # the server closed the connection after answering

    with connect(server) as sock:
        sock.sendall(request_head("Transfer-Encoding: chunked\r\n") + chunked(b"{"))
        sender = threading.Thread(target=send_forever, args=(sock,), daemon=True)
        sender.start()
        try:
            assert_413(*read_response(sock))
        finally:
            stop.set()
            with contextlib.suppress(OSError):  # already reset by the server
                sock.shutdown(socket.SHUT_RDWR)
            sender.join(timeout=30)
    # The answer came while the client was still sending: far short of an endless read.
    assert sent < 256 * 1024 * 1024


@pytest.mark.parametrize("size", [LIMIT, LIMIT + 1])
def test_chunked_and_sized_bodies_share_the_64_kib_limit(server: ServiceProcess, size: int) -> None:
    body = VALID.ljust(size)  # JSON with trailing blanks: valid at any size
    for framing in ("chunked", "sized"):
        with connect(server) as sock:
            if framing == "chunked":
                halves = chunked(body[: size // 2]) + chunked(body[size // 2 :]) + b"0\r\n\r\n"
                sock.sendall(request_head("Transfer-Encoding: chunked\r\n") + halves)
            else:
                sock.sendall(request_head(f"Content-Length: {size}\r\n") + body)
            status, headers, answer = read_response(sock)
        if size <= LIMIT:
            assert status == 201, (framing, answer)
        else:
            assert_413(status, headers, answer)


def test_the_server_log_is_json_lines_with_one_line_per_request(
    server: ServiceProcess,
) -> None:
    token_like = "Bearer nao-deve-aparecer"
    response = httpx.post(
        f"{server.url}/movimentacao",
        json={"tipo": "entrada", "valor": "31.41", "descricao": "corpo-nao-deve-aparecer"},
        headers={"X-Request-ID": "e2e-log-1", "Authorization": token_like},
        timeout=30,
    )
    assert response.headers["X-Request-ID"] == "e2e-log-1"
    line = wait_for_log_line(server.log, "e2e-log-1")
    assert (line["method"], line["path"], line["status"]) == ("POST", "/movimentacao", 201)
    duracao = line["duration_ms"]
    assert line["service"] == "lancamentos" and isinstance(duracao, int | float) and duracao >= 0
    text = server.log.read_text()
    for non_json in (raw for raw in text.splitlines() if raw.strip()):
        json.loads(non_json)  # every line the server printed is JSON, granian's own included
    assert "nao-deve-aparecer" not in text and "31.41" not in text


def wait_for_log_line(log: Path, request_id: str) -> dict[str, object]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for raw in log.read_text().splitlines():
            if request_id in raw:
                return json.loads(raw)  # type: ignore[no-any-return]
        time.sleep(0.05)
    raise AssertionError(f"no log line for {request_id}:\n{log.read_text()}")
