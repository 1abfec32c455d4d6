"""The insight cells (cells.py): what submits add is what a rebuild from the stored answers makes, and
every month is in its calendar quarter, turning at midnight UK time on GMT and BST alike. The
dashboard's side: test_dashboard.py."""

import calendar
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from assessments.insights import peers
from assessments.insights.cells import quarter_of
from tests.helpers import make_content, submit_firm

LONDON = ZoneInfo("Europe/London")
QUARTER_OF_MONTH = {1: 1, 2: 1, 3: 1, 4: 2, 5: 2, 6: 2, 7: 3, 8: 3, 9: 3, 10: 4, 11: 4, 12: 4}


@pytest.mark.parametrize("month", range(1, 13))
def test_the_first_and_last_minutes_of_each_month_in_the_uk_are_in_its_quarter(month):
    first = datetime(2026, month, 1, 0, 0, tzinfo=LONDON)
    last = datetime(2026, month, calendar.monthrange(2026, month)[1], 23, 59, 59, tzinfo=LONDON)
    assert quarter_of(first) == quarter_of(last) == 20260 + QUARTER_OF_MONTH[month]


@pytest.mark.parametrize(
    ("moment", "quarter"),
    [
        (datetime(2026, 3, 31, 22, 59, tzinfo=UTC), 20261),  # 23:59 BST on 31 March
        (datetime(2026, 3, 31, 23, 0, tzinfo=UTC), 20262),  # midnight BST: 1 April
        (datetime(2026, 6, 30, 22, 59, tzinfo=UTC), 20262),
        (datetime(2026, 6, 30, 23, 0, tzinfo=UTC), 20263),
        (datetime(2026, 9, 30, 22, 59, tzinfo=UTC), 20263),
        (datetime(2026, 9, 30, 23, 0, tzinfo=UTC), 20264),
        (datetime(2026, 12, 31, 23, 59, tzinfo=UTC), 20264),  # GMT: UTC is UK time in winter
        (datetime(2027, 1, 1, 0, 0, tzinfo=UTC), 20271),
    ],
)
def test_a_quarter_turns_at_midnight_uk_time(moment, quarter):
    assert quarter_of(moment) == quarter


@pytest.fixture
def version(db):
    return make_content(("safety", "green")).questionnaire


def test_submits_and_a_rebuild_make_the_same_cells(version):
    for i in range(9):
        submit_firm(version, i % 5, region=["wales", "london"][i % 2], levels={"safety-01": "dont_know"})
    assert peers.refresh() == 0
