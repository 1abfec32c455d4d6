"""Disclosure control (numpy; pure functions): what may be shown of figures about firms — the one
minimum group, how a firm's peer figures are released (rounded), and suppression in tables of counts.

A table has rows (groups of firms, e.g. regions) and columns (e.g. maturity bands); each row's total
is shown (how many firms the row rests on) and so, for some columns, is the column total (the same
figure for all groups together). The rules, as the dashboard states them:

1. Primary: a row resting on fewer than MIN_GROUP firms is hidden whole; a cell of 1 to
   MIN_GROUP − 1 firms is hidden. Zeros are shown: they describe a group, not a firm.
2. Secondary, by groups: the hidden rows together (which the total minus the rows shown gives) hold
   no firm or at least MIN_GROUP: while they hold 1 to MIN_GROUP − 1, the smallest row still shown
   is hidden too. So one hidden row is never alone, and the hidden rows together are a group.
3. Secondary, by cells: a row or a column with a known total and exactly one hidden cell gets a
   second one hidden, its next-smallest non-zero cell.
4. Check: no hidden cell may be worked out from the shown cells and totals, by sums and
   differences or because counts cannot be negative (an exact test on the table as a graph, see
   pinned); while one can, the next-smallest cell beside it is hidden too (a zero if there is
   nothing else: it could have been 1), or else its whole row.
"""

import numpy as np

from ..scoring import round_half_up

# The one minimum group: no figure shown anywhere rests on fewer firms than this — a firm's peer
# figures (benchmarks), the dashboard and the published tables (this module), and the words firms
# read (the consent text, the privacy page). The one place it is stated.
MIN_GROUP = 10
RELEASE_STEP = 10  # a firm's peer figures are released to the nearest 10 points


def released(value):
    """A peer figure as it may be shown to a firm: to the nearest RELEASE_STEP, halves rounded up."""
    return round_half_up(value / RELEASE_STEP) * RELEASE_STEP


def protect(counts, col_known=None, min_firms=MIN_GROUP):
    """(hidden cells, hidden rows) as boolean arrays for a table of counts (rows × columns).

    col_known: per column, whether its total is shown elsewhere — as the result of protecting the
    column totals themselves, a one-row table (which is the default). Row totals are the rows' sums
    and are shown for every row that is not hidden; the grand total is shown, and a table resting
    on fewer than min_firms firms in all is hidden whole."""
    counts = np.asarray(counts, dtype=np.int64)
    rows_n, cols_n = counts.shape
    if col_known is None:
        margin, _ = protect(counts.sum(axis=0)[None, :], col_known=np.zeros(cols_n, dtype=bool), min_firms=min_firms)
        col_known = ~margin[0]
    col_known = np.asarray(col_known, dtype=bool)
    totals = counts.sum(axis=1)
    hidden_rows = (totals > 0) & (totals < min_firms)
    if 0 < totals.sum() < min_firms:
        hidden_rows[:] = True
    while 0 < totals[hidden_rows].sum() < min_firms:
        candidates = np.flatnonzero(~hidden_rows & (totals > 0))
        if not len(candidates):
            break
        hidden_rows[candidates[np.argmin(totals[candidates])]] = True
    hidden = ((counts > 0) & (counts < min_firms)) | hidden_rows[:, None]
    for _ in range(rows_n * cols_n + 1):  # each round hides at least one more cell, or stops
        if not _hide_one_more(counts, hidden, hidden_rows, col_known):
            break
    return hidden, hidden_rows


def _hide_one_more(counts, hidden, hidden_rows, col_known):
    """Hides one more cell where a rule asks for it; False when none does."""
    for r in np.flatnonzero(~hidden_rows):
        if hidden[r].sum() == 1 and _hide_smallest(counts, hidden, r, None):
            return True
    for c in np.flatnonzero(col_known):
        if hidden[:, c].sum() == 1 and _hide_smallest(counts, hidden, None, c):
            return True
    stuck = pinned(counts, hidden, hidden_rows, col_known)
    return any(_hide_beside(counts, hidden, hidden_rows, r, c) for r, c in zip(*np.nonzero(stuck), strict=True))


def _hide_beside(counts, hidden, hidden_rows, r, c):
    """Hides one more cell so the hidden cell (r, c) has room to move: the smallest shown non-zero
    cell of its row or column; else a shown zero there that could have been 1 (its other line has
    firms); else its whole row; else the smallest row still shown."""
    if not hidden_rows[r] and _hide_smallest(counts, hidden, r, None):
        return True
    if _hide_smallest(counts, hidden, None, c):
        return True
    row_totals, col_totals = counts.sum(axis=1), counts.sum(axis=0)
    zeros = [(r, j) for j in np.flatnonzero(~hidden[r] & (counts[r] == 0) & (col_totals > 0)) if not hidden_rows[r]]
    zeros += [(i, c) for i in np.flatnonzero(~hidden[:, c] & (counts[:, c] == 0) & (row_totals > 0))]
    if zeros:
        hidden[zeros[0]] = True
        return True
    if not hidden_rows[r]:
        hidden_rows[r], hidden[r] = True, True
        return True
    shown = np.flatnonzero(~hidden_rows & (row_totals > 0))
    if len(shown):
        pick = shown[np.argmin(row_totals[shown])]
        hidden_rows[pick], hidden[pick] = True, True
        return True
    return False


def _hide_smallest(counts, hidden, row, col):
    """Hides the smallest shown non-zero cell of a row (or a column); False if there is none."""
    line = counts[row] if row is not None else counts[:, col]
    shown = np.flatnonzero(~(hidden[row] if row is not None else hidden[:, col]) & (line > 0))
    if not len(shown):
        return False
    pick = shown[np.argmin(line[shown])]
    if row is not None:
        hidden[row, pick] = True
    else:
        hidden[pick, col] = True
    return True


def pinned(counts, hidden, hidden_rows, col_known):
    """Which hidden non-zero cells the shown cells and totals pin down exactly, as a boolean array.

    The table is a bipartite graph: on one side a node per shown row plus one node for all hidden
    rows together, on the other a node per column with a known total plus one for the others (the
    grand total makes each merged node's sum known); each hidden cell is an edge, and every node's
    edges sum to a known number. Another table of non-negative whole numbers consistent with
    everything shown, with a different value in a cell, exists exactly when the cell's edge lies on
    a cycle whose edges alternately go up and down by one and every edge going down holds at
    least 1. So a cell is pinned when no such cycle runs through it, in either direction."""
    rows_n, cols_n = counts.shape
    left = [rows_n if hidden_rows[r] else r for r in range(rows_n)]  # rows_n: the hidden rows' node
    right = [c if col_known[c] else cols_n for c in range(cols_n)]  # cols_n: the unknown columns' node
    edges = [(left[r], right[c], int(counts[r, c]), (r, c)) for r, c in zip(*np.nonzero(hidden), strict=True)]
    result = np.zeros_like(hidden)
    for target in edges:
        if target[2] > 0 and not (_cycle(edges, target, down=True) or _cycle(edges, target, down=False)):
            result[target[3]] = True
    return result


def _cycle(edges, target, down):
    """Is there an alternating cycle through `target`, which goes down (or up) by one?"""
    start, goal = (target[0], target[1]) if down else (target[1], target[0])
    # An edge walked from a row node to a column node goes up by one, from a column node down. Going
    # down on the target (column to row), the walk goes on from the target's row node and must come
    # back to its column node from a row node; going up, the other way round.
    frontier, seen = [(start, not down)], {(start, not down)}
    while frontier:
        node, on_right = frontier.pop()
        for a, b, value, cell in edges:
            if cell == target[3]:
                continue
            here, there = (b, a) if on_right else (a, b)
            if here != node:
                continue
            if on_right and value < 1:  # going down: a cell of 0 cannot
                continue
            if there == goal and on_right == (not down):
                return True
            state = (there, not on_right)
            if state not in seen:
                seen.add(state)
                frontier.append(state)
    return False
