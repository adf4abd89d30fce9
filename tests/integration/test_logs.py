"""One structured JSON line per request; never a token or a body in the logs."""

from __future__ import annotations

import io
import json
import logging
import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask

from fluxo_caixa.config import Settings
from fluxo_caixa.db.engine import make_engine
from fluxo_caixa.lancamentos import create_app
from fluxo_caixa.web.logs import JsonFormatter, configure_logging, request_id_from

TOKEN = "token-que-nao-pode-vazar"
Lines = Callable[[], list[dict[str, Any]]]


@pytest.fixture
def log_lines() -> Iterator[Lines]:
    """What the services write to stderr, captured from the real formatter."""
    stream = io.StringIO()
    root = logging.getLogger()
    level = root.level
    configure_logging("INFO", stream)

    def lines() -> list[dict[str, Any]]:
        for handler in root.handlers:
            handler.flush()  # lines are written in batches, in the background
        text = stream.getvalue()
        return [json.loads(line) for line in text.splitlines()]

    yield lines
    for handler in [h for h in root.handlers if isinstance(h.formatter, JsonFormatter)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


@pytest.fixture
def app(sqlite_url: str) -> Iterator[Flask]:
    engine = make_engine(sqlite_url)
    yield create_app(Settings(database_url=sqlite_url, api_token=TOKEN), engine=engine)
    engine.dispose()


def requests_logged(lines: Lines) -> list[dict[str, object]]:
    return [line for line in lines() if line["message"] == "request"]


def test_each_request_is_one_json_line_with_id_method_path_status_and_duration(
    app: Flask, log_lines: Lines
) -> None:
    client = app.test_client()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    created = client.post("/movimentacao", json={"tipo": "saida", "valor": 5}, headers=auth)
    client.get("/nao-existe", headers=auth)
    client.put("/movimentacao", headers=auth)
    logged = requests_logged(log_lines)
    assert [(r["method"], r["path"], r["status"]) for r in logged] == [
        ("POST", "/movimentacao", 201),
        ("GET", "/nao-existe", 404),
        ("PUT", "/movimentacao", 405),
    ]
    first = logged[0]
    assert first["request_id"] == created.headers["X-Request-ID"]
    assert len(str(first["request_id"])) == 32
    assert isinstance(first["duration_ms"], float) and first["duration_ms"] >= 0
    assert first["service"] == "lancamentos" and first["level"] == "INFO"
    assert len({r["request_id"] for r in logged}) == 3


def test_the_token_the_body_and_the_query_never_reach_the_log(app: Flask, log_lines: Lines) -> None:
    client = app.test_client()
    secret_body = {"tipo": "entrada", "valor": "4321.09", "descricao": "venda-sigilosa"}
    client.post("/movimentacao", json=secret_body, headers={"Authorization": f"Bearer {TOKEN}"})
    client.post("/movimentacao", json=secret_body, headers={"Authorization": f"Bearer {TOKEN}x"})
    client.post(
        "/movimentacao",
        json={"tipo": "entrada", "valor": "0", "descricao": "venda-sigilosa"},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    client.get("/movimentacao?cursor=consulta-sigilosa", headers={"Authorization": TOKEN})
    text = json.dumps(log_lines())
    assert len(requests_logged(log_lines)) == 4
    for secret in (TOKEN, "4321.09", "venda-sigilosa", "consulta-sigilosa"):
        assert secret not in text


def test_a_sane_incoming_request_id_is_kept_and_echoed(app: Flask, log_lines: Lines) -> None:
    response = app.test_client().get("/saude", headers={"X-Request-ID": "lb-7f3a:1.2/x=y"})
    assert response.headers["X-Request-ID"] == "lb-7f3a:1.2/x=y"
    assert requests_logged(log_lines)[0]["request_id"] == "lb-7f3a:1.2/x=y"


@pytest.mark.parametrize("incoming", ["", "a b", "x" * 129, "id\u00e7", 'a"b', "a\\b"])
def test_an_odd_incoming_request_id_is_replaced(incoming: str) -> None:
    generated = request_id_from(incoming)
    assert generated != incoming and len(generated) == 32 and generated.isalnum()


def test_a_path_cannot_forge_log_lines(app: Flask, log_lines: Lines) -> None:
    app.test_client().get('/x%0A{"message": "request", "status": 200}')
    logged = log_lines()
    assert len(logged) == 1 and logged[0]["status"] == 401


def test_records_logged_during_a_request_carry_its_id(app: Flask, log_lines: Lines) -> None:
    def explode() -> str:
        raise RuntimeError("boom")

    app.add_url_rule("/explode", view_func=explode)
    response = app.test_client().get(
        "/explode", headers={"Authorization": f"Bearer {TOKEN}", "X-Request-ID": "rastro-1"}
    )
    assert response.status_code == 500
    error, request = log_lines()
    assert error["level"] == "ERROR" and error["request_id"] == "rastro-1"
    # The type and the frames, never the message: it may quote request text.
    assert "RuntimeError" in error["exception"] and "explode" in error["exception"]
    assert "boom" not in error["exception"]
    assert request["message"] == "request" and request["status"] == 500


def test_a_503_is_logged_as_a_warning_with_the_request_id(log_lines: Lines) -> None:
    settings = Settings(database_url="postgresql+psycopg://ninguem:senha-do-banco@127.0.0.1:1/x")
    app = create_app(settings)
    response = app.test_client().post(
        "/movimentacao", json={"tipo": "entrada", "valor": 1}, headers={"X-Request-ID": "r-503"}
    )
    assert response.status_code == 503
    warning, request = log_lines()
    assert warning["level"] == "WARNING" and warning["request_id"] == "r-503"
    assert request["status"] == 503 and request["request_id"] == "r-503"
    assert "senha-do-banco" not in json.dumps(log_lines())


def test_warning_level_silences_request_lines(app: Flask, log_lines: Lines) -> None:
    stream = io.StringIO()
    configure_logging("WARNING", stream)  # replaces the fixture's handler
    app.test_client().get("/saude")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert stream.getvalue() == ""
    assert log_lines() == []


@pytest.mark.skipif(not hasattr(os, "fork"), reason="processos só bifurcam (fork) em POSIX")
def test_a_forked_worker_never_repeats_its_parents_request_ids() -> None:
    # granian forks its workers after the app module (and its id source) is imported.
    antes = request_id_from(None)
    leitura, escrita = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: one id, written to the parent, then out at once
        os.write(escrita, request_id_from(None).encode())
        os._exit(0)
    os.close(escrita)
    do_filho = os.read(leitura, 64).decode()
    os.waitpid(pid, 0)
    os.close(leitura)
    depois = request_id_from(None)
    assert len(do_filho) == len(antes) == 32
    assert do_filho[:16] != antes[:16]  # another random prefix
    assert depois[:16] == antes[:16] and depois != antes  # the parent goes on with its own
