"""Rate limits counted in Django's cache, so with a shared cache (Redis) a limit counted on one app
server holds on all of them."""

import hashlib

from django.core.cache import cache


def hit(key, limit, period):
    """Counts one use of `key` (any string: it is hashed, so an address never reaches the cache in
    clear) and says whether it is within `limit` uses per `period` seconds. The period starts at
    the first use."""
    name = "limit:" + hashlib.sha256(key.encode()).hexdigest()
    if cache.add(name, 1, period):
        return limit >= 1
    try:
        return cache.incr(name) <= limit
    except ValueError:  # the count expired between add and incr: this use starts a new period
        cache.set(name, 1, period)
        return limit >= 1
