"""gzip of the pages' files and large JSON answers, only when the client accepts it."""

from __future__ import annotations

import gzip
from datetime import date
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine

import fluxo_caixa
from support.ledger import lancar

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)

PACKAGE = Path(fluxo_caixa.__file__).parent
CHART_JS = PACKAGE / "consolidado/static/painel/chartjs/chart.umd.min.js"
CHART_JS_URL = "/painel/static/chartjs/chart.umd.min.js"
GZIP = {"Accept-Encoding": "gzip, deflate, br"}
# A month of the seed's days: the period JSON is then several KB.
PERIODO = "/consolidado?inicio=2025-03-01&fim=2025-03-31"


def test_chartjs_is_gzip_when_accepted_and_decompresses_to_the_file(
    consolidado_client: FlaskClient,
) -> None:
    arquivo = CHART_JS.read_bytes()
    for _ in range(2):  # the second answer comes from the compressed copy kept in memory
        response = consolidado_client.get(CHART_JS_URL, headers=GZIP)
        assert response.status_code == 200
        assert response.headers["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response.headers["Vary"]
        assert int(response.headers["Content-Length"]) == len(response.data)
        assert len(response.data) < len(arquivo) / 2
        assert gzip.decompress(response.data) == arquivo


def test_chartjs_is_plain_without_accept_encoding(consolidado_client: FlaskClient) -> None:
    with consolidado_client.get(CHART_JS_URL) as response:
        assert response.status_code == 200
        assert "Content-Encoding" not in response.headers
        assert "Accept-Encoding" in response.headers["Vary"]
        assert response.data == CHART_JS.read_bytes()


def test_gzip_refused_with_q_zero_is_plain(consolidado_client: FlaskClient) -> None:
    with consolidado_client.get(CHART_JS_URL, headers={"Accept-Encoding": "gzip;q=0"}) as response:
        assert "Content-Encoding" not in response.headers
        assert response.data == CHART_JS.read_bytes()


def test_swagger_ui_assets_and_dashboard_page_are_gzip(consolidado_client: FlaskClient) -> None:
    assert consolidado_client.get("/docs", headers=GZIP).status_code == 200  # < 1 KB: plain
    for url in [
        "/docs/static/swagger-ui/swagger-ui-bundle.js",
        "/docs/static/swagger-ui/swagger-ui.css",
        "/",
        "/openapi.json",
    ]:
        response = consolidado_client.get(url, headers=GZIP)
        assert response.status_code == 200, url
        assert response.headers["Content-Encoding"] == "gzip", url
        with consolidado_client.get(url) as plain:
            assert gzip.decompress(response.data) == plain.data, url


def test_small_json_is_not_compressed(consolidado_client: FlaskClient) -> None:
    response = consolidado_client.get("/consolidado/diario", headers=GZIP)
    assert response.status_code == 200
    assert len(response.data) < 1024
    assert "Content-Encoding" not in response.headers
    assert response.json is not None


def test_large_json_is_gzip_and_its_etag_still_answers_304(
    consolidado_client: FlaskClient, engine: Engine
) -> None:
    lancar(engine, *[("entrada", 1000 + dia, date(2025, 3, dia)) for dia in range(1, 31)])
    plain = consolidado_client.get(PERIODO)
    assert "Content-Encoding" not in plain.headers
    assert len(plain.data) > 1024

    compressed = consolidado_client.get(PERIODO, headers=GZIP)
    assert compressed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.data) == plain.data
    etag = compressed.headers["ETag"]
    assert etag == "W/" + plain.headers["ETag"]

    # The browser sends back what it was given, gzip or not: either is the same version.
    for validator in (etag, plain.headers["ETag"]):
        again = consolidado_client.get(PERIODO, headers={**GZIP, "If-None-Match": validator})
        assert again.status_code == 304
        assert again.data == b""

    lancar(engine, ("saida", 500, date(2025, 3, 31)))
    changed = consolidado_client.get(PERIODO, headers={**GZIP, "If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["Content-Encoding"] == "gzip"


def test_exports_are_not_compressed_and_csv_stays_streamed(
    consolidado_client: FlaskClient, engine: Engine
) -> None:
    lancar(engine, *[("entrada", 1000 + dia, date(2025, 3, dia)) for dia in range(1, 31)])
    for url in [
        "/movimentacao.csv?inicio=2025-03-01&fim=2025-03-31",
        "/consolidado.csv?inicio=2025-03-01&fim=2025-03-31",
        "/consolidado.xlsx?inicio=2025-03-01&fim=2025-03-31",
    ]:
        response = consolidado_client.get(url, headers=GZIP, buffered=False)
        assert response.status_code == 200, url
        assert "Content-Encoding" not in response.headers, url
        if url.startswith("/movimentacao.csv"):
            assert response.is_streamed
        response.close()
