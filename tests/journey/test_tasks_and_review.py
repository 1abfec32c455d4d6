"""The task list, check your answers with Change links that come back, and a safe submit."""

import pytest
from django.urls import reverse

from assessments.models import Assessment
from tests.helpers import answer, make_assessment, make_content, page_data

pytestmark = pytest.mark.django_db


def url(name, token, **kwargs):
    return reverse(f"assessments:{name}", kwargs={"token": token, **kwargs})


@pytest.fixture
def started():
    questionnaire = make_content(("safety", "supply"), 3, quick=1).questionnaire
    return make_assessment(questionnaire)


def test_the_task_list_shows_each_area_with_its_status_and_answered_count(client, started):
    assessment, token = started
    answer(assessment, assessment.questionnaire.questions.get(code="safety-01"), 2)
    page = client.get(url("tasks", token)).content.decode()
    assert "1 of 3 questions answered" in page
    assert "In progress" in page and "Not started" in page


def test_an_area_is_completed_once_its_page_is_saved(client, started):
    assessment, token = started
    questions = list(assessment.questionnaire.questions.filter(driver__code="supply"))
    client.post(url("driver", token, driver="supply"), page_data(questions))
    page = client.get(url("tasks", token)).content.decode()
    assert page.count("Completed") == 2  # company details and supply


def test_an_area_with_every_question_answered_but_not_saved_is_only_in_progress(client, started):
    assessment, token = started  # as after "start a new assessment from this one": answers carried over
    for question in assessment.questionnaire.questions.filter(driver__code="supply"):
        answer(assessment, question, kind="dont_know")
    page = client.get(url("tasks", token)).content.decode()
    assert page.count("Completed") == 1 and "In progress" in page  # only company details


def test_an_area_saved_with_questions_left_blank_is_completed(client, started):
    assessment, token = started
    client.post(url("driver", token, driver="supply"), {"action": "next"})
    page = client.get(url("tasks", token)).content.decode()
    assert page.count("Completed") == 2 and "0 of 3 questions answered" in page


def test_the_task_list_offers_the_private_link_as_a_link(client, started):
    _assessment, token = started
    page = client.get(url("tasks", token)).content.decode()
    link = f"http://testserver{url('resume', token)}"
    assert f'<a href="{link}">{link}</a>' in page


def test_the_private_link_opens_the_task_list(client, started):
    _assessment, token = started
    assert client.get(url("resume", token)).url == url("tasks", token)


def test_check_your_answers_lists_every_answer_in_its_area_card_with_one_change_link(client, started):
    assessment, token = started
    question = assessment.questionnaire.questions.get(code="supply-02")
    answer(assessment, question, 3)
    page = client.get(url("review", token)).content.decode()
    assert "supply-02 level 3" in page and 'id="answers-supply"' in page
    assert page.count(f"{url('driver', token, driver='supply')}?return=review") == 1


def test_saving_after_change_returns_to_that_area_card_on_check_your_answers(client, started):
    assessment, token = started
    questions = list(assessment.questionnaire.questions.filter(driver__code="safety"))
    response = client.post(url("driver", token, driver="safety"), {**page_data(questions), "return": "review"})
    assert response.url == url("review", token) + "#answers-safety"


def test_a_return_to_anything_but_a_named_page_is_ignored(client, started):
    assessment, token = started
    questions = list(assessment.questionnaire.questions.filter(driver__code="safety"))
    data = {**page_data(questions), "return": "https://example.com/"}
    response = client.post(url("driver", token, driver="safety"), data)
    assert response.url == url("driver", token, driver="supply")


def test_changing_the_profile_from_the_review_returns_to_it(client, started):
    _assessment, token = started
    data = {"company_name": "Renamed Ltd", "sector": "25", "size_band": "small", "region": "wales", "return": "review"}
    response = client.post(url("profile", token), data)
    assert response.url == url("review", token)
    assert "Renamed Ltd" in client.get(response.url).content.decode()


def test_a_submit_with_no_scored_answer_is_refused_with_a_clear_message(client, started):
    assessment, token = started
    answer(assessment, assessment.questionnaire.questions.get(code="safety-01"), kind="dont_know")
    response = client.post(url("submit", token))
    assert response.status_code == 400
    assert "nothing to score" in response.content.decode()
    assert not Assessment.objects.get(pk=assessment.pk).is_submitted


def test_a_refused_submit_has_an_error_title(client, started):
    _assessment, token = started
    page = client.post(url("submit", token)).content.decode()
    assert "<title>Error: Check your answers" in page


def test_a_low_coverage_submit_names_the_thin_areas_and_asks_first(client, started):
    assessment, token = started
    for question in assessment.questionnaire.questions.filter(driver__code="safety"):
        answer(assessment, question, 2)
    response = client.post(url("submit", token))
    assert "Supply" in response.content.decode() and "Submit anyway" in response.content.decode()
    assert not Assessment.objects.get(pk=assessment.pk).is_submitted


def test_confirming_a_low_coverage_submit_submits(client, started):
    assessment, token = started
    answer(assessment, assessment.questionnaire.questions.get(code="safety-01"), 2)
    response = client.post(url("submit", token), {"confirm": "yes"})
    assert response.url == url("results", token)
    assert Assessment.objects.get(pk=assessment.pk).is_submitted


def test_a_well_covered_submit_needs_no_confirmation(client, started):
    assessment, token = started
    for question in assessment.questionnaire.questions.all():
        answer(assessment, question, 1)
    assert client.post(url("submit", token)).url == url("results", token)


def test_the_review_warns_before_submit_which_areas_will_have_no_score(client, started):
    _assessment, token = started
    page = client.get(url("review", token)).content.decode()
    assert "2 areas will read “not enough answers”" in page


def test_an_area_page_says_answers_are_saved_only_on_save(client, started):
    _assessment, token = started
    page = client.get(url("driver", token, driver="safety")).content.decode()
    assert "saved when you press a Save button" in page
