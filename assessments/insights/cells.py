"""Keeping the insight cells: how a firm's scores and answers are packed into a cell's numbers,
added at submit, and rebuilt from the DriverScore and Answer tables (the one source of truth).

A cell's `counts` are unsigned 32-bit numbers laid out by its questionnaire version's Layout: for
each driver (by code) SCORE_SLOTS counts — firms scoring 0…100, then firms without enough answers —
then for each question (by code) ANSWER_SLOTS counts — levels 0…4, don't know, not relevant. Codes
sort the same way for ever and a published version's drivers and questions are locked, so the
layout of a version never changes.
"""

from dataclasses import dataclass, field

import numpy as np
from django.db import transaction
from django.utils import timezone

from ..models import Answer, DriverScore, InsightCell, Question
from ..scoring import DONT_KNOW, MAX_LEVEL, NOT_RELEVANT

BINS = 101
SCORE_SLOTS = BINS + 1  # 0–100, then "not enough answers"
NO_SCORE = BINS
ANSWER_SLOTS = MAX_LEVEL + 3  # levels 0–4, don't know, not relevant
DONT_KNOW_SLOT, NOT_RELEVANT_SLOT = MAX_LEVEL + 1, MAX_LEVEL + 2
DTYPE = np.dtype("<u4")


@dataclass(frozen=True)
class Layout:
    drivers: tuple  # driver codes, sorted
    questions: tuple  # (question code, driver code), sorted by question code

    @property
    def size(self):
        return len(self.drivers) * SCORE_SLOTS + len(self.questions) * ANSWER_SLOTS

    def score_slot(self, driver_index, score):
        return driver_index * SCORE_SLOTS + (NO_SCORE if score is None or score < 0 else score)

    def answer_slot(self, question_index, kind, level):
        offset = len(self.drivers) * SCORE_SLOTS + question_index * ANSWER_SLOTS
        return offset + {DONT_KNOW: DONT_KNOW_SLOT, NOT_RELEVANT: NOT_RELEVANT_SLOT}.get(kind, level)


def layouts(questionnaire_ids=None):
    """questionnaire id -> Layout, from one query."""
    rows = Question.objects.order_by().values_list("questionnaire_id", "code", "driver__code")
    if questionnaire_ids is not None:
        rows = rows.filter(questionnaire_id__in=questionnaire_ids)
    found = {}
    for qid, code, driver in rows:
        found.setdefault(qid, set()).add((code, driver))
    return {qid: Layout(tuple(sorted({d for _, d in qs})), tuple(sorted(qs))) for qid, qs in found.items()}


def quarter_of(moment):
    """20263 for a moment in July–September 2026, UK time."""
    local = timezone.localtime(moment)
    return local.year * 10 + (local.month - 1) // 3 + 1


def cell_key(assessment):
    a = assessment
    return (a.questionnaire_id, quarter_of(a.submitted_at), a.region, a.sector, a.size_band, a.is_demo)


KEY_FIELDS = ["questionnaire_id", "quarter", "region", "sector", "size_band", "is_demo"]


def add(assessment, scores, sign=1):
    """Adds (sign=-1: takes out) one submitted firm's scores and answers in its cell, in the
    caller's transaction. scores: driver code -> score (None: not enough answers)."""
    layout = layouts([assessment.questionnaire_id])[assessment.questionnaire_id]
    vector = np.zeros(layout.size, dtype=np.int64)
    for i, code in enumerate(layout.drivers):
        vector[layout.score_slot(i, scores.get(code))] += 1
    index = {code: i for i, (code, _) in enumerate(layout.questions)}
    answers = Answer.objects.filter(assessment=assessment).values_list(
        "question__code", "option__kind", "option__level"
    )
    for code, kind, level in answers:
        vector[layout.answer_slot(index[code], kind, level)] += 1
    key = dict(zip(KEY_FIELDS, cell_key(assessment), strict=True))
    InsightCell.objects.bulk_create([InsightCell(**key, counts=bytes(layout.size * 4))], ignore_conflicts=True)
    cell = InsightCell.objects.select_for_update().get(**key)
    counts = np.frombuffer(cell.counts, dtype=DTYPE).astype(np.int64) + sign * vector
    cell.counts = np.clip(counts, 0, None).astype(DTYPE).tobytes()
    cell.firms, cell.revision = max(cell.firms + sign, 0), cell.revision + 1
    cell.save(update_fields=["counts", "firms", "revision"])


@dataclass
class Tally:
    """Cell sums built from many firms at once (a rebuild, or demo data): per version a matrix with
    a row per cell, and per cell its number of firms."""

    layouts: dict
    rows: dict = field(default_factory=dict)  # cell key -> row in its version's matrix
    matrices: dict = field(default_factory=dict)  # questionnaire id -> np.ndarray (rows, layout size)
    used: dict = field(default_factory=dict)  # questionnaire id -> rows in use
    firms: dict = field(default_factory=dict)  # cell key -> firms

    def rows_for(self, keys):
        """Each firm's row in its version's matrix (keys: one cell key per firm), adding rows for new cells."""
        out = np.empty(len(keys), dtype=np.int64)
        for i, key in enumerate(keys):
            row = self.rows.get(key)
            if row is None:
                row = self.rows[key] = self.used.get(key[0], 0)
                self.used[key[0]] = row + 1
            out[i] = row
            self.firms[key] = self.firms.get(key, 0) + 1
        for qid, used in self.used.items():  # grow each matrix at most once per call, doubling
            matrix = self.matrices.get(qid)
            if matrix is None or len(matrix) < used:
                capacity = max(used, 2 * (0 if matrix is None else len(matrix)))
                grown = np.zeros((capacity, self.layouts[qid].size), dtype=np.int64)
                if matrix is not None:
                    grown[: len(matrix)] = matrix
                self.matrices[qid] = grown
        return out

    def add(self, questionnaire_id, rows, slots):
        if not len(rows):
            return
        np.add.at(self.matrices[questionnaire_id], (rows, slots), 1)

    def cells(self):
        for key, row in self.rows.items():
            yield key, self.firms[key], self.matrices[key[0]][row].astype(DTYPE).tobytes()


def save_tally(tally, replace):
    """Writes the tally's cells; every existing cell in `replace` (a queryset) that the tally does
    not have is emptied. Revisions go up only where something changed. Returns how many changed."""
    existing = {tuple(getattr(c, f) for f in KEY_FIELDS): c for c in replace.select_for_update()}
    new, updated = [], []
    for key, firms, counts in tally.cells():
        cell = existing.pop(key, None)
        if cell is None:
            new.append(InsightCell(**dict(zip(KEY_FIELDS, key, strict=True)), firms=firms, counts=counts, revision=1))
        elif (cell.firms, bytes(cell.counts)) != (firms, counts):
            cell.firms, cell.counts, cell.revision = firms, counts, cell.revision + 1
            updated.append(cell)
    for cell in existing.values():
        if cell.firms:
            cell.firms, cell.counts, cell.revision = 0, bytes(len(cell.counts)), cell.revision + 1
            updated.append(cell)
    InsightCell.objects.bulk_create(new, batch_size=500)
    InsightCell.objects.bulk_update(updated, ["firms", "counts", "revision"], batch_size=500)
    return len(new) + len(updated)


def rebuild(firms):
    """Rebuilds every insight cell from the scores and answers of `firms` (the assessments that
    count, demo ones included); returns how many cells changed."""
    with transaction.atomic():
        fields = ["pk", "questionnaire_id", "submitted_at", "region", "sector", "size_band", "is_demo"]
        profiles = list(firms.values_list(*fields))
        tally = Tally(layouts({p[1] for p in profiles}))
        keys = [
            (qid, quarter_of(at), region, sector, size, demo) for _, qid, at, region, sector, size, demo in profiles
        ]
        row_of = dict(zip((p[0] for p in profiles), tally.rows_for(keys).tolist(), strict=True))
        version_of = {p[0]: p[1] for p in profiles}
        _tally_scores(tally, firms, row_of, version_of)
        _tally_answers(tally, firms, row_of, version_of)
        return save_tally(tally, InsightCell.objects.all())


def _tally_scores(tally, firms, row_of, version_of):
    rows = DriverScore.objects.filter(assessment__in=firms.values("pk")).order_by()
    by_version = {}
    for pk, driver, score in rows.values_list("assessment_id", "driver__code", "score").iterator(chunk_size=20_000):
        layout = tally.layouts[version_of[pk]]
        slot = layout.score_slot(layout.drivers.index(driver), score)
        by_version.setdefault(version_of[pk], ([], []))[0].append(row_of[pk])
        by_version[version_of[pk]][1].append(slot)
    for qid, (rows_, slots) in by_version.items():
        tally.add(qid, np.array(rows_), np.array(slots))


def _tally_answers(tally, firms, row_of, version_of):
    slot_of = {}
    for qid, layout in tally.layouts.items():
        for i, (code, _) in enumerate(layout.questions):
            slot_of[(qid, code)] = i
    rows = Answer.objects.filter(assessment__in=firms.values("pk")).order_by()
    values = rows.values_list("assessment_id", "question__code", "option__kind", "option__level")
    by_version = {}
    for pk, code, kind, level in values.iterator(chunk_size=50_000):
        qid = version_of[pk]
        slot = tally.layouts[qid].answer_slot(slot_of[(qid, code)], kind, level)
        pair = by_version.setdefault(qid, ([], []))
        pair[0].append(row_of[pk])
        pair[1].append(slot)
    for qid, (rows_, slots) in by_version.items():
        tally.add(qid, np.array(rows_), np.array(slots))
