"""Hypothesis strategies shared by the property tests of the readers of input files."""

from __future__ import annotations

from hypothesis import strategies as st

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**6), st.floats(allow_nan=False), st.text(max_size=8))
# Any value of the wrong shape: a scalar, a list or a block with made-up names.
WRONG = st.one_of(SCALARS, st.lists(SCALARS, max_size=3), st.dictionaries(st.text(max_size=4), SCALARS, max_size=2))


def mostly(right: st.SearchStrategy, wrong: st.SearchStrategy = WRONG, one_in: int = 4) -> st.SearchStrategy:
    """``wrong`` once in ``one_in`` examples, else ``right`` (st.one_of would weigh each of wrong's branches
    as much as right, and most examples would stop at the first wrong value)."""
    return st.integers(1, one_in).flatmap(lambda n: wrong if n == 1 else right)
