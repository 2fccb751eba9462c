"""Figures in the booklet: a grid of boxes, each with its number, the figure large (qualifier, value, unit on one
line), its label and its note; the official texts of the run follow the grid (story.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from flashgen.documents.booklet.flowables import Badge
from flashgen.documents.booklet.page import HANDOUT
from flashgen.pdf.kit import MM, actual_text

COLUMNS = 2
VALUE_SCALE = 2.1  # the value's size, in heading sizes
AFFIX_SCALE = 0.5  # qualifier and unit, in value sizes
MIN_ONE_LINE = 0.6  # the value may shrink to this share of its size to keep the unit on its line


@dataclass(frozen=True)
class FigureLook:
    """Fonts, colours and sizes of one booklet's figure boxes."""

    value_font: str
    affix_font: str  # qualifier and unit
    ink: Color
    fill: Color
    accent: Color
    value_size: float
    pad: float


@dataclass(frozen=True)
class FigureParts:
    """One figure: its number badge, the figure's words (qualifier, value, unit), its label and note paragraphs."""

    badge: Badge
    qualifier: str
    value: str
    unit: str
    label: Paragraph
    note: Paragraph | None


def _affix(value_size: float) -> float:
    """The size of a qualifier or unit beside a value of ``value_size``: never under the handout's body minimum."""
    return max(value_size * AFFIX_SCALE, HANDOUT.body)


class FigureLine:
    """Qualifier, value and unit on one baseline ("hơn 7.534 thành viên"), the value a little smaller if that
    makes them fit; else the unit on a line of its own (the value shrinks only if it alone is too wide).

    One baseline also keeps them in reading order when the text is copied: a
    unit under the value would be read with the qualifier ("hơn thành viên").
    """

    def __init__(self, parts: FigureParts, look: FigureLook, width: float) -> None:
        self.parts, self.look = parts, look
        size = look.value_size
        one_line = width / max(self._width(size, with_unit=True) / size, 1e-6)
        self.unit_below = bool(parts.unit) and one_line < size * MIN_ONE_LINE
        if self.unit_below:
            self.size = min(size, width / max(self._width(size, with_unit=False) / size, 1e-6))
        else:
            self.size = min(size, one_line)
        affix = _affix(self.size)
        self.height = self.size * 0.95 + (affix * 1.3 if self.unit_below else 0.0)

    def _width(self, size: float, with_unit: bool) -> float:
        parts, look, affix = self.parts, self.look, _affix(size)
        space = stringWidth(" ", look.affix_font, affix)
        width = stringWidth(parts.value, look.value_font, size)
        if parts.qualifier:
            width += stringWidth(parts.qualifier, look.affix_font, affix) + space
        if with_unit and parts.unit:
            width += space + stringWidth(parts.unit, look.affix_font, affix)
        return width

    def draw(self, canvas: Canvas, x: float, top: float) -> None:
        """Drawn from ``top`` down; copied, it reads "hơn 7.534 thành viên" whatever the sizes."""
        phrase = " ".join(filter(None, (self.parts.qualifier, self.parts.value, self.parts.unit)))
        with actual_text(canvas, phrase):
            self._draw(canvas, x, top)

    def _draw(self, canvas: Canvas, x: float, top: float) -> None:
        parts, look, size = self.parts, self.look, self.size
        affix = _affix(size)
        space = stringWidth(" ", look.affix_font, affix)
        baseline = top - size * 0.76  # digits stand about 0.72 em tall
        start = x
        canvas.setFillColor(look.ink)
        if parts.qualifier:
            canvas.setFont(look.affix_font, affix)
            canvas.drawString(x, baseline, parts.qualifier)
            x += stringWidth(parts.qualifier, look.affix_font, affix) + space
        canvas.setFont(look.value_font, size)
        canvas.drawString(x, baseline, parts.value)
        x += stringWidth(parts.value, look.value_font, size) + space
        if parts.unit:
            canvas.setFont(look.affix_font, affix)
            if self.unit_below:
                canvas.drawString(start, baseline - affix * 1.3, parts.unit)
            else:
                canvas.drawString(x, baseline, parts.unit)


class FigureBox:
    """One box of the grid, measured for a width: its number and the figure, an accent rule, label, note."""

    def __init__(self, parts: FigureParts, look: FigureLook, width: float) -> None:
        self.parts, self.look, self.width = parts, look, width
        inner = width - 2 * look.pad
        badge = parts.badge.size
        self.indent = badge + 2.5 * MM  # the figure starts right of its number
        self.line = FigureLine(parts, look, inner - self.indent)
        self.rule = 1.2 * MM
        self.label_height = parts.label.wrap(inner, 1e6)[1]
        self.note_height = parts.note.wrap(inner, 1e6)[1] if parts.note is not None else 0.0
        self.height = (
            2 * look.pad + max(self.line.height, badge) + 2.2 * MM + self.rule + 2.6 * MM + self.label_height
            + (1.2 * MM + self.note_height if parts.note is not None else 0.0)
        )

    def draw(self, canvas: Canvas, x: float, top: float, height: float) -> None:
        """The box at (``x``, ``top``), ``height`` tall (its row's height), contents hanging from the top."""
        look, parts, pad = self.look, self.parts, self.look.pad
        canvas.setFillColor(look.fill)
        canvas.roundRect(x, top - height, self.width, height, 2 * MM, stroke=0, fill=1)
        badge = parts.badge
        # The number's disc centred on the value's digits (they stand about 0.72 em tall).
        centre = top - pad - self.line.size * 0.4
        badge.drawOn(canvas, x + pad, min(centre - badge.size / 2, top - pad - badge.size))
        self.line.draw(canvas, x + pad + self.indent, top - pad)
        y = top - pad - max(self.line.height, badge.size) - 2.2 * MM
        canvas.setFillColor(look.accent)
        canvas.roundRect(x + pad, y - self.rule, 10 * MM, self.rule, self.rule / 2, stroke=0, fill=1)
        y -= self.rule + 2.6 * MM + self.label_height
        parts.label.drawOn(canvas, x + pad, y)
        if parts.note is not None:
            y -= 1.2 * MM + self.note_height
            parts.note.drawOn(canvas, x + pad, y)


class FigureGrid(Flowable):
    """Figure boxes in rows of ``COLUMNS``; a row's boxes share its height. Breaks between rows only."""

    def __init__(self, figures: Sequence[FigureParts], look: FigureLook, gap: float, space_before: float) -> None:
        super().__init__()
        self.figures, self.look, self.gap = tuple(figures), look, gap
        self.spaceBefore = space_before

    def _rows(self, width: float) -> list[list[FigureBox]]:
        column = (width - self.gap * (COLUMNS - 1)) / COLUMNS
        boxes = [FigureBox(parts, self.look, column) for parts in self.figures]
        return [boxes[start:start + COLUMNS] for start in range(0, len(boxes), COLUMNS)]

    def _heights(self, rows: list[list[FigureBox]]) -> list[float]:
        return [max(box.height for box in row) for row in rows]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.rows = self._rows(availWidth)
        heights = self._heights(self.rows)
        self.width, self.height = availWidth, sum(heights) + self.gap * (len(heights) - 1)
        return self.width, self.height

    def draw(self) -> None:
        top = self.height
        for row, height in zip(self.rows, self._heights(self.rows)):
            for index, box in enumerate(row):
                box.draw(self.canv, index * (box.width + self.gap), top, height)
            top -= height + self.gap

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        heights = self._heights(self._rows(availWidth))
        used, rows = 0.0, 0
        for height in heights:
            if used + height > availHeight + 0.01:
                break
            used += height + self.gap
            rows += 1
        if rows == 0:
            return []  # not even one row: the grid moves to the next page
        cut = rows * COLUMNS
        return [FigureGrid(self.figures[:cut], self.look, self.gap, self.spaceBefore),
                FigureGrid(self.figures[cut:], self.look, self.gap, 0)]
