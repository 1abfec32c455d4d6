"""Private links, escaping and CSRF: a token opens one assessment, nothing else reveals it, nothing runs."""

import json
import logging
import re

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Assessment, hash_token
from assessments.report import charts
from tests.helpers import make_assessment, make_content, submit_firm


@pytest.fixture
def questionnaire(db):
    return make_content(drivers=("safety",), questions_per_driver=2).questionnaire


def test_tokens_carry_256_bits_and_only_their_hash_is_stored(questionnaire):
    assessment, token = make_assessment()
    assert len(token) >= 43  # 32 random bytes, base64url
    assert Assessment.objects.filter(token_hash=hash_token(token)).exists()
    assert not Assessment.objects.filter(token_hash=token).exists()


@pytest.mark.parametrize("token", ["x", "A" * 43, "..%2F..%2Fetc", "%00", "' OR 1=1 --"])
def test_any_unknown_token_gives_the_same_404(client, questionnaire, token):
    response = client.get(f"/assessments/{token}/results/")
    assert response.status_code == 404 and "can't find that page" in response.content.decode()


def test_a_deleted_assessment_s_link_stops_working(client, questionnaire):
    assessment, token = make_assessment()
    assessment.delete()
    assert client.get(reverse("assessments:resume", kwargs={"token": token})).status_code == 404


def test_assessment_pages_are_never_cached(client, questionnaire):
    assessment, token = make_assessment()
    response = client.get(reverse("assessments:review", kwargs={"token": token}))
    assert "no-store" in response["Cache-Control"]


def test_token_pages_tell_browsers_and_robots_to_keep_them_to_themselves(client, questionnaire):
    assessment, token = make_assessment()
    response = client.get(reverse("assessments:review", kwargs={"token": token}))
    # same-origin: no referrer to any other site (no-referrer would break form POSTs, see views)
    assert response["Referrer-Policy"] == "same-origin" and "noindex" in response["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex' in response.content.decode()


def test_the_start_page_may_be_indexed(client, questionnaire):
    response = client.get(reverse("assessments:start"))
    assert "X-Robots-Tag" not in response and 'name="robots"' not in response.content.decode()


def test_forms_refuse_posts_without_a_csrf_token(questionnaire):
    client = Client(enforce_csrf_checks=True)
    assessment, token = make_assessment()
    assert client.post(reverse("assessments:submit", kwargs={"token": token})).status_code == 403
    assert client.post(reverse("assessments:new"), {}).status_code == 403


def test_the_company_name_is_escaped_on_the_results_page(client, questionnaire):
    assessment, token = submit_firm(company_name="<script>alert(1)</script>")
    page = client.get(reverse("assessments:results", kwargs={"token": token})).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


def test_chart_labels_are_escaped():
    svg = charts.radar(("<script>x</script>", "B", "C"), (10, 20, None))
    assert "<script>x" not in svg and "&lt;script&gt;" in svg


def test_security_txt_says_where_to_report_a_vulnerability_and_until_when(client, settings):
    settings.SECURITY_CONTACT = "mailto:security@readiness.example.org"
    response = client.get("/.well-known/security.txt")
    text = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert "Contact: mailto:security@readiness.example.org" in text and re.search(r"^Expires: 20\d\d-", text, re.M)


def csp_report(client, document="https://readiness.example.org/privacy/", **extra):
    body = {"csp-report": {"document-uri": document, "violated-directive": "script-src-elem",
                           "blocked-uri": "https://evil.example/x.js"}}  # fmt: skip
    return client.post("/csp-report/", json.dumps(body), content_type="application/csp-report", **extra)


def test_a_csp_violation_report_is_logged_for_someone_to_see(client, caplog):
    with caplog.at_level(logging.WARNING, logger="readiness.security"):
        response = csp_report(client)
    assert response.status_code == 204
    assert "CSP violation: script-src-elem blocked https://evil.example/x.js on https://readiness" in caplog.text


def test_csp_reports_are_rate_limited_per_client_and_never_accept_a_get(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "csp_report": (2, 60)}
    assert [csp_report(client).status_code for _ in range(3)] == [204, 204, 429]
    assert client.get("/csp-report/").status_code == 405
