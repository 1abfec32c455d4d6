"""The whole path a manufacturer takes, through Django's test client, down to the PDF."""

import io
import re

import pytest
from django.urls import reverse
from django.utils.html import escape
from pypdf import PdfReader

from assessments.journey import timing
from assessments.models import Assessment, Driver, DriverScore
from tests.helpers import make_content, make_programme, page_data

PROFILE = {"company_name": "Pennine Castings Ltd", "sector": "24", "size_band": "small", "region": "north-west"}


@pytest.fixture
def site(db):
    """Three drivers of three questions, and a programme open only in the North West, one only in Scotland."""
    content = make_content(drivers=("safety", "remote", "green"), questions_per_driver=3)
    Driver.objects.filter(code="safety").update(name="Health & safety")
    make_programme("north-west-scheme", name="North West Scheme", regions=["north-west"], drivers=content.drivers)
    make_programme("scottish-scheme", name="Scottish Scheme", regions=["scotland"], drivers=content.drivers)
    return content


def start(client):
    response = client.post(reverse("assessments:new"), PROFILE)
    token = response.url.split("/")[2]
    return token, response


def driver_url(token, code):
    return reverse("assessments:driver", kwargs={"token": token, "driver": code})


def complete(client, token, level=2):
    assessment = Assessment.objects.get_by_token(token)
    for driver in Driver.objects.all():
        questions = list(assessment.questionnaire.questions.filter(driver=driver))
        client.post(driver_url(token, driver.code), page_data(questions, level))
    return client.post(reverse("assessments:submit", kwargs={"token": token}))


def test_the_start_page_names_each_driver_and_the_time_needed(client, site):
    page = client.get(reverse("assessments:start")).content.decode()
    assert f"In about {timing.estimate(site.questionnaire).minutes} minutes" in page
    assert all(escape(d.name) in page for d in Driver.objects.all())


def test_the_profile_page_leads_to_the_task_list(client, site):
    token, response = start(client)
    assert response.url == reverse("assessments:tasks", kwargs={"token": token})


def test_a_profile_with_missing_fields_is_refused_with_a_linked_summary(client, site):
    response = client.post(reverse("assessments:new"), {"company_name": ""})
    page = response.content.decode()
    assert 'href="#id_company_name"' in page and Assessment.objects.count() == 0


def test_driver_pages_offer_a_way_back_to_the_task_list(client, site):
    token, _ = start(client)
    page = client.get(driver_url(token, "remote")).content.decode()
    assert f'href="{reverse("assessments:tasks", kwargs={"token": token})}"' in page


def test_save_and_continue_is_the_first_button_of_an_area_form_so_enter_moves_on(client, site):
    token, _ = start(client)
    page = client.get(driver_url(token, "remote")).content.decode()
    buttons = re.findall(r'<button type="submit"[^>]*value="(\w+)"', page)
    assert buttons == ["next", "later"]
    assert "Save and come back later" in page and 'form="area-form"' not in page


def test_each_question_is_a_fieldset_with_a_legend(client, site):
    token, _ = start(client)
    page = client.get(driver_url(token, "safety")).content.decode()
    questions = Driver.objects.get(code="safety").questions.count()
    assert page.count("<legend") == questions + 1  # plus the importance question


def test_save_and_continue_goes_to_the_next_driver(client, site):
    token, _ = start(client)
    questions = list(Driver.objects.get(code="safety").questions.all())
    response = client.post(driver_url(token, "safety"), page_data(questions))
    assert response.url == driver_url(token, "remote")


def test_a_page_left_open_with_the_old_task_list_button_still_saves_and_goes_there(client, site):
    token, _ = start(client)
    questions = list(Driver.objects.get(code="remote").questions.all())
    response = client.post(driver_url(token, "remote"), page_data(questions, action="tasks"))
    assert response.url == reverse("assessments:tasks", kwargs={"token": token})
    assert Assessment.objects.get_by_token(token).answers.count() == len(questions)


def test_save_and_finish_later_shows_the_resume_link(client, site):
    token, _ = start(client)
    questions = list(Driver.objects.get(code="safety").questions.all())
    response = client.post(driver_url(token, "safety"), page_data(questions, action="later"), follow=True)
    assert f"/assessments/{token}/" in response.content.decode()


def test_a_half_answered_page_is_saved_as_it_is(client, site):
    token, _ = start(client)
    questions = list(Driver.objects.get(code="safety").questions.all())
    client.post(driver_url(token, "safety"), page_data(questions[:2]))
    assert Assessment.objects.get_by_token(token).answers.count() == 2


def test_review_shows_each_area_as_a_card_with_one_change_link_and_its_unanswered_questions(client, site):
    token, _ = start(client)
    question = Driver.objects.get(code="green").questions.first()
    page = client.get(reverse("assessments:review", kwargs={"token": token})).content.decode()
    assert page.count(f'href="{driver_url(token, "green")}?return=review"') == 1
    assert f"<li>{question.text}</li>" in page and "Not answered yet (3)" in page


def test_submitting_writes_one_score_per_driver_and_shows_results(client, site):
    token, _ = start(client)
    response = complete(client, token, level=3)
    assert response.url == reverse("assessments:results", kwargs={"token": token})
    assert list(DriverScore.objects.values_list("score", flat=True)) == [75, 75, 75]


def test_results_show_scores_priorities_and_regional_programmes(client, site):
    token, _ = start(client)
    complete(client, token, level=1)
    page = client.get(reverse("assessments:results", kwargs={"token": token})).content.decode()
    assert "25/100" in page and "Your top 3 priorities" in page
    assert "North West Scheme" in page and "Scottish Scheme" not in page


def test_results_before_submitting_send_you_to_review(client, site):
    token, _ = start(client)
    response = client.get(reverse("assessments:results", kwargs={"token": token}))
    assert response.url == reverse("assessments:review", kwargs={"token": token})


def test_a_submitted_assessment_is_read_only(client, site):
    token, _ = start(client)
    complete(client, token, level=3)
    questions = list(Driver.objects.get(code="safety").questions.all())
    client.post(driver_url(token, "safety"), page_data(questions, level=0))
    assert DriverScore.objects.get(driver__code="safety").score == 75
    assert set(Assessment.objects.get_by_token(token).answers.values_list("option__level", flat=True)) == {3}


@pytest.mark.django_db
def test_the_pdf_has_the_company_the_drivers_and_a_regional_programme_as_text(client, site):
    token, _ = start(client)
    complete(client, token, level=1)
    response = client.get(reverse("assessments:report", kwargs={"token": token}))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert response["Content-Type"] == "application/pdf"
    assert "Pennine Castings Ltd" in text and "North West Scheme" in text
    assert all(d.name in text for d in Driver.objects.all())


def test_the_pdf_is_an_a4_attachment_named_after_the_company(client, site):
    token, _ = start(client)
    complete(client, token)
    response = client.get(reverse("assessments:report", kwargs={"token": token}))
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    assert response["Content-Disposition"] == 'attachment; filename="pennine-castings-ltd-readiness-report.pdf"'
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_the_pdf_is_tagged_and_titled_for_screen_readers(client, site):
    token, _ = start(client)
    complete(client, token)
    reader = PdfReader(io.BytesIO(client.get(reverse("assessments:report", kwargs={"token": token})).content))
    assert reader.metadata.title == "Digital readiness report – Pennine Castings Ltd"
    assert "/StructTreeRoot" in reader.trailer["/Root"] and reader.trailer["/Root"]["/Lang"] == "en-GB"
