"""A manufacturer completes the journey in Debian Chromium and downloads the PDF."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from assessments.models import Assessment, Driver
from tests.helpers import load_default_content

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def serious_violations(page):
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])})"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.django_db(transaction=True)
def test_a_manufacturer_completes_the_assessment_and_downloads_the_pdf(live_server, page, tmp_path):
    load_default_content()
    problems = {}
    page.goto(live_server.url)
    problems["start"] = serious_violations(page)
    page.get_by_role("link", name="Start the assessment").click()

    page.get_by_label("Company name", exact=True).fill("Severn Precision Ltd")
    page.get_by_label("What does your site mainly make?").select_option("25")
    page.get_by_label("Small (10–49 employees)").check()
    page.get_by_label("Where in the UK is your main site?").select_option("west-midlands")
    problems["profile"] = serious_violations(page)
    page.get_by_role("button", name="Save and continue").click()

    assert page.locator("h1").inner_text() == "Your task list"
    problems["task list"] = serious_violations(page)
    areas = list(Driver.objects.all())
    page.get_by_role("link", name=areas[0].name, exact=True).click()
    for number, area in enumerate(areas):
        assert area.name in page.locator("h1").inner_text()
        for fieldset in page.locator(".question fieldset").all()[:-1]:
            fieldset.locator("input[type=radio]").nth(number % 5).check()
        page.get_by_label("4 – Very important").check()
        if number == 0:
            problems["area"] = serious_violations(page)
        page.get_by_role("button", name="Save and continue").click()

    assert "Check your answers" in page.locator("h1").inner_text()
    problems["review"] = serious_violations(page)
    page.get_by_role("button", name="Submit and see my results").click()

    assert page.locator("h1").inner_text() == "Severn Precision Ltd"
    problems["results"] = serious_violations(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF report").click()
    path = tmp_path / "report.pdf"
    download.value.save_as(path)

    assert path.read_bytes()[:5] == b"%PDF-"
    assert Assessment.objects.get().is_submitted
    assert problems == {name: [] for name in problems}
