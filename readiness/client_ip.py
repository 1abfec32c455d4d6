"""The client's IP address, for login throttling and e-mail rate limits.

X-Forwarded-For is written by whoever sends the request, so only the hops added by our own
proxies count: with TRUSTED_PROXY_COUNT=1 (one proxy in front), the address that proxy saw.
"""

from django.conf import settings


def client_ip(request):
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR", "")
