"""The raw token stays with the firm: not in the session, the logs, other sites or search engines."""

import io
import json
import logging
import re
import sys
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from gunicorn.config import Config

from assessments.journey import mail
from assessments.models import Assessment
from readiness.logs import ScrubbedGunicornLogger, ScrubTokens
from tests.helpers import make_assessment, make_content


@pytest.fixture
def site(db):
    """Version 1: two drivers (safety, remote) of two questions each."""
    return make_content(drivers=("safety", "remote"), questions_per_driver=2)


TOKEN = "lC8mNzEYrIx_5CVVDJD3yr4lkzsdVEY7NQK1Jj519MA"


def test_gunicorn_s_access_log_never_holds_a_token():
    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", '%(h)s "%(r)s" %(s)s "%(f)s" %(U)s %({location}o)s')
    logger = ScrubbedGunicornLogger(config)
    stream = io.StringIO()
    logger.access_log.handlers[0].stream = stream
    path = f"/assessments/{TOKEN}/safety/"
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": path,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"https://readiness.example.org{path}",
    }
    response = SimpleNamespace(status="302 Found", sent=0, headers=[("Location", f"/assessments/{TOKEN}/remote/")])
    logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(seconds=0.1))
    line = stream.getvalue()
    assert TOKEN not in line and '"POST /assessments/…/safety/ HTTP/1.1" 302' in line


def test_gunicorn_s_error_log_never_holds_a_token():
    logger = ScrubbedGunicornLogger(Config())
    stream = io.StringIO()
    logger.error_log.handlers[0].stream = stream
    logger.exception("Error handling request %s", f"/assessments/{TOKEN}/results/")
    assert TOKEN not in stream.getvalue() and "/assessments/…/results/" in stream.getvalue()


def test_a_logged_traceback_never_holds_a_token():
    try:
        raise ValueError(f"bad page /assessments/{TOKEN}/results/")
    except ValueError:
        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Error: %s", ("x",), None)
        record.exc_info = sys.exc_info()
    ScrubTokens().filter(record)
    assert TOKEN not in logging.Formatter().format(record)


def test_runserver_s_request_lines_pass_through_the_scrubber():
    handlers = logging.getLogger("django.server").handlers  # pytest adds its own capture handlers
    assert any(isinstance(f, ScrubTokens) for h in handlers for f in h.filters)


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


def test_token_pages_tell_browsers_and_robots_to_keep_them_to_themselves(client, site):
    assessment, token = make_assessment()
    response = client.get(reverse("assessments:review", kwargs={"token": token}))
    # same-origin: no referrer to any other site (no-referrer would break form POSTs, see views)
    assert response["Referrer-Policy"] == "same-origin" and "noindex" in response["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex' in response.content.decode()


def test_the_start_page_may_be_indexed(client, site):
    response = client.get(reverse("assessments:start"))
    assert "X-Robots-Tag" not in response and 'name="robots"' not in response.content.decode()


def test_the_resume_e_mail_holds_our_text_the_link_and_a_shortened_company_name(client, site, mailoutbox):
    name = "Acme Ltd\nURGENT: your account is locked, call 0800 000 000 now " + "x" * 80
    token = start(client, company_name=name[:120], email="ops@example.com")
    body = mailoutbox[0].body
    assert f"/assessments/{token}/" in body and "\nURGENT" not in body and "x" * 80 not in body
    assert "Acme Ltd URGENT: your account is locked" in body


def test_resume_e_mails_to_one_address_are_limited(client, site, mailoutbox):
    for i in range(5):
        Client(REMOTE_ADDR=f"198.51.100.{i}").post(
            reverse("assessments:new"), {**PROFILE, "email": "target@example.com"}
        )
    assert len(mailoutbox) == 3 and Assessment.objects.count() == 5


@pytest.mark.parametrize(
    "variants",
    [
        [
            "victim@gmail.com",
            "Victim+1@gmail.com",
            "v.ictim@gmail.com",
            "VICTIM+x0@googlemail.com",
            " vic.tim@Gmail.com ",
        ],
        ["ops@example.org", "OPS@example.org", "ops+a@example.org", "ops+b@EXAMPLE.org", "ops+c@example.org"],
    ],
    ids=["gmail dots and tags", "tags and case"],
)
def test_spellings_of_one_mailbox_share_its_e_mail_limit(site, mailoutbox, variants):
    for i, address in enumerate(variants):
        Client(REMOTE_ADDR=f"198.51.100.{i}").post(reverse("assessments:new"), {**PROFILE, "email": address})
    assert len(mailoutbox) == 3


def test_dots_count_in_a_mailbox_at_a_provider_that_does_not_ignore_them():
    assert (mail.mailbox("a.b+news@example.org"), mail.mailbox("A.B+x@GoogleMail.com")) == (
        "a.b@example.org",
        "ab@gmail.com",
    )


@pytest.fixture
def unchallenged(settings):
    """Many starts from one test client, without the question asked after the first few."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "start_unchallenged": (100, 3600)}


def test_resume_e_mails_from_one_client_are_limited(client, site, mailoutbox, unchallenged):
    for i in range(12):
        client.post(reverse("assessments:new"), {**PROFILE, "email": f"person{i}@example.com"})
    assert len(mailoutbox) == 10


def test_a_session_cookie_planted_from_elsewhere_never_leads_a_firm_into_another_assessment(site, settings):
    settings.SESSION_COOKIE_NAME = "__Host-sessionid"  # as production names it (test_settings checks)
    attacker = Client()
    start(attacker, company_name="Innocent-looking Ltd")
    victim = Client()
    victim.cookies["sessionid"] = attacker.cookies["__Host-sessionid"].value  # what a sibling subdomain can set
    assert victim.get(reverse("assessments:continue")).url == reverse("assessments:start")
    assert "Innocent-looking" not in victim.get(reverse("assessments:start")).content.decode()


def test_a_visitor_over_the_limit_is_told_the_e_mail_was_not_sent(client, site, mailoutbox, unchallenged):
    for _ in range(4):
        response = client.post(reverse("assessments:new"), {**PROFILE, "email": "t@example.com"}, follow=True)
    assert "not sent" in response.content.decode()


@pytest.mark.parametrize("superuser", [False, True])
def test_staff_never_see_a_firm_s_e_mail_address(client, site, django_user_model, superuser):
    assessment, _ = make_assessment(contact_email="owner@firm.example")
    user = django_user_model.objects.create_user("staff", password="a-long-password-1", is_staff=True)
    user.is_superuser = superuser
    user.save()
    user.groups.add(Group.objects.get(name="Analyst"))
    client.force_login(user)
    pages = [
        reverse("admin:assessments_assessment_change", args=[assessment.pk]),
        reverse("admin:assessments_assessment_changelist") + "?q=owner",
    ]
    assert all("owner@firm.example" not in client.get(url).content.decode() for url in pages)
