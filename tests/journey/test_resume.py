"""Leaving and coming back: the private link carries an assessment to any browser with every saved
answer, the start page offers to continue, starting afresh asks first; the area page's errors."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Assessment, Question
from tests.helpers import make_assessment, make_content, option, page_data

pytestmark = pytest.mark.django_db
PROFILE = {"company_name": "Wye Valley Foods", "sector": "10", "size_band": "micro", "region": "wales"}


def url(name, token, **kwargs):
    return reverse(f"assessments:{name}", kwargs={"token": token, **kwargs})


@pytest.fixture
def site():
    """Safety and supply, three questions each."""
    return make_content(drivers=("safety", "supply"), questions_per_driver=3)


def test_a_fresh_browser_with_the_link_lands_on_the_task_list(client, site):
    assessment, token = make_assessment()
    client.post(
        reverse("assessments:driver", kwargs={"token": token, "driver": "safety"}),
        page_data(site.questions_of("safety")),
    )
    other = Client()
    response = other.get(reverse("assessments:resume", kwargs={"token": token}))
    assert response.url == reverse("assessments:tasks", kwargs={"token": token})


def test_a_fresh_browser_sees_every_saved_answer_checked(client, site):
    assessment, token = make_assessment()
    questions = site.questions_of("safety")
    client.post(reverse("assessments:driver", kwargs={"token": token, "driver": "safety"}), page_data(questions, 4))
    page = Client().get(reverse("assessments:driver", kwargs={"token": token, "driver": "safety"})).content.decode()
    checked = set(re.findall(r'<input[^>]*value="(\d+)"[^>]*\bchecked\b', page))
    assert {str(option(q, 4).pk) for q in questions} | {"3"} == checked  # 3 is the importance


def test_the_start_page_offers_to_continue_the_visitors_own_assessment(client, site):
    assessment, token = make_assessment(company_name="Marsh Lane Joinery")
    client.get(reverse("assessments:resume", kwargs={"token": token}))
    page = client.get(reverse("assessments:start")).content.decode()
    assert "Marsh Lane Joinery" in page and "Continue where you left off" in page


def test_a_submitted_assessment_resumes_at_its_results(client, site):
    assessment, token = make_assessment()
    assessment.mark_submitted()
    response = Client().get(reverse("assessments:resume", kwargs={"token": token}))
    assert response.url == reverse("assessments:results", kwargs={"token": token})


def test_a_new_assessment_lands_on_its_task_list(client, site):
    response = client.post(reverse("assessments:new"), PROFILE)
    assert response.url.endswith("/tasks/")


def test_the_saved_page_link_is_a_real_link(client, site):
    _assessment, token = make_assessment(site.questionnaire)
    page = client.get(url("saved", token)).content.decode()
    assert f'<a href="http://testserver{url("resume", token)}">' in page


def test_starting_again_with_one_in_progress_asks_first(client, site):
    _assessment, token = make_assessment(site.questionnaire)
    client.get(url("tasks", token))  # this browser now remembers it
    response = client.get(reverse("assessments:new"))
    assert response.url == reverse("assessments:start_again")
    assert "Start a new assessment?" in client.get(response.url).content.decode()


def test_confirming_start_again_forgets_the_old_one_in_this_browser_only(client, site):
    assessment, token = make_assessment(site.questionnaire)
    client.get(url("tasks", token))
    response = client.post(reverse("assessments:start_again"))
    assert response.url == reverse("assessments:new")
    assert client.get(reverse("assessments:new")).status_code == 200
    assert Assessment.objects.filter(pk=assessment.pk).exists()


def test_question_help_text_is_escaped(client, site):
    Question.objects.filter(code="safety-01").update(help_text="<script>alert(1)</script>")
    _assessment, token = make_assessment(site.questionnaire)
    page = client.get(url("driver", token, driver="safety")).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page


def test_an_area_page_error_sits_above_its_answers_with_a_focusable_summary(client, site):
    _assessment, token = make_assessment(site.questionnaire)
    page = client.post(url("driver", token, driver="safety"), {"q-safety-01": "999", "action": "next"}).content
    page = page.decode()
    assert page.index('id="id_q-safety-01_error"') < page.index('id="id_q-safety-01_0"')
    assert page.index('id="error-summary"') < page.index("<h1>")
    assert "js/error-summary.js" in page


def test_an_area_page_title_starts_with_error_when_something_is_wrong(client, site):
    _assessment, token = make_assessment(site.questionnaire)
    page = client.post(url("driver", token, driver="safety"), {"importance": "9", "action": "next"}).content.decode()
    assert "<title>Error: Safety" in page
