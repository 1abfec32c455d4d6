"""The named parts the report is built from: each a small dataclass and the function that makes it.

`report.for_assessment()` stays the one builder; these keep it short. Nothing here phrases English:
templates do, from kinds and numbers.
"""

from dataclasses import dataclass

from ..insights import benchmarks
from ..models import Driver, Option, Programme
from ..scoring import BAND_NAMES, DEFAULT_IMPORTANCE, DriverResult, Priority
from . import advice, charts

STRENGTH_LEVEL, GAP_LEVEL = 3, 1  # answers at or above / at or below these levels
MAX_HELP = 6  # programmes named under "Who can help you", after the adviser routes


@dataclass(frozen=True)
class AnswerRow:
    question: object  # Question
    answer: object  # Answer or None

    @property
    def legal_gap(self):
        """A legal duty answered at advice.LEGAL_GAP_LEVEL or below: a legal requirement not yet met."""
        option = self.answer.option if self.answer else None
        scored = option is not None and option.kind == Option.Kind.SCORED
        return self.question.legal_duty and scored and option.level <= advice.LEGAL_GAP_LEVEL


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
    advice: list  # [(group label, [advice.Advice])]: legal requirements first, then by horizon
    programmes: list  # eligible programmes that serve this driver
    peers: benchmarks.PeerScore | None
    unknowns: list  # questions of this driver answered "don't know"

    @property
    def band(self):
        return self.result.level if self.result.enough_answers else None


@dataclass(frozen=True)
class Ranked:
    driver: Driver
    priority: Priority
    rank: int
    lead: advice.Advice | None = None  # the first step: a legal requirement, else the most urgent advice


@dataclass(frozen=True)
class Overall:
    score: int | None
    level: str | None  # the band's name
    band: str | None = None  # the band's code, for the sentence that says what it means


@dataclass(frozen=True)
class Strongest:
    driver: Driver
    result: DriverResult


@dataclass(frozen=True)
class KnowledgeGap:
    question: object
    driver: Driver


@dataclass(frozen=True)
class Help:
    """Who can help the firm: its free adviser routes first, then programmes it can apply for."""

    advisers: list  # Programme rows of kind adviser serving the firm's region and size
    programmes: list  # regional programmes, then those linked to the top priorities' advice


def section(driver, result, sheet, items, eligible, assessment, peers):
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
        unknowns=[r.question for r in rows if r.answer and r.answer.option.kind == Option.Kind.DONT_KNOW],
    )


def ranked(top, by_code, items):
    """The top priorities, each with the advice to start with: a legal requirement, else band advice,
    else the lowest answer's."""
    first = {}
    for item in items:
        first.setdefault(item.driver.code, item)
    return [Ranked(by_code[p.driver], p, i, first.get(p.driver)) for i, p in enumerate(top, 1)]


def who_can_help(eligible, priorities):
    """Adviser routes open to the firm, then programmes: those linked to its top priorities' first
    steps, then the rest of its own nation's or region's (a research centre is no first step for a
    firm whose priority is a legal duty). The firm's nation is read from the data: the
    regions its adviser routes serve (England's Growth Hubs list the nine English regions); a
    programme is the nation's own when it lists regions, all of them within those."""
    advisers = [p for p in eligible if p.kind == Programme.Kind.ADVISER]
    nation = {region for p in advisers for region in p.regions}
    regional = [p for p in eligible if p.kind == Programme.Kind.PROGRAMME and p.regions and set(p.regions) <= nation]
    linked = [p for r in priorities if r.lead for p in r.lead.programmes if p.kind == Programme.Kind.PROGRAMME]
    programmes = list(dict.fromkeys([*linked, *regional]))[:MAX_HELP]
    return Help(advisers=advisers, programmes=programmes)


def strongest(sections):
    scored = sorted((s for s in sections if s.result.score is not None), key=lambda s: -s.result.score)
    return Strongest(scored[0].driver, scored[0].result) if scored else None


def knowledge_gaps(sections):
    return [KnowledgeGap(q, s.driver) for s in sections for q in s.unknowns]


def radar(sections):
    return charts.radar(
        tuple(s.driver.name for s in sections),
        tuple(s.result.score for s in sections),
        tuple(getattr(s.peers, "median", None) for s in sections),
    )


def matrix(sections):
    return charts.priority_matrix(
        tuple(
            (s.driver.name, s.result.score, int(s.importance or DEFAULT_IMPORTANCE))
            for s in sections
            if s.result.score is not None
        )
    )
