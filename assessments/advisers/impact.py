"""Impact over time: for the firms that shared with an organisation and agreed to count in its
anonymous statistics, each area's scores then (the assessment the firm shared: its T0) and now (the
newest submitted assessment the firm has since started from it), under the dashboard's disclosure
control.

Only supported firms count (`Share.objects.supported()`: a share in force allowing "statistics"),
each once (a re-assessment that was shared too is not a second firm), and only areas scored both
times. No figure rests on fewer than insights.disclosure.MIN_GROUP firms; medians are nearest-rank
order statistics released to the nearest 10, as peer figures are (never a mean of two firms'
scores); a count of firms that moved up a maturity level is hidden when it, or the rest, is 1 to
MIN_GROUP − 1.
Scores are the firms' own (self-assessed), like every figure about many firms.
"""

from dataclasses import dataclass

from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..insights.benchmarks import histogram, order_statistic
from ..insights.disclosure import MIN_GROUP, released
from ..models import Assessment, Driver, DriverScore, Share
from ..scoring import BANDS, level_for
from .access import workspace

ORDER = [code for _low, code, _name in BANDS]


@dataclass(frozen=True)
class AreaImpact:
    driver: Driver
    firms: int
    then: int | None  # released median, None when hidden
    now: int | None
    moved_up: int | None  # firms whose maturity level rose; None when hidden

    @property
    def shown(self):
        return self.then is not None


def newest_descendant(t0_ids):
    """(T0 id -> the newest submitted assessment started, directly or through others, from it;
    every assessment so started), a query per generation."""
    newest, frontier, seen = {}, {pk: pk for pk in t0_ids}, set()  # frontier: assessment id -> its T0
    while frontier:
        children = Assessment.objects.filter(previous_id__in=frontier).values_list("pk", "previous_id", "status",
                                                                                   "submitted_at")  # fmt: skip
        next_frontier = {}
        for pk, previous, status, submitted_at in children:
            root = frontier[previous]
            next_frontier[pk] = root
            seen.add(pk)
            if status == Assessment.Status.SUBMITTED and (root not in newest or submitted_at > newest[root][1]):
                newest[root] = (pk, submitted_at)
        frontier = next_frontier
    return {root: pk for root, (pk, _at) in newest.items()}, seen


def pairs(organisation):
    """(T0 id, now id) for each counted firm of the organisation."""
    shared = set(Share.objects.supported().filter(organisation=organisation).values_list("assessment_id", flat=True))
    later, started_later = newest_descendant(shared)
    # A shared re-assessment started from another shared one is the same firm: counted once, from its T0.
    return [(t0, now) for t0, now in later.items() if t0 not in started_later]


def area_figures(then_scores, now_scores):
    """(firms, median then, median now, firms that moved up a level) from the firms' area scores
    then and now (two lists, a firm at the same place in each); pure. The count is hidden (None)
    when it or the firms that did not move up number 1 to MIN_GROUP − 1: either would single out
    a few firms."""
    firms = len(then_scores)
    if firms < MIN_GROUP:
        return firms, None, None, None
    up = sum(
        ORDER.index(level_for(b)) > ORDER.index(level_for(a)) for a, b in zip(then_scores, now_scores, strict=True)
    )
    return (
        firms,
        released(order_statistic(histogram(then_scores), 0.5)),
        released(order_statistic(histogram(now_scores), 0.5)),
        up if all(n == 0 or n >= MIN_GROUP for n in (up, firms - up)) else None,
    )


def impact(organisation):
    """An AreaImpact per driver, in driver order."""
    found = pairs(organisation)
    ids = {pk for pair in found for pk in pair}
    scores = {}
    for assessment_id, driver_id, score in DriverScore.objects.filter(
        assessment_id__in=ids, score__isnull=False
    ).values_list("assessment_id", "driver_id", "score"):
        scores[(assessment_id, driver_id)] = score
    rows = []
    for driver in Driver.objects.all():
        both = [(scores[(t0, driver.pk)], scores[(now, driver.pk)]) for t0, now in found
                if (t0, driver.pk) in scores and (now, driver.pk) in scores]  # fmt: skip
        firms, then, now, up = area_figures([a for a, _ in both], [b for _, b in both])
        rows.append(AreaImpact(driver, firms, then, now, up))
    return rows


@require_safe
@workspace
def impact_page(request, adviser):
    context = {"adviser": adviser, "areas": impact(adviser.organisation), "min_group": MIN_GROUP}
    return render(request, "advisers/impact.html", context)
