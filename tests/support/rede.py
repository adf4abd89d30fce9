"""An address of this machine that is not loopback: where a phone on the shop's Wi-Fi would
reach the computer. Browsers treat loopback as a secure origin even over plain HTTP, so only
such an address proves what HTTPS brings (the service worker, offline mode)."""

from __future__ import annotations

import ipaddress
import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

from support.requisitos import exigir

# A documentation network (RFC 5737): added to this machine for a test, it collides with nothing.
EXTRA_ADDRESS = "198.51.100.77"


def _usable(address: str) -> bool:
    """Not loopback, and this machine can listen on it."""
    try:
        if ipaddress.ip_address(address).is_loopback:
            return False
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((address, 0))
    except (ValueError, OSError):
        return False
    return True


def _route_address() -> str | None:
    """The address this machine would leave by (a UDP connect sends no packet)."""
    for target in ("192.0.2.1", "10.255.255.254", "172.31.255.254", "192.168.255.254"):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            try:
                sock.connect((target, 9))
            except OSError:
                continue
            address = str(sock.getsockname()[0])
        if _usable(address):
            return address
    return None


def _interface_addresses() -> list[str]:
    """Every IPv4 address of the machine's interfaces, as iproute2 lists them."""
    ip = shutil.which("ip")
    if ip is None:
        return []
    result = subprocess.run(
        [ip, "-o", "-4", "addr", "show"], capture_output=True, text=True, check=False
    )
    addresses = []
    for line in result.stdout.splitlines():
        fields = line.split()
        if "inet" in fields:
            addresses.append(fields[fields.index("inet") + 1].partition("/")[0])
    return [address for address in addresses if _usable(address)]


def non_loopback_ipv4() -> str | None:
    return _route_address() or next(iter(_interface_addresses()), None)


@contextmanager
def network_address() -> Iterator[str]:
    """The machine's first non-loopback IPv4 address; on a machine with none (a network-less
    container), one added to it for the test and removed after it."""
    address = non_loopback_ipv4()
    if address is not None:
        yield address
        return
    with added_address() as extra:
        yield extra


@contextmanager
def added_address() -> Iterator[str]:
    """EXTRA_ADDRESS on the loopback interface (as root; no kernel module needed): the
    interface does not matter to a browser, the address is not a loopback one."""
    ip = shutil.which("ip")
    added = (
        ip is not None
        and os.geteuid() == 0
        and subprocess.run(
            [ip, "addr", "add", f"{EXTRA_ADDRESS}/32", "dev", "lo"], capture_output=True
        ).returncode
        == 0
    )
    try:
        exigir(
            added and _usable(EXTRA_ADDRESS),
            "esta máquina não tem endereço IPv4 fora do loopback e não foi possível acrescentar "
            f"{EXTRA_ADDRESS} (precisa de root e do iproute2)",
        )
        yield EXTRA_ADDRESS
    finally:
        if added and ip is not None:
            subprocess.run([ip, "addr", "del", f"{EXTRA_ADDRESS}/32", "dev", "lo"], check=False)
