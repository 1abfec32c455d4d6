"""Picks the recommendations and support programmes that fit one assessment."""

from .models import Programme, Recommendation
from .scoring import BANDS

HORIZON_ORDER = list(Recommendation.Horizon.values)
BAND_ORDER = [code for _, code, _ in BANDS]


def eligible_programmes(programmes, region, size):
    """Active programmes open to a firm of this size in this region, in catalogue order."""
    return [p for p in programmes if p.serves(region, size)]


def matching_recommendations(recommendations, results, answer_levels):
    """Recommendations whose trigger fires.

    results: driver code -> DriverResult; answer_levels: question code -> scored level (questions
    answered don't know or not relevant are absent, so they trigger nothing).
    Band advice comes first within a driver, then question advice by how low the answer was.
    """
    fired = []
    for rec in recommendations:
        if rec.band:
            result = results.get(rec.driver.code)
            if result and result.level == rec.band:
                fired.append((rec, -1))
        elif rec.question_code in answer_levels and answer_levels[rec.question_code] <= rec.at_or_below:
            fired.append((rec, answer_levels[rec.question_code]))
    return [rec for rec, _ in sorted(fired, key=lambda pair: (pair[0].driver.order, pair[1], pair[0].code))]


def by_horizon(recommendations):
    """[(horizon label, [recommendations])] in horizon order, leaving out empty horizons."""
    labels = dict(Recommendation.Horizon.choices)
    return [(labels[h], group) for h in HORIZON_ORDER if (group := [r for r in recommendations if r.horizon == h])]


def action_plan(recommendations, priority_drivers, per_driver=3):
    """The focused plan: for each top-priority driver, its band advice and its most urgent question
    advice (at most `per_driver` items each), grouped by horizon."""
    chosen = []
    for code in priority_drivers:
        chosen.extend([r for r in recommendations if r.driver.code == code][:per_driver])
    return by_horizon(chosen)


def programmes_for(recommendation, eligible):
    """The programmes a recommendation links to that the firm can actually use."""
    allowed = {p.pk for p in eligible}
    return [p for p in recommendation.programmes.all() if p.pk in allowed]


def load_catalogue():
    """All recommendations and programmes in two-three queries (the report needs them all)."""
    recommendations = list(Recommendation.objects.select_related("driver").prefetch_related("programmes"))
    programmes = list(Programme.objects.prefetch_related("drivers"))
    return recommendations, programmes
