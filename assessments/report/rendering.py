"""The PDF render as a background task: run by a worker (`manage.py db_worker`), never by a web
worker, so no request waits on WeasyPrint.

Enqueued when a firm submits, and again by any page that finds no PDF for the report's current
state. The task claims the state first (a StoredReport row, unique by key), so however many servers
enqueue the same state, one render runs.

A ready PDF is also kept in Django's cache under its state key (Redis, shared, with several
servers), so a download reads neither the StoredReport row nor its bytes from the database. The
cache is only a copy: evicted, the stored row serves and refills it.
"""

import logging

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django_tasks import task

from ..models import Assessment, StoredReport, WelshMissing, shown_in
from . import builder as report
from . import pdf
from . import state as report_state

log = logging.getLogger(__name__)
CACHE_SECONDS = 7 * 24 * 3600  # a week: most firms download in the days after they submit


def _cached(key):
    return f"report-pdf:{key}"


def current_pdf(assessment):
    """The StoredReport for the report's current state, or None. Queues a render when there is
    none yet, or when a failed or abandoned one may be tried again: one task per state, however
    often the page asks. A few small queries."""
    key = report_state.state_key(assessment)
    body = cache.get(_cached(key))
    if body is not None:
        return StoredReport(state_key=key, assessment=assessment, status=StoredReport.Status.READY, pdf=body)
    stored = StoredReport.objects.filter(state_key=key).first()
    if stored is not None and stored.is_ready:
        _keep_in_cache(key, bytes(stored.pdf))
        return stored
    if stored is None:
        try:
            with transaction.atomic():
                StoredReport.objects.create(state_key=key, assessment=assessment)
        except IntegrityError:
            return StoredReport.objects.filter(state_key=key).first()  # queued by another request
    elif not (stored.may_retry() and _restart(stored)):
        return stored
    render_report.enqueue(assessment.pk, assessment.language)
    return StoredReport.objects.filter(state_key=key).first()  # rendered already by a backend that runs at once


def request_render(assessment):
    """Queues the render of the assessment's current report, unless it is stored or queued."""
    current_pdf(assessment)


@task()
def render_report(assessment_id, language):
    """Renders and stores the PDF of the assessment's current report state, in `language` (interface
    and content); returns its key."""
    assessment = Assessment.objects.select_related("questionnaire").get(pk=assessment_id)
    with translation.override(language), shown_in(language):
        key = report_state.state_key(assessment, language)
        stored = _claim(assessment, key)
        if stored is None:
            return key  # stored already, or another worker is on it
        log.info("Rendering the report PDF of assessment %s (state %s)", assessment.pk, key[:12])
        try:
            body = pdf.render_pdf(report.for_assessment(assessment))
        except (pdf.ReportError, WelshMissing):  # never a Welsh report with English in it
            StoredReport.objects.filter(pk=stored.pk).update(
                status=StoredReport.Status.FAILED, finished_at=timezone.now()
            )
            return key
    with transaction.atomic():
        stored_now = StoredReport.objects.filter(pk=stored.pk).update(
            status=StoredReport.Status.READY, pdf=body, finished_at=timezone.now()
        )
        # Older states of this report are never served again.
        forget(StoredReport.objects.filter(assessment=assessment).exclude(pk=stored.pk))
    if stored_now:  # 0 when the firm was deleted while its PDF rendered: then it is kept nowhere
        _keep_in_cache(key, body)
    return key


def _keep_in_cache(key, body):
    """Copies a stored PDF into the cache, unless its row is gone. Checked after the copy is written,
    so a delete that commits in between is seen (and a delete clears the keys again once it commits:
    `forget_deleted`), so no deleted firm's PDF stays in the cache however the two interleave."""
    cache.set(_cached(key), body, CACHE_SECONDS)
    if not StoredReport.objects.filter(state_key=key).exists():
        cache.delete(_cached(key))


def forget(stored_reports):
    """Deletes stored reports and their cached copies."""
    cache.delete_many([_cached(key) for key in stored_reports.values_list("state_key", flat=True)])
    stored_reports.delete()


def forget_deleted(sender, instance, **kwargs):
    """pre_delete of an Assessment, however it is deleted: its PDFs leave the cache as well as the
    database, so a deleted firm's report is nowhere; the cached copies are cleared again once the
    delete commits, in case a render or a download copied one in meanwhile."""
    stored = StoredReport.objects.filter(assessment=instance)
    keys = [_cached(key) for key in stored.values_list("state_key", flat=True)]
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
