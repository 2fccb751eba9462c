"""The leaflet's sheet as data: an A4 landscape sheet, its panels and folds on each side, and their margins.

Sizes in ``Sheet`` are millimetres from the sheet's left edge; ``Rect`` is a
rectangle on the page in points, origin bottom left (reportlab's convention).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from flashgen.load.papers import iso_a, landscape
from flashgen.pdf.kit import MM

SHEET_MM = landscape(iso_a(4))  # the leaflet is printed on A4 turned on its side


@dataclass(frozen=True)
class Panel:
    """One panel of one side of the sheet, in millimetres from the sheet's left edge."""

    role: str
    left: float
    width: float

    @property
    def right(self) -> float:
        return self.left + self.width


@dataclass(frozen=True)
class Sheet:
    """The A4 landscape sheet, its panels left to right on each side, and its margins (mm)."""

    width: float = SHEET_MM[0]
    height: float = SHEET_MM[1]
    # The flap that folds in is 3 mm narrower than the other panels, so it
    # tucks in without buckling against the fold of the panel it lies on.
    # Turning the sheet over on its short edge mirrors left and right: the
    # flap is at the left outside and at the right inside.
    outside: tuple[tuple[str, float], ...] = (("flap", 97.0), ("back", 100.0), ("cover", 100.0))
    inside: tuple[tuple[str, float], ...] = (("inside-left", 100.0), ("inside-middle", 100.0), ("inside-right", 97.0))
    safe: float = 6.0  # no text nearer than this to a paper edge or a fold (folding is never exact)
    text_margin: float = 8.0  # text from the edges and folds of a white panel
    text_top: float = 10.0  # and from its top and bottom edges
    # Coloured blocks stop short of edges and folds: office printers cannot
    # print the outer 4–5 mm anyway, the fold marks need a clear strip, and a
    # block ending on a fold would show a sliver of colour round the fold
    # when the sheet is folded 1 mm off.
    block_inset: float = 6.0
    block_padding: float = 5.0  # text from the edge of a coloured block
    mark_length: float = 5.0  # fold marks: this long, in from the top and bottom paper edges

    def __post_init__(self) -> None:
        for side in (self.outside, self.inside):
            if abs(sum(width for _, width in side) - self.width) > 1e-6:
                raise ValueError("the panels of a side must add up to the sheet width")
        if min(self.text_margin, self.text_top, self.block_inset + self.block_padding) < self.safe:
            raise ValueError("text margins must be at least the safe distance from edges and folds")
        if self.mark_length >= self.block_inset:
            raise ValueError("fold marks must end before any coloured block begins")

    def panels(self, side: str) -> tuple[Panel, ...]:
        """The panels of ``side`` ("outside" or "inside"), left to right."""
        panels, left = [], 0.0
        for role, width in getattr(self, side):
            panels.append(Panel(role, left, width))
            left += width
        return tuple(panels)

    def folds(self, side: str) -> tuple[float, ...]:
        """The x of each fold on ``side``, in mm from the left edge."""
        return tuple(panel.right for panel in self.panels(side)[:-1])


SHEET = Sheet()


@dataclass(frozen=True)
class Rect:
    """A rectangle on the page in points, origin bottom left (reportlab's convention)."""

    x: float
    y: float
    width: float
    height: float

    @property
    def top(self) -> float:
        return self.y + self.height

    @property
    def right(self) -> float:
        return self.x + self.width

    def inset(self, dx: float, dy: float | None = None) -> Rect:
        dy = dx if dy is None else dy
        return Rect(self.x + dx, self.y + dy, self.width - 2 * dx, self.height - 2 * dy)

    def below(self, top: float) -> Rect:
        """The part of this rectangle under ``top``."""
        return Rect(self.x, self.y, self.width, min(top, self.top) - self.y)


def panel_rect(panel: Panel, sheet: Sheet = SHEET) -> Rect:
    return Rect(panel.left * MM, 0.0, panel.width * MM, sheet.height * MM)


def block_rect(panel: Panel, sheet: Sheet = SHEET) -> Rect:
    """Where a panel's coloured block goes."""
    return panel_rect(panel, sheet).inset(sheet.block_inset * MM)


def text_rect(panel: Panel, sheet: Sheet = SHEET) -> Rect:
    """Where text goes on a white panel."""
    return panel_rect(panel, sheet).inset(sheet.text_margin * MM, sheet.text_top * MM)


def draw_fold_marks(canvas: Canvas, side: str, colour: Color, sheet: Sheet = SHEET) -> None:
    """Short hairlines at each fold, in from the top and bottom paper edges, clear of all content."""
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(0.4)
    height, length = sheet.height * MM, sheet.mark_length * MM
    for fold in sheet.folds(side):
        x = fold * MM
        canvas.line(x, 0, x, length)
        canvas.line(x, height - length, x, height)
