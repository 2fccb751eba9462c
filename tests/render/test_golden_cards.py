"""Golden images of every card template: the flashcard front and back (A6 and social) and, for each social shape
(portrait, square, landscape, link, story, banner), its cover, point, closing and message images.

All come from one ``--jobs 1`` build of the bundled content (17 differences) in the default theme, made in a fresh
process (``build_apart``, see tests/imagecompare.py) for the whole module; each golden is the first card (item 1)
or the first message. The comparison is exact (tests/imagecompare.py says why). A failing comparison writes the
actual image and a diff image (differing pixels in red) to tests/failures/ and names them in its message.

Sizes: the flashcards are kept at the size flashgen draws them (A6 1311 × 1819 at 300 dpi, social 1080 × 1350; 180
to 270 KB each). The 21 social images would take 4.1 MB at full size: they are kept at half size (``reduced(image,
2)``: each pixel the mean of a 2 × 2 block, integer arithmetic; 2.0 MB in all). A changed letter still fails at half
size. The proof: a second build (``changed``) from the bundled content with the last letter of the first point's
heading changed ("hàng" → "hành": one glyph changes, nothing else moves) and one word ("sẽ") dropped from the
first message. Its half-size point card differs from the golden in 193 pixels, its message image in 742, by up to 239 of
255, and both fail the comparison; its cover and closing image, which carry neither change, still match exactly.
(If a half-size image differs, so does the full-size one it is the mean of; the same changes at full size are proven
in tests/render/test_draw.py.)

Story images are JPEG on the story platform; here the story shape is drawn by a PNG platform of the same pixels
(``story-png``, a project file of this test), so that the golden holds the drawing and not JPEG noise. The JPEG
encoding is tested in tests/products/test_social.py.

To regenerate after a deliberate change to a template, the theme, the layout or the toolchain::

    FLASHGEN_UPDATE_GOLDEN=1 .venv/bin/pytest tests/render/test_golden_cards.py tests/render/test_draw.py

then open every PNG that ``git status`` lists as changed (tests/data/golden/cards/, and social-front-01.png and
social-back-01.png in tests/data/golden/) and look at it before committing it.
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
)

CARDS = GOLDEN / "cards"
# Each social shape of flashgen/data/sizes.yaml, and a platform drawn in it at the shape's own pixels, as PNG.
SHAPES = {
    "portrait": "facebook-portrait", "square": "facebook-square", "landscape": "zalo", "link": "facebook-link",
    "story": "story-png", "banner": "banner", "board": "bang-led-xa-p5",
}
STORY_PNG = """platforms:
  story-png: {label: "9:16 story as PNG (golden tests)", pixels: [1080, 1920], format: png, max_mb: 20}
"""
KINDS = {
    "cover": "album-01-cover", "point": "album-02-point-01", "closing": "album-19-closing", "message": "message-01",
}
SOCIAL = [(shape, kind) for shape in SHAPES for kind in KINDS if shape != "banner" or kind == "message"]
FLASHCARDS = [(size, side) for size in ("a6", "social") for side in ("front", "back")]
HALF = 2  # the social images are kept at half size

# Changes for the proof tests: the last letter of the first point's heading ("hàng" → "hành": one glyph changes and
# nothing else moves, the smallest change a letter makes), and one word dropped from the first campaign message.
ONE_LETTER = ("từ doanh nghiệp sang khách hàng\"", "từ doanh nghiệp sang khách hành\"")
DROPPED_WORD = ("thì chuyển đổi số sẽ không xảy ra.", "thì chuyển đổi số không xảy ra.")


def _options(out: Path, content: Path = DEFAULT_CONTENT, **narrower) -> BuildOptions:  # type: ignore[no-untyped-def]
    project = out.parent / "flashgen.yaml"
    project.write_text(STORY_PNG, encoding="utf-8")
    everything = {"products": ("flashcards", "social"), "sizes": ("a6", "social"), "platforms": tuple(SHAPES.values())}
    return BuildOptions(content=content, out_dir=out, project_config=project, jobs=1, **{**everything, **narrower})


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The output folders of two --jobs 1 builds, made at the same time in fresh processes:

    "golden", of the flashcards (A6, social) and a platform of every social shape, from the bundled content;
    "changed", of the portrait images only (album and messages), from the bundled content with ONE_LETTER and
    DROPPED_WORD applied (for the proof tests).
    """
    folder = tmp_path_factory.mktemp("golden-cards")
    text = DEFAULT_CONTENT.read_text(encoding="utf-8")
    for old, new in (ONE_LETTER, DROPPED_WORD):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    changed = write_content(folder / "changed.yaml", text)
    outs = {"golden": folder / "golden", "changed": folder / "changed"}
    build_apart(
        _options(outs["golden"]),
        _options(outs["changed"], changed, products=("social",), platforms=(SHAPES["portrait"],)),
    )
    return outs


@pytest.fixture(scope="module")
def cards(builds: dict[str, Path]) -> Path:
    return builds["golden"]


@pytest.fixture(scope="module")
def changed(builds: dict[str, Path]) -> Path:
    return builds["changed"]


def _flashcard(out: Path, size: str, side: str) -> Image.Image:
    with Image.open(out / "flashcards" / size / f"{side}-01.png") as image:
        image.load()
        return image


def _social(out: Path, shape: str, kind: str) -> Image.Image:
    with Image.open(out / "social" / SHAPES[shape] / f"{KINDS[kind]}.png") as image:
        return reduced(image, HALF)


def _flashcard_golden(size: str, side: str) -> Path:
    # The social ones are the goldens test_draw.py draws card by card (and test_pngfile.py encodes), where they were.
    return GOLDEN / f"social-{side}-01.png" if size == "social" else CARDS / f"flashcard-{size}-{side}-01.png"


def _social_golden(shape: str, kind: str) -> Path:
    return CARDS / f"social-{shape}-{kind}-half.png"


@pytest.mark.parametrize(("size", "side"), FLASHCARDS)
def test_flashcard_matches_its_golden(cards: Path, size: str, side: str) -> None:
    assert_matches_golden(_flashcard(cards, size, side), _flashcard_golden(size, side))


@pytest.mark.parametrize(("shape", "kind"), SOCIAL)
def test_social_image_matches_its_golden(cards: Path, shape: str, kind: str) -> None:
    assert_matches_golden(_social(cards, shape, kind), _social_golden(shape, kind))


def test_every_social_shape_has_goldens() -> None:
    from flashgen.load.presets import load_presets

    assert set(load_presets().shapes) == set(SHAPES)


def _fails(image: Image.Image, golden: Path) -> str:
    """The message of the comparison's failure; checks that it names the golden, the actual and the diff image."""
    with pytest.raises(AssertionError, match=r"\d+ of \d+ pixels differ") as failure:
        compare_with_golden(image, golden)
    message = str(failure.value)
    assert f"tests/data/golden/cards/{golden.name}:" in message, message
    for written in (f"tests/failures/actual-{golden.name}", f"tests/failures/diff-{golden.name}"):
        assert written in message, message
    return message


def test_the_changed_build_draws_what_it_did_not_change_exactly_as_the_goldens(changed: Path) -> None:
    """The control for the two tests below: the cover and the closing image carry neither change and still match."""
    for kind in ("cover", "closing"):
        compare_with_golden(_social(changed, "portrait", kind), _social_golden("portrait", kind))


def test_one_changed_letter_fails_at_half_size(changed: Path) -> None:
    """The heading's last letter changed ("hàng" → "hành") on the point card, which is kept at half size."""
    _fails(_social(changed, "portrait", "point"), _social_golden("portrait", "point"))


def test_a_dropped_word_fails_at_half_size(changed: Path) -> None:
    """The word "sẽ" dropped from the message image, which is kept at half size."""
    _fails(_social(changed, "portrait", "message"), _social_golden("portrait", "message"))
