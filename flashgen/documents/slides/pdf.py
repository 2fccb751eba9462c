"""The deck as PDF: a ``Deck`` in, the bytes of a 16:9 PDF (one page per slide, 960 × 540 pt) out.

Drawn with reportlab through flashgen/pdf/kit.py like the booklet and the
leaflet: the theme's faces embedded and subset (text stays extractable),
the same lines at the same sizes as the PPTX, a vector QR code that is also a link.
"""

from __future__ import annotations

import io

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from flashgen.documents.slides.plan import Deck, Slide
from flashgen.load.fonts import FontBook
from flashgen.pdf.kit import DocInfo, draw_qr, new_canvas, registered


def deck_pdf(deck: Deck, fonts: FontBook, info: DocInfo) -> bytes:
    """Every slide of ``deck`` as one page."""
    buffer = io.BytesIO()
    first = deck.slides[0].blocks[0].face if deck.slides[0].blocks else None
    canvas = new_canvas(buffer, (deck.width, deck.height), info, fonts,
                        initial_font=registered(first).postscript_name if first else None)
    for slide in deck.slides:
        _draw(canvas, slide, deck.height)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw(canvas: Canvas, slide: Slide, height: float) -> None:
    """One slide; the plan's y runs down from the top, reportlab's up from the bottom."""
    canvas.setFillColor(HexColor(slide.background))
    canvas.rect(0, 0, canvas._pagesize[0], height, stroke=0, fill=1)
    for panel in slide.panels:
        canvas.setFillColor(HexColor(panel.colour))
        box = panel.box
        canvas.rect(box.x, height - box.y - box.height, box.width, box.height, stroke=0, fill=1)
    for block in slide.blocks:
        canvas.setFont(registered(block.face).postscript_name, block.size)
        canvas.setFillColor(HexColor(block.colour))
        for line in block.lines:
            canvas.drawString(line.x, height - line.baseline, line.text)
    if slide.qr:
        url, box = slide.qr
        draw_qr(canvas, url, box.x, height - box.y - box.height, box.width)
