"""The private link by e-mail (mail.py): our words only, the address never stored, and not too often
to one address (whatever its letter case) or from one client."""

import pytest
from django.test import Client
from django.urls import reverse

from assessments.journey import mail
from assessments.models import Assessment
from tests.helpers import make_assessment, make_content

PROFILE = {"company_name": "Tyne Valves", "sector": "28", "size_band": "medium", "region": "north-east"}


@pytest.fixture
def site(db):
    """Version 1: two drivers (safety, remote) of two questions each."""
    return make_content(drivers=("safety", "remote"), questions_per_driver=2)


def url(name, token):
    return reverse(f"assessments:{name}", kwargs={"token": token})


def start(client, **extra):
    """Starts an assessment as a browser does: the redirect is followed, showing the first page."""
    response = client.post(reverse("assessments:new"), {**PROFILE, **extra})
    client.get(response.url)
    return response.url.split("/")[2]


def test_the_link_is_e_mailed_when_an_address_is_given(client, site, mailoutbox):
    client.post(reverse("assessments:new"), {**PROFILE, "email": "ops@example.com"})
    assert len(mailoutbox) == 1 and "/assessments/" in mailoutbox[0].body


def test_starting_with_an_address_e_mails_the_link_without_storing_the_address(client, site, mailoutbox):
    response = client.post(reverse("assessments:new"), {**PROFILE, "email": "ops@example.com"})
    token = response.url.split("/")[2]
    assert url("resume", token) in mailoutbox[0].body
    assert Assessment.objects.get().contact_email == ""


def test_the_saved_page_e_mails_the_link(client, site, mailoutbox):
    _assessment, token = make_assessment(site.questionnaire)
    response = client.post(url("saved", token), {"email": "me@example.com"}, follow=True)
    assert mailoutbox[0].to == ["me@example.com"] and url("resume", token) in mailoutbox[0].body
    assert "We have sent your link to me@example.com" in response.content.decode()


def test_a_bad_address_on_the_saved_page_is_an_error_above_the_field(client, site, mailoutbox):
    _assessment, token = make_assessment(site.questionnaire)
    page = client.post(url("saved", token), {"email": "not an address"}).content.decode()
    assert page.index('id="id_email_error"') < page.index('<input type="email"')
    assert page.startswith("<!doctype") and "<title>Error: " in page and not mailoutbox


def test_the_resume_e_mail_holds_our_text_the_link_and_a_shortened_company_name(client, site, mailoutbox):
    name = "Acme Ltd\nURGENT: your account is locked, call 0800 000 000 now " + "x" * 80
    token = start(client, company_name=name[:120], email="ops@example.com")
    body = mailoutbox[0].body
    assert f"/assessments/{token}/" in body and "\nURGENT" not in body and "x" * 80 not in body
    assert "Acme Ltd URGENT: your account is locked" in body


def browser(i):
    """A browser on a network of its own, so neither the client limit nor the small question after a
    few starts is what a test meets."""
    return Client(REMOTE_ADDR=f"198.51.100.{i}")


@pytest.fixture
def unchallenged(settings):
    """Many starts from one test client, without the question asked after the first few."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "start_unchallenged": (100, 3600)}


def test_resume_e_mails_to_one_address_are_limited(client, site, mailoutbox):
    for i in range(5):
        browser(i).post(reverse("assessments:new"), {**PROFILE, "email": "target@example.com"})
    assert len(mailoutbox) == 3 and Assessment.objects.count() == 5


@pytest.mark.parametrize(
    "variants",
    [
        [
            "victim@gmail.com",
            "Victim+1@gmail.com",
            "v.ictim@gmail.com",
            "VICTIM+x0@googlemail.com",
            "vic.tim@Gmail.com",
        ],
        ["ops@example.org", "OPS@example.org", "ops+a@example.org", "ops+b@EXAMPLE.org", "ops+c@example.org"],
    ],
    ids=["gmail dots and tags", "tags and case"],
)
def test_spellings_of_one_mailbox_share_its_e_mail_limit(site, mailoutbox, variants):
    for i, address in enumerate(variants):
        browser(i).post(reverse("assessments:new"), {**PROFILE, "email": address})
    assert len(mailoutbox) == 3


def test_dots_count_in_a_mailbox_at_a_provider_that_does_not_ignore_them():
    assert (mail.mailbox("a.b+news@example.org"), mail.mailbox("A.B+x@GoogleMail.com")) == (
        "a.b@example.org",
        "ab@gmail.com",
    )


def test_resume_e_mails_from_one_client_are_limited(client, site, mailoutbox, unchallenged):
    for i in range(12):
        client.post(reverse("assessments:new"), {**PROFILE, "email": f"person{i}@example.com"})
    assert len(mailoutbox) == 10


def test_a_visitor_over_the_limit_is_told_the_e_mail_was_not_sent(client, site, mailoutbox, unchallenged):
    for _ in range(4):
        response = client.post(reverse("assessments:new"), {**PROFILE, "email": "t@example.com"}, follow=True)
    assert "not sent" in response.content.decode()


def test_changing_the_letter_case_of_an_address_does_not_escape_its_limit(site, mailoutbox):
    for i, address in enumerate(
        ["target@example.com", "Target@Example.com", "TARGET@EXAMPLE.COM", "target@EXAMPLE.com"]
    ):
        browser(i).post(reverse("assessments:new"), {**PROFILE, "email": address})
    assert len(mailoutbox) == 3 and Assessment.objects.count() == 4


def test_the_saved_page_counts_an_address_whatever_its_letter_case(client, site, mailoutbox):
    _assessment, token = make_assessment(site.questionnaire)
    for address in ["me@example.com", "Me@example.com", "ME@EXAMPLE.COM", "me@Example.Com"]:
        client.post(url("saved", token), {"email": address})
    assert len(mailoutbox) == 3
