"""Content can never carry script: help text is escaped, and a strict CSP guards every page."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from assessments.models import Question, Questionnaire
from tests.helpers import answer_all, make_assessment, make_content, submit_firm


@pytest.fixture
def site(db):
    """Version 1: two drivers (safety, remote) of two questions each."""
    return make_content(drivers=("safety", "remote"), questions_per_driver=2)


ROOT = Path(__file__).resolve().parent.parent
PAYLOAD = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


@pytest.fixture
def hostile_help(site):
    question = Question.objects.filter(driver__code="safety").first()
    question.help_text = PAYLOAD
    question.save()
    return question


def test_question_help_text_is_escaped_on_the_respondent_s_page(client, hostile_help):
    assessment, token = make_assessment()
    page = client.get(reverse("assessments:driver", kwargs={"token": token, "driver": "safety"})).content.decode()
    assert "<script>alert(2)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page


def test_question_help_text_is_escaped_in_the_admin_preview(client, hostile_help, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss", password="a-long-password-1"))
    pk = Questionnaire.objects.current().pk
    page = client.get(reverse("admin:assessments_questionnaire_preview", args=[pk, "safety"])).content.decode()
    assert "<script>alert(2)" not in page and "&lt;script&gt;alert(2)" in page


def csp_directives(response):
    header = response.headers.get("Content-Security-Policy", "")
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def token_pages(client):
    assessment, token = make_assessment()
    answer_all(assessment)
    urls = [reverse(f"assessments:{name}", kwargs={"token": token}) for name in ("profile", "review", "saved")]
    urls.append(reverse("assessments:driver", kwargs={"token": token, "driver": "safety"}))
    assessment.submit()
    urls.append(reverse("assessments:results", kwargs={"token": token}))
    return urls


def test_every_page_sends_a_strict_self_only_content_security_policy(client, site, django_user_model):
    urls = [reverse("assessments:start"), reverse("assessments:new"), "/no-such-page/", *token_pages(client)]
    client.force_login(django_user_model.objects.create_superuser("boss", password="a-long-password-1"))
    urls += [reverse("admin:index"), reverse("admin:assessments_question_changelist")]
    for url in urls:
        policy = csp_directives(client.get(url))
        assert policy.get("default-src") == ["'self'"], url
        assert policy.get("script-src") == ["'self'"] and policy.get("style-src") == ["'self'"], url
        assert policy.get("object-src") == ["'none'"] and policy.get("frame-ancestors") == ["'none'"], url


def test_the_admin_login_page_sends_the_policy_too(client, db):
    assert csp_directives(client.get(reverse("admin:login")))["script-src"] == ["'self'"]


def test_our_templates_carry_no_inline_script_or_style():
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in (ROOT / "templates").rglob("*.html")
        if path.parts[-2] != "report" and path.name != "report.html"  # the PDF is never served as a page
        for match in inline.finditer(path.read_text())
    ]
    assert offenders == []


def test_the_results_page_charts_carry_no_inline_style(client, site):
    assessment, token = submit_firm()
    page = client.get(reverse("assessments:results", kwargs={"token": token})).content.decode()
    assert page.count("<svg") == 2 and " style=" not in page and "<style" not in page
