"""The one settings object. Only `Settings.from_env` reads the environment."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_DATABASE_FILE = "movimentacoes.db"
# prometheus_client's own variable: `serve` sets it for several workers (see server.py).
METRICS_DIRECTORY_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
# WARNING and above silence the one-line-per-request log.
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# Integer settings: attribute and accepted range (workers as `serve --workers` accepts).
INTEGER_SETTINGS = {
    "FLUXO_PORT_LANCAMENTOS": ("port_lancamentos", 1, 65535),
    "FLUXO_PORT_CONSOLIDADO": ("port_consolidado", 1, 65535),
    "FLUXO_WORKERS": ("workers", 1, 64),
    # How many proxies in front of us set X-Forwarded-* (0: trust none of those headers).
    "FLUXO_TRUSTED_PROXIES": ("trusted_proxies", 0, 10),
}


class ConfigError(ValueError):
    """A setting has a value we cannot run with; the message says which and why."""


@dataclass(frozen=True)
class Tls:
    """`serve` speaks HTTPS itself: the certificate (PEM, intermediates after it) and key."""

    cert: Path
    key: Path


def default_database_url(directory: Path | None = None) -> str:
    path = (directory or Path.cwd()) / DEFAULT_DATABASE_FILE
    return f"sqlite:///{path}"


@dataclass(frozen=True)
class Settings:
    database_url: str = field(default_factory=default_database_url)
    consolidado_database_url: str | None = None
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("America/Sao_Paulo"))
    api_token: str | None = None
    secret_key: str | None = None
    host: str = "127.0.0.1"
    port_lancamentos: int = 5000
    port_consolidado: int = 5001
    workers: int = 1
    trusted_proxies: int = 0
    # Host names (besides loopback) the services answer to; anything else is a 400.
    allowed_hosts: frozenset[str] = frozenset()
    log_level: str = "INFO"
    tls: Tls | None = None
    # For the client: a CA it trusts besides the public ones (the shop's own, see README).
    tls_ca: Path | None = None
    # Where the workers of one service pool their metrics (None: one process, in memory).
    metrics_directory: Path | None = None
    api_url: str = "http://127.0.0.1:5000"
    consolidado_url: str = "http://127.0.0.1:5001"
    # FLUXO_CONSOLIDADO_URL when it was given: the caixa app's links to the consolidado
    # (relatório Z) then go there. None: derived from the browser's own address.
    consolidado_url_publica: str | None = None

    @property
    def leitura_database_url(self) -> str:
        """Where the consolidado reads: a replica when configured."""
        return self.consolidado_database_url or self.database_url

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        texts = {
            "FLUXO_DATABASE_URL": "database_url",
            "FLUXO_CONSOLIDADO_DATABASE_URL": "consolidado_database_url",
            "FLUXO_API_TOKEN": "api_token",
            "FLUXO_SECRET_KEY": "secret_key",
            "FLUXO_HOST": "host",
            "FLUXO_API_URL": "api_url",
            "FLUXO_CONSOLIDADO_URL": "consolidado_url",
        }
        for name, attr in texts.items():
            value = env.get(name, "").strip()
            if value:
                values[attr] = value
        if "consolidado_url" in values:
            values["consolidado_url_publica"] = values["consolidado_url"].rstrip("/")
        for name, (attr, low, high) in INTEGER_SETTINGS.items():
            value = env.get(name, "").strip()
            if value:
                try:
                    number = int(value)
                except ValueError:
                    raise ConfigError(
                        f"{name} deve ser um número inteiro, não {value!r}."
                    ) from None
                if not low <= number <= high:
                    raise ConfigError(f"{name} deve estar entre {low} e {high}, não {number}.")
                values[attr] = number
        metrics_directory = env.get(METRICS_DIRECTORY_VARIABLE, "").strip()
        if metrics_directory:
            values["metrics_directory"] = Path(metrics_directory)
        hosts = env.get("FLUXO_ALLOWED_HOSTS", "").strip()
        if hosts:
            values["allowed_hosts"] = parse_allowed_hosts(hosts)
        log_level = env.get("FLUXO_LOG_LEVEL", "").strip().upper()
        if log_level:
            if log_level not in LOG_LEVELS:
                raise ConfigError(
                    f"FLUXO_LOG_LEVEL deve ser um de {', '.join(LOG_LEVELS)}, não {log_level!r}."
                )
            values["log_level"] = log_level
        tls = read_tls(env)
        if tls is not None:
            values["tls"] = tls
        tls_ca = env.get("FLUXO_TLS_CA", "").strip()
        if tls_ca:
            values["tls_ca"] = Path(tls_ca)
        tz_name = env.get("FLUXO_TZ", "").strip()
        if tz_name:
            try:
                values["tz"] = ZoneInfo(tz_name)
            except (ZoneInfoNotFoundError, ValueError):
                raise ConfigError(f"FLUXO_TZ: fuso horário desconhecido {tz_name!r}.") from None
        return cls(**values)

    @property
    def scheme(self) -> str:
        """How `serve` speaks: https with a certificate, else http."""
        return "http" if self.tls is None else "https"

    def consolidado_no_navegador(self, scheme: str, host: str) -> str:
        """The consolidado's address for a browser that reached lançamentos at `host`.

        FLUXO_CONSOLIDADO_URL when set (a proxy, another name); otherwise the same scheme
        and host name the browser used, on FLUXO_PORT_CONSOLIDADO: a phone that opened
        http://192.168.0.10:5000 finds the consolidado at http://192.168.0.10:5001, where
        the fixed client default (127.0.0.1) would point at the phone itself.
        """
        if self.consolidado_url_publica is not None:
            return self.consolidado_url_publica
        name = host_name(host)
        if ":" in name:
            name = f"[{name}]"  # an IPv6 address
        return f"{scheme}://{name}:{self.port_consolidado}"

    def with_overrides(self, **changes: Any) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def check_can_serve(self) -> None:
        """Refuse to expose the ledger beyond this machine without a token."""
        if self.api_token is None and not is_loopback(self.host):
            raise ConfigError(
                f"Recusado: escutar em {self.host} sem FLUXO_API_TOKEN exporia o caixa "
                "a toda a rede. Defina FLUXO_API_TOKEN ou use FLUXO_HOST=127.0.0.1."
            )


def read_tls(env: Mapping[str, str]) -> Tls | None:
    """Both files or neither: one alone would serve plain HTTP while the person expects
    HTTPS (or the reverse), so it is refused."""
    cert = env.get("FLUXO_TLS_CERT", "").strip()
    key = env.get("FLUXO_TLS_KEY", "").strip()
    if not cert and not key:
        return None
    if not key:
        raise ConfigError(
            "FLUXO_TLS_CERT foi definido sem FLUXO_TLS_KEY: para servir HTTPS defina os dois "
            "(o certificado e a sua chave privada); para servir HTTP, nenhum."
        )
    if not cert:
        raise ConfigError(
            "FLUXO_TLS_KEY foi definido sem FLUXO_TLS_CERT: para servir HTTPS defina os dois "
            "(o certificado e a sua chave privada); para servir HTTP, nenhum."
        )
    return Tls(Path(cert), Path(key))


def parse_allowed_hosts(text: str) -> frozenset[str]:
    """Comma-separated host names; a port, if written, is ignored (any port is accepted)."""
    hosts = set()
    for item in text.split(","):
        name = item.strip().lower()
        if not name:
            continue
        if "/" in name or "@" in name or " " in name:
            raise ConfigError(
                f"FLUXO_ALLOWED_HOSTS: {item.strip()!r} não é um nome de host "
                "(escreva só o nome, por exemplo caixa.loja.com.br)."
            )
        hosts.add(host_name(name))
    return frozenset(hosts)


def host_name(host: str) -> str:
    """The name in a Host header, without its port: "[::1]:5000" -> "::1"."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].partition("]")[0]
    if host.count(":") == 1:
        return host.partition(":")[0]
    return host


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
