"""The client's address: REMOTE_ADDR, or X-Forwarded-For only as far as trusted proxies vouch.

Behind a reverse proxy every request comes from the proxy's address, so limits keyed by
REMOTE_ADDR would put every citizen in one bucket; but X-Forwarded-For is written by the
client too, so it is believed only when the peer is a configured proxy
(GONGHUI_TRUSTED_PROXIES), and then only up to the right-most hop that is not a trusted proxy.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    try:
        return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"GONGHUI_TRUSTED_PROXIES: {exc} (expected addresses or networks like 10.0.0.0/8)"
        ) from exc


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """The address of the client as far as it can be known (never the raw header from a stranger)."""
    peer = str(request.META.get("REMOTE_ADDR", ""))
    networks = _networks(tuple(settings.GONGHUI_TRUSTED_PROXIES))
    if not networks or not _trusted(peer, networks):
        return peer
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    for hop in reversed([h.strip() for h in forwarded.split(",") if h.strip()]):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return peer  # a garbled hop: the last address a trusted proxy vouched for
        if not _trusted(hop, networks):
            return hop
        peer = hop
    return peer
