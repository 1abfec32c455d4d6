"""Enforces the retention the privacy page and README state. Run it daily; running it twice is harmless."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from assessments.journey.session_link import LEGACY_KEY
from assessments.models import Assessment, Share

log = logging.getLogger("assessments.purge")
DAYS_PER_MONTH = 365.25 / 12


class Command(BaseCommand):
    help = (
        "Deletes in-progress assessments untouched for RETENTION_IN_PROGRESS_DAYS, clears contact e-mail "
        "addresses RETENTION_CONTACT_EMAIL_MONTHS after they were given, and those of ended adviser shares, and "
        "removes expired sessions."
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
        summary = (
            f"Purged {drafts} in-progress assessments untouched for {settings.RETENTION_IN_PROGRESS_DAYS} days, "
            f"cleared {emails} contact e-mail addresses older than {settings.RETENTION_CONTACT_EMAIL_MONTHS} months, "
            f"deleted {sessions} expired sessions, removed raw tokens from {legacy} older sessions."
        )
        log.info(summary)
        self.stdout.write(summary)


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
