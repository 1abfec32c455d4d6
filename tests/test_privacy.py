"""The firm owns its data: it downloads or deletes it from its own pages; retention is enforced."""

import json
import logging
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import Answer, Assessment, DriverScore
from tests.helpers import answer_all, make_assessment, make_content


@pytest.fixture
def site(db):
    """Version 1: two drivers (safety, remote) of two questions each."""
    return make_content(drivers=("safety", "remote"), questions_per_driver=2)


ROOT = Path(__file__).resolve().parent.parent


def url(name, token):
    return reverse(f"assessments:{name}", kwargs={"token": token})


@pytest.fixture
def submitted(client, site):
    assessment, token = make_assessment(company_name="Wye Valley Plastics", contact_email="ops@wye.example")
    answer_all(assessment, level=3)
    client.post(url("submit", token))
    return assessment, token


def test_my_data_holds_the_profile_answers_with_codes_and_labels_and_scores(client, submitted):
    assessment, token = submitted
    response = client.get(url("my_data", token))
    data = json.loads(response.content)
    first = data["answers"][0]
    assert data["profile"]["company_name"] == "Wye Valley Plastics" and data["profile"]["contact_email"]
    assert len(data["answers"]) == assessment.answers.count() and {"question_code", "question", "answer"} <= set(first)
    assert {s["driver"] for s in data["scores"]} == set(assessment.driver_scores.values_list("driver__code", flat=True))


def test_my_data_is_a_download_that_is_never_cached(client, submitted):
    response = client.get(url("my_data", submitted[1]))
    assert "attachment" in response["Content-Disposition"] and "no-store" in response["Cache-Control"]


def test_my_data_of_an_unknown_link_is_a_404(client, site):
    assert client.get(url("my_data", "A" * 43)).status_code == 404


def test_deleting_asks_first_and_a_get_deletes_nothing(client, submitted):
    page = client.get(url("delete", submitted[1])).content.decode()
    assert "Delete" in page and 'method="post"' in page and Assessment.objects.count() == 1


def test_a_deleted_assessment_s_link_404s_and_its_scores_leave_the_benchmark(client, submitted):
    assessment, token = submitted
    response = client.post(url("delete", token))
    assert response.status_code == 302 and client.get(url("results", token)).status_code == 404
    assert not DriverScore.objects.filter(assessment_id=assessment.pk).exists()
    assert not Answer.objects.filter(assessment_id=assessment.pk).exists()


def test_deleting_needs_the_form_s_csrf_token(submitted):
    assert Client(enforce_csrf_checks=True).post(url("delete", submitted[1])).status_code == 403
    assert Assessment.objects.count() == 1


def test_the_firm_s_pages_link_to_download_and_delete(client, submitted):
    assessment, token = submitted
    other, other_token = make_assessment()
    for page in (client.get(url("results", token)), client.get(url("saved", other_token))):
        body = page.content.decode()
        assert "my-data.json" in body and "/delete/" in body


def test_the_privacy_page_is_linked_from_every_page_and_states_the_retention(client, site, settings):
    start = client.get(reverse("assessments:start")).content.decode()
    page = client.get(reverse("assessments:privacy")).content.decode()
    assert reverse("assessments:privacy") in start
    assert f"{settings.RETENTION_IN_PROGRESS_DAYS} days" in page
    assert f"{settings.RETENTION_CONTACT_EMAIL_MONTHS} months" in page


def test_the_privacy_page_says_what_consent_allows_and_what_staff_see(client, site):
    page = client.get(reverse("assessments:privacy")).content.decode()
    assert "What your agreement to anonymous comparison allows" in page
    assert "groups of 10 firms or more" in page and "without your company name" in page
    assert "If you leave it unticked, your assessment is in none of these" in page
    assert "can open any assessment in the staff area" in page


def test_the_consent_box_states_the_minimum_group_the_code_uses(client, site):
    from assessments.insights.disclosure import MIN_GROUP

    page = client.get(reverse("assessments:new")).content.decode()
    assert f"groups of {MIN_GROUP} firms or more" in page and "without your company name" in page


def test_the_readme_states_the_same_retention_as_the_code(settings):
    readme = (ROOT / "README.md").read_text()
    assert f"{settings.RETENTION_IN_PROGRESS_DAYS} days" in readme
    assert f"{settings.RETENTION_CONTACT_EMAIL_MONTHS} months" in readme


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


def test_purge_deletes_task_results_sign_in_logs_fingerprints_and_export_logs_past_their_retention(site, settings):
    from axes.models import AccessAttempt, AccessLog
    from django_tasks_db.models import DBTaskResult

    from assessments.models import ExportLog

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    now = timezone.now()
    for age in (settings.RETENTION_TASK_RESULTS_DAYS + 1, 1):
        DBTaskResult.objects.create(
            status="SUCCESSFUL", task_path="assessments.insights.peers.release_when_due", args_kwargs={}, priority=0,
            queue_name="default", backend_name="default", run_after=None, finished_at=now - timedelta(days=age),
        )  # fmt: skip
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
    assert DBTaskResult.objects.count() == 1 and AccessLog.objects.count() == AccessAttempt.objects.count() == 1
    assert sorted(Assessment.objects.values_list("submitted_from", flat=True)) == ["", "fingerprint-1"]
    assert ExportLog.objects.count() == 1
