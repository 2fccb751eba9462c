"""The deck as PPTX: a ``Deck`` in, the bytes of a 16:9 PowerPoint file (13.333 × 7.5 in) out.

Every text is a real, editable text box in the theme's font family (named,
not embedded: PowerPoint substitutes a font the computer lacks, see the
README), set at the size and with the line breaks the plan chose (python-pptx
does not fit text; PowerPoint's autofit is unreliable), so nothing overflows
with the fonts installed. Speaker notes hold each item's full official
paragraph. The QR code is a PNG picture drawn from reportlab's QR modules.
"""

from __future__ import annotations

import io
import zipfile

import pptx
from PIL import Image, ImageDraw
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.opc.oxml import serialize_part_xml
from pptx.oxml import parse_xml
from pptx.util import Emu, Pt

from flashgen.compose.qr import qr_rects
from flashgen.documents.slides.plan import Block, Deck, Slide
from flashgen.load.fingerprint import source_fingerprint
from flashgen.text import memo

BLANK_LAYOUT = 6  # python-pptx's default template: "Blank"
QR_PIXELS = 600
ALIGN = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}


def _emu(points: float) -> Emu:
    return Emu(round(points * 12700))


def deck_pptx(deck: Deck, title: str, author: str, subject: str = "") -> bytes:
    """Every slide of ``deck`` as a PPTX slide, with notes."""
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = _emu(deck.width), _emu(deck.height)
    presentation.core_properties.title = title
    presentation.core_properties.author = author
    presentation.core_properties.language = "vi-VN"
    presentation.core_properties.subject = subject
    presentation.core_properties.comments = "flashgen"  # instead of python-pptx's "generated using python-pptx"
    for slide in deck.slides:
        _add(presentation, slide)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return _repeatable(buffer.getvalue())


def _repeatable(data: bytes) -> bytes:
    """The same file with every zip entry dated 1980-01-01: zipfile stamps entries with the time of saving,
    and the same deck must be the same bytes (the build reuses and compares files by their contents)."""
    written = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(zipfile.ZipInfo(entry.filename, date_time=(1980, 1, 1, 0, 0, 0)), source.read(entry),
                            compress_type=zipfile.ZIP_DEFLATED)
    return written.getvalue()


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _add(presentation: Presentation, plan: Slide) -> None:
    """The slide of ``plan`` and its notes, drawn with python-pptx, or their XML as the last build drew them.

    python-pptx builds a slide shape by shape (about 15 ms each): the XML of a
    slide and of its notes is kept in the layout cache (text/memo.py) by its
    plan, and after an edit the slides whose plan did not change are that XML
    again. A slide with a picture and a link (the QR code) names relationships
    made with them: it is always drawn. Both ways the XML is read back from its
    text, so a slide comes out the same bytes either way.
    """
    slide = presentation.slides.add_slide(presentation.slide_layouts[BLANK_LAYOUT])
    if plan.qr:
        _draw(slide, plan)
        return
    parts = ("pptx slide", pptx.__version__, source_fingerprint("documents/slides/powerpoint.py"), repr(plan))
    slide_xml, notes_xml = memo.remembered(parts, lambda: _drawn(slide, plan))
    slide.part._element = parse_xml(slide_xml)
    slide.notes_slide.part._element = parse_xml(notes_xml)


def _drawn(slide, plan: Slide) -> tuple[bytes, bytes]:  # type: ignore[no-untyped-def]
    """The XML of ``slide`` and of its notes once ``plan`` is drawn on it."""
    _draw(slide, plan)
    return serialize_part_xml(slide.part._element), serialize_part_xml(slide.notes_slide.part._element)


def _draw(slide, plan: Slide) -> None:  # type: ignore[no-untyped-def]
    slide.background.fill.solid()
    slide.background.fill.fore_color.rgb = _rgb(plan.background)
    for panel in plan.panels:
        box = panel.box
        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, _emu(box.x), _emu(box.y), _emu(box.width), _emu(box.height))
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(panel.colour)
        shape.line.fill.background()
        shape.shadow.inherit = False
    for block in plan.blocks:
        _text(slide, block)
    if plan.qr:
        url, box = plan.qr
        picture = slide.shapes.add_picture(io.BytesIO(qr_png(url)), _emu(box.x), _emu(box.y), _emu(box.width), _emu(box.height))
        picture.click_action.hyperlink.address = url
    slide.notes_slide.notes_text_frame.text = plan.notes


def _text(slide, block: Block) -> None:  # type: ignore[no-untyped-def]
    """A text box over the block's lines: one paragraph, a line break where the plan broke the line."""
    ink_top = block.lines[0].baseline - block.face.ascent * block.size
    pitch = (block.lines[1].baseline - block.lines[0].baseline) if len(block.lines) > 1 else block.size * 1.2
    # Down to the bottom of the planned box: the text ends above it in the theme's fonts.
    height = max(block.box.y + block.box.height - ink_top, pitch * len(block.lines))
    shape = slide.shapes.add_textbox(_emu(block.box.x), _emu(ink_top), _emu(block.box.width), _emu(height))
    shape.name = block.name
    frame = shape.text_frame
    frame.word_wrap = True
    # Only a safety net: the sizes fit in the theme's fonts. Where the computer lacks them and substitutes a
    # wider font, "shrink text on overflow" lets LibreOffice (and PowerPoint, once the text is edited) shrink it.
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    frame.vertical_anchor = MSO_ANCHOR.TOP
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    paragraph = frame.paragraphs[0]
    paragraph.alignment = ALIGN[block.align]
    paragraph.line_spacing = Pt(pitch)
    for index, line in enumerate(block.lines):
        if index:
            paragraph.add_line_break()
        run = paragraph.add_run()
        run.text = line.text
        font = run.font
        font.name = block.face.family
        font.size = Pt(block.size)
        font.bold = block.face.weight >= 600
        font.color.rgb = _rgb(block.colour)


def qr_png(url: str) -> bytes:
    """A black-on-white QR code of ``url`` (level M, 4-module quiet zone) as a PNG."""
    image = Image.new("L", (QR_PIXELS, QR_PIXELS), 255)
    draw = ImageDraw.Draw(image)
    for x, y, width, height in qr_rects(url, QR_PIXELS):  # (encoded once, kept in the layout cache)
        top = QR_PIXELS - y - height
        draw.rectangle((round(x), round(top), round(x + width) - 1, round(top + height) - 1), fill=0)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


__all__ = ["deck_pptx", "qr_png"]
