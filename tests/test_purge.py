"""`manage.py purge` enforces the retention the privacy page states: a draft goes when the firm has
not touched it for RETENTION_IN_PROGRESS_DAYS (its last edit counts, not its start), an address
RETENTION_CONTACT_EMAIL_MONTHS after it was given."""

import logging
from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment
from tests.helpers import make_assessment, make_content, page_data


@pytest.fixture
def site(db):
    """Version 1: two drivers (safety, remote) of two questions each."""
    return make_content(drivers=("safety", "remote"), questions_per_driver=2)


def aged(assessment, days, **fields):
    then = timezone.now() - timedelta(days=days)
    Assessment.objects.filter(pk=assessment.pk).update(created_at=then, updated_at=then, **fields)


@pytest.fixture
def aging(site, settings):
    old_draft, _ = make_assessment(company_name="Old Draft")
    recent_draft, _ = make_assessment(company_name="Recent Draft")
    old_submitted, _ = make_assessment(company_name="Old Submitted", contact_email="a@old.example")
    recent_submitted, _ = make_assessment(company_name="Recent Submitted", contact_email="b@new.example")
    aged(old_draft, settings.RETENTION_IN_PROGRESS_DAYS + 1)
    aged(recent_draft, settings.RETENTION_IN_PROGRESS_DAYS - 1)
    aged(old_submitted, 400, status=Assessment.Status.SUBMITTED)
    aged(recent_submitted, 300, status=Assessment.Status.SUBMITTED)


def test_purge_deletes_old_drafts_and_clears_old_addresses_only(aging):
    call_command("purge", stdout=StringIO())
    names = set(Assessment.objects.values_list("company_name", flat=True))
    assert names == {"Recent Draft", "Old Submitted", "Recent Submitted"}
    assert dict(Assessment.objects.values_list("company_name", "contact_email")) == {
        "Recent Draft": "",
        "Old Submitted": "",
        "Recent Submitted": "b@new.example",
    }


def test_purge_is_idempotent_and_logs_its_counts(aging, caplog):
    with caplog.at_level(logging.INFO, logger="assessments.purge"):
        call_command("purge", stdout=StringIO())
        call_command("purge", stdout=StringIO())
    first, second = (r.getMessage() for r in caplog.records if r.name == "assessments.purge")
    assert "1 in-progress" in first and "1 contact" in first
    assert "0 in-progress" in second and "0 contact" in second


def url(name, token, **kwargs):
    return reverse(f"assessments:{name}", kwargs={"token": token, **kwargs})


def started_long_ago(settings, **profile):
    """A draft started, and last touched, one day past the retention period."""
    assessment, token = make_assessment(**profile)
    aged(assessment, settings.RETENTION_IN_PROGRESS_DAYS + 1)
    return assessment, token


def yesterday():
    """The clock stands at this time yesterday while the block runs."""
    return mock.patch.object(timezone, "now", return_value=timezone.now() - timedelta(days=1))


def purged(assessment):
    call_command("purge", stdout=StringIO())
    return not Assessment.objects.filter(pk=assessment.pk).exists()


def test_a_draft_started_long_ago_whose_answers_were_saved_yesterday_is_kept(client, site, settings):
    assessment, token = started_long_ago(settings)
    with yesterday():
        client.post(url("driver", token, driver="safety"), page_data(site.questions_of("safety")))
    assert assessment.answers.count() == 2 and not purged(assessment)


def test_a_draft_started_long_ago_whose_business_details_were_changed_yesterday_is_kept(client, site, settings):
    assessment, token = started_long_ago(settings)
    profile = {"company_name": "Renamed Ltd", "sector": "25", "size_band": "small", "region": "north-west"}
    with yesterday():
        client.post(url("profile", token), profile)
    assert Assessment.objects.get(pk=assessment.pk).company_name == "Renamed Ltd" and not purged(assessment)


def test_a_quick_check_started_long_ago_and_continued_as_the_full_assessment_yesterday_is_kept(client, site, settings):
    assessment, token = started_long_ago(settings, mode=Assessment.Mode.QUICK)
    with yesterday():
        client.post(url("full", token))
    assert not Assessment.objects.get(pk=assessment.pk).is_quick and not purged(assessment)


def test_a_draft_only_looked_at_yesterday_still_goes(client, site, settings):
    assessment, token = started_long_ago(settings)
    with yesterday():
        client.get(url("tasks", token))
    assert purged(assessment)


def test_purge_deletes_task_results_sign_in_logs_fingerprints_and_export_logs_past_their_retention(site, settings):
    from axes.models import AccessAttempt, AccessLog
    from django_tasks_db.models import DBTaskResult

    from assessments.models import ExportLog

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    now = timezone.now()
    tasks = []
    for age in (settings.RETENTION_TASK_RESULTS_DAYS + 1, 1):
        tasks += [DBTaskResult.objects.create(
            status="SUCCESSFUL", task_path="assessments.insights.peers.release_when_due", args_kwargs={}, priority=0,
            queue_name="default", backend_name="default", run_after=None, finished_at=now - timedelta(days=age),
        ).pk]  # fmt: skip
    for age in (settings.RETENTION_SIGN_IN_LOG_DAYS + 1, 1):
        for model in (AccessLog, AccessAttempt):
            row = model.objects.create(user_agent=f"browser {age}", ip_address="198.51.100.1", username="editor", **(
                {"get_data": "", "post_data": "", "failures_since_start": 1} if model is AccessAttempt else {}
            ))  # fmt: skip
            model.objects.filter(pk=row.pk).update(attempt_time=now - timedelta(days=age))
    for age in (settings.RETENTION_NETWORK_DAYS + 1, 1):
        firm, _ = make_assessment(submitted_from=f"fingerprint-{age}")
        Assessment.objects.filter(pk=firm.pk).update(submitted_at=now - timedelta(days=age))
    for months in (settings.RETENTION_AUDIT_MONTHS + 1, 1):
        ExportLog.objects.create(
            username="analyst", kind="responses", rows=1, file_name="f.csv", at=now - timedelta(days=31 * months)
        )
    call_command("purge", stdout=StringIO())
    assert DBTaskResult.objects.filter(pk__in=tasks).count() == 1
    assert AccessLog.objects.count() == AccessAttempt.objects.count() == 1
    assert sorted(Assessment.objects.values_list("submitted_from", flat=True)) == ["", "fingerprint-1"]
    assert ExportLog.objects.count() == 1
