"""Django's RedisCache, except that a lost Redis is a cache miss, not an error.

Everything the service keeps in Redis is a copy or a count (stored PDFs, dashboard figures, rate-limit
counts; README, "Running at scale"), so while Redis restarts the pages are served from the database:
a read finds nothing, a write is skipped. Django's own backend raises instead, and every page that
reads the cache answered 500 until Redis was back.

After a failure this process leaves Redis alone for a few seconds rather than waiting on a dead
connection for every call of every request; the first call after that tries again. Each outage is
logged once per pause, as a warning.

A rate limit cannot be counted while Redis is away (an `add` is refused, an `incr` finds no key):
`assessments.limits` says what each limit does then.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)
PAUSE_SECONDS = 5  # after a failure, how long calls skip Redis before one tries again
# A Redis that stops answering (a network partition, a stalled server) must not hold a web worker:
# these bound each connection and each command. Set in OPTIONS to change them.
SOCKET_TIMEOUTS = {"socket_connect_timeout": 1, "socket_timeout": 2}


class DegradingRedisCache(RedisCache):
    """RedisCache whose every call, when Redis cannot be reached, logs and answers as an empty cache would."""

    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**SOCKET_TIMEOUTS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self._paused_until = 0.0

    def _call(self, method, missed, *args, **kwargs):
        if time.monotonic() < self._paused_until:
            return missed
        try:
            return getattr(super(), method)(*args, **kwargs)
        except UNAVAILABLE as error:
            self._paused_until = time.monotonic() + PAUSE_SECONDS
            log.warning(
                "Cache unavailable (%s: %s); serving without it for %s s", type(error).__name__, error, PAUSE_SECONDS
            )
            return missed

    @property
    def is_available(self):
        """False while calls skip Redis after a failure (reported by /readyz)."""
        return time.monotonic() >= self._paused_until

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        missed = object()
        value = self._call("incr", missed, key, delta, version)
        if value is missed:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable)")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)
