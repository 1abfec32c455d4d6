"""Published tables: the insight figures that may leave the building (CSV and XLSX downloads).

The dashboard lets analysts filter freely, and comparing two filtered views can narrow down a small
group, so nothing on it is downloadable. What can be downloaded is the publication of a completed
quarter, made once INSIGHTS_RELEASE_DELAY_DAYS have passed after it (so held-out assessments can
be reviewed first) and never changed again:

- a frozen copy of the quarter's insight cells (InsightRelease and its ReleasedInsightCell rows),
  real firms only; demo data is published on its own and every file of it says so;
- from it, a fixed set of tables: all firms, by region, by sector and by size band (one dimension
  at a time, every questionnaire version matched by question code), the weakest questions and the
  commonest "don't know" answers, each protected by disclosure.protect against the shared totals.

Why no combination of downloads pins a hidden figure: the quarters hold disjoint sets of firms and
no table mixes them; within a quarter each table is a margin of the same firms, whose hidden groups
together hold 0 or at least MIN_GROUP firms and whose hidden cells each have an alternative value
consistent with the totals; a margin by another dimension says nothing about how one group's firms
split, so it cannot narrow that alternative down; and a published quarter never changes, so a later
deletion or an admitted firm cannot be read as the difference of two versions of it.
(tests/test_insights_published.py checks every pair of rows of every download.)
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import Driver, InsightCell, InsightRelease, Region, ReleasedInsightCell, Sector, SizeBand
from . import cells as insight_cells
from . import figures as insights
from . import tables as insight_tables

DIMENSIONS = ("region", "sector", "size_band")
CHOICES = {"region": Region, "sector": Sector, "size_band": SizeBand}
FIELDS = ["questionnaire_id", "region", "sector", "size_band", "firms", "counts"]


def quarter_end(quarter):
    """The first moment after a quarter (20263 → 1 October 2026, 00:00 UK time)."""
    year, q = divmod(quarter, 10)
    year, month = (year + 1, 1) if q == 4 else (year, 3 * q + 1)
    return timezone.make_aware(datetime(year, month, 1))


def due(now=None):
    """(quarter, is_demo) pairs with firms that have closed long enough ago and are not published."""
    now = now or timezone.now()
    delay = timedelta(days=settings.INSIGHTS_RELEASE_DELAY_DAYS)
    found = set(InsightCell.objects.filter(firms__gt=0).order_by().values_list("quarter", "is_demo").distinct())
    done = set(InsightRelease.objects.values_list("quarter", "is_demo"))
    return sorted(pair for pair in found - done if quarter_end(pair[0]) + delay <= now)


def publish(quarter, is_demo=False, now=None):
    """Freezes one quarter's insight cells as its publication; the existing one if it is published."""
    try:
        with transaction.atomic():
            cells = list(InsightCell.objects.filter(quarter=quarter, is_demo=is_demo, firms__gt=0).values(*FIELDS))
            firms = sum(c["firms"] for c in cells)
            release = InsightRelease.objects.create(
                quarter=quarter, is_demo=is_demo, released_at=now or timezone.now(), firms=firms
            )
            ReleasedInsightCell.objects.bulk_create([ReleasedInsightCell(release=release, **c) for c in cells])
            return release
    except IntegrityError:  # published meanwhile by another worker
        return InsightRelease.objects.get(quarter=quarter, is_demo=is_demo)


def publish_due(now=None):
    """Publishes every quarter that is due; returns the new InsightReleases."""
    return [publish(quarter, is_demo, now) for quarter, is_demo in due(now)]


def figures_of(release):
    """The publication's figures (figures.Insights), by region, sector and size band."""
    rows = [
        (
            c["questionnaire_id"],
            release.quarter,
            c["region"],
            c["sector"],
            c["size_band"],
            c["firms"],
            bytes(c["counts"]),
        )  # fmt: skip
        for c in release.cells.order_by("pk").values(*FIELDS)
    ]
    layouts = insight_cells.layouts({r[0] for r in rows})
    drivers = list(Driver.objects.values_list("code", flat=True))
    order = {dim: list(choices.values) for dim, choices in CHOICES.items()}
    return insights.build(insights.unpack(rows, layouts, drivers), dimensions=DIMENSIONS, group_order=order), layouts


def tables_of(release, labels):
    """slug -> Table: every table of the publication, in the order the workbook lists them."""
    result = figures_of(release)[0]
    if not result.firms:
        return {}
    tables = [insight_tables.areas(result, labels)]
    tables += [insight_tables.full(result, labels, dim) for dim in DIMENSIONS]
    tables += [insight_tables.weakest(result, labels), insight_tables.dont_know(result, labels)]
    return {t.slug: t for t in tables}
