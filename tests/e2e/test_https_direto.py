"""`serve` speaking HTTPS itself (FLUXO_TLS_CERT and FLUXO_TLS_KEY), with the certificate
the README's "Caixa no celular" makes: a small CA of the shop and the computer's
certificate naming its IP. Clients here trust that CA only, as the phone does."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import httpx
import pytest

from fluxo_caixa.web.front import BODY_TIMEOUT_S
from support.certificados import Certificados, make_certificates
from support.https import lancar_por_https
from support.servers import free_port, running, wait_healthy

TOKEN = "token-do-caixa-no-celular"
LOOPBACK = "127.0.0.1"  # the certificate names it too (the computer's own browser)


@pytest.fixture(scope="module")
def certificados(tmp_path_factory: pytest.TempPathFactory) -> Certificados:
    return make_certificates(tmp_path_factory.mktemp("certificados"), "192.168.0.10")


def run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fluxo_caixa", *args],
        env={**os.environ, "FLUXO_API_TOKEN": "", **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


class Both:
    """`fluxo-caixa serve` (both services, supervised) over HTTPS on loopback."""

    def __init__(self, lancamentos: str, consolidado: str, log: Path) -> None:
        self.lancamentos = lancamentos
        self.consolidado = consolidado
        self.log = log


@pytest.fixture
def both(tmp_path: Path, certificados: Certificados) -> Iterator[Both]:
    ports = free_port(), free_port()
    env = {
        **certificados.env,
        "FLUXO_API_TOKEN": TOKEN,
        "FLUXO_DATABASE_URL": f"sqlite:///{tmp_path / 'movimentacoes.db'}",
        "FLUXO_PORT_LANCAMENTOS": str(ports[0]),
        "FLUXO_PORT_CONSOLIDADO": str(ports[1]),
    }
    urls = [f"https://{LOOPBACK}:{port}" for port in ports]
    command = [sys.executable, "-m", "fluxo_caixa", "serve"]
    context = certificados.client_context()
    with running(command, env, tmp_path, urls[0], log_name="serve.log", verify=context):
        wait_healthy(urls[1], verify=context)
        yield Both(urls[0], urls[1], tmp_path / "serve.log")


def test_serve_speaks_https_on_both_services_with_one_certificate(
    both: Both, certificados: Certificados
) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(verify=certificados.client_context(), timeout=10) as http:
        destino = lancar_por_https(http, both.lancamentos, TOKEN, "10.50")
        lida = http.get(destino, headers=auth)
        assert lida.status_code == 200
        assert lida.json()["valor"] == "10.50"
        dia = http.get(f"{both.consolidado}/consolidado/diario", headers=auth)
        assert dia.status_code == 200
        assert dia.json()["entradas"] == "10.50"
    # Nothing is served in the clear on those ports.
    for url in (both.lancamentos, both.consolidado):
        with pytest.raises(httpx.TransportError):
            httpx.get(url.replace("https:", "http:") + "/saude", timeout=5)


def test_serve_says_where_each_service_answers_over_https(both: Both) -> None:
    deadline = time.monotonic() + 10
    while True:
        saida = both.log.read_text(errors="replace")
        if f"em {both.lancamentos}" in saida and f"em {both.consolidado}" in saida:
            break
        assert time.monotonic() < deadline, saida
        time.sleep(0.1)
    assert re.search(rf"^Lançamentos .* em {re.escape(both.lancamentos)}$", saida, re.M)
    assert re.search(rf"^Consolidado .* em {re.escape(both.consolidado)}$", saida, re.M)


def test_https_is_http_1_1_and_a_body_too_slow_to_arrive_is_still_a_408(
    both: Both, certificados: Certificados
) -> None:
    """The front's body deadline is HTTP/1.1's: a client offering HTTP/2 gets HTTP/1.1."""
    context = certificados.client_context()
    context.set_alpn_protocols(["h2", "http/1.1"])
    port = int(both.lancamentos.rpartition(":")[2])
    with (
        socket.create_connection((LOOPBACK, port), timeout=BODY_TIMEOUT_S + 20) as raw,
        context.wrap_socket(raw, server_hostname=LOOPBACK) as sock,
    ):
        assert sock.selected_alpn_protocol() == "http/1.1"
        sock.sendall(
            f"POST /movimentacao HTTP/1.1\r\nHost: {LOOPBACK}:{port}\r\n"
            f"Authorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\n"
            "Content-Length: 200\r\n\r\n{".encode()
        )
        resposta = b""
        while b"\r\n\r\n" not in resposta or not resposta.rstrip().endswith(b"}"):
            pedaco = sock.recv(65536)
            if not pedaco:
                break
            resposta += pedaco
    cabecalhos, _, corpo = resposta.partition(b"\r\n\r\n")
    assert cabecalhos.startswith(b"HTTP/1.1 408"), resposta
    assert b"connection: close" in cabecalhos.lower()
    assert json.loads(corpo)["erro"].startswith("O corpo da requisição não chegou completo")


def test_sign_in_over_https_gives_a_secure_cookie_and_cross_site_writes_are_refused(
    both: Both, certificados: Certificados
) -> None:
    with httpx.Client(verify=certificados.client_context(), timeout=10) as http:
        entrou = http.post(
            f"{both.consolidado}/entrar",
            data={"token": TOKEN},
            headers={"Origin": both.consolidado},
        )
        assert entrou.status_code == 303, entrou.text
        cookie = entrou.headers["Set-Cookie"]
        assert cookie.startswith("fluxo_sessao_consolidado=")
        attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
        assert {"secure", "httponly", "samesite=strict"} <= attributes
        destino = urljoin(str(entrou.url), entrou.headers["Location"])
        assert destino == f"{both.consolidado}/"
        painel = http.get(destino)
        assert painel.status_code == 200
        assert 'action="/sair"' in painel.text

        auth = {"Authorization": f"Bearer {TOKEN}"}
        corpo = {"tipo": "saida", "valor": "1.00"}
        url = f"{both.lancamentos}/movimentacao"
        # The http origin of the same address is another origin.
        for origem in (both.lancamentos.replace("https:", "http:"), "https://evil.example"):
            recusada = http.post(url, json=corpo, headers={**auth, "Origin": origem})
            assert recusada.status_code == 403, origem
            assert recusada.json()["erro"]


def test_the_terminal_client_trusts_the_shop_ca_given_in_fluxo_tls_ca(
    both: Both, certificados: Certificados, tmp_path: Path
) -> None:
    env = {"FLUXO_API_URL": both.lancamentos, "FLUXO_API_TOKEN": TOKEN}
    sem_ca = run(["lancar", "entrada", "7,25", "--tentativas", "1"], env, tmp_path)
    assert sem_ca.returncode == 2
    assert "não é de uma autoridade em que este cliente confie" in sem_ca.stderr
    assert "FLUXO_TLS_CA" in sem_ca.stderr
    assert "Traceback" not in sem_ca.stderr + sem_ca.stdout
    com_ca = run(
        ["lancar", "entrada", "7,25", "--json"],
        {**env, "FLUXO_TLS_CA": str(certificados.ca)},
        tmp_path,
    )
    assert com_ca.returncode == 0, com_ca.stderr
    assert json.loads(com_ca.stdout)["valor"] == "7.25"


@pytest.mark.parametrize("servico", [[], ["lancamentos"], ["consolidado"]])
@pytest.mark.parametrize(("definida", "ausente"), [("CERT", "KEY"), ("KEY", "CERT")])
def test_one_tls_setting_alone_is_refused_before_serving(
    tmp_path: Path, certificados: Certificados, servico: list[str], definida: str, ausente: str
) -> None:
    env = {f"FLUXO_TLS_{definida}": certificados.env[f"FLUXO_TLS_{definida}"]}
    result = run(["serve", *servico], {**env, f"FLUXO_TLS_{ausente}": ""}, tmp_path)
    assert result.returncode == 1
    assert result.stderr.count(f"FLUXO_TLS_{definida} foi definido sem FLUXO_TLS_{ausente}") == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "movimentacoes.db").exists()


def tls_files(caso: str, directory: Path, certificados: Certificados) -> tuple[Path, Path]:
    """FLUXO_TLS_CERT and FLUXO_TLS_KEY of each way to get them wrong."""
    cert, key = certificados.cert, certificados.key
    if caso == "ausente":
        return directory / "nada.crt", key
    if caso == "diretorio":
        return cert, directory
    if caso == "trocados":
        return key, cert
    if caso == "sem-chave":
        return cert, certificados.ca
    if caso == "chave-de-outro":
        return cert, make_certificates(directory / "outro", "192.168.0.20").key
    assert caso == "com-senha"
    protegida = directory / "com-senha.key"
    subprocess.run(
        ["openssl", "pkey", "-in", str(key), "-aes256", "-passout", "pass:segredo",
         "-out", str(protegida)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, protegida


@pytest.mark.parametrize(
    ("caso", "mensagem"),
    [
        ("ausente", "FLUXO_TLS_CERT: o arquivo {d}/nada.crt não existe."),
        ("diretorio", "FLUXO_TLS_KEY: {d} é um diretório, não um arquivo."),
        ("trocados", "não contém um certificado no formato PEM"),
        ("sem-chave", "não contém uma chave privada no formato PEM"),
        ("chave-de-outro", "não é a do certificado"),
        ("com-senha", "está protegida por senha"),
    ],
)
def test_a_tls_file_it_cannot_use_is_one_clear_line_and_nothing_is_served(
    tmp_path: Path, certificados: Certificados, caso: str, mensagem: str
) -> None:
    cert, key = tls_files(caso, tmp_path, certificados)
    env = {"FLUXO_TLS_CERT": str(cert), "FLUXO_TLS_KEY": str(key)}
    result = run(["serve"], env, tmp_path)
    assert result.returncode == 1
    assert result.stderr.count(mensagem.format(d=tmp_path)) == 1, result.stderr
    assert "reiniciando" not in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "movimentacoes.db").exists()


def test_listening_beyond_loopback_without_a_token_is_still_refused_with_tls(
    tmp_path: Path, certificados: Certificados
) -> None:
    result = run(["serve"], {**certificados.env, "FLUXO_HOST": "0.0.0.0"}, tmp_path)
    assert result.returncode == 1
    assert "Recusado" in result.stderr and "FLUXO_API_TOKEN" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "movimentacoes.db").exists()
