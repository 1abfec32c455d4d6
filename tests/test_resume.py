"""A resume link carries an assessment to any browser, with every saved answer."""

import re

from django.test import Client
from django.urls import reverse

from assessments.models import Driver
from tests.helpers import make_assessment, option, page_data


def test_a_fresh_browser_with_the_link_continues_at_the_first_unanswered_driver(client, content):
    assessment, token = make_assessment()
    client.post(
        reverse("assessments:driver", kwargs={"token": token, "driver": "safety"}),
        page_data(Driver.objects.get(code="safety").questions.all()),
    )
    other = Client()
    response = other.get(reverse("assessments:resume", kwargs={"token": token}))
    assert response.url == reverse("assessments:driver", kwargs={"token": token, "driver": "remote"})


def test_a_fresh_browser_sees_every_saved_answer_checked(client, content):
    assessment, token = make_assessment()
    questions = list(Driver.objects.get(code="safety").questions.all())
    client.post(reverse("assessments:driver", kwargs={"token": token, "driver": "safety"}), page_data(questions, 4))
    page = Client().get(reverse("assessments:driver", kwargs={"token": token, "driver": "safety"})).content.decode()
    checked = set(re.findall(r'<input[^>]*value="(\d+)"[^>]*\bchecked\b', page))
    assert {str(option(q, 4).pk) for q in questions} | {"3"} == checked  # 3 is the importance


def test_the_start_page_offers_to_continue_the_visitors_own_assessment(client, content):
    assessment, token = make_assessment(company_name="Marsh Lane Joinery")
    client.get(reverse("assessments:resume", kwargs={"token": token}))
    page = client.get(reverse("assessments:start")).content.decode()
    assert "Marsh Lane Joinery" in page and "Continue where you left off" in page


def test_a_submitted_assessment_resumes_at_its_results(client, content):
    assessment, token = make_assessment()
    assessment.mark_submitted()
    response = Client().get(reverse("assessments:resume", kwargs={"token": token}))
    assert response.url == reverse("assessments:results", kwargs={"token": token})


def test_the_link_is_e_mailed_when_an_address_is_given(client, content, mailoutbox):
    client.post(
        reverse("assessments:new"),
        {
            "company_name": "Tyne Valves",
            "sector": "28",
            "size_band": "medium",
            "region": "north-east",
            "contact_email": "ops@example.com",
        },
    )
    assert len(mailoutbox) == 1 and "/assessments/" in mailoutbox[0].body
