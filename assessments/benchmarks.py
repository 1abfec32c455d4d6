"""Peer comparison: how one firm's driver scores sit among similar firms (pandas; pure functions).

Peers are other submitted assessments whose firms agreed to anonymous comparison. The group is
the narrowest of (same sector and size, same size, all manufacturers) that has at least MIN_PEERS
firms; a group smaller than that is never shown, so no single firm can be picked out.
"""

from dataclasses import dataclass

import pandas as pd

MIN_PEERS = 5
PEER_COLUMNS = ["assessment", "driver", "score", "sector", "size_band"]


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
    Medians round half up to whole numbers."""
    result = {}
    for driver, score in scores.items():
        peer_scores = rows.loc[(rows["driver"] == driver) & rows["score"].notna(), "score"].astype(float)
        if score is None or len(peer_scores) < MIN_PEERS:
            continue
        below, ties = (peer_scores < score).sum(), (peer_scores == score).sum()
        result[driver] = PeerScore(
            median=int((peer_scores.median() + 0.5) // 1),
            percentile=int(round(100 * (below + ties / 2) / len(peer_scores))),
            firms=len(peer_scores),
        )
    return result
