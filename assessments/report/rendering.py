"""The PDF render as a background task: run by a worker (`manage.py worker`), never by a web
worker, so no request waits on WeasyPrint.

Enqueued when a firm submits, at FIRST priority: a firm that just submitted waits only for other
firms that just submitted. A download that finds the report's state changed since (the peer figures
moved, the content was edited, a deploy) queues a re-render at AGAIN priority, after every first
render, and meanwhile serves the firm's newest ready PDF: one re-render waits per firm, a client
may queue only a few, and none is queued while the queue is long. The results page queues nothing.

The task claims the state first (a StoredReport row, unique by key), so however many servers
enqueue the same state, one render runs. A render whose worker died (killed, or its machine) is
queued again by the worker itself (`requeue_abandoned`: on PostgreSQL at once, as the dead
worker's advisory lock goes with its connection; elsewhere once its deadline has passed), and a
submitted firm whose render was never queued (the database restarted at that moment) gets it
(`queue_missing`): no page has to ask.

A ready PDF is also kept in Django's cache under its state key (Redis, shared, with several
servers), so a download reads neither the StoredReport row nor its bytes from the database. The
cache is only a copy: evicted, or Redis away, the stored row serves and refills it.
"""

import contextlib
import logging
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone, translation
from django_tasks import task

from .. import limits
from ..models import Assessment, StoredReport, WelshMissing, shown_in
from ..models.reports import WAITING
from . import builder as report
from . import page, pdf
from . import state as report_state

log = logging.getLogger(__name__)
CACHE_SECONDS = 7 * 24 * 3600  # a week: most firms download in the days after they submit
# Task priorities: a render whose worker died (it was at the front of the queue), a firm's first PDF,
# then re-renders anyone can ask for.
RESUMED, FIRST, AGAIN = 60, 50, -50
AGAIN_PER_CLIENT = (5, 600)  # re-renders one client may queue: 5 per 10 minutes
AGAIN_MAX_QUEUED = 100  # no re-render is queued while this many renders wait
MISSING_SINCE = timedelta(days=1)  # how far back the worker looks for submitted firms with no PDF
QUEUED_GRACE = timedelta(seconds=30)  # a queued row younger than this may still be getting its task
RENDER_SECONDS = 2  # about what one render takes a worker (bench/RESULTS.md), for the waiting page
WAIT_SECONDS = (3, 15)  # the "nearly ready" page looks again after at least 3 s, at most 15 s
RENDERING_LOCK = 5_222  # the class of PostgreSQL advisory lock a rendering worker holds (per assessment)


def _cached(key):
    return f"report-pdf:{key}"


def _cached_pages(key):
    """The page count, cached beside the bytes: the download link says it without reading the row."""
    return f"report-pages:{key}"


def current_pdf(assessment, client=None):
    """The StoredReport to serve for the assessment, or None. The report's current state when it is
    ready; else the firm's newest ready PDF while the current one renders (it is queued here, at
    AGAIN priority and within the limits above); else the waiting or failed row of its first render.
    A failed or abandoned render may be tried again. A few small queries."""
    key = report_state.state_key(assessment)
    ready = ready_pdf(assessment, key)
    if ready is not None:
        return ready
    stored = StoredReport.objects.filter(state_key=key).first()
    previous = StoredReport.objects.filter(assessment=assessment, status=StoredReport.Status.READY).last()
    if stored is None or stored.may_retry():
        _queue(assessment, key, stored, again=previous is not None, client=client)
        stored = StoredReport.objects.filter(state_key=key).first()  # rendered already by a backend that runs at once
    return stored if (stored is not None and stored.is_ready) or previous is None else previous


def ready_pdf(assessment, key=None):
    """The PDF of the report's current state when it is ready (from the cache, else the store,
    which refills the cache), or None. Queues nothing: the results page asks it for the link's size."""
    key = key or report_state.state_key(assessment)
    cached = cache.get_many([_cached(key), _cached_pages(key)])
    body = cached.get(_cached(key))
    if body is not None:
        return StoredReport(
            state_key=key, assessment=assessment, status=StoredReport.Status.READY, pdf=body,
            size_bytes=len(body), page_count=cached.get(_cached_pages(key)),
        )  # fmt: skip
    stored = StoredReport.objects.filter(state_key=key, status=StoredReport.Status.READY).first()
    if stored is not None:
        _keep_in_cache(key, bytes(stored.pdf), stored.page_count)
    return stored


def _queue(assessment, key, stored, again, client):
    """Queues the render of `key` (`stored`: its failed or abandoned row, tried again), unless a
    render of this firm waits already: the task renders the state current when it runs, so one is
    enough however often the peer figures move meanwhile. A re-render also only when the client is
    within its limit (uncounted: let through, it is a page view) and the queue is not long."""
    if StoredReport.objects.filter(assessment=assessment, status__in=WAITING).exclude(state_key=key).exists():
        return
    if again and (
        StoredReport.objects.filter(status=StoredReport.Status.QUEUED).count() >= AGAIN_MAX_QUEUED
        or not limits.hit(f"render:{client}", *AGAIN_PER_CLIENT, uncounted=limits.UNCOUNTED_ALLOWED)
    ):
        return
    if stored is not None:
        if not _restart(stored):
            return  # queued again by another request
    else:
        try:
            with transaction.atomic():
                StoredReport.objects.create(state_key=key, assessment=assessment)
        except IntegrityError:
            return  # queued by another request
    render_report.using(priority=AGAIN if again else FIRST).enqueue(assessment.pk, assessment.language)


def seconds_to_wait(assessment):
    """How long the firm's "nearly ready" page waits before it looks again: about RENDER_SECONDS for
    each render queued before the firm's own, between 3 and 15 s. With a long queue, firms that are
    waiting ask less often, so they do not slow the pages of firms still filling in."""
    mine = StoredReport.objects.filter(assessment=assessment, status__in=WAITING).order_by("started_at").first()
    if mine is None:
        return WAIT_SECONDS[0]
    ahead = StoredReport.objects.filter(status=StoredReport.Status.QUEUED, started_at__lt=mine.started_at).count()
    return min(WAIT_SECONDS[1], max(WAIT_SECONDS[0], ahead * RENDER_SECONDS))


def request_render(assessment):
    """Queues the first render of a firm that has just submitted, at FIRST priority, unless its
    state is stored or queued already."""
    key = report_state.state_key(assessment)
    if not StoredReport.objects.filter(state_key=key).exists():
        _queue(assessment, key, None, again=False, client=None)


@task()
def render_report(assessment_id, language):
    """Renders and stores the PDF of the assessment's current report state, in `language` (interface
    and content); returns its key."""
    assessment = Assessment.objects.select_related("questionnaire").get(pk=assessment_id)
    with translation.override(language), shown_in(language), rendering_lock(assessment.pk):
        key = report_state.state_key(assessment, language)
        stored = _claim(assessment, key)
        if stored is None:
            return key  # stored already, or another worker is on it
        log.info("Rendering the report PDF of assessment %s (state %s)", assessment.pk, key[:12])
        try:
            body, pages = pdf.render_pdf(report.for_assessment(assessment))
        except (pdf.ReportError, WelshMissing):  # never a Welsh report with English in it
            StoredReport.objects.filter(pk=stored.pk).update(
                status=StoredReport.Status.FAILED, finished_at=timezone.now()
            )
            return key
        with transaction.atomic():
            done = StoredReport.objects.filter(pk=stored.pk).update(
                status=StoredReport.Status.READY, pdf=body, size_bytes=len(body), page_count=pages,
                finished_at=timezone.now(),
            )  # fmt: skip
            # Older states of this report are never served again.
            forget(StoredReport.objects.filter(assessment=assessment).exclude(pk=stored.pk))
    if done:  # 0 when the firm was deleted while its PDF rendered: then it is kept nowhere
        _keep_in_cache(key, body, pages)
    return key


def _keep_in_cache(key, body, pages):
    """Copies a stored PDF (and its page count) into the cache, unless its row is gone. Checked after
    the copy is written, so a delete that commits in between is seen (and a delete clears the keys
    again once it commits: `forget_deleted`), so no deleted firm's PDF stays in the cache however the
    two interleave."""
    cache.set_many({_cached(key): body, _cached_pages(key): pages}, CACHE_SECONDS)
    if not StoredReport.objects.filter(state_key=key).exists():
        cache.delete_many([_cached(key), _cached_pages(key)])


@contextmanager
def rendering_lock(assessment_id):
    """Held by the worker that renders the assessment's PDF, for as long as it renders: a PostgreSQL
    advisory lock, which the server drops with the worker's connection, so a render whose worker was
    killed is known at once (requeue_abandoned), not after a deadline. Other databases: a no-op, and
    the deadline (StoredReport.objects.abandoned) decides."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", [RENDERING_LOCK, assessment_id])
    try:
        yield
    finally:
        with contextlib.suppress(DatabaseError), connection.cursor() as cursor:  # a lost connection took it along
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [RENDERING_LOCK, assessment_id])


def _nobody_renders(assessment_id):
    """True when no worker holds the assessment's rendering lock (PostgreSQL only)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [RENDERING_LOCK, assessment_id])
        if not cursor.fetchone()[0]:
            return False
        cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [RENDERING_LOCK, assessment_id])
    return True


def _abandoned():
    """Rows left "rendering" by a worker that is gone: on PostgreSQL, those whose lock nobody holds;
    elsewhere, those past their deadline."""
    if connection.vendor == "postgresql":
        rendering = StoredReport.objects.filter(status=StoredReport.Status.RENDERING)
        return [stored for stored in rendering if _nobody_renders(stored.assessment_id)]
    return list(StoredReport.objects.abandoned())


def forget(stored_reports):
    """Deletes stored reports and their cached copies."""
    keys = stored_reports.values_list("state_key", flat=True)
    cache.delete_many([name for key in keys for name in (_cached(key), _cached_pages(key))])
    stored_reports.delete()


def forget_deleted(sender, instance, **kwargs):
    """pre_delete of an Assessment, however it is deleted: its PDFs and its results page leave the
    cache as well as the database, so a deleted firm's report is nowhere; the cached PDFs are cleared
    again once the delete commits, in case a render or a download copied one in meanwhile."""
    stored = StoredReport.objects.filter(assessment=instance)
    keys = [_cached(key) for key in stored.values_list("state_key", flat=True)]
    if instance.is_submitted:
        page.forget(instance, stored.values_list("state_key", flat=True))
    forget(stored)
    transaction.on_commit(lambda: cache.delete_many(keys))


def _claim(assessment, key):
    """The row this worker renders into, or None when the state is stored or another worker has it.
    A queued row is claimed with one conditional UPDATE, so one worker wins."""
    try:
        with transaction.atomic():
            return StoredReport.objects.create(
                state_key=key, assessment=assessment, status=StoredReport.Status.RENDERING
            )
    except IntegrityError:
        pass
    stored = StoredReport.objects.filter(state_key=key).first()
    if stored is None or stored.is_ready or (stored.status != StoredReport.Status.QUEUED and not stored.may_retry()):
        return None
    won = StoredReport.objects.filter(pk=stored.pk, status=stored.status, started_at=stored.started_at)
    return stored if won.update(status=StoredReport.Status.RENDERING, started_at=timezone.now()) else None


def _restart(stored):
    """Queues a failed or abandoned render again; False when another request already did."""
    again = StoredReport.objects.filter(pk=stored.pk, started_at=stored.started_at)
    return bool(again.update(status=StoredReport.Status.QUEUED, started_at=timezone.now()))


def requeue_abandoned():
    """Queues again every render whose worker is gone (still "rendering" past its deadline), and
    every queued render whose task was lost; the worker calls this every few seconds. Returns how
    many were queued again."""
    again = 0
    for stored in _abandoned():
        if _restart(stored):
            log.warning("Render of assessment %s abandoned by its worker: queued again", stored.assessment_id)
            render_report.using(priority=RESUMED).enqueue(stored.assessment_id, settings.LANGUAGE_CODE)
            again += 1
    for stored in _queued_without_task():
        if _restart(stored):
            render_report.using(priority=FIRST).enqueue(stored.assessment_id, settings.LANGUAGE_CODE)
            again += 1
    return again


def _queued_without_task():
    """Queued rows with no task waiting or running for their assessment (with the database task
    backend; other backends keep their own queues)."""
    from django.apps import apps

    if not apps.is_installed("django_tasks_db"):
        return []
    from django_tasks_db.models import DBTaskResult

    live = DBTaskResult.objects.filter(task_path=render_report.module_path, status__in=["READY", "RUNNING"])
    tasked = {row["args"][0] for row in live.values_list("args_kwargs", flat=True) if row.get("args")}
    old = StoredReport.objects.filter(status=StoredReport.Status.QUEUED, started_at__lt=timezone.now() - QUEUED_GRACE)
    return [stored for stored in old if stored.assessment_id not in tasked]


def queue_missing():
    """Queues the first render of every firm submitted in the last day that has no stored report at
    all: its submit committed, but the render's queueing did not (the database went away between
    the two). The worker calls this every few seconds. Returns how many."""
    since = timezone.now() - MISSING_SINCE
    missing = Assessment.objects.filter(
        status=Assessment.Status.SUBMITTED,
        is_demo=False,  # synthetic firms for the dashboard: nobody downloads their report
        submitted_at__gte=since,
        submitted_at__lt=timezone.now() - QUEUED_GRACE,
    ).filter(stored_reports__isnull=True)
    count = 0
    for assessment in missing.select_related("questionnaire"):
        with translation.override(settings.LANGUAGE_CODE):
            request_render(assessment)
        count += 1
    return count
