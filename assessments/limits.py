"""Rate limits: the one home. Counted in Django's cache, which production requires to be shared
(Redis, or a file cache on one machine: settings refuse one per process), so a limit counted on one
app server or worker holds on all of them.

A named limit (settings.RATE_LIMITS) is counted per client network (readiness.client_ip: an IPv4
address or an IPv6 /64, since one office can use any address of its /64), or per a key the caller
gives (a mailbox). Keys are hashed, so no address reaches the cache in clear.

While the cache cannot count (Redis restarting: readiness.cache answers as an empty cache that keeps
nothing), a limit fails one of two ways:

- closed, for e-mail (`UNCOUNTED_REFUSED`): a message that was not counted could be one of
  thousands, and "copy the link instead" costs the firm little;
- open, for page views (`UNCOUNTED_ALLOWED`), such as asking for a PDF again: refusing every firm
  during an outage would be the outage.

A named limit's way is in WHEN_UNCOUNTED below, the one place to read them; a caller counting its
own key with `hit` says it there.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache

from readiness.client_ip import client_network

UNCOUNTED_REFUSED = False
UNCOUNTED_ALLOWED = True

# Which way each named limit fails while the cache cannot count (a name not listed is refused).
# Open for what a firm does with its own assessment (start, submit, delete): refusing them all while
# Redis restarts would tell every firm "too many" for an outage of ours. A flood in that window is
# still held out of the figures: the burst rule (insights.peers.screen) counts submits in the
# database, not in the cache. Closed for e-mail (each a message to someone's inbox) and for CSP
# reports (each a log line).
WHEN_UNCOUNTED = {
    "start": UNCOUNTED_ALLOWED,
    "start_unchallenged": UNCOUNTED_ALLOWED,
    "submit": UNCOUNTED_ALLOWED,
    "delete": UNCOUNTED_ALLOWED,
}


def _name(key):
    return "limit:" + hashlib.sha256(key.encode()).hexdigest()


def hit(key, limit, period, uncounted=UNCOUNTED_REFUSED):
    """Counts one use of `key` (any string) and says whether it is within `limit` uses per `period`
    seconds. The period starts at the first use. When the use cannot be counted, the answer is
    `uncounted`."""
    name = _name(key)
    if cache.add(name, 1, period):
        return limit >= 1
    try:
        return cache.incr(name) <= limit
    except ValueError:  # no count: it expired between add and incr, or the cache keeps nothing
        cache.set(name, 1, period)
        if cache.get(name) is None:
            return uncounted
        return limit >= 1


def allow(request, name, key=None):
    """Counts one use of the limit `name` by this request's client network (or by `key`); True while
    within settings.RATE_LIMITS[name]; WHEN_UNCOUNTED[name] when the cache cannot count."""
    limit, period = settings.RATE_LIMITS[name]
    uncounted = WHEN_UNCOUNTED.get(name, UNCOUNTED_REFUSED)
    return hit(f"{name}:{client_network(request) if key is None else key}", limit, period, uncounted)


def reached(request, name):
    """Whether this client network has used up the limit `name`, without counting a use."""
    limit, _period = settings.RATE_LIMITS[name]
    return (cache.get(_name(f"{name}:{client_network(request)}")) or 0) >= limit


def network_fingerprint(request):
    """A keyed one-way fingerprint of the client network, stored with a submitted assessment so a
    burst from one network can be found later without keeping its address (purge clears it)."""
    digest = hmac.new(settings.SECRET_KEY.encode(), client_network(request).encode(), hashlib.sha256)
    return digest.hexdigest()[:32]
