"""Where peer figures come from: the stored distributions (PeerCell) of the firms that count.

Which firms count is `Assessment.objects.counted()` (the model's one rule). `record()` adds a firm to the stored
aggregates (its peer cells and its insight cell) in its submit's transaction and `refresh()`
rebuilds every cell from the DriverScore and Answer tables, the one source of truth, so the two
can never disagree for long. `comparison()` gives a report its peer
group and per-driver medians and percentiles from two small queries, whatever the number of firms;
`revision()` names the state of the figures one assessment would see, from one of them, so a
stored PDF can tell whether it is still current without building the report.
"""

import numpy as np
from django.db import connection, transaction
from django.db.models import Count, Q, Sum

from ..models import Assessment, Driver, DriverScore, InsightCell, PeerCell
from . import benchmarks
from . import cells as insight_cells


def record(assessment, results):
    """Adds a just-submitted firm to the stored aggregates, inside the caller's transaction, if it
    counts: its peer cells (never for demo firms) and its insight cell. results: driver code ->
    DriverResult, as save_scores returned them."""
    with transaction.atomic():
        if not Assessment.objects.filter(pk=assessment.pk).counted(include_demo=True).exists():
            return False
        scores = {code: r.score for code, r in results.items()}
        if not assessment.is_demo:
            _apply(assessment.sector, assessment.size_band, scores, +1)
        insight_cells.add(assessment, scores)
        Assessment.objects.filter(pk=assessment.pk).update(in_aggregates=True)
    assessment.in_aggregates = True
    return True


def remove(assessment):
    """Takes a firm out of the aggregates (call it before deleting an assessment that may be in them)."""
    with transaction.atomic():
        if not Assessment.objects.filter(pk=assessment.pk, in_aggregates=True).update(in_aggregates=False):
            return False
        scores = dict(assessment.driver_scores.values_list("driver__code", "score"))
        if not assessment.is_demo:
            _apply(assessment.sector, assessment.size_band, scores, -1)
        insight_cells.add(assessment, scores, sign=-1)
    assessment.in_aggregates = False
    return True


def forget_deleted(sender, instance, **kwargs):
    """pre_delete of an Assessment, however it is deleted (the admin, a privacy request, a purge):
    its figures leave the aggregates in the same transaction, so they stay exact."""
    remove(instance)


def _in_peer_cells(assessment):
    return assessment.in_aggregates and not assessment.is_demo


def _apply(sector, size_band, scores, sign):
    drivers = Driver.objects.in_bulk(scores, field_name="code")
    PeerCell.objects.bulk_create(
        [PeerCell(driver=d, sector=sector, size_band=size_band) for d in drivers.values()], ignore_conflicts=True
    )
    # Row locks, always in driver order, so two submits to the same cells queue instead of losing a count.
    cells = PeerCell.objects.select_for_update().filter(sector=sector, size_band=size_band, driver__in=drivers.values())
    cells = list(cells.order_by("driver_id"))
    code_of = {d.pk: code for code, d in drivers.items()}
    for cell in cells:
        score = scores[code_of[cell.driver_id]]
        cell.firms = max(cell.firms + sign, 0)
        if score is not None:
            cell.histogram[score] = max(cell.histogram[score] + sign, 0)
        cell.revision += 1
    PeerCell.objects.bulk_update(cells, ["histogram", "firms", "revision"])


def _groups(assessment):
    """Per group kind, the rows of the firm's groups: what the firm's figures are drawn from."""
    return {
        benchmarks.SECTOR_AND_SIZE: Q(sector=assessment.sector, size_band=assessment.size_band),
        benchmarks.SIZE: Q(size_band=assessment.size_band),
        benchmarks.ALL: Q(pk__isnull=False),
    }


def _state(assessment):
    """(peers per group kind, revision sum per group kind) for the firm: one query whose answer is a row
    per driver, whatever the number of firms or cells."""
    groups = _groups(assessment)
    sums = {f"firms_{kind}": Sum("firms", filter=q) for kind, q in groups.items()}
    sums |= {f"revision_{kind}": Sum("revision", filter=q) for kind, q in groups.items()}
    rows = list(PeerCell.objects.order_by().values("driver_id").annotate(**sums))
    own = 1 if _in_peer_cells(assessment) else 0  # the firm is not its own peer
    firms = {kind: max((r[f"firms_{kind}"] or 0 for r in rows), default=own) - own for kind in groups}
    revisions = {kind: sum(r[f"revision_{kind}"] or 0 for r in rows) for kind in groups}
    return firms, revisions


def comparison(assessment, results):
    """(the peer group used or None, driver code -> PeerScore) for this firm's results."""
    group = benchmarks.choose_group(_state(assessment)[0])
    if group is None:
        return None, {}
    scores = {code: r.score for code, r in results.items()}
    cells = PeerCell.objects.filter(_groups(assessment)[group.kind], firms__gt=0)
    histograms = {}
    for code, hist in cells.values_list("driver__code", "histogram"):
        histograms[code] = histograms.get(code, 0) + np.asarray(hist, dtype=np.int64)
    if _in_peer_cells(assessment):  # the firm's own cell is in every group it can have
        for code, score in scores.items():
            if score is not None and code in histograms and histograms[code][score] > 0:
                histograms[code][score] -= 1
    return group, benchmarks.compare(histograms, scores)


def revision(assessment):
    """A short string that changes whenever the peer figures this assessment's report shows could.

    Revisions only go up, so the sum over the cells of the firm's group (all cells when it has
    none yet: any of them could make one) changes with every change to those cells."""
    firms, revisions = _state(assessment)
    group = benchmarks.choose_group(firms)
    kind = group.kind if group else benchmarks.ALL
    return f"{group.kind if group else 'none'}:{int(_in_peer_cells(assessment))}:{revisions[kind]}"


def refresh():
    """Rebuilds every peer cell and insight cell from the DriverScore and Answer rows of the firms
    that count; returns how many cells changed. Runs in one transaction that keeps submits out
    until it is done."""
    with transaction.atomic():
        if connection.vendor == "postgresql":  # SQLite's IMMEDIATE transactions already serialise writers
            with connection.cursor() as cursor:
                for model in (PeerCell, InsightCell):
                    cursor.execute(f"LOCK TABLE {model._meta.db_table} IN EXCLUSIVE MODE")
        firms = Assessment.objects.counted(include_demo=True)
        firms.filter(in_aggregates=False).update(in_aggregates=True)
        Assessment.objects.filter(in_aggregates=True).exclude(pk__in=firms.values("pk")).update(in_aggregates=False)
        return _refresh_peer_cells(Assessment.objects.counted()) + insight_cells.rebuild(firms)


def _refresh_peer_cells(firms):
    wanted = _tally(DriverScore.objects.filter(assessment__in=firms.values("pk")))
    existing = {(c.driver_id, c.sector, c.size_band): c for c in PeerCell.objects.select_for_update()}
    changed = []
    for key in wanted.keys() | existing.keys():
        hist, n = wanted.get(key, ([0] * benchmarks.BINS, 0))
        cell = existing.get(key) or PeerCell(driver_id=key[0], sector=key[1], size_band=key[2])
        if cell.pk is None or cell.histogram != hist or cell.firms != n:
            cell.histogram, cell.firms, cell.revision = hist, n, cell.revision + 1
            changed.append(cell)
    PeerCell.objects.bulk_create([c for c in changed if c.pk is None])
    PeerCell.objects.bulk_update([c for c in changed if c.pk is not None], ["histogram", "firms", "revision"])
    return len(changed)


def _tally(scores):
    """(driver id, sector, size band) -> (histogram as a list, firms), counted by the database."""
    rows = scores.values_list("driver_id", "assessment__sector", "assessment__size_band", "score").annotate(
        n=Count("id")
    )
    tally = {}
    for driver_id, sector, size_band, score, n in rows.order_by():
        hist, firms = tally.get((driver_id, sector, size_band), ([0] * benchmarks.BINS, 0))
        if score is not None:
            hist[score] += n
        tally[(driver_id, sector, size_band)] = (hist, firms + n)
    return tally
