"""seed_demo's demo organisation, and the organisation admin for superusers and leads."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from assessments.models import Adviser, AdviserOrganisation, Share
from tests.advisers.conftest import token_url
from tests.helpers import make_adviser, make_assessment, make_staff


def seed(firms):
    out = io.StringIO()
    call_command("seed_demo", "--firms", str(firms), "--seed", "1", stdout=out)
    return out.getvalue()


def test_seed_demo_makes_a_flagged_demo_organisation_with_a_demo_adviser_and_shared_demo_firms(content):
    output = seed(40)
    organisation = AdviserOrganisation.objects.get()
    shares = Share.objects.active().filter(organisation=organisation)
    assert organisation.is_demo and "demo" in organisation.name.lower()
    assert shares.count() == 12 and all(s.assessment.is_demo for s in shares)
    assert Adviser.objects.get().organisation == organisation and "demo-adviser" in output


def test_the_demo_adviser_signs_in_with_the_printed_password_and_sees_the_queue(client, content):
    password = seed(20).split("with the password ")[1].split()[0]
    client.post(reverse("admin:login"), {"username": "demo-adviser", "password": password})
    page = client.get(reverse("advisers:queue")).content.decode()
    assert "Demo organisation." in page and page.count("advisers/firms/") == 12


def test_a_demo_organisation_is_never_offered_to_a_real_firm(client, content):
    seed(20)
    _, token = make_assessment()
    assert "Demo Growth Hub" not in client.get(token_url("share", token)).content.decode()


def test_seed_demo_with_no_firms_removes_the_demo_organisation_and_adviser(content):
    seed(20)
    seed(0)
    assert not AdviserOrganisation.objects.exists() and not User.objects.filter(username="demo-adviser").exists()


@pytest.fixture
def lead(org_a):
    return make_adviser(org_a, "lena", is_lead=True)


def organisation_admin(pk=None):
    if pk is None:
        return reverse("admin:assessments_adviserorganisation_changelist")
    return reverse("admin:assessments_adviserorganisation_change", args=[pk])


def test_a_superuser_creates_an_organisation(client, db):
    client.force_login(make_staff("root", is_superuser=True))
    data = {
        "name": "Business Gateway Glasgow", "regions": ["scotland"], "inbox": "glasgow@bg.example",
        "advisers-TOTAL_FORMS": 0, "advisers-INITIAL_FORMS": 0,
    }  # fmt: skip
    response = client.post(reverse("admin:assessments_adviserorganisation_add"), data)
    assert response.status_code == 302 and AdviserOrganisation.objects.get().regions == ["scotland"]


def test_a_lead_sees_only_their_own_organisation(client, lead, org_a, org_b):
    client.force_login(lead.user)
    page = client.get(organisation_admin()).content.decode()
    assert "Business Wales North" in page and "Business Wales South" not in page
    assert client.get(organisation_admin(org_b.pk)).status_code in (302, 403)


def test_a_lead_adds_an_adviser_group_member_to_their_organisation(client, lead, org_a):
    newcomer = make_staff("nia", "Adviser")
    data = {
        "advisers-TOTAL_FORMS": 2, "advisers-INITIAL_FORMS": 1,
        "advisers-0-id": lead.pk, "advisers-0-organisation": org_a.pk, "advisers-0-user": lead.user.pk,
        "advisers-0-is_lead": "on",
        "advisers-1-organisation": org_a.pk, "advisers-1-user": newcomer.pk,
    }  # fmt: skip
    client.force_login(lead.user)
    response = client.post(organisation_admin(org_a.pk), data)
    assert response.status_code == 302 and newcomer.adviser.organisation == org_a


def test_a_lead_cannot_rename_the_organisation_or_create_another(client, lead, org_a):
    client.force_login(lead.user)
    assert client.get(reverse("admin:assessments_adviserorganisation_add")).status_code == 403
    page = client.get(organisation_admin(org_a.pk)).content.decode()
    assert 'name="name"' not in page


def test_an_adviser_who_is_not_a_lead_cannot_open_the_organisation_admin(client, adviser_a, org_a):
    client.force_login(adviser_a.user)
    assert client.get(organisation_admin(org_a.pk)).status_code in (302, 403)
