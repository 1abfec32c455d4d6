"""The "try again in a moment" page (503) for when a server the service needs is away for a moment:
the database restarting or failing over, or the cache's server (when it is Django's plain RedisCache;
readiness.cache.DegradingRedisCache never raises).

A view that cannot reach it answers 503 through OutageMiddleware, logged as one warning line rather
than a traceback (it is expected, and says nothing about the code). When the failure comes from
another middleware instead (the session saved after the view), Django's handler500 is asked for the
page: server_error answers the same 503 for an outage, and Django's 500 page for anything else.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views.defaults import server_error as django_server_error
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)
OUTAGES = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)
RETRY_AFTER_SECONDS = 10


def unavailable():
    """The 503 page; rendered without a request context, so it needs neither the database nor the session."""
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class OutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OUTAGES):
            log.warning("Unavailable: %s for %s (%s)", type(exception).__name__, request.path, exception)
            return unavailable()
        return None


def server_error(request, template_name="500.html"):
    """handler500: the 503 page when the error was an outage, Django's 500 page otherwise."""
    if isinstance(sys.exc_info()[1], OUTAGES):
        return unavailable()
    return django_server_error(request, template_name)
