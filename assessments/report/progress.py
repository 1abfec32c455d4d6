"""Progress over time: how each area moved since the assessment this one was started from."""

from dataclasses import dataclass
from datetime import date

from ..models import Assessment, Driver, DriverScore
from . import charts


@dataclass(frozen=True)
class Change:
    driver: Driver
    then: int | None  # None: "not enough answers" then
    now: int | None

    @property
    def difference(self):
        return None if self.then is None or self.now is None else self.now - self.then


@dataclass(frozen=True)
class Progress:
    """The change per area since the assessment this one started from."""

    since: date  # when the earlier one was submitted
    changes: list  # Change per area, in driver order
    svg: str


def progress_since(assessment, sections):
    """Then → now per area, from the earlier assessment's stored scores (one query); None when this
    assessment was not started from a submitted one."""
    if assessment.previous_id is None:
        return None
    stored = DriverScore.objects.filter(
        assessment_id=assessment.previous_id, assessment__status=Assessment.Status.SUBMITTED
    )
    earlier = {d: (score, at) for d, score, at in stored.values_list("driver_id", "score", "assessment__submitted_at")}
    if not earlier:
        return None
    changes = [Change(s.driver, earlier.get(s.driver.pk, (None,))[0], s.result.score) for s in sections]
    since = next(iter(earlier.values()))[1].date()
    names = tuple(c.driver.name for c in changes)
    svg = charts.progress(names, tuple(c.then for c in changes), tuple(c.now for c in changes))
    return Progress(since, changes, svg)
