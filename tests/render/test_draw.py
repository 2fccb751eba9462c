"""Rendering: golden images, NFD = NFC, real font weights, and no silent font fallback."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import replace

import pytest
from PIL import Image, ImageChops, ImageStat

from flashgen.compose.card import compose_card
from flashgen.compose.sets import compose_set
from flashgen.errors import FlashgenError
from flashgen.load.content import load_campaign
from flashgen.load.resources import DEFAULT_CONTENT
from flashgen.merge.cards import merge_cards
from flashgen.options import choose_sizes
from flashgen.render import draw as render
from flashgen.render.jobs import RasterJob, run_job
from flashgen.text.wordbreak import WordBreaker
from tests.conftest import load_templates, write_content
from tests.imagecompare import GOLDEN, assert_matches_golden, compare_with_golden


def _render_cards(campaign, fonts, templates_dir, size_name="social"):
    sizes = choose_sizes((size_name,))
    templates = load_templates(sizes, templates_dir, fonts, campaign)
    render.prepare(fonts)
    breaker = WordBreaker.for_glossary(campaign.glossary)
    images = {}
    for document in compose_set(merge_cards(campaign, templates, sizes), breaker):  # one size per set, as a build
        card = document.card
        if card.item == 1:
            images[card.side] = render.render_image(document.svg, card.size.pixels, card.size.dpi)
    return images


@pytest.fixture(scope="module")
def first_cards(campaign, fonts, templates_dir):
    return _render_cards(campaign, fonts, templates_dir)


@pytest.mark.parametrize("side", ["front", "back"])
def test_card_matches_golden_image(first_cards, side):
    """Drawn here card by card, exactly as `flashgen build --jobs 1` draws them: tests/render/test_golden_cards.py
    compares the build's social flashcards with the same goldens (and says how to regenerate them)."""
    assert_matches_golden(first_cards[side], GOLDEN / f"social-{side}-01.png")


def test_golden_comparison_notices_one_changed_pixel(first_cards):
    changed = first_cards["front"].copy()
    red, green, blue = changed.getpixel((540, 700))
    changed.putpixel((540, 700), (red, green, blue ^ 1))
    with pytest.raises(AssertionError, match=r"/social-front-01.png: 1 of 1458000 pixels differ \(by up to 1 "):
        compare_with_golden(changed, GOLDEN / "social-front-01.png")


@pytest.mark.parametrize(("old", "new"), [
    ("sang khách hàng\"", "sanh khách hàng\""),  # one letter; the rest of the line moves
    ("sang khách hàng\"", "sang khách hành\""),  # the last letter: nothing else moves
    ("sang khách hàng\"", "sang khách\""),  # a dropped word
], ids=["one letter", "last letter", "dropped word"])
def test_a_changed_heading_fails_the_golden_comparison(tmp_path, fonts, templates_dir, first_cards, old, new):
    """The first point's heading, on both sides of the card, with one letter changed or its last word dropped.

    (The same changes at half size and in the documents: test_golden_cards.py, tests/documents/test_golden_pages.py.)
    """
    text = DEFAULT_CONTENT.read_text(encoding="utf-8")
    assert text.count(old) == 1
    content = write_content(tmp_path / "changed.yaml", text.replace(old, new))
    changed = _render_cards(load_campaign(content), fonts, templates_dir)
    for side in ("front", "back"):
        with pytest.raises(AssertionError, match=rf"/social-{side}-01.png: \d+ of 1458000 pixels differ"):
            compare_with_golden(changed[side], GOLDEN / f"social-{side}-01.png")


def test_nfd_content_renders_pixel_identical(tmp_path, fonts, templates_dir, first_cards):
    original = DEFAULT_CONTENT
    nfd = write_content(tmp_path / "nfd.yaml", unicodedata.normalize("NFD", original.read_text(encoding="utf-8")))
    nfd_cards = _render_cards(load_campaign(nfd), fonts, templates_dir)
    for side in ("front", "back"):
        assert nfd_cards[side].tobytes() == first_cards[side].tobytes()


def _ink_of(fonts, weight: int) -> float:
    face = fonts.resolve("Be Vietnam Pro", weight)
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="120" viewBox="0 0 600 120">'
        '<rect width="600" height="120" fill="#fff"/>'
        f'<text x="10" y="90" font-family="{face.render_family}" font-size="80">Chuyển đổi số</text></svg>'
    )
    render.prepare(fonts)
    render.verify_faces((face,))
    image = render.render_image(svg.encode(), (600, 120), 96).convert("L")
    return 255 - ImageStat.Stat(image).mean[0]


def test_every_weight_renders_in_its_own_weight(fonts):
    inks = [_ink_of(fonts, weight) for weight in (300, 400, 500, 600, 700, 800, 900)]
    assert inks == sorted(inks) and len(set(inks)) == len(inks), inks


def test_a_face_the_renderer_cannot_find_is_an_error(fonts):
    # fontconfig answers an unknown name with some other face, whose advances differ.
    regular = fonts.resolve("Be Vietnam Pro", 400)
    impostor = replace(regular, postscript_name="NoSuchFont-Regular")
    render.prepare(fonts)
    with pytest.raises(FlashgenError, match="the renderer did not load the font"):
        render.verify_faces((impostor,))


def test_cards_are_opaque_rgb(first_cards):
    assert {image.mode for image in first_cards.values()} == {"RGB"}
    assert first_cards["front"].size == (1080, 1350)


@pytest.mark.parametrize("size_name", ["a6", "a7", "poker", "business"])
def test_print_cards_are_opaque_to_the_edge(campaign, fonts, templates_dir, size_name):
    """A print canvas (trim + bleed at 300 dpi) is never a whole number of pixels: the drawing still covers
    every pixel, so the bleed at the edge is the background colour, not the background blended with nothing."""
    for side, image in _render_cards(campaign, fonts, templates_dir, size_name).items():
        assert image.mode == "RGB", (side, image.getchannel("A").getextrema())
        width, height = image.size
        for edge, inside in ((0, 1), (height - 1, height - 2)):
            edge_row, inside_row = (image.crop((0, y, width, y + 1)) for y in (edge, inside))
            # Alike on average (a motif may cross the edge): not lighter or darker all along.
            assert max(ImageStat.Stat(ImageChops.difference(edge_row, inside_row)).mean) < 2, (side, edge)


def test_a_print_image_is_flattened_onto_white_paper(fonts):
    """What a template leaves transparent is paper: a print PNG has no alpha channel."""
    render.prepare(fonts)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="20" height="20" fill="#0B2A5B"/></svg>'
    job = RasterJob("print/card.png", svg, (40, 20), 300, "png-dpi", "fonts")
    with Image.open(io.BytesIO(run_job(job))) as image:
        assert image.mode == "RGB"
        assert image.getpixel((5, 5)) == (11, 42, 91) and image.getpixel((35, 5)) == (255, 255, 255)


def _ink_box(image: Image.Image) -> tuple[int, int, int, int] | None:
    """Bounding box of every non-white pixel."""
    return Image.eval(image.convert("L"), lambda v: 255 - v).point(lambda v: 255 if v > 8 else 0).getbbox()


@pytest.mark.parametrize("field", ["heading", "from", "to"])
def test_rendered_ink_stays_inside_the_frame(fonts, campaign, tmp_path, field):
    """What cairo actually draws, measured on pixels, never leaves the frame."""
    from flashgen.load.presets import load_presets
    from flashgen.load.template import load_template

    size = load_presets().card_sizes["social"]
    frame = (200, 300, 520, 700)  # x, y, width, height: narrow, so lines are long and many
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="1080" height="1350" viewBox="0 0 1080 1350">'
        '<rect width="1080" height="1350" fill="#ffffff"/>'
        f'<rect x="{frame[0]}" y="{frame[1]}" width="{frame[2]}" height="{frame[3]}" fill="none" data-field="{field}" '
        f'data-kind="{"heading" if field == "heading" else "text"}" data-font-weight="800" data-font-size="64" '
        'data-min-font-size="20" data-align="right" data-valign="bottom" data-line-height="1.1"/></svg>'
    )
    path = tmp_path / "frame.svg"
    path.write_text(svg, encoding="utf-8")
    template = load_template(path, size, fonts, campaign.field_names())
    render.prepare(fonts)
    breaker = WordBreaker.for_glossary(campaign.glossary)
    sizes = choose_sizes(("social",))
    for card in merge_cards(campaign, {("social", "flashcard-front-1080x1350.svg"): template, ("social", "flashcard-back-1080x1350.svg"): template}, sizes):
        if card.side != "front":
            continue
        document = compose_card(card, breaker)
        box = _ink_box(render.render_image(document.svg, size.pixels, 96))
        assert box is not None
        left, top, right, bottom = box
        assert left >= frame[0] - 1 and top >= frame[1] - 1, (card.item, box)
        assert right <= frame[0] + frame[2] + 1 and bottom <= frame[1] + frame[3] + 1, (card.item, box)
        # right-aligned: the ink reaches the frame's right edge (the layout is where cairo draws)
        assert right >= frame[0] + frame[2] - 3, (card.item, box)


LOOP = b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><use id="loop" href="#loop"/></svg>'
PLAIN = b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="20" height="20"/></svg>'


def test_a_page_the_renderer_cannot_draw_is_an_error_naming_its_template(fonts):
    render.prepare(fonts)
    with pytest.raises(FlashgenError, match=r"^page 2 \(template loop\.svg\): the drawing could not be rendered \(RecursionError"):
        render.render_pdf_pages([(PLAIN, "plain.svg"), (LOOP, "loop.svg"), (PLAIN, "plain.svg")])


def test_a_drawing_the_renderer_cannot_draw_is_an_error_naming_its_template(fonts):
    render.prepare(fonts)
    with pytest.raises(FlashgenError, match=r"^template loop\.svg: the drawing could not be rendered \(RecursionError"):
        render.render_image(LOOP, (40, 20), 96, source="loop.svg")
    # A poster is drawn from flashgen's own SVG, with no template to name.
    with pytest.raises(FlashgenError, match=r"^the drawing could not be rendered \(RecursionError"):
        render.render_pdf(LOOP)
