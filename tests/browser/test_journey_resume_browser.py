"""A journey people leave and come back to, in Debian Chromium: resume from the e-mailed link in a
fresh browser, change an answer from the review, safe submit, then → now, the quick check, and the
same journey by keyboard only and with JavaScript off. Every page and state is checked with axe
and for sideways scrolling at 320 px."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from assessments.models import Assessment
from tests.helpers import load_default_content

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
LINK = re.compile(r"https?://\S+/assessments/[\w-]+/")


class Audit:
    """Collects axe violations (every impact) and sideways scrolling at 320 px, page by page."""

    def __init__(self):
        self.problems = {}

    def check(self, page, name):
        results = Axe().run(page)
        found = [f"{v['id']} ({v['impact']}): {len(v['nodes'])}" for v in results.response["violations"]]
        size = page.viewport_size
        page.set_viewport_size({"width": 320, "height": 640})
        wide = page.evaluate("document.documentElement.scrollWidth")
        page.set_viewport_size(size)
        if wide > 320:
            found.append(f"scrolls sideways at 320 px: {wide} px wide")
        self.problems[name] = found

    def assert_clean(self):
        assert self.problems == {name: [] for name in self.problems}


@pytest.fixture
def audit():
    return Audit()


def fill_profile(page, email=None):
    page.get_by_label("Company name", exact=True).fill("Severn Precision Ltd")
    page.get_by_label("What does your site mainly make?").select_option("25")
    page.get_by_label("Small (10–49 employees)").check()
    page.get_by_label("Where in the UK is your main site?").select_option("west-midlands")
    if email:
        page.get_by_label("E-mail address (optional)").fill(email)
    page.get_by_role("button", name="Save and continue").click()


def answer_page(page, level, count=None):
    """Chooses the answer at position `level` in each question (all but importance)."""
    groups = page.locator(".question:not(.importance) fieldset").all()
    for group in groups[:count]:
        group.locator("input[type=radio]").nth(level).check()


def answer_areas(page, level):
    """From an area's first page to check your answers: every page of every area answered at `level`,
    each area's importance 4."""
    while not page.locator("h1").inner_text().startswith("Check your answers"):
        answer_page(page, level)
        if page.get_by_label("4 – Very important").count():
            page.get_by_label("4 – Very important").check()
        page.get_by_role("button", name="Save and continue").click()


def contrast(rgb_a, rgb_b):
    def luminance(rgb):
        channels = [c / 255 for c in rgb]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(rgb_a), luminance(rgb_b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


RADIO_COLOURS = """() => {
  const radio = document.querySelector('.question input[type=radio]:not(:checked)');
  let el = radio.parentElement, bg = 'rgba(0, 0, 0, 0)';
  while (el && (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent')) {
    bg = getComputedStyle(el).backgroundColor;
    el = el.parentElement;
  }
  return [getComputedStyle(radio).borderTopColor, bg];
}"""


def expect_summary_focused(page):
    """error-summary.js moved focus to the summary. Playwright's own assertion, retried until true:
    `wait_for_function` with a string would poll through eval, which the page's CSP refuses."""
    expect(page.locator("#error-summary")).to_be_focused()


def rgb(css):
    return tuple(int(v) for v in re.findall(r"\d+", css)[:3])


def test_leave_resume_from_the_e_mailed_link_change_from_review_and_see_progress(
    live_server, new_page, audit, mailoutbox
):
    load_default_content()
    page = new_page()
    page.goto(live_server.url)
    audit.check(page, "start")
    page.get_by_role("link", name="Start the assessment").click()
    page.get_by_role("button", name="Save and continue").click()
    assert page.title().startswith("Error: ")
    expect_summary_focused(page)
    audit.check(page, "profile with errors")
    fill_profile(page, email="ops@example.com")

    assert page.locator("h1").inner_text() == "Your task list"
    audit.check(page, "task list")
    link = LINK.search(mailoutbox[0].body).group(0)
    assert page.get_by_role("link", name=link).count() == 1  # the link is on the task list too
    page.get_by_role("link", name="Health & safety").click()
    audit.check(page, "area page")
    border, background = page.evaluate(RADIO_COLOURS)
    assert contrast(rgb(border), rgb(background)) >= 3
    answer_page(page, 2, count=3)
    page.get_by_role("button", name="Save and come back later").click()
    audit.check(page, "saved")

    # Another device: a fresh browser with no cookie, from the e-mailed link.
    page = new_page()
    page.goto(link)
    assert page.locator("h1").inner_text() == "Your task list"
    assert "3 of 9 questions answered" in page.locator(".task").nth(1).inner_text()
    assert "In progress" in page.locator(".task").nth(1).inner_text()
    page.get_by_role("link", name="Health & safety").click()
    assert page.locator(".question input[type=radio]:checked").count() == 3
    answer_areas(page, 3)

    assert page.locator("h1").inner_text() == "Check your answers before you submit"
    audit.check(page, "review")
    page.locator("#answers-safety").get_by_role("link", name="Change").click()
    assert "return=review" in page.url
    page.locator(".question").first.locator("input[type=radio]").nth(4).check()
    page.get_by_role("button", name="Save and return to check your answers").click()
    assert page.locator("h1").inner_text() == "Check your answers before you submit"
    row = page.locator("#answers-safety .summary-row").first.inner_text()
    assert "feeds the live on-site list" in row  # level 4 of the first question

    page.get_by_role("button", name="Submit and see my results").click()
    audit.check(page, "results")
    page.get_by_role("button", name="Start a new assessment from this one").click()
    assert page.locator("h1").inner_text() == "Your task list"
    page.get_by_role("link", name="Supply chain").click()
    answer_page(page, 4)
    page.get_by_role("button", name="Save and continue").click()
    answer_page(page, 4)
    page.get_by_role("button", name="Save and come back later").click()
    page.get_by_role("link", name="Continue now").click()
    page.get_by_role("link", name="Check your answers and submit").click()
    page.get_by_role("button", name="Submit and see my results").click()
    progress = page.locator("#progress-title + p + table").inner_text()  # the table before the chart
    assert "Supply chain\t75\t100\t+25" in progress
    audit.check(page, "results with then → now")
    assert Assessment.objects.filter(previous__isnull=False).get().is_submitted
    audit.assert_clean()


def test_an_empty_submit_is_refused_and_a_thin_one_asks_first(live_server, new_page, audit):
    load_default_content()
    page = new_page()
    page.goto(f"{live_server.url}/assessments/new/")
    fill_profile(page)
    page.get_by_role("link", name="Check your answers and submit").click()
    page.get_by_role("button", name="Submit and see my results").click()
    assert page.title().startswith("Error: ")
    assert "nothing to score" in page.locator("#error-summary").inner_text()
    expect_summary_focused(page)
    audit.check(page, "review, empty submit refused")

    safety = page.url.replace("/submit/", "/safety/")
    page.goto(safety)
    page.get_by_role("button", name="Save and continue").click()  # nothing chosen: still nothing to score
    page.goto(safety)
    answer_page(page, 1)
    page.get_by_role("button", name="Save and continue").click()
    answer_page(page, 1)
    page.get_by_role("button", name="Save and come back later").click()
    page.get_by_role("link", name="Continue now").click()
    page.get_by_role("link", name="Check your answers and submit").click()
    assert "4 areas will read “not enough answers”" in page.locator(".thin-summary").inner_text()
    page.get_by_role("button", name="Submit and see my results").click()
    assert page.locator("h1").inner_text() == "Some areas cannot be scored yet"
    audit.check(page, "submit confirmation")
    page.get_by_role("button", name="Submit anyway").click()
    assert page.get_by_role("link", name="Download the PDF report").count() == 1

    page.goto(live_server.url)
    page.get_by_role("link", name="Start a new assessment instead").click()
    page.goto(f"{live_server.url}/assessments/new/")  # a submitted one needs no asking
    fill_profile(page)
    page.goto(live_server.url)
    page.get_by_role("link", name="Start a new assessment instead").click()
    assert page.locator("h1").inner_text() == "Start a new assessment?"
    audit.check(page, "start again confirmation")
    audit.assert_clean()


def quick_check_to_full(page, live_server, press):
    """The quick check from the start page to the full assessment; `press(page, role, name)` acts."""
    page.goto(live_server.url)
    press(page, "link", "Start the quick check")
    fill_profile(page)
    areas = page.locator(".task-list").nth(1).get_by_role("link").all_inner_texts()
    press(page, "link", areas[0])
    for _ in areas:
        answer_page(page, 3)
        press(page, "button", "Save and continue")
    press(page, "button", "Submit and see my results")
    assert "read these scores as indicative" in page.locator("#quick-title").inner_text()
    press(page, "button", "Continue into the full assessment")
    assert page.locator("h1").inner_text() == "Your task list"
    assert "Full assessment" in page.locator(".step-count").inner_text()
    return page.locator(".task-hint").all_inner_texts()


def click(page, role, name):
    page.get_by_role(role, name=name, exact=True).first.click()


def test_the_quick_check_continues_into_the_full_assessment(live_server, new_page, audit):
    load_default_content()
    page = new_page()
    hints = quick_check_to_full(page, live_server, click)
    assert [hint.split(" · ")[0] for hint in hints[:5]] == [f"2 of {n} questions answered" for n in (9, 10, 8, 9, 8)]


def tab_to(page, role, name):
    """Presses Tab until the control called `name` has focus, then Enter (links) or Space."""
    for _ in range(300):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement; return [e.tagName, e.innerText || e.value || ''] }"
        )
        if focused[1].strip() == name:
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"{name} has no visible focus"
            with page.expect_navigation():  # every control reached this way opens a page
                page.keyboard.press("Enter" if role == "link" else "Space")
            return
    raise AssertionError(f"could not reach {name} with Tab")


def test_the_quick_check_by_keyboard_only(live_server, new_page):
    load_default_content()
    page = new_page()

    def keyboard_answers(page, level, count=None):
        for group in page.locator(".question fieldset").all()[:-1][:count]:
            group.locator("input[type=radio]").first.focus()
            for _ in range(level):
                page.keyboard.press("ArrowDown")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none"

    page.goto(live_server.url)
    tab_to(page, "link", "Start the quick check")
    page.keyboard.press("Tab")  # from the page to the first field, by keyboard only
    page.get_by_label("Company name", exact=True).focus()
    page.keyboard.type("Keyboard Castings")
    page.keyboard.press("Tab")
    page.keyboard.type("25")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.type("Wales")
    tab_to(page, "button", "Save and continue")
    assert page.locator("h1").inner_text() == "Your task list", page.locator("main").inner_text()[:600]
    tab_to(page, "link", "Health & safety")
    for _ in range(5):
        keyboard_answers(page, 3)
        tab_to(page, "button", "Save and continue")
    tab_to(page, "button", "Submit and see my results")
    tab_to(page, "button", "Continue into the full assessment")
    assert page.locator("h1").inner_text() == "Your task list"
    assert Assessment.objects.get(mode="full").answers.count() == 10


def test_the_quick_check_with_javascript_off(live_server, new_page):
    # No axe here: axe is itself JavaScript. The same pages and states are audited in the runs above.
    load_default_content()
    page = new_page(javascript=False)
    page.goto(f"{live_server.url}/assessments/new/?mode=quick")
    page.get_by_role("button", name="Save and continue").click()
    first = page.locator("main > *").first
    assert first.get_attribute("id") == "error-summary"  # first in the content without a script
    hints = quick_check_to_full(page, live_server, click)
    assert hints[0].startswith("2 of 9 questions answered")
