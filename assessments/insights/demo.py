"""Synthetic demo firms for `manage.py seed_demo`: flagged `is_demo`, never in a real firm's peer
figures, in the insights only when an analyst asks.

Made with numpy in bulk so 100,000 firms take well under a minute: answers come from a latent
readiness per firm and driver (size, sector, region and driver effects, a slow upward trend,
noise), scores are computed by the same rules as `scoring.score_drivers` (a test checks they agree)
and rows are written a batch at a time. The effects and shares are illustrative — shaped like UK
manufacturing (many micro firms, fabricated metals the largest sector, green readiness lowest) but
not statistics of anything.
"""

import json
import secrets
import zlib
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from ..models import Answer, Assessment, DriverScore, InsightCell, InsightRelease, Option, Questionnaire, SizeBand
from ..scoring import DONT_KNOW, MAX_LEVEL, MIN_COVERAGE, level_for
from . import bulk
from . import cells as insight_cells
from . import published as publications

SIZES = {SizeBand.MICRO: (0.50, -0.5), SizeBand.SMALL: (0.35, 0.0), SizeBand.MEDIUM: (0.15, 0.5)}
SECTOR_SHARE = {"10": 8, "11": 2.5, "12": 0.1, "13": 3, "14": 4, "15": 0.5, "16": 5, "17": 1.5, "18": 8, "19": 0.2,
                "20": 3, "21": 0.5, "22": 5, "23": 3, "24": 1.5, "25": 17, "26": 4, "27": 2.5, "28": 6, "29": 2,
                "30": 2, "31": 5, "32": 8, "33": 12}  # fmt: skip
SECTOR_EFFECT = {"26": 0.4, "21": 0.4, "29": 0.3, "30": 0.3, "20": 0.2, "27": 0.2, "28": 0.2, "10": 0.1, "11": 0.1,
                 "14": -0.4, "15": -0.4, "13": -0.3, "16": -0.3, "31": -0.3, "18": -0.1, "33": -0.1}  # fmt: skip
REGION_SHARE = {"south-east": 12, "north-west": 11, "west-midlands": 11, "east-of-england": 10, "london": 9,
                "yorkshire-humber": 9, "east-midlands": 9, "south-west": 9, "scotland": 7, "wales": 4.5,
                "northern-ireland": 4, "north-east": 3.5}  # fmt: skip
REGION_EFFECT = {"london": 0.2, "south-east": 0.15, "east-of-england": 0.1, "west-midlands": 0.05,
                 "north-east": -0.1, "wales": -0.1, "northern-ireland": -0.1, "yorkshire-humber": -0.05}  # fmt: skip
DRIVER_EFFECT = {"safety": 0.3, "remote": 0.2, "supply": -0.1, "automation": -0.2, "green": -0.5}
DONT_KNOW_EXTRA = {"green": 0.06, "supply": 0.03}
BASE, TREND, CONSENT, BATCH = 1.8, 0.05, 0.85, 20_000
KIND_SCORED, KIND_DONT_KNOW, KIND_NOT_RELEVANT = 0, 1, 2


@dataclass(frozen=True)
class Version:
    """One questionnaire version as arrays: what the generator and the scorer need."""

    questionnaire: Questionnaire
    drivers: list  # Driver rows, in order
    driver_of: np.ndarray  # per question: index into drivers
    weights: np.ndarray  # per question
    difficulty: np.ndarray  # per question, from its code, so every run agrees
    level_options: np.ndarray  # (questions, 5) option ids of levels 0–4
    other_options: np.ndarray  # (questions, 2) option ids of don't know / not relevant, 0 if absent
    question_ids: np.ndarray
    question_codes: list


def load_version(questionnaire):
    questions = list(questionnaire.questions.select_related("driver").prefetch_related("options"))
    drivers = list(questionnaire.drivers())
    index = {d.pk: i for i, d in enumerate(drivers)}
    levels = np.zeros((len(questions), MAX_LEVEL + 1), dtype=np.int64)
    others = np.zeros((len(questions), 2), dtype=np.int64)
    for row, question in enumerate(questions):
        for option in question.options.all():
            if option.kind == Option.Kind.SCORED:
                levels[row, option.level] = option.pk
            else:
                others[row, 0 if option.kind == DONT_KNOW else 1] = option.pk
    return Version(
        questionnaire=questionnaire,
        drivers=drivers,
        driver_of=np.array([index[q.driver_id] for q in questions]),
        weights=np.array([float(q.weight) for q in questions]),
        difficulty=np.array([(zlib.crc32(q.code.encode()) % 1000) / 1000 * 0.8 - 0.4 for q in questions]),
        level_options=levels,
        other_options=others,
        question_ids=np.array([q.pk for q in questions]),
        question_codes=[q.code for q in questions],
    )


def _pick(rng, shares, n):
    keys = list(shares)
    weights = np.array([shares[k] for k in keys], dtype=float)
    return np.array(keys, dtype=object)[rng.choice(len(keys), size=n, p=weights / weights.sum())]


def profiles(rng, n, quarters, now):
    """Per firm: size, sector, region, submit time (more firms in later quarters) and quarter index."""
    sizes = _pick(rng, {k: v[0] for k, v in SIZES.items()}, n)
    quarter = rng.choice(quarters, size=n, p=np.arange(1, quarters + 1) / (quarters * (quarters + 1) / 2))
    days_ago = (quarters - 1 - quarter) * 91 + rng.uniform(0, 91, size=n)
    submitted = [now - timedelta(days=float(d)) for d in days_ago]
    return sizes, _pick(rng, SECTOR_SHARE, n), _pick(rng, REGION_SHARE, n), submitted, quarter


def answers(rng, version, sizes, sectors, regions, quarter):
    """(kinds, levels) arrays of shape (firms, questions): each firm's answer to each question."""
    n, q = len(sizes), len(version.weights)
    firm = (BASE + np.vectorize(lambda s: SIZES[s][1])(sizes) + np.vectorize(SECTOR_EFFECT.get)(sectors, 0)
            + np.vectorize(REGION_EFFECT.get)(regions, 0) + TREND * quarter + rng.normal(0, 0.7, n))  # fmt: skip
    codes = [d.code for d in version.drivers]
    by_driver = firm[:, None] + np.array([DRIVER_EFFECT.get(c, 0) for c in codes]) + rng.normal(0, 0.5, (n, len(codes)))
    latent = by_driver[:, version.driver_of] + version.difficulty + rng.normal(0, 0.6, (n, q))
    levels = np.clip(np.floor(latent + 0.5), 0, MAX_LEVEL).astype(np.int64)
    p_dont_know = 0.03 + np.array([DONT_KNOW_EXTRA.get(codes[d], 0) for d in version.driver_of])
    p_dont_know = p_dont_know + 0.03 * (sizes == SizeBand.MICRO)[:, None]
    draw = rng.uniform(size=(n, q))
    has_dont_know, has_not_relevant = version.other_options[:, 0] > 0, version.other_options[:, 1] > 0
    kinds = np.where((draw < p_dont_know) & has_dont_know, KIND_DONT_KNOW, KIND_SCORED)
    kinds = np.where((draw > 0.97) & has_not_relevant, KIND_NOT_RELEVANT, kinds)
    return kinds, levels


def scores(version, kinds, levels):
    """(scores with -1 for "not enough answers", coverage) of shape (firms, drivers), by the rules of
    scoring.score_drivers: weighted mean of level / 4 × 100, rounded half up, None below 50 % coverage."""
    n, d = kinds.shape[0], len(version.drivers)
    result, coverage = np.full((n, d), -1, dtype=np.int64), np.zeros((n, d))
    for i in range(d):
        cols = version.driver_of == i
        k, w = kinds[:, cols], version.weights[cols]
        scored, applicable = k == KIND_SCORED, (k != KIND_NOT_RELEVANT).sum(axis=1)
        cover = np.divide(scored.sum(axis=1), applicable, out=np.zeros(n), where=applicable > 0)
        weight = (scored * w).sum(axis=1)
        points = (scored * w * (levels[:, cols] / MAX_LEVEL * 100)).sum(axis=1)
        ok = (cover >= MIN_COVERAGE) & (weight > 0)
        mean = np.divide(points, weight, out=np.zeros(n), where=weight > 0)
        result[:, i] = np.where(ok, np.floor(mean + 0.5), -1)
        coverage[:, i] = np.round(cover, 4)
    return result, coverage


def seed(firms, quarters=8, seed=None):
    """Replaces the demo firms with `firms` new ones submitted over the last `quarters` quarters;
    returns how many were made. Firms in the earlier half use the previous questionnaire version
    when there is one, so the insights can show versions mapped by question code."""
    published = Questionnaire.objects.exclude(status=Questionnaire.Status.DRAFT).order_by("-version")[:2]
    versions = [v for v in map(load_version, reversed(published)) if len(v.question_ids)]
    if not versions:
        raise ValueError("no published questionnaire: run `manage.py load_content` first")
    rng, now = np.random.default_rng(seed), timezone.now()
    tally = insight_cells.Tally(insight_cells.layouts([v.questionnaire.pk for v in versions]))
    with transaction.atomic(), bulk.indexes_rebuilt(Answer, DriverScore):
        clear()
        for start in range(0, firms, BATCH):
            _batch(rng, versions, tally, start, min(BATCH, firms - start), quarters, now)
        insight_cells.save_tally(tally, InsightCell.objects.filter(is_demo=True))
        for quarter, is_demo in publications.due():  # so the published tables can be tried out too
            if is_demo:
                publications.publish(quarter, is_demo=True)
    return firms


def clear():
    """Deletes every demo firm with what hangs off it; real firms are untouched. Returns how many."""
    demo = Assessment.objects.filter(is_demo=True)
    # Each related table in one DELETE (Django's fast path for rows nothing else points to), then the
    # firms themselves, instead of loading 100,000 assessments to cascade from them.
    for relation in Assessment._meta.related_objects:
        relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": demo.values("pk")}).delete()
    count = demo.count()
    demo._raw_delete(demo.db)
    insight_cells.save_tally(insight_cells.Tally({}), InsightCell.objects.filter(is_demo=True))
    InsightRelease.objects.filter(is_demo=True).delete()  # its publications go with the demo data
    return count


ASSESSMENT_FIELDS = ["token_hash", "questionnaire", "company_name", "sector", "size_band", "region", "contact_email",
                     "benchmark_consent", "importance", "status", "created_at", "updated_at", "submitted_at", "is_demo",
                     "in_aggregates", "mode"]  # fmt: skip


def _batch(rng, versions, tally, start, n, quarters, now):
    sizes, sectors, regions, submitted, quarter = profiles(rng, n, quarters, now)
    cell_quarters = [insight_cells.quarter_of(t) for t in submitted]
    use = np.where((quarter < quarters // 2) & (len(versions) > 1), 0, len(versions) - 1)
    consent = (rng.uniform(size=n) < CONSENT).tolist()
    stamps = [connection.ops.adapt_datetimefield_value(t) for t in submitted]
    for v_index, version in enumerate(versions):
        rows = np.flatnonzero(use == v_index).tolist()
        if not rows:
            continue
        kinds, levels = answers(rng, version, sizes[rows], sectors[rows], regions[rows], quarter[rows])
        driver_scores, coverage = scores(version, kinds, levels)
        # The firms that count in peer figures and insights, by Assessment.objects.counted's rule: they agreed to
        # comparison and scored every area.
        counts = [consent[i] and bool((driver_scores[j] >= 0).all()) for j, i in enumerate(rows)]
        codes = [d.code for d in version.drivers]
        importance = rng.integers(1, 6, size=(len(rows), len(codes))).tolist()
        tokens = [secrets.token_hex(32) for _ in rows]  # the digest of no token: no link opens a demo firm
        after = Assessment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        bulk.insert(Assessment, ASSESSMENT_FIELDS, [
            (token, version.questionnaire.pk, f"Demo firm {start + i + 1:06d}", sectors[i], sizes[i], regions[i], "",
             consent[i], json.dumps(dict(zip(codes, imp, strict=True))), Assessment.Status.SUBMITTED.value,
             stamps[i], stamps[i], stamps[i], True, counted, Assessment.Mode.FULL.value)
            for i, token, imp, counted in zip(rows, tokens, importance, counts, strict=True)
        ])  # fmt: skip
        pk_of = dict(Assessment.objects.filter(pk__gt=after, is_demo=True).values_list("token_hash", "pk"))
        pks = [pk_of[token] for token in tokens]
        _write_rows(version, pks, [stamps[i] for i in rows], kinds, levels, driver_scores, coverage)
        counting = [j for j, c in enumerate(counts) if c]
        keys = [(version.questionnaire.pk, cell_quarters[rows[j]], regions[rows[j]], sectors[rows[j]],
                 sizes[rows[j]], True) for j in counting]  # fmt: skip
        _tally(tally, version, tally.rows_for(keys), driver_scores[counting], kinds[counting], levels[counting])


def _tally(tally, version, rows, driver_scores, kinds, levels):
    """Adds the firms' scores and answers to their insight cells (rows: each firm's cell row)."""
    qid = version.questionnaire.pk
    layout = tally.layouts[qid]
    drivers = np.array([layout.drivers.index(d.code) for d in version.drivers])
    slots = drivers[None, :] * insight_cells.SCORE_SLOTS + np.where(driver_scores < 0, insight_cells.NO_SCORE,
                                                                     driver_scores)  # fmt: skip
    tally.add(qid, np.repeat(rows, len(drivers)), slots.ravel())
    index = {code: i for i, (code, _) in enumerate(layout.questions)}
    bases = len(layout.drivers) * insight_cells.SCORE_SLOTS + np.array(
        [index[code] * insight_cells.ANSWER_SLOTS for code in version.question_codes]
    )
    answer = np.select([kinds == KIND_DONT_KNOW, kinds == KIND_NOT_RELEVANT],
                       [insight_cells.DONT_KNOW_SLOT, insight_cells.NOT_RELEVANT_SLOT], levels)  # fmt: skip
    tally.add(qid, np.repeat(rows, len(bases)), (bases[None, :] + answer).ravel())


def _write_rows(version, pks, stamps, kinds, levels, driver_scores, coverage):
    bands = [level_for(s) for s in range(101)]
    driver_ids = [d.pk for d in version.drivers]
    score_rows = [
        (pk, driver_ids[d], None if s < 0 else s, "" if s < 0 else bands[s], cover)
        for pk, row, covers in zip(pks, driver_scores.tolist(), coverage.tolist(), strict=True)
        for d, (s, cover) in enumerate(zip(row, covers, strict=True))
    ]
    bulk.insert(DriverScore, ["assessment", "driver", "score", "level", "coverage"], score_rows)
    dont_know, not_relevant = version.other_options[:, 0], version.other_options[:, 1]
    options = np.take_along_axis(version.level_options[None, :, :], levels[:, :, None], axis=2)[:, :, 0]
    options = np.where((kinds == KIND_DONT_KNOW) & (dont_know > 0), dont_know, options)
    options = np.where(kinds == KIND_NOT_RELEVANT, not_relevant, options)
    questions = version.question_ids.tolist()
    answer_rows = [
        (pk, q, o, "", stamp)
        for pk, stamp, row in zip(pks, stamps, options.tolist(), strict=True)
        for q, o in zip(questions, row, strict=True)
    ]
    bulk.insert(Answer, ["assessment", "question", "option", "comment", "updated_at"], answer_rows)
