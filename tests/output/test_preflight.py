"""Preflight (flashgen check --print): seeded defects in small PDFs are found; the bundled products are clean."""

from __future__ import annotations

import io
import json

import pikepdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from typer.testing import CliRunner

from flashgen import i18n
from flashgen.build import build
from flashgen.cli import app
from flashgen.errors import FlashgenError
from flashgen.options import BuildOptions
from flashgen.output import pdfcontent
from flashgen.output.manifest import read_manifest
from flashgen.output.preflight import (
    PreflightReport,
    PrintFinding,
    describe_preflight,
    preflight,
    preflight_pdf,
)
from flashgen.pdf.decks import PT
from flashgen.pdf.kit import font_name
from tests.conftest import DATA

A6 = (105 * PT, 148 * PT)


def _pdf(fonts, draw, pagesize=A6, boxes=None, font: str | None = None) -> bytes:
    """A one-page PDF drawn by ``draw(canvas, font)``, in an embedded font unless ``font`` names another."""
    buffer = io.BytesIO()
    font = font or font_name(fonts)
    canvas = Canvas(buffer, pagesize=pagesize, invariant=1, initialFontName=font)
    canvas.setFont(font, 10)
    draw(canvas, font)
    canvas.showPage()
    canvas.save()
    data = buffer.getvalue()
    if boxes:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            for key, box in boxes.items():
                pdf.pages[0].obj[key] = pikepdf.Array(box)
            out = io.BytesIO()
            pdf.save(out)
            data = out.getvalue()
    return data


def _codes(data: bytes) -> dict[str, str]:
    return {f.code: f.severity for f in preflight_pdf(data, "test.pdf")}


def _text(canvas, x_mm=20, y_mm=70, grey=True) -> None:  # type: ignore[no-untyped-def]
    if grey:
        canvas.setFillGray(0)
    canvas.drawString(x_mm * PT, y_mm * PT, "Chuyển đổi số")


def test_a_clean_page_has_no_findings(fonts):
    assert _codes(_pdf(fonts, lambda c, f: (_text(c), c.setLineWidth(0.3), c.line(30, 30, 100, 30)))) == {}


def test_an_unembedded_font_is_an_error(fonts):
    findings = preflight_pdf(_pdf(fonts, lambda c, f: (c.setFont("Helvetica", 10), _text(c))), "the.pdf")
    (helvetica,) = [f for f in findings if f.code == "font-not-embedded" and "font Helvetica " in f.message]
    assert (helvetica.severity, helvetica.page, helvetica.file) == ("error", 1, "the.pdf")


@pytest.mark.parametrize(("width", "scale", "found"), [(0.1, 1, True), (0, 1, True), (1, 0.1, True), (0.3, 1, False),
                                                       (0.1, 4, False)])
def test_a_line_thinner_than_a_quarter_point_on_the_page_is_a_hairline(fonts, width, scale, found):
    def draw(canvas, font):
        _text(canvas)
        canvas.scale(scale, scale)  # the width as drawn is the width times the transformation
        canvas.setLineWidth(width)
        canvas.line(20, 20, 60, 20)

    assert ("hairline" in _codes(_pdf(fonts, draw))) is found


def _picture(pixels: int) -> ImageReader:
    image = Image.new("RGB", (pixels, pixels), (200, 30, 30))
    image.putpixel((1, 1), (0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return ImageReader(io.BytesIO(buffer.getvalue()))


@pytest.mark.parametrize(("pixels", "severity"), [(72, "error"), (200, "warning"), (300, None), (600, None)])
def test_a_picture_under_300_dpi_at_its_printed_size_is_found(fonts, pixels, severity):
    data = _pdf(fonts, lambda c, f: (_text(c), c.drawImage(_picture(pixels), 20 * PT, 20 * PT, 72, 72)))  # one inch
    assert _codes(data).get("low-resolution") == severity
    if severity:
        (finding,) = [f for f in preflight_pdf(data, "x.pdf") if f.code == "low-resolution"]
        assert f"{pixels} dpi" in finding.message and f"{pixels} × {pixels} pixels" in finding.message


@pytest.mark.parametrize(("x_mm", "found"), [(2, True), (4, True), (6, False), (20, False)])
def test_text_less_than_5_mm_inside_the_page_is_found(fonts, x_mm, found):
    assert ("text-near-trim" in _codes(_pdf(fonts, lambda c, f: _text(c, x_mm=x_mm)))) is found


def test_text_near_the_trim_box_is_found_even_far_from_the_page_edge(fonts):
    trim = [10 * PT, 10 * PT, 95 * PT, 138 * PT]
    data = _pdf(fonts, lambda c, f: _text(c, x_mm=13), boxes={"/TrimBox": trim, "/BleedBox": trim})
    (finding,) = [f for f in preflight_pdf(data, "x.pdf") if f.code == "text-near-trim"]
    assert "(3.0 mm)" in finding.message and "“C”" in finding.message  # only its first letter is that close


def test_text_clipped_away_is_not_on_the_page(fonts):
    """A tiled sheet draws the whole poster clipped to its piece: the letters outside the piece are not printed."""
    def draw(canvas, font):
        path = canvas.beginPath()
        path.rect(20 * PT, 20 * PT, 60 * PT, 100 * PT)
        canvas.clipPath(path, stroke=0, fill=0)
        _text(canvas, x_mm=1)  # at the page's edge, outside the clip

    assert "text-near-trim" not in _codes(_pdf(fonts, draw))


def test_rgb_black_text_is_a_note_and_grey_black_is_not(fonts):
    rgb = _pdf(fonts, lambda c, f: (c.setFillColorRGB(0, 0, 0), _text(c, grey=False)))
    assert _codes(rgb) == {"rgb-black-text": "note"}
    assert _codes(_pdf(fonts, lambda c, f: (c.setFillColorCMYK(0, 0, 0, 1), _text(c, grey=False)))) == {}
    assert _codes(_pdf(fonts, lambda c, f: (c.setFillColorRGB(0.05, 0.16, 0.36), _text(c, grey=False)))) == {}


def _band(canvas, left_mm, bottom_mm, width_mm, height_mm) -> None:  # type: ignore[no-untyped-def]
    canvas.setFillColorRGB(0.05, 0.16, 0.36)
    canvas.rect(left_mm * PT, bottom_mm * PT, width_mm * PT, height_mm * PT, stroke=0, fill=1)
    _text(canvas)


def test_colour_to_the_page_edge_without_bleed_is_found_on_that_side(fonts):
    findings = [f for f in preflight_pdf(_pdf(fonts, lambda c, f: _band(c, 0, 128, 105, 20)), "x.pdf") if f.code == "no-bleed"]
    # A page with no BleedBox is made for printers that leave a margin: one note, naming how many edges.
    assert [(f.severity, f.page) for f in findings] == [("note", 1)] and "runs to 3 edges" in findings[0].message
    bled = _pdf(fonts, lambda c, f: _band(c, 0, 130, 111, 24), (111 * PT, 154 * PT),
                {"/TrimBox": [3 * PT, 3 * PT, 108 * PT, 151 * PT], "/BleedBox": [2 * PT, 2 * PT, 109 * PT, 152 * PT]})
    findings = [f for f in preflight_pdf(bled, "x.pdf") if f.code == "no-bleed"]  # a 1 mm bleed: short on each side
    sides = sorted(side for f in findings for side in ("left", "right", "top", "bottom") if f"the {side} edge" in f.message)
    assert sides == ["left", "right", "top"] and all(f.severity == "warning" for f in findings)


def test_a_background_extended_into_a_3_mm_bleed_is_clean_and_one_stopping_at_the_trim_is_not(fonts):
    page = (111 * PT, 154 * PT)  # A6 with 3 mm of bleed around it
    boxes = {"/TrimBox": [3 * PT, 3 * PT, 108 * PT, 151 * PT], "/BleedBox": [0, 0, 111 * PT, 154 * PT]}
    full = _pdf(fonts, lambda c, f: _band(c, 0, 128, 111, 26), page, boxes)
    assert "no-bleed" not in _codes(full)
    short = _pdf(fonts, lambda c, f: _band(c, 3, 128, 105, 23), page, boxes)
    messages = [f.message for f in preflight_pdf(short, "x.pdf") if f.code == "no-bleed"]
    assert len(messages) == 3 and all("stops there" in m for m in messages)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(0, 4000), junk=st.binary(max_size=40))
def test_a_damaged_pdf_is_a_finding_never_a_crash(fonts, cut, junk):
    data = _pdf(fonts, lambda c, f: (_text(c), c.line(20, 20, 60, 20)))
    damaged = data[:cut] + junk + data[cut + len(junk):]
    findings = preflight_pdf(damaged, "x.pdf")
    assert all(f.file == "x.pdf" and f.severity in ("error", "warning", "note") for f in findings)


def test_without_a_build_there_is_nothing_to_check(tmp_path):
    with pytest.raises(FlashgenError, match="no manifest.json") as caught:
        preflight(tmp_path)
    assert caught.value.code == "preflight-no-build"


def test_the_messages_have_vietnamese_words(fonts):
    data = _pdf(fonts, lambda c, f: (c.setFont("Helvetica", 10), _text(c), c.setLineWidth(0.1), c.line(20, 20, 60, 20)))
    try:
        i18n.use_language("vi")
        findings = preflight_pdf(data, "x.pdf")
    finally:
        i18n.use_language("en")
    text = " ".join(f.message for f in findings)
    assert "phông chữ" in text and "nét" in text


def test_the_report_names_file_and_pages_once_per_finding():
    same = "1 line is thinner than 0.25 pt (0.10 pt): it may not print. Make it at least 0.25 pt."
    report = PreflightReport((PrintFinding("error", "hairline", "a.pdf", 1, same), PrintFinding("error", "hairline", "a.pdf", 3, same),
                              PrintFinding("note", "rgb-black-text", "b.pdf", 2, "black")), files=2)
    text = describe_preflight(report)
    assert "a.pdf:\n  error [hairline] pages 1, 3: 1 line is thinner" in text
    assert "b.pdf:\n  note [rgb-black-text] page 2: black" in text
    assert text.endswith("Checked 2 PDF files for printing: 2 errors, 0 warnings, 1 notes.\n"
                         "Fix the errors above before sending the files.")
    try:
        i18n.use_language("vi")
        vietnamese = describe_preflight(report)
    finally:
        i18n.use_language("en")
    assert "lỗi [hairline] trang 1, 3:" in vietnamese and "Đã kiểm tra 2 tệp PDF để in" in vietnamese


# --- the bundled products ---------------------------------------------------------------------------------------


def test_the_bundled_products_are_clean(default_build, monkeypatch):
    parsed: list[bytes] = []
    original = pdfcontent._parsed
    monkeypatch.setattr(pdfcontent, "_parsed", lambda streams: parsed.append(b"".join(s.get_data() for s in streams))
                        or original(streams))
    report = preflight(default_build.manifest.parent)
    # Each drawing parsed once: the tiled posters draw their form on every sheet, the posters on four papers.
    assert parsed and len(parsed) == len(set(parsed))
    assert report.files >= 12 and not report.errors, describe_preflight(report)
    # The infographic's A3/A2 posters (for office and A3 printers) run their bands to the page edge and declare
    # no bleed: a note each, pointing at the print-shop files. No warning anywhere.
    others = [f for f in report.findings if not (f.code == "no-bleed" and f.file.startswith("infographic/poster-"))]
    assert others == [] and {f.severity for f in report.findings} <= {"note"}, describe_preflight(report)
    # The slides and the document carousel are shown on screens (the registry's printed=False): not checked.
    shown_on_screens = {f.path for f in read_manifest(default_build.manifest.parent).files
                        if f.product in ("slides", "carousel") and f.format == "pdf"}
    assert shown_on_screens and report.files == sum(1 for f in default_build.files if f.format == "pdf") - len(shown_on_screens)


def test_flashgen_check_print_reports_the_build_and_fails_on_errors(tmp_path, fonts):
    # A small build of its own (the bundled build's PDFs are checked clean by test_the_bundled_products_are_clean):
    # the command, its report and its exit codes are what this tests.
    out = tmp_path / "out"
    build(BuildOptions(content=DATA / "with-source.yaml", out_dir=out, products=("leaflet", "flashcards"),
                       sizes=("a6",), jobs=1))
    runner = CliRunner()
    result = runner.invoke(app, ["check", "--print", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "PDF files for printing: 0 errors" in result.output
    # A PDF with an unembedded font put in place of the leaflet: an error, exit code 1, named by file and page.
    (out / "leaflet" / "leaflet-a4.pdf").write_bytes(_pdf(fonts, lambda c, f: (c.setFont("Helvetica", 10), _text(c))))
    result = runner.invoke(app, ["check", "--print", "--out", str(out), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert {"code": "font-not-embedded", "file": "leaflet/leaflet-a4.pdf", "page": 1} in [
        {k: f[k] for k in ("code", "file", "page")} for f in report["findings"]]
