"""Tests for flashgen.text.columns: rows of text cut into balanced columns."""

from __future__ import annotations

import math
from itertools import pairwise, product

from hypothesis import given
from hypothesis import strategies as st

from flashgen.text.columns import (
    SLACK,
    balanced_split,
    count_fitting,
    fits,
    stack_height,
)


def test_stack_height_counts_the_gaps_between_rows():
    assert stack_height([10.0, 20.0, 5.0], 2.0) == 39.0
    assert stack_height([], 2.0) == 0.0


def test_fits_keeps_half_a_point_free():
    assert fits([10.0, 10.0], 1.0, 21.0 + SLACK)
    assert not fits([10.0, 10.0], 1.0, 21.0 + SLACK - 0.01)


def test_equal_rows_are_shared_evenly():
    heights = [[10.0] * 6] * 3
    assert balanced_split(heights, 1.0, [100.0] * 3) == (2, 4)


def test_a_tall_row_gets_a_column_of_its_own():
    heights = [[50.0, 10.0, 10.0, 10.0, 10.0, 10.0]] * 2
    assert balanced_split(heights, 0.0, [60.0, 60.0]) == (1,)


def test_columns_of_different_widths_and_heights():
    # The first column is narrower (rows are taller there) and shorter (a header above it).
    narrow, wide = [12.0, 12.0, 12.0, 12.0], [10.0, 10.0, 10.0, 10.0]
    # One row in the first column leaves it less full (18 free) than two would (6 free).
    assert balanced_split([narrow, wide], 0.0, [30.0, 50.0]) == (1,)


def test_nothing_fits_gives_none():
    assert balanced_split([[40.0, 40.0, 40.0]] * 2, 0.0, [50.0, 50.0]) is None


def test_fewer_rows_than_columns_leave_columns_empty():
    assert balanced_split([[10.0]] * 3, 0.0, [20.0] * 3) == (0, 0)  # all equally good: the first cut wins
    assert count_fitting([[10.0]] * 3, 0.0, [20.0] * 3) == 1


def test_count_fitting_fills_each_column_before_the_next():
    heights = [[10.0] * 5] * 2
    assert count_fitting(heights, 1.0, [22.0, 11.0]) == 3
    assert count_fitting(heights, 1.0, [100.0, 100.0]) == 5
    assert count_fitting([], 1.0, [10.0]) == 0


heights_lists = st.lists(st.floats(min_value=1.0, max_value=60.0), min_size=1, max_size=9)


def every_fitting_cut(heights, gap, capacities):
    """Every cut that fits, found the slow way (all index tuples, kept if ordered)."""
    rows = len(heights[0])
    for cuts in product(range(rows + 1), repeat=len(capacities) - 1):
        bounds = (0, *cuts, rows)
        if list(bounds) == sorted(bounds) and all(
            fits(heights[c][bounds[c]:bounds[c + 1]], gap, capacity) for c, capacity in enumerate(capacities)
        ):
            yield bounds


@given(
    rows=heights_lists,
    columns=st.integers(1, 3),
    gap=st.floats(min_value=0.0, max_value=5.0),
    capacity=st.floats(min_value=20.0, max_value=200.0),
    widths=st.lists(st.floats(min_value=0.8, max_value=1.25), min_size=3, max_size=3),
)
def test_balanced_split_fits_whenever_a_fit_exists_and_no_fitting_cut_is_better(rows, columns, gap, capacity, widths):
    # Columns of different widths: a narrower column sets every row a little taller.
    heights = [[h * widths[c] for h in rows] for c in range(columns)]
    capacities = [capacity * (1.0 - 0.1 * c) for c in range(columns)]
    cuts = balanced_split(heights, gap, capacities)
    everything_fits = count_fitting(heights, gap, capacities) == len(rows)
    assert (cuts is not None) == everything_fits
    if cuts is None:
        return
    bounds = (0, *cuts, len(rows))
    assert list(bounds) == sorted(bounds)

    def measure(bounds):
        used = [stack_height(heights[c][bounds[c]:bounds[c + 1]], gap) for c in range(columns)]
        empty = sum(1 for start, end in pairwise(bounds) if start == end)
        return empty, max(u - cap for u, cap in zip(used, capacities))

    chosen = measure(bounds)
    for other in every_fitting_cut(heights, gap, capacities):
        assert measure(other) >= (chosen[0], chosen[1] - 1e-9)


@given(rows=heights_lists, columns=st.integers(1, 3), gap=st.floats(min_value=0.0, max_value=5.0))
def test_with_room_to_spare_the_tallest_column_is_as_short_as_possible(rows, columns, gap):
    """The classic linear partition: compared with its dynamic programme (the infographic's former split)."""
    parts = min(columns, len(rows))
    room = stack_height(rows, gap) + 1.0
    cuts = balanced_split([rows] * parts, gap, [room] * parts)
    assert cuts is not None
    bounds = (0, *cuts, len(rows))
    tallest = max(stack_height(rows[start:end], gap) for start, end in pairwise(bounds))
    assert all(start < end for start, end in pairwise(bounds))  # no column left empty
    assert math.isclose(tallest, smallest_tallest(rows, parts, gap), rel_tol=1e-9, abs_tol=1e-9)


def smallest_tallest(heights, parts, gap):
    best = [[math.inf] * (len(heights) + 1) for _ in range(parts + 1)]
    best[0][0] = 0.0
    for k in range(1, parts + 1):
        for j in range(k, len(heights) + 1):
            for i in range(k - 1, j):
                best[k][j] = min(best[k][j], max(best[k - 1][i], stack_height(heights[i:j], gap)))
    return best[parts][len(heights)]
