"""Picks the recommendations and support programmes that fit one assessment.

A legal duty comes first: advice on a question that tests a legal duty, answered at LEGAL_GAP_LEVEL
or below, leads its area and the action plan, whatever the band advice says.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ..models import Programme, Recommendation

HORIZON_ORDER = list(Recommendation.Horizon.values)
LEGAL_GAP_LEVEL = 1  # on a legal-duty question, level 2 is the legal minimum
LEGAL_GROUP = _("Legal requirements: put these right first")


def eligible_programmes(programmes, region, size):
    """Of the recommendable programmes, those open to a firm of this size in this region, in catalogue order."""
    return [p for p in programmes if p.serves(region, size)]


def legal_gaps(answer_levels, legal_duties):
    """Codes of the questions that test a legal duty and were answered at LEGAL_GAP_LEVEL or below.

    answer_levels: question code -> scored level; legal_duties: codes of the legal-duty questions."""
    return frozenset(code for code in legal_duties if answer_levels.get(code, LEGAL_GAP_LEVEL + 1) <= LEGAL_GAP_LEVEL)


def matching_recommendations(recommendations, results, answer_levels, sector=None, legal=frozenset()):
    """Recommendations whose trigger fires, for a firm of this sector (SIC division code).

    results: driver code -> DriverResult; answer_levels: question code -> scored level (questions
    answered don't know or not relevant are absent, so they trigger nothing); legal: legal_gaps().
    A recommendation naming sectors fires only for a firm in one of them. Within a driver: advice on
    a legal gap first, then band advice, then question advice by how low the answer was.
    """
    fired = []
    for rec in recommendations:
        if sector is not None and not rec.suits(sector):
            continue
        if rec.band:
            result = results.get(rec.driver.code)
            if result and result.level == rec.band:
                fired.append((rec, -1))
        elif rec.question_code in answer_levels and answer_levels[rec.question_code] <= rec.at_or_below:
            fired.append((rec, answer_levels[rec.question_code]))

    def urgency(pair):
        rec, level = pair
        return rec.driver.order, rec.question_code not in legal, level, rec.code

    return [rec for rec, _level in sorted(fired, key=urgency)]


@dataclass(frozen=True)
class Advice:
    """A recommendation that fired for this firm, with the linked programmes it can actually use;
    `legal` when it answers a legal requirement the firm does not yet meet."""

    rec: Recommendation
    programmes: list
    legal: bool = False

    @property
    def horizon(self):
        return self.rec.horizon

    @property
    def driver(self):
        return self.rec.driver


def advise(recommendations, eligible, legal=frozenset()):
    """Wraps fired recommendations with their linked programmes, keeping only the eligible ones."""
    allowed = {p.pk for p in eligible}
    return [
        Advice(r, [p for p in r.programmes.all() if p.pk in allowed], r.question_code in legal) for r in recommendations
    ]


def by_horizon(items):
    """[(label, [items])]: the legal requirements first (when there are any), then the rest in
    horizon order, leaving out empty groups. Items have .horizon and .legal."""
    labels = dict(Recommendation.Horizon.choices)
    legal = [i for i in items if i.legal]
    rest = [i for i in items if not i.legal]
    groups = [(LEGAL_GROUP, legal)] if legal else []
    return groups + [(labels[h], group) for h in HORIZON_ORDER if (group := [i for i in rest if i.horizon == h])]


def action_plan(items, priority_drivers, per_driver=3):
    """The focused plan: every legal requirement, whichever area it is in, then for each
    top-priority driver its band advice and most urgent question advice (at most `per_driver` items
    each), grouped as by_horizon(). Items have .driver, .horizon and .legal."""
    chosen = [i for i in items if i.legal]
    for code in priority_drivers:
        chosen.extend([i for i in items if i.driver.code == code and not i.legal][:per_driver])
    return by_horizon(chosen)


def load_catalogue(questionnaire):
    """The version's recommendations and every recommendable programme, in four queries."""
    recommendations = list(questionnaire.recommendations.select_related("driver").prefetch_related("programmes"))
    programmes = list(Programme.objects.recommendable().prefetch_related("drivers"))
    return recommendations, programmes
