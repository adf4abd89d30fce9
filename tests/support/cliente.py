"""Helpers for the client's tests: an in-process HTTP server and a scripted terminal."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from sqlalchemy import Engine, select
from werkzeug.serving import make_server

from fluxo_caixa.config import Settings
from fluxo_caixa.db.tables import idempotencia, lancamento
from fluxo_caixa.lancamentos import create_app

# 10:00 in São Paulo on 2025-03-05: every movement without a data falls on that day.
AGORA = datetime(2025, 3, 5, 13, 0, tzinfo=UTC)
# What the client would read from the environment, unset: each test names its services.
SEM_AMBIENTE = {"FLUXO_API_URL": None, "FLUXO_CONSOLIDADO_URL": None, "FLUXO_API_TOKEN": None}
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]")


def relogio() -> datetime:
    return AGORA


@contextmanager
def lancamentos_servido(database_url: str, engine: Engine) -> Iterator[str]:
    """The lançamentos app on `engine`, "now" at AGORA, served over real HTTP: its URL."""
    app = create_app(Settings(database_url=database_url), engine=engine, clock=relogio)
    with servindo(app) as url:
        yield url


@contextmanager
def servindo(app: WSGIApplication, port: int = 0) -> Iterator[str]:
    """A real HTTP server (werkzeug, threaded) for a WSGI app, on a free loopback port."""
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=30)


@dataclass
class Terminal:
    """Scripted answers for `Sessao`; keeps a transcript as a terminal would show it.

    An answer that is an exception class is raised instead (KeyboardInterrupt is Ctrl-C,
    EOFError is Ctrl-D), exactly as `input` does.
    """

    respostas: list[str | type[BaseException]]
    transcricao: list[str] = field(default_factory=list)
    estilos: list[tuple[str, str]] = field(default_factory=list)

    def ler(self, prompt: str) -> str:
        if not self.respostas:
            raise AssertionError(f"unexpected prompt {prompt!r}:\n{self.texto}")
        resposta = self.respostas.pop(0)
        if isinstance(resposta, type):
            self.transcricao.append(prompt)
            raise resposta()
        self.transcricao.append(f"{prompt}{resposta}\n")
        return resposta

    def escrever(self, texto: str, estilo: str) -> None:
        self.transcricao.append(f"{texto}\n")
        self.estilos.append((texto, estilo))

    @property
    def texto(self) -> str:
        return "".join(self.transcricao)


def lancamentos_gravados(engine: Engine) -> list[tuple[int, str, int, str | None]]:
    query = select(
        lancamento.c.id, lancamento.c.tipo, lancamento.c.valor_centavos, lancamento.c.descricao
    ).order_by(lancamento.c.id)
    with engine.connect() as conn:
        return [(r.id, r.tipo, r.valor_centavos, r.descricao) for r in conn.execute(query)]


def chaves_gravadas(engine: Engine) -> int:
    with engine.connect() as conn:
        return len(conn.execute(select(idempotencia.c.chave)).all())


def sem_ansi(texto: str) -> str:
    return ANSI.sub("", texto)


@dataclass
class Gravador:
    """A WSGI app that records each request and answers what it was told to."""

    status: str = "201 Created"
    corpo: bytes = b"{}"
    tipo: str = "application/json"
    pedidos: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    enderecos: list[str] = field(default_factory=list)
    liberar: threading.Event | None = None

    def __call__(self, environ: WSGIEnvironment, start: StartResponse) -> Iterable[bytes]:
        tamanho = int(environ.get("CONTENT_LENGTH") or 0)
        corpo = environ["wsgi.input"].read(tamanho)
        headers = {
            k[5:].replace("_", "-").title(): v for k, v in environ.items() if k[:5] == "HTTP_"
        }
        headers["Content-Type"] = environ.get("CONTENT_TYPE", "")
        self.pedidos.append((headers, corpo))
        self.enderecos.append(f"{environ['PATH_INFO']}?{environ.get('QUERY_STRING', '')}")
        if self.liberar is not None:
            self.liberar.wait(timeout=30)
        start(self.status, [("Content-Type", self.tipo)])
        return [self.corpo]
