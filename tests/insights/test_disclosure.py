"""Disclosure control: nothing from fewer than five firms, and nothing hidden can be worked out."""

import itertools

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from assessments.insights.disclosure import MIN_GROUP, protect


def alternatives(counts, hidden, hidden_rows):
    """The hidden cells, and every other table of non-negative whole numbers identical in every shown
    cell, shown row total, column total and grand total, as steps of −1, 0 or +1 on each hidden cell
    (one row of steps per table). Searched exhaustively and independently of the implementation: all
    3^hidden step vectors at once, as one numpy array."""
    counts = np.asarray(counts, dtype=np.int64)
    cells = list(zip(*np.nonzero(hidden), strict=True))
    steps = np.array(list(itertools.product((-1, 0, 1), repeat=len(cells))), dtype=np.int64).reshape(-1, len(cells))
    delta = np.zeros((len(steps), *counts.shape), dtype=np.int64)
    if cells:
        rows, cols = zip(*cells, strict=True)
        delta[:, rows, cols] = steps
    col_known = ~protect(counts.sum(axis=0)[None, :], col_known=[False] * counts.shape[1])[0][0]
    consistent = (
        ((counts + delta) >= 0).all(axis=(1, 2))
        & (delta.sum(axis=(1, 2)) == 0)
        & ~delta.sum(axis=1)[:, col_known].any(axis=1)
        & ~delta[:, ~np.asarray(hidden_rows)].sum(axis=2).any(axis=1)
    )
    return cells, steps[consistent]


def alternative_exists(counts, hidden, hidden_rows, cell):
    """Is there another table consistent with everything shown (see alternatives) in which `cell` differs?"""
    cells, steps = alternatives(counts, hidden, hidden_rows)
    return bool(steps[:, cells.index(cell)].any())


tables = st.integers(min_value=2, max_value=4).flatmap(
    lambda rows: st.integers(min_value=2, max_value=4).flatmap(
        lambda cols: st.lists(
            st.lists(st.sampled_from([0, 0, 1, 2, 3, 4, 5, 6, 8, 12, 20]), min_size=cols, max_size=cols),
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
    assume(0 < hidden.sum() <= 9 and counts.sum() >= MIN_GROUP)  # 3^9 tables at most: a few milliseconds
    cells, steps = alternatives(counts, hidden, hidden_rows)
    for i, cell in enumerate(cells):
        if counts[cell] > 0:
            assert steps[:, i].any(), (counts, hidden, cell)


@given(tables)
def test_every_shown_cell_and_row_rests_on_zero_or_at_least_five_firms(table):
    counts = np.array(table)
    hidden, hidden_rows = protect(counts)
    shown_rows = counts.sum(axis=1)[~hidden_rows]
    assert ((counts[~hidden] == 0) | (counts[~hidden] >= MIN_GROUP)).all()
    assert ((shown_rows == 0) | (shown_rows >= MIN_GROUP)).all()


def test_a_lone_small_cell_in_a_row_takes_the_next_smallest_with_it():
    hidden, _ = protect([[2, 6, 9], [7, 8, 9], [5, 5, 5]], col_known=[False, False, False])
    assert hidden[0].tolist() == [True, True, False]


def test_a_lone_small_group_takes_the_next_smallest_group_with_it():
    _, hidden_rows = protect([[1, 2, 0], [10, 12, 9], [3, 4, 0]])
    assert hidden_rows.tolist() == [True, False, True]


def test_a_table_of_large_counts_hides_nothing():
    hidden, hidden_rows = protect([[10, 20], [30, 40]])
    assert not hidden.any() and not hidden_rows.any()
