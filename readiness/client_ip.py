"""The client's IP address, for login throttling and rate limits.

X-Forwarded-For is written by whoever sends the request, so it is read only on a connection from one
of our own proxies (TRUSTED_PROXIES), and then only the hops our proxies added count: walking from
the right, the first address that is not one of our proxies is the client. A request that reaches
the app directly is its connection's address, whatever header it carries.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies):
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _is_proxy(address):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request):
    address = request.META.get("REMOTE_ADDR", "")
    if not _is_proxy(address):
        return address
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_proxy(hop):
            return hop
    return hops[0] if hops else address


def client_network(request):
    """The client as rate limits count it: its IPv4 address, or the /64 of its IPv6 address (one
    home or office is given a whole /64, and can use any address in it)."""
    address = client_ip(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    return f"{ipaddress.ip_network(f'{ip}/64', strict=False).network_address}/64"
