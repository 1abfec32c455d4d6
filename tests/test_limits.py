"""Rate limits counted in the cache: a few resume e-mails per address, whoever asks."""

import pytest
from django.test import Client
from django.urls import reverse

from assessments import limits
from tests.helpers import make_small_content


def test_uses_within_the_limit_pass_and_the_next_does_not():
    assert [limits.hit("k", 2, 60) for _ in range(3)] == [True, True, False]


def test_each_key_has_its_own_count():
    limits.hit("a", 1, 60)
    assert limits.hit("b", 1, 60)


def start(email):
    profile = {"company_name": "Tyne Valves", "sector": "28", "size_band": "medium", "region": "north-east"}
    Client().post(reverse("assessments:new"), {**profile, "contact_email": email})


@pytest.mark.django_db
def test_an_address_gets_three_links_an_hour_however_often_it_is_typed(mailoutbox):
    make_small_content()
    for email in ["ops@example.com", "OPS@example.com ", "ops@example.com", "ops@example.com", "other@example.com"]:
        start(email)
    assert [m.to[0].strip().lower() for m in mailoutbox] == ["ops@example.com"] * 3 + ["other@example.com"]
