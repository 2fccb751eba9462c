"""Rows of text into columns: where to cut a run of rows so the columns fit and end alike.

Rows keep their order and are never split (a heading never runs over a fold
or into the next column). Heights are given per column, ``heights[column][row]``,
since columns of different widths set the same row to different heights.
Half a point of slack is kept under every capacity: platypus' ``Frame``
tolerates a hair of overshoot, flashgen tolerates none.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations_with_replacement, pairwise

SLACK = 0.5  # room kept free at the foot of every column


def stack_height(heights: Sequence[float], gap: float) -> float:
    """The height of ``heights`` stacked with ``gap`` between neighbours."""
    return sum(heights) + gap * max(len(heights) - 1, 0)


def fits(heights: Sequence[float], gap: float, capacity: float) -> bool:
    """Whether ``heights`` stacked with ``gap`` between them fit ``capacity``."""
    return stack_height(heights, gap) <= capacity - SLACK


def count_fitting(heights: Sequence[Sequence[float]], gap: float, capacities: Sequence[float]) -> int:
    """How many rows fit, in order, each column filled before the next (``heights[column][row]``)."""
    placed, column, used = 0, 0, 0.0
    rows = len(heights[0]) if heights else 0
    while placed < rows and column < len(capacities):
        extra = heights[column][placed] + (gap if used else 0.0)
        if used + extra <= capacities[column] - SLACK:
            used += extra
            placed += 1
        else:
            column, used = column + 1, 0.0
    return placed


def _score(heights: Sequence[Sequence[float]], gap: float, capacities: Sequence[float],
           bounds: Sequence[int]) -> tuple[int, float, float] | None:
    """How good the cut at ``bounds`` is (lower is better), or None if a column overflows.

    Fewest empty columns first, then the least full fullest column, then the
    columns ending most alike: they share one bottom line, so their slack
    says how high each ends.
    """
    slack = []
    for column, capacity in enumerate(capacities):
        placed = heights[column][bounds[column]:bounds[column + 1]]
        if not fits(placed, gap, capacity):
            return None
        slack.append(capacity - sum(placed) - gap * max(len(placed) - 1, 0))
    empty = sum(1 for start, end in pairwise(bounds) if start == end)
    return empty, -min(slack), max(slack) - min(slack)


def balanced_split(heights: Sequence[Sequence[float]], gap: float,
                   capacities: Sequence[float]) -> tuple[int, ...] | None:
    """Where to cut the rows into ``len(capacities)`` columns so they fit and end at similar heights.

    Returns the row index each column after the first starts at (so
    ``len(capacities) - 1`` cuts), or None if no cut fits. Among equally
    good cuts, the first in order wins. Every cut is tried: columns are few.
    """
    rows = len(heights[0]) if heights else 0
    best: tuple[tuple[int, float, float], tuple[int, ...]] | None = None
    for cuts in combinations_with_replacement(range(rows + 1), len(capacities) - 1):
        score = _score(heights, gap, capacities, (0, *cuts, rows))
        if score is not None and (best is None or score < best[0]):
            best = (score, cuts)
    return None if best is None else best[1]
