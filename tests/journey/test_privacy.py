"""The firm owns its data: it downloads or deletes it from its own pages; the privacy page and the README
state the retention that `purge` enforces (tests/test_purge.py)."""

import json
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Answer, Assessment, DriverScore
from tests.helpers import make_assessment, make_content, submit_firm


@pytest.fixture
def site(db):
    """Version 1: two drivers (safety, remote) of two questions each."""
    return make_content(drivers=("safety", "remote"), questions_per_driver=2)


ROOT = Path(__file__).resolve().parents[2]


def url(name, token):
    return reverse(f"assessments:{name}", kwargs={"token": token})


@pytest.fixture
def submitted(client, site):
    return submit_firm(level=3, client=client, company_name="Wye Valley Plastics", contact_email="ops@wye.example")


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
