"""Chromium enforces the Content-Security-Policy: the whole journey and an admin walk break none of it."""

import pytest

from assessments.models import Programme, Questionnaire
from tests.helpers import load_default_content

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Chromium reports each refusal as a securitypolicyviolation event; this turns each into a console
# line we can collect across page loads. (Init scripts come from the browser, not the page, so
# the policy does not stop this one.)
REPORT_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', (e) => {
  console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI || 'inline'} on ${location.pathname}`);
});
"""


@pytest.fixture
def watched(page):
    violations = []
    page.add_init_script(REPORT_VIOLATIONS)
    page.on("console", lambda m: violations.append(m.text) if "CSP violation" in m.text else None)
    return page, violations


def walk_the_journey(page, base):
    response = page.goto(base)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.get_by_role("link", name="Start the assessment").click()
    page.get_by_label("Company name", exact=True).fill("Severn Precision Ltd")
    page.get_by_label("What does your site mainly make?").select_option("25")
    page.get_by_label("Small (10–49 employees)").check()
    page.get_by_label("Where in the UK is your main site?").select_option("west-midlands")
    page.get_by_role("button", name="Save and continue").click()  # to the task list
    page.get_by_role("link", name="Health & safety", exact=True).click()
    for fieldset in page.locator(".question fieldset").all()[:-1]:
        fieldset.locator("input[type=radio]").nth(2).check()
    page.get_by_label("4 – Very important").check()
    page.get_by_role("button", name="Save and finish later").first.click()
    page.get_by_role("link", name="Delete this assessment").click()  # the confirmation page only
    page.get_by_role("link", name="Keep it and go back").click()
    page.get_by_role("link", name="Check your answers and submit").click()
    page.get_by_role("button", name="Submit and see my results").click()
    if page.get_by_role("button", name="Submit anyway").count():  # thin areas: asked first
        page.get_by_role("button", name="Submit anyway").click()
    assert page.locator("h1").inner_text() == "Severn Precision Ltd"
    page.get_by_role("link", name="How we use it").click()
    page.goto(f"{base}/no-such-page/")


def walk_the_admin(page, base, django_user_model):
    django_user_model.objects.create_superuser("boss", password="a-long-password-1")
    page.goto(f"{base}/admin/")
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill("a-long-password-1")
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_role("heading", name="Site administration").is_visible()
    version = Questionnaire.objects.current()
    for path in [
        "assessments/questionnaire/",
        f"assessments/questionnaire/{version.pk}/change/",
        f"assessments/questionnaire/{version.pk}/preview/safety/",
        "assessments/question/",
        f"assessments/question/{version.questions.first().pk}/change/",
        "assessments/recommendation/add/",  # filter_horizontal: SelectFilter2 builds its widget in JS
        "assessments/programme/",
        "assessments/assessment/",
        "assessments/assessment/export/",
        "auth/user/",
    ]:
        assert page.goto(f"{base}/admin/{path}").status == 200, path
    page.goto(f"{base}/admin/assessments/programme/{Programme.objects.first().pk}/change/")
    page.locator(".datetimeshortcuts a").first.click()  # the calendar pop-up positions itself with styles


@pytest.mark.django_db(transaction=True)
def test_the_journey_and_the_admin_break_no_content_security_policy_rule(live_server, watched, django_user_model):
    page, violations = watched
    load_default_content()
    walk_the_journey(page, live_server.url)
    walk_the_admin(page, live_server.url, django_user_model)
    assert violations == []


@pytest.mark.django_db(transaction=True)
def test_an_inline_style_would_be_caught(live_server, watched):
    page, violations = watched
    load_default_content()
    page.goto(live_server.url)
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    page.wait_for_timeout(200)
    assert len(violations) == 1 and "style-src" in violations[0]


@pytest.mark.django_db(transaction=True)
def test_the_second_factor_login_page_breaks_no_rule_either(live_server, watched, settings):
    page, violations = watched
    settings.STAFF_OTP_REQUIRED = True
    page.goto(f"{live_server.url}/admin/login/")
    assert page.get_by_label("Code from your authenticator app").is_visible()
    assert violations == []
