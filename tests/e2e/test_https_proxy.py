"""Both services behind a real nginx that terminates TLS (FLUXO_TRUSTED_PROXIES=1).

The nginx configuration is the README's ("Implantação" > HTTPS), with this test's ports
and paths: cookies come out Secure, the log line and the failed-token limit see the
client's own address, Location headers resolve to https and cross-site writes are still
refused.
"""

from __future__ import annotations

import grp
import json
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import httpx
import pytest
from sqlalchemy import select

from fluxo_caixa.db.engine import make_engine
from fluxo_caixa.db.tables import tentativa_acesso
from support.requisitos import exigir
from support.servers import free_port, service

pytestmark = pytest.mark.slow

TOKEN = "token-do-caixa-por-tras-do-nginx"
HOST = "localhost"  # what the certificate names and the clients connect to
FAILURES_BEFORE_BLOCK = 10

# Proxy headers as in the README: the client's address appended by nginx itself (a
# forged X-Forwarded-For stays to the left, where ProxyFix with 1 proxy never looks).
PROXY_LOCATION = """
        location / {
            proxy_pass http://%(upstream)s;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host:$server_port;
            proxy_set_header X-Forwarded-Host $host:$server_port;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }
"""

SERVER = """
    server {
        listen 127.0.0.1:%(port)d ssl;
        server_name %(host)s;
"""


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None
    )


def make_certificate(directory: Path) -> tuple[Path, Path]:
    """Self-signed, naming HOST (and 127.0.0.1) in subjectAltName."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", str(key), "-out", str(cert), "-subj", f"/CN={HOST}",
         "-addext", f"subjectAltName=DNS:{HOST},IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def nginx_config(directory: Path, cert: Path, key: Path, routes: dict[int, int]) -> str:
    """`routes`: nginx's TLS port -> the service's port; everything nginx writes stays in
    `directory`, and it runs in the foreground as whoever runs the test."""
    user = pwd.getpwuid(os.getuid()).pw_name
    group = grp.getgrgid(os.getgid()).gr_name
    upstreams = "".join(
        f"    upstream fluxo_{tls} {{ server 127.0.0.1:{port}; keepalive 8; }}\n"
        for tls, port in routes.items()
    )
    servers = "".join(
        SERVER % {"port": tls, "host": HOST}
        + PROXY_LOCATION % {"upstream": f"fluxo_{tls}"}
        + "    }\n"
        for tls in routes
    )
    return f"""
daemon off;
worker_processes 1;
user {user} {group};
pid {directory}/nginx.pid;
error_log {directory}/error.log info;
events {{ worker_connections 256; }}
http {{
    access_log {directory}/access.log;
    client_body_temp_path {directory}/client_body;
    proxy_temp_path {directory}/proxy;
    fastcgi_temp_path {directory}/fastcgi;
    uwsgi_temp_path {directory}/uwsgi;
    scgi_temp_path {directory}/scgi;

    ssl_certificate {cert};
    ssl_certificate_key {key};
    ssl_protocols TLSv1.2 TLSv1.3;
    client_max_body_size 64k;
    proxy_connect_timeout 5s;
    proxy_send_timeout 30s;
    proxy_read_timeout 30s;

{upstreams}{servers}}}
"""


@contextmanager
def nginx(directory: Path, config: str, ports: list[int]) -> Iterator[None]:
    binary = nginx_binary()
    assert binary is not None
    conf = directory / "nginx.conf"
    conf.write_text(config)
    log = directory / "nginx.out"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [binary, "-p", str(directory), "-e", str(directory / "error.log"), "-c", str(conf)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 20
        while not all(_listening(port) for port in ports):
            if process.poll() is not None or time.monotonic() > deadline:
                errors = (directory / "error.log").read_text(errors="replace")
                raise RuntimeError(f"nginx did not start:\n{log.read_text()}\n{errors}")
            time.sleep(0.05)
        yield
    finally:
        process.send_signal(signal.SIGQUIT)  # graceful stop, as `nginx -s quit`
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class Proxied:
    lancamentos: str  # https origins, as a browser would see them
    consolidado: str
    cert: Path
    lancamentos_log: Path
    database_url: str

    def client(self, local_address: str = "127.0.0.1") -> httpx.Client:
        """A client connecting from `local_address` (nginx passes it on as the client's)."""
        context = ssl.create_default_context(cafile=str(self.cert))
        transport = httpx.HTTPTransport(verify=context, local_address=local_address)
        return httpx.Client(transport=transport, timeout=10)


@pytest.fixture
def proxied(tmp_path: Path) -> Iterator[Proxied]:
    exigir(nginx_binary() is not None, "nginx não instalado (apt-get install nginx-light)")
    exigir(shutil.which("openssl") is not None, "openssl não instalado")
    cert, key = make_certificate(tmp_path)
    database_url = f"sqlite:///{tmp_path / 'movimentacoes.db'}"
    env = {
        "FLUXO_DATABASE_URL": database_url,
        "FLUXO_API_TOKEN": TOKEN,
        "FLUXO_TRUSTED_PROXIES": "1",
        "FLUXO_LOG_LEVEL": "INFO",
    }
    tls_lancamentos, tls_consolidado = free_port(), free_port()
    with (
        service("lancamentos", env, tmp_path) as lancamentos,
        service("consolidado", env, tmp_path) as consolidado,
    ):
        routes = {
            tls_lancamentos: int(lancamentos.url.rsplit(":", 1)[1]),
            tls_consolidado: int(consolidado.url.rsplit(":", 1)[1]),
        }
        config = nginx_config(tmp_path, cert, key, routes)
        with nginx(tmp_path, config, list(routes)):
            yield Proxied(
                f"https://{HOST}:{tls_lancamentos}",
                f"https://{HOST}:{tls_consolidado}",
                cert,
                lancamentos.log,
                database_url,
            )


def test_dashboard_sign_in_through_tls_gives_a_secure_cookie_and_an_https_redirect(
    proxied: Proxied,
) -> None:
    with proxied.client() as http:
        response = http.post(
            f"{proxied.consolidado}/entrar",
            data={"token": TOKEN},
            headers={"Origin": proxied.consolidado},
        )
        assert response.status_code == 303, response.text
        cookie = response.headers["Set-Cookie"]
        assert cookie.startswith("fluxo_sessao_consolidado=")
        attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
        assert {"secure", "httponly", "samesite=strict"} <= attributes
        location = response.headers["Location"]
        assert not location.startswith("http:")
        destino = urljoin(str(response.url), location)
        assert destino == f"{proxied.consolidado}/"
        # The Secure cookie goes back over https and opens the dashboard.
        painel = http.get(destino)
        assert painel.status_code == 200
        assert 'action="/sair"' in painel.text and 'action="/entrar"' not in painel.text


def test_location_of_a_new_movement_resolves_to_https(proxied: Proxied) -> None:
    with proxied.client() as http:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        response = http.post(
            f"{proxied.lancamentos}/movimentacao",
            json={"tipo": "entrada", "valor": "12.34"},
            headers={**auth, "Origin": proxied.lancamentos},
        )
        assert response.status_code == 201, response.text
        location = response.headers["Location"]
        assert not location.startswith("http:")
        destino = urljoin(str(response.url), location)
        assert destino.startswith(f"{proxied.lancamentos}/movimentacao/")
        assert http.get(destino, headers=auth).json()["valor"] == "12.34"


def test_cross_site_post_through_the_proxy_is_still_refused(proxied: Proxied) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    corpo = {"tipo": "saida", "valor": "1.00"}
    with proxied.client() as http:
        alheio = http.post(
            f"{proxied.lancamentos}/movimentacao",
            json=corpo,
            headers={**auth, "Origin": "https://evil.example"},
        )
        assert alheio.status_code == 403
        assert alheio.json()["erro"]
        # The http origin of the same name is another origin too.
        inseguro = http.post(
            f"{proxied.lancamentos}/movimentacao",
            json=corpo,
            headers={**auth, "Origin": proxied.lancamentos.replace("https:", "http:")},
        )
        assert inseguro.status_code == 403
        proprio = http.post(
            f"{proxied.lancamentos}/movimentacao",
            json=corpo,
            headers={**auth, "Origin": proxied.lancamentos},
        )
        assert proprio.status_code == 201
        painel = http.post(
            f"{proxied.consolidado}/entrar",
            data={"token": TOKEN},
            headers={"Origin": "https://evil.example"},
        )
        assert painel.status_code == 403


def test_log_and_failed_token_limit_see_the_clients_address(proxied: Proxied) -> None:
    url = f"{proxied.lancamentos}/movimentacao"
    errado = {"Authorization": "Bearer errado"}
    with proxied.client("127.0.0.2") as intruso:
        # A forged X-Forwarded-For is left of nginx's own entry: ignored.
        forjado = {**errado, "X-Forwarded-For": "203.0.113.9"}
        for _ in range(FAILURES_BEFORE_BLOCK):
            assert intruso.get(url, headers=forjado).status_code == 401
        bloqueado = intruso.get(url, headers=forjado)
        assert bloqueado.status_code == 429
        assert int(bloqueado.headers["Retry-After"]) >= 1
        assert bloqueado.json()["erro"]

    # Another client, behind the same nginx, is not blocked.
    with proxied.client("127.0.0.1") as vizinho:
        assert vizinho.get(url, headers=errado).status_code == 401
        certo = vizinho.get(url, headers={"Authorization": f"Bearer {TOKEN}"})
        assert certo.status_code == 200

    engine = make_engine(proxied.database_url)
    try:
        with engine.connect() as conn:
            rows = {row.endereco: row.falhas for row in conn.execute(select(tentativa_acesso))}
    finally:
        engine.dispose()
    assert set(rows) == {"127.0.0.2", "127.0.0.1"}
    assert rows["127.0.0.1"] == 1

    # The line is written once the answer is out: give the last ones a moment.
    deadline = time.monotonic() + 10
    while logged_addresses(proxied.lancamentos_log, "/movimentacao") != {
        "127.0.0.2",
        "127.0.0.1",
    }:
        assert time.monotonic() < deadline, logged_addresses(
            proxied.lancamentos_log, "/movimentacao"
        )
        time.sleep(0.1)


def logged_addresses(log: Path, path: str) -> set[str | None]:
    """remote_addr of each JSON request line for `path`."""
    addresses = set()
    for line in log.read_text(errors="replace").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and record.get("path") == path:
            addresses.add(record.get("remote_addr"))
    return addresses
