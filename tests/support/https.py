"""What a client over HTTPS checks of the services' answers: a Location stays on https.

Shared by the tests of `serve` speaking TLS itself (tests/e2e/test_https_direto.py) and
behind the README's nginx (tests/e2e/test_https_proxy.py).
"""

from __future__ import annotations

from urllib.parse import urljoin

import httpx


def destino_https(response: httpx.Response) -> str:
    """Where `response`'s Location leads, resolved as a browser would; never plain http."""
    location = response.headers["Location"]
    assert not location.startswith("http:")
    return urljoin(str(response.url), location)


def lancar_por_https(http: httpx.Client, lancamentos: str, token: str, valor: str) -> str:
    """An entrada of `valor` posted to the lançamentos service at the https origin
    `lancamentos`; the new movement's URL, from its Location, on that same origin."""
    criada = http.post(
        f"{lancamentos}/movimentacao",
        json={"tipo": "entrada", "valor": valor},
        headers={"Authorization": f"Bearer {token}", "Origin": lancamentos},
    )
    assert criada.status_code == 201, criada.text
    destino = destino_https(criada)
    assert destino.startswith(f"{lancamentos}/movimentacao/")
    return destino
