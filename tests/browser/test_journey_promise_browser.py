"""A journey that keeps its promise, in Debian Chromium: Enter on an area page moves on, the PDF's
page never reloads by itself and reaches "downloaded", a new private link opens in another browser
while the old one 404s, and "Change" on check your answers comes back to the same card. Every page
on the way is checked with axe (every impact) and for sideways scrolling at 320 px."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from assessments.models import Assessment, Questionnaire
from assessments.report import rendering
from tests.helpers import answer, load_default_content, make_assessment, submit_firm

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
LINK = re.compile(r"https?://\S+/assessments/[\w-]+/")


def problems(page):
    """axe violations of every impact, and sideways scrolling at 320 px."""
    found = [f"{v['id']} ({v['impact']}): {len(v['nodes'])}" for v in Axe().run(page).response["violations"]]
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 640})
    wide = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size(size)
    return found + ([f"scrolls sideways at 320 px: {wide} px wide"] if wide > 320 else [])


def start(page, base):
    page.goto(f"{base}/assessments/new/")
    page.get_by_label("Company name", exact=True).fill("Severn Precision Ltd")
    page.get_by_label("What does your site mainly make?").select_option("25")
    page.get_by_label("Small (10–49 employees)").check()
    page.get_by_label("Where in the UK is your main site?").select_option("west-midlands")
    page.get_by_role("button", name="Save and continue").click()
    assert page.locator("h1").inner_text() == "Your task list"


def answer_page(page, level):
    for group in page.locator(".question:not(.importance) fieldset").all():
        group.locator("input[type=radio]").nth(level).check()
    if page.get_by_label("4 – Very important").count():
        page.get_by_label("4 – Very important").check()


def test_enter_on_an_area_page_saves_and_moves_to_the_next_page(live_server, new_page):
    load_default_content()
    page = new_page()
    start(page, live_server.url)
    page.get_by_role("link", name="Health & safety", exact=True).click()
    assert "page 1 of 3" in page.locator(".step-count").inner_text()
    assert problems(page) == []
    page.locator(".question input[type=radio]").first.check()
    page.keyboard.press("Enter")  # in forms mode, on a radio: the form's first submit button
    expect(page.locator(".step-count")).to_contain_text("page 2 of 3")
    assert page.url.endswith("/safety/2/")
    assert Assessment.objects.get().answers.count() == 1


def test_the_pdf_page_never_reloads_and_reaches_downloaded(live_server, new_page, settings):
    load_default_content()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # no render yet
    page = new_page()
    start(page, live_server.url)
    page.get_by_role("link", name="Check your answers and submit").click()
    page.goto(page.url.replace("/review/", "/safety/"))
    answer_page(page, 2)
    page.get_by_role("button", name="Save and come back later").click()
    page.goto(page.url.replace("/saved/", "/review/"))
    page.get_by_role("button", name="Submit and see my results").click()
    page.get_by_role("button", name="Submit anyway").click()
    page.get_by_role("link", name="Download the PDF report").click()

    expect(page.locator("h1")).to_have_text("Your PDF report is being made")
    assert page.locator('meta[http-equiv="refresh"]').count() == 0
    expect(page.locator("#report-live")).to_contain_text("Checking every")  # "… 3 seconds": the wait the queue suggests
    expect(page.get_by_text("does not reload by itself")).to_be_hidden()  # the page checks; no "press Check again" too
    found = problems(page)
    url = page.url
    with page.expect_download() as download:
        rendering.render_report.call(Assessment.objects.get().pk, "en-gb")  # what the worker does
    assert download.value.suggested_filename.endswith(".pdf")
    expect(page.get_by_role("heading", name="Your report has downloaded")).to_be_visible()
    expect(page.locator("#report-live")).to_have_text("Your report has downloaded")
    assert page.url == url  # the page itself never reloaded
    page.goto(url.replace("/report.pdf", "/report/"))  # the PDF's own page, now ready
    assert re.search(r"\(PDF, \d+ KB, \d+ pages\)", page.get_by_role("link", name="Download your report").inner_text())
    assert found + problems(page) == []


def test_the_pdf_page_without_javascript_offers_check_again(live_server, new_page, settings):
    load_default_content()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    page = new_page(javascript=False)
    start(page, live_server.url)
    page.get_by_role("link", name="Health & safety", exact=True).click()
    answer_page(page, 2)
    page.get_by_role("button", name="Save and continue").click()
    page.goto(page.url.replace("/safety/2/", "/review/"))
    page.get_by_role("button", name="Submit and see my results").click()
    page.get_by_role("button", name="Submit anyway").click()
    page.get_by_role("link", name="Download the PDF report").click()
    expect(page.locator("h1")).to_have_text("Your PDF report is being made")
    expect(page.get_by_text("does not reload by itself")).to_contain_text("press “Check again”")
    rendering.render_report.call(Assessment.objects.get().pk, "en-gb")
    page.get_by_role("link", name="Check again").click()
    expect(page.locator("h1:visible")).to_have_text("Your PDF report is ready")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your report").click()
    assert download.value.suggested_filename.endswith(".pdf")


def test_a_new_private_link_opens_on_another_device_and_the_old_one_404s(live_server, new_page):
    load_default_content()
    page = new_page()
    start(page, live_server.url)
    old = page.locator(".resume-url a").inner_text()
    page.goto(live_server.url)
    page.get_by_role("link", name="Continue where you left off").click()
    assert "/assessments/~" in page.url
    expect(page.locator(".resume-link")).to_contain_text("works only in this browser")
    found = problems(page)
    page.get_by_role("button", name="Get a new private link").click()
    expect(page.locator("h1")).to_have_text("Your private link")
    new = page.locator(".resume-url a").inner_text()
    assert LINK.fullmatch(new) and new != old
    expect(page.get_by_label("E-mail address")).to_be_visible()  # the e-mail form, on the same page
    found += problems(page)

    other = new_page()  # another device
    other.goto(new)
    assert other.locator("h1").inner_text() == "Your task list"
    assert other.goto(old).status == 404
    assert found == []


def test_change_on_check_your_answers_comes_back_to_the_same_card(live_server, new_page):
    load_default_content()
    page = new_page()
    start(page, live_server.url)
    page.get_by_role("link", name="Check your answers and submit").click()
    found = problems(page)
    card = page.locator("#answers-supply")
    card.get_by_role("link", name="Change").click()
    assert "return=review" in page.url
    answer_page(page, 3)
    page.get_by_role("button", name="Save and continue").click()  # on through the area's pages
    answer_page(page, 3)
    page.get_by_role("button", name="Save and return to check your answers").click()
    assert page.url.endswith("/review/#answers-supply")
    expect(card).to_be_in_viewport()
    assert "Not completed" not in card.inner_text() and "Not answered" not in card.inner_text()
    assert found + problems(page) == []


def test_every_public_page_is_axe_clean_and_fits_320_px(live_server, new_page, settings):
    load_default_content()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # PDFs wait
    questionnaire = Questionnaire.objects.current()
    _in_progress, token = make_assessment(questionnaire)
    _thin, thin = make_assessment(questionnaire)
    answer(_thin, questionnaire.questions.first(), 2)
    _done, done = submit_firm(questionnaire, level=2)
    _empty, empty = submit_firm(questionnaire, levels={q.code: None for q in questionnaire.questions.all()[1:]})
    page = new_page()
    base = live_server.url
    paths = [
        "/", "/assessments/new/", "/assessments/new/?mode=quick", "/privacy/", "/no-such-page/",
        f"/assessments/{token}/tasks/", f"/assessments/{token}/safety/", f"/assessments/{token}/safety/3/",
        f"/assessments/{token}/profile/", f"/assessments/{token}/review/", f"/assessments/{token}/saved/",
        f"/assessments/{token}/link/", f"/assessments/{token}/delete/", f"/assessments/{token}/share/",
        f"/assessments/{done}/results/", f"/assessments/{done}/report/", f"/assessments/{empty}/results/",
        "/assessments/start-again/",
    ]  # fmt: skip
    found = {}
    for path in paths:
        page.goto(base + path)
        found[path] = problems(page)
    page.goto(f"{base}/assessments/{thin}/review/")
    page.get_by_role("button", name="Submit and see my results").click()  # thin: asks first
    found["submit confirmation"] = problems(page)
    fresh = new_page()  # no assessment in this browser: the profile, sent empty
    fresh.goto(f"{base}/assessments/new/")
    fresh.get_by_role("button", name="Save and continue").click()
    found["profile with errors"] = problems(fresh)
    rendering.render_report.call(Assessment.objects.get(pk=_done.pk).pk, "en-gb")
    page.goto(f"{base}/assessments/{done}/report/")
    found["PDF ready"] = problems(page)
    assert {path: p for path, p in found.items() if p} == {}
