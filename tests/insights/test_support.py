"""The dashboard's adviser support grouping: firms supported by an adviser (a share in force that
lets them count in the organisation's anonymous statistics) beside the rest, under the same
disclosure control as every other grouping, and never a filter whose difference from the whole
would give a small supported group away."""

import itertools
from datetime import timedelta

import numpy as np
import pytest
from django.utils import timezone

from assessments.insights import cells as insight_cells
from assessments.insights import figures as insights
from assessments.insights import views as insights_views
from assessments.insights.disclosure import MIN_GROUP
from assessments.insights.figures import BAND_CODES
from tests.helpers import make_content, make_organisation, share_with, submit_firm
from tests.insights.test_dashboard import analyst, page  # noqa: F401  (the fixture)
from tests.insights.test_disclosure import alternative_exists

SUPPORTED, REST = "Supported by an adviser", "Not supported by an adviser"


@pytest.fixture
def version(db):
    return make_content(("safety", "green")).questionnaire


@pytest.fixture
def organisation(db):
    return make_organisation("Business Wales", regions=["wales"])


def firms(version, n, level=2, **profile):
    return [submit_firm(version, level, **profile)[0] for _ in range(n)]


def supported(version, organisation, n, level=2, purposes=("statistics",), **profile):
    found = firms(version, n, level, **profile)
    for firm in found:
        share_with(firm, organisation, purposes)
    return found


def heatmap(query=""):
    """The heatmap's rows by adviser support: group -> [Safety median, Safety firms, Green median, Green firms]."""
    data = dict(pair.split("=") for pair in query.lstrip("?").split("&") if pair)
    filters = insights_views.InsightsFilter(data, [], []).filters()
    table = insights_views.figures(filters, "support")["tables"]["heatmap"]
    return {row[0]: row[1:] for row in table.rows}


def test_supported_firms_are_shown_beside_the_rest_area_by_area(analyst, version, organisation):  # noqa: F811
    supported(version, organisation, 12, level=4)
    firms(version, 15, level=1)
    assert heatmap() == {SUPPORTED: [100, 12, 100, 12], REST: [25, 15, 25, 15]}
    html = page(analyst, "?by=support")
    assert "Median readiness by adviser support and area" in html and SUPPORTED in html and REST in html


def test_only_firms_whose_share_is_in_force_and_allows_statistics_are_supported(version, organisation):
    supported(version, organisation, 10, level=4)
    supported(version, organisation, 2, purposes=("report", "contact"))  # no statistics
    share_with(firms(version, 1)[0], organisation).withdraw()
    ago = timezone.now() - timedelta(days=400)
    share_with(firms(version, 1)[0], organisation, created_at=ago, expires_at=ago + timedelta(days=365))
    firms(version, 10)
    assert heatmap()[SUPPORTED][1] == 10 and heatmap()[REST][1] == 14


def test_a_small_supported_group_is_hidden_and_so_is_the_rest_so_the_total_gives_nothing_away(version, organisation):
    supported(version, organisation, 4, level=4)
    firms(version, 20, level=1)
    assert heatmap() == {SUPPORTED: [None] * 4, REST: [None] * 4}


def test_a_share_made_or_withdrawn_shows_at_once(analyst, version, organisation):  # noqa: F811
    shares = [share_with(firm, organisation, ("statistics",)) for firm in firms(version, 10)]
    firms(version, 12)
    assert "22 firms match" in page(analyst, "?by=support") and heatmap()[SUPPORTED][1] == 10
    shares[0].withdraw()
    assert heatmap()[SUPPORTED][1] is None  # 9 firms: hidden, and the rest with them
    share_with(shares[0].assessment, organisation, ("statistics",))
    assert heatmap()[SUPPORTED][1] == 10


def test_the_filters_apply_to_the_supported_firms_too(version, organisation):
    supported(version, organisation, 10, region="wales")
    supported(version, organisation, 5, region="london")
    firms(version, 10, region="wales")
    firms(version, 5, region="wales", is_demo=True)
    supported(version, organisation, 3, region="wales", is_demo=True)
    assert heatmap()[SUPPORTED][1] == 15
    wales = heatmap("?region=wales")
    assert wales[SUPPORTED][1] == 10 and wales[REST][1] == 10
    with_demo = heatmap("?region=wales&demo=on")
    assert with_demo[SUPPORTED][1] == 13 and with_demo[REST][1] == 15


def test_support_is_a_grouping_only_never_a_filter(analyst, version, organisation):  # noqa: F811
    """Every view of a population split only by support: no two groups shown, one inside the other,
    differ by 1 to 9 firms (which would give those firms' figures away)."""
    small = supported(version, organisation, 4, level=4)
    rest = firms(version, 20, level=1)
    everyone = frozenset(a.pk for a in small + rest)
    members = {SUPPORTED: frozenset(a.pk for a in small), REST: frozenset(a.pk for a in rest)}
    shown = []
    for by, _label in insights_views.BREAKDOWNS:
        for query in ("", "?support=supported", "?support=unsupported", "?supported=on"):
            data = dict(pair.split("=") for pair in query.lstrip("?").split("&") if pair)
            found = insights_views.figures(insights_views.InsightsFilter(data, [], []).filters(), by)
            shown += [everyone] if found["insights"].firms else []
            for row in found["tables"]["heatmap"].rows:
                if row[2] is not None:
                    shown.append(members.get(row[0], everyone))
    assert everyone in shown
    for a, b in itertools.combinations(shown, 2):
        assert not (0 < len(a ^ b) < MIN_GROUP and (a > b or b > a))


SMALL_BANDS = {True: [2] * 12 + [4] * 3, False: [2] * 10 + [3] * 10 + [4] * 4}


def test_no_hidden_figure_of_the_support_grouping_can_be_worked_out(version, organisation):
    for is_supported, levels in SMALL_BANDS.items():
        for level in levels:
            firm = submit_firm(version, level)[0]
            if is_supported:
                share_with(firm, organisation, ("statistics",))
    no_filter = insights_views.InsightsFilter({}, [], []).filters()
    result = insights_views.figures(no_filter, "support")["insights"]
    by_support = result.breakdowns["support"]
    assert by_support.groups == ["supported", "unsupported"]
    rows = insights_views._cells(no_filter)
    cells = insights.unpack(rows, insight_cells.layouts(), result.drivers)
    support = insights_views._supported(rows, cells.drivers, include_demo=False)
    checked = 0
    for d, driver in enumerate(result.drivers):
        everyone = insights.band_counts(cells.scores[:, d, : insights.BINS].sum(axis=0))
        mine = insights.band_counts(support[d])
        counts = np.array([mine, everyone - mine])
        stats = [by_support.stats[(g, driver)] for g in by_support.groups]
        hidden_rows = np.array([s.firms is None for s in stats])
        hidden = np.array([[s.firms is None or share is None for share in s.bands] for s in stats])
        assert hidden.shape == (2, len(BAND_CODES))
        for cell in zip(*np.nonzero(hidden & (counts > 0)), strict=True):
            assert alternative_exists(counts, hidden, hidden_rows, cell), (driver, counts, hidden, cell)
            checked += 1
    assert checked  # the data do hide something
