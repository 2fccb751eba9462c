"""The tri-fold leaflet: pages, text, fonts, folds and margins, content that does not fit, and themes."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from html import unescape
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from flashgen.build import build
from flashgen.documents.leaflet import build_leaflet
from flashgen.errors import FlashgenError
from flashgen.load.content import Campaign
from flashgen.load.fonts import FontBook
from flashgen.load.media import medium
from flashgen.load.theme import find_theme
from flashgen.options import BuildOptions
from tests.themecheck import (
    FOOTER,
    NAVY,
    ORGANISATION,
    close,
    colour_count,
    do_theme,
    dominant_colour,
    embedded_fonts,
    logo_pixel_count,
    logo_theme,
    page_image,
    rgb,
)

POINTS_PER_MM = 72 / 25.4
A4_LANDSCAPE = (841.89, 595.28)  # points
# Written out here rather than taken from the module, so a wrong table there fails.
FOLDS_MM = {1: (97.0, 197.0), 2: (100.0, 200.0)}  # outside, inside
SAFE_MM = 6.0
MARK_MM = 5.0

LONGER = " và nâng cao hiệu quả quản lý nhà nước trên môi trường số"


@pytest.fixture(scope="module")
def leaflet(campaign: Campaign, fonts: FontBook, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled content's leaflet, built once."""
    path = tmp_path_factory.mktemp("leaflet") / "to-gap.pdf"
    path.write_bytes(build_leaflet(campaign, fonts))
    return path


def write(tmp_path: Path, data: bytes, name: str = "leaflet.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def extracted_text(path: Path) -> str:
    """The PDF's text as pdftotext reads it, runs of white space folded to one space."""
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(result.stdout.split())


def words_by_page(path: Path) -> dict[int, list[tuple[str, float, float, float, float]]]:
    """Every word with its box (xMin, yMin, xMax, yMax in points, origin top left), per page."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages: dict[int, list[tuple[str, float, float, float, float]]] = {}
    for number, page in enumerate(re.split(r"<page ", html)[1:], start=1):
        pages[number] = [
            (unescape(text), float(x0), float(y0), float(x1), float(y1))
            for x0, y0, x1, y1, text in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page
            )
        ]
    return pages


def font_sizes(path: Path) -> list[float]:
    """The size of every font selection (Tf) in the page streams."""
    sizes = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "Tf":
                    sizes.append(float(operands[1]))
    return sizes


def with_items(campaign: Campaign, count: int, extra: str) -> Campaign:
    """``count`` items made from the bundled ones, each heading lengthened by ``extra``."""
    items = []
    for index in range(count):
        base = campaign.items[index % len(campaign.items)]
        items.append(dataclasses.replace(base, number=index + 1, heading=base.heading + extra))
    return dataclasses.replace(campaign, items=tuple(items))


# --- the bundled leaflet ----------------------------------------------------


def test_two_a4_landscape_pages(leaflet: Path) -> None:
    with pikepdf.open(leaflet) as pdf:
        assert len(pdf.pages) == 2
        for page in pdf.pages:
            left, bottom, right, top = (float(v) for v in page.mediabox)
            assert (left, bottom) == (0, 0)
            assert right == pytest.approx(A4_LANDSCAPE[0], abs=0.01)
            assert top == pytest.approx(A4_LANDSCAPE[1], abs=0.01)


def test_every_heading_and_message_is_extractable_exactly(leaflet: Path, campaign: Campaign) -> None:
    text = extracted_text(leaflet)
    for item in campaign.items:
        assert item.heading in text, f"item {item.number}'s heading is not in the leaflet's text"
    for message in campaign.messages:
        assert message in text
    assert campaign.theme in text
    assert campaign.source.qr_caption in text  # the bundled source has a URL


def test_fonts_are_embedded_subset_be_vietnam_pro(leaflet: Path) -> None:
    output = subprocess.run(["pdffonts", str(leaflet)], capture_output=True, text=True, check=True).stdout
    rows = output.splitlines()[2:]
    assert rows, "no fonts at all"
    for row in rows:
        name, emb, sub, uni = row.split()[0], *row.split()[-5:-2]
        assert re.fullmatch(r"[A-Z]{6}\+BeVietnamPro-\w+", name), row
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row


def test_pdf_is_valid_deterministic_and_described(leaflet: Path, campaign: Campaign, fonts: FontBook) -> None:
    check = subprocess.run(["qpdf", "--check", str(leaflet)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert build_leaflet(campaign, fonts) == leaflet.read_bytes()
    with pikepdf.open(leaflet) as pdf:
        assert campaign.title in str(pdf.docinfo["/Title"])
        assert str(pdf.docinfo["/Author"]) == campaign.organisation
        # Landscape, panels side by side: the back must turn on the short edge.
        assert pdf.Root.ViewerPreferences.Duplex == pikepdf.Name.DuplexFlipShortEdge


def assert_clear_of_folds_and_edges(leaflet: Path) -> None:
    pages = words_by_page(leaflet)
    assert sorted(pages) == [1, 2]
    width, height = A4_LANDSCAPE
    safe = SAFE_MM * POINTS_PER_MM
    for page, words in pages.items():
        assert len(words) > 50
        for text, x0, y0, x1, y1 in words:
            where = f"page {page}: '{text}' at x {x0 / POINTS_PER_MM:.1f}–{x1 / POINTS_PER_MM:.1f} mm"
            assert x0 >= safe and x1 <= width - safe and y0 >= safe and y1 <= height - safe, where
            for fold in FOLDS_MM[page]:
                x = fold * POINTS_PER_MM
                assert x1 <= x - safe or x0 >= x + safe, f"{where} is within {SAFE_MM:g} mm of the fold at {fold:g} mm"


def test_no_word_near_a_fold_or_the_paper_edge(leaflet: Path) -> None:
    assert_clear_of_folds_and_edges(leaflet)


def test_fold_marks_at_the_folds_and_nothing_else_in_the_margin(leaflet: Path, tmp_path: Path) -> None:
    dpi = 150
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(leaflet), str(tmp_path / "page")], check=True)
    px = lambda mm: round(mm / 25.4 * dpi)  # noqa: E731
    for page in (1, 2):
        with Image.open(tmp_path / f"page-{page}.png") as image:
            image = image.convert("L")
            width, height = image.size
            strips = {"top": range(px(0.5), px(MARK_MM - 0.5)), "bottom": range(height - px(MARK_MM - 0.5), height - px(0.5))}
            folds = [px(fold) for fold in FOLDS_MM[page]]
            for edge, rows in strips.items():
                dark = {x for y in rows for x in range(width) if image.getpixel((x, y)) < 160}
                for fold in folds:
                    assert any(abs(x - fold) <= px(0.5) for x in dark), f"page {page}: no fold mark at the {edge}, x {fold}"
                stray = sorted(x for x in dark if all(abs(x - fold) > px(1.0) for fold in folds))
                assert not stray, f"page {page}: something dark in the {edge} margin at x {stray[:5]} px"


def test_no_text_below_the_minimum_size(leaflet: Path) -> None:
    """The handout minimum of flashgen/data/media.yaml (9 pt) for any text, labels and notes included."""
    assert min(font_sizes(leaflet)) >= medium("handout").body


# --- other content ------------------------------------------------------------


def test_thirty_long_items_fit_or_say_how_many_do(campaign: Campaign, fonts: FontBook, tmp_path: Path) -> None:
    long = with_items(campaign, 30, LONGER)
    try:
        data = build_leaflet(long, fonts)
    except FlashgenError as error:
        assert re.search(r"room for \d+ of the 30 items", str(error)), str(error)
        return
    path = write(tmp_path, data)
    text = extracted_text(path)
    for item in long.items:
        assert item.heading in text
    assert min(font_sizes(path)) >= medium("handout").body


def test_far_too_much_content_is_an_error_not_an_overflow(campaign: Campaign, fonts: FontBook) -> None:
    huge = with_items(campaign, 30, LONGER * 6)
    with pytest.raises(FlashgenError, match=r"room for \d+ of the 30 items") as caught:
        build_leaflet(huge, fonts)
    fitting = int(re.search(r"room for (\d+) of", str(caught.value)).group(1))
    assert 0 < fitting < 30


def test_too_many_messages_is_an_error(campaign: Campaign, fonts: FontBook) -> None:
    chatty = dataclasses.replace(campaign, messages=campaign.messages * 4)
    with pytest.raises(FlashgenError, match=r"room for \d+ of the 36 messages"):
        build_leaflet(chatty, fonts)


def test_three_items_without_summaries_messages_or_url(campaign: Campaign, fonts: FontBook, tmp_path: Path) -> None:
    items = tuple(dataclasses.replace(item, from_text="", to_text="") for item in campaign.items[:3])
    bare = dataclasses.replace(campaign, items=items, messages=(), source=dataclasses.replace(campaign.source, url=""))
    path = write(tmp_path, build_leaflet(bare, fonts))
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) == 2
    text = extracted_text(path)
    for item in items:
        assert item.heading in text
    assert "Thông điệp truyền thông" not in text
    assert "Quét mã" not in text
    # Without summaries the labels appear only in the legend, not once per item.
    assert text.count(campaign.compare.to_label) <= 3


# --- themes -------------------------------------------------------------------


def mm_to_px(mm: float, dpi: int) -> int:
    return round(mm / 25.4 * dpi)


@pytest.fixture(scope="module")
def themed(campaign: Campaign, fonts: FontBook, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The leaflet in the theme "do" and in the test theme with a logo, organisation and footer."""
    folder = tmp_path_factory.mktemp("themed-leaflet")
    paths = {"do": folder / "do.pdf", "logo": folder / "logo.pdf"}
    paths["do"].write_bytes(build_leaflet(campaign, fonts, do_theme()))
    paths["logo"].write_bytes(build_leaflet(campaign, fonts, logo_theme()))
    return paths


def test_theme_do_colours_the_cover_and_sets_noto_serif(leaflet: Path, themed: dict[str, Path], tmp_path: Path) -> None:
    dpi = 50
    cover = (mm_to_px(210, dpi), mm_to_px(60, dpi), mm_to_px(285, dpi), mm_to_px(200, dpi))  # inside the front panel
    assert dominant_colour(page_image(leaflet, 1, dpi, tmp_path), cover) == NAVY
    primary = rgb(do_theme().colour("primary"))
    assert close(dominant_colour(page_image(themed["do"], 1, dpi, tmp_path), cover), primary, 2)
    inside = page_image(themed["do"], 2, dpi, tmp_path)  # the header block and the number badges
    assert colour_count(inside, primary, 8) > 1000 and colour_count(inside, NAVY, 30) == 0
    assert embedded_fonts(themed["do"]) >= {"NotoSerif-Regular", "NotoSerif-Bold", "NotoSerif-Black"}
    assert all(name.startswith("NotoSerif-") for name in embedded_fonts(themed["do"]))
    assert min(font_sizes(themed["do"])) >= 6.5


def test_theme_logo_organisation_and_footer(leaflet: Path, themed: dict[str, Path], tmp_path: Path) -> None:
    dpi = 100
    page = page_image(themed["logo"], 1, dpi, tmp_path)
    cover_top = (mm_to_px(197, dpi), 0, page.width, mm_to_px(40, dpi))
    assert logo_pixel_count(page, cover_top) > 1500  # a 22 × 11 mm logo on its tile
    assert logo_pixel_count(page) == logo_pixel_count(page, cover_top)
    assert logo_pixel_count(page_image(leaflet, 1, dpi, tmp_path)) == 0
    text = extracted_text(themed["logo"])
    assert ORGANISATION in text and FOOTER in text
    assert FOOTER not in extracted_text(leaflet)
    # The footer line runs along the foot of the back panel, clear of the folds and the paper edge.
    back = (97 * POINTS_PER_MM, 197 * POINTS_PER_MM)
    foot = [w for w in words_by_page(themed["logo"])[1] if w[2] > 190 * POINTS_PER_MM and back[0] < w[1] < back[1]]
    assert " ".join(w[0] for w in foot) == FOOTER
    assert all(x1 < back[1] for _, _, _, x1, _ in foot)
    assert_clear_of_folds_and_edges(themed["logo"])


def test_build_makes_the_leaflet_in_the_chosen_theme(data_dir: Path, tmp_path: Path) -> None:
    """The theme reaches the leaflet through the build's worker processes."""
    out = tmp_path / "out"
    build(BuildOptions(content=data_dir / "minimal.yaml", out_dir=out, products=("leaflet",), theme=find_theme("do"),
                       jobs=2))
    assert all(font.startswith("NotoSerif-") for font in embedded_fonts(out / "leaflet" / "leaflet-a4.pdf"))


def test_a_character_the_font_cannot_draw_is_refused(campaign: Campaign, fonts: FontBook) -> None:
    """reportlab would print an empty box; the leaflet names the place instead."""
    messages = (*campaign.messages[:-1], campaign.messages[-1] + " Ж")
    with pytest.raises(FlashgenError) as error:
        build_leaflet(dataclasses.replace(campaign, messages=messages), fonts)
    assert f"messages, entry {len(messages)}: the leaflet font" in error.value.message
    assert "'Ж' (U+0416)" in error.value.message
