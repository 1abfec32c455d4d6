"""From report to a person, in Debian Chromium: a Welsh firm submits and shares with a Business Wales
organisation; its adviser finds it in the queue, adds a note and validates two answers at other
levels; the firm's results page and PDF show both levels and the adviser's name; the firm withdraws
and the adviser's next requests are refused; an adviser of another organisation never saw it. Every
new page is checked with axe (every impact)."""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from pypdf import PdfReader

from assessments.models import AdviserAccess, Note, Validation
from tests.helpers import PASSWORD, make_adviser, make_content, make_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def violations(page):
    return [f"{v['id']} ({v['impact']}): {len(v['nodes'])}" for v in Axe().run(page).response["violations"]]


def sign_in(page, base, username):
    page.goto(f"{base}/admin/login/?next=/advisers/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def firm_submits(page, base, content):
    page.goto(base)
    page.get_by_role("link", name="Start the assessment").click()
    page.get_by_label("Company name", exact=True).fill("Dyfi Metalwork Ltd")
    page.get_by_label("What does your site mainly make?").select_option("25")
    page.get_by_label("Small (10–49 employees)").check()
    page.get_by_label("Where in the UK is your main site?").select_option("wales")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name=content.drivers[0].name, exact=True).click()
    for _ in content.drivers:
        for fieldset in page.locator(".question fieldset").all()[:-1]:
            fieldset.locator("input[type=radio]").nth(2).check()  # level 2 throughout
        page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Submit and see my results").click()
    assert page.locator("h1").inner_text() == "Dyfi Metalwork Ltd"


def test_a_welsh_firm_shares_is_validated_and_withdraws(live_server, chromium, tmp_path):
    base = live_server.url
    content = make_content(drivers=("safety", "remote"), questions_per_driver=2)
    north = make_organisation("Business Wales North", regions=["wales"], inbox="north@wales.example")
    south = make_organisation("Business Wales South", regions=["wales"], inbox="south@wales.example")
    make_adviser(north, "alys", password=PASSWORD, first_name="Alys", last_name="Jones")
    make_adviser(south, "bryn", password=PASSWORD, first_name="Bryn", last_name="Evans")
    problems = {}
    firm = chromium.new_context(accept_downloads=True).new_page()
    adviser = chromium.new_context(accept_downloads=True).new_page()
    other = chromium.new_context().new_page()

    # The firm submits, then shares its report and answers with Business Wales North.
    firm_submits(firm, base, content)
    firm.get_by_role("link", name="Share with an adviser").click()
    problems["share"] = violations(firm)
    firm.get_by_label("Business Wales North").check()
    firm.get_by_label("See your report").check()
    firm.get_by_label("See your answers and comments").check()
    firm.get_by_role("button", name="Share with this organisation").click()
    assert "You have shared with Business Wales North" in firm.content()
    problems["results with a share"] = violations(firm)

    # Its adviser finds it in the queue, adds a note and validates two answers at other levels.
    sign_in(adviser, base, "alys")
    assert adviser.locator("h1").inner_text() == "Firms that shared with you"
    problems["queue"] = violations(adviser)
    adviser.get_by_role("link", name="Impact: then and now").click()
    problems["impact"] = violations(adviser)
    adviser.get_by_role("link", name="Start an assessment with a firm").click()
    problems["facilitated start"] = violations(adviser)
    adviser.get_by_role("link", name="Firms that shared with you").click()
    adviser.get_by_role("link", name="Dyfi Metalwork Ltd").click()
    firm_page = adviser.url
    problems["firm"] = violations(adviser)
    adviser.get_by_label("Add a note").fill("Owner wants to talk about sensors on the presses.")
    adviser.get_by_role("button", name="Add the note").click()
    assert "Owner wants to talk about sensors" in adviser.content()
    adviser.get_by_role("link", name="Answers and comments, and your validations").click()
    answers_page = adviser.url
    problems["answers"] = violations(adviser)
    for question, level, reason in [
        (content.questions[0], "4", "Digital permits seen in use on the site visit."),
        (content.questions[2], "1", "Remote access is one shared laptop."),
    ]:
        box = adviser.locator(f"#q-{question.code}")
        box.get_by_label("Validated level").select_option(level)
        box.get_by_label("Reason").fill(reason)
        box.get_by_role("button", name="Record this level").click()
    adviser.get_by_role("link", name="Dyfi Metalwork Ltd").click()
    adviser.get_by_role("link", name="The firm's report").click()
    report_page = adviser.url
    problems["adviser's report"] = violations(adviser)
    pdf_url = report_page.replace("/report/", "/report.pdf")
    assert adviser.request.get(pdf_url).status == 200

    # The firm's results page and PDF show both levels and the adviser's name.
    firm.reload()
    section = firm.locator("#validation").inner_text()
    assert "Digital permits seen in use" in section and "Remote access is one shared laptop" in section
    assert "Level 2" in section and "Level 4" in section and "Level 1" in section and "Alys Jones" in section
    problems["results validated"] = violations(firm)
    with firm.expect_download() as download:
        firm.get_by_role("link", name="Download the PDF report").click()
    path = tmp_path / "report.pdf"
    download.value.save_as(path)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages).split())
    assert "Self-assessed and adviser-validated" in text and "Alys Jones, Business Wales North" in text
    assert "Level 2 Level 4 Digital permits seen in use on the site visit." in text
    assert "Level 2 Level 1 Remote access is one shared laptop." in text

    # The firm withdraws: the adviser's next request to the firm, its report and its PDF is refused.
    firm.get_by_role("button", name="Withdraw the share with Business Wales North").click()
    assert "You have withdrawn your share with Business Wales North" in firm.content()
    assert adviser.goto(firm_page).status == 403
    problems["refused"] = violations(adviser)
    assert adviser.goto(report_page).status == 403
    assert adviser.goto(answers_page).status == 403
    assert adviser.request.get(pdf_url).status == 403

    # An adviser of another organisation serving Wales never saw it.
    sign_in(other, base, "bryn")
    assert "Dyfi Metalwork" not in other.content()
    assert other.goto(firm_page).status == 403
    assert not AdviserAccess.objects.filter(user__username="bryn").exists()
    assert Note.objects.count() == 1 and Validation.objects.current().count() == 2
    assert problems == {name: [] for name in problems}
