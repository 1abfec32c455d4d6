"""The insights dashboard: who sees it, what it counts, what it hides, and what it costs."""

import calendar
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.insights import cells as insight_cells
from assessments.insights import figures as insights
from assessments.insights import peers
from assessments.insights import views as insights_views
from assessments.insights.figures import BAND_CODES
from assessments.models import Assessment
from tests.helpers import make_content, make_question, make_questionnaire, make_staff, submit_firm
from tests.insights.test_disclosure import alternative_exists

URL = reverse("admin:assessments_assessment_insights")
LONDON = ZoneInfo("Europe/London")


def staff(group):
    return make_staff(f"{group.lower().replace(' ', '-')}-user", group)


@pytest.fixture
def analyst(client, db):
    client.force_login(staff("Analyst"))
    return client


@pytest.fixture
def version(db):
    return make_content(("safety", "green")).questionnaire


def firms(version, n, level=2, **profile):
    return [submit_firm(version, level, **profile)[0] for _ in range(n)]


def page(client, query=""):
    response = client.get(URL + query)
    assert response.status_code == 200
    return response.content.decode()


def shown(version, query=""):
    """The figures the page shows for a filter (no filter: all real firms)."""
    data = dict(pair.split("=") for pair in query.lstrip("?").split("&") if pair)
    return insights_views.figures(insights_views.InsightsFilter(data, [], []).filters(), "region")


def table(version, name, query=""):
    """One of the page's tables, as rows of values (None: hidden), with the header first."""
    found = shown(version, query)["tables"][name]
    return [found.columns, *found.rows]


def test_an_analyst_sees_readiness_by_area(analyst, version):
    firms(version, 11, level=3)
    assert "11 firms match these filters" in page(analyst)


def test_a_content_editor_may_not_see_it(client, version):
    client.force_login(staff("Content editor"))
    assert client.get(URL).status_code == 403


def test_someone_signed_out_is_sent_to_sign_in(client, db):
    assert client.get(URL).status_code == 302


def test_the_assessments_list_links_to_it_for_analysts_only(analyst, version):
    changelist = analyst.get(reverse("admin:assessments_assessment_changelist")).content.decode()
    assert URL in changelist


def test_fewer_than_ten_firms_show_nothing(analyst, version):
    firms(version, 9)
    assert "Fewer than 10 firms match these filters" in page(analyst)


def test_firms_that_did_not_consent_are_not_counted(analyst, version):
    firms(version, 10)
    firms(version, 3, consent=False)
    assert "10 firms match" in page(analyst)


def test_held_out_firms_are_not_counted_and_the_page_flags_them(analyst, version):
    firms(version, 10)
    held = firms(version, 4)
    Assessment.objects.filter(pk__in=[a.pk for a in held]).update(held=Assessment.Held.BURST, submitted_from="x")
    peers.refresh()
    html = page(analyst)
    assert "10 firms match" in html and "4 assessments are held out" in html and "1 network submitted a burst" in html


def test_demo_firms_count_only_when_asked_for(analyst, version):
    firms(version, 10)
    firms(version, 7, is_demo=True)
    assert "10 firms match" in page(analyst) and "17 firms match" in page(analyst, "?demo=on")


def test_a_database_of_demo_data_only_says_so_and_offers_it(analyst, version):
    firms(version, 7, is_demo=True)
    html = page(analyst)
    assert "holds only demo data" in html and "demo=on" in html and "firms match" not in html


def test_a_small_region_is_hidden_and_so_is_the_next_smallest(version):
    firms(version, 16, region="wales")
    firms(version, 12, region="scotland")
    firms(version, 3, region="london")
    rows = {row[0]: row for row in table(version, "heatmap")[1:]}
    assert rows["London"][1:3] == [None, None] and rows["Scotland"][1:3] == [None, None]
    assert rows["Wales"][2] == 16


def test_every_firms_figure_on_the_page_rests_on_ten_or_more(version):
    for i, region in enumerate(["wales", "london", "scotland", "north-east"]):
        firms(version, 4 + 5 * i, level=i % 5, region=region)
    for name in ("areas", "heatmap", "figures"):
        rows = table(version, name)
        columns = [i for i, title in enumerate(rows[0]) if title == "Firms" or title.endswith(": firms")]
        figures = [row[i] for row in rows[1:] for i in columns]
        assert figures and all(v is None or v >= 10 or v == 0 for v in figures)


SMALL_BANDS = {"wales": [2] * 12 + [4] * 3, "london": [2] * 10 + [3] * 10 + [4] * 4, "scotland": [3] * 11 + [1] * 3}
SMALL_REGIONS = {"wales": [2] * 12, "london": [3] * 12, "scotland": [1] * 2, "north-east": [4] * 3}


@pytest.mark.parametrize("levels", [SMALL_BANDS, SMALL_REGIONS], ids=["small bands", "small regions"])
def test_no_hidden_figure_can_be_worked_out_from_the_figures_shown(version, levels):
    for region, firm_levels in levels.items():
        for level in firm_levels:
            submit_firm(version, level, region=region)
    no_filter = insights_views.InsightsFilter({}, [], []).filters()
    result = insights_views.figures(no_filter, "region")["insights"]
    by_region = result.breakdowns["region"]
    cells = insights.unpack(insights_views._cells(no_filter), insight_cells.layouts(), result.drivers)
    checked = 0
    for d, driver in enumerate(result.drivers):
        counts = np.zeros((len(by_region.groups), len(BAND_CODES)), dtype=int)
        for key, scores in zip(cells.keys, cells.scores, strict=True):
            counts[by_region.groups.index(key["region"])] += insights.band_counts(scores[d, : insights.BINS])
        stats = [by_region.stats[(g, driver)] for g in by_region.groups]
        hidden_rows = np.array([s.firms is None for s in stats])
        hidden = np.array([[s.firms is None or share is None for share in s.bands] for s in stats])
        for cell in zip(*np.nonzero(hidden & (counts > 0)), strict=True):
            assert alternative_exists(counts, hidden, hidden_rows, cell), (driver, counts, hidden, cell)
            checked += 1
    assert checked  # the data do hide something


def test_the_figures_come_from_a_few_queries_whatever_the_filters(analyst, version):
    for region in ("wales", "london"):
        firms(version, 11, region=region)
    for query in ("", "?region=wales&by=sector", "?demo=on&size_band=small&start=20001&end=29994", "?version=x"):
        with CaptureQueriesContext(connection) as first:
            page(analyst, query)
        # The page and its figures (2 of them for the supported firms: which shares, and their scores), 2 for
        # the published quarters and the held-out flags, and 3 (savepoint, update, release) for the idle
        # timeout's timestamp, written at most once a minute.
        assert len(first) <= 21, query


def test_a_repeat_view_is_served_from_the_cache(analyst, version, monkeypatch):
    firms(version, 11)
    page(analyst)
    monkeypatch.setattr(insights, "build", lambda *a, **k: pytest.fail("figures computed again"))
    assert "11 firms match" in page(analyst)


def test_a_new_submit_shows_at_once(analyst, version):
    firms(version, 11)
    page(analyst)
    firms(version, 1)
    assert "12 firms match" in page(analyst)


def test_an_area_renamed_in_the_admin_shows_at_once(analyst, version):
    firms(version, 11)
    page(analyst)
    driver = version.questions.first().driver
    driver.name = "Safety and wellbeing"
    driver.save()
    assert "Safety and wellbeing" in page(analyst)


def test_versions_are_matched_by_question_code(analyst, version):
    newer = make_questionnaire(version=2)
    for question in version.questions.all():
        make_question(newer, question.driver, question.code)
    firms(version, 6, level=0)
    firms(newer, 6, level=0)
    weakest = table(version, "weakest")
    assert weakest[1][3] == 12  # firms that answered, from both versions
    only_v2 = page(analyst, f"?version={newer.pk}")
    assert "Fewer than 10 firms match" in only_v2


def test_the_charts_carry_no_inline_styles(analyst, version):
    firms(version, 11)
    html = page(analyst)
    svg = html[html.index("<svg") : html.rindex("</svg>")]
    assert "style=" not in svg and "<script" not in svg


def test_an_unknown_filter_value_is_dropped_and_the_others_still_apply(analyst, version):
    firms(version, 11, region="wales")
    firms(version, 10, region="london")
    assert "11 firms match" in page(analyst, "?region=wales&version=nonsense")


def test_the_page_states_its_disclosure_rules(analyst, version):
    assert "neither does a maturity band of 1 to 9 firms" in page(analyst)


def test_the_page_says_plainly_that_comparing_views_is_not_protected_and_offers_no_download(analyst, version):
    firms(version, 11)
    html = page(analyst)
    assert "comparing two views" in html and "What this page does not protect" in html
    assert "/insights/published/" not in html  # nothing published yet, and the page's own figures never


def test_firms_of_each_month_are_shown_in_its_quarter(analyst, version):
    """Four firms a month, two in its first and two in its last minute UK time (the clock in UTC): twelve a
    quarter."""
    for month in range(1, 13):
        last_day = calendar.monthrange(2026, month)[1]
        for moment in (
            datetime(2026, month, 1, 0, 0, tzinfo=LONDON),
            datetime(2026, month, last_day, 23, 59, tzinfo=LONDON),
        ):
            for _ in range(2):
                submit_firm(version, submitted_at=moment.astimezone(UTC))
    shown = {q: page(analyst, f"?start=2026{q}&end=2026{q}") for q in (1, 2, 3, 4)}
    assert all("12 firms match these filters" in html for html in shown.values())
    assert all(f'<option value="2026{q}" selected>2026 Q{q}</option>' in html for q, html in shown.items())
