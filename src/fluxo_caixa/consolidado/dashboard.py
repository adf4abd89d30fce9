"""The dashboard at `/`: the seed's Power BI report as a web page.

The server renders only the shell (Portuguese text, the merchant's time zone, the
API's addresses); `static/painel/painel.js` reads the JSON API and draws everything,
polling while the tab is visible. With `FLUXO_API_TOKEN` set the page first asks for
the token (`POST /entrar`) and keeps a session cookie of its own (`web.auth`: held on
the server, HttpOnly, SameSite=Strict, Secure over HTTPS), accepted in place of the
bearer token by this service only.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response as BaseResponse

from fluxo_caixa.config import Settings
from fluxo_caixa.consolidado.routes import consolidado
from fluxo_caixa.domain.caixa import NOME_MAXIMO
from fluxo_caixa.domain.consolidado import MAX_DIAS
from fluxo_caixa.domain.pagamento import FormaPagamento
from fluxo_caixa.web.auth import autenticado, auth_of, open_endpoints
from fluxo_caixa.web.errors import ApiError
from fluxo_caixa.web.guard import checks_own_origin, from_another_site, is_own_origin

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
# How often the open page asks the API again (new movements within 5 seconds).
POLL_MILLISECONDS = 3000


def mesma_origem() -> bool:
    """A form POST from our own page, not from another site (CSRF).

    Stricter than the rule for every write (`web.guard`): the cookie is already
    SameSite=Strict, but logging a victim in or out needs no cookie, and only a browser
    signs in here, so a post must also *prove* it came from our page: browsers send
    `Origin` on every POST (our pages' Referrer-Policy keeps it from being "null") or
    at least `Sec-Fetch-Site`; a post with neither is refused.
    """
    if from_another_site(request):
        return False
    origem = request.headers.get("Origin")
    if origem is not None:
        return is_own_origin(origem, request)
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
                caixa_escolhido=request.args.get("caixa", "")[:NOME_MAXIMO],
            )
        )

    @bp.post("/entrar")
    def entrar() -> BaseResponse:
        if not mesma_origem():
            raise ApiError(403, "Envie o formulário pela própria página do painel.")
        if token is None:
            return redirect(url_for("painel.painel"), 303)
        auth = auth_of(current_app)
        informado = request.form.get("token", "").strip()
        # Counted with wrong bearer tokens: 429 once this address has guessed too often.
        if not auth.token_attempt(informado):
            # The form again, with the message: a 200 like any login form, so a typo
            # is not logged by the browser as a failed resource.
            return entrar_pagina("Token incorreto. Confira e tente de novo.")
        response = redirect(url_for("painel.painel"), 303)
        auth.sign_in(response)
        return response

    @bp.post("/sair")
    def sair() -> BaseResponse:
        if not mesma_origem():
            raise ApiError(403, "Envie o formulário pela própria página do painel.")
        response = redirect(url_for("painel.painel"), 303)
        if token is not None:
            # Ended on the server: the old cookie, replayed, opens nothing.
            auth_of(current_app).sign_out(response)
        return response

    return bp


def install_dashboard(app: Flask, settings: Settings) -> None:
    app.register_blueprint(dashboard_blueprint(settings))
    checks_own_origin(app, "painel.entrar", "painel.sair")
    # The login page, its assets and sign-in/out answer anonymous visitors; the shell
    # itself holds no data, and every number comes from the guarded JSON API.
    open_endpoints(app, "painel.painel", "painel.entrar", "painel.sair", "painel.static")
