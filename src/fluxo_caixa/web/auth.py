"""Bearer token on every endpoint but /saude; a signed session cookie for the dashboard."""

from __future__ import annotations

import hashlib
import hmac

from flask import Flask, request, session

from fluxo_caixa.web.errors import ApiError

OPEN_PATHS = frozenset({"/saude"})
SESSION_FLAG = "autenticado"
# Endpoints that answer without a token, e.g. the dashboard's login page and its assets:
# they decide for themselves what an anonymous visitor sees.
OPEN_ENDPOINTS_KEY = "fluxo_endpoints_abertos"


def open_endpoints(app: Flask, *endpoints: str) -> None:
    """Let `endpoints` through the token check (they must guard their own data)."""
    abertos: set[str] = app.extensions.setdefault(OPEN_ENDPOINTS_KEY, set())
    abertos.update(endpoints)


def autenticado() -> bool:
    """Whether this request's session went through the dashboard's login."""
    return session.get(SESSION_FLAG) is True


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


def session_secret(token: str, secret_key: str | None) -> str:
    """Both services must accept the same cookie, so the key is derived when not given."""
    if secret_key:
        return secret_key
    return hashlib.sha256(b"fluxo-caixa-sessao:" + token.encode()).hexdigest()


def install_token_auth(app: Flask, token: str | None, secret_key: str | None) -> None:
    if token is None:
        return
    app.config.update(
        SECRET_KEY=session_secret(token, secret_key),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_NAME="fluxo_sessao",
    )

    @app.before_request
    def require_token() -> None:
        if request.path in OPEN_PATHS or autenticado():
            return
        if request.endpoint in app.extensions.get(OPEN_ENDPOINTS_KEY, ()):
            return
        if not token_valido(token, bearer(request.headers.get("Authorization"))):
            raise ApiError(
                401,
                "Token ausente ou inválido. Envie Authorization: Bearer <token>.",
                headers={"WWW-Authenticate": 'Bearer realm="fluxo-caixa"'},
            )
