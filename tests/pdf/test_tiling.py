"""Tiling a poster over office sheets: the plan's geometry, the sheets as printed, and the reassembled poster."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pikepdf
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops
from reportlab.pdfgen.canvas import Canvas

from flashgen.errors import FlashgenError
from flashgen.load.presets import Sheet
from flashgen.pdf.decks import PT
from flashgen.pdf.kit import DocInfo, font_name
from flashgen.pdf.tiling import (
    TILING_FILE,
    SheetFaces,
    load_rules,
    note_lines,
    plan_tiles,
    poster_size_mm,
    read_rules,
    tiled_pdf,
)

A4 = Sheet("a4", "A4 (210 × 297 mm)", 210.0, 297.0)
A3 = Sheet("a3", "A3 (297 × 420 mm)", 297.0, 420.0)
A2_MM = (420.0, 594.0)
PX_PER_MM = 2  # rendered at 50.8 dpi: every millimetre is two pixels
INFO = DocInfo("Áp phích thử", "flashgen", "thử ghép tờ", "")


def _poster(fonts, size_mm=A2_MM) -> bytes:
    """A test poster: colour bands, a grid of numbered squares and Vietnamese words, so a misplaced piece shows."""
    buffer = io.BytesIO()
    width, height = size_mm[0] * PT, size_mm[1] * PT
    canvas = Canvas(buffer, pagesize=(width, height), invariant=1, initialFontName=font_name(fonts))
    canvas.setFillColorRGB(0.05, 0.15, 0.4)
    canvas.rect(0, height - 120 * PT, width, 120 * PT, stroke=0, fill=1)
    for index, y in enumerate(range(0, int(size_mm[1]) - 120, 37)):
        for x in range(0, int(size_mm[0]), 41):
            canvas.setFillColorRGB((x % 7) / 7, (y % 5) / 5, (index % 3) / 3)
            canvas.rect(x * PT, y * PT, 29 * PT, 23 * PT, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setFont(font_name(fonts, 700), 90)
    canvas.drawString(20 * PT, height - 80 * PT, "Chuyển đổi số toàn diện")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@pytest.fixture(scope="module")
def poster(fonts) -> bytes:
    return _poster(fonts)


@pytest.fixture(scope="module")
def tiled(poster, fonts) -> tuple[bytes, object]:
    plan = plan_tiles(poster_size_mm(poster), A4, load_rules())
    return tiled_pdf(poster, plan, fonts, INFO, "A2 (420 × 594 mm)"), plan


def _render(data: bytes, folder: Path, name: str) -> list[Image.Image]:
    path = folder / f"{name}.pdf"
    path.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", f"{25.4 * PX_PER_MM}", str(path), str(folder / name)], check=True)
    return [Image.open(p).convert("RGB") for p in sorted(folder.glob(f"{name}-*.png"))]


def _px(mm: float) -> int:
    return round(mm * PX_PER_MM)


# --- the plan ---------------------------------------------------------------------------------------------------


def test_a2_on_a4_takes_eight_sheets_turned():
    plan = plan_tiles(A2_MM, A4, load_rules())
    assert (plan.columns, plan.rows, plan.landscape, plan.count) == (2, 4, True, 8)
    assert plan.paper_mm == (297.0, 210.0)
    assert [(t.row, t.column) for t in plan.tiles[:3]] == [(0, 0), (0, 1), (1, 0)]


def test_a_poster_that_fits_one_sheet_is_one_sheet():
    plan = plan_tiles((150.0, 200.0), A4, load_rules())
    assert plan.count == 1 and plan.tiles[0].source == (0.0, 0.0, 150.0, 200.0)


@settings(max_examples=200, deadline=None)
@given(width=st.floats(20, 6000), height=st.floats(20, 6000), sheet=st.sampled_from([A4, A3]))
def test_the_pieces_cover_the_poster_with_the_overlap_inside_the_printable_area(width, height, sheet):
    rules = load_rules()
    plan = plan_tiles((width, height), sheet, rules)
    paper = plan.paper_mm
    margin = rules.printer_margin_mm
    lefts = sorted({t.source[0] for t in plan.tiles})
    tops = sorted({t.source[3] for t in plan.tiles}, reverse=True)
    assert (len(lefts), len(tops)) == (plan.columns, plan.rows)
    for tile in plan.tiles:
        left, bottom, right, top = tile.box
        # The piece and its marks are inside the printable area; the notes fit under it.
        assert left - rules.mark_zone_mm >= margin - 1e-6 and right + rules.mark_zone_mm <= paper[0] - margin + 1e-6
        assert top + rules.mark_zone_mm <= paper[1] - margin + 1e-6
        assert bottom - rules.info_band_mm >= margin - 1e-6
        assert right - left == pytest.approx(tile.source[2] - tile.source[0])
        assert top - bottom == pytest.approx(tile.source[3] - tile.source[1])
    first, last = plan.tiles[0], plan.tiles[-1]
    assert first.source[0] == pytest.approx(0) and first.source[3] == pytest.approx(height)
    assert last.source[2] == pytest.approx(width) and last.source[1] == pytest.approx(0, abs=1e-6)
    if plan.columns > 1:  # neighbours share exactly the overlap
        assert plan.tiles[0].source[2] - plan.tiles[1].source[0] == pytest.approx(rules.overlap_mm)
    if plan.rows > 1:
        assert plan.tiles[plan.columns].source[3] - plan.tiles[0].source[1] == pytest.approx(rules.overlap_mm)
    # No fewer sheets in the other orientation.
    turned = Sheet(sheet.name, sheet.label, sheet.height_mm, sheet.width_mm)
    assert plan.count <= plan_tiles((width, height), turned, rules).count


@pytest.mark.parametrize("poster", [(297.0, 420.0), A2_MM, (594.0, 841.0), (841.0, 1189.0), (800.0, 5000.0),
                                    (5000.0, 800.0), (2000.0, 800.0), (150.0, 1000.0)])
@pytest.mark.parametrize("sheet", [A4, A3])
def test_the_notes_fit_between_the_piece_and_the_printers_margin(fonts, poster, sheet):
    rules = load_rules()
    plan = plan_tiles(poster, sheet, rules)
    for tile in (plan.tiles[0], plan.tiles[-1]):
        notes = note_lines(tile, plan, rules, SheetFaces(font_name(fonts, 400), font_name(fonts, 700)), "A2 (420 × 594 mm)")
        assert notes.bottom >= rules.printer_margin_mm, (poster, sheet.name, notes)
        assert notes.top <= tile.box[1] - rules.mark_gap_mm - rules.mark_length_mm
        assert len(notes.lines) >= 2 and notes.size >= 5


def test_a_sheet_too_small_for_the_margins_is_refused():
    with pytest.raises(FlashgenError, match="too small for tiling") as caught:
        plan_tiles(A2_MM, Sheet("tiny", "Tiny", 40.0, 40.0), load_rules())
    assert caught.value.code == "tile-sheet"


# --- the rules file ---------------------------------------------------------------------------------------------


def test_the_bundled_rules_read():
    rules = read_rules()
    assert rules.default_sheet == "a4" and rules.overlap_mm == 10 and rules.printer_margin_mm >= 3


@settings(max_examples=60, deadline=None)
@given(key=st.sampled_from(["overlap_mm", "printer_margin_mm", "sheets", "default_sheet", "label", "nothing"]),
       value=st.one_of(st.none(), st.booleans(), st.integers(-5000, 5000), st.floats(allow_nan=True),
                       st.text(max_size=20), st.lists(st.text(max_size=5), max_size=3)))
def test_a_changed_rules_file_reads_or_names_the_key(tmp_path_factory, key, value):
    document = yaml.safe_load(TILING_FILE.read_text(encoding="utf-8"))
    document[key] = value
    path = tmp_path_factory.mktemp("rules") / "tiling.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    try:
        rules = read_rules(path)
    except FlashgenError as problem:
        assert problem.code in ("tiling-data", "yaml") or str(path) in problem.message
        assert key in problem.message or problem.code != "tiling-data"
    else:
        assert 0 <= rules.overlap_mm < 1000 and rules.default_sheet in rules.sheets


# --- the sheets as printed --------------------------------------------------------------------------------------


def test_the_sheets_are_the_paper_with_vector_text(tiled, tmp_path):
    data, plan = tiled
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 8
        for page in pdf.pages:
            assert [float(v) for v in page.MediaBox] == pytest.approx([0, 0, 297 * PT, 210 * PT])
            assert len(page.Resources.XObject.keys()) == 1  # the poster, once, as a form
    path = tmp_path / "tiled.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Tờ 1/8 · hàng 1/4, cột 1/2" in text
    assert "Chuyển đổi" in text  # the poster's own words stay text
    assert "A2 (420 × 594 mm)" in text and "8 tờ A4" in text


def test_the_same_poster_gives_the_same_bytes(poster, tiled, fonts):
    data, plan = tiled
    assert tiled_pdf(poster, plan, fonts, INFO, "A2 (420 × 594 mm)") == data


def test_nothing_is_printed_in_the_printers_margin(tiled, tmp_path):
    data, plan = tiled
    margin = _px(load_rules().printer_margin_mm) - 1
    for number, sheet in enumerate(_render(data, tmp_path, "sheet"), start=1):
        width, height = sheet.size
        for box in ((0, 0, width, margin), (0, height - margin, width, height), (0, 0, margin, height),
                    (width - margin, 0, width, height)):
            assert sheet.crop(box).getextrema() == ((255, 255),) * 3, f"sheet {number}, strip {box}"


def _assert_reassembles(poster: bytes, data: bytes, plan, folder: Path) -> None:  # type: ignore[no-untyped-def]
    """Each sheet's piece cut out at its cut marks and laid at its place, later sheets over earlier ones,
    gives the poster: under 0.5 % of the pixels differ visibly (anti-aliased edges), on average by under 1.5."""
    (whole,) = _render(poster, folder, "poster")
    sheets = _render(data, folder, "sheet")
    assert len(sheets) == plan.count
    assembled = Image.new("RGB", whole.size, "white")
    paper_height = plan.paper_mm[1]
    for tile, sheet in zip(plan.tiles, sheets):
        left, bottom, right, top = tile.box
        # The cut marks are where the piece's edges are: dark pixels in line with each corner, outside the piece.
        mark_x, mark_y = _px(left), _px(paper_height - top - 3)
        assert min(sheet.getpixel((mark_x + dx, mark_y))[0] for dx in (-1, 0, 1)) < 128, f"sheet {tile.number}"
        piece = sheet.crop((_px(left), _px(paper_height - top), _px(right), _px(paper_height - bottom)))
        assembled.paste(piece, (_px(tile.source[0]), _px(plan.poster_mm[1] - tile.source[3])))
    difference = ImageChops.difference(whole, assembled).convert("L")
    histogram = difference.histogram()
    total = whole.size[0] * whole.size[1]
    off = sum(histogram[40:])  # pixels that differ visibly
    assert off / total < 0.005, f"{off} of {total} pixels differ by more than 40"
    mean = sum(level * count for level, count in enumerate(histogram)) / total
    assert mean < 1.5


def test_the_sheets_reassembled_reproduce_the_poster(poster, tiled, tmp_path):
    data, plan = tiled
    _assert_reassembles(poster, data, plan, tmp_path)


def test_a_poster_page_with_a_trim_box_is_tiled_by_its_trim(fonts):
    """A print-shop poster (bleed around its trim) is tiled as it is cut: the size and origin are its TrimBox's."""
    with pikepdf.open(io.BytesIO(_poster(fonts, (426.0, 600.0)))) as pdf:
        pdf.pages[0].obj.TrimBox = pikepdf.Array([3 * PT, 3 * PT, 423 * PT, 597 * PT])
        buffer = io.BytesIO()
        pdf.save(buffer)
    size = poster_size_mm(buffer.getvalue())
    assert size == pytest.approx(A2_MM)
    plan = plan_tiles(size, A4, load_rules())
    with pikepdf.open(io.BytesIO(tiled_pdf(buffer.getvalue(), plan, fonts, INFO))) as tiled:
        first = tiled.pages[0].Contents.read_bytes() if isinstance(tiled.pages[0].Contents, pikepdf.Stream) else \
            b"".join(s.read_bytes() for s in tiled.pages[0].Contents)
    dx = (plan.tiles[0].offset[0] - 3) * PT
    assert f"1 0 0 1 {dx:.4f}".encode() in first


# --- the product ------------------------------------------------------------------------------------------------


def test_the_default_build_tiles_the_a2_poster_on_a4(default_build, tmp_path):
    out = default_build.manifest.parent
    tiled = [f for f in default_build.files if f.product == "tiled"]
    assert sorted(f.path for f in tiled) == ["tiled/poster-comparison-a2-on-a4.pdf", "tiled/poster-list-a2-on-a4.pdf"]
    assert all((f.width_mm, f.height_mm, f.size) == (297.0, 210.0, "a2-on-a4-landscape") for f in tiled)
    with pikepdf.open(out / "tiled" / "poster-list-a2-on-a4.pdf") as pdf:
        assert len(pdf.pages) == 8
        assert "A2 trên 8 tờ A4" in str(pdf.docinfo["/Title"])
    assert "Tiled poster" in (out / "index.html").read_text(encoding="utf-8")  # the label in English (tests)
    # The bundled poster itself, reassembled from its sheets.
    poster = (out / "infographic" / "poster-list-a2.pdf").read_bytes()
    plan = plan_tiles(poster_size_mm(poster), A4, load_rules())
    _assert_reassembles(poster, (out / "tiled" / "poster-list-a2-on-a4.pdf").read_bytes(), plan, tmp_path)


def test_a_banner_in_large_units_is_tiled_at_its_real_size(fonts, tmp_path):
    """A 0.8 × 5 m banner is wider than PDF's 200 inches: written with /UserUnit 10, tiled at full size."""
    with pikepdf.open(io.BytesIO(_poster(fonts, (500.0, 80.0)))) as pdf:
        pdf.pages[0].obj.UserUnit = 10
        buffer = io.BytesIO()
        pdf.save(buffer)
    assert poster_size_mm(buffer.getvalue()) == pytest.approx((5000.0, 800.0))
    plan = plan_tiles((5000.0, 800.0), A4, load_rules())
    assert (plan.columns, plan.rows, plan.landscape) == (19, 5, True)
    with pikepdf.open(io.BytesIO(tiled_pdf(buffer.getvalue(), plan, fonts, INFO))) as tiled:
        form = tiled.pages[0].Resources.XObject["/FlashgenPoster"]
        assert [float(v) for v in form.Matrix] == pytest.approx([10, 0, 0, 10, 0, 0])
        assert len(tiled.pages) == plan.count


def test_a_turned_poster_page_is_refused(fonts):
    with pikepdf.open(io.BytesIO(_poster(fonts))) as pdf:
        pdf.pages[0].obj.Rotate = 90
        buffer = io.BytesIO()
        pdf.save(buffer)
    with pytest.raises(FlashgenError, match="turned") as caught:
        poster_size_mm(buffer.getvalue())
    assert caught.value.code == "tile-rotated"
