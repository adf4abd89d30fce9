"""The dashboard at `/`: the seed's Power BI report as a web page.

The server renders only the shell (Portuguese text, the merchant's time zone, the
API's addresses); `static/painel/painel.js` reads the JSON API and draws everything,
polling while the tab is visible. With `FLUXO_API_TOKEN` set the page first asks for
the token (`POST /entrar`) and keeps a session cookie of its own (`web.auth`: held on
the server, HttpOnly, SameSite=Strict, Secure over HTTPS), accepted in place of the
bearer token by this service only.
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, render_template, request

from fluxo_caixa.config import Settings
from fluxo_caixa.consolidado.routes import consolidado
from fluxo_caixa.domain.caixa import NOME_MAXIMO
from fluxo_caixa.domain.consolidado import MAX_DIAS
from fluxo_caixa.domain.pagamento import FormaPagamento
from fluxo_caixa.web.auth import autenticado, open_endpoints
from fluxo_caixa.web.guard import checks_own_origin
from fluxo_caixa.web.pagina import pagina, sign_in_views

# The forma select, in the merchant's words (the API's value, the label).
FORMAS = [(forma.value, forma.rotulo) for forma in FormaPagamento]
# A categoria name is at most 80 characters; anything longer in the URL is not one.
CATEGORIA_MAX = 80
# How often the open page asks the API again (new movements within 5 seconds).
POLL_MILLISECONDS = 3000


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
        return pagina(render_template("painel/entrar.html", erro=erro))

    @bp.get("/")
    def painel() -> Response:
        if token is not None and not autenticado():
            return entrar_pagina()
        return pagina(
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

    sign_in_views(
        bp, token, "painel.painel", entrar_pagina,
        "Envie o formulário pela própria página do painel.",
    )  # fmt: skip
    return bp


def install_dashboard(app: Flask, settings: Settings) -> None:
    app.register_blueprint(dashboard_blueprint(settings))
    checks_own_origin(app, "painel.entrar", "painel.sair")
    # The login page, its assets and sign-in/out answer anonymous visitors; the shell
    # itself holds no data, and every number comes from the guarded JSON API.
    open_endpoints(app, "painel.painel", "painel.entrar", "painel.sair", "painel.static")
