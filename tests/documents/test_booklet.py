"""The printable handout: page size, exact Vietnamese text, fonts, determinism, QR code, margins, themes."""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from flashgen.build import build
from flashgen.documents.booklet import build_booklet
from flashgen.errors import FlashgenError
from flashgen.load.content import Campaign, Compare
from flashgen.load.fonts import FontBook
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

MM = 72 / 25.4
PAGE_SIZES = {"A4": (595.28, 841.89), "A5": (419.53, 595.28)}
MIN_EDGE_MM = 10


@pytest.fixture(scope="module")
def booklets(fonts: FontBook, campaign: Campaign, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The bundled campaign's booklet in both sizes, built once for the module."""
    folder = tmp_path_factory.mktemp("booklet")
    paths = {}
    for page in PAGE_SIZES:
        paths[page] = folder / f"booklet-{page}.pdf"
        paths[page].write_bytes(build_booklet(campaign, fonts, page))
    return paths


def _run(*command: str | Path) -> str:
    return subprocess.run([str(part) for part in command], check=True, capture_output=True, text=True).stdout


def _flat(text: str) -> str:
    """Whitespace collapsed (line ends, justification, non-breaking spaces all become one space)."""
    return " ".join(text.split())


@pytest.mark.parametrize("page", PAGE_SIZES)
def test_page_size_and_count(booklets: dict[str, Path], page: str) -> None:
    with pikepdf.open(booklets[page]) as pdf:
        assert len(pdf.pages) > 5
        for each in pdf.pages:
            width, height = (float(v) for v in each.mediabox[2:])
            assert (round(width, 2), round(height, 2)) == PAGE_SIZES[page]


def _pages_without_footer(path: Path, title: str) -> tuple[str, list[str]]:
    """The text of every page with the running footer lines taken out, and those footer lines.

    A paragraph that runs over a page break must read on exactly, so the
    footer ("17 điểm … Trang 3 / 8") has to go before pages are joined.
    """
    footer = re.compile(rf"^(Trang \d+ / \d+)?\s*({re.escape(title)})?\s*(Trang \d+ / \d+)?$")
    pages = _run("pdftotext", "-enc", "UTF-8", path, "-").split("\f")
    kept, footers = [pages[0]], []
    for page in pages[1:]:
        for line in page.splitlines():
            (footers if line.strip() and footer.match(line.strip()) else kept).append(line)
    return _flat(" ".join(kept)), footers


@pytest.mark.parametrize("page", PAGE_SIZES)
def test_text_is_extractable_verbatim(booklets: dict[str, Path], campaign: Campaign, page: str) -> None:
    text, footers = _pages_without_footer(booklets[page], campaign.title)
    for item in campaign.items:
        assert item.heading in text, f"heading of point {item.number}"
        assert item.text in text, f"paragraph of point {item.number}"
        assert item.from_text in text and item.to_text in text, f"summary of point {item.number}"
    for message in campaign.messages:
        assert message in text
    for value in (campaign.title, campaign.subtitle, campaign.source.title, campaign.source.speaker, campaign.source.letter):
        assert value in text
    assert f"CHỦ ĐỀ NĂM {campaign.year} {campaign.theme}" in text
    # The URL is broken over lines after its slashes and hyphens: compare without white space.
    assert campaign.source.url in "".join(text.split())
    assert "\u00ad" not in text, "no soft hyphens"
    # Every page after the cover has the footer, numbered out of the total.
    total = len(_run("pdftotext", booklets[page], "-").split("\f")) - 1
    numbers = [int(n) for line in footers for n in re.findall(rf"Trang (\d+) / {total}\b", line)]
    assert numbers == list(range(2, total + 1))


@pytest.mark.parametrize("page", PAGE_SIZES)
def test_only_bundled_fonts_embedded_subset_with_tounicode(booklets: dict[str, Path], page: str) -> None:
    rows = _run("pdffonts", booklets[page]).splitlines()[2:]
    assert len(rows) >= 3
    for row in rows:
        name, *_, emb, sub, uni, _obj, _gen = row.split()
        assert "BeVietnamPro" in name, row
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row


@pytest.mark.parametrize("page", PAGE_SIZES)
def test_qpdf_check_passes(booklets: dict[str, Path], page: str) -> None:
    result = subprocess.run(["qpdf", "--check", str(booklets[page])], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


def test_same_input_gives_same_bytes(fonts: FontBook, campaign: Campaign, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert build_booklet(campaign, fonts, "A5") == build_booklet(campaign, fonts, "A5")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1678320000")
    first = build_booklet(campaign, fonts, "A5")
    assert first == build_booklet(campaign, fonts, "A5")
    with pikepdf.open(io.BytesIO(first)) as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20230309")


def test_metadata_in_vietnamese_and_duplex_hint(booklets: dict[str, Path], campaign: Campaign) -> None:
    with pikepdf.open(booklets["A4"]) as pdf:
        assert str(pdf.docinfo["/Title"]) == f"Tài liệu: {campaign.title}"
        assert str(pdf.docinfo["/Author"]) == "Sở Thông tin và Truyền thông tỉnh Quảng Ninh"
        assert str(pdf.docinfo["/Subject"]) == campaign.source.title
        assert "#ChuyenDoiSo" in str(pdf.docinfo["/Keywords"])
        assert str(pdf.docinfo["/Creator"]) == "flashgen"
        assert pdf.Root.ViewerPreferences.Duplex == pikepdf.Name.DuplexFlipLongEdge


def _filled_rects(page: pikepdf.Page) -> list[tuple[float, float, float, float]]:
    """Every 're' rectangle on ``page`` as (x0, y0, x1, y1) in page space (q/Q/cm followed)."""
    ctm, stack, rects = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), [], []
    for operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name == "q":
            stack.append(ctm)
        elif name == "Q":
            ctm = stack.pop()
        elif name == "cm":
            a, b, c, d, e, f = (float(v) for v in operands)
            A, B, C, D, E, F = ctm
            ctm = (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)
        elif name == "re":
            x, y, w, h = (float(v) for v in operands)
            A, B, C, D, E, F = ctm
            corners = [(A * px + C * py + E, B * px + D * py + F) for px, py in ((x, y), (x + w, y + h))]
            (x0, y0), (x1, y1) = corners
            rects.append((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
    return rects


def _qr_modules(rects: list[tuple[float, float, float, float]]) -> tuple[float, list[tuple[float, float, float, float]]]:
    """The module size and the dark runs of the QR code: the many rectangles one module high."""
    heights = Counter(round(y1 - y0, 4) for _, y0, _, y1 in rects)
    module = heights.most_common(1)[0][0]
    return module, [r for r in rects if round(r[3] - r[1], 4) == module]


@pytest.mark.parametrize(("page", "min_mm"), [("A4", 25), ("A5", 22)])
def test_cover_has_a_scannable_qr_code(booklets: dict[str, Path], tmp_path: Path, page: str, min_mm: float) -> None:
    with pikepdf.open(booklets[page]) as pdf:
        cover = pdf.pages[0]
        rects = _filled_rects(cover)
        links = [str(a.A.URI) for a in cover.obj.get("/Annots", []) if a.get("/A") is not None]
    module, runs = _qr_modules(rects)
    assert len(runs) > 200 and module < 1 * MM
    x0, y0 = min(r[0] for r in runs), min(r[1] for r in runs)
    x1, y1 = max(r[2] for r in runs), max(r[3] for r in runs)
    assert abs((x1 - x0) - (y1 - y0)) < 0.01, "the code is square"
    # Its white square: at least the minimum size, 4 modules of quiet zone on each side.
    tiles = [t for t in rects if t[0] <= x0 and t[1] <= y0 and t[2] >= x1 and t[3] >= y1]
    assert tiles
    tile = min(tiles, key=lambda t: t[2] - t[0])
    assert tile[2] - tile[0] >= min_mm * MM
    assert min(x0 - tile[0], y0 - tile[1], tile[2] - x1, tile[3] - y1) >= 3.99 * module
    assert any("mic.gov.vn" in uri for uri in links), "the code is also a link"
    # Rendered: a white ring all round, black and white modules inside.
    _run("pdftoppm", "-r", "100", "-f", "1", "-l", "1", "-gray", "-png", "-singlefile", booklets[page], tmp_path / "cover")
    image = Image.open(tmp_path / "cover.png").convert("L")
    scale, top = 100 / 72, PAGE_SIZES[page][1]

    def pixels(x0: float, y0: float, x1: float, y1: float) -> list[int]:
        """Grey levels of the page rectangle (PDF points, origin bottom left)."""
        columns = range(round(x0 * scale), round(x1 * scale))
        rows = range(round((top - y1) * scale), round((top - y0) * scale))
        return [image.getpixel((x, y)) for x in columns for y in rows]

    margin, quiet = module, 3.5 * module
    ring = [
        *pixels(x0 - quiet, y0 - quiet, x1 + quiet, y0 - margin),
        *pixels(x0 - quiet, y1 + margin, x1 + quiet, y1 + quiet),
        *pixels(x0 - quiet, y0, x0 - margin, y1),
        *pixels(x1 + margin, y0, x1 + quiet, y1),
    ]
    assert ring and min(ring) > 200
    inside = pixels(x0, y0, x1, y1)
    assert 0.3 < sum(v < 128 for v in inside) / len(inside) < 0.7


@pytest.mark.parametrize("page", PAGE_SIZES)
def test_no_text_within_10_mm_of_the_paper_edge(booklets: dict[str, Path], page: str) -> None:
    html = _run("pdftotext", "-bbox", booklets[page], "-")
    width, height = PAGE_SIZES[page]
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S)
    assert len(pages) > 5
    edge = MIN_EDGE_MM * MM
    words = 0
    for number, (_, _, body) in enumerate(pages, start=1):
        for x_min, y_min, x_max, y_max, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', body
        ):
            words += 1
            box = float(x_min), float(y_min), float(x_max), float(y_max)
            assert box[0] >= edge and box[1] >= edge, f"page {number}: '{word}' at {box}"
            assert box[2] <= width - edge and box[3] <= height - edge, f"page {number}: '{word}' at {box}"
    assert words > 1000


def test_small_campaign_without_summaries_or_messages(fonts: FontBook, campaign: Campaign, tmp_path: Path) -> None:
    items = tuple(dataclasses.replace(item, from_text="", to_text="") for item in campaign.items[:3])
    small = dataclasses.replace(campaign, items=items, messages=(), compare=Compare())
    path = tmp_path / "small.pdf"
    path.write_bytes(build_booklet(small, fonts, "A5"))
    text = _flat(_run("pdftotext", "-enc", "UTF-8", path, "-"))
    assert all(item.heading in text and item.text in text for item in items)
    assert items[0].from_text == "" and campaign.items[0].from_text not in text
    assert "TÓM TẮT" not in text and "Thông điệp truyền thông" not in text
    assert "Nguồn" in text


def test_campaign_without_url_has_no_qr_code(fonts: FontBook, campaign: Campaign, tmp_path: Path) -> None:
    plain = dataclasses.replace(campaign, items=campaign.items[:2], source=dataclasses.replace(campaign.source, url=""))
    path = tmp_path / "plain.pdf"
    path.write_bytes(build_booklet(plain, fonts, "A4"))
    with pikepdf.open(path) as pdf:
        assert len(_filled_rects(pdf.pages[0])) < 20
        assert not any("/Annots" in page.obj for page in pdf.pages)
    text = _flat(_run("pdftotext", "-enc", "UTF-8", path, "-"))
    assert "Quét mã" not in text and "Đường dẫn" not in text
    assert plain.source.speaker in text


def test_characters_the_font_lacks_are_refused(fonts: FontBook, campaign: Campaign) -> None:
    first = dataclasses.replace(campaign.items[0], heading="Chuyển đổi số 🚀")
    broken = dataclasses.replace(campaign, items=(first, *campaign.items[1:]))
    with pytest.raises(FlashgenError, match=r"item 1, field 'heading'.*U\+1F680"):
        build_booklet(broken, fonts)


@pytest.mark.parametrize("page", ["A3", "a4", "Letter", ""])
def test_unknown_page_size_is_an_error(fonts: FontBook, campaign: Campaign, page: str) -> None:
    with pytest.raises(FlashgenError, match="A4, A5"):
        build_booklet(campaign, fonts, page)


# --------------------------------------------------------------------------- themes


@pytest.fixture(scope="module")
def themed(fonts: FontBook, campaign: Campaign, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The A5 booklet in the theme "do" and in the test theme with a logo, organisation and footer."""
    folder = tmp_path_factory.mktemp("themed-booklet")
    paths = {"do": folder / "do.pdf", "logo": folder / "logo.pdf"}
    paths["do"].write_bytes(build_booklet(campaign, fonts, "A5", do_theme()))
    paths["logo"].write_bytes(build_booklet(campaign, fonts, "A5", logo_theme()))
    return paths


def _cover_panel(image: Image.Image) -> tuple[int, int, int]:
    """The background of the cover's coloured panel (the top 60 % of the page, inside the margins)."""
    width, height = image.size
    return dominant_colour(image, (width // 8, height // 10, width * 5 // 8, height // 2))


def test_theme_do_colours_the_pages_and_sets_noto_serif(booklets: dict[str, Path], themed: dict[str, Path],
                                                         tmp_path: Path) -> None:
    assert _cover_panel(page_image(booklets["A5"], 1, 50, tmp_path)) == NAVY
    assert close(_cover_panel(page_image(themed["do"], 1, 50, tmp_path)), rgb(do_theme().colour("primary")), 2)
    # The point badges and headings of page 2 are in the primary colour too, and nothing is navy.
    page = page_image(themed["do"], 2, 50, tmp_path)
    assert colour_count(page, rgb(do_theme().colour("primary")), 8) > 100
    assert colour_count(page, NAVY, 30) == 0
    assert embedded_fonts(themed["do"]) >= {"NotoSerif-Regular", "NotoSerif-Bold", "NotoSerif-ExtraBold"}
    assert all(name.startswith("NotoSerif-") for name in embedded_fonts(themed["do"]))
    assert all(name.startswith("BeVietnamPro-") for name in embedded_fonts(booklets["A5"]))


def test_theme_logo_organisation_and_footer(booklets: dict[str, Path], themed: dict[str, Path], campaign: Campaign,
                                            tmp_path: Path) -> None:
    cover = page_image(themed["logo"], 1, 100, tmp_path)
    width, height = cover.size
    lower_left = (0, height // 2, width // 2, height)
    assert logo_pixel_count(cover, lower_left) > 1500  # the 28 × 11 mm box holds a 22 × 11 mm logo
    assert logo_pixel_count(cover) == logo_pixel_count(cover, lower_left)
    assert logo_pixel_count(page_image(booklets["A5"], 1, 100, tmp_path)) == 0
    pages = _run("pdftotext", "-enc", "UTF-8", themed["logo"], "-").split("\f")[:-1]
    assert ORGANISATION in _flat(pages[0]) and campaign.organisation in _flat(pages[0])
    # The footer line closes the last page, and only that one, above the running footer.
    assert [FOOTER in _flat(page) for page in pages] == [False] * (len(pages) - 1) + [True]
    last = _run("pdftotext", "-f", str(len(pages)), "-l", str(len(pages)), "-bbox", themed["logo"], "-")
    (y_min,) = {float(y) for y in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">Fanpage:', last)}
    page_height = PAGE_SIZES["A5"][1]
    assert page_height * 0.85 < y_min < page_height - 17 * MM
    assert FOOTER not in _run("pdftotext", "-enc", "UTF-8", booklets["A5"], "-")


def test_build_makes_the_booklet_in_the_chosen_theme(data_dir: Path, tmp_path: Path) -> None:
    """The theme reaches the booklet through the build's worker processes."""
    out = tmp_path / "out"
    build(BuildOptions(content=data_dir / "minimal.yaml", out_dir=out, products=("booklet",), theme=find_theme("do"),
                       jobs=2))
    for name in ("booklet-a4.pdf", "booklet-a5.pdf"):
        assert all(font.startswith("NotoSerif-") for font in embedded_fonts(out / "booklet" / name)), name
