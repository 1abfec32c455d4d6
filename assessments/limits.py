"""Rate limits counted in Django's cache, so with a shared cache (Redis) a limit counted on one app
server holds on all of them.

While the cache cannot count (Redis restarting: readiness.cache answers as an empty cache that keeps
nothing), each caller says which way its limit fails:

- closed, for e-mail (`UNCOUNTED_REFUSED`): a message that was not counted could be one of
  thousands, and "copy the link instead" costs the firm little;
- open, for page views (`UNCOUNTED_ALLOWED`), such as asking for a PDF again: refusing every firm
  during an outage would be the outage.
"""

import hashlib

from django.core.cache import cache

UNCOUNTED_REFUSED = False
UNCOUNTED_ALLOWED = True


def hit(key, limit, period, uncounted=UNCOUNTED_REFUSED):
    """Counts one use of `key` (any string: it is hashed, so an address never reaches the cache in
    clear) and says whether it is within `limit` uses per `period` seconds. The period starts at
    the first use. When the use cannot be counted, the answer is `uncounted`."""
    name = "limit:" + hashlib.sha256(key.encode()).hexdigest()
    if cache.add(name, 1, period):
        return limit >= 1
    try:
        return cache.incr(name) <= limit
    except ValueError:  # no count: it expired between add and incr, or the cache keeps nothing
        cache.set(name, 1, period)
        if cache.get(name) is None:
            return uncounted
        return limit >= 1
