from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from fluxo_caixa.config import ConfigError, Settings, Tls
from fluxo_caixa.server import service_urls

TLS = {"FLUXO_TLS_CERT": "caixa.crt", "FLUXO_TLS_KEY": "caixa.key"}


def test_defaults_follow_the_seed() -> None:
    settings = Settings.from_env({})
    assert settings.database_url.endswith("/movimentacoes.db")
    assert (settings.port_lancamentos, settings.port_consolidado) == (5000, 5001)
    assert settings.tz == ZoneInfo("America/Sao_Paulo")
    assert settings.leitura_database_url == settings.database_url


def test_environment_is_read() -> None:
    settings = Settings.from_env(
        {
            "FLUXO_DATABASE_URL": "postgresql+psycopg://x/y",
            "FLUXO_TZ": "America/Manaus",
            "FLUXO_PORT_LANCAMENTOS": "8000",
            "FLUXO_CONSOLIDADO_DATABASE_URL": "sqlite:///r.db",
        }
    )
    assert settings.database_url == "postgresql+psycopg://x/y"
    assert settings.tz == ZoneInfo("America/Manaus")
    assert settings.port_lancamentos == 8000
    assert settings.leitura_database_url == "sqlite:///r.db"


@pytest.mark.parametrize(
    ("env", "mensagem"),
    [
        ({"FLUXO_TZ": "Marte/Olimpo"}, "FLUXO_TZ"),
        ({"FLUXO_PORT_CONSOLIDADO": "x"}, "inteiro"),
        ({"FLUXO_PORT_LANCAMENTOS": "99999"}, "FLUXO_PORT_LANCAMENTOS deve estar entre 1 e 65535"),
        ({"FLUXO_WORKERS": "0"}, "FLUXO_WORKERS deve estar entre 1 e 64"),
        ({"FLUXO_TRUSTED_PROXIES": "-1"}, "FLUXO_TRUSTED_PROXIES deve estar entre 0 e 10"),
        ({"FLUXO_TRUSTED_PROXIES": "sim"}, "FLUXO_TRUSTED_PROXIES deve ser um número inteiro"),
        ({"FLUXO_ALLOWED_HOSTS": "https://caixa.loja"}, "FLUXO_ALLOWED_HOSTS"),
    ],
)
def test_bad_settings_are_explained(env: dict[str, str], mensagem: str) -> None:
    with pytest.raises(ConfigError, match=mensagem):
        Settings.from_env(env)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.0.10", "::"])
def test_serving_beyond_loopback_without_token_is_refused(host: str) -> None:
    with pytest.raises(ConfigError, match="FLUXO_API_TOKEN"):
        Settings(host=host).check_can_serve()


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_loopback_needs_no_token(host: str) -> None:
    Settings(host=host).check_can_serve()


def test_token_allows_any_address() -> None:
    Settings(host="0.0.0.0", api_token="segredo").check_can_serve()


def test_log_level_is_read_and_checked() -> None:
    assert Settings.from_env({}).log_level == "INFO"
    assert Settings.from_env({"FLUXO_LOG_LEVEL": " warning "}).log_level == "WARNING"
    with pytest.raises(ConfigError, match="FLUXO_LOG_LEVEL"):
        Settings.from_env({"FLUXO_LOG_LEVEL": "verbose"})


def test_allowed_hosts_and_trusted_proxies_are_read() -> None:
    settings = Settings.from_env(
        {
            "FLUXO_ALLOWED_HOSTS": " Caixa.Loja.com.br, 192.168.0.10:5000,,[fe80::1]:8443 ",
            "FLUXO_TRUSTED_PROXIES": "1",
        }
    )
    assert settings.allowed_hosts == {"caixa.loja.com.br", "192.168.0.10", "fe80::1"}
    assert settings.trusted_proxies == 1
    defaults = Settings.from_env({})
    assert defaults.allowed_hosts == frozenset() and defaults.trusted_proxies == 0


def test_tls_needs_both_files_or_neither() -> None:
    assert Settings.from_env({}).tls is None
    assert Settings.from_env({}).scheme == "http"
    settings = Settings.from_env({"FLUXO_TLS_CERT": "caixa.crt ", "FLUXO_TLS_KEY": " caixa.key"})
    assert settings.tls == Tls(Path("caixa.crt"), Path("caixa.key"))
    assert settings.scheme == "https"
    with pytest.raises(ConfigError, match="FLUXO_TLS_CERT foi definido sem FLUXO_TLS_KEY"):
        Settings.from_env({"FLUXO_TLS_CERT": "caixa.crt", "FLUXO_TLS_KEY": " "})
    with pytest.raises(ConfigError, match="FLUXO_TLS_KEY foi definido sem FLUXO_TLS_CERT"):
        Settings.from_env({"FLUXO_TLS_KEY": "caixa.key"})


def test_the_client_s_own_ca_is_read() -> None:
    assert Settings.from_env({}).tls_ca is None
    assert Settings.from_env({"FLUXO_TLS_CA": "ca.crt"}).tls_ca == Path("ca.crt")


@pytest.mark.parametrize(
    ("env", "lancamentos"),
    [
        ({}, ["http://127.0.0.1:5000"]),
        ({"FLUXO_HOST": "192.168.0.10"}, ["http://192.168.0.10:5000"]),
        ({"FLUXO_HOST": "::1"}, ["http://[::1]:5000"]),
        (
            {"FLUXO_HOST": "0.0.0.0", "FLUXO_ALLOWED_HOSTS": "192.168.0.10,caixa.local"},
            ["http://127.0.0.1:5000", "http://192.168.0.10:5000", "http://caixa.local:5000"],
        ),
        (  # behind a proxy the names are the proxy's, not ours
            {
                "FLUXO_HOST": "0.0.0.0",
                "FLUXO_ALLOWED_HOSTS": "caixa.loja",
                "FLUXO_TRUSTED_PROXIES": "1",
            },
            ["http://127.0.0.1:5000"],
        ),
        (
            {"FLUXO_HOST": "0.0.0.0", "FLUXO_ALLOWED_HOSTS": "192.168.0.10", **TLS},
            ["https://127.0.0.1:5000", "https://192.168.0.10:5000"],
        ),
    ],
)
def test_serve_says_where_a_browser_reaches_each_service(
    env: dict[str, str], lancamentos: list[str]
) -> None:
    settings = Settings.from_env(env)
    assert service_urls(settings, "lancamentos") == lancamentos
    consolidado = [url.replace(":5000", ":5001") for url in lancamentos]
    assert service_urls(settings, "consolidado") == consolidado


def test_consolidado_address_for_the_browser_follows_its_own_host_by_default() -> None:
    settings = Settings.from_env({"FLUXO_PORT_CONSOLIDADO": "6001"})
    # The client keeps its fixed default; a phone on the Wi-Fi gets the PC's address.
    assert settings.consolidado_url == "http://127.0.0.1:5001"
    assert settings.consolidado_url_publica is None
    assert (
        settings.consolidado_no_navegador("http", "192.168.0.10:5000") == "http://192.168.0.10:6001"
    )
    assert settings.consolidado_no_navegador("https", "caixa.loja") == "https://caixa.loja:6001"
    assert settings.consolidado_no_navegador("http", "[::1]:5000") == "http://[::1]:6001"


def test_consolidado_address_for_the_browser_is_the_setting_when_given() -> None:
    settings = Settings.from_env({"FLUXO_CONSOLIDADO_URL": "https://relatorios.loja/ "})
    assert settings.consolidado_url == "https://relatorios.loja/"
    assert settings.consolidado_no_navegador("http", "127.0.0.1:5000") == "https://relatorios.loja"
