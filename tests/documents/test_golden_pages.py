"""Golden images of the documents: one page each of the booklet (A4), the leaflet and the two infographic posters
(list and comparison, A3), the tall web image and the first carousel slide of the infographic (list).

All come from one ``--jobs 1`` build of the bundled content (17 differences) in the default theme, made in a fresh
process (``build_apart``, see tests/imagecompare.py) for the whole module. The comparison is exact
(tests/imagecompare.py says why). A failing comparison writes the actual image and a diff image (differing pixels in
red) to tests/failures/ and names them in its message.

Pages of PDFs are drawn by poppler's ``pdftoppm`` at 40 dpi (an A4 page is 331 × 468 pixels, 60 to 180 KB a page);
each is the page with the most text (booklet page 5, the leaflet's inside). The web image (1080 × 8661) is kept at a
quarter of its size (``reduced(image, 4)``: each pixel the mean of a 4 × 4 block, 300 KB), the carousel slide at half
size (100 KB). A changed letter still fails at these scales. The proof: a second build, made at the same time, from
the bundled content with the last letter of the first point's heading changed ("hàng" → "hành": one glyph changes,
nothing else moves). Every golden that shows that heading differs from it (from a few dozen pixels of a 40 dpi page
to a few hundred of the carousel slide, each by far more than anti-aliasing noise) and fails the comparison, while
the last carousel slide, which does not show it, is drawn exactly as in the golden build.

To regenerate after a deliberate change to a document's layout, the theme or the toolchain::

    FLASHGEN_UPDATE_GOLDEN=1 .venv/bin/pytest tests/documents/test_golden_pages.py

then open every PNG that ``git status`` lists as changed (tests/data/golden/documents/) and look at it before
committing it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from flashgen.load.resources import DEFAULT_CONTENT
from flashgen.options import BuildOptions
from tests.conftest import write_content
from tests.imagecompare import (
    GOLDEN,
    assert_matches_golden,
    build_apart,
    compare_with_golden,
    reduced,
    same_pixels,
)
from tests.themecheck import page_image

DOCUMENTS = GOLDEN / "documents"
DPI = 40
# golden name: (file in the build, page of a PDF or how many times smaller an image is kept)
PAGES = {
    "booklet-a4-page5": ("booklet/booklet-a4.pdf", 5),
    "leaflet-a4-page2": ("leaflet/leaflet-a4.pdf", 2),
    "poster-list-a3": ("infographic/poster-list-a3.pdf", 1),
    "poster-comparison-a3": ("infographic/poster-comparison-a3.pdf", 1),
}
IMAGES = {
    "web-list-quarter": ("infographic/web-list.png", 4),
    "carousel-list-01-half": ("infographic/carousel-list/01.png", 2),
}
# The last letter of the first point's heading: one glyph changes and nothing else moves.
ONE_LETTER = ("từ doanh nghiệp sang khách hàng\"", "từ doanh nghiệp sang khách hành\"")
PRODUCTS = ("booklet", "leaflet", "infographic")
# Every golden but the booklet's shows that heading; the proof build leaves the booklet out (it would take 3 s).
SHOWING_THE_HEADING = ("leaflet-a4-page2", "poster-list-a3", "poster-comparison-a3", "web-list-quarter",
                       "carousel-list-01-half")


def _options(out: Path, content: Path = DEFAULT_CONTENT, products: tuple[str, ...] = PRODUCTS) -> BuildOptions:
    return BuildOptions(content=content, out_dir=out, products=products, jobs=1)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The output folders of two --jobs 1 builds made at the same time in fresh processes: "golden", of the booklet,
    the leaflet and the infographic from the bundled content; "changed", of the leaflet and the infographic from the
    bundled content with ONE_LETTER applied (for the proof test)."""
    folder = tmp_path_factory.mktemp("golden-documents")
    text = DEFAULT_CONTENT.read_text(encoding="utf-8")
    old, new = ONE_LETTER
    assert text.count(old) == 1
    changed = write_content(folder / "changed.yaml", text.replace(old, new))
    outs = {"golden": folder / "golden", "changed": folder / "changed"}
    build_apart(_options(outs["golden"]), _options(outs["changed"], changed, ("leaflet", "infographic")))
    return outs


def _image(out: Path, name: str, folder: Path) -> Image.Image:
    if name in PAGES:
        path, page = PAGES[name]
        return page_image(out / path, page, DPI, folder)
    path, factor = IMAGES[name]
    with Image.open(out / path) as image:
        return reduced(image, factor)


def _golden(name: str) -> Path:
    return DOCUMENTS / f"{name}.png"


@pytest.mark.parametrize("name", [*PAGES, *IMAGES])
def test_document_matches_its_golden(builds: dict[str, Path], tmp_path: Path, name: str) -> None:
    assert_matches_golden(_image(builds["golden"], name, tmp_path), _golden(name))


def test_one_changed_letter_fails_at_low_resolution(builds: dict[str, Path], tmp_path: Path) -> None:
    out = builds["changed"]
    # The control: the last carousel slide, without that heading, is drawn exactly as in the golden build.
    last_slide = "infographic/carousel-list/10.png"
    with Image.open(out / last_slide) as changed, Image.open(builds["golden"] / last_slide) as golden:
        assert same_pixels(changed, golden)
    for name in SHOWING_THE_HEADING:
        with pytest.raises(AssertionError, match=r"\d+ of \d+ pixels differ") as failure:
            compare_with_golden(_image(out, name, tmp_path), _golden(name))
        message = str(failure.value)
        assert f"tests/data/golden/documents/{name}.png:" in message, message
        for written in (f"tests/failures/actual-{name}.png", f"tests/failures/diff-{name}.png"):
            assert written in message, message
