"""Documents (reportlab, through pdf/kit.py) set paragraphs kerned, as flashgen measures them, and copy back exactly."""

from __future__ import annotations

import io
import subprocess

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from flashgen.pdf.kit import registered, vietnamese_lines
from flashgen.text.wordbreak import WordBreaker

LINE = "Tổ chức AVATAR: Tô Vă LT, officielle “Quảng Ninh”"
SIZE = 18.0


@pytest.fixture(scope="module")
def face(fonts):
    return registered(fonts.resolve("Be Vietnam Pro", 400))


def _paragraph(face, text: str, width: float) -> Paragraph:
    paragraph = Paragraph(text, ParagraphStyle("body", fontName=face.postscript_name, fontSize=SIZE, leading=SIZE * 1.3))
    paragraph.wrap(width, 1000)
    return paragraph


def test_a_paragraph_is_as_wide_as_flashgen_measures_it_kerning_included(face):
    paragraph = _paragraph(face, LINE, 1000)
    (line,) = paragraph.blPara.lines
    drawn = 1000 - line.extraSpace
    assert drawn == pytest.approx(face.width(LINE, SIZE), abs=1e-6)
    unkerned = sum(face.advances[char] for char in LINE) * SIZE
    assert drawn < unkerned - 5  # kerned: 5 pt narrower at 18 pt


def test_a_shaped_paragraph_copies_back_exactly_ligatures_off(face, tmp_path):
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(600, 200), invariant=1)
    lines = vietnamese_lines(LINE + " " + LINE, face, SIZE, 560, WordBreaker.for_glossary(()), heading=False)
    assert lines is not None and len(lines) >= 2
    for line in lines:  # each line flashgen broke fits the width reportlab draws it in
        assert _paragraph(face, line, 560).blPara.lines[0].extraSpace >= 0
    paragraph = _paragraph(face, "<br/>".join(lines), 560)
    paragraph.drawOn(canvas, 20, 180 - paragraph.height)
    canvas.save()
    pdf = tmp_path / "paragraph.pdf"
    pdf.write_bytes(buffer.getvalue())
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert text.split() == (LINE + " " + LINE).split()  # "officielle" is not a private-use "o\ue000cielle"


def test_a_remembered_word_keeps_its_own_colour_and_the_same_shape(face):
    """Words are shaped once per font, size and text (kit._remembering); each use keeps its own style."""
    plain = _paragraph(face, "AVATAR Tô", 1000)
    red = _paragraph(face, '<font color="#ff0000">AVATAR Tô</font>', 1000)
    (plain_line,), (red_line,) = plain.blPara.lines, red.blPara.lines
    assert red_line.extraSpace == pytest.approx(plain_line.extraSpace)
    assert [word.textColor.hexval() for word in red_line.words] == ["0xff0000"] * len(red_line.words)
    assert [word.textColor.hexval() for word in plain_line.words] == ["0x000000"] * len(plain_line.words)
