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

import httpx
import pytest
from sqlalchemy import select

from fluxo_caixa.db.engine import make_engine
from fluxo_caixa.db.tables import tentativa_acesso
from support.certificados import readme_block, require_openssl
from support.https import destino_https, lancar_por_https
from support.requisitos import exigir
from support.servers import free_port, service

pytestmark = pytest.mark.slow

TOKEN = "token-do-caixa-por-tras-do-nginx"
HOST = "localhost"  # what the certificate names and the clients connect to
FAILURES_BEFORE_BLOCK = 10

CONF_FILE = "# /etc/nginx/conf.d/fluxo-caixa.conf"
ERRORS_FILE = "# /etc/nginx/snippets/fluxo-caixa-erros.conf"
PRODUCTION_CERT = "/etc/letsencrypt/live/caixa.loja.com.br/"
PRODUCTION_NAME = "caixa.loja.com.br"


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


@dataclass(frozen=True)
class Ports:
    lancamentos: int  # nginx's TLS port for each service (443 and 8443 in the README)
    consolidado: int
    http: int  # nginx's plain http port (80 in the README)


def nginx_config(
    directory: Path, cert: Path, key: Path, ports: Ports, lancamentos: int, consolidado: int
) -> str:
    """The README's configuration with this test's ports, certificate and name, inside a
    main file that keeps everything nginx writes in `directory` and runs it in the
    foreground as whoever runs the test."""
    errors = directory / "fluxo-caixa-erros.conf"
    errors.write_text(readme_block("nginx", ERRORS_FILE))
    replacements = {
        f"{PRODUCTION_CERT}fullchain.pem": str(cert),
        f"{PRODUCTION_CERT}privkey.pem": str(key),
        "/etc/nginx/snippets/fluxo-caixa-erros.conf": str(errors),
        "listen 443 ssl;": f"listen 127.0.0.1:{ports.lancamentos} ssl;",
        "listen 8443 ssl;": f"listen 127.0.0.1:{ports.consolidado} ssl;",
        "listen 80;": f"listen 127.0.0.1:{ports.http};",
        "server 127.0.0.1:5000;": f"server 127.0.0.1:{lancamentos};",
        "server 127.0.0.1:5001;": f"server 127.0.0.1:{consolidado};",
        PRODUCTION_NAME: HOST,
    }
    site = readme_block("nginx", CONF_FILE)
    for old, new in replacements.items():
        assert old in site, f"README's nginx configuration no longer has {old!r}"
        site = site.replace(old, new)
    (directory / "fluxo-caixa.conf").write_text(site)
    user = pwd.getpwuid(os.getuid()).pw_name
    group = grp.getgrgid(os.getgid()).gr_name
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
    include {directory}/fluxo-caixa.conf;
}}
"""


@contextmanager
def nginx(directory: Path, config: str, ports: Ports) -> Iterator[None]:
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
        while not all(_listening(port) for port in (ports.lancamentos, ports.consolidado)):
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
    require_nginx_and_openssl()
    cert, key = make_certificate(tmp_path)
    database_url = f"sqlite:///{tmp_path / 'movimentacoes.db'}"
    env = {
        "FLUXO_DATABASE_URL": database_url,
        "FLUXO_API_TOKEN": TOKEN,
        "FLUXO_TRUSTED_PROXIES": "1",
        "FLUXO_LOG_LEVEL": "INFO",
    }
    ports = Ports(free_port(), free_port(), free_port())
    with (
        service("lancamentos", env, tmp_path) as lancamentos,
        service("consolidado", env, tmp_path) as consolidado,
    ):
        config = nginx_config(
            tmp_path, cert, key, ports, service_port(lancamentos.url), service_port(consolidado.url)
        )
        with nginx(tmp_path, config, ports):
            yield Proxied(
                f"https://{HOST}:{ports.lancamentos}",
                f"https://{HOST}:{ports.consolidado}",
                cert,
                lancamentos.log,
                database_url,
            )


def service_port(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def require_nginx_and_openssl() -> None:
    exigir(nginx_binary() is not None, "nginx não instalado (apt-get install nginx-light)")
    require_openssl()


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
        destino = destino_https(response)
        assert destino == f"{proxied.consolidado}/"
        # The Secure cookie goes back over https and opens the dashboard.
        painel = http.get(destino)
        assert painel.status_code == 200
        assert 'action="/sair"' in painel.text and 'action="/entrar"' not in painel.text


def test_location_of_a_new_movement_resolves_to_https(proxied: Proxied) -> None:
    with proxied.client() as http:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        destino = lancar_por_https(http, proxied.lancamentos, TOKEN, "12.34")
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


def test_nginx_own_errors_keep_the_json_error_shape(tmp_path: Path) -> None:
    """Nothing behind nginx: its 502 becomes a JSON 503; a body over 64 KiB, a JSON 413
    before any service sees it; plain http is sent to https."""
    require_nginx_and_openssl()
    cert, key = make_certificate(tmp_path)
    ports = Ports(free_port(), free_port(), free_port())
    config = nginx_config(tmp_path, cert, key, ports, free_port(), free_port())
    context = ssl.create_default_context(cafile=str(cert))
    with nginx(tmp_path, config, ports), httpx.Client(verify=context, timeout=10) as http:
        fora = http.get(f"https://{HOST}:{ports.consolidado}/consolidado/diario")
        assert fora.status_code == 503
        assert fora.headers["Content-Type"].startswith("application/json")
        assert fora.headers["Retry-After"] == "5"
        assert fora.json()["erro"] and fora.json()["detalhes"] == []

        grande = http.post(
            f"https://{HOST}:{ports.lancamentos}/movimentacao",
            content=b"x" * (64 * 1024 + 1),
            headers={"Content-Type": "application/json"},
        )
        assert grande.status_code == 413
        assert grande.json() == {"erro": "O corpo da requisição excede 64 KiB.", "detalhes": []}

        inseguro = http.get(f"http://{HOST}:{ports.http}/consolidado?inicio=2026-01-01")
        assert inseguro.status_code == 301
        assert inseguro.headers["Location"] == f"https://{HOST}/consolidado?inicio=2026-01-01"
