"""Peer comparison: how one firm's driver scores sit among similar firms (pandas; pure functions).

Peers are other submitted assessments whose firms agreed to anonymous comparison. The group is
the narrowest of (same sector and size, same size, all manufacturers) that has at least MIN_PEERS
firms; a group smaller than that is never shown.

"At least five" alone does not protect a firm: anyone can submit four made-up assessments into its
cell and read its exact score as the median of five. So what is released is coarse: the median and
quartiles only to the nearest RELEASE_STEP points, and a firm's own position only as the quarter
it falls in against those released quartiles. Every figure a report shows is then a function of
rounded order statistics, so fakes and probes can learn at most which RELEASE_STEP-wide bucket a
firm's score is in, never the score (see tests/test_peer_gaming.py). peers.py adds the other half
of the defence: only firms that scored every area count, so each fake costs a whole assessment.
"""

from dataclasses import dataclass

import pandas as pd

MIN_PEERS = 5
RELEASE_STEP = 10  # peer figures are published to the nearest 10 points
PEER_COLUMNS = ["assessment", "driver", "score", "sector", "size_band"]


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


def released(value):
    """A peer figure as it may be shown: to the nearest RELEASE_STEP, halves rounded up."""
    return int((value / RELEASE_STEP + 0.5) // 1) * RELEASE_STEP


def peers_frame(rows):
    return pd.DataFrame(rows, columns=PEER_COLUMNS)


def choose_group(peers, sector, size_band):
    """(PeerGroup, its rows) for the narrowest group with MIN_PEERS firms, or (None, empty frame)."""
    candidates = [
        (SECTOR_AND_SIZE, (peers["sector"] == sector) & (peers["size_band"] == size_band)),
        (SIZE, peers["size_band"] == size_band),
        (ALL, pd.Series(True, index=peers.index)),
    ]
    for kind, mask in candidates:
        rows = peers[mask]
        firms = rows["assessment"].nunique()
        if firms >= MIN_PEERS:
            return PeerGroup(kind, firms), rows
    return None, peers.iloc[0:0]


def compare(rows, scores):
    """driver code -> PeerScore for each driver this firm scored and MIN_PEERS peers scored too.

    rows: the chosen group's peer rows; scores: driver code -> this firm's score (None is skipped).
    Quartiles interpolate linearly and are released (see `released`); the firm's quarter compares
    its own score with the released quartiles only, so it tells nothing the quartiles do not."""
    result = {}
    for driver, score in scores.items():
        peer_scores = rows.loc[(rows["driver"] == driver) & rows["score"].notna(), "score"].astype(float)
        if score is None or len(peer_scores) < MIN_PEERS:
            continue
        quartiles = [released(q) for q in peer_scores.quantile([0.25, 0.5, 0.75])]
        result[driver] = PeerScore(
            median=quartiles[1], quarter=1 + sum(score > q for q in quartiles), firms=len(peer_scores)
        )
    return result
