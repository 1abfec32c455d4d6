"""An analyst walks the insights dashboard in Debian Chromium; a content editor is turned away."""

import csv
import io
from datetime import UTC, datetime

import pytest
from axe_playwright_python.sync_playwright import Axe

from assessments.insights import published
from tests.helpers import make_content, make_staff, submit_firm

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSWORD = "a-long-test-password-1"


def staff(name, group):
    make_staff(name, group, password=PASSWORD)


def sign_in(page, base, name):
    page.goto(f"{base}/admin/login/")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def violations(page):
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in Axe().run(page).response["violations"]]


def firms_figures(rows):
    columns = [i for i, name in enumerate(rows[0]) if name == "Firms" or name.endswith(": firms")]
    return [row[i] for row in rows[1:] for i in columns]


@pytest.mark.django_db(transaction=True)
def test_an_analyst_filters_the_dashboard_and_downloads_a_published_table(live_server, page, tmp_path):
    version = make_content(("safety", "green")).questionnaire
    last_year = datetime(2025, 5, 15, 12, tzinfo=UTC)  # 2025 Q2: a quarter long published
    for i, (region, size) in enumerate(
        [("wales", "small")] * 12 + [("london", "micro")] * 10 + [("scotland", "small")] * 3
    ):
        submit_firm(version, i % 5, region=region, size_band=size, submitted_at=last_year)
    published.publish_due()
    staff("ana", "Analyst")
    sign_in(page, live_server.url, "ana")
    page.get_by_role("link", name="Insights: readiness by area, region, sector, size and quarter").click()
    assert "25 firms match these filters" in page.locator(".headline").inner_text()
    problems = {"dashboard": violations(page)}

    page.get_by_label("Heatmap rows").select_option("size_band")
    page.get_by_label("Size", exact=True).select_option("small")
    page.get_by_role("button", name="Show").click()
    assert "by=size_band" in page.url and "size_band=small" in page.url
    assert "15 firms match these filters" in page.locator(".headline").inner_text()
    problems["filtered"] = violations(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="by region (CSV)").click()
    path = tmp_path / "table.csv"
    download.value.save_as(path)
    lines = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    rows = lines[lines.index([""]) + 1 :]  # after the lines that say what the file is
    figures = firms_figures(rows)
    assert {row[0] for row in rows[1:]} == {"Wales", "London", "Scotland"}
    assert figures and all(v == "hidden" or int(v) >= 10 for v in figures)
    assert "hidden" in figures  # Scotland's three firms, and London with them
    assert problems == {"dashboard": [], "filtered": []}


@pytest.mark.django_db(transaction=True)
def test_a_content_editor_cannot_open_the_dashboard(live_server, page):
    staff("ed", "Content editor")
    sign_in(page, live_server.url, "ed")
    assert page.get_by_role("link", name="Insights: readiness by area, region, sector, size and quarter").count() == 0
    response = page.goto(f"{live_server.url}/admin/assessments/assessment/insights/")
    assert response.status == 403
