"""Printed decks as files: sheets, backs in the PDF, fonts, text, determinism, calibration."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pytest

from flashgen.build import build
from flashgen.load.presets import load_presets
from flashgen.options import BuildOptions, PrintOptions
from flashgen.pdf.decks import CardPages, printed_sides
from flashgen.pdf.impose import plan_sheet
from tests.conftest import DATA

PT = 72 / 25.4
PRESETS = load_presets()


@pytest.fixture(scope="module")
def office_deck(default_build) -> Path:
    return default_build.manifest.parent / "print" / "a6-on-a4.pdf"


def _text(path: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_office_deck_is_a4_front_then_back(office_deck, campaign):
    with pikepdf.open(office_deck) as pdf:
        assert len(pdf.pages) == 2 * 5  # 17 cards, 4 a sheet
        for page in pdf.pages:
            assert [float(v) for v in page.mediabox] == pytest.approx([0, 0, 595.276, 841.89], abs=0.01)
        assert pdf.Root.ViewerPreferences.Duplex == pikepdf.Name.DuplexFlipLongEdge
    first_front = re.sub(r"\s+", " ", _text(office_deck, "-f", "1", "-l", "1"))
    first_back = re.sub(r"\s+", " ", _text(office_deck, "-f", "2", "-l", "2"))
    for item in campaign.items[:4]:
        assert item.heading in first_front
        assert item.from_text in first_back and item.to_text in first_back


def _placements(page: pikepdf.Page) -> dict[str, tuple[float, ...]]:
    """The cm matrix each card form is drawn with."""
    found, matrix = {}, None
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "cm":
            matrix = tuple(float(v) for v in operands)
        elif str(operator) == "Do":
            found[str(operands[0])[1:]] = matrix
    return found


def test_backs_in_the_pdf_follow_the_plan(office_deck):
    card, sheet = PRESETS.card_size("a6"), PRESETS.sheet("a4")
    plan = plan_sheet(card, sheet, PRESETS.grid(card, sheet))
    with pikepdf.open(office_deck) as pdf:
        backs = _placements(pdf.pages[1])
    expected = plan.backs("long")
    width, height = card.trim_mm
    for slot, item in enumerate((1, 2, 3, 4)):
        matrix = backs[f"C{item}b"]
        # Trim corners in the form's own space (points, origin at the bleed corner), onto the sheet, in mm.
        corners = [
            (((card.bleed_mm + u) * PT), ((card.bleed_mm + v) * PT)) for u, v in ((0, 0), (width, height))
        ]
        placed = [
            ((matrix[0] * x + matrix[2] * y + matrix[4]) / PT, (matrix[1] * x + matrix[3] * y + matrix[5]) / PT)
            for x, y in corners
        ]
        box = (min(p[0] for p in placed), min(p[1] for p in placed), max(p[0] for p in placed), max(p[1] for p in placed))
        assert box == pytest.approx(expected[slot].box(width, height), abs=1e-3)
        # and that is the mirrored column of its front
        front_left, _, front_right, _ = plan.fronts[slot].box(width, height)
        assert (box[0] + box[2]) / 2 == pytest.approx(sheet.width_mm - (front_left + front_right) / 2, abs=1e-3)


def test_fonts_embedded_and_file_checks(office_deck):
    listing = subprocess.run(["pdffonts", str(office_deck)], capture_output=True, text=True, check=True).stdout
    for row in listing.splitlines()[2:]:
        assert row.split()[-5:-2] == ["yes", "yes", "yes"], row
    subprocess.run(["qpdf", "--check", str(office_deck)], check=True, capture_output=True)


@pytest.mark.parametrize("name", ["print/a6-on-a4.pdf", "flashcards/flashcards-a6.pdf"])
def test_each_font_is_embedded_once_per_deck(default_build, name):
    """All 34 card sides share one subset per face (cairo writes a face as at most a simple and a CID font)."""
    deck = default_build.manifest.parent / name
    listing = subprocess.run(["pdffonts", str(deck)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    faces = {row.split()[0].split("+", 1)[1] for row in rows}
    kinds = [(row.split()[0].split("+", 1)[1], "CID" in row) for row in rows]
    assert len(kinds) == len(set(kinds)) <= 2 * len(faces) <= 2 * 7, listing
    assert deck.stat().st_size < 400_000


def test_print_command_options_reach_the_deck(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1678320000")
    printing = PrintOptions(card="poker", sheet="letter", flip="short", back_offset_mm=(1.0, -0.5))
    options = BuildOptions(content=DATA / "minimal.yaml", out_dir=tmp_path / "one", products=("print",), printing=printing)
    first = build(options)
    again = build(BuildOptions(**{**options.__dict__, "out_dir": tmp_path / "two"}))
    assert [(f.path, f.sha256) for f in first.files] == [(f.path, f.sha256) for f in again.files]
    assert sorted(f.path for f in first.files) == ["print/duplex-calibration-letter.pdf", "print/poker-on-letter.pdf"]
    with pikepdf.open(tmp_path / "one" / "print" / "poker-on-letter.pdf") as pdf:
        assert len(pdf.pages) == 2
        assert float(pdf.pages[0].mediabox[2]) == pytest.approx(8.5 * 72, abs=0.01)
        assert pdf.Root.ViewerPreferences.Duplex == pikepdf.Name.DuplexFlipShortEdge
        card, sheet = PRESETS.card_size("poker"), PRESETS.sheet("letter")
        plan = plan_sheet(card, sheet, PRESETS.grid(card, sheet))
        back = _placements(pdf.pages[1])["C1b"]
        expected = plan.backs("short", (1.0, -0.5))[0].matrix
        # same linear part (a 180° turn for short-edge backs) and the same origin, in points
        assert back[:4] == pytest.approx(expected[:4], abs=1e-4)


def test_calibration_sheet(default_build):
    path = default_build.manifest.parent / "print" / "duplex-calibration-a4.pdf"
    text = re.sub(r"\s+", " ", _text(path))
    assert "MẶT TRƯỚC" in text and "MẶT SAU" in text and "--back-offset" in text
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) == 2
        assert pdf.Root.ViewerPreferences.Duplex == pikepdf.Name.DuplexFlipLongEdge
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert all("BeVietnamPro" in row and row.split()[-5:-2] == ["yes", "yes", "yes"] for row in listing.splitlines()[2:])


def test_print_shop_crop_marks_sit_outside_the_bleed(default_build):
    path = default_build.manifest.parent / "flashcards" / "flashcards-a6.pdf"
    with pikepdf.open(path) as pdf:
        page = pdf.pages[0]
        bleed = [float(v) for v in page.obj.BleedBox]
        segments = []
        numbers: list[float] = []
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) in ("m", "l"):
                numbers += [float(v) for v in operands]
                if str(operator) == "l":
                    segments.append(tuple(numbers[-4:]))
    assert len(segments) == 8
    for x1, y1, x2, y2 in segments:
        for x, y in ((x1, y1), (x2, y2)):
            outside = x < bleed[0] - 0.5 or x > bleed[2] + 0.5 or y < bleed[1] - 0.5 or y > bleed[3] + 0.5
            assert outside, (x, y, bleed)


def test_card_pages_of_one_sided_cards():
    """A card without a back page has back None; a deck is printed one-sided only when no card has a back."""
    pages = CardPages.of([(1, "front"), (2, "front"), (2, "back"), (3, "front")])
    assert pages == [CardPages(1, 0, None), CardPages(2, 1, 2), CardPages(3, 3, None)]
    assert printed_sides(pages) == "long"
    assert printed_sides([CardPages(1, 0, None), CardPages(3, 1, None)]) == "simplex"


def test_a_window_of_a_page_is_that_part_enlarged_to_the_new_page():
    """window_pdf: what the posters of every paper are cut from (one drawing, each paper a window of it)."""
    import io

    import pypdfium2
    from PIL import Image

    from flashgen.pdf.decks import PT, window_pdf
    from flashgen.render import draw as render

    # A 100 × 100 mm page: white, a black square from 20 to 40 mm (x) and 60 to 80 mm from the top (y).
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" width="100mm" height="100mm" viewBox="0 0 100 100">'
           b'<rect width="100" height="100" fill="#fff"/><rect x="20" y="60" width="20" height="20" fill="#000"/></svg>')
    source = render.render_pdf(svg)
    # The window from 10 mm to 50 mm across and 10 mm to 50 mm up (the square sits in it), on a 160 mm page.
    window = window_pdf(source, (10.0, 10.0, 40.0, 40.0), (160.0, 160.0))
    with pikepdf.open(io.BytesIO(window)) as pdf:
        assert len(pdf.pages) == 1 and [float(v) for v in pdf.pages[0].mediabox] == pytest.approx([0, 0, 160 * PT, 160 * PT])
    page = pypdfium2.PdfDocument(window)[0]
    image: Image.Image = page.render(scale=1 / PT).to_pil().convert("L")  # one pixel a millimetre
    dark = image.point(lambda v: 255 if v < 128 else 0).getbbox()
    # The square (x 20–40, 20–40 mm up) is 10–30 mm into the window, enlarged 4 times: 40–120 mm, from the top.
    assert dark is not None and [round(v) for v in dark] == [40, 40, 120, 120]
