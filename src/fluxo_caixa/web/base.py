"""What every Flask app of ours is configured with."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import NoReturn

from flask import Flask, request
from flask.wrappers import Request
from sqlalchemy import Engine
from werkzeug.exceptions import NotFound
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import BaseConverter, Map, RequestRedirect, ValidationError

from fluxo_caixa.clock import utc_now
from fluxo_caixa.config import Settings
from fluxo_caixa.domain.movimentacao import ID_MAXIMO
from fluxo_caixa.web.auth import install_token_auth
from fluxo_caixa.web.compression import install_compression
from fluxo_caixa.web.edge import install_edge
from fluxo_caixa.web.errors import register_error_handlers
from fluxo_caixa.web.front import install_body_deadline
from fluxo_caixa.web.guard import install_request_guard
from fluxo_caixa.web.metrics import install_metrics
from fluxo_caixa.web.openapi import OpenApi, install_docs
from fluxo_caixa.web.requests import MAX_BODY


class IdConverter(BaseConverter):
    """`<id:ident>`: a positive id as the OpenAPI documents say, ASCII digits without a
    leading zero, at most ID_MAXIMO. werkzeug's own `int` takes "01" and "١" (\\d)."""

    regex = "[1-9][0-9]{0,18}"
    part_isolating = True

    def to_python(self, value: str) -> int:
        numero = int(value)
        if numero > ID_MAXIMO:
            raise ValidationError()  # no rule matches: a 404
        return numero

    def to_url(self, value: int) -> str:
        return str(value)


class _Map(Map):
    # "//x" is not "/x": no merging of slashes (werkzeug would answer a 308 whose
    # Location comes from the Host header), and no redirect to a rule's defaults.
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.merge_slashes = False
        self.redirect_defaults = False
        self.converters["id"] = IdConverter


class _Flask(Flask):
    url_map_class = _Map

    def raise_routing_exception(self, request: Request) -> NoReturn:
        # Any redirect werkzeug's routing still wants (a missing trailing slash) is a
        # path we do not serve: a 404 in our JSON shape, never a 308 with an HTML body.
        if isinstance(request.routing_exception, RequestRedirect):
            raise NotFound()
        super().raise_routing_exception(request)


def new_app(
    import_name: str,
    settings: Settings,
    service: str,
    spec: OpenApi,
    sessions_engine: Engine,
    clock: Callable[[], datetime] = utc_now,
) -> Flask:
    """`sessions_engine` holds the sessions and failure counts: it must be writable (the
    primary database, never a read replica)."""
    app = _Flask(import_name)
    app.config.update(MAX_CONTENT_LENGTH=MAX_BODY, DEBUG=False, TESTING=False)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    register_error_handlers(app)

    @app.before_request
    def no_empty_path_segments() -> None:
        # werkzeug's matcher ignores leading slashes, so "//movimentacao/1" would still
        # find the movement: a path with an empty segment is one we do not serve.
        if "//" in request.environ.get("PATH_INFO", ""):
            raise NotFound()

    install_body_deadline(app)  # a late body is refused before anything else
    # Host and cross-site checks run first: a refused request reaches nothing else.
    install_request_guard(app, settings.allowed_hosts)
    install_token_auth(
        app, settings.api_token, settings.secret_key, service, sessions_engine, clock
    )
    metrics = install_metrics(app, service, settings.metrics_directory)
    install_docs(app, spec)
    install_compression(app)
    # Request id, security headers, metrics and the request log line, for every response.
    if settings.trusted_proxies > 0:
        # Client address, scheme (for Secure cookies) and Host as the proxies saw them.
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=n, x_proto=n, x_host=n
        )
    install_edge(app, service, metrics)
    return app
