"""A thin report says what it lacks and how to fix it: never "Your top 0 priorities" above an empty box."""

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from assessments.report import pdf
from tests.helpers import make_report_world, submit_firm

pytestmark = pytest.mark.django_db


@pytest.fixture
def stub_pdf(monkeypatch):
    monkeypatch.setattr(pdf, "_weasyprint", lambda html, assets: (b"%PDF-1.7 stub", 1))


def results(client, token):
    page = client.get(reverse("assessments:results", kwargs={"token": token})).content.decode()
    return " ".join(strip_tags(page).split())


def only_first_questions(questionnaire):
    """One question of four answered in each area: too few for any score."""
    return {q.code: (2 if q.code.endswith("-00") else None) for q in questionnaire.questions.all()}


def test_a_report_with_no_scores_says_so_and_how_to_fix_it(client, stub_pdf):
    questionnaire = make_report_world()
    _assessment, token = submit_firm(questionnaire, levels=only_first_questions(questionnaire))
    page = results(client, token)
    assert "top 0" not in page and "This report has no scores yet" in page
    assert "Remote working: 1 of 4 questions answered with a level" in page
    assert "start a new assessment from this one" in page


def test_a_report_with_no_scores_has_no_empty_headline(client, stub_pdf):
    questionnaire = make_report_world()
    _assessment, token = submit_firm(questionnaire, levels=only_first_questions(questionnaire))
    page = client.get(reverse("assessments:results", kwargs={"token": token})).content.decode()
    assert 'class="headline"' not in page


def test_a_partly_thin_report_names_the_areas_without_a_score(client, stub_pdf):
    questionnaire = make_report_world()
    levels = {q.code: None for q in questionnaire.questions.filter(driver__code="green")}
    _assessment, token = submit_firm(questionnaire, levels=levels)
    page = results(client, token)
    assert "1 area has too few answers for a score: Net zero: 0 of 4 questions answered" in page


def test_a_fully_answered_report_says_nothing_is_missing(client, stub_pdf):
    _assessment, token = submit_firm(make_report_world())
    assert "too few answers" not in results(client, token)
