"""What firms are told about the content: honest dates, first steps and costs, sources, time needed."""

import datetime

import pytest
from django.urls import reverse

from assessments.models import Programme, Recommendation
from assessments.report import builder as report
from tests.helpers import (
    make_assessment,
    make_content,
    make_driver,
    make_programme,
    make_question,
    make_questionnaire,
    make_recommendation,
    submit_firm,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def firm():
    """A Welsh firm that answered its one question (safety-01) at level 0."""
    driver = make_driver("safety", name="Health & safety")
    questionnaire = make_content(("safety",), questions_per_driver=1).questionnaire
    assessment, token = submit_firm(questionnaire, level=0, region="wales", size_band="small")
    return assessment, token, questionnaire, driver


JUNE_2025 = datetime.date(2025, 6, 1)


def results_page(client, token):
    return client.get(reverse("assessments:results", kwargs={"token": token})).content.decode()


def test_a_programme_says_last_checked_only_when_someone_checked_it(client, firm):
    assessment, token, _, _ = firm
    make_programme("checked", name="Checked Scheme", source_date=JUNE_2025, last_checked=datetime.date(2026, 10, 2))
    make_programme("unchecked", name="Unchecked Scheme", source_date=JUNE_2025)
    page = results_page(client, token)
    assert "last checked 2 October 2026" in page
    assert page.count("· last checked") == 1 and "source dated 1 June 2025" in page


def test_an_undated_source_and_an_unconfirmed_fact_are_said_plainly(client, firm):
    assessment, token, _, _ = firm
    make_programme("undated", source_date=None, unconfirmed="Whether the 2026-27 round is open.")
    page = results_page(client, token)
    assert "source undated" in page and "Unconfirmed: Whether the 2026-27 round is open." in page


def test_advice_shows_its_first_step_cost_effort_and_horizon(client, firm):
    assessment, token, questionnaire, driver = firm
    make_recommendation(
        questionnaire,
        driver,
        code="rec",
        question="safety-01",
        at_or_below=1,
        title="Put sign-in on a tablet",
        first_step="Count how many visitors you had last month.",
        body="Body.",
        horizon=Recommendation.Horizon.QUICK_WIN,
        effort=Recommendation.Effort.LOW,
        cost_band=Recommendation.CostBand.UNDER_1K,
    )
    page = results_page(client, token)
    assert "First step:</strong> Count how many visitors you had last month." in page
    # The horizon heads the group of steps the card sits in; the card does not repeat it.
    assert '<h4 class="horizon">Quick win (under 3 months)</h4>' in page
    assert "Effort: low · indicative cost: Under £1k" in page


def test_an_international_note_shows_its_source(client, firm):
    assessment, token, _, driver = firm
    driver.international_note, driver.international_source = "Korea's Digital New Deal.", "Yonhap, 23 July 2020"
    driver.save()
    assert "Source: Yonhap, 23 July 2020" in results_page(client, token)


def test_the_start_page_promises_the_time_the_questions_really_take(client):
    questionnaire = make_questionnaire()
    driver = make_driver()
    for i in range(12):
        question = make_question(questionnaire, driver, f"q-{i}")
        question.help_text = " ".join(["word"] * 150)
        question.save()
    # 12 × (2 + 150 + 7 labels of ~3 words) ≈ 2,100 words ≈ 10.5 minutes, 3 minutes answering, and the
    # profile, task list, importance, check your answers and page loads: about 18 minutes.
    assert "In about 20 minutes" in client.get(reverse("assessments:start")).content.decode()


def test_every_driver_page_asks_for_the_highest_level_fully_met(client, firm):
    questionnaire = make_questionnaire(version=2)
    make_question(questionnaire, make_driver("remote", order=2), "remote-01")
    _, token = make_assessment(questionnaire)
    page = client.get(reverse("assessments:driver", kwargs={"token": token, "driver": "remote"})).content.decode()
    assert "choose the highest level you fully meet today" in page


def test_the_report_credits_the_brief_for_the_five_areas(firm):
    assessment = firm[0]
    from assessments.report import pdf

    html = pdf.render_html(report.for_assessment(assessment))
    assert "Why these five areas" in html and "Institute for Manufacturing" in html


def test_a_programme_for_every_english_region_is_said_to_be_for_england():
    england = ["north-east", "north-west", "yorkshire-humber", "east-midlands", "west-midlands", "east-of-england",
               "london", "south-east", "south-west"]  # fmt: skip
    assert Programme(regions=[*england, "wales"]).region_names() == ["England", "Wales"]
    assert Programme(regions=england[:8]).region_names()[0] == "North East"
