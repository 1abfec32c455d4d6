"""Enforces the retention the privacy page and README state, and prunes the finished background
tasks' rows (they hold only which PDF was rendered, but would grow without end). Run it daily;
running it twice is harmless."""

import logging
from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from assessments.journey.session_link import LEGACY_KEY
from assessments.models import Assessment, ExportLog, Share

log = logging.getLogger("assessments.purge")
DAYS_PER_MONTH = 365.25 / 12


class Command(BaseCommand):
    help = (
        "Deletes in-progress assessments untouched for RETENTION_IN_PROGRESS_DAYS, clears contact e-mail "
        "addresses RETENTION_CONTACT_EMAIL_MONTHS after they were given, and those of ended adviser shares, "
        "removes expired sessions, finished background-task results after RETENTION_TASK_RESULTS_DAYS, staff "
        "sign-in logs after RETENTION_SIGN_IN_LOG_DAYS, network fingerprints after RETENTION_NETWORK_DAYS and "
        "export log entries after RETENTION_AUDIT_MONTHS."
    )

    def handle(self, **options):
        now = timezone.now()
        draft_cutoff = now - timedelta(days=settings.RETENTION_IN_PROGRESS_DAYS)
        email_cutoff = now - timedelta(days=round(settings.RETENTION_CONTACT_EMAIL_MONTHS * DAYS_PER_MONTH))
        with transaction.atomic():
            stale = Assessment.objects.filter(status=Assessment.Status.IN_PROGRESS, updated_at__lt=draft_cutoff)
            drafts = stale.count()
            stale.delete()  # answers cascade; in-progress assessments have no scores
            # update(), not save(): clearing an address is not a change that keeps a draft alive.
            emails = (
                Assessment.objects.filter(created_at__lt=email_cutoff)
                .exclude(contact_email="")
                .update(contact_email="")
            )
            emails += Share.objects.forget_ended_contacts(now)
        sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
        legacy = _drop_legacy_tokens()
        logs = _older_logs(now)
        summary = (
            f"Purged {drafts} in-progress assessments untouched for {settings.RETENTION_IN_PROGRESS_DAYS} days, "
            f"cleared {emails} contact e-mail addresses older than {settings.RETENTION_CONTACT_EMAIL_MONTHS} months, "
            f"deleted {sessions} expired sessions, removed raw tokens from {legacy} older sessions, "
            f"deleted {logs['tasks']} finished task results older than {settings.RETENTION_TASK_RESULTS_DAYS} days "
            f"and {logs['sign_in']} sign-in log rows older than {settings.RETENTION_SIGN_IN_LOG_DAYS} days, "
            f"cleared {logs['networks']} network fingerprints older than {settings.RETENTION_NETWORK_DAYS} days, "
            f"deleted {logs['exports']} export log entries older than {settings.RETENTION_AUDIT_MONTHS} months."
        )
        log.info(summary)
        self.stdout.write(summary)


def _older_logs(now):
    """Deletes what logs and fingerprints have outlived their retention; counts per kind."""
    days = timedelta(days=1)
    tasks = DBTaskResult.objects.finished().filter(finished_at__lt=now - settings.RETENTION_TASK_RESULTS_DAYS * days)
    sign_in = sum(
        model.objects.filter(attempt_time__lt=now - settings.RETENTION_SIGN_IN_LOG_DAYS * days).delete()[0]
        for model in (AccessLog, AccessFailureLog, AccessAttempt)
    )
    networks = Assessment.objects.filter(submitted_at__lt=now - settings.RETENTION_NETWORK_DAYS * days)
    audit = now - timedelta(days=round(settings.RETENTION_AUDIT_MONTHS * DAYS_PER_MONTH))
    return {
        "tasks": tasks.delete()[0],
        "sign_in": sign_in,
        "networks": networks.exclude(submitted_from="").update(submitted_from=""),
        "exports": ExportLog.objects.filter(at__lt=audit).delete()[0],
    }


def _drop_legacy_tokens():
    """Sessions written before the session stopped holding raw tokens may still carry one."""
    count = 0
    for session in Session.objects.iterator():
        data = session.get_decoded()
        if LEGACY_KEY in data:
            del data[LEGACY_KEY]
            Session.objects.save(session.session_key, data, session.expire_date)
            count += 1
    return count
