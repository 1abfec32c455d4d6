"""Probes for load balancers and orchestrators, answered before anything else is read.

- /healthz: the process is up and answering (it touches nothing else), so a stuck worker is replaced.
- /readyz: the database answers, so this server may be sent requests; 503 when it does not. The
  cache and the background queue are reported too, but do not fail it: pages are served without the
  cache (readiness.cache), and a long queue delays PDFs, not pages.
"""

from django.apps import apps
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe


@require_safe
def healthz(request):
    response = HttpResponse("ok", content_type="text/plain")
    add_never_cache_headers(response)
    return response


@require_safe
def readyz(request):
    report = {"database": _database()}
    report["cache"] = _cache()
    if report["database"] == "ok":
        report["tasks"] = _queue()
    response = JsonResponse(report, status=200 if report["database"] == "ok" else 503)
    add_never_cache_headers(response)
    return response


def _database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except DatabaseError:
        return "unavailable"


def _cache():
    cache.get("readyz")  # a degrading cache notes a failure here, and reports it below
    return "ok" if getattr(cache, "is_available", True) else "unavailable"


def _queue():
    """Background tasks waiting, and how long the oldest has waited (seconds), with the database backend."""
    if not apps.is_installed("django_tasks_db"):
        return None
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.ready()
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    return {
        "waiting": waiting.count(),
        "running": DBTaskResult.objects.running().count(),
        "oldest_wait_seconds": round((timezone.now() - oldest).total_seconds()) if oldest else 0,
    }
