"""The adviser's workspace: the door (sign-in, second factor, membership), access ending at once,
purposes, the access log, the queue, notes and assignment."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import AdviserAccess, Note, Share
from tests.advisers.conftest import firm_url
from tests.helpers import make_adviser, share_with, submit_firm


@pytest.fixture
def shared(firm, org_a):
    return share_with(firm[0], org_a)


@pytest.fixture
def signed_in(client, adviser_a):
    client.force_login(adviser_a.user)
    return client


def test_an_anonymous_visitor_is_sent_to_the_staff_sign_in(client, shared):
    response = client.get(firm_url("firm", shared))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


def test_with_a_second_factor_required_an_unverified_adviser_is_sent_to_sign_in(signed_in, shared, settings):
    settings.STAFF_OTP_REQUIRED = True
    response = signed_in.get(firm_url("firm", shared))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


def test_workspace_pages_are_never_stored_by_a_browser_or_proxy(signed_in, shared):
    for url in [reverse("advisers:queue"), firm_url("firm", shared), firm_url("pdf", shared)]:
        control = signed_in.get(url)["Cache-Control"]
        assert "no-store" in control and "private" in control


@pytest.mark.parametrize("view", ["firm", "report", "pdf", "answers", "export"])
def test_withdrawing_refuses_the_adviser_s_very_next_request(signed_in, shared, view):
    assert signed_in.get(firm_url(view, shared)).status_code == 200  # the PDF now sits in the cache too
    shared.withdraw()
    assert signed_in.get(firm_url(view, shared)).status_code == 403


def test_an_expired_share_is_refused_at_once(signed_in, shared):
    assert signed_in.get(firm_url("pdf", shared)).status_code == 200
    a_year_ago = timezone.now() - timedelta(days=366)
    Share.objects.filter(pk=shared.pk).update(created_at=a_year_ago, expires_at=timezone.now() - timedelta(seconds=1))
    assert signed_in.get(firm_url("pdf", shared)).status_code == 403


def test_an_adviser_moved_to_another_organisation_loses_the_first_one_s_firms_at_once(
    signed_in, shared, adviser_a, org_b
):
    assert signed_in.get(firm_url("firm", shared)).status_code == 200
    adviser_a.organisation = org_b
    adviser_a.save()
    assert signed_in.get(firm_url("firm", shared)).status_code == 403


def test_an_adviser_taken_out_of_the_adviser_group_loses_access(signed_in, shared, adviser_a):
    adviser_a.user.groups.clear()
    assert signed_in.get(reverse("advisers:queue")).status_code == 403


def test_a_deleted_firm_is_refused_everywhere(signed_in, shared, firm):
    firm[0].delete()
    assert signed_in.get(firm_url("firm", shared)).status_code == 403


@pytest.mark.parametrize(
    "purposes, allowed",
    [
        (["report"], {"firm", "report", "pdf", "export"}),
        (["answers_and_comments"], {"firm", "answers", "export"}),
        (["contact"], {"firm", "export"}),
        (["statistics"], set()),
    ],
)
def test_each_page_needs_the_purpose_the_firm_agreed_to(signed_in, firm, org_a, purposes, allowed):
    share = share_with(firm[0], org_a, purposes=purposes)
    views = ["firm", "report", "pdf", "answers", "export"]
    reached = {view for view in views if signed_in.get(firm_url(view, share)).status_code == 200}
    assert reached == allowed


def test_a_statistics_only_share_is_not_in_the_queue(signed_in, firm, org_a):
    share_with(firm[0], org_a, purposes=["statistics"])
    assert "Dyfi Metalwork" not in signed_in.get(reverse("advisers:queue")).content.decode()


def test_every_look_is_logged_with_who_what_and_when(signed_in, shared):
    for view in ["firm", "report", "answers"]:
        signed_in.get(firm_url(view, shared))
    logged = list(AdviserAccess.objects.order_by("at").values_list("who", "action"))
    assert logged == [("Alys Jones", "firm"), ("Alys Jones", "report"), ("Alys Jones", "answers")]


def test_a_refused_request_is_not_logged_as_an_access(client, shared, adviser_b):
    client.force_login(adviser_b.user)
    client.get(firm_url("firm", shared))
    assert not AdviserAccess.objects.exists()


def test_the_firm_s_download_lists_its_shares_and_every_adviser_access(client, signed_in, shared, firm):
    signed_in.get(firm_url("report", shared))
    data = json.loads(client.get(reverse("assessments:my_data", kwargs={"token": firm[1]})).content)
    assert data["shares"][0]["organisation"] == "Business Wales North"
    assert data["shares"][0]["purposes"] == ["report", "answers_and_comments", "contact", "statistics"]
    assert [(a["who"], a["what"]) for a in data["adviser_accesses"]] == [("Alys Jones", "report")]


def test_the_queue_shows_new_in_progress_and_validated(signed_in, content, org_a, adviser_a):
    firms = [submit_firm(content.questionnaire, region="wales", company_name=f"Firm {n}")[0] for n in range(3)]
    shares = [share_with(f, org_a) for f in firms]
    signed_in.post(firm_url("note", shares[1]), {"text": "Rang them."})
    question = content.questions[0].code
    signed_in.post(
        reverse("advisers:validate", kwargs={"share_id": shares[2].public_id, "code": question}),
        {f"v-{question}-level": 3, f"v-{question}-reason": "Seen it."},
    )
    page = signed_in.get(reverse("advisers:queue"), {"status": "in_progress"}).content.decode()
    assert "Firm 1" in page and "Firm 0" not in page and "Firm 2" not in page
    assert "Firm 2" in signed_in.get(reverse("advisers:queue"), {"status": "validated"}).content.decode()


def test_the_queue_filters_by_region_sector_size_and_top_priority(signed_in, content, org_a):
    org_a.regions = []
    org_a.save()
    profiles = [("wales", "25", "small", 1), ("scotland", "10", "micro", 3)]
    for n, (region, sector, size, level) in enumerate(profiles):
        levels = {q.code: (0 if q.driver.code == "remote" and n == 0 else level) for q in content.questions}
        firm, _ = submit_firm(
            content.questionnaire, levels=levels, region=region, sector=sector, size_band=size, company_name=f"F{n}"
        )
        share_with(firm, org_a)
    queue = reverse("advisers:queue")
    for filters, listed in [
        ({"region": "scotland"}, {"F1"}), ({"sector": "25"}, {"F0"}), ({"size": "micro"}, {"F1"}),
        ({"priority": "remote"}, {"F0"}), ({"priority": "safety"}, {"F1"}), ({}, {"F0", "F1"}),
    ]:  # fmt: skip
        page = signed_in.get(queue, filters).content.decode()
        assert {name for name in ("F0", "F1") if f">{name}<" in page} == listed, filters


def test_notes_are_seen_only_by_the_organisation_that_wrote_them(client, signed_in, shared, firm, org_b, adviser_b):
    signed_in.post(firm_url("note", shared), {"text": "Owner keen on robots."})
    b_share = share_with(firm[0], org_b)
    client.force_login(adviser_b.user)
    assert "Owner keen on robots." not in client.get(firm_url("firm", b_share)).content.decode()
    assert Note.objects.get().organisation_id == shared.organisation_id


def test_an_empty_note_is_refused_with_a_message(signed_in, shared):
    response = signed_in.post(firm_url("note", shared), {"text": ""})
    assert response.status_code == 400 and "Write the note first." in response.content.decode()


def test_a_firm_is_assigned_only_to_an_adviser_of_the_organisation(signed_in, shared, org_a, adviser_b):
    colleague = make_adviser(org_a, "carys")
    signed_in.post(firm_url("assign", shared), {"adviser": colleague.pk})
    refused = signed_in.post(firm_url("assign", shared), {"adviser": adviser_b.pk})
    shared.refresh_from_db()
    assert shared.assigned_to == colleague and refused.status_code == 400


def test_the_contact_address_is_shown_only_with_the_contact_purpose(signed_in, firm, org_a):
    share = share_with(firm[0], org_a, purposes=["report"])
    assert "owner@firm.example" not in signed_in.get(firm_url("firm", share)).content.decode()
    share = share_with(firm[0], org_a)
    assert "owner@firm.example" in signed_in.get(firm_url("firm", share)).content.decode()


def test_the_firm_s_export_holds_only_what_it_shared(signed_in, firm, org_a):
    share = share_with(firm[0], org_a, purposes=["report"])
    body = signed_in.get(firm_url("export", share)).content.decode()
    assert "score,safety" in body and "answer," not in body and "owner@firm.example" not in body
