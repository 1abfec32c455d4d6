"""Insights for the programmes that deploy the tool: readiness per area overall and by region,
sector, size band and quarter, the weakest questions and the commonest "don't know" answers
(numpy; pure functions, no ORM).

Input is the matching insight cells (see insight_cells) unpacked into one layout, every version
mapped by driver and question code. Every figure goes through disclosure.protect: a group of fewer
than MIN_GROUP firms shows nothing, a band of fewer firms is hidden, and secondary suppression keeps
hidden figures from being worked out from the totals shown. Quartiles are nearest-rank order
statistics (benchmarks.order_statistic), as in peer figures.
"""

from dataclasses import dataclass

import numpy as np

from ..scoring import BANDS, MAX_LEVEL, round_half_up
from . import benchmarks, disclosure
from .cells import ANSWER_SLOTS, BINS, DONT_KNOW_SLOT, SCORE_SLOTS

DIMENSIONS = ("region", "sector", "size_band", "quarter")
# Firms supported by an adviser (models: Share.objects.supported()) and the rest: not a key of the
# insight cells, so a breakdown of its own (`build(supported=…)`), protected like the others.
SUPPORT = "support"
SUPPORT_GROUPS = ("supported", "unsupported")
BAND_CODES = tuple(code for _low, code, _name in BANDS)
BAND_EDGES = [low for low, _code, _name in BANDS] + [BINS]
WEAKEST, COMMONEST = 3, 10


@dataclass(frozen=True)
class Cells:
    """Matching insight cells in one layout: a row per cell."""

    keys: list  # per row: {"quarter": …, "region": …, "sector": …, "size_band": …}
    firms: np.ndarray  # (rows,)
    scores: np.ndarray  # (rows, drivers, SCORE_SLOTS)
    answers: np.ndarray  # (rows, questions, ANSWER_SLOTS)
    drivers: tuple  # driver codes
    questions: tuple  # (question code, driver code)


def unpack(rows, layouts, driver_order=()):
    """Cells from (questionnaire id, quarter, region, sector, size band, firms, counts bytes) rows and
    questionnaire id -> insight_cells.Layout: every version mapped by driver and question code.
    driver_order: driver codes in display order (others follow, by code)."""
    found = {d for layout in layouts.values() for d in layout.drivers}
    drivers = tuple([d for d in driver_order if d in found] + sorted(found - set(driver_order)))
    questions = tuple(sorted({q for layout in layouts.values() for q in layout.questions}))
    d_index, q_index = {d: i for i, d in enumerate(drivers)}, {q[0]: i for i, q in enumerate(questions)}
    scores = np.zeros((len(rows), len(drivers), SCORE_SLOTS), dtype=np.int64)
    answers = np.zeros((len(rows), len(questions), ANSWER_SLOTS), dtype=np.int64)
    for i, (qid, _quarter, _region, _sector, _size, _firms, counts) in enumerate(rows):
        layout = layouts[qid]
        packed = np.frombuffer(counts, dtype="<u4")
        split = len(layout.drivers) * SCORE_SLOTS
        scores[i, [d_index[d] for d in layout.drivers]] = packed[:split].reshape(-1, SCORE_SLOTS)
        answers[i, [q_index[q] for q, _ in layout.questions]] = packed[split:].reshape(-1, ANSWER_SLOTS)
    keys = [dict(zip(DIMENSIONS, (r[2], r[3], r[4], r[1]), strict=True)) for r in rows]
    return Cells(keys, np.array([r[5] for r in rows], dtype=np.int64), scores, answers, drivers, questions)


@dataclass(frozen=True)
class Stat:
    """One group's figures for one area; None where a figure is hidden."""

    firms: int | None
    lower_quartile: int | None
    median: int | None
    upper_quartile: int | None
    bands: tuple  # per band: share of the group's firms in per cent, or None


@dataclass(frozen=True)
class Breakdown:
    dimension: str
    groups: list  # the dimension's values, in order
    stats: dict  # (group, driver code) -> Stat


@dataclass(frozen=True)
class QuestionStat:
    code: str
    driver: str
    firms: int  # firms that answered it (always >= MIN_GROUP: smaller rows are left out)
    mean_level: float | None  # of the scored answers, 0–4, one decimal
    dont_know: int | None  # share answering "don't know", per cent


@dataclass(frozen=True)
class Insights:
    firms: int  # all matching firms; 0 when fewer than MIN_GROUP (then nothing else is shown)
    drivers: tuple
    areas: dict  # driver code -> Stat, all matching firms
    breakdowns: dict  # dimension -> Breakdown
    questions: list  # QuestionStat for each question answered by MIN_GROUP or more
    weakest: dict  # driver code -> the WEAKEST lowest-scoring QuestionStats
    dont_know: list  # the COMMONEST QuestionStats by share of "don't know"


def band_counts(histograms):
    """(…, BINS) histograms -> (…, bands) counts of firms per maturity band."""
    pairs = zip(BAND_EDGES[:-1], BAND_EDGES[1:], strict=True)
    return np.stack([histograms[..., lo:hi].sum(axis=-1) for lo, hi in pairs], axis=-1)


def _stat(hist, bands, hidden_row, hidden_bands):
    n = int(hist.sum())
    if hidden_row or n == 0:
        return Stat(None if hidden_row else 0, None, None, None, (None,) * len(bands))
    quartiles = [benchmarks.order_statistic(hist, q) for q in (0.25, 0.5, 0.75)]
    shares = tuple(None if h else int(round(100 * b / n)) for b, h in zip(bands, hidden_bands, strict=True))
    return Stat(n, *quartiles, shares)


def build(cells, dimensions=DIMENSIONS, group_order=None, supported=None):
    """Insights from Cells. group_order: dimension -> its values in display order (others sorted).
    supported: the score histograms (drivers × BINS, in cells.drivers order) of the supported firms
    among the cells' firms; given, the breakdowns get SUPPORT too: those firms and the rest."""
    total = int(cells.firms.sum())
    if total < disclosure.MIN_GROUP:
        return Insights(0, cells.drivers, {}, {}, [], {}, [])
    overall = cells.scores[:, :, :BINS].sum(axis=0)  # (drivers, BINS)
    overall_bands = band_counts(overall)
    hidden, hidden_rows = disclosure.protect(overall_bands, col_known=np.zeros(len(BAND_CODES), dtype=bool))
    areas = {d: _stat(overall[i], overall_bands[i], hidden_rows[i], hidden[i]) for i, d in enumerate(cells.drivers)}
    breakdowns = {dim: _breakdown(cells, dim, (group_order or {}).get(dim), hidden) for dim in dimensions}
    if supported is not None:
        breakdowns[SUPPORT] = _protected(SUPPORT, list(SUPPORT_GROUPS), _support(overall, supported), cells, hidden)
    questions = _questions(cells)
    scored = sorted((q for q in questions if q.mean_level is not None), key=lambda q: (q.mean_level, q.code))
    weakest = {d: [q for q in scored if q.driver == d][:WEAKEST] for d in cells.drivers}
    dont_know = sorted((q for q in questions if q.dont_know), key=lambda q: (-q.dont_know, q.code))[:COMMONEST]
    return Insights(total, cells.drivers, areas, breakdowns, questions, weakest, dont_know)


def _breakdown(cells, dim, order, overall_hidden):
    values = {key[dim] for key in cells.keys}
    groups = [g for g in order if g in values] if order else sorted(values)
    index = {g: i for i, g in enumerate(groups)}
    rows = np.array([index[key[dim]] for key in cells.keys])
    hists = np.zeros((len(groups), len(cells.drivers), BINS), dtype=np.int64)
    np.add.at(hists, rows, cells.scores[:, :, :BINS])
    return _protected(dim, groups, hists, cells, overall_hidden)


def _support(overall, supported):
    """(2, drivers, BINS) histograms: the supported firms, then the rest (all matching firms less them)."""
    supported = np.asarray(supported, dtype=np.int64)
    return np.stack([supported, overall - supported])


def _protected(dim, groups, hists, cells, overall_hidden):
    """The Breakdown of (groups, drivers, BINS) histograms, each area's table of groups × bands
    protected by disclosure.protect against the all-firms bands."""
    bands = band_counts(hists)  # (groups, drivers, bands)
    stats = {}
    for d, driver in enumerate(cells.drivers):
        # The all-firms bands shown in the areas table are this table's column totals.
        hidden, hidden_rows = disclosure.protect(bands[:, d], col_known=~overall_hidden[d])
        for g, group in enumerate(groups):
            stats[(group, driver)] = _stat(hists[g, d], bands[g, d], hidden_rows[g], hidden[g])
    return Breakdown(dim, groups, stats)


def _questions(cells):
    totals = cells.answers.sum(axis=0)  # (questions, ANSWER_SLOTS)
    result = []
    for (code, driver), counts in zip(cells.questions, totals, strict=True):
        asked, scored = int(counts.sum()), int(counts[: MAX_LEVEL + 1].sum())
        if asked < disclosure.MIN_GROUP:
            continue
        mean = None
        if scored >= disclosure.MIN_GROUP:
            mean = round(float((counts[: MAX_LEVEL + 1] * np.arange(MAX_LEVEL + 1)).sum()) / scored, 1)
        dont_know = int(counts[DONT_KNOW_SLOT])
        # Neither the scored nor the "not relevant" count is shown, so a hidden "don't know" count
        # cannot be worked out from the firms that answered.
        share = None if 0 < dont_know < disclosure.MIN_GROUP else round_half_up(100 * dont_know / asked)
        result.append(QuestionStat(code, driver, asked, mean, share))
    return result
