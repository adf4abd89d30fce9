"""Bearer token on every endpoint but /saude; a server-side session cookie for web pages.

Each service has its own cookie (`fluxo_sessao_<service>`) and its own sessions in the
database (`db.acesso`): cookies do not separate ports, so the dashboard's cookie, sent by
the browser to :5000 too, opens nothing there. Wrong tokens are counted per client address
in the database; after 10 a minute the address gets 429 for a growing while.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import Flask, g, request
from sqlalchemy import Engine
from werkzeug.wrappers import Response as BaseResponse

from fluxo_caixa.db.acesso import Sessoes, Tentativas
from fluxo_caixa.web.errors import ApiError

OPEN_PATHS = frozenset({"/saude"})
# Endpoints that answer without a token, e.g. the dashboard's login page and its assets:
# they decide for themselves what an anonymous visitor sees.
OPEN_ENDPOINTS_KEY = "fluxo_endpoints_abertos"
AUTH_KEY = "fluxo_auth"
SESSION_OK = "fluxo_sessao_valida"
# How long a signed-in browser stays signed in on that device.
SESSION_LIFETIME = timedelta(days=30)
# How stale a worker's copy of the blocked addresses may be (a failure updates it at once).
BLOCKS_REFRESH = timedelta(seconds=1)


def open_endpoints(app: Flask, *endpoints: str) -> None:
    """Let `endpoints` through the token check (they must guard their own data)."""
    abertos: set[str] = app.extensions.setdefault(OPEN_ENDPOINTS_KEY, set())
    abertos.update(endpoints)


def cookie_name(service: str) -> str:
    return f"fluxo_sessao_{service}"


def autenticado() -> bool:
    """Whether this request carries a live session of this service."""
    return g.get(SESSION_OK) is True


def token_valido(token: str, informado: str | None) -> bool:
    """Constant-time: the time taken does not tell how much of a guess was right."""
    if informado is None:
        return False
    # WSGI hands header values over decoded as latin-1 (PEP 3333); encoding them back gives
    # the bytes the client sent, so a token with "ç" or "ã" in it works.
    recebido = informado.encode("latin-1", "replace")
    # Digests have one length, so not even the token's length leaks through timing.
    return hmac.compare_digest(
        hashlib.sha256(token.encode()).digest(), hashlib.sha256(recebido).digest()
    )


def bearer(header: str | None) -> str | None:
    if header is None:
        return None
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def token_fingerprint(token: str, secret_key: str | None) -> str:
    """What a session remembers of the token: changing either ends every session."""
    key = (secret_key or "fluxo-caixa-sessao").encode()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


def limit_key(address: str) -> str:
    """Whom the failure limit counts: an IPv4 address, or an IPv6 address's /64.

    One IPv6 host usually holds a whole /64 and can pick a new address per try, so
    counting exact IPv6 addresses would give a guesser 2**64 fresh budgets.
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


class FailureLimit:
    """Blocks per client address, read from the database at most once per BLOCKS_REFRESH.

    A right token costs no write and, most of the time, no read either.
    """

    def __init__(self, tentativas: Tentativas, clock: Callable[[], datetime]) -> None:
        self.tentativas = tentativas
        self.clock = clock
        self._blocked: dict[str, datetime] = {}
        self._read_at: datetime | None = None
        self._lock = threading.Lock()

    def blocked_until(self, address: str) -> datetime | None:
        now = self.clock()
        with self._lock:
            stale = self._read_at is None or now - self._read_at >= BLOCKS_REFRESH
            if stale:
                self._read_at = now
        if stale:
            self._blocked = self.tentativas.bloqueados(now)
        until = self._blocked.get(address)
        return until if until is not None and until > now else None

    def failed(self, address: str) -> datetime | None:
        """Count a failure; the block that already held, if any (the 10th failure itself
        is still answered as a failure, the 11th meets the block)."""
        bloqueio = self.tentativas.falhou(address, self.clock())
        if bloqueio is None:
            return None
        self._blocked = {**self._blocked, address: bloqueio.ate}
        return None if bloqueio.novo else bloqueio.ate

    def refuse(self, until: datetime) -> ApiError:
        seconds = max(1, math.ceil((until - self.clock()).total_seconds()))
        return ApiError(
            429,
            "Tentativas demais com token errado a partir deste endereço. "
            f"Tente de novo em {seconds} s.",
            headers={"Retry-After": str(seconds)},
        )


class Auth:
    """The token, this service's sessions and the failure limit, for one app."""

    def __init__(
        self,
        token: str,
        service: str,
        sessoes: Sessoes,
        limit: FailureLimit,
        clock: Callable[[], datetime],
    ) -> None:
        self.token = token
        self.cookie = cookie_name(service)
        self.sessoes = sessoes
        self.limit = limit
        self.clock = clock

    def client_address(self) -> str:
        return limit_key(request.remote_addr or "")

    def check_not_blocked(self) -> None:
        until = self.limit.blocked_until(self.client_address())
        if until is not None:
            raise self.limit.refuse(until)

    def token_attempt(self, informado: str | None) -> bool:
        """Check a token a client presented, counting a wrong one (429 once blocked)."""
        self.check_not_blocked()
        if token_valido(self.token, informado):
            return True
        until = self.limit.failed(self.client_address())
        if until is not None:
            raise self.limit.refuse(until)
        return False

    def session_from_cookie(self) -> bool:
        valor = request.cookies.get(self.cookie)
        return bool(valor) and self.sessoes.valida(valor, self.clock())  # type: ignore[arg-type]

    def sign_in(self, response: BaseResponse) -> None:
        """Open a fresh session and hand its cookie over (nothing older survives)."""
        self.sign_out(response)
        valor = self.sessoes.abrir(self.clock(), SESSION_LIFETIME)
        response.set_cookie(
            self.cookie,
            valor,
            max_age=int(SESSION_LIFETIME.total_seconds()),
            path="/",
            secure=request.is_secure,
            httponly=True,
            samesite="Strict",
        )

    def sign_out(self, response: BaseResponse) -> None:
        valor = request.cookies.get(self.cookie)
        if valor:
            self.sessoes.encerrar(valor)
        response.delete_cookie(
            self.cookie, path="/", secure=request.is_secure, httponly=True, samesite="Strict"
        )


def auth_of(app: Flask) -> Auth:
    auth: Auth = app.extensions[AUTH_KEY]
    return auth


def install_token_auth(
    app: Flask,
    token: str | None,
    secret_key: str | None,
    service: str,
    engine: Engine,
    clock: Callable[[], datetime],
) -> None:
    if token is None:
        return
    sessoes = Sessoes(engine, service, token_fingerprint(token, secret_key))
    auth = Auth(token, service, sessoes, FailureLimit(Tentativas(engine), clock), clock)
    app.extensions[AUTH_KEY] = auth

    @app.before_request
    def require_token() -> None:
        if request.path in OPEN_PATHS:
            return
        if auth.session_from_cookie():
            g.setdefault(SESSION_OK, True)
            return
        if request.endpoint in app.extensions.get(OPEN_ENDPOINTS_KEY, ()):
            return
        informado = bearer(request.headers.get("Authorization"))
        if informado is not None and auth.token_attempt(informado):
            return
        raise ApiError(
            401,
            "Token ausente ou inválido. Envie Authorization: Bearer <token>.",
            headers={"WWW-Authenticate": 'Bearer realm="fluxo-caixa"'},
        )
