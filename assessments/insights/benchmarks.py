"""Peer comparison and the statistics of score distributions (numpy; pure functions).

Scores are whole numbers 0–100, so a distribution is a histogram of BINS counts: hist[s] is how
many firms scored s. Order statistics from a histogram are exact, and the cost of reading one does
not grow with the number of firms in it.

Peers are other submitted assessments whose firms agreed to anonymous comparison. The group is the
narrowest of (same sector and size, same size, all manufacturers) that has at least MIN_GROUP
(disclosure.py: the one minimum group) firms; a group smaller than that is never shown.

The threat: anyone can submit made-up assessments around a firm, delete them, submit others and
look again, and read what the firm's score does to the figures. So:
- every figure is a **nearest-rank** order statistic (the ⌈q·n⌉-th smallest score, never a mean of
  two scores), rounded to the nearest RELEASE_STEP. An order statistic of the victim's score T and
  any other scores is clamp(T, lo, hi) for two of the others, and rounding is monotone, so the
  released figure is clamp(round(T), round(lo), round(hi)): it depends on T only through T's
  RELEASE_STEP-wide bucket, whatever the fakes, deletions or timing (tests/insights/test_peer_gaming.py
  replays adaptive attacks against every score);
- a firm's own position is only the quarter it falls in against the released quartiles;
- peers.py shows released cells (a daily release counting firms submitted days before it), so a
  fake or a deletion changes nothing until the next release, and only firms that scored every area
  count, so each fake costs a whole assessment.
"""

import math
from dataclasses import dataclass

import numpy as np

from .disclosure import MIN_GROUP, released

BINS = 101

# The groups tried, narrowest first: same sector and size, same size, everyone.
SECTOR_AND_SIZE, SIZE, ALL = "sector_and_size", "size", "all"


@dataclass(frozen=True)
class PeerGroup:
    kind: str  # SECTOR_AND_SIZE, SIZE or ALL; templates phrase it
    firms: int


@dataclass(frozen=True)
class PeerScore:
    median: int  # the group's median, to the nearest RELEASE_STEP
    quarter: int  # 1–4: this firm's quarter against the released quartiles (4: top quarter)
    firms: int


def histogram(scores):
    """The histogram (numpy int array of BINS) of an iterable of whole-number scores; None is skipped."""
    return np.bincount([s for s in scores if s is not None], minlength=BINS).astype(np.int64)


def choose_group(firms):
    """The narrowest PeerGroup with MIN_GROUP firms, or None.

    firms: group kind -> how many peers the group has, the firm itself taken out (for each kind,
    the most firms any one driver has: every firm has a row for each driver of its questionnaire)."""
    for kind in (SECTOR_AND_SIZE, SIZE, ALL):
        if firms.get(kind, 0) >= MIN_GROUP:
            return PeerGroup(kind, firms[kind])
    return None


def _nth(hist, k):
    """The k-th smallest score (0-based) in a histogram."""
    return int(np.searchsorted(np.cumsum(hist), k, side="right"))


def order_statistic(hist, q):
    """The nearest-rank q-quantile (0 < q ≤ 1) of a non-empty histogram: the ⌈q·n⌉-th smallest score,
    always one of the scores, never between two. The median of an even group is its lower middle."""
    n = int(hist.sum())
    return _nth(hist, max(math.ceil(q * n), 1) - 1)


def compare(histograms, scores):
    """driver code -> PeerScore for each driver this firm scored and MIN_GROUP peers scored too.

    histograms: driver code -> the chosen group's histogram (the firm itself taken out);
    scores: driver code -> this firm's score (None is skipped). Quartiles are nearest-rank order
    statistics, released (see `released`); the firm's quarter compares its own score with the
    released quartiles only, so it tells nothing the quartiles do not."""
    result = {}
    for driver, score in scores.items():
        hist = histograms.get(driver)
        if score is None or hist is None or hist.sum() < MIN_GROUP:
            continue
        quartiles = [released(order_statistic(hist, q)) for q in (0.25, 0.5, 0.75)]
        result[driver] = PeerScore(
            median=quartiles[1], quarter=1 + sum(score > q for q in quartiles), firms=int(hist.sum())
        )
    return result
