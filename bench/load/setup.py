"""Django-side steps of the load run, in the stack's database through
`manage.py shell -c "from bench.load import setup; setup.<step>()"`. Each prints one line of JSON."""

import json

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.test import Client


def analyst():
    """A staff user in the Analyst group and a signed-in session cookie for it (the stack runs with
    STAFF_OTP_REQUIRED=false, so no authenticator code is needed on loopback)."""
    user, _ = User.objects.get_or_create(username="load-analyst", defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name="Analyst"))
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME  # "__Host-sessionid" with DEBUG off, as the stack runs
    print(json.dumps({"cookie": f"{name}={client.cookies[name].value}"}))
