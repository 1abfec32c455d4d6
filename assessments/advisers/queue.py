"""The organisation's queue: the firms that shared with it, each with a status and, where the firm
shared its report, its scores and priorities, read from the stored self-assessed scores.

Status, from what the organisation has done: "validated" once one of its advisers has recorded a
current validation, "in progress" once the firm is assigned or has a note, otherwise "new".
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from ..models import DriverScore, Note, Share, Validation
from ..scoring import DriverResult, priorities

NEW, IN_PROGRESS, VALIDATED = "new", "in_progress", "validated"


@dataclass(frozen=True)
class Entry:
    share: Share
    status: str
    scores: list  # DriverScore rows in driver order; empty without the report purpose or before submit
    priorities: list  # (Driver, scoring.Priority), highest first

    @property
    def assessment(self):
        return self.share.assessment

    @property
    def top(self):
        return self.priorities[0] if self.priorities else None


def annotated(shares, organisation):
    """Shares with `validated` and `noted` flags for the organisation (two subqueries)."""
    of_firm = {"assessment": OuterRef("assessment"), "organisation": organisation}
    return shares.annotate(
        validated=Exists(Validation.objects.current().filter(**of_firm)),
        noted=Exists(Note.objects.filter(**of_firm)),
    )


def status_of(share):
    if share.validated:
        return VALIDATED
    return IN_PROGRESS if share.assigned_to_id or share.noted else NEW


def scored(shares):
    """assessment id -> its DriverScore rows, for the shares whose firm shared its report (one query)."""
    ids = [s.assessment_id for s in shares if s.sees_report and s.assessment.is_submitted]
    rows = {}
    for score in DriverScore.objects.filter(assessment_id__in=ids).select_related("driver"):
        rows.setdefault(score.assessment_id, []).append(score)
    return rows


def ranked(scores, importance):
    """(Driver, Priority) per scored area, by scoring's one priority rule."""
    drivers = {s.driver.code: s.driver for s in scores}
    results = {
        s.driver.code: DriverResult(s.driver.code, s.score, s.level or None, s.coverage, 0, 0, 0) for s in scores
    }
    return [(drivers[p.driver], p) for p in priorities(results, importance)]


def entry(share, scores):
    return Entry(share, status_of(share), scores, ranked(scores, share.assessment.importance))


def entries(adviser, filters=None):
    """The adviser's organisation's queue, newest share first, filtered by status, region, sector,
    size, top priority area and "assigned to me"."""
    filters = filters or {}
    shares = Share.objects.seen_by(adviser).select_related("assessment", "assigned_to__user")
    for field, key in [("region", "region"), ("sector", "sector"), ("size_band", "size")]:
        if filters.get(key):
            shares = shares.filter(**{f"assessment__{field}": filters[key]})
    if filters.get("mine"):
        shares = shares.filter(assigned_to=adviser)
    shares = list(annotated(shares, adviser.organisation))
    scores = scored(shares)
    rows = [entry(s, scores.get(s.assessment_id, [])) for s in shares]
    if filters.get("status"):
        rows = [r for r in rows if r.status == filters["status"]]
    if filters.get("priority"):
        rows = [r for r in rows if r.top and r.top[0].code == filters["priority"]]
    return rows


def entry_for(share):
    """The queue entry of one share (the firm's page)."""
    (one,) = annotated(Share.objects.filter(pk=share.pk).select_related("assigned_to__user"), share.organisation_id)
    one.assessment = share.assessment
    return entry(one, scored([one]).get(share.assessment_id, []))
