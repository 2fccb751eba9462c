"""Tolerant image comparison for golden-image tests, with a diff image on failure."""

from __future__ import annotations

import os
from pathlib import Path

from PIL import Image, ImageChops

OUTPUT = Path(__file__).resolve().parent / "failures"  # diff images of failed comparisons (not committed)
# A pixel "differs" when a channel moves by more than this (antialiasing noise stays below).
CHANNEL_TOLERANCE = 24
# The share of differing pixels a golden comparison accepts.
DIFFERING_SHARE = 0.002


def differing_share(actual: Image.Image, expected: Image.Image) -> float:
    difference = ImageChops.difference(actual.convert("RGB"), expected.convert("RGB")).convert("L")
    histogram = difference.histogram()
    return sum(histogram[CHANNEL_TOLERANCE + 1:]) / (actual.width * actual.height)


def assert_matches_golden(actual: Image.Image, golden: Path) -> None:
    """Compare with ``golden``; set FLASHGEN_UPDATE_GOLDEN=1 to (re)write it after looking at it."""
    if os.environ.get("FLASHGEN_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        actual.save(golden)
    compare_with_golden(actual, golden)


def compare_with_golden(actual: Image.Image, golden: Path) -> None:
    """Raise AssertionError (and write a diff image) if ``actual`` differs from ``golden``."""
    with Image.open(golden) as expected:
        assert actual.size == expected.size, f"{golden.name}: size {actual.size} != {expected.size}"
        share = differing_share(actual, expected)
        if share > DIFFERING_SHARE:
            OUTPUT.mkdir(exist_ok=True)
            diff = ImageChops.difference(actual.convert("RGB"), expected.convert("RGB"))
            diff_path = OUTPUT / f"diff-{golden.name}"
            Image.eval(diff, lambda v: 255 if v > CHANNEL_TOLERANCE else v * 4).save(diff_path)
            actual.save(OUTPUT / f"actual-{golden.name}")
            raise AssertionError(f"{golden.name}: {share:.2%} of pixels differ; see {diff_path}")


def same_pixels(actual: Image.Image, expected: Image.Image) -> bool:
    """True if every channel of every pixel, alpha included, is the same."""
    difference = ImageChops.difference(actual.convert("RGBA"), expected.convert("RGBA"))
    return difference.getbbox(alpha_only=False) is None


def cairosvg_alone(svg: bytes, pixels: tuple[int, int]) -> Image.Image:
    """``svg`` drawn by CairoSVG alone (no glyph runs, no kept backgrounds): the reference for render.py."""
    from cairosvg.parser import Tree
    from cairosvg.surface import PNGSurface

    surface = PNGSurface(Tree(bytestring=svg), None, 96, output_width=pixels[0], output_height=pixels[1]).cairo
    return Image.frombuffer("RGBA", pixels, bytes(surface.get_data()), "raw", "BGRa", surface.get_stride(), 1)
