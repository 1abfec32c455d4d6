"""Peer comparison and the statistics of score distributions (numpy; pure functions).

Scores are whole numbers 0–100, so a distribution is a histogram of BINS counts: hist[s] is how
many firms scored s. Medians, quartiles and percentiles from a histogram are exact, and the cost of
reading one does not grow with the number of firms in it.

Peers are other submitted assessments whose firms agreed to anonymous comparison. The group is the
narrowest of (same sector and size, same size, all manufacturers) that has at least MIN_PEERS
firms; a group smaller than that is never shown, so no single firm can be picked out.
"""

from dataclasses import dataclass

import numpy as np

MIN_PEERS = 5
BINS = 101

# The groups tried, narrowest first: same sector and size, same size, everyone.
SECTOR_AND_SIZE, SIZE, ALL = "sector_and_size", "size", "all"


@dataclass(frozen=True)
class PeerGroup:
    kind: str  # SECTOR_AND_SIZE, SIZE or ALL; templates phrase it
    firms: int


@dataclass(frozen=True)
class PeerScore:
    median: int
    percentile: int  # share of peers scoring below this firm, ties counted half, 0–100
    firms: int


def histogram(scores):
    """The histogram (numpy int array of BINS) of an iterable of whole-number scores; None is skipped."""
    return np.bincount([s for s in scores if s is not None], minlength=BINS).astype(np.int64)


def choose_group(firms):
    """The narrowest PeerGroup with MIN_PEERS firms, or None.

    firms: group kind -> how many peers the group has, the firm itself taken out (for each kind,
    the most firms any one driver has: every firm has a row for each driver of its questionnaire)."""
    for kind in (SECTOR_AND_SIZE, SIZE, ALL):
        if firms.get(kind, 0) >= MIN_PEERS:
            return PeerGroup(kind, firms[kind])
    return None


def _nth(hist, k):
    """The k-th smallest score (0-based) in a histogram."""
    return int(np.searchsorted(np.cumsum(hist), k, side="right"))


def quantile(hist, q):
    """The q-quantile (0–1) of a non-empty histogram, interpolated between neighbouring scores as
    pandas and numpy do by default (position (n − 1) × q); a float."""
    n = int(hist.sum())
    position = (n - 1) * q
    low, high = int(np.floor(position)), int(np.ceil(position))
    below, above = _nth(hist, low), _nth(hist, high)
    return below + (position - low) * (above - below)


def round_half_up(value):
    return int((value + 0.5) // 1)


def median(hist):
    """The median of a non-empty histogram, rounded half up to a whole number."""
    return round_half_up(quantile(hist, 0.5))


def percentile(hist, score):
    """Share of the histogram's firms scoring below `score`, ties counted half, as a whole 0–100."""
    n = int(hist.sum())
    below, ties = int(hist[:score].sum()), int(hist[score])
    return int(round(100 * (below + ties / 2) / n))


def compare(histograms, scores):
    """driver code -> PeerScore for each driver this firm scored and MIN_PEERS peers scored too.

    histograms: driver code -> the chosen group's histogram (the firm itself taken out);
    scores: driver code -> this firm's score (None is skipped)."""
    result = {}
    for driver, score in scores.items():
        hist = histograms.get(driver)
        if score is None or hist is None or hist.sum() < MIN_PEERS:
            continue
        result[driver] = PeerScore(median=median(hist), percentile=percentile(hist, score), firms=int(hist.sum()))
    return result
