"""The booklet for every kind of item, in the campaign's own words: statements without empty boxes, figures with
their qualifiers, the source labelled by its kind, no QR code without a URL, and no nearly empty last page."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest

from flashgen.build import build
from flashgen.documents.booklet import build_booklet
from flashgen.documents.booklet.page import LAYOUTS
from flashgen.documents.booklet.story import source_rows
from flashgen.errors import FlashgenError
from flashgen.load.content import Campaign, Item, load_campaign
from flashgen.load.fonts import FontBook
from flashgen.load.resources import DEFAULT_CONTENT
from flashgen.load.theme import default_theme
from flashgen.options import BuildOptions

ROOT = Path(__file__).resolve().parents[2]
CONTENTS = {
    "plan": ROOT / "content" / "ke-hoach-truyen-thong-2023.yaml",  # 9 long statements, source kind plan, no URL
    "report": ROOT / "content" / "so-lieu-ngay-cds-2022.yaml",  # 12 figures, source kind report, a URL
    "statements": ROOT / "tests" / "data" / "kinds" / "statements.yaml",  # 4 statements, no URL, no speaker
    "figures": ROOT / "tests" / "data" / "kinds" / "figures.yaml",  # 6 figures, one with a text
    "contrast": DEFAULT_CONTENT,  # the 17 points of a speech
}
# Words of the 17-point speech campaign: a design must never print them for another campaign.
FOREIGN = ("phát biểu", "Điểm", "ĐIỂM", "CNTT", "CĐS")
MIN_LAST_PAGE_LINES = 8


@pytest.fixture(scope="module")
def booklets(fonts: FontBook, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Every test content's booklet in both sizes, built once."""
    folder = tmp_path_factory.mktemp("booklet-kinds")
    paths = {}
    for name, content in CONTENTS.items():
        campaign = load_campaign(content)
        for page in LAYOUTS:
            paths[(name, page)] = folder / f"{name}-{page}.pdf"
            paths[(name, page)].write_bytes(build_booklet(campaign, fonts, page))
    return paths


def pages_text(path: Path) -> list[str]:
    """The text of each page, as pdftotext reads it."""
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return result.stdout.split("\f")[:-1]


def flat(text: str) -> str:
    return " ".join(text.split())


def body_lines(page: str, title: str) -> list[str]:
    """A page's lines of text without the running footer (its page number and the campaign's title)."""
    return [line for line in page.splitlines()
            if line.strip() and not re.fullmatch(r"\s*Trang \d+ / \d+\s*", line) and line.strip() != title]


def rect_count(page: pikepdf.Page) -> int:
    """How many rectangles the page draws: a QR code draws hundreds."""
    return sum(1 for _, operator in pikepdf.parse_content_stream(page) if str(operator) == "re")


def fill_colours(path: Path) -> set[tuple[float, float, float]]:
    """Every fill colour set on the body pages (``rg``), rounded to 1/255."""
    colours = set()
    with pikepdf.open(path) as pdf:
        for page in pdf.pages[1:]:
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "rg":
                    colours.add(tuple(round(float(v) * 255) for v in operands))
    return colours


def surface() -> tuple[int, int, int]:
    colour = default_theme().colour("surface")
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


# --- the campaign's words -------------------------------------------------------


@pytest.mark.parametrize("page", LAYOUTS)
def test_a_plan_never_speaks_of_a_speech_or_points(booklets: dict[tuple[str, str], Path], page: str) -> None:
    text = "\n".join(pages_text(booklets[("plan", page)]))
    for word in FOREIGN:
        assert word not in text, f"the plan's booklet prints {word!r}"
    campaign = load_campaign(CONTENTS["plan"])
    # The source is labelled in the plan's words; it has no speaker, so no signer row.
    assert f"{campaign.source.kind_name} {campaign.source.title}" in flat(text)
    assert campaign.source.signer_label not in text


def test_source_rows_take_the_source_kind_s_words() -> None:
    speech = load_campaign(DEFAULT_CONTENT).source
    assert [label for label, _ in source_rows(speech)] == ["Bài phát biểu", "Người phát biểu", "Văn bản"]
    plan = dataclasses.replace(speech, kind="plan", kind_name="", signer_label="", speaker="").resolved()
    assert [label for label, _ in source_rows(plan)] == ["Kế hoạch", "Văn bản"]
    signed = dataclasses.replace(plan, speaker="Trưởng Ban")
    assert ("Người ký", "Trưởng Ban") in source_rows(signed)


@pytest.mark.parametrize("page", LAYOUTS)
def test_without_a_url_no_qr_code_and_no_words_about_one(booklets: dict[tuple[str, str], Path], page: str) -> None:
    for name in ("plan", "statements"):
        path = booklets[(name, page)]
        assert "quét mã" not in "\n".join(pages_text(path)).lower()
        with pikepdf.open(path) as pdf:
            assert all(rect_count(each) < 40 for each in pdf.pages), f"{name}: a page draws a QR code"
            assert not any("/Annots" in each.obj for each in pdf.pages)


@pytest.mark.parametrize("page", LAYOUTS)
def test_with_a_url_the_caption_is_the_content_s(booklets: dict[tuple[str, str], Path], page: str) -> None:
    campaign = load_campaign(CONTENTS["report"])
    text = flat("\n".join(pages_text(booklets[("report", page)])))
    assert text.count(campaign.source.qr_caption) == 2  # the cover's QR code and the source section's
    with pikepdf.open(booklets[("report", page)]) as pdf:
        assert rect_count(pdf.pages[0]) > 200


@pytest.mark.parametrize("name", ["plan", "report"])
def test_the_theme_is_labelled_in_the_campaign_s_words(booklets: dict[tuple[str, str], Path], name: str) -> None:
    campaign = load_campaign(CONTENTS[name])
    assert campaign.theme_label != f"Chủ đề năm {campaign.year}"
    cover = flat(pages_text(booklets[(name, "A4")])[0])
    assert f"{campaign.theme_label.upper()} {campaign.theme}" in cover
    assert "CHỦ ĐỀ NĂM" not in cover


# --- statements ---------------------------------------------------------------------


@pytest.mark.parametrize("page", LAYOUTS)
def test_statements_have_heading_and_text_and_no_summary_box(booklets: dict[tuple[str, str], Path], page: str) -> None:
    campaign = load_campaign(CONTENTS["statements"])
    path = booklets[("statements", page)]
    text = flat("\n".join(pages_text(path)))
    for item in campaign.items:
        assert item.heading in text and item.text in text
    assert "TÓM TẮT" not in text and "Tóm tắt" not in text
    assert surface() not in fill_colours(path), "a light box (summary or figure) is drawn for statements"


def test_a_contrast_shown_as_a_statement_keeps_heading_and_text_only(fonts: FontBook, tmp_path: Path) -> None:
    campaign = load_campaign(DEFAULT_CONTENT)
    small = dataclasses.replace(campaign, items=campaign.items[:3])
    path = tmp_path / "shown.pdf"
    path.write_bytes(build_booklet(small, fonts, "A5", shown=("statement",) * 3))
    text = flat("\n".join(pages_text(path)))
    assert all(item.heading in text and item.text in text for item in small.items)
    assert all(item.to_text not in text for item in small.items)
    assert "TÓM TẮT" not in text and "khung “Tóm tắt”" not in text
    assert surface() not in fill_colours(path)


def test_a_layout_that_cannot_show_an_item_is_an_error_naming_it(tmp_path: Path) -> None:
    options = BuildOptions(content=CONTENTS["statements"], out_dir=tmp_path / "out", products=("booklet",),
                           layouts=(("booklet", ("contrast",)),), jobs=1)
    with pytest.raises(FlashgenError, match=r"item 1.*booklet as a contrast.*'from'"):
        build(options)


# --- figures ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["report", "figures"])
@pytest.mark.parametrize("page", LAYOUTS)
def test_figures_keep_their_qualifier_unit_label_note_and_text(booklets: dict[tuple[str, str], Path], name: str,
                                                               page: str) -> None:
    campaign = load_campaign(CONTENTS[name])
    text = flat("\n".join(pages_text(booklets[(name, page)])))
    assert "hơn 7.534" in text
    for item in campaign.items:
        assert " ".join(filter(None, (item.qualifier, item.value))) in text, f"figure {item.number}"
        for field in (item.unit, item.note, item.text):
            assert field in text, f"figure {item.number}"
        # The label may be broken over lines like a heading: its words in order.
        assert re.search(r"\s+".join(map(re.escape, item.label.split())), text), f"label of figure {item.number}"
    assert "TÓM TẮT" not in text
    # The texts follow the grid under the source's own word: "TRÍCH BÁO CÁO".
    assert f"TRÍCH {campaign.source.kind_name.upper()}" in text


def test_figure_boxes_are_drawn_and_nothing_else_of_a_contrast(booklets: dict[tuple[str, str], Path]) -> None:
    assert surface() in fill_colours(booklets[("figures", "A4")])
    text = flat("\n".join(pages_text(booklets[("figures", "A4")])))
    assert not any(word in text for word in FOREIGN)


def test_a_figure_shown_as_a_statement_is_an_error(tmp_path: Path) -> None:
    options = BuildOptions(content=CONTENTS["figures"], out_dir=tmp_path / "out", products=("booklet",),
                           layouts=(("booklet", ("statement",)),), jobs=1)
    with pytest.raises(FlashgenError, match=r"booklet as a statement.*'heading'"):
        build(options)


def test_a_mixed_campaign_shows_each_item_in_its_kind_s_layout(fonts: FontBook, tmp_path: Path) -> None:
    figures = load_campaign(CONTENTS["figures"])
    statements = load_campaign(CONTENTS["statements"])
    items = (statements.items[1], *figures.items[:2], statements.items[2])
    mixed = dataclasses.replace(figures, items=tuple(dataclasses.replace(item, number=n) for n, item in enumerate(items, 1)))
    path = tmp_path / "mixed.pdf"
    path.write_bytes(build_booklet(mixed, fonts, "A4"))
    text = flat("\n".join(pages_text(path)))
    assert items[0].heading in text and items[3].heading in text
    assert "hơn 7.534 thành viên" in text
    assert text.index(items[0].heading) < text.index("1.141") < text.index(items[3].heading)


# --- pages that look full -------------------------------------------------------------


@pytest.mark.parametrize("page", LAYOUTS)
@pytest.mark.parametrize("name", CONTENTS)
def test_no_last_page_holds_only_a_few_lines(booklets: dict[tuple[str, str], Path], name: str, page: str) -> None:
    title = load_campaign(CONTENTS[name]).title
    pages = pages_text(booklets[(name, page)])
    lines = body_lines(pages[-1], title)
    assert len(lines) >= MIN_LAST_PAGE_LINES, f"the last page holds only {lines}"
    assert all(body_lines(each, title) for each in pages[1:]), "a page holds only the footer"


def test_a_last_page_with_only_the_source_is_pulled_in_or_filled(fonts: FontBook, tmp_path: Path) -> None:
    """The 4 statements on A5 left the source alone on page 3: the fill search puts more beside it."""
    path = tmp_path / "a5.pdf"
    campaign = load_campaign(CONTENTS["statements"])
    path.write_bytes(build_booklet(campaign, fonts, "A5"))
    last = flat(pages_text(path)[-1])
    assert "Nguồn" in last and len(body_lines(pages_text(path)[-1], campaign.title)) >= MIN_LAST_PAGE_LINES


def font_sizes(path: Path, page: int) -> set[float]:
    with pikepdf.open(path) as pdf:
        return {round(float(operands[1]), 2) for operands, operator in pikepdf.parse_content_stream(pdf.pages[page])
                if str(operator) == "Tf"}


def test_short_content_grows_its_type(fonts: FontBook, tmp_path: Path) -> None:
    campaign = load_campaign(CONTENTS["statements"])
    short = dataclasses.replace(campaign, items=campaign.items[:2], messages=())
    path = tmp_path / "short.pdf"
    path.write_bytes(build_booklet(short, fonts, "A4"))
    assert len(pages_text(path)) == 2
    nominal = LAYOUTS["A4"]
    sizes = font_sizes(path, 1)
    # The headings and the title grew, moderately.
    assert nominal.heading_size not in sizes and nominal.section_size not in sizes
    assert nominal.section_size < max(sizes) <= nominal.section_size * 1.2 + 0.01


# --- the PDF itself ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["statements", "figures"])
def test_same_input_same_bytes_and_only_bundled_fonts(fonts: FontBook, booklets: dict[tuple[str, str], Path],
                                                      name: str) -> None:
    campaign = load_campaign(CONTENTS[name])
    assert build_booklet(campaign, fonts, "A5") == booklets[(name, "A5")].read_bytes()
    rows = subprocess.run(["pdffonts", str(booklets[(name, "A5")])], capture_output=True, text=True,
                          check=True).stdout.splitlines()[2:]
    assert rows and all("BeVietnamPro" in row and row.split()[-5:-2] == ["yes", "yes", "yes"] for row in rows)


def test_a_figure_field_the_font_lacks_is_refused(fonts: FontBook) -> None:
    campaign = load_campaign(CONTENTS["figures"])
    first: Item = dataclasses.replace(campaign.items[0], unit="thành viên 🚀")
    broken: Campaign = dataclasses.replace(campaign, items=(first, *campaign.items[1:]))
    with pytest.raises(FlashgenError, match=r"item 1, field 'unit'.*U\+1F680"):
        build_booklet(broken, fonts)
