"""Who took firms' data out of the service: one row per download of responses or published tables.

Superusers read it in the admin (nobody can change it); `purge` drops rows older than
RETENTION_AUDIT_MONTHS.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExportLog(models.Model):
    class Kind(models.TextChoices):
        RESPONSES = "responses", _("Responses, one row per assessment")
        INSIGHTS = "insights", _("Published insight tables")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(_("who"), max_length=150)  # kept if the user is deleted
    kind = models.CharField(_("what"), max_length=10, choices=Kind)
    filters = models.JSONField(_("filters"), default=dict)
    rows = models.PositiveIntegerField(_("rows"))
    file_name = models.CharField(_("file"), max_length=200)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("export log entry")
        verbose_name_plural = _("export log")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username}: {self.file_name} ({self.rows} rows)"

    @classmethod
    def record(cls, request, kind, filters, rows, file_name):
        """Logs one download by the signed-in user of `request`."""
        return cls.objects.create(
            user=request.user, username=request.user.get_username(), kind=kind, filters=filters, rows=rows,
            file_name=file_name,
        )  # fmt: skip
