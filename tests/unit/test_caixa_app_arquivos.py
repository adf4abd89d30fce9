"""The caixa app's files: what the service worker caches and the version that names the cache."""

from __future__ import annotations

from pathlib import Path

from fluxo_caixa.lancamentos.caixa_app import arquivos_do_app, versao_do_app

STATIC = Path(__file__).resolve().parents[2] / "src/fluxo_caixa/lancamentos/static/caixa"


def test_every_file_of_the_app_is_listed_for_the_offline_cache() -> None:
    arquivos = arquivos_do_app(STATIC)
    for nome in (
        "app.js",
        "api.js",
        "dinheiro.js",
        "caixa.js",
        "fechar.js",
        "leitura.js",
        "app.css",
    ):
        assert f"/app/{nome}" in arquivos
    assert {"/app/icone-192.png", "/app/icone-512.png", "/app/icone.svg"} <= set(arquivos)
    assert arquivos == sorted(arquivos)


def test_the_version_changes_with_any_file_and_only_then(tmp_path: Path) -> None:
    (tmp_path / "a.js").write_text("um")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.css").write_text("dois")
    antes = versao_do_app(tmp_path)
    assert versao_do_app(tmp_path) == antes
    (tmp_path / "sub" / "b.css").write_text("três")
    assert versao_do_app(tmp_path) != antes
    (tmp_path / "sub" / "b.css").write_text("dois")
    assert versao_do_app(tmp_path) == antes
    # A renamed file is a different app even with the same bytes.
    (tmp_path / "a.js").rename(tmp_path / "c.js")
    assert versao_do_app(tmp_path) != antes


def test_no_cdn_and_no_float_parsing_in_the_apps_code() -> None:
    for path in STATIC.glob("*.js"):
        texto = path.read_text(encoding="utf-8")
        assert "http://" not in texto and "https://" not in texto, path.name
        assert "parseFloat(" not in texto, path.name
