"""A manufacturer does the quick check in Welsh, from /cy/, in Debian Chromium: lang="cy" and no axe
violation on any page, no English sentence on any of them, then the full assessment, the PDF (in
Welsh, its language set) and the data download; and the switcher leads back to English with the
answers kept."""

import io
import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from pypdf import PdfReader

from assessments.models import Assessment
from tests.helpers import english_on_a_welsh_page, english_phrases, load_default_content

pytestmark = [pytest.mark.browser, pytest.mark.slow]


class Pages:
    """Checks each page on arrival: its language, axe's findings and any English left on it."""

    def __init__(self, page, phrases):
        self.page, self.phrases, self.problems = page, phrases, {}

    def check(self, name):
        found = [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in Axe().run(self.page).response["violations"]]
        if self.page.locator("html").get_attribute("lang") != "cy":
            found.append("lang is not cy")
        found += english_on_a_welsh_page(self.page.content(), self.phrases)
        self.problems[name] = found


def answer_areas(page, pages, level):
    """Answers every area from the task list's first area, `level` (0–4) on each question."""
    page.locator(".task-list").nth(1).locator("a").first.click()
    first = True
    while "Gwirio eich atebion" not in page.locator("h1").inner_text():
        for fieldset in page.locator(".question fieldset").all():
            fieldset.locator("input[type=radio]").nth(level).check()
        page.get_by_label("4 – Pwysig iawn").check()
        if first:
            pages.check("area")
            first = False
        page.get_by_role("button", name="Cadw a pharhau").click()


@pytest.mark.django_db(transaction=True)
def test_a_manufacturer_does_the_quick_check_and_the_full_assessment_in_welsh(live_server, page, tmp_path):
    load_default_content()
    pages = Pages(page, english_phrases())
    page.goto(f"{live_server.url}/cy/")
    pages.check("start")
    page.get_by_role("link", name="Dechrau'r gwiriad cyflym").click()

    page.get_by_role("button", name="Cadw a pharhau").click()  # nothing filled in: an error
    pages.check("profile with an error")
    page.get_by_label("Enw'r cwmni").fill("Ffowndri Penrhyn Cyf")
    page.get_by_label("Beth mae eich safle'n ei gynhyrchu yn bennaf?").select_option("24")
    page.get_by_label("Bach (10–49 o weithwyr)").check()
    page.get_by_label("Ble yn y DU mae eich prif safle?").select_option("wales")
    page.get_by_role("button", name="Cadw a pharhau").click()

    assert page.locator("h1").inner_text() == "Eich rhestr tasgau"
    pages.check("task list")
    answer_areas(page, pages, level=2)
    pages.check("check answers")
    page.get_by_role("button", name="Cyflwyno a gweld fy nghanlyniadau").click()
    if page.get_by_role("button", name="Cyflwyno beth bynnag").count():
        page.get_by_role("button", name="Cyflwyno beth bynnag").click()

    assert page.locator("h1").inner_text() == "Ffowndri Penrhyn Cyf"
    pages.check("results")
    with page.expect_download() as download:
        page.get_by_role("link", name="Lawrlwytho'r adroddiad PDF").click()
    pdf = PdfReader(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: SIM115
    assert str(pdf.trailer["/Root"]["/Lang"]) == "cy"
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Adroddiad parodrwydd digidol" in text and [e for e in pages.phrases if e in text] == []

    with page.expect_download() as download:
        page.get_by_role("link", name="Lawrlwytho fy nata (JSON)").click()
    data = json.loads(open(download.value.path(), encoding="utf-8").read())  # noqa: SIM115
    assert data["answers"] and all(a["question"] for a in data["answers"])
    assert problems_free(pages)
    assert Assessment.objects.get().language == "cy"


def problems_free(pages):
    assert pages.problems == {name: [] for name in pages.problems}
    return True


@pytest.mark.django_db(transaction=True)
def test_the_switcher_leads_to_the_same_page_in_english_and_back_with_the_answers_kept(live_server, page):
    load_default_content()
    page.goto(f"{live_server.url}/cy/assessments/new/")
    page.get_by_label("Enw'r cwmni").fill("Ffowndri Penrhyn Cyf")
    page.get_by_label("Beth mae eich safle'n ei gynhyrchu yn bennaf?").select_option("24")
    page.get_by_label("Bach (10–49 o weithwyr)").check()
    page.get_by_label("Ble yn y DU mae eich prif safle?").select_option("wales")
    page.get_by_role("button", name="Cadw a pharhau").click()
    page.locator(".task-list").nth(1).locator("a").first.click()
    page.locator(".question fieldset").first.locator("input[type=radio]").nth(3).check()
    saved_page = page.url
    page.get_by_role("button", name="Cadw a pharhau").click()
    # Return to the saved page by its address once the save has moved on. The browser's
    # Back button raced the form's own navigation in Chromium ("Not attached to an active
    # page"), and what this test is about is the switcher, not history.
    page.wait_for_url(lambda url: url != saved_page)
    page.goto(saved_page)

    page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en-GB"
    assert page.locator(".question fieldset").first.locator("input[type=radio]").nth(3).is_checked()
    page.get_by_role("link", name="Cymraeg").click()
    assert page.locator("html").get_attribute("lang") == "cy"
    assert page.locator(".question fieldset").first.locator("input[type=radio]").nth(3).is_checked()
