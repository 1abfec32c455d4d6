"""Staff pages at WCAG 2.2 AA, in Debian Chromium: every admin list, form and tool a content editor,
analyst or adviser uses (Django's own markup included) has no axe violation of any impact and no
sideways scroll at 1,366 px. A draft questionnaire is made with the button on its version's page."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import Assessment, Driver, ExportLog, Programme, Question, Questionnaire, Recommendation
from tests.helpers import PASSWORD, load_default_content, make_adviser, make_organisation, share_with, submit_firm

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
WIDTH = 1366


def problems(page):
    found = [
        f"{v['id']} ({v['impact']}): {len(v['nodes'])} e.g. {v['nodes'][0]['target']}"
        for v in Axe().run(page).response["violations"]
    ]
    wide = page.evaluate("document.documentElement.scrollWidth")
    return found + ([f"scrolls sideways at {WIDTH} px: {wide} px wide"] if wide > WIDTH else [])


@pytest.fixture
def staff_page(chromium, live_server, django_user_model):
    def sign_in(username, password=PASSWORD):
        context = chromium.new_context(viewport={"width": WIDTH, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/admin/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        return page

    return sign_in


def admin_paths():
    """Every list, a form of each kind and the tools, for the built-in content with one firm."""
    published = Questionnaire.objects.current()
    draft = Questionnaire.objects.draft()
    firm = Assessment.objects.first()
    paths = ["admin:index", "admin:password_change", "admin:assessments_assessment_insights",
             "admin:assessments_assessment_export", "admin:assessments_questionnaire_import"]  # fmt: skip
    paths = [reverse(name) for name in paths]
    for model in ["questionnaire", "question", "recommendation", "programme", "driver", "assessment",
                  "exportlog", "adviserorganisation"]:  # fmt: skip
        paths.append(reverse(f"admin:assessments_{model}_changelist"))
    paths += [reverse("admin:auth_user_changelist"), reverse("admin:auth_group_changelist")]
    paths += [
        reverse("admin:assessments_questionnaire_change", args=[published.pk]),
        reverse("admin:assessments_questionnaire_change", args=[draft.pk]),
        reverse("admin:assessments_question_change", args=[published.questions.first().pk]),
        reverse("admin:assessments_question_change", args=[draft.questions.first().pk]),
        reverse("admin:assessments_question_add"),
        reverse("admin:assessments_recommendation_change", args=[Recommendation.objects.first().pk]),
        reverse("admin:assessments_programme_change", args=[Programme.objects.first().pk]),
        reverse("admin:assessments_driver_change", args=[Driver.objects.first().pk]),
        reverse("admin:assessments_assessment_change", args=[firm.pk]),
        reverse("admin:assessments_questionnaire_preview", args=[published.pk, "safety"]),
        reverse("admin:auth_user_add"),
    ]
    if ExportLog.objects.exists():
        paths.append(reverse("admin:assessments_exportlog_change", args=[ExportLog.objects.first().pk]))
    return [p for p in paths if p]


def test_a_draft_is_made_with_the_button_on_its_version_s_page(live_server, staff_page, django_user_model):
    load_default_content()
    django_user_model.objects.create_superuser("boss", password=PASSWORD)
    page = staff_page("boss")
    version = Questionnaire.objects.current()
    page.goto(live_server.url + reverse("admin:assessments_questionnaire_change", args=[version.pk]))
    page.get_by_role("button", name="Create a draft from this version").click()
    expect(page.locator(".messagelist")).to_contain_text("Draft version 4 created from version 3")
    draft = Questionnaire.objects.draft()
    assert page.url.endswith(f"/questionnaire/{draft.pk}/change/")
    assert draft.questions.count() == version.questions.count()


def test_every_staff_page_has_no_axe_violation_and_no_sideways_scroll(live_server, staff_page, django_user_model):
    load_default_content()
    from assessments.admin import versions

    versions.create_draft(Questionnaire.objects.current())
    submit_firm(Questionnaire.objects.current())
    django_user_model.objects.create_superuser("boss", password=PASSWORD)
    page = staff_page("boss")
    found = {}
    for path in admin_paths():
        assert page.goto(live_server.url + path).status == 200, path
        found[path] = problems(page)
    bad = {path: p for path, p in found.items() if p}
    assert bad == {}, "\n".join(f"{path}: {p}" for path, p in bad.items())


def test_the_adviser_workspace_has_no_axe_violation_and_no_sideways_scroll(live_server, staff_page):
    load_default_content()
    organisation = make_organisation()
    adviser = make_adviser(organisation, username="adviser", password=PASSWORD)
    firm, _token = submit_firm(Questionnaire.objects.current(), region="north-west")
    share = share_with(firm, organisation)
    page = staff_page(adviser.user.username)
    found = {}
    for name, kwargs in [("advisers:queue", {}), ("advisers:impact", {}), ("advisers:start", {}),
                         ("advisers:firm", {"share_id": share.public_id}),
                         ("advisers:answers", {"share_id": share.public_id}),
                         ("advisers:report", {"share_id": share.public_id})]:  # fmt: skip
        path = reverse(name, kwargs=kwargs)
        assert page.goto(live_server.url + path).status in (200, 202), path
        found[path] = problems(page)
    bad = {path: p for path, p in found.items() if p}
    assert bad == {}, "\n".join(f"{path}: {p}" for path, p in bad.items())


def test_the_scoring_lock_is_shown_as_information_not_success(live_server, staff_page, django_user_model):
    load_default_content()
    django_user_model.objects.create_superuser("boss", password=PASSWORD)
    page = staff_page("boss")
    question = Question.objects.filter(questionnaire=Questionnaire.objects.current()).first()
    page.goto(live_server.url + reverse("admin:assessments_question_change", args=[question.pk]))
    notice = page.locator(".lock-notice")
    expect(notice).to_contain_text("scoring is locked")
    assert page.locator(".messagelist .success").count() == 0
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist li")).to_have_count(1)  # the saved page, once it has loaded
    saved = page.locator(".messagelist li").all_inner_texts()
    assert "locked" not in saved[0]  # the save's own message; the lock stays on the page
    expect(notice).to_contain_text("scoring is locked")
