"""Disclosure control: nothing from fewer than ten firms, and nothing hidden can be worked out."""

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from assessments.insights.disclosure import MIN_GROUP, protect


def alternative_exists(counts, hidden, hidden_rows, cell, col_known=None):
    """Is there another table of non-negative whole numbers, identical in every shown cell, shown row
    total, known column total and the grand total, in which `cell` differs? Searched exhaustively,
    independently of the implementation: steps of −1, 0 or +1 on each hidden cell, cell by cell,
    dropping a branch as soon as a finished row or column no longer adds up (or the grand total can
    no longer come back to what it was). col_known: which column totals are shown elsewhere (by
    default, as protecting the column totals as a one-row table decides)."""
    counts = np.asarray(counts)
    if col_known is None:
        col_known = ~protect(counts.sum(axis=0)[None, :], col_known=[False] * counts.shape[1])[0][0]
    cells = sorted((int(r), int(c)) for r, c in zip(*np.nonzero(hidden), strict=True))
    last_in_row = {r: i for i, (r, _c) in enumerate(cells)}
    last_in_col = {c: i for i, (_r, c) in enumerate(cells)}
    rows, cols, total = [0] * counts.shape[0], [0] * counts.shape[1], [0]

    def search(i, moved):
        if abs(total[0]) > len(cells) - i:
            return False
        if i == len(cells):
            return moved and total[0] == 0
        r, c = cells[i]
        for step in (1, -1) if (r, c) == tuple(cell) else (0, 1, -1):
            if counts[r, c] + step < 0:
                continue
            rows[r], cols[c], total[0] = rows[r] + step, cols[c] + step, total[0] + step
            adds_up = not (last_in_row[r] == i and not hidden_rows[r] and rows[r])
            adds_up = adds_up and not (last_in_col[c] == i and col_known[c] and cols[c])
            found = adds_up and search(i + 1, moved or (r, c) == tuple(cell))
            rows[r], cols[c], total[0] = rows[r] - step, cols[c] - step, total[0] - step
            if found:
                return True
        return False

    return search(0, False)


tables = st.integers(min_value=2, max_value=4).flatmap(
    lambda rows: st.integers(min_value=2, max_value=4).flatmap(
        lambda cols: st.lists(
            st.lists(st.sampled_from([0, 0, 1, 2, 4, 7, 9, 10, 12, 15, 25, 40]), min_size=cols, max_size=cols),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=150, deadline=None)
@given(tables)
def test_no_hidden_cell_can_be_recovered_from_the_shown_cells_and_totals(table):
    counts = np.array(table)
    hidden, hidden_rows = protect(counts)
    assume(0 < hidden.sum() <= 9 and counts.sum() >= MIN_GROUP)  # brute force stays quick
    for cell in zip(*np.nonzero(hidden & (counts > 0)), strict=True):
        assert alternative_exists(counts, hidden, hidden_rows, cell), (counts, hidden, cell)


@given(tables)
def test_every_shown_cell_and_row_rests_on_zero_or_at_least_ten_firms(table):
    counts = np.array(table)
    hidden, hidden_rows = protect(counts)
    shown_rows = counts.sum(axis=1)[~hidden_rows]
    assert ((counts[~hidden] == 0) | (counts[~hidden] >= MIN_GROUP)).all()
    assert ((shown_rows == 0) | (shown_rows >= MIN_GROUP)).all()


def test_a_lone_small_cell_in_a_row_takes_the_next_smallest_with_it():
    hidden, _ = protect([[2, 16, 19], [17, 18, 19], [15, 15, 15]], col_known=[False, False, False])
    assert hidden[0].tolist() == [True, True, False]


def test_a_lone_small_group_takes_the_next_smallest_group_with_it():
    _, hidden_rows = protect([[1, 2, 0], [10, 12, 9], [3, 4, 0]])
    assert hidden_rows.tolist() == [True, False, True]


@given(tables)
def test_the_hidden_groups_together_hold_no_firm_or_at_least_ten(table):
    counts = np.array(table)
    assume(counts.sum() >= MIN_GROUP)  # a smaller table shows nothing at all
    _, hidden_rows = protect(counts)
    together = counts.sum(axis=1)[hidden_rows].sum()
    assert together == 0 or together >= MIN_GROUP


def test_two_small_groups_that_together_hold_fewer_than_ten_take_a_third_with_them():
    _, hidden_rows = protect([[1, 2, 0], [10, 12, 9], [3, 1, 0], [20, 20, 20], [12, 14, 15]])
    assert hidden_rows.tolist() == [True, True, True, False, False]


def test_a_table_of_large_counts_hides_nothing():
    hidden, hidden_rows = protect([[10, 20], [30, 40]])
    assert not hidden.any() and not hidden_rows.any()
