"""A firm's cached PDF is served without building its report, until something it shows changes."""

import pytest
from django.urls import reverse

from assessments import pdf, report
from assessments.models import Driver
from tests.helpers import make_small_content, submit_firm


@pytest.fixture
def renders(db, monkeypatch):
    calls = []
    monkeypatch.setattr(pdf, "_weasyprint", lambda html, assets: calls.append(html) or b"%PDF-1.7 stub")
    return calls


@pytest.fixture
def firm(db):
    version, _ = make_small_content()
    for level in range(5):
        submit_firm(version, level)
    return submit_firm(version, 3)


def download(client, token):
    response = client.get(reverse("assessments:report", kwargs={"token": token}))
    assert response.status_code == 200
    return response


def test_a_second_download_builds_no_report(client, firm, renders, monkeypatch):
    download(client, firm[1])
    monkeypatch.setattr(report, "for_assessment", lambda assessment: pytest.fail("the report was built again"))
    assert download(client, firm[1]).content == b"%PDF-1.7 stub"


def test_a_new_peer_in_the_firm_s_group_renders_a_new_pdf(client, firm, renders):
    download(client, firm[1])
    submit_firm(firm[0].questionnaire, 0)
    download(client, firm[1])
    assert len(renders) == 2


def test_a_new_firm_in_another_group_does_not(client, firm, renders):
    download(client, firm[1])
    submit_firm(firm[0].questionnaire, 0, size_band="medium")
    download(client, firm[1])
    assert len(renders) == 1


def test_a_content_edit_saved_as_the_admin_saves_it_renders_a_new_pdf(client, firm, renders):
    download(client, firm[1])
    driver = Driver.objects.get(code="safety")
    driver.name = "Safety and wellbeing"
    driver.save()
    download(client, firm[1])
    assert len(renders) == 2 and "Safety and wellbeing" in renders[1]
