"""Faults degrade, never fail: a lost cache is a miss, a lost database a 503 "try again in a moment",
and the probes a load balancer asks say which."""

import socket
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import RequestFactory
from django.urls import reverse

from readiness import errors
from readiness.cache import DegradingRedisCache


def unused_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again at once: nothing listens there


@pytest.fixture
def cache_without_redis():
    return DegradingRedisCache(f"redis://127.0.0.1:{unused_port()}/1", {})


def test_a_cache_whose_redis_is_gone_reads_as_empty(cache_without_redis):
    assert cache_without_redis.get("report-pdf:abc") is None
    assert cache_without_redis.get("figures", default="computed") == "computed"
    assert cache_without_redis.get_many(["a", "b"]) == {}


def test_a_cache_whose_redis_is_gone_skips_writes_and_says_nothing_was_added(cache_without_redis):
    cache_without_redis.set("report-pdf:abc", b"%PDF-")
    assert cache_without_redis.add("limit:x", 1, 60) is False
    assert cache_without_redis.set_many({"a": 1}) == ["a"]


def test_a_count_in_a_cache_whose_redis_is_gone_is_a_missing_key(cache_without_redis):
    with pytest.raises(ValueError):
        cache_without_redis.incr("limit:x")


def test_after_a_failure_the_cache_leaves_redis_alone_for_a_moment(cache_without_redis):
    cache_without_redis.get("a")
    with mock.patch("django.core.cache.backends.redis.RedisCache.get") as get:
        assert cache_without_redis.get("b") is None
    assert not get.called and not cache_without_redis.is_available


def test_the_cache_outage_is_logged_as_a_warning(cache_without_redis, caplog):
    cache_without_redis.get("a")
    assert "Cache unavailable" in caplog.text and caplog.records[-1].levelname == "WARNING"


def test_healthz_answers_without_touching_the_database(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200 and response.content == b"ok"


@pytest.mark.django_db
def test_readyz_reports_the_database_the_cache_and_the_task_queue(client):
    body = client.get(reverse("readyz")).json()
    assert body == {"database": "ok", "cache": "ok", "tasks": {"waiting": 0, "running": 0, "oldest_wait_seconds": 0}}


@pytest.mark.django_db
def test_readyz_answers_503_while_the_database_is_away(client):
    with mock.patch("readiness.health.connection.cursor", side_effect=OperationalError("connection refused")):
        response = client.get(reverse("readyz"))
    assert response.status_code == 503 and response.json()["database"] == "unavailable"


@pytest.mark.django_db
def test_a_page_that_cannot_reach_the_database_asks_to_try_again_in_a_moment(client):
    with mock.patch("assessments.models.Questionnaire.objects.current", side_effect=OperationalError("gone")):
        response = client.get("/")
    assert response.status_code == 503 and response["Retry-After"] == "10"
    assert b"try again in a moment" in response.content and b"Traceback" not in response.content


@pytest.mark.django_db
def test_a_database_outage_is_logged_in_one_line_without_a_traceback(client, caplog):
    with mock.patch("assessments.models.Questionnaire.objects.current", side_effect=OperationalError("gone")):
        client.get("/")
    outage = [r for r in caplog.records if r.name == "readiness.errors"]
    assert len(outage) == 1 and outage[0].levelname == "WARNING" and outage[0].exc_info is None


def test_an_outage_outside_the_view_gets_the_same_page_from_handler500():
    request = RequestFactory().get("/")
    try:
        raise OperationalError("the session could not be saved")
    except OperationalError:
        response = errors.server_error(request)
    assert response.status_code == 503 and b"try again in a moment" in response.content


def test_any_other_error_still_gets_the_500_page():
    request = RequestFactory().get("/")
    try:
        raise KeyError("a bug")
    except KeyError:
        response = errors.server_error(request)
    assert response.status_code == 500
