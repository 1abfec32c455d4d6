"""The firm's consent: offered organisations, recorded purposes, withdrawn in one click."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from assessments.models import CONSENT_VERSION, Share
from tests.advisers.conftest import token_url
from tests.helpers import make_assessment, make_organisation, share_with


def share_data(organisation, *purposes, email=""):
    return {"organisation": organisation.pk, "purposes": list(purposes), "contact_email": email}


def test_the_share_page_offers_only_organisations_serving_the_firm_s_region(client, firm, org_a):
    make_organisation("Growth Hub London", regions=["london"])
    make_organisation("Demo Hub", regions=[], is_demo=True)
    page = client.get(token_url("share", firm[1])).content.decode()
    assert "Business Wales North" in page and "Growth Hub London" not in page and "Demo Hub" not in page


def test_an_organisation_serving_the_whole_uk_is_offered_everywhere(client, firm):
    make_organisation("Made Smarter UK", regions=[])
    assert "Made Smarter UK" in client.get(token_url("share", firm[1])).content.decode()


def test_sharing_records_each_purpose_the_wording_s_version_the_time_and_a_year_s_expiry(client, firm, org_a):
    before = timezone.now()
    response = client.post(token_url("share", firm[1]), share_data(org_a, "report", "answers_and_comments"))
    share = Share.objects.get()
    assert response.status_code == 302
    assert share.purposes() == [Share.Purpose.REPORT, Share.Purpose.ANSWERS]
    assert share.consent_version == CONSENT_VERSION and share.created_at >= before
    assert timedelta(days=364) < share.expires_at - share.created_at < timedelta(days=367)


def test_the_contact_purpose_needs_an_address_and_only_it_keeps_one(client, firm, org_a):
    refused = client.post(token_url("share", firm[1]), share_data(org_a, "contact"))
    assert refused.status_code == 400 and "Enter the e-mail address" in refused.content.decode()
    client.post(token_url("share", firm[1]), share_data(org_a, "report", email="me@firm.example"))
    assert Share.objects.get().contact_email == ""


def test_a_share_needs_a_purpose(client, firm, org_a):
    response = client.post(token_url("share", firm[1]), share_data(org_a))
    assert response.status_code == 400 and not Share.objects.exists()


def test_an_organisation_of_another_region_cannot_be_posted(client, firm):
    london = make_organisation("Growth Hub London", regions=["london"])
    response = client.post(token_url("share", firm[1]), share_data(london, "report"))
    assert response.status_code == 400 and not Share.objects.exists()


def test_sharing_again_with_the_same_organisation_replaces_the_earlier_share(client, firm, org_a):
    client.post(token_url("share", firm[1]), share_data(org_a, "report"))
    client.post(token_url("share", firm[1]), share_data(org_a, "answers_and_comments"))
    assert [s.purposes() for s in Share.objects.active()] == [[Share.Purpose.ANSWERS]]


def test_the_results_page_and_the_task_list_list_active_shares_with_a_withdraw_button(client, firm, org_a, org_b):
    share_with(firm[0], org_a)
    share_with(firm[0], org_b).withdraw()
    results = client.get(reverse("assessments:results", kwargs={"token": firm[1]})).content.decode()
    assert "Business Wales North" in results and "Business Wales South" not in results
    assert token_url("withdraw", firm[1], share_id=Share.objects.active().get().public_id) in results
    draft, token = make_assessment(region="wales")
    share_with(draft, org_b)
    tasks = client.get(reverse("assessments:tasks", kwargs={"token": token})).content.decode()
    assert "Business Wales South" in tasks and "Share with an adviser" in tasks


def test_withdrawing_takes_one_post_and_ends_the_share_and_its_contact_address(client, firm, org_a):
    share = share_with(firm[0], org_a)
    response = client.post(token_url("withdraw", firm[1], share_id=share.public_id))
    share.refresh_from_db()
    assert response.status_code == 302 and share.withdrawn_at is not None and share.contact_email == ""


def test_withdrawing_needs_a_post(client, firm, org_a):
    share = share_with(firm[0], org_a)
    assert client.get(token_url("withdraw", firm[1], share_id=share.public_id)).status_code == 405


def test_withdrawing_is_protected_against_cross_site_requests(firm, org_a):
    from django.test import Client

    share = share_with(firm[0], org_a)
    response = Client(enforce_csrf_checks=True).post(token_url("withdraw", firm[1], share_id=share.public_id))
    assert response.status_code == 403 and Share.objects.get().withdrawn_at is None


def test_a_firm_cannot_withdraw_another_firm_s_share(client, firm, org_a):
    other, _ = make_assessment(region="wales")
    share = share_with(other, org_a)
    response = client.post(token_url("withdraw", firm[1], share_id=share.public_id))
    assert response.status_code == 404 and Share.objects.get().withdrawn_at is None


def test_the_organisation_s_inbox_gets_the_company_name_and_a_sign_in_link_only(client, firm, org_a):
    client.post(token_url("share", firm[1]), share_data(org_a, "contact", "report", email="me@firm.example"))
    (message,) = mail.outbox
    share = Share.objects.get()
    assert message.to == ["north@wales.example"]
    assert "Dyfi Metalwork Ltd" in message.body and f"/advisers/firms/{share.public_id}/" in message.body
    assert "me@firm.example" not in message.body and "level" not in message.body.lower()


def test_the_inbox_e_mails_are_rate_limited_per_firm(client, firm, org_a):
    for _ in range(5):
        client.post(token_url("share", firm[1]), share_data(org_a, "report"))
    assert len(mail.outbox) == 3 and Share.objects.count() == 5


@pytest.mark.parametrize("field", ["share", "withdraw"])
def test_share_pages_of_an_unknown_token_are_404(client, db, field):
    kwargs = {"share_id": "00000000-0000-0000-0000-000000000000"} if field == "withdraw" else {}
    url = token_url(field, "not-a-token", **kwargs)
    assert (client.post(url) if field == "withdraw" else client.get(url)).status_code == 404


def test_purge_clears_the_contact_address_of_an_expired_share(firm, org_a):
    import io

    from django.core.management import call_command

    a_year_ago = timezone.now() - timedelta(days=366)
    expired = share_with(firm[0], org_a, created_at=a_year_ago, expires_at=timezone.now() - timedelta(days=1))
    current = share_with(make_assessment(region="wales")[0], org_a)
    call_command("purge", stdout=io.StringIO())
    expired.refresh_from_db()
    current.refresh_from_db()
    assert expired.contact_email == "" and current.contact_email == "owner@firm.example"


def test_the_share_page_names_the_regions_and_programmes_each_organisation_serves(client, firm, org_a):
    from tests.helpers import make_programme

    org_a.programmes.add(make_programme("smart-cymru", name="SMART Cymru"))
    page = client.get(token_url("share", firm[1])).content.decode()
    assert "Serves: Wales. Delivers: SMART Cymru" in page
