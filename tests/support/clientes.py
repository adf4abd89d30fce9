"""Clients that post movements with Idempotency-Keys and remember what each answer said."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx
from sqlalchemy import Engine, select

from fluxo_caixa.db.tables import lancamento


@dataclass(frozen=True)
class Pedido:
    chave: str
    corpo: dict[str, Any]

    @property
    def centavos(self) -> int:
        return int(Decimal(self.corpo["valor"]) * 100)


@dataclass(frozen=True)
class Resultado:
    chave: str
    status: int | None  # None: no answer (connection refused, cut, timed out)
    ident: int | None
    repetida: bool
    corpo: dict[str, Any] | None


def pedido(chave: str, n: int) -> Pedido:
    """A distinct, deterministic movement; the key is also its descricao, to find it back."""
    return Pedido(
        chave,
        {
            "tipo": "entrada" if n % 3 else "saida",
            "valor": f"{n % 9973 + 1}.{n % 100:02d}",
            "descricao": chave,
        },
    )


def enviar(client: httpx.Client, url: str, p: Pedido, timeout: float = 60) -> Resultado:
    try:
        response = client.post(
            f"{url}/movimentacao",
            json=p.corpo,
            headers={"Idempotency-Key": p.chave},
            timeout=timeout,
        )
    except httpx.HTTPError:
        return Resultado(p.chave, None, None, False, None)
    corpo = response.json()
    ident = corpo.get("id") if response.status_code == 201 else None
    repetida = response.headers.get("Idempotent-Replayed") == "true"
    return Resultado(p.chave, response.status_code, ident, repetida, corpo)


def gravadas(engine: Engine) -> dict[str, list[tuple[int, str, int]]]:
    """descricao -> every (id, tipo, valor_centavos) stored with it."""
    query = select(
        lancamento.c.descricao, lancamento.c.id, lancamento.c.tipo, lancamento.c.valor_centavos
    )
    rows: dict[str, list[tuple[int, str, int]]] = {}
    with engine.connect() as conn:
        for descricao, ident, tipo, centavos in conn.execute(query):
            rows.setdefault(descricao, []).append((ident, tipo, centavos))
    return rows


def assert_exactly_once(
    engine: Engine, pedidos: dict[str, Pedido], answered: dict[str, int]
) -> None:
    """Every answered movement stored once under the id it was given; nothing else twice."""
    stored = gravadas(engine)
    assert set(stored) <= set(pedidos), "a row nobody sent"
    duplicated = {k: v for k, v in stored.items() if len(v) > 1}
    assert not duplicated, f"stored twice: {duplicated}"
    for chave, ident in answered.items():
        p = pedidos[chave]
        assert stored.get(chave) == [(ident, p.corpo["tipo"], p.centavos)], chave
