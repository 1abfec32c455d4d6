"""The report: one typed object, built by `for_assessment()`, that the results page and the PDF both
show, so the two never disagree. Scores come from the same AnswerSheet that submit stores.
"""

from dataclasses import dataclass, fields
from datetime import date

from . import advice, benchmarks, charts
from . import peers as peer_figures
from .models import AnswerSheet, Assessment, Driver, DriverScore, Option
from .scoring import BAND_NAMES, DEFAULT_IMPORTANCE, DriverResult, Priority, level_for, overall_score, priorities

STRENGTH_LEVEL, GAP_LEVEL = 3, 1  # answers at or above / at or below these levels


@dataclass(frozen=True)
class AnswerRow:
    question: object  # Question
    answer: object  # Answer or None


@dataclass(frozen=True)
class Section:
    """One driver's part of the report."""

    driver: Driver
    result: DriverResult
    level: str | None  # the band's name
    importance: int | None  # as the firm gave it (None: not given)
    rows: list  # AnswerRow for each question of the driver
    strengths: list  # AnswerRow answered at STRENGTH_LEVEL or above
    gaps: list  # AnswerRow answered at GAP_LEVEL or below
    advice: list  # [(horizon label, [advice.Advice])]
    programmes: list  # eligible programmes that serve this driver
    peers: benchmarks.PeerScore | None


@dataclass(frozen=True)
class Ranked:
    driver: Driver
    priority: Priority
    rank: int


@dataclass(frozen=True)
class Overall:
    score: int | None
    level: str | None


@dataclass(frozen=True)
class Strongest:
    driver: Driver
    result: DriverResult


@dataclass(frozen=True)
class KnowledgeGap:
    question: object
    driver: Driver


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


@dataclass(frozen=True)
class Report:
    assessment: Assessment
    questionnaire: object
    generated: date
    overall: Overall
    strongest: Strongest | None
    sections: list  # Section per driver, in driver order
    priorities: list  # Ranked, the top three
    plan: list  # [(horizon label, [advice.Advice])] for the top priorities
    knowledge_gaps: list  # KnowledgeGap per "don't know" answer
    programmes: list  # every programme open to the firm
    peer_group: benchmarks.PeerGroup | None
    radar_svg: str
    matrix_svg: str
    progress: Progress | None = None  # only for an assessment started from an earlier one

    def context(self):
        """The report's parts as template variables."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def for_assessment(assessment):
    """The report of one assessment, from about ten queries."""
    sheet = AnswerSheet.load(assessment)
    results = sheet.results()
    by_code = {d.code: d for d in sheet.drivers}
    top = [Ranked(by_code[p.driver], p, i) for i, p in enumerate(priorities(results, assessment.importance)[:3], 1)]
    recommendations, programmes = advice.load_catalogue(assessment.questionnaire)
    eligible = advice.eligible_programmes(programmes, assessment.region, assessment.size_band)
    fired = advice.matching_recommendations(recommendations, results, sheet.scored_levels())
    items = advice.advise(fired, eligible)
    group, peers = peer_figures.comparison(assessment, results)
    sections = [
        _section(d, results[d.code], sheet, items, eligible, assessment, peers.get(d.code)) for d in sheet.drivers
    ]
    overall = overall_score(results)
    return Report(
        assessment=assessment,
        questionnaire=assessment.questionnaire,
        generated=date.today(),
        overall=Overall(overall, BAND_NAMES.get(level_for(overall))),
        strongest=_strongest(sections),
        sections=sections,
        priorities=top,
        plan=advice.action_plan(items, [t.driver.code for t in top]),
        knowledge_gaps=_knowledge_gaps(sheet),
        programmes=eligible,
        peer_group=group,
        radar_svg=_radar(sections),
        matrix_svg=_matrix(sections),
        progress=_progress(assessment, sections),
    )


def _section(driver, result, sheet, items, eligible, assessment, peers):
    rows = [AnswerRow(q, sheet.answer_to(q)) for q in sheet.questions if q.driver_id == driver.pk]
    scored = [r for r in rows if r.answer and r.answer.option.kind == Option.Kind.SCORED]
    return Section(
        driver=driver,
        result=result,
        level=BAND_NAMES.get(result.level),
        importance=assessment.importance.get(driver.code),
        rows=rows,
        strengths=[r for r in scored if r.answer.option.level >= STRENGTH_LEVEL],
        gaps=[r for r in scored if r.answer.option.level <= GAP_LEVEL],
        advice=advice.by_horizon([i for i in items if i.rec.driver_id == driver.pk]),
        programmes=[p for p in eligible if driver in p.drivers.all()],
        peers=peers,
    )


def _progress(assessment, sections):
    """Then → now per area, from the earlier assessment's stored scores (one query)."""
    if assessment.previous_id is None:
        return None
    stored = DriverScore.objects.filter(assessment_id=assessment.previous_id, assessment__status="submitted")
    earlier = {d: (score, at) for d, score, at in stored.values_list("driver_id", "score", "assessment__submitted_at")}
    if not earlier:
        return None
    changes = [Change(s.driver, earlier.get(s.driver.pk, (None,))[0], s.result.score) for s in sections]
    since = next(iter(earlier.values()))[1].date()
    names = tuple(c.driver.name for c in changes)
    svg = charts.progress(names, tuple(c.then for c in changes), tuple(c.now for c in changes))
    return Progress(since, changes, svg)


def _strongest(sections):
    scored = sorted((s for s in sections if s.result.score is not None), key=lambda s: -s.result.score)
    return Strongest(scored[0].driver, scored[0].result) if scored else None


def _knowledge_gaps(sheet):
    return [
        KnowledgeGap(q, q.driver)
        for q in sheet.questions
        if (a := sheet.answer_to(q)) and a.option.kind == Option.Kind.DONT_KNOW
    ]


def _radar(sections):
    return charts.radar(
        tuple(s.driver.name for s in sections),
        tuple(s.result.score for s in sections),
        tuple(getattr(s.peers, "median", None) for s in sections),
    )


def _matrix(sections):
    return charts.priority_matrix(
        tuple(
            (s.driver.name, s.result.score, int(s.importance or DEFAULT_IMPORTANCE))
            for s in sections
            if s.result.score is not None
        )
    )
