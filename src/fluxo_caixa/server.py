"""Serving: granian per service, and a supervisor that restarts a dead child."""

from __future__ import annotations

import contextlib
import ctypes
import ipaddress
import logging
import os
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from fluxo_caixa.config import METRICS_DIRECTORY_VARIABLE, ConfigError, Settings, Tls
from fluxo_caixa.db.backup import servico_usando
from fluxo_caixa.db.engine import (
    BancoIndisponivel,
    file_identity,
    prepare_database,
    sqlite_file,
)

log = logging.getLogger("fluxo_caixa.server")
PR_SET_PDEATHSIG = 1  # linux/prctl.h


@dataclass(frozen=True)
class Service:
    name: str
    label: str  # how `serve` names it when it says where it answers
    target: str  # granian factory of the RSGI front, called once per worker
    port_setting: str
    database_setting: str
    writes: bool


SERVICES = {
    "lancamentos": Service(
        "lancamentos",
        "Lançamentos (o caixa no navegador e a API)",
        "fluxo_caixa.lancamentos:rsgi_app",
        "port_lancamentos",
        "database_url",
        True,
    ),
    "consolidado": Service(
        "consolidado",
        "Consolidado (o painel e a API)",
        "fluxo_caixa.consolidado:rsgi_app",
        "port_consolidado",
        "leitura_database_url",
        False,
    ),
}


def prepare_service_database(settings: Settings, service: Service) -> None:
    url = getattr(settings, service.database_setting)
    # A reader of the very file the writer uses may create its schema too: whichever
    # service starts first on a fresh embedded file upgrades it (safe when both do).
    prepare_database(url, service.writes or url == settings.database_url)


def preflight(settings: Settings, names: list[str]) -> None:
    """Before supervising: refuse at once what no restart can fix (a bad URL, a schema
    behind, the prototype's file), so it is said once instead of on every restart. A
    database that is only down is left to each service, which retries as it restarts."""
    check_serving(settings)
    for name in names:
        try:
            prepare_service_database(settings, SERVICES[name])
        except BancoIndisponivel:
            return  # the others most likely share it: no second wait on a dead address


def run_service(settings: Settings, name: str) -> None:
    """Serve one service in this process, until it is told to stop."""
    service = SERVICES[name]
    check_serving(settings)
    # While it runs, `fluxo-caixa restaurar` must not swap the embedded file under it.
    files = [sqlite_file(url) for url in (settings.database_url, settings.leitura_database_url)]
    with (
        servico_usando([path.resolve() for path in files if path is not None]),
        metrics_directory(name, settings.workers),
    ):
        prepare_service_database(settings, service)
        serve_app(service.target, settings, getattr(settings, service.port_setting))


def check_serving(settings: Settings) -> None:
    settings.check_can_serve()
    if settings.tls is not None:
        check_tls(settings.tls)


class _KeyHasPassword(Exception):
    """OpenSSL asked for the key's password: the service has nobody to type it."""


def _no_password() -> bytes:
    raise _KeyHasPassword


def check_tls(tls: Tls) -> None:
    """Refuse, in a sentence, the files granian could not serve with: granian itself would
    stop on a traceback (or, on an encrypted key, wait for a password typed at a terminal)."""
    for setting, path in (("FLUXO_TLS_CERT", tls.cert), ("FLUXO_TLS_KEY", tls.key)):
        try:
            path.read_bytes()
        except FileNotFoundError:
            raise ConfigError(f"{setting}: o arquivo {path.absolute()} não existe.") from None
        except IsADirectoryError:
            raise ConfigError(f"{setting}: {path} é um diretório, não um arquivo.") from None
        except PermissionError:
            raise ConfigError(
                f"{setting}: sem permissão para ler {path} (o usuário que inicia o serviço "
                "precisa poder lê-lo)."
            ) from None
        except OSError as erro:
            raise ConfigError(
                f"{setting}: não foi possível ler {path} ({erro.strerror})."
            ) from None
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        context.load_verify_locations(cafile=str(tls.cert))
    except ssl.SSLError:
        raise ConfigError(
            f"FLUXO_TLS_CERT: {tls.cert} não contém um certificado no formato PEM "
            "(um texto que começa com -----BEGIN CERTIFICATE-----)."
        ) from None
    try:
        context.load_cert_chain(str(tls.cert), str(tls.key), password=_no_password)
    except _KeyHasPassword:
        raise ConfigError(
            f"FLUXO_TLS_KEY: a chave {tls.key} está protegida por senha; o serviço precisa "
            "de uma chave sem senha (proteja o arquivo com as permissões dele)."
        ) from None
    except ssl.SSLError as erro:
        if erro.reason == "KEY_VALUES_MISMATCH":
            raise ConfigError(
                f"FLUXO_TLS_KEY: a chave {tls.key} não é a do certificado {tls.cert}."
            ) from None
        raise ConfigError(
            f"FLUXO_TLS_KEY: {tls.key} não contém uma chave privada no formato PEM "
            "(um texto que começa com -----BEGIN PRIVATE KEY-----)."
        ) from None


def announce(settings: Settings) -> None:
    """Where each service answers, for the person who typed `serve` (plain text: the
    services' own output is JSON lines, one per request, for log collectors)."""
    for name, service in SERVICES.items():
        print(f"{service.label} em {', '.join(service_urls(settings, name))}", flush=True)


def service_urls(settings: Settings, name: str) -> list[str]:
    """Where a browser on this machine (and, listening on every interface, on the shop's
    network by the names it may use) reaches the service."""
    port = getattr(settings, SERVICES[name].port_setting)
    hosts = [settings.host]
    if _unspecified(settings.host):
        hosts = ["127.0.0.1"]
        if settings.trusted_proxies == 0:  # behind a proxy, those names are the proxy's
            hosts += sorted(settings.allowed_hosts)
    return [f"{settings.scheme}://{_url_host(host)}:{port}" for host in hosts]


def _unspecified(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return False


def _url_host(host: str) -> str:
    host = host.strip("[]")
    return f"[{host}]" if ":" in host else host


METRICS_PREFIX = "fluxo-caixa-metricas-"


@contextlib.contextmanager
def metrics_directory(name: str, workers: int) -> Iterator[None]:
    """Several workers pool their metrics in a directory of this run (prometheus_client's
    multiprocess mode), named in the environment the workers inherit: that variable is how
    prometheus_client is told, and it must be there before any worker imports it. A fresh
    directory per start, removed at stop; one worker keeps its metrics in memory."""
    if workers <= 1:
        os.environ.pop(METRICS_DIRECTORY_VARIABLE, None)
        yield
        return
    remove_stale_metrics_directories()
    directory = tempfile.mkdtemp(prefix=f"{METRICS_PREFIX}{name}-{os.getpid()}-")
    os.environ[METRICS_DIRECTORY_VARIABLE] = directory
    try:
        yield
    finally:
        os.environ.pop(METRICS_DIRECTORY_VARIABLE, None)
        shutil.rmtree(directory, ignore_errors=True)


def remove_stale_metrics_directories() -> None:
    """Those a killed run (SIGKILL, a crash) left behind: ours, of a process now gone."""
    for path in Path(tempfile.gettempdir()).glob(f"{METRICS_PREFIX}*-*-*"):
        pid = path.name.removeprefix(METRICS_PREFIX).split("-")[1]
        with contextlib.suppress(OSError):
            if not pid.isdigit() or path.stat().st_uid != os.getuid() or _alive(int(pid)):
                continue
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def serve_app(target: str, settings: Settings, port: int) -> None:
    """Granian with the production settings; the benchmark's baseline app uses this too.

    `target` makes a web.front.Front: granian's RSGI interface, our WSGI app behind it
    (see front.py for why not granian's WSGI interface: slow uploads held its threads).
    """
    from granian import Granian
    from granian.constants import HTTPModes, Interfaces, SSLProtocols
    from granian.log import LogLevels

    tls = settings.tls
    Granian(
        target,
        factory=True,
        interface=Interfaces.RSGI,
        # HTTP/1.1 only, also over TLS (where ALPN would pick HTTP/2): the front's body
        # reading and 408 are HTTP/1.1's (an HTTP/2 body may come with no length, and
        # its 408 never reached the client in a test with curl).
        http=HTTPModes.http1,
        address=settings.host,
        port=port,
        workers=settings.workers,
        respawn_failed_workers=True,
        log_access=False,  # our own JSON request line replaces granian's access log
        log_level=LogLevels(settings.log_level.lower()),
        log_dictconfig=granian_log_config(),
        ssl_cert=None if tls is None else tls.cert,
        ssl_key=None if tls is None else tls.key,
        # TLS 1.2 too (Mozilla's "intermediate" profile): phones a few years old lack 1.3.
        ssl_protocol_min=SSLProtocols.tls12,
    ).serve()


def granian_log_config() -> dict[str, object]:
    """Granian's own lines (start, stop, a worker's death) as JSON on stderr, like ours."""
    handler = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "fluxo_caixa.web.logs.JsonFormatter"}},
        "handlers": {"console": handler},
        "loggers": {
            "_granian": {"handlers": ["console"], "level": "INFO", "propagate": False},
            "granian.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
        },
    }


def _die_with_parent() -> None:
    """In a child, before exec: get SIGTERM if the supervisor itself is killed (Linux)."""
    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _kill_group(child: subprocess.Popen[bytes]) -> None:
    """Kill what is left of a child's process group: granian's workers outlive a
    SIGKILLed granian main, keep the port and would answer with the dead one's state."""
    if hasattr(os, "killpg"):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(child.pid, signal.SIGKILL)


def watched_files(settings: Settings) -> dict[Path, tuple[int, int]]:
    """The SQLite files the services use, with the (device, inode) they have now."""
    watched: dict[Path, tuple[int, int]] = {}
    for url in (settings.database_url, settings.leitura_database_url):
        path = sqlite_file(url)
        identity = file_identity(path) if path is not None else None
        if path is not None and identity is not None:
            watched[path.absolute()] = identity
    return watched


def changed_file(watched: dict[Path, tuple[int, int]]) -> str | None:
    """Why a restart must not happen: a database file gone or replaced since the start."""
    for path, identity in watched.items():
        now = file_identity(path)
        if now is None:
            return f"o arquivo do banco {path} não existe mais"
        if now != identity:
            return f"o arquivo do banco {path} foi substituído por outro"
    return None


def supervise(
    names: list[str],
    child_args: list[str],
    watched: dict[Path, tuple[int, int]] | None = None,
) -> int:
    """Run each service as its own process; restart one that dies, leave the others be.

    Never onto another database: when a SQLite file in `watched` is gone or replaced, a
    restarted child would create an empty ledger there (ids from 1 again, a consolidado
    on a file nobody writes). The supervisor stops everything and says why instead.
    """
    stopping = False
    refused: str | None = None
    children: dict[str, subprocess.Popen[bytes]] = {}
    posix = os.name == "posix"

    def spawn(name: str) -> subprocess.Popen[bytes]:
        command = [sys.executable, "-m", "fluxo_caixa", "serve", name, *child_args]
        # Each child leads its own process group, so its workers can be killed with it.
        # (preexec_fn is safe here: the supervisor runs no threads.)
        return subprocess.Popen(  # noqa: S603 - our own interpreter and module
            command,
            start_new_session=posix,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )

    def stop(signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for name in names:
        children[name] = spawn(name)
    failures: dict[str, int] = dict.fromkeys(names, 0)
    started: dict[str, float] = dict.fromkeys(names, time.monotonic())
    while not stopping:
        time.sleep(0.2)
        for name, child in list(children.items()):
            code = child.poll()
            if code is None or stopping:
                continue
            _kill_group(child)
            refused = changed_file(watched or {})
            if refused is not None:
                print(
                    f"serviço {name} terminou (código {code}) e não será reiniciado: {refused} "
                    "desde o início. Restaure o arquivo (ou corrija FLUXO_DATABASE_URL) e "
                    "inicie de novo com 'fluxo-caixa serve'.",
                    file=sys.stderr,
                    flush=True,
                )
                stopping = True
                break
            # A child that keeps dying at once (bad config, port taken) backs off.
            failures[name] = 0 if time.monotonic() - started[name] > 10 else failures[name] + 1
            delay = min(0.5 * 2 ** failures[name], 10.0)
            print(
                f"serviço {name} terminou (código {code}); reiniciando em {delay:.1f} s",
                file=sys.stderr,
                flush=True,
            )
            time.sleep(delay)
            if not stopping:
                children[name] = spawn(name)
                started[name] = time.monotonic()
    for child in children.values():
        child.terminate()
    for child in children.values():
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait(timeout=10)
        _kill_group(child)
    return 1 if refused is not None else 0
