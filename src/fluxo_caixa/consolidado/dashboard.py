"""The dashboard at `/`: the seed's Power BI report as a web page.

The server renders only the shell (Portuguese text, the merchant's time zone, the
API's addresses); `static/painel/painel.js` reads the JSON API and draws everything,
polling while the tab is visible. With `FLUXO_API_TOKEN` set the page first asks for
the token (`POST /entrar`) and keeps Flask's signed session cookie, HttpOnly and
SameSite=Strict, which `web.auth` accepts in place of the bearer token.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import Blueprint, Flask, Response, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response as BaseResponse

from fluxo_caixa.config import Settings
from fluxo_caixa.consolidado.routes import consolidado
from fluxo_caixa.domain.consolidado import MAX_DIAS
from fluxo_caixa.domain.pagamento import FormaPagamento
from fluxo_caixa.web.auth import SESSION_FLAG, autenticado, open_endpoints, token_valido
from fluxo_caixa.web.errors import ApiError

# No inline script or style anywhere, no third party: the page's own files and its API.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
# The forma select, in the merchant's words (the API's value, the label).
FORMAS = [(forma.value, forma.rotulo) for forma in FormaPagamento]
# A categoria name is at most 80 characters; anything longer in the URL is not one.
CATEGORIA_MAX = 80
# How long the dashboard keeps the merchant signed in on that device.
SESSION_LIFETIME = timedelta(days=30)
# How often the open page asks the API again (new movements within 5 seconds).
POLL_MILLISECONDS = 3000


def mesma_origem() -> bool:
    """A form POST from our own page, not from another site (CSRF).

    The cookie is already SameSite=Strict; this also refuses cross-site posts where the
    cookie is not needed (logging a victim in or out). Browsers send `Origin` on every
    POST (our pages' Referrer-Policy keeps it from being "null"); where it is missing or
    "null", `Sec-Fetch-Site` still tells, and without either the post is refused.
    """
    origem = request.headers.get("Origin")
    if origem is not None and origem != "null":
        return urlsplit(origem).netloc == request.host
    return request.headers.get("Sec-Fetch-Site") == "same-origin"


def _pagina(html: str) -> Response:
    response = Response(html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = PAGE_CSP
    response.headers["Cache-Control"] = "no-store"
    # "no-referrer" (the API's default) would make the browser send `Origin: null` on
    # our own form posts; "same-origin" still tells other sites nothing.
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def dashboard_blueprint(settings: Settings) -> Blueprint:
    bp = Blueprint(
        "painel",
        __name__,
        static_folder="static/painel",
        static_url_path="/painel/static",
        template_folder="templates",
    )
    token = settings.api_token
    tz_name = settings.tz.key

    def entrar_pagina(erro: str | None = None) -> Response:
        return _pagina(render_template("painel/entrar.html", erro=erro))

    @bp.get("/")
    def painel() -> Response:
        if token is not None and not autenticado():
            return entrar_pagina()
        return _pagina(
            render_template(
                "painel/painel.html",
                tz=tz_name,
                hoje=consolidado().hoje().isoformat(),
                max_dias=MAX_DIAS,
                intervalo_ms=POLL_MILLISECONDS,
                com_token=token is not None,
                formas=FORMAS,
                # The URL's filters are selected in the shell already, so the page opens
                # on the bookmarked view before the script has asked the API anything.
                forma_escolhida=request.args.get("forma_pagamento", ""),
                categoria_escolhida=request.args.get("categoria", "")[:CATEGORIA_MAX],
            )
        )

    @bp.post("/entrar")
    def entrar() -> BaseResponse:
        if not mesma_origem():
            raise ApiError(403, "Envie o formulário pela própria página do painel.")
        if token is None:
            return redirect(url_for("painel.painel"), 303)
        informado = request.form.get("token", "").strip()
        if not token_valido(token, informado):
            # The form again, with the message: a 200 like any login form, so a typo
            # is not logged by the browser as a failed resource.
            return entrar_pagina("Token incorreto. Confira e tente de novo.")
        # A fresh session on every sign-in: nothing chosen before it survives.
        session.clear()
        session.permanent = True
        session[SESSION_FLAG] = True
        return redirect(url_for("painel.painel"), 303)

    @bp.post("/sair")
    def sair() -> BaseResponse:
        if not mesma_origem():
            raise ApiError(403, "Envie o formulário pela própria página do painel.")
        session.clear()
        return redirect(url_for("painel.painel"), 303)

    return bp


def install_dashboard(app: Flask, settings: Settings) -> None:
    app.register_blueprint(dashboard_blueprint(settings))
    app.config["PERMANENT_SESSION_LIFETIME"] = SESSION_LIFETIME
    # The login page, its assets and sign-in/out answer anonymous visitors; the shell
    # itself holds no data, and every number comes from the guarded JSON API.
    open_endpoints(app, "painel.painel", "painel.entrar", "painel.sair", "painel.static")
