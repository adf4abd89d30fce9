"""The vendored chart library: Chart.js 4 from npm, unmodified, with its licence and version."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

STATIC = Path(__file__).resolve().parents[2] / "src/fluxo_caixa/consolidado/static/painel"


def test_vendored_chartjs_is_version_4_with_its_licence_and_version_note() -> None:
    bundle = (STATIC / "chartjs/chart.umd.min.js").read_text(encoding="utf-8")
    # The version the code reports (Chart.version) is the one in its banner.
    (versao,) = set(re.findall(r'static version="(4\.\d+\.\d+)"', bundle))
    assert f"Chart.js v{versao}\n" in bundle
    nota = (STATIC / "chartjs/VERSION").read_text(encoding="utf-8")
    assert f"chart.js {versao}" in nota
    licenca = (STATIC / "chartjs/LICENSE.md").read_text(encoding="utf-8")
    assert "MIT License" in licenca and "Chart.js Contributors" in licenca
    # No CDN anywhere in our own page code.
    for arquivo in ("painel.js", "painel.css"):
        assert "http" not in (STATIC / arquivo).read_text(encoding="utf-8").replace(
            "http://www.w3.org", ""
        )


def test_vendored_chartjs_is_the_file_the_version_note_names() -> None:
    nota = (STATIC / "chartjs/VERSION").read_text(encoding="utf-8")
    (esperado,) = re.findall(r"sha256 ([0-9a-f]{64})  chart\.umd\.min\.js", nota)
    conteudo = (STATIC / "chartjs/chart.umd.min.js").read_bytes()
    assert hashlib.sha256(conteudo).hexdigest() == esperado
