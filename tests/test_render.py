"""Rendering: golden images, NFD = NFC, real font weights, and no silent font fallback."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from flashgen import render
from flashgen.compose import compose_card
from flashgen.content import load_campaign
from flashgen.errors import FlashgenError
from flashgen.merge import merge_cards
from flashgen.pipeline import choose_sizes, load_templates
from flashgen.wordbreak import WordBreaker

from .conftest import DATA, write_content
from .imagecompare import assert_matches_golden, compare_with_golden

GOLDEN = DATA / "golden"


def _render_cards(campaign, fonts, templates_dir, size_name="social"):
    sizes = choose_sizes((size_name,))
    templates = load_templates(sizes, templates_dir, fonts, campaign)
    render.prepare(fonts)
    breaker = WordBreaker.for_glossary(campaign.glossary)
    images = {}
    for card in merge_cards(campaign, templates, sizes):
        if card.item.number == 1:
            document = compose_card(card, breaker)
            images[card.side] = render.render_image(document.svg, card.size.pixels, card.size.dpi)
    return images


@pytest.fixture(scope="module")
def first_cards(campaign, fonts, templates_dir):
    return _render_cards(campaign, fonts, templates_dir)


@pytest.mark.parametrize("side", ["front", "back"])
def test_card_matches_golden_image(first_cards, side):
    assert_matches_golden(first_cards[side], GOLDEN / f"social-{side}-01.png")


def test_golden_comparison_notices_a_changed_card(first_cards):
    changed = first_cards["front"].copy()
    changed.paste((255, 0, 0), (100, 700, 600, 800))
    with pytest.raises(AssertionError, match="of pixels differ"):
        compare_with_golden(changed, GOLDEN / "social-front-01.png")


def test_nfd_content_renders_pixel_identical(tmp_path, fonts, templates_dir, first_cards):
    original = (Path(load_campaign.__globals__["__file__"]).parents[1] / "content" / "17-diem-khac-biet.yaml")
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
