"""Flashcards of statement and figure items at sizes a6 and social, and the item label on the contrast backs.

Each kind has its own front and back template (flashgen/data/sizes.yaml); a statement without text and a figure
with neither note nor text are one-sided. The cards are composed here (merge, then compose: the finished SVG, no
rendering) and their text read back; two goldens (exact pixels, tests/imagecompare.py) come from ``--jobs 1``
builds in fresh processes. Regenerate them after a deliberate change to a template with
``FLASHGEN_UPDATE_GOLDEN=1 .venv/bin/pytest tests/merge/test_kinds_cards.py`` and look at them before committing.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from flashgen.compose.card import compose_card
from flashgen.load.content import Campaign, load_campaign
from flashgen.load.resources import CONTENT_DIR, DEFAULT_CONTENT, TEMPLATES_DIR
from flashgen.load.svgdoc import SVG_NS
from flashgen.load.template import load_template
from flashgen.merge.cards import MergedCard, card_templates_needed, merge_cards
from flashgen.options import BuildOptions, choose_sizes
from flashgen.text.wordbreak import WordBreaker
from tests.conftest import DATA
from tests.imagecompare import GOLDEN, assert_matches_golden, build_apart

SIZES = ("a6", "social")
ALL_SIZES = ("a6", "a7", "poker", "business", "social")
FILE_SIZE = {"a6": "a6", "a7": "a7", "poker": "poker", "business": "business", "social": "1080x1350"}
PLAN = CONTENT_DIR / "ke-hoach-truyen-thong-2023.yaml"  # statements, item label "Nội dung"
REPORT = CONTENT_DIR / "so-lieu-ngay-cds-2022.yaml"  # figures, item label "Con số"
STATEMENTS = DATA / "kinds" / "statements.yaml"  # item label "Nhiệm vụ"; items 1 and 4 without text
FIGURES = DATA / "kinds" / "figures.yaml"  # item 1 note and text, item 3 note only, items 2, 4, 5, 6 neither
AS_STATEMENTS = ("statement",)  # flashgen.yaml 'layouts: {flashcards: statement}'
# Body text at least 28 px per 1080 px of width (HELPER-COMMON.md), in each size's own units.
SMALLEST_TEXT = {"social": 28.0, "a6": 28 / 1080 * 111}
GOLDENS = GOLDEN / "cards"


def _merged(campaign: Campaign, fonts, sizes: tuple[str, ...] = SIZES, chosen: tuple[str, ...] = ()) -> list[MergedCard]:
    """Every card side of ``campaign`` at ``sizes``, with the bundled templates it shows (default theme)."""
    chosen_sizes = choose_sizes(sizes)
    by_name = {size.name: size for size in chosen_sizes}
    fields = campaign.field_names()
    templates = {
        (size, name): load_template(TEMPLATES_DIR / name, by_name[size], fonts, fields)
        for size, name in card_templates_needed(campaign, chosen_sizes, chosen)
    }
    return merge_cards(campaign, templates, chosen_sizes, chosen)


def _composed(campaign: Campaign, fonts, sizes: tuple[str, ...] = SIZES, chosen: tuple[str, ...] = ()) -> dict:
    """The finished SVG root of every card, by (size, slug) such as ("a6", "back-03")."""
    breaker = WordBreaker.for_glossary(campaign.glossary)
    return {
        (card.size.name, card.slug): etree.fromstring(compose_card(card, breaker).svg)
        for card in _merged(campaign, fonts, sizes, chosen)
    }


def _texts(root: etree._Element) -> list[tuple[str, str, float]]:
    """(frame name or "", its text with the lines joined by spaces, font size) of every <text>, in drawing order."""
    texts = []
    for element in root.iter(f"{{{SVG_NS}}}text"):
        lines = [span.text or "" for span in element.iter(f"{{{SVG_NS}}}tspan")] or [element.text or ""]
        texts.append((element.get("data-frame", ""), " ".join(lines).strip(), float(element.get("font-size", "0"))))
    return texts


def _all_text(root: etree._Element) -> str:
    return "\n".join(text for _, text, _ in _texts(root))


def _frame(root: etree._Element, name: str) -> tuple[str, float]:
    """The text and font size a frame was set in."""
    found = [(text, size) for frame, text, size in _texts(root) if frame == name]
    assert len(found) == 1, f"frame {name!r}: {found}"
    return found[0]


@pytest.fixture(scope="module")
def plan() -> Campaign:
    return load_campaign(PLAN)


@pytest.fixture(scope="module")
def plan_cards(plan, fonts) -> dict:
    return _composed(plan, fonts)


@pytest.fixture(scope="module")
def report_cards(fonts) -> dict:
    return _composed(load_campaign(REPORT), fonts)


# -- the template of each kind, side and size


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("content", "prefix"), [(PLAN, "statement-"), (REPORT, "figure-"), (DEFAULT_CONTENT, "")])
def test_each_kind_is_drawn_with_its_own_templates(fonts, size, content, prefix):
    cards = _merged(load_campaign(content), fonts, (size,))
    assert cards
    for card in cards:
        assert card.template.path.name == f"flashcard-{prefix}{card.side}-{FILE_SIZE[size]}.svg", card.what


@pytest.mark.parametrize("size", SIZES)
def test_contrast_items_shown_as_statements_use_the_statement_templates(fonts, size):
    cards = _merged(load_campaign(DEFAULT_CONTENT), fonts, (size,), AS_STATEMENTS)
    assert {card.template.path.name for card in cards} == {
        f"flashcard-statement-{side}-{FILE_SIZE[size]}.svg" for side in ("front", "back")
    }


def test_one_sided_cards_have_only_a_front(fonts):
    """A statement without text, and a figure with neither note nor text, would have an empty back."""
    sides = {}
    for content in (STATEMENTS, FIGURES):
        for card in _merged(load_campaign(content), fonts, ("social",)):
            sides.setdefault((content.stem, card.item), []).append(card.side)
    assert sides == {
        ("statements", 1): ["front"], ("statements", 2): ["front", "back"], ("statements", 3): ["front", "back"],
        ("statements", 4): ["front"],
        ("figures", 1): ["front", "back"], ("figures", 2): ["front"], ("figures", 3): ["front", "back"],
        ("figures", 4): ["front"], ("figures", 5): ["front"], ("figures", 6): ["front"],
    }


# -- what the cards say


def test_a_figure_card_prints_the_qualifier_with_the_value(fonts, report_cards):
    """The qualifier ("hơn", "gần", "khoảng") is never dropped: on the front it is the line just before the value,
    on the back the figure line holds qualifier, value and unit."""
    report = load_campaign(REPORT)
    qualified = [item for item in report.items if item.qualifier]
    assert {item.qualifier for item in qualified} == {"hơn", "gần", "khoảng"}
    for size in SIZES:
        for item in qualified:
            front = _texts(report_cards[(size, f"front-{item.number:02d}")])
            frames = [frame for frame, _, _ in front]
            at = frames.index("value-frame")
            assert front[at][1] == item.value
            assert front[at - 1][:2] == ("qualifier-frame", item.qualifier.upper()), (size, item.number)
            figure, _ = _frame(report_cards[(size, f"back-{item.number:02d}")], "figure-frame")
            assert figure == item.figure == f"{item.qualifier} {item.value} {item.unit}"


def test_a_figure_without_qualifier_or_unit_draws_only_its_value(report_cards):
    front = dict((frame, text) for frame, text, _ in _texts(report_cards[("social", "front-04")]))
    assert front["value-frame"] == "173/173"
    assert front["qualifier-frame"] == front["unit-frame"] == ""


@pytest.mark.parametrize("content", [PLAN, STATEMENTS, REPORT, FIGURES])
def test_no_card_of_another_kind_borrows_the_17_points_words(fonts, content):
    """The item label comes from the campaign; nothing of the contrast design (ĐIỂM, CNTT → CĐS) is printed."""
    campaign = load_campaign(content)
    cards = _composed(campaign, fonts)
    for key, root in cards.items():
        text = _all_text(root)
        for word in ("ĐIỂM", "Điểm", "CNTT", "CĐS"):
            assert word not in text, (content.name, key, word)
        if not key[1].startswith("front") or campaign.kind == "figure":
            assert f"{campaign.item_label_caps} {key[1][-2:]}" in text, (content.name, key)


def test_the_plan_campaign_labels_its_items_in_its_own_words(plan_cards):
    assert "NỘI DUNG" in _all_text(plan_cards[("social", "front-07")])
    assert "NỘI DUNG 07" in _all_text(plan_cards[("a6", "back-07")])


# -- long official text fits at a readable size; short text still fills the card


@pytest.mark.parametrize("size", SIZES)
def test_the_longest_heading_and_text_fit_at_a_readable_size(fonts, plan, plan_cards, size):
    """The plan's 169-character heading (item 7) on the statement front, and the 17 points' longest text (item 8,
    774 characters) on the statement back, as when flashgen.yaml shows the 17 points as statements."""
    assert len(plan.items[6].heading) >= 169
    _, heading_size = _frame(plan_cards[(size, "front-07")], "heading-frame")
    assert heading_size >= SMALLEST_TEXT[size] * 1.8
    seventeen = load_campaign(DEFAULT_CONTENT)
    longest = max(seventeen.items, key=lambda item: len(item.text))
    assert len(longest.text) >= 770
    back = _composed(replace(seventeen, items=(longest,)), fonts, (size,), AS_STATEMENTS)[(size, f"back-{longest.number:02d}")]
    text, text_size = _frame(back, "text-frame")
    assert text == longest.text
    assert text_size >= SMALLEST_TEXT[size]


@pytest.mark.parametrize("content", [PLAN, STATEMENTS, REPORT, FIGURES])
def test_every_frame_of_the_new_cards_is_readable(fonts, content):
    """Headings, texts, notes and labels of every card are at least body size (the credit line is small print)."""
    for (size, slug), root in _composed(load_campaign(content), fonts).items():
        for frame, text, font_size in _texts(root):
            if frame and frame != "source-frame" and text:
                assert font_size >= SMALLEST_TEXT[size], (content.name, size, slug, frame, font_size)


def test_a_short_heading_still_fills_the_statement_front(plan, plan_cards):
    """Item 2's heading (65 characters) is set large, not lost at the top of its tall frame."""
    assert len(plan.items[1].heading) <= 66
    for size in SIZES:
        _, font_size = _frame(plan_cards[(size, "front-02")], "heading-frame")
        assert font_size >= SMALLEST_TEXT[size] * 2.6, size


# -- the item label on the contrast backs of every size


def _badge(root: etree._Element, label: str) -> tuple[str, float]:
    found = [(text, size) for frame, text, size in _texts(root) if not frame and text.startswith(label)]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("size", ALL_SIZES)
def test_the_contrast_back_shows_the_campaigns_item_label_in_its_pill(fonts, size):
    """"ĐIỂM 03" as designed; a longer label ("NHIỆM VỤ 03") grows its pill (data-fit-text), shrinking only past the
    pill's limit, never out of it."""
    seventeen = load_campaign(DEFAULT_CONTENT)
    three = replace(seventeen, items=(seventeen.items[2],))
    design = _badge(_composed(three, fonts, (size,))[(size, "back-03")], "ĐIỂM")
    assert design[0] == "ĐIỂM 03"
    longer = _badge(_composed(replace(three, item_label="Nhiệm vụ"), fonts, (size,))[(size, "back-03")], "NHIỆM VỤ")
    assert longer[0] == "NHIỆM VỤ 03"
    assert 0.7 * design[1] <= longer[1] <= design[1]


# -- goldens and the images a build writes


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The social flashcards of the test statements and figures, each built in a fresh ``--jobs 1`` process."""
    folder = tmp_path_factory.mktemp("kinds-cards")
    outs = {content.stem: folder / content.stem for content in (STATEMENTS, FIGURES)}
    build_apart(*(
        BuildOptions(content=content, out_dir=outs[content.stem], products=("flashcards",), sizes=("social",), jobs=1)
        for content in (STATEMENTS, FIGURES)
    ))
    return {name: out / "flashcards" / "social" for name, out in outs.items()}


def test_a_one_sided_card_gets_no_back_image(built):
    assert sorted(path.name for path in built["statements"].glob("*.png")) == [
        "back-02.png", "back-03.png", "front-01.png", "front-02.png", "front-03.png", "front-04.png",
    ]
    assert sorted(path.name for path in built["figures"].glob("back-*.png")) == ["back-01.png", "back-03.png"]


@pytest.mark.parametrize(("content", "image", "golden"), [
    ("figures", "front-02.png", "flashcard-social-figure-front-02.png"),
    ("statements", "back-03.png", "flashcard-social-statement-back-03.png"),
])
def test_new_kind_card_matches_its_golden(built, content, image, golden):
    with Image.open(built[content] / image) as actual:
        actual.load()
        assert_matches_golden(actual, GOLDENS / golden)
