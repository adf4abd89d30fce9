"""Whom the failure limit counts as one client."""

from __future__ import annotations

import pytest

from fluxo_caixa.web.auth import limit_key


@pytest.mark.parametrize(
    ("endereco", "chave"),
    [
        ("192.0.2.7", "192.0.2.7"),
        ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"),
        ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
        ("::ffff:192.0.2.7", "192.0.2.7"),
        ("", ""),
    ],
)
def test_limit_counts_ipv4_hosts_and_ipv6_slash_64s(endereco: str, chave: str) -> None:
    assert limit_key(endereco) == chave


def test_two_addresses_of_one_ipv6_network_share_a_budget() -> None:
    assert limit_key("2001:db8::1") == limit_key("2001:db8::ffff:1")
    assert limit_key("2001:db8:0:1::1") != limit_key("2001:db8:0:2::1")
