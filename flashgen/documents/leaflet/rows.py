"""Rows of the leaflet's columns: one inside item (contrast or statement, or figure), one message, the gap between
two rows, and a frame of rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame

from flashgen.documents.leaflet.sheet import Rect
from flashgen.documents.leaflet.typeset import (
    BODY_MIN,
    BOLD,
    EXTRABOLD,
    SEMIBOLD,
    Type,
    VietText,
    draw_top,
    height_of,
)
from flashgen.pdf.kit import actual_text


class ItemRow(Flowable):
    """One contrast or statement on the inside: number badge, heading, and its details under it.

    A detail is a labelled summary ("CNTT" + the from text) or, with no
    label, a statement's official text across the whole text column.
    """

    def __init__(self, number: str, heading: VietText, details: list[tuple[VietText | None, VietText]],
                 type_: Type, size: float, badge_width: float, label_width: float) -> None:
        super().__init__()
        self.number, self.heading, self.details = number, heading, details
        self.type, self.size = type_, size
        self.badge_width, self.label_width = badge_width, label_width
        self.column = badge_width + 0.6 * size  # text starts right of the badge

    def _detail_height(self, label: VietText | None, text: VietText, text_width: float) -> float:
        if label is None:
            return height_of(text, text_width)
        return max(height_of(label, self.label_width), height_of(text, text_width - self.label_width))

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        text_width = available_width - self.column
        height = height_of(self.heading, text_width)
        for label, text in self.details:
            height += 0.3 * self.size + self._detail_height(label, text, text_width)
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
        for label, text in self.details:
            top -= 0.3 * size
            if label is None:
                top = draw_top(canvas, text, self.column, top, text_width)
                continue
            draw_top(canvas, label, self.column, top, self.label_width)
            top = min(top - height_of(label, self.label_width),
                      draw_top(canvas, text, self.column + self.label_width, top, text_width - self.label_width))


@dataclass(frozen=True)
class FigureWords:
    """A figure's words on the inside: qualifier and value on one baseline, the unit under them."""

    qualifier: str
    value: str
    unit: str


class FigureRow(Flowable):
    """One figure on the inside: the figure big, its label, note and (room allowing) official text.

    Side by side, the figure in a left column shared by every figure row (so
    the labels line up); ``stacked`` when that would leave the label too
    narrow a column: the figure on top, the words under it across the row.
    """

    def __init__(self, words: FigureWords, lines: list[VietText], type_: Type, size: float, value_size: float,
                 value_width: float, stacked: bool) -> None:
        super().__init__()
        self.words, self.lines, self.type = words, lines, type_
        self.size, self.value_size, self.stacked = size, value_size, stacked
        self.column = 0.0 if stacked else value_width + 0.9 * size  # the label's column starts here

    @property
    def affix_size(self) -> float:
        return affix_size(self.value_size)

    def _line_width(self, with_unit: bool) -> float:
        return figure_width(self.words, self.type, self.value_size, one_line=with_unit)

    def _figure_height(self, width: float) -> float:
        self.unit_inline = self.stacked and bool(self.words.unit) and self._line_width(True) <= width
        unit_below = bool(self.words.unit) and not self.unit_inline
        return 0.8 * self.value_size + (1.35 * self.affix_size if unit_below else 0.0)

    def _text_height(self, width: float) -> float:
        return sum(height_of(line, width) for line in self.lines) + 0.25 * self.size * (len(self.lines) - 1)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        figure, text = self._figure_height(available_width), self._text_height(available_width - self.column)
        self.width = available_width
        self.height = figure + 0.45 * self.size + text if self.stacked else max(figure, text)
        return self.width, self.height

    def draw(self) -> None:
        with actual_text(self.canv, " ".join(filter(None, (self.words.qualifier, self.words.value, self.words.unit)))):
            self._draw_figure()
        top = self.height
        if self.stacked:
            top -= self._figure_height(self.width) + 0.45 * self.size
        for line in self.lines:
            top = draw_top(self.canv, line, self.column, top, self.width - self.column) - 0.25 * self.size

    def _draw_figure(self) -> None:
        """Qualifier and value on one baseline, the unit after them or under them; copied, it reads
        "hơn 7.534 thành viên" whatever the sizes."""
        canvas, words, type_ = self.canv, self.words, self.type
        semibold, extrabold = type_.font(SEMIBOLD), type_.font(EXTRABOLD)
        affix = self.affix_size
        baseline = self.height - 0.74 * self.value_size  # digits stand about 0.72 em tall
        x = 0.0
        canvas.setFillColor(type_.colour("primary"))
        if words.qualifier:  # on the value's baseline: copied, it reads "hơn 7.534"
            canvas.setFont(semibold, affix)
            canvas.drawString(x, baseline, words.qualifier)
            x += stringWidth(words.qualifier + " ", semibold, affix)
        canvas.setFont(extrabold, self.value_size)
        canvas.drawString(x, baseline, words.value)
        if words.unit:
            canvas.setFillColor(type_.colour("link"))
            canvas.setFont(semibold, affix)
            if self.unit_inline:
                canvas.drawString(x + stringWidth(words.value + " ", extrabold, self.value_size), baseline, words.unit)
            else:
                canvas.drawString(0, baseline - 1.35 * affix, words.unit)


def affix_size(value_size: float) -> float:
    """Qualifier and unit: half the value's size, never below the leaflet's minimum."""
    return max(BODY_MIN, 0.5 * value_size)


def figure_width(words: FigureWords, type_: Type, value_size: float, one_line: bool = False) -> float:
    """The width of a figure at ``value_size``: its qualifier and value, and the unit under them (or after
    them, ``one_line``)."""
    semibold, affix = type_.font(SEMIBOLD), affix_size(value_size)
    line = stringWidth(words.value, type_.font(EXTRABOLD), value_size)
    if words.qualifier:
        line += stringWidth(words.qualifier + " ", semibold, affix)
    unit = stringWidth(words.unit, semibold, affix) if words.unit else 0.0
    if one_line:
        return line + (stringWidth(" ", type_.font(EXTRABOLD), value_size) + unit if words.unit else 0.0)
    return max(line, unit)


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
