"""Tri-fold leaflet (tờ gấp): a ``Campaign`` in, the bytes of a print-ready PDF out.

Takes the campaign, the ``FontBook`` and the visual ``Theme`` (colours and
fonts by role; its logo, organisation and footer line when it has them) and
returns a two-page A4 landscape PDF
(vector, fonts embedded and subset, byte-identical for the same input), to be
printed double-sided flipping on the short edge and folded letter-style (roll
fold) into a 100 × 210 mm leaflet:

- page 1, the outside: inside flap (97 mm) | back panel (100 mm) | front cover (100 mm);
- page 2, the inside: the three panels the reader unfolds (100 | 100 | 97 mm).

The cover carries the logo, the organisation and the title; the back panel the
campaign messages, the source and a QR code to the full text, over the theme's
footer line; the flap the theme of the year, the two sides
compared, the source and the hashtags; the inside every item's number and
heading with its two short summaries, at the largest type size that fits.
Only text from the campaign is printed, apart from a few labels ("Thông điệp
truyền thông", "Nguồn", …). Lines break where Vietnamese allows (the cards'
line breaker: words and glossary terms stay whole). Content that cannot fit
raises ``FlashgenError`` saying how much does fit: nothing is ever cut off, or
shrunk below its minimum size, without a word.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations_with_replacement
from typing import TypeVar
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, Paragraph

from flashgen.errors import FlashgenError
from flashgen.load.content import Campaign, Item
from flashgen.load.fonts import Face, FontBook
from flashgen.load.theme import Theme, default_theme
from flashgen.pdf.branding import fit_logo, organisations
from flashgen.pdf.kit import (
    MM,
    DocInfo,
    Look,
    check_glyphs,
    draw_logo,
    draw_qr,
    new_canvas,
    vietnamese_lines,
)
from flashgen.text.wordbreak import WordBreaker

# --------------------------------------------------------------------------
# Geometry: the sheet, its panels and folds, as data.
# --------------------------------------------------------------------------


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

    width: float = 297.0
    height: float = 210.0
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

# Type sizes (pt), tried largest first. The inside never goes below 6.5 pt
# and the messages never below 7 pt: smaller is unreadable for many readers.
ITEM_SIZES = (12.0, 11.0, 10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0, 6.5)
MESSAGE_SIZES = (10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0)
TITLE_SIZES = (28.0, 26.0, 24.0, 22.0, 21.0, 20.0, 19.0, 18.0, 17.0, 16.0, 15.0, 14.0)
HEADER_SIZES = (16.0, 15.0, 14.0, 13.0, 12.0, 11.0)
THEME_SIZES = (20.0, 19.0, 18.0, 17.0, 16.0, 15.0, 14.0, 13.0, 12.0, 11.0)
# The theme's logo on the cover fits this box (width, height), proportions kept.
LOGO_BOX = (26 * MM, 11 * MM)
# With its 4-module quiet zone; a 130-character URL then prints with 0.4 mm
# modules, which phone cameras read from a hand's length.
QR_SIZE = 26 * MM

REGULAR, MEDIUM, SEMIBOLD, BOLD, EXTRABOLD, BLACK = 400, 500, 600, 700, 800, 900  # font weights

LABEL_THEME = "Chủ đề năm {year}"
LABEL_THEME_NO_YEAR = "Chủ đề"
LABEL_MESSAGES = "Thông điệp truyền thông"
LABEL_SOURCE = "Nguồn"
LABEL_QR = "Quét mã để đọc toàn văn"

TALL = 10_000.0  # an "unlimited" height, for measuring
T = TypeVar("T")


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


# --------------------------------------------------------------------------
# Text: Vietnamese line breaks, set by reportlab.
# --------------------------------------------------------------------------


class VietText(Flowable):
    """A paragraph broken where Vietnamese allows, then set as a reportlab ``Paragraph``.

    reportlab breaks at any space, so "chuyển đổi | số" could happen; the
    cards' line breaker keeps words and glossary terms
    whole and, for headings, balances the lines and avoids a lone last
    syllable. Its lines become explicit line breaks, so the text on the page
    (and copied from the PDF) is still exactly the content's.
    """

    def __init__(self, text: str, style: ParagraphStyle, face: Face, breaker: WordBreaker, heading: bool) -> None:
        super().__init__()
        self.text, self.style, self.heading = text, style, heading
        self.face = face
        self.breaker = breaker
        self._paragraph: Paragraph | None = None
        self._paragraphs: dict[float, Paragraph] = {}  # by width: columns differ, sizes are tried in turn

    def _lines(self, width: float) -> list[str]:
        lines = vietnamese_lines(self.text, self.face, self.style.fontSize, width, self.breaker, self.heading)
        return [self.text] if lines is None else lines  # a term wider than the line: reportlab breaks it

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if available_width not in self._paragraphs:
            markup = "<br/>".join(escape(line) for line in self._lines(available_width))
            self._paragraphs[available_width] = Paragraph(markup, self.style)
        self._paragraph = self._paragraphs[available_width]
        _, height = self._paragraph.wrap(available_width, available_height)
        self.width, self.height = available_width, height
        return available_width, height

    def draw(self) -> None:
        self._paragraph.drawOn(self.canv, 0, 0)


@dataclass(frozen=True)
class Type:
    """The leaflet's theme and line breaker: makes text flowables, names fonts and colours for the canvas.

    Headings, numbers and labels are set in the theme's "heading" font,
    running text (summaries, messages, the source) in its "body" font.
    """

    look: Look
    breaker: WordBreaker

    def font(self, weight: int, role: str = "heading") -> str:
        return self.look.face(role, weight).postscript_name

    def colour(self, role: str) -> Color:
        return self.look.colour(role)

    def text(self, text: str, role: str, weight: int, size: float, color: Color, leading: float = 1.3,
             heading: bool = False) -> VietText:
        face = self.look.face(role, weight)
        style = ParagraphStyle(
            name=f"{role}/{weight}/{size}", fontName=face.postscript_name, fontSize=size, leading=size * leading,
            textColor=color,
        )
        return VietText(text, style, face, self.breaker, heading)

    def fitted(self, text: str, weight: int, color: Color, sizes: Sequence[float], width: float,
               height: float, what: str) -> VietText:
        """``text`` as a heading at the largest of ``sizes`` that fits ``width`` × ``height``."""
        for size in sizes:
            flowable = self.text(text, "heading", weight, size, color, leading=1.22, heading=True)
            if height_of(flowable, width) <= height:
                return flowable
        raise FlashgenError(
            f"The {what} is too long for the leaflet: even at {sizes[-1]:g} pt it does not fit its "
            f"{width / MM:.0f} × {height / MM:.0f} mm area. Shorten it in the content file."
        )


def height_of(flowable: Flowable, width: float) -> float:
    return flowable.wrap(width, TALL)[1]


def draw_top(canvas: Canvas, flowable: Flowable, x: float, top: float, width: float) -> float:
    """Draw ``flowable`` hanging from ``top``; return its bottom."""
    height = height_of(flowable, width)
    flowable.drawOn(canvas, x, top - height)
    return top - height


def pill(canvas: Canvas, x: float, baseline: float, text: str, font: str, size: float, fill: Color, ink: Color,
         min_width: float = 0.0) -> float:
    """A rounded label around ``text`` sitting on ``baseline``; return its width."""
    width = max(stringWidth(text, font, size) + 1.2 * size, min_width)
    pad = (width - stringWidth(text, font, size)) / 2
    canvas.setFillColor(fill)
    canvas.roundRect(x, baseline - 0.45 * size, width, 1.6 * size, 0.8 * size, stroke=0, fill=1)
    canvas.setFillColor(ink)
    canvas.setFont(font, size)
    canvas.drawString(x + pad, baseline, text)
    return width


def line_size(text: str, font: str, sizes: Sequence[float], width: float) -> float | None:
    """The largest of ``sizes`` at which ``text`` fits ``width`` on one line, or None."""
    return next((size for size in sizes if stringWidth(text, font, size) <= width), None)


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


# --------------------------------------------------------------------------
# Flowables: one inside item, one message, the gap between rows.
# --------------------------------------------------------------------------


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


# --------------------------------------------------------------------------
# Fitting rows into columns.
# --------------------------------------------------------------------------


def fits(heights: Sequence[float], gap: float, capacity: float) -> bool:
    # Half a point of slack: platypus' Frame tolerates a hair of overshoot, we tolerate none.
    return sum(heights) + gap * max(len(heights) - 1, 0) <= capacity - 0.5


def count_fitting(heights: Sequence[Sequence[float]], gap: float, capacities: Sequence[float]) -> int:
    """How many rows fit, in order, each column filled before the next (``heights[column][row]``)."""
    placed, column, used = 0, 0, 0.0
    rows = len(heights[0]) if heights else 0
    while placed < rows and column < len(capacities):
        extra = heights[column][placed] + (gap if used else 0.0)
        if used + extra <= capacities[column] - 0.5:
            used += extra
            placed += 1
        else:
            column, used = column + 1, 0.0
    return placed


def balanced_split(heights: Sequence[Sequence[float]], gap: float, capacities: Sequence[float]) -> tuple[int, ...] | None:
    """Where to cut the rows into the columns so they fit and end at similar heights; None if no cut fits.

    Rows keep their order and are never split, so a heading never runs over a
    fold. Among the cuts that fit, the one that leaves fewest columns empty
    wins, then the one whose fullest column is least full, then the one
    whose columns end most alike.
    """
    rows = len(heights[0])
    best: tuple[tuple[int, float, float], tuple[int, ...]] | None = None
    for cuts in combinations_with_replacement(range(rows + 1), len(capacities) - 1):
        bounds = (0, *cuts, rows)
        slack = []
        for column, capacity in enumerate(capacities):
            placed = heights[column][bounds[column]:bounds[column + 1]]
            if not fits(placed, gap, capacity):
                break
            slack.append(capacity - sum(placed) - gap * max(len(placed) - 1, 0))
        else:
            # The columns share one bottom line, so their slack says how high each ends.
            empty = sum(1 for start, end in zip(bounds, bounds[1:]) if start == end)
            score = (empty, -min(slack), max(slack) - min(slack))
            if best is None or score < best[0]:
                best = (score, cuts)
    return None if best is None else best[1]


def fill_frame(canvas: Canvas, rect: Rect, rows: Sequence[Flowable], gap: float, rule: Color | None) -> None:
    """Draw ``rows`` top-down in a platypus Frame; a row that does not fit is a bug, never clipped."""
    frame = Frame(rect.x, rect.y, rect.width, rect.height, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0, showBoundary=0)
    for index, row in enumerate(rows):
        if index and not frame.add(Gap(gap, rule), canvas):
            raise RuntimeError("leaflet layout: a gap did not fit where it was measured to fit")
        if not frame.add(row, canvas):
            raise RuntimeError("leaflet layout: a row did not fit where it was measured to fit")


# --------------------------------------------------------------------------
# The inside: every item, condensed.
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A run of rows placed in one frame."""

    rect: Rect
    rows: tuple[Flowable, ...]


@dataclass(frozen=True)
class InsidePlan:
    """The type size and placement chosen for the items."""

    size: float
    summaries: bool
    gap: float
    columns: tuple[Column, ...]


def item_gap(size: float) -> float:
    """The least space between two items (a hairline runs through it)."""
    return 1.5 * size


def item_rows(campaign: Campaign, type_: Type, size: float, summaries: bool) -> list[ItemRow]:
    """One ``ItemRow`` per item at ``size`` (summaries 1 pt smaller, never below 6.5 pt)."""
    small = max(ITEM_SIZES[-1], size - 1.0)
    compare = campaign.compare
    sides = ((compare.from_label, type_.colour("text-muted"), "from_text"), (compare.to_label, type_.colour("link"), "to_text"))
    numbers = [f"{item.number:02d}" for item in campaign.items]
    bold = type_.font(BOLD)
    badge_width = max(stringWidth(number, bold, 0.9 * size) for number in numbers) + 0.9 * size
    labels = [label for label, _, _ in sides if label]
    label_width = max((stringWidth(label, bold, small) for label in labels), default=0.0) + 0.7 * small

    def summary_lines(item: Item) -> list[tuple[VietText, VietText]]:
        lines = []
        for label, color, field in sides:
            text = getattr(item, field)
            if summaries and text:
                lines.append((type_.text(label, "heading", BOLD, small, color),
                              type_.text(text, "body", REGULAR, small, type_.colour("text"))))
        return lines

    return [
        ItemRow(number, type_.text(item.heading, "heading", SEMIBOLD, size, type_.colour("primary"), leading=1.28,
                                   heading=True),
                summary_lines(item), type_, size, badge_width, label_width)
        for number, item in zip(numbers, campaign.items)
    ]


def row_heights(rows: Sequence[Flowable], rects: Sequence[Rect]) -> list[list[float]]:
    """``heights[column][row]``: each row's height in each column's width (measured once per width)."""
    by_width = {width: [height_of(row, width) for row in rows] for width in sorted({rect.width for rect in rects})}
    return [by_width[rect.width] for rect in rects]


def largest_fitting(sizes: Sequence[float], attempt: Callable[[float], T | None]) -> T | None:
    """``attempt`` at the largest of ``sizes`` (largest first) where it succeeds, or None.

    Bisection rather than trying every size, since smaller type only ever
    needs less room; ``attempt`` itself checks the fit, so whatever comes
    back fits.
    """
    results: dict[int, T | None] = {}

    def at(index: int) -> T | None:
        if index not in results:
            results[index] = attempt(sizes[index])
        return results[index]

    low, high = 0, len(sizes) - 1
    if at(high) is None:
        return None
    while low < high:  # sizes[high] fits; none before ``low`` does
        middle = (low + high) // 2
        if at(middle) is None:
            low = middle + 1
        else:
            high = middle
    return at(high)


def place_items(campaign: Campaign, type_: Type, rects: Sequence[Rect], size: float, summaries: bool) -> InsidePlan | None:
    """The items at ``size`` spread over ``rects``, or None if they do not fit."""
    capacities = [rect.height for rect in rects]
    rows = item_rows(campaign, type_, size, summaries)
    heights = row_heights(rows, rects)
    cuts = balanced_split(heights, item_gap(size), capacities)
    if cuts is None:
        return None
    bounds = (0, *cuts, len(rows))
    spans = list(zip(bounds, bounds[1:]))
    columns = tuple(Column(rect, tuple(rows[start:end])) for rect, (start, end) in zip(rects, spans))
    # Leftover height becomes a little more air between rows, the same in
    # every column (so the columns keep one rhythm), up to 1.6 times the least.
    air = [
        (capacities[c] - 0.5 - sum(heights[c][start:end])) / (end - start - 1)
        for c, (start, end) in enumerate(spans) if end - start > 1
    ]
    gap = max(item_gap(size), min([1.6 * item_gap(size), *air]))
    return InsidePlan(size, summaries, gap, columns)


def plan_inside(campaign: Campaign, type_: Type, rects: Sequence[Rect]) -> InsidePlan:
    """The largest type size at which every item fits the inside columns.

    Summaries first: the size steps down to 6.5 pt with them, and only then
    are they dropped (and the sizes tried again). If the headings alone do not
    fit at 6.5 pt, ``FlashgenError`` says how many items would fit.
    """
    has_summaries = any(item.from_text or item.to_text for item in campaign.items)
    for summaries in (True, False) if has_summaries else (False,):
        plan = largest_fitting(ITEM_SIZES, lambda size: place_items(campaign, type_, rects, size, summaries))
        if plan is not None:
            return plan
    size = ITEM_SIZES[-1]
    rows = item_rows(campaign, type_, size, False)
    fitting = count_fitting(row_heights(rows, rects), item_gap(size), [rect.height for rect in rects])
    raise FlashgenError(
        f"The leaflet's inside has room for {fitting} of the {len(rows)} items: even at {size:g} pt and without "
        "the short summaries, the headings do not fit its three panels. Shorten the headings or use fewer items."
    )


def compare_rows(campaign: Campaign, type_: Type) -> list[tuple[str, str, Color, Color]]:
    """(label, name, pill colour, pill text colour) of each side compared that the content names."""
    compare, primary = campaign.compare, type_.colour("primary")
    rows = [(compare.from_label, compare.from_name, type_.colour("on-primary-muted"), primary),
            (compare.to_label, compare.to_name, type_.colour("accent"), primary)]
    return [row for row in rows if row[0] and row[1]]


def draw_inside_header(canvas: Canvas, campaign: Campaign, type_: Type, panel: Panel) -> float:
    """The navy title block at the top of the first inside panel; return its bottom."""
    block = block_rect(panel)
    pad = SHEET.block_padding * MM
    width = block.width - 2 * pad
    title = type_.fitted(campaign.title, BOLD, type_.colour("on-primary"), HEADER_SIZES, width, 32 * MM, "title")
    legend = compare_rows(campaign, type_)
    line = 5.2 * MM
    height = 2 * pad + height_of(title, width) + (2.5 * MM + line * len(legend) if legend else 0)
    top = block.top
    canvas.setFillColor(type_.colour("primary"))
    canvas.roundRect(block.x, top - height, block.width, height, 3 * MM, stroke=0, fill=1)
    x = block.x + pad
    y = draw_top(canvas, title, x, top - pad, width) - 2.5 * MM
    bold = type_.font(BOLD)
    label_width = max((stringWidth(label, bold, 7.5) for label, *_ in legend), default=0) + 1.2 * 7.5
    medium = type_.font(MEDIUM)
    for label, name, fill, ink in legend:
        size = line_size(name, medium, (8.5, 8.0, 7.5, 7.0), width - label_width - 2.5 * MM)
        if size is None:
            raise FlashgenError(
                f"The name '{name}' (section 'compare') is too long for one line of the leaflet's legend; shorten it."
            )
        baseline = y - line + 1.7 * MM
        pill(canvas, x, baseline, label, bold, 7.5, fill, ink, min_width=label_width)
        canvas.setFillColor(type_.colour("on-primary"))
        canvas.setFont(medium, size)
        canvas.drawString(x + label_width + 2.5 * MM, baseline, name)
        y -= line
    return top - height


def draw_inside(canvas: Canvas, campaign: Campaign, type_: Type) -> InsidePlan:
    panels = SHEET.panels("inside")
    header_bottom = draw_inside_header(canvas, campaign, type_, panels[0])
    rects = [text_rect(panel) for panel in panels]
    rects[0] = rects[0].below(header_bottom - 6 * MM)
    plan = plan_inside(campaign, type_, rects)
    for column in plan.columns:
        fill_frame(canvas, column.rect, column.rows, plan.gap, rule=type_.colour("rule"))
    return plan


# --------------------------------------------------------------------------
# The outside: cover, back panel, flap.
# --------------------------------------------------------------------------


def draw_rings(canvas: Canvas, block: Rect, type_: Type) -> None:
    """The cards' rings in the block's top right corner, clipped to the block."""
    canvas.saveState()
    clip = canvas.beginPath()
    clip.roundRect(block.x, block.y, block.width, block.height, 3 * MM)
    canvas.clipPath(clip, stroke=0, fill=0)
    cx, cy = block.right - 4 * MM, block.top - 14 * MM
    canvas.setFillColor(type_.colour("primary-light"))
    canvas.circle(cx, cy, 32 * MM, stroke=0, fill=1)
    canvas.setStrokeColor(type_.colour("ring"))
    canvas.setLineWidth(0.8)
    for radius in (22 * MM, 42 * MM):
        canvas.circle(cx, cy, radius, stroke=1, fill=0)
    canvas.restoreState()


def draw_masthead(canvas: Canvas, campaign: Campaign, type_: Type, x: float, top: float, width: float) -> float:
    """The organisation at the top of the cover, beside the theme's logo or an accent bar; return the bottom.

    The logo sits on a small paper-coloured tile: a logo is drawn for white
    paper, and would vanish on the primary colour.
    """
    names = [type_.text(name, "heading", SEMIBOLD, 8.5, type_.colour("on-primary-muted" if index else "on-primary"),
                        leading=1.25)
             for index, name in enumerate(organisations(campaign, type_.look.theme))]
    logo = type_.look.theme.logo
    if logo is None:
        if not names:
            return top
        bottom = top
        for name in names:
            bottom = draw_top(canvas, name, x + 3 * MM, bottom, width * 0.62) - (1 * MM if name is not names[-1] else 0)
        canvas.setFillColor(type_.colour("accent"))
        canvas.roundRect(x, bottom + 0.5, 1.2 * MM, top - bottom - 0.5, 0.6 * MM, stroke=0, fill=1)
        return bottom
    inset = 1.5 * MM
    box = LOGO_BOX
    tile_width = fit_logo(logo, *box)[0] + 2 * inset
    tile_height = box[1] + 2 * inset
    canvas.setFillColor(type_.colour("paper"))
    canvas.roundRect(x, top - tile_height, tile_width, tile_height, 1.5 * MM, stroke=0, fill=1)
    draw_logo(canvas, logo, x + inset, top - tile_height + inset, *box)
    text_x = x + tile_width + 3 * MM
    text_width = x + width - text_x
    text_height = sum(height_of(name, text_width) for name in names) + 1 * MM * max(len(names) - 1, 0)
    bottom = top - max(0.0, (tile_height - text_height) / 2)  # centred on the tile, or hanging from its top
    for name in names:
        bottom = draw_top(canvas, name, text_x, bottom, text_width) - 1 * MM
    return min(bottom + 1 * MM, top - tile_height)


def draw_cover(canvas: Canvas, campaign: Campaign, type_: Type, panel: Panel) -> None:
    """Logo and organisation, the item count as a graphic, title, subtitle; the two sides and the year at the foot."""
    block = block_rect(panel)
    canvas.setFillColor(type_.colour("primary"))
    canvas.roundRect(block.x, block.y, block.width, block.height, 3 * MM, stroke=0, fill=1)
    draw_rings(canvas, block, type_)
    pad = SHEET.block_padding * MM + 2 * MM
    x, width = block.x + pad, block.width - 2 * pad
    top = draw_masthead(canvas, campaign, type_, x, block.top - pad, width)
    # The number of items, big: the figure the campaign is known by ("17 điểm").
    count = str(len(campaign.items))
    count_size = min(136.0, width / stringWidth(count, type_.font(BLACK), 1.0))
    canvas.setFillColor(type_.colour("accent"))
    canvas.setFont(type_.font(BLACK), count_size)
    baseline = top - 14 * MM - 0.72 * count_size  # digits stand 0.72 em tall
    canvas.drawString(x - 0.04 * count_size, baseline, count)
    top = baseline - 7 * MM
    canvas.roundRect(x, top - 1.4 * MM, 16 * MM, 1.4 * MM, 0.7 * MM, stroke=0, fill=1)
    top -= 7 * MM

    footer = 14 * MM  # the pills and the year along the bottom
    subtitle = None
    if campaign.subtitle:
        subtitle = type_.text(campaign.subtitle, "body", REGULAR, 10.0, type_.colour("on-primary-muted"), leading=1.35)
    room = top - (block.y + pad + footer) - (height_of(subtitle, width) + 5 * MM if subtitle else 0)
    title = type_.fitted(campaign.title, BOLD, type_.colour("on-primary"), TITLE_SIZES, width, room, "title")
    top = draw_top(canvas, title, x, top, width) - 5 * MM
    if subtitle:
        draw_top(canvas, subtitle, x, top, width)

    baseline = block.y + pad + 1 * MM
    compare = campaign.compare
    bold = type_.font(BOLD)
    year_width = stringWidth(str(campaign.year), bold, 12.0) + 4 * MM if campaign.year is not None else 0.0
    pills = sum(stringWidth(label, bold, 9.0) + 1.2 * 9.0 for label in (compare.from_label, compare.to_label))
    # Short labels (CNTT → CĐS) only: long ones would run into the year.
    if compare.from_label and compare.to_label and pills + 11.4 * MM <= width - year_width:
        on_primary, accent = type_.colour("on-primary"), type_.colour("accent")
        left = x + pill(canvas, x, baseline, compare.from_label, bold, 9.0, type_.colour("primary-light"), on_primary) + 2.2 * MM
        arrow(canvas, left, baseline + 0.33 * 9.0, 7 * MM, 0, accent)
        pill(canvas, left + 9.2 * MM, baseline, compare.to_label, bold, 9.0, accent, type_.colour("primary"))
    if campaign.year is not None:
        canvas.setFillColor(type_.colour("on-primary"))
        canvas.setFont(bold, 12.0)
        canvas.drawRightString(block.right - pad, baseline, str(campaign.year))


def source_lines(campaign: Campaign) -> list[str]:
    """The credit line, or the title and speaker when there is no credit."""
    source = campaign.source
    if source.credit:
        return [source.credit]
    return [line for line in (source.title, source.speaker) if line]


def draw_footer_line(canvas: Canvas, type_: Type, panel: Panel) -> float:
    """The theme's footer line (contacts, fanpage …), small and centred at the foot of ``panel``;
    return the height it takes there (0 without one)."""
    footer = type_.look.theme.footer
    if not footer:
        return 0.0
    block = block_rect(panel)
    style = ParagraphStyle("footer", fontName=type_.font(REGULAR, "body"), fontSize=7.0, leading=7.0 * 1.3,
                           textColor=type_.colour("text-muted"), alignment=TA_CENTER)
    line = VietText(footer, style, type_.look.face("body", REGULAR), type_.breaker, heading=False)
    height = height_of(line, block.width)
    line.drawOn(canvas, block.x, block.y + 0.5 * MM)
    return height + 3 * MM


def draw_source_block(canvas: Canvas, campaign: Campaign, type_: Type, panel: Panel, bottom: float) -> float:
    """The light block at the foot of the back panel (QR code, credit), from ``bottom`` up; return its top."""
    lines = source_lines(campaign)
    url = campaign.source.url
    full = block_rect(panel)
    block = Rect(full.x, bottom, full.width, full.top - bottom)
    if not lines and not url:
        return block.y
    pad = SHEET.block_padding * MM
    qr = QR_SIZE if url else 0.0
    text_x = block.x + pad + (qr + 4 * MM if url else 0)
    text_width = block.right - pad - text_x
    caption = type_.text(LABEL_QR, "heading", BOLD, 8.5, type_.colour("primary")) if url else None
    credit = [type_.text(line, "body", REGULAR, 7.5, type_.colour("text-muted"), leading=1.35) for line in lines]
    text_height = (height_of(caption, text_width) + 2 * MM if caption else 0) + sum(height_of(p, text_width) for p in credit)
    height = max(qr, text_height) + 2 * pad
    canvas.setFillColor(type_.colour("surface"))
    canvas.roundRect(block.x, block.y, block.width, height, 3 * MM, stroke=0, fill=1)
    if url:
        draw_qr(canvas, url, block.x + pad, block.y + pad, QR_SIZE, type_.colour("primary"))
    top = block.y + pad + (max(qr, text_height) + text_height) / 2  # text centred on the QR code
    if caption:
        top = draw_top(canvas, caption, text_x, top, text_width) - 2 * MM
    for paragraph in credit:
        top = draw_top(canvas, paragraph, text_x, top, text_width)
    return block.y + height


def message_rows(campaign: Campaign, type_: Type, size: float) -> list[MessageRow]:
    return [MessageRow(type_.text(message, "body", MEDIUM, size, type_.colour("text"), leading=1.32), size,
                       type_.colour("accent")) for message in campaign.messages]


def draw_imprint(canvas: Canvas, campaign: Campaign, type_: Type, rect: Rect) -> None:
    """Without messages the back panel names who issues the leaflet, and when."""
    top = rect.top - 2 * MM
    if not campaign.organisation and campaign.year is None:
        return
    accent_bar(canvas, rect.x, top, type_.colour("accent"))
    top -= 5 * MM
    if campaign.organisation:
        organisation = type_.fitted(campaign.organisation, EXTRABOLD, type_.colour("primary"), HEADER_SIZES, rect.width,
                                    40 * MM, "organisation")
        top = draw_top(canvas, organisation, rect.x, top, rect.width) - 3 * MM
    if campaign.year is not None:
        canvas.setFillColor(type_.colour("text-muted"))
        canvas.setFont(type_.font(SEMIBOLD), 11.0)
        canvas.drawString(rect.x, top - 11.0, str(campaign.year))


def draw_back(canvas: Canvas, campaign: Campaign, type_: Type, panel: Panel) -> float | None:
    """The messages over the source block; return the messages' type size (None without messages)."""
    footer = draw_footer_line(canvas, type_, panel)
    floor = draw_source_block(canvas, campaign, type_, panel, block_rect(panel).y + footer)
    rect = text_rect(panel)
    if not campaign.messages:
        draw_imprint(canvas, campaign, type_, rect)
        return None
    top = rect.top - 2 * MM
    accent_bar(canvas, rect.x, top, type_.colour("accent"))
    heading = type_.text(LABEL_MESSAGES, "heading", EXTRABOLD, 14.0, type_.colour("primary"), leading=1.2)
    top = draw_top(canvas, heading, rect.x, top - 4 * MM, rect.width) - 5 * MM
    area = Rect(rect.x, floor + 6 * MM, rect.width, top - floor - 6 * MM)

    def place(size: float) -> tuple[list[MessageRow], float] | None:
        rows = message_rows(campaign, type_, size)
        heights = [height_of(row, area.width) for row in rows]
        if not fits(heights, 1.1 * size, area.height):
            return None
        # Leftover height becomes air between the messages, up to twice the least.
        air = (area.height - 0.5 - sum(heights)) / max(len(rows) - 1, 1)
        return rows, min(max(1.1 * size, air), 2.2 * size)

    placed = largest_fitting(MESSAGE_SIZES, place)
    if placed is not None:
        rows, gap = placed
        fill_frame(canvas, area, rows, gap, rule=None)
        return rows[0].size
    size = MESSAGE_SIZES[-1]
    rows = message_rows(campaign, type_, size)
    fitting = count_fitting([[height_of(row, area.width) for row in rows]], 1.1 * size, [area.height])
    raise FlashgenError(
        f"The leaflet's back panel has room for {fitting} of the {len(rows)} messages at {size:g} pt "
        "(the smallest size it uses). Shorten the messages or keep fewer of them in the content file."
    )


def compare_name_size(type_: Type, name: str, label_width: float, width: float) -> float | None:
    """The size of a side's name in the flap's compare boxes (None: it does not fit on one line)."""
    return line_size(name, type_.font(SEMIBOLD), (10.5, 10.0, 9.5, 9.0, 8.5, 8.0), width - label_width - 11 * MM)


def draw_compare(canvas: Canvas, campaign: Campaign, type_: Type, x: float, top: float, width: float) -> float:
    """The two sides as the cards show them: a paper box, an accent arrow, a primary box; return the bottom."""
    rows = compare_rows(campaign, type_)
    box_height, step = 13 * MM, 7 * MM
    bold, semibold = type_.font(BOLD), type_.font(SEMIBOLD)
    primary = type_.colour("primary")
    label_width = max(stringWidth(label, bold, 8.0) for label, *_ in rows) + 1.2 * 8.0
    for index, (label, name, fill, ink) in enumerate(rows):
        last = index == len(rows) - 1 and len(rows) > 1
        canvas.setFillColor(primary if last else type_.colour("paper"))
        canvas.setStrokeColor(type_.colour("rule"))
        canvas.setLineWidth(0.6)
        canvas.roundRect(x, top - box_height, width, box_height, 2.5 * MM, stroke=0 if last else 1, fill=1)
        baseline = top - box_height / 2 - 0.35 * 9.0
        pill(canvas, x + 4 * MM, baseline, label, bold, 8.0, fill, ink, min_width=label_width)
        canvas.setFillColor(type_.colour("on-primary") if last else primary)
        canvas.setFont(semibold, compare_name_size(type_, name, label_width, width))
        canvas.drawString(x + 4 * MM + label_width + 3 * MM, baseline, name)
        top -= box_height
        if index < len(rows) - 1:
            arrow(canvas, x + width / 2, top - 1.2 * MM, 0, -(step - 2.4 * MM), type_.colour("accent"))
            top -= step
    return top


def draw_flap(canvas: Canvas, campaign: Campaign, type_: Type, panel: Panel) -> None:
    """The panel seen first when the cover opens: theme of the year, the two sides, source, hashtags."""
    source = campaign.source
    if not (campaign.theme or campaign.hashtags or source.title or source.speaker or source.letter
            or compare_rows(campaign, type_)):
        return  # an empty tinted panel would look like a printing fault
    block = block_rect(panel)
    canvas.setFillColor(type_.colour("surface"))
    canvas.roundRect(block.x, block.y, block.width, block.height, 3 * MM, stroke=0, fill=1)
    pad = SHEET.block_padding * MM + 1 * MM
    x, width = block.x + pad, block.width - 2 * pad
    top, floor = block.top - pad, block.y + pad

    if campaign.hashtags:
        tags = type_.text("  ".join(campaign.hashtags), "heading", SEMIBOLD, 9.0, type_.colour("link"), leading=1.5)
        height = height_of(tags, width)
        tags.drawOn(canvas, x, floor)
        floor += height + 6 * MM

    lines = [(text, weight, size, color) for text, weight, size, color in (
        (source.title, MEDIUM, 9.0, "text"), (source.speaker, SEMIBOLD, 8.5, "primary"),
        (source.letter, REGULAR, 8.0, "text-muted"),
    ) if text]
    if lines:
        paragraphs = [type_.text(text, "body", weight, size, type_.colour(color), leading=1.35)
                      for text, weight, size, color in lines]
        label = 7.5 + 3 * MM
        needed = label + sum(height_of(p, width) for p in paragraphs) + 2.5 * MM * (len(paragraphs) - 1)
        theme_room = 40 * MM if campaign.theme else 0.0  # room for at least a short theme
        if floor + needed + 6 * MM > top - theme_room:
            raise FlashgenError(
                "The source (title, speaker, letter) is too long for the leaflet's flap: shorten it in the content file."
            )
        # The source sits at the foot of the panel, over the hashtags.
        y = floor + needed
        canvas.setStrokeColor(type_.colour("rule"))
        canvas.setLineWidth(0.6)
        canvas.line(x, y + 5 * MM, x + width, y + 5 * MM)
        canvas.setFillColor(type_.colour("text-muted"))
        canvas.setFont(type_.font(BOLD), 7.5)
        canvas.drawString(x, y - 7.5, LABEL_SOURCE.upper())
        y -= label
        for paragraph in paragraphs:
            y = draw_top(canvas, paragraph, x, y, width) - 2.5 * MM
        floor += needed + 5 * MM

    if campaign.theme:
        year = LABEL_THEME.format(year=campaign.year) if campaign.year is not None else LABEL_THEME_NO_YEAR
        pill(canvas, x, top - 9.0, year, type_.font(BOLD), 8.5, type_.colour("accent"), type_.colour("primary"))
        top -= 9.0 + 6 * MM
        theme = type_.fitted(campaign.theme, EXTRABOLD, type_.colour("primary"), THEME_SIZES, width, min(70 * MM, top - floor),
                             "theme")
        top = draw_top(canvas, theme, x, top, width)

    # The two sides compared fill the middle, if there is room for them; the
    # graphic is a repeat of the inside's legend, so it is left out rather
    # than squeezed.
    rows = compare_rows(campaign, type_)
    needed = len(rows) * 13 * MM + (len(rows) - 1) * 7 * MM
    bold = type_.font(BOLD)
    label_width = max((stringWidth(label, bold, 8.0) for label, *_ in rows), default=0.0) + 1.2 * 8.0
    names_fit = all(compare_name_size(type_, name, label_width, width) for _, name, _, _ in rows)
    if rows and names_fit and top - floor >= needed + 12 * MM:
        draw_compare(canvas, campaign, type_, x, (top + floor + needed) / 2, width)


# --------------------------------------------------------------------------
# The sheet.
# --------------------------------------------------------------------------


def draw_fold_marks(canvas: Canvas, side: str, colour: Color, sheet: Sheet = SHEET) -> None:
    """Short hairlines at each fold, in from the top and bottom paper edges, clear of all content."""
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(0.4)
    height, length = sheet.height * MM, sheet.mark_length * MM
    for fold in sheet.folds(side):
        x = fold * MM
        canvas.line(x, 0, x, length)
        canvas.line(x, height - length, x, height)


def doc_info(campaign: Campaign) -> DocInfo:
    return DocInfo(
        title=f"Tờ gấp {campaign.title}",
        author=campaign.organisation,
        subject=campaign.source.title or campaign.title,
        keywords=", ".join([campaign.compare.from_name, campaign.compare.to_name, *campaign.hashtags]).strip(", "),
    )


def build_leaflet(campaign: Campaign, fonts: FontBook, theme: Theme | None = None) -> bytes:
    """The tri-fold leaflet of ``campaign`` in ``theme`` (default: xanh) as PDF bytes: two A4 landscape pages,
    outside then inside.

    Raises ``FlashgenError`` if the items, messages, title, theme or source
    cannot fit at their smallest type size, saying how much does fit.
    """
    buffer = io.BytesIO()
    # Duplex hint: the sheet is landscape with its panels side by side, so it
    # must turn over on its short edge (like a book page) for the inside to
    # print upright behind the outside, each panel behind its mirror image.
    # Flipping on the long edge would print the inside upside down.
    look = Look(fonts, theme or default_theme())
    check_glyphs(campaign, look, "leaflet")
    canvas = new_canvas(buffer, (SHEET.width * MM, SHEET.height * MM), doc_info(campaign), fonts, duplex="short",
                        initial_font=look.body(REGULAR))
    type_ = Type(look, WordBreaker.for_glossary(campaign.glossary))
    flap, back, cover = SHEET.panels("outside")
    draw_fold_marks(canvas, "outside", look.colour("text-muted"))
    draw_cover(canvas, campaign, type_, cover)
    draw_back(canvas, campaign, type_, back)
    draw_flap(canvas, campaign, type_, flap)
    canvas.showPage()
    draw_fold_marks(canvas, "inside", look.colour("text-muted"))
    draw_inside(canvas, campaign, type_)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
