"""Facilitated and adviser-entered modes: an adviser starts an assessment with a firm, in a meeting
or entering its answers on its behalf, then hands it over with a new private link; the firm owns it
from then on, and the adviser's browser and old link open nothing. The mode is recorded and shown."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from assessments.models import Assessment
from assessments.report import builder as report
from assessments.report import pdf
from tests.advisers.conftest import firm_url, token_url
from tests.helpers import handover_box, make_staff, share_with, submit_firm

PROFILE = {
    "engagement": "facilitated",
    "company_name": "Ogwen Castings",
    "sector": "24",
    "size_band": "small",
    "region": "wales",
}


@pytest.fixture
def started(client, content, adviser_a):
    """(client signed in as the adviser, the meeting's token) after starting an assessment."""
    client.force_login(adviser_a.user)
    response = client.post(reverse("advisers:start"), PROFILE)
    return client, response["Location"].split("/")[2]


def test_an_adviser_starts_an_assessment_recorded_as_facilitated(started):
    client, token = started
    assessment = Assessment.objects.get()
    assert assessment.engagement == Assessment.Engagement.FACILITATED and assessment.company_name == "Ogwen Castings"
    assert (
        "Hand this assessment over to the firm"
        in client.get(reverse("assessments:tasks", kwargs={"token": token})).content.decode()
    )


def test_a_firm_s_own_assessment_offers_no_hand_over(client, firm):
    page = client.get(reverse("assessments:results", kwargs={"token": firm[1]})).content.decode()
    assert "Hand this assessment over" not in page


def test_a_hand_over_posted_for_a_firm_s_own_assessment_changes_nothing(client, firm):
    _assessment, token = firm
    response = client.post(token_url("handover", token), {"email": ""})
    assert response["Location"] == reverse("assessments:results", kwargs={"token": token})
    assert client.get(response["Location"]).status_code == 200  # its link still opens it


def test_only_advisers_start_assessments_for_firms(client, content):
    client.force_login(make_staff("ed", "Content editor"))
    assert client.get(reverse("advisers:start")).status_code == 403


def test_handing_over_gives_a_new_link_and_the_old_one_and_this_browser_open_nothing(started):
    client, token = started
    page = client.post(token_url("handover", token), {"email": ""}).content.decode()
    new = page.split("/assessments/")[1].split("/")[0]
    assert new != token and client.get(reverse("assessments:tasks", kwargs={"token": token})).status_code == 404
    assert client.get(reverse("assessments:continue"))["Location"] == reverse("assessments:start")
    assert Assessment.objects.get_by_token(new).engagement == Assessment.Engagement.FACILITATED


def test_the_new_link_can_be_e_mailed_to_the_firm(started):
    client, token = started
    client.post(token_url("handover", token), {"email": "owner@ogwen.example"})
    (message,) = mail.outbox
    assert message.to == ["owner@ogwen.example"] and "/assessments/" in message.body


@pytest.mark.parametrize("submitted", [False, True], ids=["task list", "results"])
def test_a_mistyped_address_is_shown_beside_the_box_with_what_was_typed_and_nothing_handed_over(started, submitted):
    client, token = started
    if submitted:
        Assessment.objects.get_by_token(token).submit()
    response = client.post(token_url("handover", token), {"email": "owner@ogwen"})
    page = response.content.decode()
    assert response.status_code == 400
    summary = page[page.index("<main") : page.index('class="handover')]  # first in the page, as GOV.UK's
    assert "<title>Error: " in page and "There is a problem" in summary and 'href="#id_handover_email"' in summary
    box = handover_box(page)
    message = "Enter an e-mail address like name@example.com, or leave it empty."
    assert message in summary and message in box  # and beside the field
    assert 'value="owner@ogwen"' in box and 'aria-invalid="true"' in box
    assert not mail.outbox
    landing = "results" if submitted else "tasks"
    assert client.get(reverse(f"assessments:{landing}", kwargs={"token": token})).status_code == 200  # still its link


def test_the_firm_s_download_says_how_the_assessment_was_filled_in(started):
    client, token = started
    data = json.loads(client.get(reverse("assessments:my_data", kwargs={"token": token})).content)
    assert data["engagement"] == "facilitated"


def test_the_adviser_chooses_between_facilitated_and_adviser_entered(client, content, adviser_a):
    client.force_login(adviser_a.user)
    page = client.get(reverse("advisers:start")).content.decode()
    assert "I fill it in with the firm, in a meeting" in page
    assert "I enter the firm&#x27;s answers on its behalf" in page
    response = client.post(reverse("advisers:start"), {**PROFILE, "engagement": "adviser_entered"})
    token = response["Location"].split("/")[2]
    assert Assessment.objects.get().engagement == Assessment.Engagement.ADVISER_ENTERED
    tasks = client.get(reverse("assessments:tasks", kwargs={"token": token})).content.decode()
    assert "Hand this assessment over to the firm" in tasks


@pytest.mark.parametrize("engagement", ["self", "", "made_up"])
def test_only_the_two_adviser_modes_can_be_chosen(client, content, adviser_a, engagement):
    client.force_login(adviser_a.user)
    response = client.post(reverse("advisers:start"), {**PROFILE, "engagement": engagement})
    assert response.status_code == 400 and not Assessment.objects.exists()


@pytest.mark.parametrize(
    "engagement, shown",
    [("facilitated", "Facilitated by an adviser"), ("adviser_entered", "Entered by an adviser"), ("self", None)],
)
def test_the_mode_is_shown_on_the_firm_page_the_results_and_the_pdf(client, content, org_a, adviser_a, engagement,
                                                                      shown):  # fmt: skip
    assessment, token = submit_firm(content.questionnaire, region="wales", engagement=engagement)
    share = share_with(assessment, org_a)
    results = client.get(reverse("assessments:results", kwargs={"token": token})).content.decode()
    html = pdf.render_html(report.for_assessment(assessment))
    client.force_login(adviser_a.user)
    firm_page = client.get(firm_url("firm", share)).content.decode()
    modes = ("Facilitated by an adviser", "Entered by an adviser")
    for page in (results, html):
        assert [mode for mode in modes if mode in page] == ([shown] if shown else [])
        assert ("Hand this assessment over" in page) == (shown is not None and page is results)
    assert (shown or "Self-assessed by the firm") in firm_page
