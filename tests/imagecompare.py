"""Golden images: exact comparison, a diff image on failure, builds in a fresh process; the plain-CairoSVG reference.

Goldens are compared exactly: every channel of every pixel, alpha included, and the image mode and size. Measured
on the kind of machine CI uses (Debian 12: cairo 1.16.0 from libcairo2, poppler 22.12.0; CairoSVG 2.9.1 and Pillow
13.0.0 from PyPI), December 2026:

* Two ``--jobs 1`` builds of every product (313 images and PDFs; the PDFs drawn with ``pdftoppm -r 40``): 0 pixels
  differ. (9 PNG files differ in their compressed bytes, never in their pixels: compare pixels, not files.)
* A full ``--jobs 1`` build against a full ``--jobs 2`` build: every one of the 245 PNGs differs, in 0.8 % to 5.1 %
  of its pixels (median 2.0 %), by up to 244 of 255, along every glyph edge: the text is hinted differently. The
  workers draw the booklet, leaflet and poster PDFs before any PNG, and cairo keeps the font options a face is first
  used with (a PDF surface's) for the rest of that process. The cards, booklet, leaflet and posters of a ``--jobs 2``
  build of just the goldens' products match the goldens; its infographic web image and carousel do not. Goldens are
  therefore made by ``--jobs 1`` builds, each in a fresh process (``build_apart``), so that what the pytest process
  drew before cannot change them either.
* Changing the last letter of a heading ("hàng" → "hành": one glyph changes, nothing else moves) changes 559 to 1089
  pixels of a social flashcard (0.04–0.08 %), 193 of the half-size point card, and 18 to 49 pixels (0.01 %) of the
  40 dpi pages and the quarter-size web image. The tolerance used before (a channel may move by 24, 0.2 % of the
  pixels may differ) let every one of these pass. A threshold that let the ``--jobs`` variation pass (over 5 %) would
  let a changed letter pass a hundred times over; identical runs differ by nothing: hence no tolerance at all.
* Every golden matches exactly with CairoSVG 2.7.1 and Pillow 10.4.0 (of the oldest release lines pyproject.toml
  allows) as with CairoSVG 2.9.1 and Pillow 13.0.0: on this machine the pixels are cairo's and poppler's, which
  Debian 12 fixes.

Goldens are only as portable as the toolchain: a new cairo, CairoSVG, Pillow or poppler may move pixels. Every
failure names the toolchain the goldens were made with (``toolchain.txt``) beside the one running; when only the
toolchain changed, look at the diff images and regenerate (``FLASHGEN_UPDATE_GOLDEN=1``, then open every PNG).
"""

from __future__ import annotations

import base64
import functools
import os
import pickle
import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageChops

from flashgen.options import BuildOptions

TESTS = Path(__file__).resolve().parent
GOLDEN = TESTS / "data" / "golden"
TOOLCHAIN_FILE = GOLDEN / "toolchain.txt"
OUTPUT = TESTS / "failures"  # actual and diff images of failed comparisons (not committed)
# For comparing two renderers (test_glyphruns.py), never goldens: a pixel "differs" when a channel moves by more than
# this, so a glyph on a half pixel that rounds the other way is not counted.
CHANNEL_TOLERANCE = 24


def updating() -> bool:
    """True when the goldens are to be (re)written: FLASHGEN_UPDATE_GOLDEN=1."""
    return os.environ.get("FLASHGEN_UPDATE_GOLDEN") == "1"


def differing_share(actual: Image.Image, expected: Image.Image, tolerance: int = CHANNEL_TOLERANCE) -> float:
    """The share of pixels where some channel differs by more than ``tolerance`` (renderer against renderer)."""
    difference = ImageChops.difference(actual.convert("RGB"), expected.convert("RGB")).convert("L")
    histogram = difference.histogram()
    return sum(histogram[tolerance + 1:]) / (actual.width * actual.height)


def same_pixels(actual: Image.Image, expected: Image.Image) -> bool:
    """True if every channel of every pixel, alpha included, is the same."""
    difference = ImageChops.difference(actual.convert("RGBA"), expected.convert("RGBA"))
    return difference.getbbox(alpha_only=False) is None


def reduced(image: Image.Image, factor: int) -> Image.Image:
    """``image`` ``factor`` times smaller: each pixel the mean of a factor × factor block (deterministic integer
    arithmetic; a letter that changes any block's sum by more than a rounding step still changes the result)."""
    return image.reduce(factor) if factor > 1 else image


def assert_matches_golden(actual: Image.Image, golden: Path) -> None:
    """Compare with ``golden``; with FLASHGEN_UPDATE_GOLDEN=1 first (re)write it if it is missing or differs (only
    those: ``git status`` lists the goldens to look at)."""
    if updating() and not _same_as_file(actual, golden):
        golden.parent.mkdir(parents=True, exist_ok=True)
        actual.save(golden, optimize=True)
        _record_toolchain()
    compare_with_golden(actual, golden)


def _same_as_file(actual: Image.Image, golden: Path) -> bool:
    if not golden.exists():
        return False
    with Image.open(golden) as expected:
        return expected.size == actual.size and expected.mode == actual.mode and same_pixels(actual, expected)


def compare_with_golden(actual: Image.Image, golden: Path) -> None:
    """Raise AssertionError, after writing the actual and a diff image to tests/failures/, unless ``actual`` has
    exactly the pixels, size and mode of ``golden``."""
    name = golden.name
    if not golden.exists():
        actual_path = _write_failure(actual, f"actual-{name}")
        raise AssertionError(f"{_shown(golden)}: no such golden (actual: {actual_path}); make it with "
                             "FLASHGEN_UPDATE_GOLDEN=1 and look at it")
    with Image.open(golden) as expected:
        expected.load()
    if actual.size != expected.size or actual.mode != expected.mode:
        actual_path = _write_failure(actual, f"actual-{name}")
        raise AssertionError(
            f"{_shown(golden)}: {actual.mode} {actual.size[0]}×{actual.size[1]} instead of "
            f"{expected.mode} {expected.size[0]}×{expected.size[1]}; actual: {actual_path}{_toolchain_note()}"
        )
    difference = ImageChops.difference(actual.convert("RGBA"), expected.convert("RGBA"))
    box = difference.getbbox(alpha_only=False)
    if box is None:
        return
    channels = difference.split()
    mask = functools.reduce(ImageChops.lighter, channels).point(lambda v: 255 if v else 0)
    count = mask.histogram()[255]
    largest = max(channel.getextrema()[1] for channel in channels)
    actual_path = _write_failure(actual, f"actual-{name}")
    diff_path = _write_failure(_diff_image(expected, mask), f"diff-{name}")
    raise AssertionError(
        f"{_shown(golden)}: {count} of {actual.width * actual.height} pixels differ (by up to {largest} of 255, within "
        f"x {box[0]}–{box[2]}, y {box[1]}–{box[3]}); actual: {actual_path}, diff (differing pixels in red): "
        f"{diff_path}{_toolchain_note()}"
    )


def _shown(path: Path) -> str:
    return str(path.relative_to(TESTS.parent)) if path.is_relative_to(TESTS.parent) else str(path)


def _write_failure(image: Image.Image, name: str) -> str:
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / name
    image.save(path)
    return _shown(path)


def _diff_image(expected: Image.Image, mask: Image.Image) -> Image.Image:
    """The golden, faded to light grey, with every differing pixel in red."""
    faded = expected.convert("L").point(lambda v: 160 + v * 95 // 255).convert("RGB")
    faded.paste((255, 0, 0), mask=mask)
    return faded


@functools.cache
def toolchain() -> str:
    """What draws and decodes the goldens, one program a line."""
    import cairocffi
    import cairosvg
    import PIL

    try:
        run = subprocess.run(["pdftoppm", "-v"], capture_output=True, text=True, check=False)
        poppler = (run.stderr or run.stdout).splitlines()[0].split()[-1]
    except (OSError, IndexError):
        poppler = "not installed"
    versions = {"cairo": cairocffi.cairo_version_string(), "CairoSVG": cairosvg.__version__, "Pillow": PIL.__version__,
                "poppler": poppler}
    return "".join(f"{program} {version}\n" for program, version in versions.items())


def _record_toolchain() -> None:
    TOOLCHAIN_FILE.write_text(toolchain(), encoding="utf-8")


def _toolchain_note() -> str:
    made_with = TOOLCHAIN_FILE.read_text(encoding="utf-8") if TOOLCHAIN_FILE.exists() else "(not recorded)\n"
    if made_with == toolchain():
        return f". Same toolchain as the goldens' ({toolchain().strip().replace(chr(10), ', ')})"
    return (
        f". The goldens were made with {made_with.strip().replace(chr(10), ', ')}; this run uses "
        f"{toolchain().strip().replace(chr(10), ', ')}: if the diff shows only the toolchain's doing, regenerate "
        "with FLASHGEN_UPDATE_GOLDEN=1"
    )


def build_apart(*builds: BuildOptions) -> None:
    """``flashgen.build.build(options)`` for each of ``builds``, each in a fresh Python process, all at once.

    cairo keeps the font options a face is first used with for the rest of a process, so a PNG drawn in this
    (pytest) process after some test drew a PDF with the same face can differ along every glyph edge. A fresh
    process draws as ``flashgen build`` run from the command line does. (Give each build ``jobs=1``: the builds
    then use a core each.)
    """
    script = (
        "import base64, pickle, sys; from flashgen.build import build; "
        "build(pickle.loads(base64.b64decode(sys.argv[1])))"
    )
    started = []
    for options in builds:
        log = options.out_dir.parent / f"{options.out_dir.name}.log"  # what the build printed
        log.parent.mkdir(parents=True, exist_ok=True)
        argument = base64.b64encode(pickle.dumps(options)).decode("ascii")
        with log.open("wb") as output:
            process = subprocess.Popen([sys.executable, "-c", script, argument], stdout=output, stderr=output)
            started.append((log, process))
    failed = [log for log, process in started if process.wait() != 0]
    assert not failed, "\n".join(f"{log}:\n{log.read_text(encoding='utf-8', errors='replace')}" for log in failed)


def cairosvg_alone(svg: bytes, pixels: tuple[int, int]) -> Image.Image:
    """``svg`` drawn by CairoSVG alone (no glyph runs, no kept backgrounds): the reference for render.py."""
    from cairosvg.parser import Tree
    from cairosvg.surface import PNGSurface

    surface = PNGSurface(Tree(bytestring=svg), None, 96, output_width=pixels[0], output_height=pixels[1]).cairo
    return Image.frombuffer("RGBA", pixels, bytes(surface.get_data()), "raw", "BGRa", surface.get_stride(), 1)
