"""Where peer figures come from: the scores of other consenting, submitted firms.

`comparison()` gives the report its peer group and per-driver medians and percentiles (the maths is
benchmarks'); `revision()` names the state of the peer figures one assessment would see, so a
stored PDF can tell whether its peer figures are still current without building the report.
"""

from django.db.models import Count, Max

from . import benchmarks
from .models import Assessment, DriverScore


def _peer_scores(assessment):
    """The scores that count: other submitted, consenting firms that scored every area (a made-up
    peer then costs a whole assessment; see benchmarks for the rest of the defence)."""
    partial = DriverScore.objects.filter(score__isnull=True).values("assessment_id")
    return (
        DriverScore.objects.filter(assessment__status=Assessment.Status.SUBMITTED, assessment__benchmark_consent=True)
        .exclude(assessment=assessment)
        .exclude(assessment_id__in=partial)
    )


def comparison(assessment, results):
    """(the peer group used or None, driver code -> PeerScore) for this firm's results."""
    rows = _peer_scores(assessment).values_list(
        "assessment_id", "driver__code", "score", "assessment__sector", "assessment__size_band"
    )
    group, group_rows = benchmarks.choose_group(
        benchmarks.peers_frame(list(rows)), assessment.sector, assessment.size_band
    )
    return group, benchmarks.compare(group_rows, {c: r.score for c, r in results.items()})


def revision(assessment):
    """A short string that changes whenever the peer figures this assessment's report shows could."""
    state = _peer_scores(assessment).aggregate(n=Count("id"), last=Max("assessment__submitted_at"))
    return f"{state['n']}:{state['last'].isoformat() if state['last'] else '-'}"
