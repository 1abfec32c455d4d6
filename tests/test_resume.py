"""A resume link carries an assessment to any browser, with every saved answer."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.helpers import make_assessment, make_content, option, page_data


@pytest.fixture
def site(db):
    return make_content(drivers=("safety", "remote"), questions_per_driver=2)


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


def test_the_link_is_e_mailed_when_an_address_is_given(client, site, mailoutbox):
    client.post(
        reverse("assessments:new"),
        {
            "company_name": "Tyne Valves",
            "sector": "28",
            "size_band": "medium",
            "region": "north-east",
            "email": "ops@example.com",
        },
    )
    assert len(mailoutbox) == 1 and "/assessments/" in mailoutbox[0].body
