"""Peer comparison and the statistics of score distributions (numpy; pure functions).

Scores are whole numbers 0–100, so a distribution is a histogram of BINS counts: hist[s] is how
many firms scored s. Medians and quartiles from a histogram are exact, and the cost of
reading one does not grow with the number of firms in it.

Peers are other submitted assessments whose firms agreed to anonymous comparison. The group is the
narrowest of (same sector and size, same size, all manufacturers) that has at least MIN_GROUP
firms; a group smaller than that is never shown.

"At least five" alone does not protect a firm: anyone can submit four made-up assessments into its
cell and read its exact score as the median of five. So what is released is coarse: the median and
quartiles only to the nearest RELEASE_STEP points, and a firm's own position only as the quarter
it falls in against those released quartiles. Every figure a report shows is then a function of
rounded order statistics, so fakes and probes can learn at most which RELEASE_STEP-wide bucket a
firm's score is in, never the score (see tests/insights/test_peer_gaming.py). peers.py adds the other half
of the defence: only firms that scored every area count, so each fake costs a whole assessment.
"""

from dataclasses import dataclass

import numpy as np

from ..scoring import round_half_up
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


def quantile(hist, q):
    """The q-quantile (0–1) of a non-empty histogram, interpolated between neighbouring scores as
    pandas and numpy do by default (position (n − 1) × q); a float."""
    n = int(hist.sum())
    position = (n - 1) * q
    low, high = int(np.floor(position)), int(np.ceil(position))
    below, above = _nth(hist, low), _nth(hist, high)
    return below + (position - low) * (above - below)


def median(hist):
    """The median of a non-empty histogram, rounded half up to a whole number."""
    return round_half_up(quantile(hist, 0.5))


def compare(histograms, scores):
    """driver code -> PeerScore for each driver this firm scored and MIN_GROUP peers scored too.

    histograms: driver code -> the chosen group's histogram (the firm itself taken out);
    scores: driver code -> this firm's score (None is skipped). Quartiles interpolate linearly and
    are released (see `released`); the firm's quarter compares its own score with the released
    quartiles only, so it tells nothing the quartiles do not."""
    result = {}
    for driver, score in scores.items():
        hist = histograms.get(driver)
        if score is None or hist is None or hist.sum() < MIN_GROUP:
            continue
        quartiles = [released(quantile(hist, q)) for q in (0.25, 0.5, 0.75)]
        result[driver] = PeerScore(
            median=quartiles[1], quarter=1 + sum(score > q for q in quartiles), firms=int(hist.sum())
        )
    return result
