"""ISO 216 paper sizes, the one place flashgen's code knows them (the data tables, sizes.yaml and banners.yaml,
name their own papers for the people who tune them).

A0 is 841 × 1189 mm and each next size halves the long side of the one before, rounded down to the
millimetre: A4 is 210 × 297 mm, A5 148 × 210 mm. ``iso_a(4)`` gives (210.0, 297.0), portrait (width, height);
``landscape`` turns a size on its side.
"""

from __future__ import annotations

import math
from functools import cache

A0_MM = (841, 1189)


@cache
def iso_a(number: int) -> tuple[float, float]:
    """A``number`` paper (0 to 10) in millimetres, portrait."""
    if not 0 <= number <= 10:
        raise ValueError(f"no ISO A{number} paper")  # a programming error: flashgen names its own papers
    short, long = A0_MM
    for _fold in range(number):
        short, long = math.floor(long / 2), short
    return float(short), float(long)


def landscape(size: tuple[float, float]) -> tuple[float, float]:
    """``size`` turned on its side: the long side across."""
    return max(size), min(size)
