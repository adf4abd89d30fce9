"""What the services' web pages share: their CSP, the same-origin proof for form posts, and
the sign-in/out views.

Two pages use it: the dashboard on the consolidado (`consolidado.dashboard`) and the caixa
app on lançamentos (`lancamentos.caixa_app`). Each keeps its own session cookie
(`web.auth`), so each registers these views on its own blueprint.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, current_app, redirect, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from fluxo_caixa.web.auth import auth_of
from fluxo_caixa.web.errors import ApiError
from fluxo_caixa.web.guard import from_another_site, is_own_origin

# No inline script or style anywhere, no third party: the page's own files and its API.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)


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


def pagina(html: str, csp: str = PAGE_CSP, cache: str = "no-store") -> Response:
    response = Response(html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = csp
    response.headers["Cache-Control"] = cache
    # "no-referrer" (the API's default) would make the browser send `Origin: null` on
    # our own form posts; "same-origin" still tells other sites nothing.
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def sign_in_views(
    bp: Blueprint,
    token: str | None,
    inicio: str,
    entrar_pagina: Callable[[str | None], Response],
    recusa: str,
) -> None:
    """`POST /entrar` and `POST /sair` on `bp`: a token form opens a session of this service.

    `inicio` is the endpoint both send the browser back to; `entrar_pagina(erro)` renders
    the login form; `recusa` is the 403's message for a post from another site.
    """

    @bp.post("/entrar")
    def entrar() -> BaseResponse:
        if not mesma_origem():
            raise ApiError(403, recusa)
        if token is None:
            return redirect(url_for(inicio), 303)
        auth = auth_of(current_app)
        informado = request.form.get("token", "").strip()
        # Counted with wrong bearer tokens: 429 once this address has guessed too often.
        if not auth.token_attempt(informado):
            # The form again, with the message: a 200 like any login form, so a typo
            # is not logged by the browser as a failed resource.
            return entrar_pagina("Token incorreto. Confira e tente de novo.")
        response = redirect(url_for(inicio), 303)
        auth.sign_in(response)
        return response

    @bp.post("/sair")
    def sair() -> BaseResponse:
        if not mesma_origem():
            raise ApiError(403, recusa)
        response = redirect(url_for(inicio), 303)
        if token is not None:
            # Ended on the server: the old cookie, replayed, opens nothing.
            auth_of(current_app).sign_out(response)
        return response
