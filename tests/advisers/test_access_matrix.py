"""Who reaches which firm, for every action: role × object × action, all object-level.

Roles: an adviser of organisation A, A's lead, an adviser of B, a superuser (no membership), a
content editor, an analyst, an anonymous visitor. Objects: a firm shared with A, one shared with A
then withdrawn, one whose share with A expired, one shared only with B, one shared with A then
deleted, and an id that never existed. Actions: every workspace view of a firm, and the queue.

An adviser reaches a firm only through an active, unexpired share with their own organisation;
everyone else signed in gets 403 (the same for an id that exists and one that does not), and an
anonymous visitor is sent to the staff sign-in.
"""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.helpers import make_adviser, make_staff, share_with, submit_firm

ROLES = ["adviser_a", "lead_a", "adviser_b", "superuser", "content_editor", "analyst", "anonymous"]
OBJECTS = ["shared_a", "withdrawn_a", "expired_a", "shared_b", "deleted_a", "unknown"]
READS = ["firm", "report", "pdf", "answers", "export"]
WRITES = ["note", "validate", "assign"]
# Who may, on which object: the organisation's own advisers on its own active shares.
ALLOWED = {("adviser_a", "shared_a"), ("lead_a", "shared_a"), ("adviser_b", "shared_b")}


@pytest.fixture
def world(content, org_a, org_b):
    """Each object's share id, and a user per role (None: anonymous)."""
    ago = timezone.now() - timedelta(days=400)
    firms = {name: submit_firm(content.questionnaire, region="wales", company_name=name)[0] for name in OBJECTS[:-1]}
    shares = {
        "shared_a": share_with(firms["shared_a"], org_a),
        "withdrawn_a": share_with(firms["withdrawn_a"], org_a),
        "expired_a": share_with(firms["expired_a"], org_a, created_at=ago, expires_at=ago + timedelta(days=365)),
        "shared_b": share_with(firms["shared_b"], org_b),
        "deleted_a": share_with(firms["deleted_a"], org_a),
    }
    shares["withdrawn_a"].withdraw()
    firms["deleted_a"].delete()
    ids = {name: share.public_id for name, share in shares.items()} | {"unknown": uuid.uuid4()}
    users = {
        "adviser_a": make_adviser(org_a, "adviser_a").user,
        "lead_a": make_adviser(org_a, "lead_a", is_lead=True).user,
        "adviser_b": make_adviser(org_b, "adviser_b").user,
        "superuser": make_staff("root", is_superuser=True),
        "content_editor": make_staff("content_editor", "Content editor"),
        "analyst": make_staff("analyst", "Analyst"),
        "anonymous": None,
    }
    return ids, users, content


def request(client, action, share_id, content):
    kwargs = {"share_id": share_id}
    if action == "validate":
        url = reverse("advisers:validate", kwargs={**kwargs, "code": content.questions[0].code})
        prefix = f"v-{content.questions[0].code}"
        return client.post(url, {f"{prefix}-level": 4, f"{prefix}-reason": "Seen on the shop floor."})
    if action == "note":
        return client.post(reverse("advisers:note", kwargs=kwargs), {"text": "Called them."})
    if action == "assign":
        return client.post(reverse("advisers:assign", kwargs=kwargs), {"adviser": ""})
    return client.get(reverse(f"advisers:{action}", kwargs=kwargs))


def outcome(response):
    if response.status_code == 302 and "/admin/login/" in response["Location"]:
        return "sign in"
    return "allowed" if response.status_code in (200, 302) else response.status_code


def expected(role, obj):
    if role == "anonymous":
        return "sign in"
    return "allowed" if (role, obj) in ALLOWED else 403


@pytest.mark.parametrize("obj", OBJECTS)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_each_object_only_through_an_active_share_of_its_own_organisation(client, world, role, obj):
    ids, users, content = world
    if users[role]:
        client.force_login(users[role])
    outcomes = {action: outcome(request(client, action, ids[obj], content)) for action in READS + WRITES}
    assert outcomes == {action: expected(role, obj) for action in READS + WRITES}


QUEUES = {"adviser_a": {"shared_a"}, "lead_a": {"shared_a"}, "adviser_b": {"shared_b"}}


@pytest.mark.parametrize("role", ROLES)
def test_the_queue_lists_only_the_organisation_s_active_shares(client, world, role):
    ids, users, _ = world
    if users[role]:
        client.force_login(users[role])
    response = client.get(reverse("advisers:queue"))
    if role not in QUEUES:
        assert outcome(response) == expected(role, "queue")
        return
    listed = {name for name in OBJECTS if str(ids[name]) in response.content.decode()}
    assert response.status_code == 200 and listed == QUEUES[role]


STAFF_PAGES = ["admin:assessments_assessment_insights", "admin:assessments_assessment_export",
               "admin:assessments_assessment_changelist"]  # fmt: skip
ANALYSTS_PAGES = {  # the dashboard, the responses export and a published quarter's download
    "dashboard": ("admin:assessments_assessment_insights", ()),
    "export": ("admin:assessments_assessment_export", ()),
    "published": ("admin:assessments_assessment_insights_published", (1, "all", "xlsx")),
}


@pytest.mark.parametrize("role", ["adviser_a", "lead_a"])
def test_an_adviser_sees_neither_the_dashboard_nor_the_responses_export_nor_the_firms_in_the_admin(client, world, role):
    _, users, _ = world
    client.force_login(users[role])
    assert {name: client.get(reverse(name)).status_code for name in STAFF_PAGES} == dict.fromkeys(STAFF_PAGES, 403)


@pytest.mark.parametrize("role", ROLES)
def test_the_analysts_pages_are_for_analysts_and_superusers_only(client, world, role):
    """The dashboard (with its adviser support grouping), the responses export and the published
    downloads: an adviser gets 403 like any other staff member who is not an Analyst."""
    _, users, _ = world
    if users[role]:
        client.force_login(users[role])
    outcomes = {page: outcome(client.get(reverse(name, args=args))) for page, (name, args) in ANALYSTS_PAGES.items()}
    may = role in ("analyst", "superuser")
    # A published quarter that does not exist: 404 for those who may download, refused for the rest first.
    wanted = {"dashboard": "allowed", "export": "allowed", "published": 404} if may else None
    assert outcomes == (wanted or dict.fromkeys(ANALYSTS_PAGES, expected(role, "analysts' pages")))


def test_an_adviser_who_is_also_an_analyst_sees_the_dashboard_and_the_export(client, world):
    from django.contrib.auth.models import Group

    _, users, _ = world
    users["adviser_a"].groups.add(Group.objects.get(name="Analyst"))
    client.force_login(users["adviser_a"])
    response = client.get(reverse("admin:assessments_assessment_insights") + "?by=support")
    assert response.status_code == 200 and "Adviser support" in response.content.decode()
    assert client.get(reverse("admin:assessments_assessment_export")).status_code == 200


def test_an_attacker_adviser_trying_every_other_organisation_s_share_id_gets_403_for_each(client, world, org_b):
    """Adviser B tries every share id in the database that is not B's own active one, with every action."""
    from assessments.models import Share

    ids, users, content = world
    client.force_login(users["adviser_b"])
    others = Share.objects.exclude(pk__in=Share.objects.active().filter(organisation=org_b)).values_list(
        "public_id", flat=True
    )
    tried = {
        (str(share_id), action): request(client, action, share_id, content).status_code
        for share_id in [*others, ids["deleted_a"], uuid.uuid4()]
        for action in READS + WRITES
    }
    assert len(tried) >= 4 * len(READS + WRITES) and set(tried.values()) == {403}
