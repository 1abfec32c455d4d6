"""Answers -> driver scores, maturity levels and priorities.

Pure functions over pandas DataFrames and plain values: no ORM, no request. The same function
scores an assessment at submit and recomputes it later, so stored scores can always be checked.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from django.utils.translation import gettext_lazy as _

# (lowest score in the band, code, name). Scores are whole numbers, so 19 is Starting, 20 Developing.
BANDS = [
    (0, "starting", _("Starting")),
    (20, "developing", _("Developing")),
    (40, "established", _("Established")),
    (60, "advanced", _("Advanced")),
    (80, "leading", _("Leading")),
]
BAND_CHOICES = [(code, name) for _low, code, name in BANDS]
BAND_NAMES = dict(BAND_CHOICES)
MIN_COVERAGE = 0.5
MAX_LEVEL = 4
DEFAULT_IMPORTANCE = 3

SCORED, DONT_KNOW, NOT_RELEVANT = "scored", "dont_know", "not_relevant"


@dataclass(frozen=True)
class DriverResult:
    driver: str
    score: int | None  # None when coverage is below MIN_COVERAGE ("not enough answers")
    level: str | None
    coverage: float  # answered with a level / applicable questions, 0–1
    answered: int
    applicable: int
    dont_know: int

    @property
    def enough_answers(self):
        return self.score is not None


@dataclass(frozen=True)
class Priority:
    driver: str
    importance: int
    score: int
    priority: int  # importance × (100 − score)


def round_half_up(value):
    return int(Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def level_for(score):
    """The band code for a whole-number score 0–100."""
    if score is None:
        return None
    if not 0 <= score <= 100:
        raise ValueError(f"score out of range: {score}")
    return [code for low, code, _name in BANDS if score >= low][-1]


def score_drivers(questions, answers, driver_codes=None):
    """Scores every driver.

    questions: DataFrame with columns code, driver, weight (one row per question of the version).
    answers: DataFrame with columns question (a question code), kind, level.
    driver_codes: the drivers to report, in order (default: those that have questions).

    A question scores level / 4 × 100. Not relevant and don't know answers drop out; don't know
    still counts as applicable, so it lowers coverage. The driver score is the weighted mean of
    its scored questions, rounded half up to a whole number; below 50 % coverage it is None.
    """
    merged = questions[["code", "driver", "weight"]].merge(
        answers[["question", "kind", "level"]], how="left", left_on="code", right_on="question"
    )
    merged["weight"] = merged["weight"].astype(float)
    results = {}
    for driver in driver_codes if driver_codes is not None else list(dict.fromkeys(questions["driver"])):
        rows = merged[merged["driver"] == driver]
        applicable = rows[rows["kind"] != NOT_RELEVANT]
        scored = applicable[applicable["kind"] == SCORED]
        coverage = len(scored) / len(applicable) if len(applicable) else 0.0
        score = None
        if coverage >= MIN_COVERAGE and scored["weight"].sum() > 0:
            points = scored["level"].astype(float) / MAX_LEVEL * 100
            score = round_half_up((points * scored["weight"]).sum() / scored["weight"].sum())
        results[driver] = DriverResult(
            driver=driver,
            score=score,
            level=level_for(score),
            coverage=round(coverage, 4),
            answered=len(scored),
            applicable=len(applicable),
            dont_know=int((applicable["kind"] == DONT_KNOW).sum()),
        )
    return results


def overall_score(results):
    """Mean of the driver scores that have enough answers, rounded half up; None if none do."""
    scores = [r.score for r in results.values() if r.score is not None]
    return round_half_up(sum(scores) / len(scores)) if scores else None


def priorities(results, importance):
    """Drivers ranked by importance × (100 − score), highest first.

    importance: driver code -> 1..5 (missing means DEFAULT_IMPORTANCE). Drivers without a score
    are left out. Ties go to the lower score, then to the driver order of `results`.
    """
    ranked = [
        Priority(r.driver, imp, r.score, imp * (100 - r.score))
        for r in results.values()
        if r.score is not None
        for imp in [int(importance.get(r.driver) or DEFAULT_IMPORTANCE)]
    ]
    order = {code: i for i, code in enumerate(results)}
    return sorted(ranked, key=lambda p: (-p.priority, p.score, order[p.driver]))


def questions_frame(rows):
    return pd.DataFrame(rows, columns=["code", "driver", "weight"])


def answers_frame(rows):
    return pd.DataFrame(rows, columns=["question", "kind", "level"])
