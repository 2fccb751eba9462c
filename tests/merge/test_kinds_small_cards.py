"""The statement and figure flashcards at the small print sizes (A7, poker, business).

Each size picks its kind's templates; the cards show every word of their item and nothing of another
campaign; a figure's qualifier stays with its value; a figure back leaves out the note or the paper
box it has nothing for; and the text stays readable on the printed card.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from flashgen.compose.card import CardDocument, compose_card
from flashgen.load.content import Campaign, load_campaign
from flashgen.load.fonts import FontBook
from flashgen.load.media import medium
from flashgen.load.presets import load_presets
from flashgen.load.resources import FONTS_DIR, TEMPLATES_DIR
from flashgen.merge.cards import merge_cards
from flashgen.text.wordbreak import WordBreaker
from tests.conftest import load_templates

ROOT = Path(__file__).resolve().parents[2]
SMALL = ("a7", "poker", "business")
PLAN = ROOT / "content" / "ke-hoach-truyen-thong-2023.yaml"
REPORT = ROOT / "content" / "so-lieu-ngay-cds-2022.yaml"
KINDS = ROOT / "tests" / "data" / "kinds"
SVG = "{http://www.w3.org/2000/svg}"
# Smallest font size, in mm on the printed card, of each field that is read as text (the credit,
# the badge and the counter are small captions, as on the contrast cards).
# The print-card minimums of data/media.yaml (points at the printed size, in mm), a figure's value and number larger.
PRINT_CARD = medium("print-card")
BODY_MM, HEADING_MM = PRINT_CARD.body * 25.4 / 72, PRINT_CARD.heading * 25.4 / 72
READABLE_MM = {"heading": HEADING_MM, "text": BODY_MM, "label": BODY_MM, "note": BODY_MM, "figure": 3.0, "value": 7.0}


@cache
def _fonts() -> FontBook:
    return FontBook.from_folders((FONTS_DIR,))


@cache
def _cards(content: Path, size_name: str) -> tuple[CardDocument, ...]:
    """Every card of ``content`` at ``size_name``, laid out as the build does (default theme)."""
    campaign = load_campaign(content)
    size = load_presets().card_size(size_name)
    templates = load_templates([size], TEMPLATES_DIR, _fonts(), campaign)
    breaker = WordBreaker.for_glossary(campaign.glossary)
    return tuple(compose_card(card, breaker) for card in merge_cards(campaign, templates, [size]))


def _texts(document: CardDocument) -> list[etree._Element]:
    return [e for e in etree.fromstring(document.svg).iter(f"{SVG}text")]


def _words(element: etree._Element) -> str:
    return " ".join(" ".join(element.itertext()).split())  # the lines of a frame, one space between


def _card(content: Path, size: str, slug: str) -> CardDocument:
    return next(d for d in _cards(content, size) if d.card.slug == slug)


def _scale(template: Path) -> float:
    """How much the design is scaled on the page (the poker cards are the A7 design at 0.835)."""
    found = re.search(r'id="scaled-design" transform="[^"]*scale\(([\d.]+)\)', template.read_text(encoding="utf-8"))
    return float(found.group(1)) if found else 1.0


@pytest.mark.parametrize("size_name", SMALL)
def test_each_kind_has_its_own_templates_at_each_small_size(size_name: str) -> None:
    size = load_presets().card_size(size_name)
    chosen = {(kind, side): size.template_for(kind, side) for kind in ("contrast", "statement", "figure") for side in size.sides}
    assert chosen == {
        ("contrast", "front"): f"flashcard-front-{size_name}.svg",
        ("contrast", "back"): f"flashcard-back-{size_name}.svg",
        ("statement", "front"): f"flashcard-statement-front-{size_name}.svg",
        ("statement", "back"): f"flashcard-statement-back-{size_name}.svg",
        ("figure", "front"): f"flashcard-figure-front-{size_name}.svg",
        ("figure", "back"): f"flashcard-figure-back-{size_name}.svg",
    }
    assert all((TEMPLATES_DIR / name).is_file() for name in chosen.values())


@pytest.mark.parametrize("size_name", SMALL)
def test_the_cards_of_a_mixed_deck_use_their_kinds_templates(size_name: str) -> None:
    """Statements without text are one-sided; figures with a note or a text have a back."""
    used = {(d.card.item, d.card.side): d.card.template.path.name for d in _cards(KINDS / "statements.yaml", size_name)}
    used |= {(10 + d.card.item, d.card.side): d.card.template.path.name for d in _cards(KINDS / "figures.yaml", size_name)}
    assert used == {
        (1, "front"): f"flashcard-statement-front-{size_name}.svg",
        (2, "front"): f"flashcard-statement-front-{size_name}.svg",
        (2, "back"): f"flashcard-statement-back-{size_name}.svg",
        (3, "front"): f"flashcard-statement-front-{size_name}.svg",
        (3, "back"): f"flashcard-statement-back-{size_name}.svg",
        (4, "front"): f"flashcard-statement-front-{size_name}.svg",
        **{(10 + n, "front"): f"flashcard-figure-front-{size_name}.svg" for n in range(1, 7)},
        (11, "back"): f"flashcard-figure-back-{size_name}.svg",
        (13, "back"): f"flashcard-figure-back-{size_name}.svg",
    }


@pytest.mark.parametrize("size_name", SMALL)
def test_a_figure_front_prints_the_qualifier_just_above_its_value(size_name: str) -> None:
    document = _card(KINDS / "figures.yaml", size_name, "front-02")  # hơn 7.534 thành viên
    texts = {_words(e): e for e in _texts(document)}
    assert {"hơn", "7.534", "thành viên"} <= set(texts)
    qualifier, value = texts["hơn"], texts["7.534"]
    qualifier_y = float(qualifier.get("y") or qualifier[0].get("y"))
    value_y = float(value[0].get("y"))
    assert 0 < value_y - qualifier_y < 20  # a few millimetres above the value's baseline, never elsewhere
    bare = _card(KINDS / "figures.yaml", size_name, "front-03")  # 173/173: no qualifier, no unit
    assert "173/173" in {_words(e) for e in _texts(bare)}
    assert all(_words(e) for e in _texts(bare))  # no empty line left where the qualifier or unit would be


@pytest.mark.parametrize("size_name", SMALL)
def test_a_figure_back_draws_only_the_parts_it_has(size_name: str) -> None:
    def parts(document: CardDocument) -> set[str]:
        return {e.get("id") for e in etree.fromstring(document.svg).iter() if e.get("id") in {"note", "official-text"}}

    both = _card(KINDS / "figures.yaml", size_name, "back-01")
    note_only = _card(KINDS / "figures.yaml", size_name, "back-03")
    text_only = _card(REPORT, size_name, "back-10")
    # A business card's back has no room for the official text at 7 pt (data/media.yaml): it shows the note only.
    text = set() if size_name == "business" else {"official-text"}
    assert parts(both) == {"note"} | text
    assert parts(note_only) == {"note"}  # no empty paper box
    assert parts(text_only) == text  # no accent bar beside a missing note
    words = " ".join(_words(e) for e in _texts(both))
    assert "1.141" in words and "đạt 100% các cấp trên địa bàn tỉnh" in words


@pytest.mark.parametrize("size_name", SMALL)
def test_the_plan_campaigns_cards_print_no_word_of_the_contrast_campaign(size_name: str) -> None:
    documents = _cards(PLAN, size_name)
    words = " ".join(_words(e) for d in documents for e in _texts(d))
    assert not re.search(r"ĐIỂM|Điểm|CNTT|CĐS|phát biểu", words)
    assert "NỘI DUNG 07" in words and "Nguồn: Kế hoạch truyền thông" in words  # its own item label and credit
    # No arrows or CNTT → CĐS pills either: the statement designs draw no paths.
    assert not any(e.tag == f"{SVG}path" for d in documents for e in etree.fromstring(d.svg).iter())


@pytest.mark.parametrize("size_name", SMALL)
@pytest.mark.parametrize("content", [PLAN, REPORT, KINDS / "statements.yaml", KINDS / "figures.yaml"], ids=lambda p: p.stem)
def test_text_stays_readable_on_the_printed_card(content: Path, size_name: str) -> None:
    too_small = [
        (d.card.slug, field, round(block.size * _scale(d.card.template.path), 2))
        for d in _cards(content, size_name) for field, block in d.blocks
        if field in READABLE_MM and block.lines and block.size * _scale(d.card.template.path) < READABLE_MM[field] - 1e-6
    ]
    assert too_small == []


def test_the_longest_official_heading_fits_a_business_card_at_9_pt_and_its_text_is_left_out() -> None:
    plan: Campaign = load_campaign(PLAN)
    longest_heading = max(plan.items, key=lambda item: len(item.heading)).number
    blocks = {(d.card.item, d.card.side, field): block.size for d in _cards(PLAN, "business") for field, block in d.blocks}
    assert blocks[(longest_heading, "front", "heading")] >= 4.0  # the front's heading uses the whole width
    assert blocks[(longest_heading, "back", "heading")] >= 9 * 25.4 / 72  # the print-card heading minimum
    # the official text does not fit a business card's back at 7 pt (data/media.yaml): the back shows less
    assert not any(field == "text" for (_, side, field) in blocks if side == "back")
