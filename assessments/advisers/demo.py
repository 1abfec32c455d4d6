"""The demo organisation for `manage.py seed_demo`: a clearly flagged organisation, one demo adviser
(its lead) and a few of the synthetic demo firms shared with it, so a new user can see the
workspace. A demo organisation is never offered to a real firm, and demo firms never count in a
real firm's peer figures."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from ..models import Adviser, AdviserOrganisation, Assessment, Note, Share, Validation

NAME = "Demo Growth Hub (demo data)"
USERNAME = "demo-adviser"
INBOX = "demo-inbox@example.invalid"


@transaction.atomic
def seed(firms=12):
    """Replaces the demo organisation and shares `firms` of the newest demo firms with it; one gets
    a note, one a validation. Returns (organisation, username, password): the password is new each
    time and shown only to whoever ran the command."""
    clear()
    organisation = AdviserOrganisation.objects.create(name=NAME, inbox=INBOX, is_demo=True)
    password = secrets.token_urlsafe(12)
    user, _ = get_user_model().objects.update_or_create(
        username=USERNAME, defaults={"is_staff": True, "is_active": True, "first_name": "Demo", "last_name": "Adviser"}
    )
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get(name="Adviser"))
    adviser = Adviser.objects.create(user=user, organisation=organisation, is_lead=True)
    shared = Assessment.objects.filter(is_demo=True, status=Assessment.Status.SUBMITTED).order_by("-submitted_at")
    purposes = [Share.Purpose.REPORT, Share.Purpose.ANSWERS, Share.Purpose.STATISTICS]
    shares = [Share.record(firm, organisation, purposes) for firm in shared[:firms]]
    if shares:
        Note.objects.create(
            assessment=shares[0].assessment, organisation=organisation, author=user, author_name=adviser.name,
            text="Demo note: first call booked.",
        )  # fmt: skip
    if len(shares) > 1:
        firm = shares[1].assessment
        question = firm.questions().first()
        Validation.record(firm, question, 0, "Demo validation: seen on the site visit.", adviser)
    return organisation, USERNAME, password


def clear():
    """Removes the demo organisation (with its shares, notes and validations) and the demo adviser."""
    for organisation in AdviserOrganisation.objects.filter(is_demo=True):
        Validation.objects.filter(organisation=organisation).delete()
        organisation.shares.all().delete()
        organisation.delete()
    get_user_model().objects.filter(username=USERNAME, adviser__isnull=True).delete()
