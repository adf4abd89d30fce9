"""Schemathesis against each service's own OpenAPI document: no 5xx, answers match the schema.

Each service runs twice: open, and behind FLUXO_API_TOKEN (then schemathesis also checks that
a request without the token is refused).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import positive_data_acceptance

from fluxo_caixa.config import Settings
from fluxo_caixa.consolidado import create_app as consolidado_app
from fluxo_caixa.consolidado.api_spec import build_spec as consolidado_spec
from fluxo_caixa.db.engine import make_engine
from fluxo_caixa.domain.consolidado import MAX_DIAS
from fluxo_caixa.lancamentos import create_app as lancamentos_app
from fluxo_caixa.lancamentos.api_spec import build_spec as lancamentos_spec
from fluxo_caixa.web.openapi import OpenApi

# Hundreds of generated requests: the full suite runs it, the fast loop does not.
pytestmark = pytest.mark.slow

SAO_PAULO = ZoneInfo("America/Sao_Paulo")
TOKEN = "token-de-teste-do-contrato"


@dataclass(frozen=True)
class Api:
    create_app: Callable[..., Flask]
    build_spec: Callable[[Settings], OpenApi]


# One line per service: the consolidado joins with its create_app and build_spec.
APIS = {
    "lancamentos": Api(lancamentos_app, lancamentos_spec),
    "consolidado": Api(consolidado_app, consolidado_spec),
}
VARIANTS = {"aberto": None, "com-token": TOKEN}


class ServedApp:
    """The WSGI app a schema sends to; each test points it at an app on a fresh database."""

    def __init__(self) -> None:
        self.app: Flask | None = None

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        assert self.app is not None, "the served_apps fixture sets the app"
        # Each request from its own address: schemathesis probes wrong tokens on purpose,
        # more than the 10 a minute one address may try (the limit has its own tests).
        n = next(_addresses)
        environ["REMOTE_ADDR"] = f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"
        # Read and close the body as a server does: schemathesis's test client never calls
        # close(), and an export's temporary file would be left open. Its client also never
        # decodes gzip, though it asks for it: ask for the plain body the schema describes.
        environ.pop("HTTP_ACCEPT_ENCODING", None)
        iterable = self.app(environ, start_response)
        try:
            return [b"".join(iterable)]
        finally:
            close = getattr(iterable, "close", None)
            if close is not None:
                close()


_addresses = itertools.count(1)
SERVED = {(name, variant): ServedApp() for name in APIS for variant in VARIANTS}


def _schema(name: str, variant: str) -> schemathesis.schemas.BaseSchema:
    settings_ = Settings(api_token=VARIANTS[variant])
    schema = schemathesis.openapi.from_dict(APIS[name].build_spec(settings_).document())
    # Bound to an app, schemathesis sends in-process, its auth probes included.
    schema.app = SERVED[(name, variant)]
    return schema


@pytest.fixture
def served_apps(sqlite_url: str) -> Iterator[None]:
    """Every service and variant on one database with a few movements (ids 1..6; 2 reversed)."""
    engine = make_engine(sqlite_url)
    for (name, variant), served in SERVED.items():
        settings_ = Settings(database_url=sqlite_url, tz=SAO_PAULO, api_token=VARIANTS[variant])
        served.app = APIS[name].create_app(settings_, engine=engine)
    client = lancamentos_app(Settings(database_url=sqlite_url), engine=engine).test_client()
    for i in range(5):
        body = {"tipo": ("entrada", "saida")[i % 2], "valor": f"{i + 1}.25", "data": "2025-03-05"}
        assert client.post("/movimentacao", json=body).status_code == 201
    assert client.post("/movimentacao/2/estorno").status_code == 201
    yield
    for served in SERVED.values():
        served.app = None
    engine.dispose()


IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7e]{1,255}")
_keys = itertools.count()


def unique_idempotency_key(case: schemathesis.Case[Any]) -> None:
    """A valid key drawn twice with two bodies is rightly a 422 (the key was reused).

    Hypothesis draws few distinct keys, so each valid one is made unique per request;
    invalid keys are left as drawn, to be rejected.
    """
    key = case.headers.get("Idempotency-Key") if case.headers else None
    if isinstance(key, str) and IDEMPOTENCY_KEY.fullmatch(key):
        case.headers["Idempotency-Key"] = f"{key[:200]}-{next(_keys)}"


def breaks_a_rule_no_schema_states(case: schemathesis.Case[Any]) -> bool:
    """Rules that depend on the clock or on the server's state: a 422 is then the right answer.

    Such a case still has to get no 5xx and an answer matching its schema.
    """
    hoje = datetime.now(SAO_PAULO).date()
    body = case.body if isinstance(case.body, dict) else {}
    query = case.query or {}
    data = body.get("data")
    return (
        (isinstance(data, str) and data > hoje.isoformat())  # a movement dated in the future
        or bool(query.get("cursor"))  # opaque: only a cursor the server issued is valid
        or not period_fits(query.get("inicio"), query.get("fim"), hoje)
        # A categoria must exist (active, of the movement's tipo): the plano de contas.
        or body.get("categoria") is not None
        or body.get("categoria_id") is not None
        or bool(query.get("categoria"))
        # A caixa too must exist (and be open, for a movement): the merchant's caixas.
        or body.get("caixa") is not None
        or bool(query.get("caixa"))
        # A sangria is checked against the cash in the drawer; a count against itself
        # (the cédulas add up to the cash counted, what is left is at most what was counted).
        or case.path.endswith(("/sangria", "/fechamento"))
        # A day closes once, not in the future, and reopens only when closed (DIA).
        or case.path.endswith(("/fechamento", "/reabertura"))
    )


def _minus_29(dia: date) -> date:
    try:
        return dia - timedelta(days=29)
    except OverflowError:
        return date.min  # as the service does near year 1


def period_fits(inicio: object, fim: object, hoje: date) -> bool:
    """fim not before inicio, and at most MAX_DIAS days once the defaults fill them in."""
    try:
        ultimo = date.fromisoformat(str(fim)) if fim else hoje
        primeiro = date.fromisoformat(str(inicio)) if inicio else _minus_29(ultimo)
    except ValueError:
        return True  # not a date: the schema itself says it is wrong
    return primeiro <= ultimo and (ultimo - primeiro).days < MAX_DIAS


@schemathesis.pytest.parametrize(
    **{f"{name}-{variant}": _schema(name, variant) for name, variant in SERVED}
)
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_answer_matches_the_published_schema(
    case: schemathesis.Case[Any], served_apps: None
) -> None:
    unique_idempotency_key(case)
    excluded: list[Any] = [positive_data_acceptance] if breaks_a_rule_no_schema_states(case) else []
    secured = "security" in case.operation.schema.raw_schema
    # A case whose headers were drawn invalid may be the one without the token: leave it so.
    with_token = secured and not (case.meta and case.meta.is_negative_at(ParameterLocation.HEADER))
    headers = {"Authorization": f"Bearer {TOKEN}"} if with_token else None
    case.call_and_validate(headers=headers, excluded_checks=excluded)
