"""Print layout that holds, read from each variant's PDF (the full report, the quick check and a
re-assessment, rendered for real with the built-in content): the board summary keeps to two pages,
no page ends with a heading or a table's caption, and no page but a part's last is under half full.

"Half full" is measured as how far down the page its lowest line of text sits, between the top and
bottom margins: a page of text and figures reaches well down; a page a heading or a table was pushed
off stops near the top."""

import io
import re
from html.parser import HTMLParser

import pytest
from django.db import transaction
from pypdf import PdfReader

from assessments.journey.pages import start_from
from assessments.models import Questionnaire
from assessments.report import builder as report
from assessments.report import pdf
from tests.helpers import load_default_content, submit_firm

pytestmark = [pytest.mark.slow, pytest.mark.django_db]
FOOTER = re.compile(r"^(Digital readiness report\s*)?(Page \d+ of \d+)?$")
MM = 72 / 25.4
TOP, BOTTOM = 18 * MM, 20 * MM  # report.css @page margins


class Headings(HTMLParser):
    """The texts of every heading and table caption in the report's HTML."""

    TAGS = {"h1", "h2", "h3", "h4", "h5", "caption"}

    def __init__(self):
        super().__init__()
        self.open, self.texts = [], []

    def handle_starttag(self, tag, attrs):
        if tag in self.TAGS:
            self.open.append([])

    def handle_endtag(self, tag):
        if tag in self.TAGS and self.open:
            self.texts.append(" ".join(" ".join(self.open.pop()).split()))

    def handle_data(self, data):
        for texts in self.open:
            texts.append(data)


def rendered(assessment):
    built = report.for_assessment(assessment)
    headings = Headings()
    headings.feed(pdf.render_html(built))
    return pdf.render_pdf(built).body, [h for h in headings.texts if len(h) > 3]


@pytest.fixture(scope="module")
def variants(django_db_setup, django_db_blocker):
    """name -> (PDF bytes, heading texts) for three firms on the built-in content."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_default_content()
        questionnaire = Questionnaire.objects.current()
        codes = list(questionnaire.questions.order_by("driver__order", "order").values_list("code", flat=True))
        levels = {code: (i * 7) % 5 for i, code in enumerate(codes)} | {codes[3]: "dont_know"}
        importance = {"safety": 4, "remote": 3, "supply": 5, "automation": 2, "green": 3}
        full, _ = submit_firm(questionnaire, levels=levels, region="scotland", importance=importance)
        quick, _ = submit_firm(questionnaire, levels=levels, mode="quick", importance=importance)
        again, _ = start_from(full, questionnaire, previous=full)
        again.answers.filter(question__code__in=codes[:12]).delete()  # answered afresh, at the top level
        for question in questionnaire.questions.filter(code__in=codes[:12]):
            again.answers.create(question=question, option=question.options.get(kind="scored", level=4))
        again.submit()
        found = {name: rendered(a) for name, a in [("full", full), ("quick", quick), ("re-assessment", again)]}
        transaction.set_rollback(True)
    return found


def page_texts(body):
    """Per page: its text without the running footer, and how far down its lowest line sits (0–1)."""
    pages = []
    for page in PdfReader(io.BytesIO(body)).pages:
        lows = []

        def lowest(text, cm, tm, font, size, lows=lows):
            if text.strip() and not FOOTER.match(" ".join(text.split())):
                lows.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

        lines = page.extract_text(visitor_text=lowest).splitlines()
        text = " ".join(" ".join(line for line in lines if not FOOTER.match(line.strip())).split())
        height = float(page.mediabox.height)
        inside = [y for y in lows if BOTTOM / 2 < y < height - TOP / 2]
        pages.append((text, (height - TOP - min(inside)) / (height - TOP - BOTTOM) if inside else 0))
    return pages


VARIANTS = ["full", "quick", "re-assessment"]


@pytest.mark.parametrize("name", VARIANTS)
def test_the_board_summary_keeps_to_two_pages(variants, name):
    pages = page_texts(variants[name][0])
    assert "Summary" in pages[0][0] and "Who can help you" in pages[1][0]
    assert pages[2][0].startswith("The detail")


def test_a_re_assessment_has_its_progress_table_on_page_two_and_its_chart_after(variants):
    pages = page_texts(variants["re-assessment"][0])
    assert "Scores then and now" in pages[1][0] and "as a chart" in pages[2][0]


@pytest.mark.parametrize("name", VARIANTS)
def test_no_page_ends_with_a_heading_or_a_caption(variants, name):
    body, headings = variants[name]
    pages = page_texts(body)
    ending = [(number, h) for number, (text, _) in enumerate(pages, 1) for h in headings if text.endswith(h)]
    assert ending == []


@pytest.mark.parametrize("name", VARIANTS)
def test_no_page_but_a_parts_last_is_under_half_full(variants, name):
    pages = page_texts(variants[name][0])
    lasts = {2, len(pages)}  # the summary's last page and the detail's
    thin = [(number, round(fill, 2)) for number, (_, fill) in enumerate(pages, 1) if fill < 0.5]
    assert [page for page in thin if page[0] not in lasts] == []
