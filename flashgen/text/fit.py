"""The largest type size that fits: one search for every place that shrinks text to fit.

Each caller knows how to *try* a size (set a paragraph, lay out a column,
measure a line) and returns what it made, or None when that does not fit.
Smaller type only ever needs less room, so the boundary between sizes that
fit and sizes that do not is found by bisection:

- ``largest_fitting(sizes, attempt)``: the largest of a list of sizes (largest
  first) at which ``attempt`` succeeds;
- ``sizes_down(largest, smallest, step)``: the sizes to try when a size
  shrinks in steps;
- ``bisect(attempt, fitting, failing, next_probe)``: narrows the boundary
  between a value known to fit and one known not to, for callers that search
  a continuous range (or a grid of their own) and decide when to stop.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
N = TypeVar("N", int, float)


def bisect(attempt: Callable[[N], T | None], fitting: tuple[N, T], failing: N,
           next_probe: Callable[[N, N], N | None]) -> tuple[N, T]:
    """The value nearest ``failing`` at which ``attempt`` succeeds, with what it returned.

    ``fitting`` is a value known to succeed and its result, ``failing`` one
    known to fail (either may be the larger). ``next_probe(fitting, failing)``
    names the value to try between them, or None once they are close enough.
    """
    good, best = fitting
    bad = failing
    while (probe := next_probe(good, bad)) is not None:
        result = attempt(probe)
        if result is None:
            bad = probe
        else:
            good, best = probe, result
    return good, best


def largest_fitting(sizes: Sequence[float], attempt: Callable[[float], T | None]) -> T | None:
    """``attempt`` at the largest of ``sizes`` (largest first) where it succeeds, or None if none does.

    The smallest size is tried first: if even it fails, nothing else is tried.
    """
    if not sizes:
        return None
    smallest = len(sizes) - 1
    result = attempt(sizes[smallest])
    if result is None:
        return None

    def middle(good: int, bad: int) -> int | None:
        # ``bad`` starts one before the list: sizes[bad + 1 : good] are still untried.
        return (good + bad + 1) // 2 if good - bad > 1 else None

    return bisect(lambda index: attempt(sizes[index]), (smallest, result), -1, middle)[1]


def sizes_down(largest: float, smallest: float, step: float) -> list[float]:
    """``largest``, then ``step`` smaller each time, down to the first size at or below ``smallest``."""
    sizes = [largest]
    while sizes[-1] > smallest:
        sizes.append(sizes[-1] - step)
    return sizes
