"""Where peer figures come from, and who counts in them and in the insights.

Which firms count is `Assessment.objects.counted()` (the model's one rule: it leaves out held-out
assessments); the anti-gaming screening that holds them out lives here (`screen()`: an assessment
that looks made up is held until an analyst lets it in with `admit()`).

Two stored aggregates follow the firms that count:
- the **insight cells** (the analysts' dashboard), kept live: `record()` adds a firm in its submit's
  transaction, `remove()` takes it out before a delete, `refresh()` rebuilds them from the DriverScore
  and Answer tables, the one source of truth;
- the **peer cells** (what a firm's report compares it with), written only by `release()`: a
  snapshot of the firms submitted at least PEER_RELEASE_AGE_DAYS before it, made every
  PEER_RELEASE_HOURS (`release_if_due()`, queued after a submit, or `manage.py release_peers`). A
  made-up assessment, a deletion or a re-submission therefore changes what anyone sees only at the
  next release, days later, and then all at once (see benchmarks for why the figures themselves
  give away no more than a 10-point bucket).

`comparison()` gives a report its peer group and per-driver figures from two small queries, whatever
the number of firms; `revision()` names the state of the figures one assessment would see, so a
stored PDF can tell whether it is still current without building the report.
"""

import hashlib
from datetime import timedelta

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django_tasks import task

from ..models import Answer, Assessment, DriverScore, InsightCell, PeerCell, PeerRelease
from . import benchmarks
from . import cells as insight_cells

MIN_ANSWERS_TO_MATCH = 12  # fewer answers than this can agree by chance between real firms


def record(assessment, results):
    """Screens a just-submitted firm (`screen`) and, if it counts, adds it to the live insight cells,
    inside the caller's transaction; asks for a peer release once the transaction commits, if one is
    due. results: driver code -> DriverResult, as save_scores returned them."""
    transaction.on_commit(request_release)
    with transaction.atomic():
        screen(assessment)
        if not Assessment.objects.filter(pk=assessment.pk).counted(include_demo=True).exists():
            return False
        insight_cells.add(assessment, {code: r.score for code, r in results.items()})
        Assessment.objects.filter(pk=assessment.pk).update(in_aggregates=True)
    assessment.in_aggregates = True
    return True


def remove(assessment):
    """Takes a firm out of the live insight cells (call it before deleting an assessment that may be
    in them). The released peer cells keep it until the next release."""
    with transaction.atomic():
        if not Assessment.objects.filter(pk=assessment.pk, in_aggregates=True).update(in_aggregates=False):
            return False
        insight_cells.add(assessment, _scores(assessment), sign=-1)
    assessment.in_aggregates = False
    return True


def forget_deleted(sender, instance, **kwargs):
    """pre_delete of an Assessment, however it is deleted (the admin, a privacy request, a purge):
    its figures leave the insight cells in the same transaction, so they stay exact."""
    remove(instance)


def _scores(assessment):
    return dict(assessment.driver_scores.values_list("driver__code", "score"))


# ------------------------------------------------------------------------------------ made-up firms


def answers_digest(assessment):
    """SHA-256 of an assessment's answers (question code and chosen option), "" when it has fewer than
    MIN_ANSWERS_TO_MATCH."""
    answers = sorted(Answer.objects.filter(assessment=assessment).values_list("question__code", "option_id"))
    if len(answers) < MIN_ANSWERS_TO_MATCH:
        return ""
    return hashlib.sha256(repr(answers).encode()).hexdigest()


def screen(assessment):
    """Holds a just-submitted assessment out of the figures when it looks made up, and with it the
    others that make it look so (unless a release already counts them):
    - a burst: more than BURST_SUBMITS self-assessed ones submitted from one network (`submitted_from`,
      which the submit view records) within BURST_MINUTES (one an adviser started with a firm is
      vouched for by the adviser);
    - answers identical to another assessment's submitted in the last IDENTICAL_DAYS (other than the
      one it was started from, or one started from it).
    Assessments submitted other than through the service (no network recorded: demo data, tests)
    are not screened. Returns the reason, or ""."""
    if not assessment.submitted_from or assessment.is_demo:
        return ""
    now = timezone.now()
    digest = answers_digest(assessment)
    Assessment.objects.filter(pk=assessment.pk).update(answers_digest=digest)
    submitted = Assessment.objects.filter(status=Assessment.Status.SUBMITTED, is_demo=False)
    # An assessment an adviser started with a firm is vouched for by someone signed in: a workshop of
    # several firms in one room is not a burst.
    burst = submitted.self_assessed().filter(
        submitted_from=assessment.submitted_from, submitted_at__gte=now - timedelta(minutes=settings.BURST_MINUTES)
    )
    if not assessment.with_adviser and burst.count() > settings.BURST_SUBMITS:
        return _hold(burst, Assessment.Held.BURST, assessment)
    if digest:
        same = submitted.filter(answers_digest=digest, submitted_at__gte=now - timedelta(days=settings.IDENTICAL_DAYS))
        same = same.exclude(pk=assessment.previous_id).exclude(previous_id=assessment.pk)
        if same.count() > 1:
            return _hold(same, Assessment.Held.IDENTICAL, assessment)
    return ""


def _hold(assessments, reason, assessment):
    for firm in assessments.filter(held="", in_peer_release=False):
        remove(firm)
    assessments.filter(held="", in_peer_release=False).update(held=reason)
    assessment.held = reason
    return reason


def admit(assessments):
    """Lets held-out assessments into the figures: the insight cells at once, the peer cells at the
    next release. Returns how many were let in."""
    admitted = 0
    with transaction.atomic():
        for firm in assessments.exclude(held="").select_for_update():
            Assessment.objects.filter(pk=firm.pk).update(held="")
            firm.held = ""
            if Assessment.objects.filter(pk=firm.pk).counted(include_demo=True).exists() and not firm.in_aggregates:
                insight_cells.add(firm, _scores(firm))
                Assessment.objects.filter(pk=firm.pk).update(in_aggregates=True)
            admitted += 1
    return admitted


def held_summary(days=7):
    """What the dashboard flags: assessments held out now, and the networks that submitted bursts
    in the last `days` days."""
    since = timezone.now() - timedelta(days=days)
    recent_bursts = Q(held=Assessment.Held.BURST, submitted_at__gte=since) & ~Q(submitted_from="")
    found = Assessment.objects.exclude(held="").aggregate(
        n=Count("id"), networks=Count("submitted_from", distinct=True, filter=recent_bursts)
    )
    return {"held": found["n"], "bursts": found["networks"]}


# ------------------------------------------------------------------------------------ the release


def release(now=None):
    """Rebuilds the peer cells from the firms that count and were submitted at least
    PEER_RELEASE_AGE_DAYS before `now`, in one transaction that keeps other releases out until it is
    done; returns the new PeerRelease. A cell's revision moves only when its figures change."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.PEER_RELEASE_AGE_DAYS)
    with transaction.atomic():
        if connection.vendor == "postgresql":  # SQLite's IMMEDIATE transactions already serialise writers
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {PeerCell._meta.db_table} IN EXCLUSIVE MODE")
        firms = Assessment.objects.counted().filter(submitted_at__lte=cutoff)
        changed = _refresh_peer_cells(firms)
        Assessment.objects.filter(in_peer_release=True).exclude(pk__in=firms.values("pk")).update(in_peer_release=False)
        firms.filter(in_peer_release=False).update(in_peer_release=True)
        return PeerRelease.objects.create(released_at=now, cutoff=cutoff, firms=firms.count(), cells_changed=changed)


def release_if_due(now=None):
    """A release, when the newest one is PEER_RELEASE_HOURS old or there is none; else None."""
    now = now or timezone.now()
    latest = PeerRelease.objects.order_by("-released_at").values_list("released_at", flat=True).first()
    if latest is not None and latest > now - timedelta(hours=settings.PEER_RELEASE_HOURS):
        return None
    return release(now)


def request_release():
    """Queues `release_when_due` for the worker if a release is due (one query), so a service with a
    worker needs no cron for releases."""
    latest = PeerRelease.objects.order_by("-released_at").values_list("released_at", flat=True).first()
    if latest is None or latest <= timezone.now() - timedelta(hours=settings.PEER_RELEASE_HOURS):
        release_when_due.enqueue()


@task()
def release_when_due():
    """The worker's daily round: a peer release if one is still due, and the publication of any
    completed quarter whose time has come (published.py)."""
    from . import published  # the dashboard's publications sit above the peer figures in this wing

    made = release_if_due()
    published.publish_due()
    return made.pk if made else None


def latest_release():
    return PeerRelease.objects.order_by("-released_at").first()


# ------------------------------------------------------------------------------------ one firm's figures


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
    own = 1 if assessment.in_peer_release else 0  # the firm is not its own peer
    firms = {kind: max((r[f"firms_{kind}"] or 0 for r in rows), default=own) - own for kind in groups}
    revisions = {kind: sum(r[f"revision_{kind}"] or 0 for r in rows) for kind in groups}
    return firms, revisions


def comparison(assessment, results):
    """(the peer group used or None, driver code -> PeerScore) for this firm's results, from the
    current release."""
    group = benchmarks.choose_group(_state(assessment)[0])
    if group is None:
        return None, {}
    scores = {code: r.score for code, r in results.items()}
    cells = PeerCell.objects.filter(_groups(assessment)[group.kind], firms__gt=0)
    histograms = {}
    for code, hist in cells.values_list("driver__code", "histogram"):
        histograms[code] = histograms.get(code, 0) + np.asarray(hist, dtype=np.int64)
    if assessment.in_peer_release:  # the firm's own cell is in every group it can have
        for code, score in scores.items():
            if score is not None and code in histograms and histograms[code][score] > 0:
                histograms[code][score] -= 1
    return group, benchmarks.compare(histograms, scores)


def revision(assessment):
    """A short string that changes whenever the peer figures this assessment's report shows could.

    Revisions only go up, so the sum over the cells of the firm's group (all cells when it has
    none yet: any of them could make one) changes with every release that changes those cells."""
    firms, revisions = _state(assessment)
    group = benchmarks.choose_group(firms)
    kind = group.kind if group else benchmarks.ALL
    return f"{group.kind if group else 'none'}:{int(assessment.in_peer_release)}:{revisions[kind]}"


# ------------------------------------------------------------------------------------ rebuilding


def refresh():
    """Rebuilds every live insight cell from the DriverScore and Answer rows of the firms that count;
    returns how many cells changed. Runs in one transaction that keeps submits out until it is done.
    (The peer cells are rebuilt by `release()`.)"""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {InsightCell._meta.db_table} IN EXCLUSIVE MODE")
        firms = Assessment.objects.counted(include_demo=True)
        firms.filter(in_aggregates=False).update(in_aggregates=True)
        Assessment.objects.filter(in_aggregates=True).exclude(pk__in=firms.values("pk")).update(in_aggregates=False)
        return insight_cells.rebuild(firms)


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
