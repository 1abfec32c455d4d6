"""Rate limits counted in the cache (the resume e-mail's limits: journey/test_mail.py)."""

import socket
import time
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from assessments import limits
from assessments.models import Assessment
from tests.helpers import make_content, page_data


def test_uses_within_the_limit_pass_and_the_next_does_not():
    assert [limits.hit("k", 2, 60) for _ in range(3)] == [True, True, False]


def test_each_key_has_its_own_count():
    limits.hit("a", 1, 60)
    assert limits.hit("b", 1, 60)


@pytest.fixture
def cache_without_redis(settings):
    """The production cache with its Redis gone: it answers as an empty cache that keeps nothing."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again at once: nothing listens there
    settings.CACHES = {
        "default": {"BACKEND": "readiness.cache.DegradingRedisCache", "LOCATION": f"redis://127.0.0.1:{port}/1"}
    }


def test_a_limit_that_cannot_be_counted_refuses_by_default(cache_without_redis):
    assert limits.hit("resume-email:address:a@example.com", 3, 60) is False


def test_a_page_view_limit_that_cannot_be_counted_lets_the_view_through(cache_without_redis):
    assert limits.hit("render:127.0.0.1", 3, 60, uncounted=limits.UNCOUNTED_ALLOWED) is True


def test_with_redis_gone_a_firm_starts_and_submits_but_gets_no_e_mail(db, cache_without_redis, settings, mailoutbox):
    """Each limit's direction (limits.WHEN_UNCOUNTED), as a firm meets it during a Redis restart: its
    own assessment goes on, a message to an inbox does not."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # no PDF rendered
    content = make_content(("safety",))
    firm = Client(REMOTE_ADDR="198.51.100.7")
    profile = {"company_name": "Outage Ltd", "sector": "25", "size_band": "small", "region": "wales"}
    started = firm.post(reverse("assessments:new"), {**profile, "email": "owner@firm.example"})
    assert started.status_code == 302, "starting was refused while the cache could not count"
    assert mailoutbox == []  # the resume e-mail is refused: it cannot be counted
    token = started["Location"].split("/")[2]
    firm.post(reverse("assessments:driver", kwargs={"token": token, "driver": "safety"}),
              page_data(content.questions))  # fmt: skip
    submitted = firm.post(reverse("assessments:submit", kwargs={"token": token}), {"confirm": "yes"})
    assert submitted.status_code == 302 and Assessment.objects.get().is_submitted


def test_a_count_ends_with_its_period():
    """A client refused at its limit is let through again once the period is over, not kept out for good."""
    assert [limits.hit("period", 1, 60) for _ in range(2)] == [True, False]
    with mock.patch("time.time", return_value=time.time() + 61):
        assert limits.hit("period", 1, 60)
