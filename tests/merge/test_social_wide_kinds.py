"""The wide social images (landscape: YouTube, Zalo, LED screens; link: Facebook link previews) of each item kind.

Each campaign is laid out as a build does it (templates, merge, text layout; nothing drawn), for one platform
of each wide shape. A statement is its heading, large (no paragraph on a thumbnail); a figure its value with the
qualifier, unit and label; a figure campaign's cover has no count; a closing without a link has no QR code and
no words asking to scan one; and no image prints a word of another campaign ("Điểm" of the 17 points).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from flashgen.build import lay_out, load_inputs
from flashgen.compose.card import CardDocument
from flashgen.load.content import Campaign
from flashgen.load.presets import load_presets
from flashgen.load.resources import DEFAULT_CONTENT, TEMPLATES_DIR
from flashgen.load.template import load_template
from flashgen.options import BuildOptions
from flashgen.products.base import CardRequest
from tests.conftest import DATA

REPOSITORY = DATA.parent.parent
PLAN = REPOSITORY / "content" / "ke-hoach-truyen-thong-2023.yaml"  # statements, a plan: no speaker, no URL
FIGURES = REPOSITORY / "content" / "so-lieu-ngay-cds-2022.yaml"  # figures, a report with a URL, no speaker
KINDS = DATA / "kinds"
PLATFORMS = {"landscape": "zalo", "link": "facebook-link"}  # a platform of each wide shape
WIDE = tuple(PLATFORMS)
# The design of each image (cover, item, closing) by content file: social-<design>-<shape>.svg.
DESIGNS = {
    PLAN: ("cover", "statement", "closing-nolink"),
    KINDS / "statements.yaml": ("cover", "statement", "closing-nolink"),
    FIGURES: ("cover-figure", "figure", "closing"),
    KINDS / "figures.yaml": ("cover-figure", "figure", "closing"),
    DEFAULT_CONTENT: ("cover", "point", "closing"),
}
NEW_TEMPLATES = [
    f"social-{design}-{shape}.svg" for design in ("statement", "figure", "cover-figure", "closing-nolink") for shape in WIDE
]
SCAN_WORDS = re.compile(r"quét\s+mã", re.IGNORECASE)


@pytest.fixture(scope="module")
def laid_out(fonts):
    """The album of a content file, per wide shape: (campaign, {shape: documents}); each laid out once."""
    found: dict[Path, tuple[Campaign, dict[str, tuple[CardDocument, ...]]]] = {}

    def album(content: Path) -> tuple[Campaign, dict[str, tuple[CardDocument, ...]]]:
        if content not in found:
            inputs = load_inputs(BuildOptions(content=content, products=("social",)), fonts)
            platforms = [replace(inputs.presets.platform(PLATFORMS[shape]), series=("album",)) for shape in WIDE]
            request = CardRequest(platforms=tuple(platforms))
            found[content] = inputs.campaign, lay_out(inputs, request).social
        return found[content]

    return album


def _words(document: CardDocument) -> str:
    """Every word the image prints, lines joined by spaces."""
    root = etree.fromstring(document.svg)
    texts = root.iter("{http://www.w3.org/2000/svg}text")
    return " ".join(" ".join(t.strip() for t in text.itertext() if t.strip()) for text in texts)


@pytest.mark.parametrize("content", list(DESIGNS), ids=lambda p: p.stem)
@pytest.mark.parametrize("shape", WIDE)
def test_each_image_uses_the_design_of_its_kind(laid_out, content, shape):
    campaign, social = laid_out(content)
    cover, item, closing = DESIGNS[content]
    expected = [cover] + [item] * len(campaign.items) + [closing]
    used = [document.card.template.path.name for document in social[shape]]
    assert used == [f"social-{design}-{shape}.svg" for design in expected]


@pytest.mark.parametrize("content", [PLAN, KINDS / "statements.yaml"], ids=lambda p: p.stem)
@pytest.mark.parametrize("shape", WIDE)
def test_without_a_url_no_image_has_a_qr_code_or_asks_to_scan_one(laid_out, content, shape):
    campaign, social = laid_out(content)
    assert not campaign.source.url
    for document in social[shape]:
        assert b"data-qr" not in document.svg, document.card.slug
        assert not SCAN_WORDS.search(_words(document)), document.card.slug
    closing = _words(social[shape][-1])
    # the source is named instead: its kind, its title, the organisation
    for shown in (campaign.source.kind_name.upper(), campaign.source.title, campaign.organisation):
        assert shown in closing


@pytest.mark.parametrize("shape", WIDE)
def test_the_plan_prints_no_word_of_the_seventeen_points(laid_out, shape):
    _, social = laid_out(PLAN)
    for document in social[shape]:
        words = _words(document)
        for foreign in ("ĐIỂM", "Điểm", "CNTT", "phát biểu", "Phát biểu"):
            assert foreign not in words, (document.card.slug, foreign)


@pytest.mark.parametrize("shape", WIDE)
def test_a_statement_shows_its_heading_and_no_paragraph(laid_out, shape):
    campaign, social = laid_out(PLAN)
    items = social[shape][1:-1]
    with_text = [item for item in campaign.items if item.text]
    assert with_text, "the plan has statements with a paragraph"
    for item, document in zip(campaign.items, items):
        fields = dict(document.blocks)
        assert "text" not in fields and fields["heading"].lines, document.card.slug
        assert " ".join(item.heading.split()) in _words(document)
    for item in with_text:
        # the end of the paragraph, past what the heading repeats of it, is nowhere on the image
        ending = " ".join(item.text.split()[-4:])
        assert ending not in item.heading
        assert ending not in _words(items[item.number - 1])


@pytest.mark.parametrize("shape", WIDE)
def test_a_figure_shows_its_qualifier_value_unit_and_label(laid_out, shape):
    campaign, social = laid_out(FIGURES)
    for item, document in zip(campaign.items, social[shape][1:-1]):
        words = _words(document)
        for part in (item.value, item.qualifier, item.unit):
            assert part in words, (document.card.slug, part)
        assert " ".join(item.label.split()) in words
        assert (b'id="qualifier"' in document.svg) == bool(item.qualifier)  # no empty pill without a qualifier
        assert f"{campaign.item_label.upper()} {item.number:02d}" in words and f"{item.number}/{len(campaign.items)}" in words


@pytest.mark.parametrize("shape", WIDE)
def test_a_figure_campaign_cover_has_no_count_and_a_closing_without_speaker_reads(laid_out, shape):
    campaign, social = laid_out(KINDS / "figures.yaml")
    cover, closing = social[shape][0], social[shape][-1]
    assert "{{count}}" not in cover.card.template.path.read_text(encoding="utf-8")
    assert " ".join(campaign.title.split()) in _words(cover)
    assert not campaign.source.speaker and not campaign.source.letter
    assert b"data-qr" in closing.svg and campaign.source.title in _words(closing)


@pytest.mark.parametrize("name", NEW_TEMPLATES)
def test_the_new_wide_templates_read_at_a_glance(name, fonts, campaign):
    """Body text no smaller than 28 px at 1080 px wide (scaled), labels no smaller than 24; no paragraph frame."""
    shape = load_presets().shapes[name.rsplit("-", 1)[1].removesuffix(".svg")]
    template = load_template(TEMPLATES_DIR / name, shape, fonts, campaign.field_names())
    per_1080 = 1080 / shape.pixels[0]
    labels = {"campaign.organisation", "source.kind_name"}
    for frame in template.frames:
        floor = 24 if frame.field in labels else 28
        assert frame.style.min_size * per_1080 >= floor - 0.5, (name, frame.name, frame.style.min_size)
    assert not {"text", "from", "to", "note"} & {frame.field for frame in template.frames}
