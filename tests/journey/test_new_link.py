"""A fresh private link on demand: a browser that came back through its session (and so has no link
to show) gets a new one, shown with the e-mail form; the old link stops working."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.helpers import make_assessment, make_content

pytestmark = pytest.mark.django_db
LINK = re.compile(r'<p class="resume-url mb-2"><a href="http://testserver/assessments/([\w-]+)/">')


@pytest.fixture
def returning(client):
    """A firm's browser that opened its private link once, then came back through "Continue"."""
    content = make_content(("safety", "supply"), 2)
    assessment, token = make_assessment(content.questionnaire)
    client.get(reverse("assessments:resume", kwargs={"token": token}))
    tasks = client.get(reverse("assessments:continue")).url
    return assessment, token, tasks.split("/")[2]


def url(name, token):
    return reverse(f"assessments:{name}", kwargs={"token": token})


def test_a_page_reached_through_the_session_says_its_address_works_only_in_this_browser(client, returning):
    _assessment, _token, ref = returning
    page = client.get(url("tasks", ref)).content.decode()
    assert "works only in this browser" in page and "Get a new private link" in page


def test_a_new_private_link_is_shown_with_the_e_mail_form(client, returning):
    _assessment, token, ref = returning
    page = client.post(url("new_link", ref), follow=True).content.decode()
    new = LINK.search(page).group(1)
    assert new != token and 'name="email"' in page and "The old link no longer works" in page


def test_the_new_link_opens_the_assessment_in_another_browser_and_the_old_one_is_gone(client, returning):
    assessment, token, ref = returning
    new = LINK.search(client.post(url("new_link", ref), follow=True).content.decode()).group(1)
    assert Client().get(url("tasks", new)).status_code == 200
    assert Client().get(url("tasks", token)).status_code == 404


def test_the_browser_that_asked_keeps_its_assessment(client, returning):
    assessment, _token, ref = returning
    client.post(url("new_link", ref))
    landing = client.get(reverse("assessments:continue"), follow=True)
    assert landing.status_code == 200 and assessment.company_name in landing.content.decode()


def test_e_mail_the_link_from_the_task_list_leads_to_a_page_with_the_form(client, returning):
    _assessment, _token, ref = returning
    tasks = client.get(url("tasks", ref)).content.decode()
    assert f'href="{url("link", ref)}"' in tasks
    assert 'name="email"' in client.get(url("link", ref)).content.decode()


def test_e_mailing_from_a_session_page_sends_a_new_link_and_retires_the_old(client, returning):
    _assessment, token, ref = returning
    client.post(url("link", ref), {"email": "owner@example.com"})
    sent = re.search(r"/assessments/([\w-]+)/", mail.outbox[0].body).group(1)
    assert sent != token and Client().get(url("tasks", sent)).status_code == 200
    assert Client().get(url("tasks", token)).status_code == 404


def test_e_mailing_from_the_private_link_sends_that_same_link(client, returning):
    _assessment, token, _ref = returning
    client.post(url("link", token), {"email": "owner@example.com"})
    assert f"/assessments/{token}/" in mail.outbox[0].body


def test_a_new_link_needs_a_post(client, returning):
    _assessment, _token, ref = returning
    assert client.get(url("new_link", ref)).status_code == 405
