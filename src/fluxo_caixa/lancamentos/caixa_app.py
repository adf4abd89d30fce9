"""The caixa web app at `/` (DESIGN §5a): the merchant's counter screen, served by lançamentos.

The server renders only the shell: the four screens' markup, the merchant's time zone and
the consolidado's address as this browser reaches it. ES modules in `static/caixa/` do the
rest against the JSON API (the screen-module interface is documented atop `app.js`).

Offline first: `/sw.js` sits at the root, so its scope is the whole app. It keeps the app's
files in a cache named after a hash of those files, so a new release replaces them, and it
never caches an API answer. Movements wait in IndexedDB (`fila.js`) with their
Idempotency-Key until the server has them. With FLUXO_API_TOKEN the app asks for the token
once and keeps this service's own session cookie (`web.auth`).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from flask import Blueprint, Flask, Response, render_template, request

from fluxo_caixa.config import Settings
from fluxo_caixa.domain.pagamento import FormaPagamento
from fluxo_caixa.web.auth import autenticado, open_endpoints
from fluxo_caixa.web.guard import checks_own_origin
from fluxo_caixa.web.pagina import PAGE_CSP, pagina, sign_in_views

# The page's rule, plus its manifest and its service worker (both our own files).
APP_CSP = PAGE_CSP + "; manifest-src 'self'; worker-src 'self'"
# A worker obeys the CSP of its own script: it fetches only from us.
SW_CSP = "default-src 'none'; connect-src 'self'"
# Marks the app's shell: the service worker keeps this page for offline use, never the
# login form that the same address answers to a browser without a session.
SHELL_HEADER = "X-Caixa-App"
STATIC_URL = "/app"
# The forma buttons, dinheiro first (it is preselected), in the merchant's words.
FORMAS = [(forma.value, forma.rotulo) for forma in FormaPagamento]
# The screens of the nav, in order: (id, label). Each has a <section> and a module.
TELAS = [("lancar", "Lançar"), ("hoje", "Hoje"), ("caixa", "Caixa"), ("fechar", "Fechar o dia")]
TEMA = "#0f5e9c"


def arquivos_do_app(static: Path) -> list[str]:
    """Every file of the app, as the browser asks for it: the service worker's list."""
    return sorted(
        f"{STATIC_URL}/{path.relative_to(static).as_posix()}"
        for path in static.rglob("*")
        if path.is_file()
    )


def versao_do_app(*pastas: Path) -> str:
    """A hash of the app's files and templates: any change makes a new cache."""
    digest = hashlib.sha256()
    for pasta in pastas:
        for path in sorted(p for p in pasta.rglob("*") if p.is_file()):
            digest.update(path.relative_to(pasta).as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()[:16]


def manifesto() -> dict[str, object]:
    icone = f"{STATIC_URL}/icone"
    return {
        "name": "Fluxo de Caixa",
        "short_name": "Caixa",
        "description": "Registre entradas e saídas do caixa, mesmo sem internet.",
        "lang": "pt-BR",
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": TEMA,
        "icons": [
            {"src": f"{icone}-192.png", "sizes": "192x192", "type": "image/png"},
            {"src": f"{icone}-512.png", "sizes": "512x512", "type": "image/png"},
            {"src": f"{icone}.svg", "sizes": "any", "type": "image/svg+xml"},
        ],
    }


def caixa_blueprint(settings: Settings) -> Blueprint:
    bp = Blueprint(
        "caixa",
        __name__,
        static_folder="static/caixa",
        static_url_path=STATIC_URL,
        template_folder="templates",
    )
    token = settings.api_token
    static = Path(bp.root_path) / "static" / "caixa"
    templates = Path(bp.root_path) / "templates" / "caixa"
    arquivos = arquivos_do_app(static)
    versao = versao_do_app(static, templates)
    manifesto_json = json.dumps(manifesto(), ensure_ascii=False)

    def entrar_pagina(erro: str | None = None) -> Response:
        return pagina(render_template("caixa/entrar.html", erro=erro, tema=TEMA), csp=APP_CSP)

    @bp.get("/")
    def app() -> Response:
        if token is not None and not autenticado():
            return entrar_pagina()
        response = pagina(
            render_template(
                "caixa/app.html",
                tz=settings.tz.key,
                consolidado=settings.consolidado_no_navegador(request.scheme, request.host),
                com_token=token is not None,
                formas=FORMAS,
                formas_json=json.dumps([{"valor": v, "rotulo": r} for v, r in FORMAS]),
                telas=TELAS,
                versao=versao,
                tema=TEMA,
            ),
            csp=APP_CSP,
            # The shell holds no ledger data (the API's answers are never cached).
            cache="no-cache",
        )
        response.headers[SHELL_HEADER] = versao
        return response

    @bp.get("/sw.js")
    def service_worker() -> Response:
        corpo = render_template("caixa/sw.js", versao=versao, arquivos=arquivos, marca=SHELL_HEADER)
        response = Response(corpo, mimetype="text/javascript")
        response.headers["Content-Security-Policy"] = SW_CSP
        # The browser must see a new release's worker at once, not a cached old one.
        response.headers["Cache-Control"] = "no-cache"
        return response

    @bp.get("/manifest.webmanifest")
    def manifest() -> Response:
        response = Response(manifesto_json, mimetype="application/manifest+json")
        response.headers["Cache-Control"] = "no-cache"
        return response

    sign_in_views(
        bp, token, "caixa.app", entrar_pagina,
        "Envie o formulário pela própria página do caixa.",
    )  # fmt: skip
    return bp


def install_caixa_app(app: Flask, settings: Settings) -> None:
    app.register_blueprint(caixa_blueprint(settings))
    checks_own_origin(app, "caixa.entrar", "caixa.sair")
    # The login page, the app's files, its worker and manifest answer anonymous visitors
    # (browsers fetch a manifest without cookies); every figure comes from the guarded API.
    open_endpoints(
        app, "caixa.app", "caixa.entrar", "caixa.sair", "caixa.static",
        "caixa.service_worker", "caixa.manifest",
    )  # fmt: skip
