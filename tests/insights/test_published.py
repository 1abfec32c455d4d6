"""Published quarters: what leaves the building cannot be differenced, every download is logged and
demo data says so; the dashboard's own figures can be differenced, which the page says.

The population copies the security review's: groups of 1, 2 and 4 firms planted by region, sector,
size, version and quarter, firms that did not consent, held-out and demo firms. The attacker
downloads every table of every published quarter over HTTP, as an analyst would, and tries every
pair of rows: a pair of groups one inside the other that differ by 1 to 9 firms would give away
those firms' figures.
"""

import csv
import io
import itertools
import random
from datetime import datetime

import numpy as np
import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assessments.insights import cells as insight_cells
from assessments.insights import peers, published
from assessments.insights import views as insights_views
from assessments.insights.disclosure import MIN_GROUP
from assessments.insights.figures import BAND_EDGES
from assessments.models import (
    Assessment,
    Driver,
    ExportLog,
    InsightCell,
    InsightRelease,
    PeerCell,
    PeerRelease,
    Question,
    Questionnaire,
    Region,
    Sector,
    SizeBand,
)
from tests.helpers import make_content, make_question, make_questionnaire, make_staff, submit_firm
from tests.insights.test_disclosure import alternative_exists

Q1, Q2, Q3 = 20251, 20252, 20253
LABELS = {
    "region": {str(label): value for value, label in Region.choices},
    "sector": {str(label): value for value, label in Sector.choices},
    "size_band": {str(label): value for value, label in SizeBand.choices},
}
DIMENSION_OF = {"figures-by-region": "region", "figures-by-sector": "sector", "figures-by-size-band": "size_band"}


def in_quarter(quarter, day):
    year, q = divmod(quarter, 10)
    return timezone.make_aware(datetime(year, 3 * q - 2, 1 + day % 27, 12))


@pytest.fixture(scope="module")
def population(django_db_setup, django_db_blocker):
    """Two published quarters with small groups planted, a third of one firm, and the firms that
    must count nowhere; made once for the module (each test's own changes are rolled back) and
    removed after it. Returns the two questionnaire versions."""
    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_db_blocker.unblock(), override_settings(TASKS=dummy):  # no PDFs, no task rows left behind
        versions = _plant()
        yield versions
        _remove()


@pytest.fixture
def world(population, db):
    return population


def _plant():
    rng = random.Random(7)
    v1 = make_content(("safety", "green")).questionnaire
    v2 = make_questionnaire(version=2)
    for question in v1.questions.all():
        make_question(v2, question.driver, question.code)
    codes = list(v1.questions.values_list("code", flat=True))

    def firm(quarter, version=None, **profile):
        levels = {code: rng.choice([0, 1, 2, 3, 4, 4, "dont_know"]) for code in codes}
        assessment, _ = submit_firm(version or v2, levels=levels, **profile)
        Assessment.objects.filter(pk=assessment.pk).update(submitted_at=in_quarter(quarter, rng.randrange(90)))
        return assessment

    for quarter, n in ((Q1, 36), (Q2, 30)):
        for i in range(n):
            firm(quarter, region=["north-west", "west-midlands", "london"][i % 3], sector=["25", "28"][i % 2],
                 size_band=["small", "micro"][i % 2])  # fmt: skip
        firm(quarter, region="north-east")  # 1 firm
        for _ in range(2):
            firm(quarter, region="wales", sector="19")  # 2 firms, and 2 of 3 in sector 19
        for _ in range(4):
            firm(quarter, region="northern-ireland", size_band="medium")  # 4 firms
        firm(quarter, sector="12")  # 1 firm
        firm(quarter, sector="19")
    firm(Q1, version=v1)  # the review's "retired version" pair
    firm(Q1, version=v1)
    firm(Q3, region="scotland")  # a quarter of one firm
    for _ in range(3):
        firm(Q1, consent=False)
    for _ in range(12):
        firm(Q1, is_demo=True)
    held = [firm(Q2) for _ in range(2)]
    Assessment.objects.filter(pk__in=[a.pk for a in held]).update(held=Assessment.Held.IDENTICAL)
    peers.refresh()  # the insight cells by the quarters set above
    published.publish_due()
    return v1, v2


def _remove():
    InsightRelease.objects.all().delete()
    Assessment.objects.all().delete()
    for model in (InsightCell, PeerCell, PeerRelease, Question, Questionnaire, Driver):
        model.objects.all().delete()
    cache.clear()


@pytest.fixture
def analyst(client, db):
    client.force_login(make_staff("analyst-user", "Analyst"))
    return client


def download(client, release, slug, fmt="csv"):
    url = reverse("admin:assessments_assessment_insights_published", args=[release.pk, slug, fmt])
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def rows_of(response):
    """A CSV download's table: the lines after the first blank line (the lines before say what it is)."""
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    table = lines[lines.index([""]) + 1 :] if [""] in lines else lines
    return table[0], table[1:]


def truth(quarter):
    """The firms each published quarter really holds: real, counted, submitted in the quarter."""
    firms = Assessment.objects.counted()
    return {a.pk: a for a in firms if insight_cells.quarter_of(a.submitted_at) == quarter}


def shown_groups(client):
    """(description, set of firm ids, firms shown) for every row of every download that shows a group,
    and per table the groups that are hidden."""
    shown, hidden = [], []
    for release in InsightRelease.objects.filter(is_demo=False, firms__gte=MIN_GROUP):
        firms = truth(release.quarter)
        everyone = frozenset(firms)
        for slug in ("areas", *DIMENSION_OF):
            header, rows = rows_of(download(client, release, slug))
            at = header.index("Firms")
            dimension = DIMENSION_OF.get(slug)
            for row in rows:
                group = everyone
                if dimension:
                    value = LABELS[dimension][row[0]]
                    group = frozenset(pk for pk, a in firms.items() if getattr(a, dimension) == value)
                place = (release.quarter, slug, row[0], row[1])
                (hidden if row[at] == "hidden" else shown).append((place, group, row[at]))
    return shown, hidden


def test_no_two_rows_of_any_downloads_differ_by_one_to_nine_firms(world, analyst):
    shown, hidden = shown_groups(analyst)
    assert len(shown) >= 20 and hidden  # the data hide something, and show plenty
    for (place_a, a, _), (place_b, b, _) in itertools.combinations(shown, 2):
        if a > b or b > a:
            assert len(a ^ b) >= MIN_GROUP, (place_a, place_b, len(a ^ b))
    # Every shown group rests on ten or more and says so exactly; the hidden groups of a table
    # (which its total minus its shown rows gives away) together hold no firm or ten or more.
    assert all(len(group) >= MIN_GROUP and int(firms) == len(group) for _, group, firms in shown)
    together = {}
    for (quarter, slug, _group, area), firms, _ in hidden:
        together.setdefault((quarter, slug, area), set()).update(firms)
    assert all(len(firms) == 0 or len(firms) >= MIN_GROUP for firms in together.values())


def bands(firms, driver):
    counts = np.zeros(len(BAND_EDGES) - 1, dtype=int)
    for a in firms:
        score = a.driver_scores.get(driver__code=driver).score
        counts[np.searchsorted(BAND_EDGES, score, side="right") - 1] += 1
    return counts


def test_no_hidden_band_in_a_download_can_be_worked_out_from_the_others(world, analyst):
    checked = 0
    for release in InsightRelease.objects.filter(is_demo=False, firms__gte=MIN_GROUP):
        firms = truth(release.quarter)
        header, areas = rows_of(download(analyst, release, "areas"))
        area_shares = [i for i, name in enumerate(header) if name.endswith("(% of firms)")]
        for slug, dimension in DIMENSION_OF.items():
            header, rows = rows_of(download(analyst, release, slug))
            shares = [i for i, name in enumerate(header) if name.endswith("(% of firms)")]
            for area_row in areas:
                area = area_row[0]
                driver = {"Safety": "safety", "Green": "green"}[area]
                col_known = np.array([area_row[i] != "hidden" for i in area_shares])
                group_rows = [r for r in rows if r[1] == area]
                groups = [[a for a in firms.values() if getattr(a, dimension) == LABELS[dimension][r[0]]]
                          for r in group_rows]  # fmt: skip
                counts = np.array([bands(g, driver) for g in groups])
                hidden_rows = np.array([r[header.index("Firms")] == "hidden" for r in group_rows])
                hidden = np.array([[r[i] == "hidden" for i in shares] for r in group_rows]) | hidden_rows[:, None]
                for cell in zip(*np.nonzero(hidden & (counts > 0)), strict=True):
                    assert alternative_exists(counts, hidden, hidden_rows, cell, col_known), (slug, area, cell)
                    checked += 1
    assert checked


def test_on_the_dashboard_two_views_can_differ_by_a_few_firms_which_the_page_says(world, analyst):
    v1, v2 = world

    def firms(**data):
        form = insights_views.InsightsFilter(data, [(v1.pk, 1), (v2.pk, 2)], [Q1, Q2, Q3])
        return insights_views.figures(form.filters(), "region")["insights"].firms

    everyone, to_q2, only_v2 = firms(), firms(end=str(Q2)), firms(version=str(v2.pk))
    counted = Assessment.objects.counted()
    q3 = [a for a in counted if insight_cells.quarter_of(a.submitted_at) == Q3]
    assert everyone - to_q2 == len(q3) == 1  # the review's attack: two quarter filters give one firm away
    assert 0 < everyone - only_v2 == counted.filter(questionnaire=v1).count() < MIN_GROUP
    page = analyst.get(reverse("admin:assessments_assessment_insights")).content.decode()
    assert "What this page does not protect" in page and "too few firms: nothing published" in page


def test_a_quarter_is_published_once_its_delay_has_passed_and_never_changes(world, settings):
    before = {(r.quarter, r.firms) for r in InsightRelease.objects.filter(is_demo=False)}
    Assessment.objects.filter(pk__in=list(truth(Q1))[:3]).delete()
    assert published.publish_due() == []
    assert {(r.quarter, r.firms) for r in InsightRelease.objects.filter(is_demo=False)} == before
    quarter_end = published.quarter_end(Q1)
    assert published.quarter_end(20254) == timezone.make_aware(datetime(2026, 1, 1))
    assert not published.due(now=quarter_end)


def test_every_download_is_logged_with_who_when_what_and_how_many_rows(world, analyst):
    q1 = InsightRelease.objects.get(quarter=Q1, is_demo=False)
    page = analyst.get(reverse("admin:assessments_assessment_insights")).content.decode()
    assert reverse("admin:assessments_assessment_insights_published", args=[q1.pk, "all", "xlsx"]) in page
    response = download(analyst, q1, "figures-by-region")
    entry = ExportLog.objects.get()
    assert (entry.username, entry.kind, entry.filters, entry.file_name, entry.rows) == (
        "analyst-user", "insights", {"quarter": Q1, "demo": False, "table": "figures-by-region"},
        "insights-2025Q1-figures-by-region.csv", len(rows_of(response)[1]),
    )  # fmt: skip
    assert "DEMO" not in rows_of_preamble(response) and "published insight tables for 2025 Q1" in rows_of_preamble(
        response
    )


def test_a_demo_download_says_demo_in_its_name_and_first_sheet(world, analyst):
    demo = InsightRelease.objects.get(quarter=Q1, is_demo=True)
    response = download(analyst, demo, "all", "xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    assert "DEMO" in response["Content-Disposition"] and workbook.sheetnames[0] == "About"
    assert "DEMO DATA" in workbook["About"]["A2"].value
    assert "DEMO DATA" in rows_of_preamble(download(analyst, demo, "areas"))


def rows_of_preamble(response):
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return " ".join(line[0] for line in lines[: lines.index([""])])


def test_firms_that_did_not_consent_or_are_held_out_or_demo_are_in_no_publication(world):
    q1, q2 = (InsightRelease.objects.get(quarter=q, is_demo=False) for q in (Q1, Q2))
    assert (q1.firms, q2.firms) == (len(truth(Q1)), len(truth(Q2)))
    assert q1.firms <= 36 + 9 + 2 and q2.firms <= 30 + 9  # of the 52 and 41 counted firms planted
