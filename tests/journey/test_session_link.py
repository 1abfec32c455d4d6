"""How a browser remembers its assessment (session_link): never by the raw token, only in this
browser, and under a fresh session id whenever an assessment is bound to it."""

import json
import re

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from assessments.models import Assessment
from tests.helpers import make_assessment, make_content


@pytest.fixture
def site(db):
    """Version 1: two drivers (safety, remote) of two questions each."""
    return make_content(drivers=("safety", "remote"), questions_per_driver=2)


PROFILE = {"company_name": "Tyne Valves", "sector": "28", "size_band": "medium", "region": "north-east"}


def start(client, **extra):
    """Starts an assessment as a browser does: the redirect is followed, showing the first page."""
    response = client.post(reverse("assessments:new"), {**PROFILE, **extra})
    client.get(response.url)
    return response.url.split("/")[2]


def stored_sessions():
    return " ".join(json.dumps(s.get_decoded()) for s in Session.objects.all())


def test_the_session_never_holds_the_raw_token(client, site):
    token = start(client)
    assessment, other = make_assessment()
    client.get(reverse("assessments:resume", kwargs={"token": other}))
    client.get(reverse("assessments:review", kwargs={"token": other}))
    assert Session.objects.exists()
    assert token not in stored_sessions() and other not in stored_sessions()


def test_the_start_page_continues_the_visitor_s_assessment_without_the_token(client, site):
    token = start(client, company_name="Marsh Lane Joinery")
    page = client.get(reverse("assessments:start")).content.decode()
    link = re.search(r'href="([^"]+)"[^>]*>\s*Continue where you left off', page).group(1)
    assert "Marsh Lane Joinery" in page and token not in page
    landing = client.get(link, follow=True)
    assert landing.status_code == 200 and token not in landing.redirect_chain[-1][0]
    assert "Marsh Lane Joinery" in landing.content.decode() and landing.redirect_chain[-1][0].endswith("/tasks/")


def test_a_page_reached_through_the_session_saves_answers(client, site):
    token = start(client)
    follow = client.get(reverse("assessments:continue"))
    safety_url = follow.url.replace("/tasks/", "/safety/")
    safety = client.get(safety_url)
    questions = Assessment.objects.get_by_token(token).questionnaire.questions.filter(driver__code="safety")
    data = {f"q-{q.code}": q.options.first().pk for q in questions}
    assert client.post(safety_url, {**data, "action": "next"}).status_code == 302
    assert safety.status_code == 200 and Assessment.objects.get_by_token(token).answers.count() == len(data)


def test_a_session_link_stops_working_once_the_browser_opens_another_assessment(client, site):
    start(client)
    old_tab = client.get(reverse("assessments:continue")).url
    other_assessment, other = make_assessment()
    client.get(reverse("assessments:resume", kwargs={"token": other}))
    assert client.get(old_tab).status_code == 404


def test_a_session_link_is_useless_in_another_browser(client, site):
    start(client)
    assert Client().get(client.get(reverse("assessments:continue")).url).status_code == 404


def session_id(client):
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def plant_session(victim, attacker):
    """Gives the victim's browser the attacker's session id, as a fixation attack would."""
    start(attacker, company_name="Attacker Ltd")
    victim.cookies[settings.SESSION_COOKIE_NAME] = session_id(attacker)
    return session_id(attacker)


def test_opening_a_private_link_gives_the_browser_a_new_session_id(client, site):
    planted = plant_session(client, Client())
    _assessment, token = make_assessment(company_name="Victim Ltd")
    client.get(reverse("assessments:resume", kwargs={"token": token}))
    assert session_id(client) != planted


def test_starting_an_assessment_gives_the_browser_a_new_session_id(client, site):
    planted = plant_session(client, Client())
    start(client, company_name="Victim Ltd")
    assert session_id(client) != planted


def test_a_planted_session_id_does_not_follow_the_firm_to_its_assessment(client, site):
    attacker = Client()
    plant_session(client, attacker)
    _assessment, token = make_assessment(company_name="Victim Ltd")
    client.get(reverse("assessments:resume", kwargs={"token": token}))
    page = attacker.get(reverse("assessments:continue"), follow=True).content.decode()
    assert "Victim Ltd" not in page


def test_a_session_cookie_planted_from_elsewhere_never_leads_a_firm_into_another_assessment(site, settings):
    settings.SESSION_COOKIE_NAME = "__Host-sessionid"  # as production names it (test_settings checks)
    attacker = Client()
    start(attacker, company_name="Innocent-looking Ltd")
    victim = Client()
    victim.cookies["sessionid"] = attacker.cookies["__Host-sessionid"].value  # what a sibling subdomain can set
    assert victim.get(reverse("assessments:continue")).url == reverse("assessments:start")
    assert "Innocent-looking" not in victim.get(reverse("assessments:start")).content.decode()
