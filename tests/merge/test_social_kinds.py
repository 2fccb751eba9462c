"""Social albums by item kind (portrait, square and story shapes): the designs each campaign gets, and what the
composed images show and never show (no QR code or "quét mã" without a link, no word of another campaign)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from flashgen.compose.card import compose_card
from flashgen.errors import FlashgenError
from flashgen.load.content import Campaign, Item, load_campaign
from flashgen.load.presets import load_presets
from flashgen.load.resources import DEFAULT_CONTENT, TEMPLATES_DIR
from flashgen.load.template import PLACEHOLDER, load_template
from flashgen.merge.social import album_cards, designs_for, message_cards, template_name
from flashgen.text.wordbreak import WordBreaker

PRESETS = load_presets()
SHAPES = ("portrait", "square", "story")
CONTENT = DEFAULT_CONTENT.parent
KINDS_DATA = Path(__file__).resolve().parents[1] / "data" / "kinds"
PLAN = CONTENT / "ke-hoach-truyen-thong-2023.yaml"  # statements, source kind plan, no URL
REPORT = CONTENT / "so-lieu-ngay-cds-2022.yaml"  # figures, source kind report, a URL
NEW_DESIGNS = ("statement", "figure", "cover-figure", "closing-nolink")
# Fields that hold sentences to read (body text: at least 28 px per 1080 px of width on a phone).
BODY_FIELDS = {"text", "label", "note", "source.credit", "source.title", "source.speaker", "source.letter",
               "campaign.subtitle"}
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def plan() -> Campaign:
    return load_campaign(PLAN)


@pytest.fixture(scope="module")
def report() -> Campaign:
    return load_campaign(REPORT)


def _album(campaign: Campaign, shape: str, fonts, messages: bool = False) -> dict[str, etree._Element]:
    """Every album image of ``campaign`` in ``shape`` (and its message images), composed, by file stem."""
    size = PRESETS.shapes[shape]
    kinds = ["cover", "point", "closing"] + (["message"] if messages else [])
    names = {design for designs in designs_for(campaign, kinds, ()).values() for design in designs}
    templates = {
        name: load_template(TEMPLATES_DIR / template_name(name, shape), size, fonts, campaign.field_names())
        for name in names
    }
    cards = album_cards(campaign, templates, size) + (message_cards(campaign, templates, size) if messages else [])
    breaker = WordBreaker.for_glossary(campaign.glossary)
    return {card.slug: etree.fromstring(compose_card(card, breaker).svg) for card in cards}


def _words(svg: etree._Element) -> str:
    """The words an image shows: its text elements (not the theme's style sheet)."""
    return " ".join(piece for text in svg.iter(f"{SVG}text") for piece in text.itertext())


def _stem(item: Item) -> str:
    """The file stem of ``item``'s image in the album (the cover is first)."""
    return f"album-{item.number + 1:02d}-point-{item.number:02d}"


def _frame_lines(svg: etree._Element, frame: str) -> list[str]:
    return [span.text or "" for text in svg.iter(f"{SVG}text") if text.get("data-frame") == frame
            for span in text.iter(f"{SVG}tspan")]


def test_designs_follow_the_kinds_and_the_link(plan, report, campaign):
    kinds = ["cover", "point", "closing", "message"]
    assert designs_for(plan, kinds, ()) == {
        "cover": ["cover"], "point": ["statement"], "closing": ["closing-nolink"], "message": ["message"],
    }
    assert designs_for(report, kinds, ()) == {
        "cover": ["cover-figure"], "point": ["figure"], "closing": ["closing"], "message": ["message"],
    }
    assert designs_for(campaign, kinds, ()) == {
        "cover": ["cover"], "point": ["point"], "closing": ["closing"], "message": ["message"],
    }
    # flashgen.yaml may show contrast items as statements: the statement design, the count on the cover
    assert designs_for(campaign, ["cover", "point"], ("statement",)) == {"cover": ["cover"], "point": ["statement"]}
    unlinked = replace(report, source=replace(report.source, url=""))
    assert designs_for(unlinked, ["closing"], ()) == {"closing": ["closing-nolink"]}


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("design", NEW_DESIGNS)
def test_new_designs_load_and_keep_body_text_readable(design, shape, fonts, plan):
    size = PRESETS.shapes[shape]
    template = load_template(TEMPLATES_DIR / template_name(design, shape), size, fonts, plan.field_names())
    for frame in template.frames:
        floor = 28 if frame.field in BODY_FIELDS else 24
        assert frame.style.min_size * 1080 / size.pixels[0] >= floor - 0.5, (design, shape, frame.name)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("design", NEW_DESIGNS)
def test_new_designs_name_no_campaign_of_their_own(design, shape):
    """No fixed words of one campaign (ĐIỂM, CNTT, phát biểu, quét mã), no old-way/new-way boxes, no count on a
    figure cover, and never a QR code without a link."""
    source = (TEMPLATES_DIR / template_name(design, shape)).read_text(encoding="utf-8")
    fixed = re.sub(r"<!--.*?-->", "", PLACEHOLDER.sub("", source), flags=re.DOTALL)
    for word in ("ĐIỂM", "Điểm", "CNTT", "phát biểu", "quét mã", "Quét mã"):
        assert word not in fixed, (design, shape, word)
    fields = set(PLACEHOLDER.findall(source)) | set(re.findall(r'data-field="([^"]+)"', source))
    assert not fields & {"from", "to", "compare.from_label", "compare.to_label", "compare.from_name", "compare.to_name"}
    if design == "cover-figure":
        assert "count" not in fields
    if design == "closing-nolink":
        assert "data-qr" not in source and not fields & {"source.url", "source.qr_caption", "source.qr_heading"}


@pytest.mark.parametrize("shape", SHAPES)
def test_without_a_link_no_image_has_a_qr_code_or_scan_words(shape, fonts):
    campaign = load_campaign(KINDS_DATA / "statements.yaml")
    assert not campaign.source.url
    images = _album(campaign, shape, fonts, messages=True)
    assert "album-06-closing" in images
    for stem, svg in images.items():
        assert all(element.get("data-qr") is None for element in svg.iter()), stem
        assert "quét mã" not in _words(svg).lower(), stem
    closing = _words(images["album-06-closing"])
    assert "KẾ HOẠCH" in closing and campaign.source.title.split()[0] in closing
    assert campaign.organisation in closing


@pytest.mark.parametrize("shape", SHAPES)
def test_the_plan_campaign_speaks_its_own_words(shape, fonts, plan):
    """Every image of the 2023 plan: "NỘI DUNG 03", never a word of the 17-point campaign."""
    images = _album(plan, shape, fonts, messages=True)
    assert len(images) == 1 + len(plan.items) + 1 + 1 + len(plan.messages)
    for stem, svg in images.items():
        words = _words(svg)
        for foreign in ("ĐIỂM", "Điểm", "CNTT", "phát biểu", "Quét mã", "quét mã"):
            assert foreign not in words, (stem, foreign)
    assert "NỘI DUNG" in _words(images["album-04-point-03"]) and "3/9" in _words(images["album-04-point-03"])


@pytest.mark.parametrize("shape", SHAPES)
def test_a_statement_without_text_draws_no_text(shape, fonts, plan):
    images = _album(plan, shape, fonts)
    without = next(item for item in plan.items if not item.text)
    with_text = next(item for item in plan.items if item.text)
    assert _frame_lines(images[_stem(without)], "text-frame") == []
    assert _frame_lines(images[_stem(without)], "heading-frame")
    shown = " ".join(_frame_lines(images[_stem(with_text)], "text-frame"))
    assert shown.split() == with_text.text.split()


@pytest.mark.parametrize("shape", SHAPES)
def test_a_figure_shows_its_value_with_qualifier_and_unit(shape, fonts, report):
    images = _album(report, shape, fonts)
    for item in report.items:
        svg = images[_stem(item)]
        assert _frame_lines(svg, "value-frame") == [item.value]  # one line, as the source prints it
        assert _frame_lines(svg, "qualifier-frame") == ([item.qualifier.upper()] if item.qualifier else [])
        assert " ".join(_frame_lines(svg, "unit-frame")) == item.unit
        assert f"CON SỐ {item.number:02d}" in _words(svg)
    cover = _words(images["album-01-cover"])
    assert str(len(report.items)) not in cover.split()  # no count on the cover of a figure campaign
    assert "Xem tiếp" in cover


def test_the_square_point_badge_uses_the_campaign_word(fonts, campaign):
    size = PRESETS.shapes["square"]
    template = load_template(TEMPLATES_DIR / template_name("point", "square"), size, fonts, campaign.field_names())
    breaker = WordBreaker.for_glossary(campaign.glossary)
    templates = {"cover": template, "point": template, "closing": template}  # only the point is composed

    def first_point(label: str) -> etree._Element:
        shaped = replace(campaign, item_label=label, series="")  # the bundled series names the points
        card = next(c for c in album_cards(shaped, templates, size, strict=False) if c.slug == "album-02-point-01")
        return etree.fromstring(compose_card(card, breaker).svg)

    for label, badge in (("Điểm", "ĐIỂM 01"), ("Nhiệm vụ", "NHIỆM VỤ 01"), ("Đột phá", "ĐỘT PHÁ 01")):
        words = _words(first_point(label))
        assert badge in words and (label == "Điểm" or "ĐIỂM" not in words)
    with pytest.raises(FlashgenError, match="'GIẢI PHÁP ĐỘT PHÁ 01' is too long for its line"):
        first_point("Giải pháp đột phá")
