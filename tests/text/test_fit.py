"""Tests for flashgen.text.fit: the one search for the largest size that fits."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from flashgen.text.fit import bisect, largest_fitting, sizes_down

SIZES = (12.0, 11.0, 10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0, 6.5)


def up_to(limit: float):
    """An attempt that succeeds (returning its size) at sizes up to ``limit``, recording each size it is asked."""
    asked: list[float] = []

    def attempt(size: float) -> float | None:
        asked.append(size)
        return size if size <= limit else None

    return attempt, asked


def test_the_largest_size_that_fits_is_chosen():
    attempt, _ = up_to(9.2)
    assert largest_fitting(SIZES, attempt) == 9.0


def test_the_largest_size_is_taken_when_it_fits():
    attempt, _ = up_to(100.0)
    assert largest_fitting(SIZES, attempt) == 12.0


def test_nothing_fits_gives_none_after_one_try():
    attempt, asked = up_to(1.0)
    assert largest_fitting(SIZES, attempt) is None
    assert asked == [6.5]  # the smallest is tried first: if it fails, so do the others


def test_no_sizes_give_none():
    attempt, asked = up_to(1.0)
    assert largest_fitting((), attempt) is None and asked == []


def test_the_search_bisects_and_never_asks_twice():
    attempt, asked = up_to(9.2)
    largest_fitting(SIZES, attempt)
    assert len(asked) <= 5 and len(asked) == len(set(asked))


def test_what_the_attempt_made_is_returned():
    assert largest_fitting(SIZES, lambda size: f"set at {size:g}" if size <= 8 else None) == "set at 8"


def test_bisect_narrows_a_float_range_to_its_precision():
    def next_probe(fitting: float, failing: float) -> float | None:
        return (fitting + failing) / 2 if failing - fitting > 0.001 else None

    size, made = bisect(lambda size: size if size * size <= 2.0 else None, (1.0, 1.0), 2.0, next_probe)
    assert 1.414 <= size <= 2.0 ** 0.5 and made == size


def test_bisect_keeps_the_known_fit_when_every_probe_fails():
    def next_probe(good: int, bad: int) -> int | None:
        return (good + bad) // 2 if bad - good > 1 else None

    size, made = bisect(lambda _: None, (3, "three"), 10, next_probe)
    assert (size, made) == (3, "three")


def test_sizes_down_end_at_the_first_size_at_or_below_the_smallest():
    assert sizes_down(8, 6.5, 0.25) == [8, 7.75, 7.5, 7.25, 7.0, 6.75, 6.5]
    assert sizes_down(25, 12.5, 0.5)[-2:] == [13.0, 12.5]
    assert sizes_down(10, 9.9, 0.25) == [10, 9.75]
    assert sizes_down(10, 12, 0.5) == [10]


@given(
    sizes=st.lists(st.floats(min_value=1.0, max_value=100.0), min_size=1, max_size=30, unique=True),
    limit=st.floats(min_value=0.0, max_value=120.0),
)
def test_largest_fitting_agrees_with_trying_every_size(sizes, limit):
    sizes = sorted(sizes, reverse=True)
    attempt, _ = up_to(limit)
    expected = next((size for size in sizes if size <= limit), None)
    assert largest_fitting(sizes, attempt) == expected


@given(low=st.integers(-1000, 1000), span=st.integers(1, 5000), data=st.data())
def test_bisect_finds_the_boundary_of_an_integer_range(low, span, data):
    high = low + span
    threshold = data.draw(st.integers(low, high - 1))  # fits up to here: low fits, high does not
    grid, made = bisect(lambda n: n if n <= threshold else None, (low, low), high,
                        lambda good, bad: (good + bad) // 2 if bad - good > 1 else None)
    assert grid == made == threshold
