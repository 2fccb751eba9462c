"""Type for the medium: every text the bundled products lay out on cards and social images is at least its
medium's smallest size (flashgen/data/media.yaml), read from the composed documents, not from the templates.

Print cards are read in the hand (print-card, in points at the printed size); social images and the 1080 × 1350
card on a phone, YouTube covers as thumbnails, LED screens from the street. A template shape shared by several
platforms (landscape: Zalo, YouTube, LED) must hold every one of their minimums, each at its own image width.
Headings (the heading-kind frames of an item's heading or a figure's label, a message, the campaign's title) keep the
heading minimum; every other text (subtitles, labels, sources, captions, and display-kind frames: a figure's label set
smaller on a wide image, broken as a heading) the body minimum.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from lxml import etree

from flashgen.build import lay_out, load_inputs
from flashgen.compose.card import CardDocument
from flashgen.load.fonts import FontBook
from flashgen.load.frame import TextKind
from flashgen.load.media import Medium, medium
from flashgen.load.presets import CardSize
from flashgen.load.resources import FONTS_DIR
from flashgen.load.svgdoc import (
    inherited_property,
    local_name,
    parse_number,
    user_space_matrix,
)
from flashgen.options import BuildOptions
from flashgen.products.base import CardRequest

CONTENT = Path(__file__).resolve().parents[2] / "content"
CAMPAIGNS = sorted(CONTENT.glob("*.yaml"))
PT_PER_MM = 72 / 25.4
HEADING_FIELDS = {"heading", "message", "campaign.title", "label"}  # the title of a card, a slide or a message


@pytest.fixture(scope="module", params=CAMPAIGNS, ids=lambda p: p.stem)
def laid_out(request, tmp_path_factory):
    """Every card size and every platform of one bundled campaign, laid out as the build does."""
    options = BuildOptions(content=request.param, out_dir=tmp_path_factory.mktemp("media"))
    inputs = load_inputs(options, FontBook.from_folders((FONTS_DIR,)))
    wanted = CardRequest(sizes=tuple(inputs.presets.card_sizes.values()), platforms=tuple(inputs.presets.platforms.values()))
    return inputs, lay_out(inputs, wanted)


def text_sizes(document: CardDocument) -> list[tuple[str, float, bool]]:
    """(text, size in the template's units as drawn, is a heading) of every line of text in a composed card."""
    headings = {frame.name for frame in document.card.template.frames
                if frame.kind is TextKind.HEADING and frame.field in HEADING_FIELDS}
    root = etree.fromstring(document.svg)
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str) or local_name(element) != "text":
            continue
        text = " ".join("".join(element.itertext()).split())
        if not text:
            continue
        matrix = user_space_matrix(element)
        scale = math.sqrt(abs(matrix[0] * matrix[3] - matrix[1] * matrix[2]))
        size = parse_number(inherited_property(element, "font-size") or "16", "font-size") * scale
        found.append((text, size, element.get("data-frame") in headings))
    return found


def too_small(documents: list[CardDocument], size: CardSize, media: list[tuple[Medium, float]]) -> list[str]:
    """Every text below a minimum: ``media`` are (medium, image width in px) the documents are shown at."""
    problems = []
    for document in documents:
        for text, drawn, heading in text_sizes(document):
            for reader, width in media:
                if reader.unit == "pt":  # print: template units are mm at the printed size
                    actual, smallest = drawn * PT_PER_MM, reader.heading if heading else reader.body
                else:  # screen: template px, drawn at ``width`` px
                    actual = drawn * width / size.pixels[0]
                    smallest = reader.heading_at(width) if heading else reader.body_at(width)
                if actual < smallest - 0.05:
                    problems.append(f"{document.card.slug} ({size.name}, {reader.name}): '{text[:40]}' "
                                    f"{actual:.1f} < {smallest:.1f} {reader.unit}")
    return problems


def _card_problems(inputs, cards, names) -> list[str]:
    problems = []
    for size in (s for s in inputs.presets.card_sizes.values() if s.name in names):
        reader = medium("print-card") if size.is_print else medium("phone")
        problems += too_small(cards.of_size(size), size, [(reader, size.pixels[0])])
    return problems


def test_cards_keep_their_medium_minimums(laid_out):
    inputs, cards = laid_out
    problems = _card_problems(inputs, cards, set(inputs.presets.card_sizes))
    assert problems == [], "\n".join(problems)


def test_social_images_keep_the_minimums_of_every_platform_of_their_shape(laid_out):
    inputs, cards = laid_out
    problems = []
    for shape in inputs.presets.shapes.values():
        platforms = [p for p in inputs.presets.platforms.values() if p.shape == shape]
        readers = [(medium(p.medium), p.pixels[0]) for p in platforms]
        documents = list(cards.social.get(shape.name, ()))
        assert documents or not platforms, shape.name
        problems += too_small(documents, shape, readers)
    assert problems == [], "\n".join(problems)


def test_the_check_finds_small_type(laid_out):
    inputs, cards = laid_out
    shape = inputs.presets.shapes["landscape"]
    documents = list(cards.social["landscape"])
    huge = medium("led")
    far = Medium("far", "read from far", "px", body=huge.body * 10, heading=huge.heading * 10, width=1920)
    assert len(too_small(documents, shape, [(far, 1920)])) >= len(documents)
