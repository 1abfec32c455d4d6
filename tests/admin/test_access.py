"""Who can reach which staff page: anonymous, non-staff, wrong group, right group."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from assessments.models import Programme, Question, Questionnaire, Recommendation
from tests.helpers import make_assessment, make_content, make_programme, make_recommendation, make_staff

ROLES = ["anonymous", "member", "staff", "editor", "analyst", "superuser"]


@pytest.fixture
def site(db):
    """Version 1 with two drivers, one recommendation and the programme it links."""
    content = make_content(drivers=("safety", "remote"))
    programme = make_programme("growth-hubs", drivers=content.drivers, regions=["london"])
    make_recommendation(content.questionnaire, content.drivers[0], band="developing", programmes=[programme])
    return content


@pytest.fixture
def login(client, site, django_user_model):
    def as_role(role):
        if role == "anonymous":
            return client
        group = {"editor": "Content editor", "analyst": "Analyst"}.get(role)
        client.force_login(make_staff(role, group, is_staff=role != "member", is_superuser=role == "superuser"))
        return client

    return as_role


def status(client, url):
    response = client.get(url)
    if response.status_code == 302:
        return "login" if "/login/" in response.url else response.url
    return response.status_code


PAGES = {
    # page: who may open it (everyone else: login redirect if not staff, 403 if staff)
    "question list": ("admin:assessments_question_changelist", [], {"editor", "analyst", "superuser"}),
    "programme list": ("admin:assessments_programme_changelist", [], {"editor", "analyst", "superuser"}),
    "assessment list": ("admin:assessments_assessment_changelist", [], {"analyst", "superuser"}),
    "responses export": ("admin:assessments_assessment_export", [], {"analyst", "superuser"}),
    "pack import": ("admin:assessments_questionnaire_import", [], {"editor", "superuser"}),
    "pack export": ("admin:assessments_questionnaire_export", ["pk"], {"editor", "analyst", "superuser"}),
    "preview": ("admin:assessments_questionnaire_preview", ["pk", "safety"], {"editor", "analyst", "superuser"}),
    "users": ("admin:auth_user_changelist", [], {"superuser"}),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES)
def test_each_staff_page_opens_only_for_its_roles(login, role, page):
    name, args, allowed = PAGES[page]
    pk = Questionnaire.objects.current().pk
    url = reverse(name, args=[pk if a == "pk" else a for a in args])
    expected = 200 if role in allowed else ("login" if role in ("anonymous", "member") else 403)
    assert status(login(role), url) == expected


def test_an_analyst_cannot_change_a_question(login):
    client = login("analyst")
    question = Question.objects.first()
    url = reverse("admin:assessments_question_change", args=[question.pk])
    response = client.post(url, {"text": "Changed by an analyst"})
    question.refresh_from_db()
    assert response.status_code == 403 and question.text != "Changed by an analyst"


def test_a_content_editor_cannot_see_assessments(login):
    assessment, _ = make_assessment(company_name="Private Firm Ltd")
    client = login("editor")
    response = client.get(reverse("admin:assessments_assessment_change", args=[assessment.pk]))
    assert response.status_code == 403


def test_nobody_can_edit_a_firm_s_answers_in_the_admin(login):
    assessment, _ = make_assessment(company_name="Read Only Ltd")
    client = login("superuser")
    client.post(reverse("admin:assessments_assessment_change", args=[assessment.pk]), {"company_name": "Changed"})
    assessment.refresh_from_db()
    assert assessment.company_name == "Read Only Ltd"


def test_the_recommendation_page_previews_cleaned_markdown(login):
    rec = Recommendation.objects.first()
    rec.body = "**Bold** <script>alert(1)</script>"
    rec.save()
    page = login("editor").get(reverse("admin:assessments_recommendation_change", args=[rec.pk])).content.decode()
    assert "<strong>Bold</strong>" in page and "<script>alert(1)" not in page


def test_a_recommendation_body_nested_too_deep_is_refused(login):
    rec = Recommendation.objects.first()
    rec.body = "> " * 30 + "deep"
    with pytest.raises(Exception, match="nested"):
        rec.full_clean()


def test_the_programme_list_filters_those_not_checked_for_six_months(login):
    make_programme("checked-long-ago", last_checked=date.today() - timedelta(days=200))
    make_programme("never-checked", last_checked=None)
    make_programme("checked-today", last_checked=date.today())
    page = login("editor").get(reverse("admin:assessments_programme_changelist") + "?checked=stale").content.decode()
    shown = {p.name for p in Programme.objects.all() if f">{p.name}<" in page}
    assert shown == {"Checked Long Ago", "Never Checked", "Growth Hubs"}  # growth-hubs was never checked either


def test_the_preview_shows_a_version_as_respondents_see_it_without_saving(login, site):
    pk = Questionnaire.objects.current().pk
    page = login("editor").get(reverse("admin:assessments_questionnaire_preview", args=[pk, "remote"])).content.decode()
    first = site.questions_of("remote")[0]
    assert "Preview of questionnaire version 1" in page and first.text in page and "Save and continue" not in page


def test_closing_a_programme_unlinks_it_from_recommendations(login):
    programme = Programme.objects.get(code="growth-hubs")
    client = login("superuser")
    url = reverse("admin:assessments_programme_change", args=[programme.pk])
    data = {
        "code": programme.code,
        "name": programme.name,
        "provider": programme.provider,
        "kind": programme.kind,
        "url": programme.url,
        "source_url": programme.source_url,
        "summary": programme.summary,
        "source_date": "2026-11-01",
        "drivers": list(programme.drivers.values_list("pk", flat=True)),
        "regions": programme.regions,
    }
    client.post(url, data)
    programme.refresh_from_db()
    assert not programme.active and programme.recommendations.count() == 0


@pytest.mark.parametrize("superuser", [False, True])
def test_staff_never_see_a_firm_s_e_mail_address(client, site, django_user_model, superuser):
    assessment, _ = make_assessment(contact_email="owner@firm.example")
    client.force_login(make_staff("staff", "Analyst", is_superuser=superuser))
    pages = [
        reverse("admin:assessments_assessment_change", args=[assessment.pk]),
        reverse("admin:assessments_assessment_changelist") + "?q=owner",
    ]
    assert all("owner@firm.example" not in client.get(url).content.decode() for url in pages)
