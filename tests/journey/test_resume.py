"""Leaving and coming back: the private link by e-mail, asking before starting afresh, errors."""

import pytest
from django.urls import reverse

from assessments.models import Assessment, Question
from tests.helpers import make_assessment, make_small_questionnaire

pytestmark = pytest.mark.django_db
PROFILE = {"company_name": "Wye Valley Foods", "sector": "10", "size_band": "micro", "region": "wales"}


def url(name, token, **kwargs):
    return reverse(f"assessments:{name}", kwargs={"token": token, **kwargs})


@pytest.fixture
def questionnaire():
    return make_small_questionnaire()


def test_starting_with_an_address_e_mails_the_link_without_storing_the_address(client, questionnaire, mailoutbox):
    response = client.post(reverse("assessments:new"), {**PROFILE, "email": "ops@example.com"})
    token = response.url.split("/")[2]
    assert url("resume", token) in mailoutbox[0].body
    assert Assessment.objects.get().contact_email == ""


def test_a_new_assessment_lands_on_its_task_list(client, questionnaire):
    response = client.post(reverse("assessments:new"), PROFILE)
    assert response.url.endswith("/tasks/")


def test_the_saved_page_e_mails_the_link(client, questionnaire, mailoutbox):
    _assessment, token = make_assessment(questionnaire)
    response = client.post(url("saved", token), {"email": "me@example.com"}, follow=True)
    assert mailoutbox[0].to == ["me@example.com"] and url("resume", token) in mailoutbox[0].body
    assert "We have sent your link to me@example.com" in response.content.decode()


def test_a_bad_address_on_the_saved_page_is_an_error_above_the_field(client, questionnaire, mailoutbox):
    _assessment, token = make_assessment(questionnaire)
    page = client.post(url("saved", token), {"email": "not an address"}).content.decode()
    assert page.index('id="id_email_error"') < page.index('<input type="email"')
    assert page.startswith("<!doctype") and "<title>Error: " in page and not mailoutbox


def test_the_saved_page_link_is_a_real_link(client, questionnaire):
    _assessment, token = make_assessment(questionnaire)
    page = client.get(url("saved", token)).content.decode()
    assert f'<a href="http://testserver{url("resume", token)}">' in page


def test_starting_again_with_one_in_progress_asks_first(client, questionnaire):
    _assessment, token = make_assessment(questionnaire)
    client.get(url("tasks", token))  # this browser now remembers it
    response = client.get(reverse("assessments:new"))
    assert response.url == reverse("assessments:start_again")
    assert "Start a new assessment?" in client.get(response.url).content.decode()


def test_confirming_start_again_forgets_the_old_one_in_this_browser_only(client, questionnaire):
    assessment, token = make_assessment(questionnaire)
    client.get(url("tasks", token))
    response = client.post(reverse("assessments:start_again"))
    assert response.url == reverse("assessments:new")
    assert client.get(reverse("assessments:new")).status_code == 200
    assert Assessment.objects.filter(pk=assessment.pk).exists()


def test_question_help_text_is_escaped(client, questionnaire):
    Question.objects.filter(code="safety-01").update(help_text="<script>alert(1)</script>")
    _assessment, token = make_assessment(questionnaire)
    page = client.get(url("driver", token, driver="safety")).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page


def test_an_area_page_error_sits_above_its_answers_with_a_focusable_summary(client, questionnaire):
    _assessment, token = make_assessment(questionnaire)
    page = client.post(url("driver", token, driver="safety"), {"q-safety-01": "999", "action": "next"}).content
    page = page.decode()
    assert page.index('id="id_q-safety-01_error"') < page.index('id="id_q-safety-01_0"')
    assert page.index('id="error-summary"') < page.index("<h1>")
    assert "js/error-summary.js" in page


def test_an_area_page_title_starts_with_error_when_something_is_wrong(client, questionnaire):
    _assessment, token = make_assessment(questionnaire)
    page = client.post(url("driver", token, driver="safety"), {"importance": "9", "action": "next"}).content.decode()
    assert "<title>Error: Safety" in page
