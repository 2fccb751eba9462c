"""The leaflet for every kind of item, in the campaign's own words: statements and figures in their layouts, no
sides compared without contrasts, no count as a hero number among figures, no QR code without a URL, and inside
panels that look full however few the items."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pikepdf
import pytest

from flashgen.documents.leaflet import build_leaflet
from flashgen.documents.leaflet.header import header_height
from flashgen.documents.leaflet.inside import ITEM_SIZES, NO_DETAILS, plan_inside
from flashgen.documents.leaflet.rows import FigureRow
from flashgen.documents.leaflet.sheet import SHEET, block_rect
from flashgen.documents.leaflet.typeset import HEADING_MIN, Type
from flashgen.load.content import Campaign, load_campaign
from flashgen.load.fonts import FontBook
from flashgen.load.media import medium
from flashgen.load.resources import DEFAULT_CONTENT
from flashgen.load.theme import default_theme
from flashgen.pdf.kit import MM, Look
from flashgen.text.wordbreak import WordBreaker
from tests.documents.test_leaflet import (
    assert_clear_of_folds_and_edges,
    extracted_text,
    font_sizes,
    words_by_page,
)
from tests.pdftext import text_sizes

ROOT = Path(__file__).resolve().parents[2]
CONTENTS = {
    "plan": ROOT / "content" / "ke-hoach-truyen-thong-2023.yaml",
    "report": ROOT / "content" / "so-lieu-ngay-cds-2022.yaml",
    "statements": ROOT / "tests" / "data" / "kinds" / "statements.yaml",
    "figures": ROOT / "tests" / "data" / "kinds" / "figures.yaml",
}
FOREIGN = ("phát biểu", "Phát biểu", "Điểm", "ĐIỂM", "CNTT", "CĐS")
LOWEST_BASELINE = 0.7  # the lowest text of every inside panel sits below this share of the panel's height


@pytest.fixture(scope="module")
def leaflets(fonts: FontBook, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("leaflet-kinds")
    paths = {}
    for name, content in CONTENTS.items():
        paths[name] = folder / f"{name}.pdf"
        paths[name].write_bytes(build_leaflet(load_campaign(content), fonts))
    return paths


def lowest_text_in_panels(path: Path) -> list[float]:
    """The lowest text bottom of each inside panel, as a share of the sheet's height from its top."""
    words = words_by_page(path)[2]
    shares = []
    for panel in SHEET.panels("inside"):
        left, right = panel.left * MM, panel.right * MM
        bottoms = [y1 for _, x0, _, x1, y1 in words if x0 >= left and x1 <= right]
        shares.append(max(bottoms, default=0.0) / (SHEET.height * MM))
    return shares


def hero_word(path: Path) -> str:
    """The tallest word of the outside (the cover's big graphic)."""
    return max(words_by_page(path)[1], key=lambda word: word[4] - word[2])[0]


# --- the campaign's words -------------------------------------------------------------


@pytest.mark.parametrize("name", ["plan", "statements"])
def test_statement_campaigns_never_print_a_speech_s_words(leaflets: dict[str, Path], name: str) -> None:
    text = extracted_text(leaflets[name])
    for word in FOREIGN:
        assert word not in text, f"{name}: {word!r}"
    campaign = load_campaign(CONTENTS[name])
    assert campaign.theme_label in text  # the flap's label is the content's ("Thông điệp năm 2023")


@pytest.mark.parametrize("name", ["plan", "statements"])
def test_without_a_url_no_qr_code_and_no_words_about_one(leaflets: dict[str, Path], name: str) -> None:
    assert "quét mã" not in extracted_text(leaflets[name]).lower()
    with pikepdf.open(leaflets[name]) as pdf:
        rects = sum(1 for _, op in pikepdf.parse_content_stream(pdf.pages[0]) if str(op) == "re")
        assert rects < 40, "the outside draws a QR code"
        assert not any("/Annots" in page.obj for page in pdf.pages)


def test_the_sides_compared_only_when_items_are_shown_as_contrasts(campaign: Campaign, fonts: FontBook,
                                                                   tmp_path: Path) -> None:
    path = tmp_path / "shown.pdf"
    path.write_bytes(build_leaflet(campaign, fonts, shown=("statement",) * len(campaign.items)))
    text = extracted_text(path)
    assert all(item.heading in text for item in campaign.items)
    # "CNTT" is still in the source's letter number (498/STTTT-CNTT), never as a label of its own.
    assert not re.search(r"(?<![-\w])CNTT\b", text) and "CĐS" not in text


# --- statements ---------------------------------------------------------------------


def test_statements_show_heading_and_text_and_fill_the_inside(leaflets: dict[str, Path]) -> None:
    campaign = load_campaign(CONTENTS["statements"])
    text = extracted_text(leaflets["statements"])
    for item in campaign.items:
        assert item.heading in text and item.text in text
    for panel, lowest in zip(("left", "middle", "right"), lowest_text_in_panels(leaflets["statements"])):
        assert lowest > LOWEST_BASELINE, f"the inside {panel} panel's text ends at {lowest:.0%} of its height"


@pytest.mark.parametrize("name", CONTENTS)
def test_every_inside_panel_is_filled(leaflets: dict[str, Path], name: str) -> None:
    assert min(lowest_text_in_panels(leaflets[name])) > LOWEST_BASELINE


def test_few_short_items_are_set_large(fonts: FontBook) -> None:
    campaign = load_campaign(CONTENTS["statements"])
    type_ = Type(Look(fonts, default_theme()), WordBreaker.for_glossary(campaign.glossary))
    plan = plan_inside(campaign, type_, ("statement",) * 4, header_bottom=150 * MM)
    assert plan.size > 12.0 and plan.details and plan.title_panel
    assert plan.size <= ITEM_SIZES[0]


def test_many_items_keep_all_three_panels(fonts: FontBook) -> None:
    campaign = load_campaign(DEFAULT_CONTENT)
    type_ = Type(Look(fonts, default_theme()), WordBreaker.for_glossary(campaign.glossary))
    plan = plan_inside(campaign, type_, tuple(item.kind for item in campaign.items), header_bottom=150 * MM)
    assert not plan.title_panel and len(plan.columns) == 3
    # At the handout minimums (11 pt headings, 9 pt text) 17 items with their summaries do not fit: headings only,
    # and a note under them says what is left out.
    assert plan.details == NO_DETAILS and plan.left_out and plan.size >= HEADING_MIN


# --- figures --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["report", "figures"])
def test_figures_keep_their_qualifier_unit_label_and_note(leaflets: dict[str, Path], name: str) -> None:
    campaign = load_campaign(CONTENTS[name])
    text = extracted_text(leaflets[name])
    for item in campaign.items:
        assert item.figure in text, f"figure {item.number}: {item.figure!r}"  # "hơn 7.534 thành viên", in order
        assert item.note in text
        assert re.search(r"\s+".join(map(re.escape, item.label.split())), text), f"label of figure {item.number}"
    for word in FOREIGN:
        assert word not in text


@pytest.mark.parametrize("name", ["report", "figures"])
def test_a_figure_campaign_shows_no_count_as_its_hero(leaflets: dict[str, Path], name: str) -> None:
    campaign = load_campaign(CONTENTS[name])
    assert hero_word(leaflets[name]) == str(campaign.year)
    assert hero_word(leaflets["statements"]) == "4"  # statements: the count, as for the 17 points


def test_figure_rows_stack_when_the_label_would_be_too_narrow(fonts: FontBook) -> None:
    campaign = load_campaign(CONTENTS["figures"])
    type_ = Type(Look(fonts, default_theme()), WordBreaker.for_glossary(campaign.glossary))
    plan = plan_inside(campaign, type_, ("figure",) * len(campaign.items), header_bottom=150 * MM)
    rows = [row for column in plan.columns for row in column.rows]
    assert rows and all(isinstance(row, FigureRow) for row in rows)
    assert all(row.stacked for row in rows)  # six figures are set large: each figure above its label


# --- the PDF itself ------------------------------------------------------------------


@pytest.mark.parametrize("name", CONTENTS)
def test_clear_of_folds_readable_and_deterministic(leaflets: dict[str, Path], fonts: FontBook, name: str) -> None:
    assert_clear_of_folds_and_edges(leaflets[name])
    assert min(font_sizes(leaflets[name])) >= 6.5
    assert build_leaflet(load_campaign(CONTENTS[name]), fonts) == leaflets[name].read_bytes()


def test_a_mixed_campaign_shows_each_item_in_its_kind_s_layout(fonts: FontBook, tmp_path: Path) -> None:
    figures, statements = load_campaign(CONTENTS["figures"]), load_campaign(CONTENTS["statements"])
    items = (statements.items[1], *figures.items[:2], statements.items[2])
    mixed = dataclasses.replace(figures, items=tuple(dataclasses.replace(item, number=n) for n, item in enumerate(items, 1)))
    path = tmp_path / "mixed.pdf"
    path.write_bytes(build_leaflet(mixed, fonts))
    text = extracted_text(path)
    assert items[0].heading in text and items[3].text in text and "hơn 7.534 thành viên" in text
    assert hero_word(path) == "4"  # not only figures: the count


# --- type sized for the hand: the handout minimums ------------------------------------


@pytest.mark.parametrize("name", CONTENTS)
def test_no_text_under_the_handout_body_minimum(leaflets: dict[str, Path], name: str) -> None:
    sizes = text_sizes(leaflets[name])
    assert sizes and min(sizes) >= medium("handout").body


@pytest.mark.parametrize("content", [DEFAULT_CONTENT, CONTENTS["plan"], CONTENTS["report"]], ids=lambda path: path.stem)
def test_headings_at_the_handout_minimum_and_what_is_left_out_is_said(fonts: FontBook, content: Path,
                                                                      tmp_path: Path) -> None:
    """The bundled campaigns do not fit with all their details at 11 pt headings and 9 pt text: the inside shows
    less (headings, or a contrast's second side only) and says what it left out and where to read it."""
    campaign = load_campaign(content)
    type_ = Type(Look(fonts, default_theme()), WordBreaker.for_glossary(campaign.glossary))
    kinds = tuple(item.kind for item in campaign.items)
    first = SHEET.panels("inside")[0]
    plan = plan_inside(campaign, type_, kinds, block_rect(first).top - header_height(campaign, type_, first, kinds))
    assert plan.size >= HEADING_MIN
    path = tmp_path / "leaflet.pdf"
    path.write_bytes(build_leaflet(campaign, fonts))
    text = extracted_text(path)
    for item in campaign.items:
        assert (item.heading or item.label) in text
    said = "Tờ gấp chỉ in" in text and "Tài liệu tuyên truyền" in text
    assert said == plan.left_out
    if plan.left_out and campaign.source.url:
        assert "quét mã QR ở mặt sau" in text
