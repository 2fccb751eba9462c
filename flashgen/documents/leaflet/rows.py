"""Rows of the leaflet's columns: one inside item, one message, the gap between two rows, and a frame of rows."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame

from flashgen.documents.leaflet.sheet import Rect
from flashgen.documents.leaflet.typeset import BOLD, Type, VietText, draw_top, height_of


class ItemRow(Flowable):
    """One item on the inside: number badge, heading, and its summary lines (label + text)."""

    def __init__(self, number: str, heading: VietText, summaries: list[tuple[VietText, VietText]],
                 type_: Type, size: float, badge_width: float, label_width: float) -> None:
        super().__init__()
        self.number, self.heading, self.summaries = number, heading, summaries
        self.type, self.size = type_, size
        self.badge_width, self.label_width = badge_width, label_width
        self.column = badge_width + 0.6 * size  # text starts right of the badge

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        text_width = available_width - self.column
        height = height_of(self.heading, text_width)
        for label, text in self.summaries:
            height += 0.3 * self.size + max(
                height_of(label, self.label_width), height_of(text, text_width - self.label_width)
            )
        self.width, self.height = available_width, height
        return available_width, height

    def draw(self) -> None:
        canvas, size = self.canv, self.size
        text_width = self.width - self.column
        top = draw_top(canvas, self.heading, self.column, self.height, text_width)
        # The number sits on the heading's first baseline (a Paragraph's first
        # baseline is one font size below its top), so text extraction reads
        # "01 Chuyển …" and never puts the number inside the heading.
        baseline = self.height - self.heading.style.fontSize
        number_size = 0.9 * size
        centre = baseline + 0.36 * number_size
        canvas.setFillColor(self.type.colour("primary"))
        canvas.roundRect(0, centre - 0.8 * size, self.badge_width, 1.6 * size, 0.45 * size, stroke=0, fill=1)
        canvas.setFillColor(self.type.colour("accent"))
        canvas.setFont(self.type.font(BOLD), number_size)
        canvas.drawCentredString(self.badge_width / 2, baseline, self.number)
        for label, text in self.summaries:
            top -= 0.3 * size
            draw_top(canvas, label, self.column, top, self.label_width)
            top = draw_top(canvas, text, self.column + self.label_width, top, text_width - self.label_width)


class MessageRow(Flowable):
    """One campaign message, with an accent-coloured bar down its left side like a pull quote."""

    def __init__(self, text: VietText, size: float, bar: Color) -> None:
        super().__init__()
        self.text, self.size, self.bar = text, size, bar
        self.indent = 1.1 * size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = height_of(self.text, available_width - self.indent)
        return self.width, self.height

    def draw(self) -> None:
        leading = self.text.style.leading
        # From the first line's cap height down to just under the last baseline.
        bottom = leading - 1.2 * self.size
        self.canv.setFillColor(self.bar)
        self.canv.roundRect(0, bottom, 0.22 * self.size, self.height - 0.05 * self.size - bottom,
                            0.11 * self.size, stroke=0, fill=1)
        draw_top(self.canv, self.text, self.indent, self.height, self.width - self.indent)


class Gap(Flowable):
    """Space between two rows, with an optional hairline (of colour ``rule``) across its middle."""

    def __init__(self, height: float, rule: Color | None) -> None:
        super().__init__()
        self.height, self.rule = height, rule

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.height

    def draw(self) -> None:
        if self.rule is not None:
            self.canv.setStrokeColor(self.rule)
            self.canv.setLineWidth(0.5)
            self.canv.line(0, self.height / 2, self.width, self.height / 2)


def fill_frame(canvas: Canvas, rect: Rect, rows: Sequence[Flowable], gap: float, rule: Color | None) -> None:
    """Draw ``rows`` top-down in a platypus Frame; a row that does not fit is a bug, never clipped."""
    frame = Frame(rect.x, rect.y, rect.width, rect.height, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0, showBoundary=0)
    for index, row in enumerate(rows):
        if index and not frame.add(Gap(gap, rule), canvas):
            raise RuntimeError("leaflet layout: a gap did not fit where it was measured to fit")
        if not frame.add(row, canvas):
            raise RuntimeError("leaflet layout: a row did not fit where it was measured to fit")
