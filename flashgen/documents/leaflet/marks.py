"""Small marks the leaflet draws straight on the canvas: pills, accent bars, arrows, one-line sizes."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from flashgen.documents.leaflet.typeset import BODY_MIN
from flashgen.pdf.kit import MM
from flashgen.text.fit import largest_fitting


def pill(canvas: Canvas, x: float, baseline: float, text: str, font: str, size: float, fill: Color, ink: Color,
         min_width: float = 0.0) -> float:
    """A rounded label around ``text`` sitting on ``baseline`` (at ``size``, never under BODY_MIN); return its width."""
    size = max(size, BODY_MIN)
    width = max(stringWidth(text, font, size) + 1.2 * size, min_width)
    pad = (width - stringWidth(text, font, size)) / 2
    canvas.setFillColor(fill)
    canvas.roundRect(x, baseline - 0.45 * size, width, 1.6 * size, 0.8 * size, stroke=0, fill=1)
    canvas.setFillColor(ink)
    canvas.setFont(font, size)
    canvas.drawString(x + pad, baseline, text)
    return width


def line_size(text: str, font: str, sizes: Sequence[float], width: float) -> float | None:
    """The largest of ``sizes`` (largest first, those under BODY_MIN left out) at which ``text`` fits ``width`` on one
    line, or None."""
    readable = [size for size in sizes if size >= BODY_MIN] or [BODY_MIN]
    return largest_fitting(readable, lambda size: size if stringWidth(text, font, size) <= width else None)


def accent_bar(canvas: Canvas, x: float, top: float, color: Color, width: float = 12 * MM) -> None:
    canvas.setFillColor(color)
    canvas.roundRect(x, top - 1.3 * MM, width, 1.3 * MM, 0.65 * MM, stroke=0, fill=1)


def arrow(canvas: Canvas, x: float, y: float, dx: float, dy: float, color: Color) -> None:
    """A line with an open arrow head, from (x, y) by (dx, dy); horizontal or vertical."""
    canvas.setStrokeColor(color)
    canvas.setLineWidth(1.3)
    canvas.setLineCap(1)
    canvas.setLineJoin(1)
    canvas.line(x, y, x + dx, y + dy)
    ex, ey = x + dx, y + dy
    ux, uy = (1 if dx > 0 else -1 if dx < 0 else 0), (1 if dy > 0 else -1 if dy < 0 else 0)
    head = 1.5 * MM
    path = canvas.beginPath()
    path.moveTo(ex - ux * head - uy * head, ey - uy * head - ux * head)
    path.lineTo(ex, ey)
    path.lineTo(ex - ux * head + uy * head, ey - uy * head + ux * head)
    canvas.drawPath(path, stroke=1, fill=0)
