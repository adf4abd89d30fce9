"""Which requests reach the apps at all: our own host names, and no cross-site writes.

- `Host` must be a loopback name or one of FLUXO_ALLOWED_HOSTS (else 400): a page on a
  name the attacker controls, re-pointed at 127.0.0.1 (DNS rebinding), gets nothing.
- A state-changing request from another origin is a 403: `Origin` not ours (scheme, host
  and port as the request reached us; "null" counts as foreign) or `Sec-Fetch-Site`
  other than same-origin/none. Browsers send these; curl, Postman and our own client send
  neither and are not affected. Ports are separate origins here, and cookies do not
  separate ports, so the other service's page counts as another site too.
"""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from flask import Flask, Request, request

from fluxo_caixa.config import host_name, is_loopback
from fluxo_caixa.web.errors import ApiError

STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
SAME_SITE_FETCH = frozenset({"same-origin", "none"})
DEFAULT_PORTS = {"http": 80, "https": 443}
# Views that check the origin themselves, with their own (stricter) rule and message.
OWN_CHECK_KEY = "fluxo_origem_verificada_na_view"


def checks_own_origin(app: Flask, *endpoints: str) -> None:
    app.extensions.setdefault(OWN_CHECK_KEY, set()).update(endpoints)


def _origin(scheme: str, netloc: str) -> tuple[str, str, int] | None:
    try:
        parts = urlsplit(f"//{netloc}")
        port = parts.port
    except ValueError:
        return None
    scheme = scheme.lower()
    if parts.hostname is None or scheme not in DEFAULT_PORTS:
        return None
    return scheme, parts.hostname, port if port is not None else DEFAULT_PORTS[scheme]


def is_own_origin(origin: str, req: Request) -> bool:
    """`origin` (an Origin header) names this service as the request reached it."""
    if origin.strip().lower() == "null":
        return False
    parts = urlsplit(origin.strip())
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        return False
    theirs = _origin(parts.scheme, parts.netloc)
    return theirs is not None and theirs == _origin(req.scheme, req.host)


def from_another_site(req: Request) -> bool:
    """Whether a browser says this request comes from a page that is not ours."""
    origin = req.headers.get("Origin")
    if origin is not None and not is_own_origin(origin, req):
        return True
    site = req.headers.get("Sec-Fetch-Site")
    return site is not None and site.strip().lower() not in SAME_SITE_FETCH


@functools.lru_cache(maxsize=256)
def host_allowed(host: str, allowed: frozenset[str]) -> bool:
    # Cached: every request asks, with one or two Host values (parsing an IP address
    # each time was a twentieth of a day read).
    name = host_name(host)
    return bool(name) and (is_loopback(name) or name in allowed)


def install_request_guard(app: Flask, allowed_hosts: frozenset[str]) -> None:
    @app.before_request
    def guard() -> None:
        # /saude too: a load balancer probing by address lists it in FLUXO_ALLOWED_HOSTS.
        if not host_allowed(request.host, allowed_hosts):
            raise ApiError(
                400,
                "Endereço (Host) não atendido por este serviço. "
                "Para acessá-lo por este nome, inclua-o em FLUXO_ALLOWED_HOSTS.",
            )
        if request.method not in STATE_CHANGING:
            return
        if request.endpoint in app.extensions.get(OWN_CHECK_KEY, ()):
            return
        if from_another_site(request):
            raise ApiError(
                403,
                "Requisição de outro site recusada: alterações só pela página do próprio "
                "serviço ou por clientes sem navegador.",
            )
