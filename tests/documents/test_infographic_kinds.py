"""Infographic for every kind of item: the layouts chosen per kind, statements in the list layout, the figures layout."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from flashgen.build import build
from flashgen.documents.infographic import (
    CAROUSEL_SLIDE,
    carousel_svgs,
    check_layout,
    default_layouts,
    poster_svg,
    web_svg,
)
from flashgen.documents.infographic.figures import figure_columns
from flashgen.errors import FlashgenError
from flashgen.load.content import Campaign, Compare, Item, load_campaign
from flashgen.load.fonts import FontBook
from flashgen.load.resources import CONTENT_DIR, FONTS_DIR
from flashgen.load.svgdoc import SVG_NS
from flashgen.load.theme import default_theme
from flashgen.options import BuildOptions
from flashgen.render import draw as render
from flashgen.text.wordbreak import WordBreaker

NS = {"svg": SVG_NS}
FONTS = FontBook.from_folders((FONTS_DIR,))
FIGURES_12 = CONTENT_DIR / "so-lieu-ngay-cds-2022.yaml"
# Words of the 17-point campaign that no other campaign's infographic may print.
TINT = default_theme().colour("tint")
FOREIGN = ("CNTT", "CĐS", "Điểm", "ĐIỂM", "phát biểu", "Công nghệ thông tin")


@pytest.fixture(scope="module")
def statements(data_dir: Path) -> Campaign:
    return load_campaign(data_dir / "kinds" / "statements.yaml")


@pytest.fixture(scope="module")
def figures(data_dir: Path) -> Campaign:
    return load_campaign(data_dir / "kinds" / "figures.yaml")


@pytest.fixture(scope="module")
def twelve() -> Campaign:
    return load_campaign(FIGURES_12)


def _breaker(campaign: Campaign) -> WordBreaker:
    return WordBreaker.for_glossary(campaign.glossary)


def _all(campaign: Campaign, fonts, layout: str) -> dict[str, list[bytes]]:
    """The poster, the web image and the carousel slides of ``layout``."""
    breaker = _breaker(campaign)
    return {
        "poster": [poster_svg(campaign, fonts, breaker, layout)],
        "web": [web_svg(campaign, fonts, breaker, layout)],
        "carousel": carousel_svgs(campaign, fonts, breaker, layout),
    }


@pytest.fixture(scope="module")
def statement_list(statements, fonts) -> dict[str, list[bytes]]:
    return _all(statements, fonts, "list")


@pytest.fixture(scope="module")
def figure_grids(figures, fonts) -> dict[str, list[bytes]]:
    return _all(figures, fonts, "figures")


def _root(svg: bytes) -> etree._Element:
    return etree.fromstring(svg)


def _words(element: etree._Element) -> str:
    """The words of a <text> as a reader gets them: the runs of a line in order, its lines joined by spaces."""
    lines: dict[str, str] = {}
    for span in element.iterfind("svg:tspan", NS):
        lines[span.get("y")] = lines.get(span.get("y"), "") + (span.text or "")
    return " ".join(lines.values())


def _frames(svg_or_group, name: str) -> list[etree._Element]:
    root = _root(svg_or_group) if isinstance(svg_or_group, bytes) else svg_or_group
    return root.findall(f".//svg:text[@data-frame='{name}']", NS)


def _item_groups(svg: bytes) -> dict[int, etree._Element]:
    return {int(g.get("data-item")): g for g in _root(svg).iterfind(".//svg:g[@data-item]", NS)}


def _all_text(svg: bytes) -> str:
    return " ".join(_words(text) for text in _root(svg).iter(f"{{{SVG_NS}}}text"))


def _flat(text: str) -> str:
    return " ".join(text.split())


def _offset(element: etree._Element) -> tuple[float, float]:
    """The translation of ``element`` and its ancestors, summed."""
    x = y = 0.0
    for node in [element, *element.iterancestors()]:
        match = re.match(r"translate\(([-\d.e]+) ([-\d.e]+)\)", node.get("transform", ""))
        if match:
            x, y = x + float(match.group(1)), y + float(match.group(2))
    return x, y


def _tile_box(group: etree._Element) -> tuple[float, float, float, float]:
    """(x, y, width, height) of a tile on the page: its card, the group's first rect."""
    x, y = _offset(group)
    rect = group.find("svg:rect", NS)
    return x + float(rect.get("x")), y + float(rect.get("y")), float(rect.get("width")), float(rect.get("height"))


def _value(group: etree._Element) -> tuple[float, float, float]:
    """(left, right, size) of a tile's figure line: the first character's x, the end of the value, its size."""
    text = _frames(group, "figure")[0]
    spans = text.findall("svg:tspan", NS)
    value = spans[-1]  # the qualifier's run, if any, comes first
    size = float(value.get("font-size") or text.get("font-size"))
    face = FONTS.resolve("Be Vietnam Pro", 800)
    right = float(value.get("x").split()[-1]) + face.width(value.text[-1], size)
    return float(spans[0].get("x").split()[0]), right, size


# --------------------------------------------------------------------------
# Which layouts: by the items' kinds, or as flashgen.yaml chooses.
# --------------------------------------------------------------------------


def test_layouts_chosen_by_kind(campaign, statements, figures):
    assert default_layouts(campaign) == (("list", "comparison"), ())
    assert default_layouts(statements) == (("list",), ())
    assert default_layouts(figures) == (("figures",), ())
    mixed = replace(statements, items=statements.items + figures.items[:2])
    assert default_layouts(mixed)[0] == ("list", "figures")
    with_contrast = replace(statements, items=statements.items + campaign.items[:2])
    assert default_layouts(with_contrast)[0] == ("list",)


def test_contrast_without_the_sides_named_gets_the_list_and_a_note(campaign):
    unnamed = replace(campaign, compare=Compare())
    layouts, notes = default_layouts(unnamed)
    assert layouts == ("list",)
    assert len(notes) == 1 and "'compare'" in notes[0] and "'from_name'" in notes[0]


@pytest.mark.parametrize(("content", "made"), [
    ("kinds/figures.yaml", "figures"),
    ("kinds/statements.yaml", "list"),
])
def test_a_campaign_gets_only_the_files_of_its_layouts(data_dir, tmp_path, content, made):
    out = tmp_path / "out"
    build(BuildOptions(content=data_dir / content, out_dir=out, products=("infographic",), jobs=1))
    files = sorted(str(p.relative_to(out / "infographic")) for p in (out / "infographic").rglob("*.*"))
    assert {"poster-" + made + "-a3.pdf", "poster-" + made + "-a2.pdf", "web-" + made + ".png"} <= set(files)
    assert any(f.startswith(f"carousel-{made}/") for f in files)
    assert all(made in f for f in files), files  # no list or comparison files for figures, and so on


def test_flashgen_yaml_choosing_comparison_for_statements_is_a_clear_error(data_dir, tmp_path):
    project = tmp_path / "flashgen.yaml"
    project.write_text("layouts:\n  infographic: [comparison]\n", encoding="utf-8")
    options = BuildOptions(content=data_dir / "kinds" / "statements.yaml", out_dir=tmp_path / "out",
                           products=("infographic",), project_config=project,
                           layouts=(("infographic", ("comparison",)),), jobs=1)
    with pytest.raises(FlashgenError) as error:
        build(options)
    message = error.value.message
    assert message.startswith(f"{project}, 'layouts: infographic': the comparison layout")
    assert "item 1 (a statement) has neither" in message and "'from' and 'to'" in message
    assert "'infographic: [list]'" in message
    assert "use the list layout" not in message
    assert not (tmp_path / "out" / "infographic").exists()


def test_chosen_layouts_the_content_cannot_fill(statements, figures, campaign):
    with pytest.raises(FlashgenError, match=r"figures layout shows the items of kind 'figure'.*has none"):
        check_layout(statements, "figures")
    with pytest.raises(FlashgenError, match=r"item 1 \(a figure\) has neither.*'infographic: \[figures\]'"):
        check_layout(figures, "comparison")
    with pytest.raises(FlashgenError, match=r"add the section 'compare'.*'layouts:'"):
        check_layout(replace(campaign, compare=Compare(from_label="A", to_label="B")), "comparison")
    for layout in ("list", "comparison"):
        check_layout(campaign, layout)


def test_flashgen_yaml_may_choose_the_list_for_figures(figures, fonts):
    """A figure in the list layout: the figure as the heading ("hơn 7.534 thành viên"), its label and note."""
    svg = poster_svg(figures, fonts, _breaker(figures), "list")
    groups = _item_groups(svg)
    for item in figures.items:
        assert [_words(t) for t in _frames(groups[item.number], "figure")] == [item.figure]
        assert [_flat(_words(t)) for t in _frames(groups[item.number], "label")] == [item.label]
        assert len(_frames(groups[item.number], "note")) == (1 if item.note else 0)
        assert not _frames(groups[item.number], "from") and not _frames(groups[item.number], "to")


# --------------------------------------------------------------------------
# Statements in the list layout.
# --------------------------------------------------------------------------


def test_statements_print_their_text_exactly_and_nothing_empty(statement_list, statements):
    with_text = [item for item in statements.items if item.text]
    assert 0 < len(with_text) < len(statements.items)
    for product, svgs in statement_list.items():
        shown: dict[int, etree._Element] = {}
        for svg in svgs:
            shown.update(_item_groups(svg))
            assert not _frames(svg, "from") and not _frames(svg, "to"), product
            assert not _frames(svg, "label"), product  # no side pills: the content compares nothing
            for group in _item_groups(svg).values():  # no arrow, no tinted "new way" box
                assert all(path.getparent().get("data-icon") for path in group.iter(f"{{{SVG_NS}}}path")), product
                assert all(rect.get("fill") != TINT for rect in group.iter(f"{{{SVG_NS}}}rect")), product
        assert sorted(shown) == [item.number for item in statements.items], product
        for item in statements.items:
            group = shown[item.number]
            texts = _frames(group, "text")
            if not item.text:
                assert texts == [], (product, item.number)
                continue
            assert [_flat(_words(t)) for t in texts] == [_flat(item.text)], (product, item.number)
            heading = float(_frames(group, "heading")[0].get("font-size"))
            assert float(texts[0].get("font-size")) < heading


def test_statement_text_in_the_pdf(statement_list, statements, tmp_path, fonts):
    render.prepare(fonts)
    path = tmp_path / "poster.pdf"
    path.write_bytes(render.render_pdf(statement_list["poster"][0]))
    text = _flat(subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                                check=True).stdout)
    for item in statements.items:
        assert _flat(item.heading) in text
        if item.text:
            assert _flat(item.text) in text


def test_no_word_of_another_campaign(statement_list, figure_grids):
    for outputs in (statement_list, figure_grids):
        for product, svgs in outputs.items():
            for svg in svgs:
                text = _all_text(svg)
                for word in FOREIGN:
                    assert word not in text, (product, word)


# --------------------------------------------------------------------------
# The figures layout.
# --------------------------------------------------------------------------


def test_every_figure_is_shown_with_its_qualifier_unit_label_and_note(figure_grids, figures):
    for product, svgs in figure_grids.items():
        shown: dict[int, etree._Element] = {}
        for svg in svgs:
            shown.update(_item_groups(svg))
        assert sorted(shown) == [item.number for item in figures.items], product
        for item in figures.items:
            group = shown[item.number]
            value = " ".join(filter(None, (item.qualifier, item.value)))
            assert [_words(t) for t in _frames(group, "figure")] == [value], (product, item.number)
            assert [_flat(_words(t)) for t in _frames(group, "unit")] == ([item.unit] if item.unit else [])
            assert [_flat(_words(t)) for t in _frames(group, "label")] == [item.label]
            assert [_flat(_words(t)) for t in _frames(group, "note")] == ([item.note] if item.note else [])
        assert "hơn 7.534" in " ".join(_all_text(svg) for svg in svgs), product


def test_the_figure_poster_pdf_reads_hon_7534(figure_grids, fonts, tmp_path):
    render.prepare(fonts)
    path = tmp_path / "poster.pdf"
    path.write_bytes(render.render_pdf(figure_grids["poster"][0]))
    text = _flat(subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                                check=True).stdout)
    assert "hơn 7.534" in text and "gần 2.000" in text and "173/173" in text


def test_figure_tiles_carry_no_number_badge_and_no_list_words(figure_grids):
    for svgs in figure_grids.values():
        for svg in svgs:
            assert not _frames(svg, "number") and not _frames(svg, "heading")


def test_column_counts_make_balanced_grids():
    assert figure_columns(4) == (2,)
    assert set(figure_columns(6)) == {2, 3}
    assert figure_columns(9) == (3,)
    assert set(figure_columns(12)) == {3, 4}
    for count in range(1, 13):
        for columns in figure_columns(count):
            last = count - (-(-count // columns) - 1) * columns
            assert 2 * last >= columns or last == columns, (count, columns)


@pytest.fixture(scope="module")
def grids_by_count(twelve, fonts) -> dict[int, bytes]:
    breaker = _breaker(twelve)
    return {count: poster_svg(replace(twelve, items=twelve.items[:count]), fonts, breaker, "figures")
            for count in (4, 6, 9, 12)}


@pytest.mark.parametrize("count", [4, 6, 9, 12])
def test_poster_grid_rows_equal_and_values_inside_their_tiles(grids_by_count, fonts, count):
    svg = grids_by_count[count]
    root = _root(svg)
    columns = int(root.get("data-columns"))
    assert columns in figure_columns(count)
    boxes = {number: _tile_box(group) for number, group in _item_groups(svg).items()}
    assert sorted(boxes) == list(range(1, count + 1))
    assert len({round(h, 6) for _, _, _, h in boxes.values()}) == 1  # every row as tall
    assert len({round(w, 6) for _, _, w, _ in boxes.values()}) == 1
    assert len({round(y, 6) for _, y, _, _ in boxes.values()}) == -(-count // columns)
    values = {number: _value(group) for number, group in _item_groups(svg).items()}
    for number, (left, right, _) in values.items():
        assert 0 < left and right < boxes[number][2], (count, number)  # x are relative to the tile
    sizes = [size for *_, size in values.values()]
    assert min(sizes) >= 0.7 * max(sizes)  # one size for the grid, the widest shrinking a little
    assert float(root.get("data-body-size")) >= 2.6


def test_a_long_value_shrinks_to_its_tile(twelve, fonts):
    long = replace(twelve.items[0], value="1.234.567.890", qualifier="khoảng")
    campaign = replace(twelve, items=(long, *twelve.items[1:4]))
    svg = poster_svg(campaign, fonts, _breaker(campaign), "figures")
    groups = _item_groups(svg)
    left, right, size = _value(groups[1])
    assert size < _value(groups[3])[2] and 0 < left and right < _tile_box(groups[1])[2]
    assert _words(_frames(groups[1], "figure")[0]) == "khoảng 1.234.567.890"


def test_carousel_never_cuts_a_tile_and_its_rows_are_equal(figure_grids, twelve, fonts):
    for campaign, slides in ((None, figure_grids["carousel"]),
                             (twelve, carousel_svgs(twelve, fonts, _breaker(twelve), "figures"))):
        seen = []
        for svg in slides:
            boxes = [_tile_box(group) for group in _item_groups(svg).values()]
            seen += list(_item_groups(svg))
            for x, y, w, h in boxes:
                assert x >= 40 and x + w <= CAROUSEL_SLIDE[0] - 40 and y >= 0 and y + h <= CAROUSEL_SLIDE[1] - 40
            assert len({round(h, 6) for *_, h in boxes}) <= 1
        assert seen == sorted(seen) and len(seen) == len(set(seen))
        if campaign is twelve:
            assert seen == list(range(1, 13)) and len(slides) <= 5  # two rows of two on the middle slides


def test_figures_layout_of_a_mixed_campaign_shows_only_the_figures(statements, figures, fonts):
    mixed = replace(statements, items=tuple(
        replace(item, number=n) for n, item in enumerate(statements.items + figures.items[:3], start=1)))
    svg = web_svg(mixed, fonts, _breaker(mixed), "figures")
    assert sorted(_item_groups(svg)) == [5, 6, 7]
    listed = web_svg(mixed, fonts, _breaker(mixed), "list")
    assert sorted(_item_groups(listed)) == list(range(1, 8))
    assert [_words(t) for t in _frames(listed, "figure")] == [item.figure for item in figures.items[:3]]


def test_figures_web_image_sets_two_tiles_abreast(figure_grids, figures):
    boxes = [_tile_box(group) for group in _item_groups(figure_grids["web"][0]).values()]
    assert len({round(x) for x, *_ in boxes}) == 2
    assert len({round(y) for _, y, *_ in boxes}) == len(figures.items) // 2


def test_a_figure_item_in_code_has_the_fields_the_tests_use(figures):
    """The test content has what the tests above rely on: qualifiers, units, notes, and figures without them."""
    assert any(item.qualifier == "hơn" and item.value == "7.534" for item in figures.items)
    assert any(not item.unit for item in figures.items) and any(not item.note for item in figures.items)
    assert all(isinstance(item, Item) and item.kind == "figure" for item in figures.items)
