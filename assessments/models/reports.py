"""Rendered PDFs, stored so a download never waits on WeasyPrint.

One row per report state (see report_state.state_key): the unique key makes "one render per state
across all servers" a database rule, not a hope. The row exists from the moment a render starts,
so a second request or worker that gets the same job sees it and stands down: a page refreshed
every few seconds queues one task, not one per refresh.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from .responses import Assessment

RETRY_AFTER = timedelta(minutes=5)  # a failed render, or one whose worker died, may be tried again
WAITING = ("queued", "rendering")
# A render stops at REPORT_TIMEOUT (the child process is killed); building its HTML comes before.
# A row still "rendering" this long after it started has lost its worker (killed, or the machine).
RENDER_MARGIN = timedelta(seconds=10)


class StoredReportQuerySet(models.QuerySet):
    def abandoned(self, now=None):
        """Renders whose worker is gone: still "rendering" past the deadline any live render keeps."""
        deadline = (now or timezone.now()) - timedelta(seconds=settings.REPORT_TIMEOUT) - RENDER_MARGIN
        return self.filter(status=StoredReport.Status.RENDERING, started_at__lt=deadline)


class StoredReport(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RENDERING = "rendering", "Rendering"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    state_key = models.CharField(max_length=64, unique=True)
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="stored_reports")
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    pdf = models.BinaryField(blank=True, default=b"")
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = StoredReportQuerySet.as_manager()

    def __str__(self):
        return f"{self.assessment_id} {self.status} {self.state_key[:12]}"

    @property
    def is_ready(self):
        return self.status == self.Status.READY

    @property
    def is_waiting(self):
        return self.status in WAITING

    def may_retry(self, now=None):
        """A failed render, or a render that has run far past its deadline (its worker died), may start again."""
        return self.status != self.Status.READY and self.started_at < (now or timezone.now()) - RETRY_AFTER
