"""Picks the recommendations and support programmes that fit one assessment."""

from dataclasses import dataclass

from ..models import Programme, Recommendation

HORIZON_ORDER = list(Recommendation.Horizon.values)


def eligible_programmes(programmes, region, size):
    """Of the recommendable programmes, those open to a firm of this size in this region, in catalogue order."""
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


@dataclass(frozen=True)
class Advice:
    """A recommendation that fired for this firm, with the linked programmes it can actually use."""

    rec: Recommendation
    programmes: list

    @property
    def horizon(self):
        return self.rec.horizon

    @property
    def driver(self):
        return self.rec.driver


def advise(recommendations, eligible):
    """Wraps fired recommendations with their linked programmes, keeping only the eligible ones."""
    allowed = {p.pk for p in eligible}
    return [Advice(r, [p for p in r.programmes.all() if p.pk in allowed]) for r in recommendations]


def by_horizon(items):
    """[(horizon label, [items])] in horizon order, leaving out empty horizons. Items have .horizon."""
    labels = dict(Recommendation.Horizon.choices)
    return [(labels[h], group) for h in HORIZON_ORDER if (group := [i for i in items if i.horizon == h])]


def action_plan(items, priority_drivers, per_driver=3):
    """The focused plan: for each top-priority driver, its band advice and its most urgent question
    advice (at most `per_driver` items each), grouped by horizon. Items have .driver and .horizon."""
    chosen = []
    for code in priority_drivers:
        chosen.extend([i for i in items if i.driver.code == code][:per_driver])
    return by_horizon(chosen)


def load_catalogue(questionnaire):
    """The version's recommendations and every recommendable programme, in four queries."""
    recommendations = list(questionnaire.recommendations.select_related("driver").prefetch_related("programmes"))
    programmes = list(Programme.objects.recommendable().prefetch_related("drivers"))
    return recommendations, programmes
