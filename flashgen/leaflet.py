"""Tri-fold leaflet (tờ gấp): a ``Campaign`` in, the bytes of a print-ready PDF out.

Takes the campaign and the ``FontBook`` and returns a two-page A4 landscape PDF
(vector, fonts embedded and subset, byte-identical for the same input), to be
printed double-sided flipping on the short edge and folded letter-style (roll
fold) into a 100 × 210 mm leaflet:

- page 1, the outside: inside flap (97 mm) | back panel (100 mm) | front cover (100 mm);
- page 2, the inside: the three panels the reader unfolds (100 | 100 | 97 mm).

The cover carries the title, the back panel the campaign messages with the
source and a QR code to the full text, the flap the theme of the year and the
hashtags, and the inside every item's number and heading with its two short
summaries, at the largest type size that fits. Only text from the campaign is
printed, apart from a few labels ("Thông điệp truyền thông", "Nguồn", …).
Content that cannot fit raises ``FlashgenError`` saying how much does fit:
nothing is ever cut off or shrunk below its minimum size without a word.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations_with_replacement
from xml.sax.saxutils import escape

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, Paragraph

from .content import Campaign, Item
from .errors import FlashgenError
from .fonts import FontBook
from .pdfkit import MM, DocInfo, font_name, new_canvas

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
    # Printing flips the sheet on its short edge, which mirrors left and
    # right: the flap is at the left outside and at the right inside.
    outside: tuple[tuple[str, float], ...] = (("flap", 97.0), ("back", 100.0), ("cover", 100.0))
    inside: tuple[tuple[str, float], ...] = (("inside-left", 100.0), ("inside-middle", 100.0), ("inside-right", 97.0))
    safe: float = 6.0  # no text nearer than this to a paper edge or a fold (folding is never exact)
    text_margin: float = 8.0  # text from edges and folds on a white panel
    # Coloured blocks stop short of edges and folds: office printers cannot
    # print the outer 4–5 mm anyway (nor the fold marks' 5 mm), and a block that ended on a fold would
    # show a sliver of colour on the wrong side when the fold lands 1 mm off.
    block_inset: float = 6.0
    block_padding: float = 5.0  # text from the edge of a coloured block
    mark_length: float = 5.0  # fold marks: this long, from the top and bottom paper edges

    def __post_init__(self) -> None:
        for side in (self.outside, self.inside):
            if abs(sum(width for _, width in side) - self.width) > 1e-6:
                raise ValueError("the panels of a side must add up to the sheet width")
        # The layout relies on these; a change to the table must keep them true.
        assert self.text_margin >= self.safe and self.block_inset + self.block_padding >= self.safe
        assert self.mark_length < self.block_inset, "fold marks must end before any block begins"

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

# Type sizes (pt) tried largest first. The inside never goes below 6.5 pt,
# the messages never below 7 pt: smaller is unreadable for many readers.
ITEM_SIZES = (10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0, 6.5)
MESSAGE_SIZES = (10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0)
QR_SIZE = 26 * MM  # with its 4-module quiet zone; prints ≥ 0.4 mm modules for a long URL

NAVY = HexColor("#0B2A5B")
BLUE = HexColor("#12408A")
BRIGHT = HexColor("#1552B0")
GOLD = HexColor("#FFC83D")
LIGHT = HexColor("#F2F5FA")
TEXT = HexColor("#1F2A3C")
MUTED = HexColor("#5B6B82")
RULE = HexColor("#D3DBE8")
PALE = HexColor("#C9D6EE")  # secondary text on navy

LABEL_THEME = "Chủ đề năm {year}"
LABEL_THEME_NO_YEAR = "Chủ đề"
LABEL_MESSAGES = "Thông điệp truyền thông"
LABEL_SOURCE = "Nguồn"
LABEL_QR = "Quét mã để đọc toàn văn"


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
    return panel_rect(panel, sheet).inset(sheet.block_inset * MM)


@dataclass(frozen=True)
class Faces:
    """The reportlab names of the Be Vietnam Pro weights the leaflet uses."""

    light: str
    regular: str
    medium: str
    semibold: str
    bold: str
    extrabold: str
    black: str

    @classmethod
    def from_book(cls, fonts: FontBook) -> Faces:
        return cls(*(font_name(fonts, weight) for weight in (300, 400, 500, 600, 700, 800, 900)))


# --------------------------------------------------------------------------
# Text helpers.
# --------------------------------------------------------------------------

TALL = 10_000.0  # "unlimited" height for measuring


def para(text: str, font: str, size: float, color: Color, leading: float = 1.3) -> Paragraph:
    """A left-aligned paragraph of plain text (escaped: '&' in "TT&TT" is not markup)."""
    style = ParagraphStyle(
        name=f"{font}/{size}", fontName=font, fontSize=size, leading=size * leading, textColor=color
    )
    return Paragraph(escape(text), style)


def height_of(flowable: Flowable, width: float) -> float:
    return flowable.wrap(width, TALL)[1]


def draw_top(canvas: Canvas, flowable: Flowable, x: float, top: float, width: float) -> float:
    """Draw ``flowable`` hanging from ``top``; return its bottom."""
    height = height_of(flowable, width)
    flowable.drawOn(canvas, x, top - height)
    return top - height


def fitted(text: str, font: str, color: Color, sizes: Sequence[float], width: float, height: float, what: str) -> Paragraph:
    """``text`` at the largest of ``sizes`` that fits ``width`` × ``height``."""
    for size in sizes:
        paragraph = para(text, font, size, color, leading=1.22)
        if height_of(paragraph, width) <= height:
            return paragraph
    raise FlashgenError(
        f"The {what} is too long for the leaflet: even at {sizes[-1]:g} pt it does not fit its "
        f"{width / MM:.0f} × {height / MM:.0f} mm area. Shorten it in the content file."
    )


def pill(canvas: Canvas, x: float, baseline: float, text: str, font: str, size: float, fill: Color, ink: Color) -> float:
    """A rounded label around ``text`` whose baseline is ``baseline``; return its width."""
    pad = 0.55 * size
    width = stringWidth(text, font, size) + 2 * pad
    canvas.setFillColor(fill)
    canvas.roundRect(x, baseline - 0.42 * size, width, 1.5 * size, 0.75 * size, stroke=0, fill=1)
    canvas.setFillColor(ink)
    canvas.setFont(font, size)
    canvas.drawString(x + pad, baseline, text)
    return width


def gold_bar(canvas: Canvas, x: float, top: float, width: float = 12 * MM) -> None:
    canvas.setFillColor(GOLD)
    canvas.roundRect(x, top - 1.3 * MM, width, 1.3 * MM, 0.65 * MM, stroke=0, fill=1)


# --------------------------------------------------------------------------
# Flowables: one inside item, one message, the gap between items.
# --------------------------------------------------------------------------


class ItemRow(Flowable):
    """One item on the inside: number badge, heading, and its two summary lines."""

    def __init__(self, number: str, heading: Paragraph, summaries: list[tuple[Paragraph, Paragraph]],
                 faces: Faces, size: float, badge_width: float, label_width: float) -> None:
        super().__init__()
        self.number, self.heading, self.summaries = number, heading, summaries
        self.faces, self.size = faces, size
        self.badge_width, self.label_width = badge_width, label_width
        self.column = badge_width + 0.55 * size  # text starts right of the badge

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
        # The number sits on the heading's first baseline, so text extraction
        # reads "01 Chuyển …" and never puts it inside the heading.
        baseline = self.height - self.heading.style.fontSize
        number_size = 0.9 * size
        centre = baseline + 0.36 * number_size
        canvas.setFillColor(NAVY)
        canvas.roundRect(0, centre - 0.78 * size, self.badge_width, 1.56 * size, 0.45 * size, stroke=0, fill=1)
        canvas.setFillColor(GOLD)
        canvas.setFont(self.faces.bold, number_size)
        canvas.drawCentredString(self.badge_width / 2, baseline, self.number)
        for label, text in self.summaries:
            top -= 0.3 * size
            draw_top(canvas, label, self.column, top, self.label_width)
            top = draw_top(canvas, text, self.column + self.label_width, top, text_width - self.label_width)


class MessageRow(Flowable):
    """One campaign message, with a gold bar down its left side like a pull quote."""

    def __init__(self, text: Paragraph, size: float) -> None:
        super().__init__()
        self.text, self.size = text, size
        self.indent = 1.1 * size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = height_of(self.text, available_width - self.indent)
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setFillColor(GOLD)
        # From the first line's cap height to the last line's baseline.
        leading = self.text.style.leading
        self.canv.roundRect(0, leading - self.size, 0.22 * self.size, self.height - leading + 0.05 * self.size,
                            0.11 * self.size, stroke=0, fill=1)
        draw_top(self.canv, self.text, self.indent, self.height, self.width - self.indent)


class Gap(Flowable):
    """Space between two rows, with an optional hairline across its middle."""

    def __init__(self, height: float, rule: bool) -> None:
        super().__init__()
        self.height, self.rule = height, rule

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.height

    def draw(self) -> None:
        if self.rule:
            self.canv.setStrokeColor(RULE)
            self.canv.setLineWidth(0.5)
            self.canv.line(0, self.height / 2, self.width, self.height / 2)


# --------------------------------------------------------------------------
# Fitting rows into columns.
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A run of rows placed in one frame, with the gap between them."""

    rect: Rect
    rows: tuple[Flowable, ...]


def _fits(heights: Sequence[float], gap: float, capacity: float) -> bool:
    # Half a point of slack: Frame.add allows a tiny overshoot, we allow none.
    return sum(heights) + gap * max(len(heights) - 1, 0) <= capacity - 0.5


def count_fitting(heights: Sequence[Sequence[float]], gap: float, capacities: Sequence[float]) -> int:
    """How many rows fit, in order, filling each column before the next (``heights[c][i]``)."""
    placed, column, used = 0, 0, 0.0
    n = len(heights[0]) if heights else 0
    while placed < n and column < len(capacities):
        extra = heights[column][placed] + (gap if used else 0.0)
        if used + extra <= capacities[column] - 0.5:
            used += extra
            placed += 1
        else:
            column, used = column + 1, 0.0
    return placed


def balanced_split(heights: Sequence[Sequence[float]], gap: float, capacities: Sequence[float]) -> tuple[int, ...] | None:
    """Split points that fit rows into the three columns and even out their bottoms, or None.

    Rows keep their order and are never split, so a heading never runs
    across a fold. Among the splits that fit, the one whose fullest column is
    least full wins (then the one whose columns end most alike).
    """
    n = len(heights[0])
    best: tuple[tuple[float, float], tuple[int, ...]] | None = None
    for cuts in combinations_with_replacement(range(n + 1), len(capacities) - 1):
        bounds = (0, *cuts, n)
        slack = []
        for c, capacity in enumerate(capacities):
            rows = heights[c][bounds[c]:bounds[c + 1]]
            if not _fits(rows, gap, capacity):
                break
            slack.append(capacity - sum(rows) - gap * max(len(rows) - 1, 0))
        else:
            # Columns share one bottom line, so slack says how high each ends.
            score = (-min(slack), max(slack) - min(slack))
            if best is None or score < best[0]:
                best = (score, cuts)
    return None if best is None else best[1]


def fill_frame(canvas: Canvas, rect: Rect, rows: Sequence[Flowable], gap: float, rule: bool) -> None:
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
class InsidePlan:
    """The type size and placement chosen for the items."""

    size: float
    summaries: bool
    gap: float
    columns: tuple[Column, ...]


def item_gap(size: float) -> float:
    return 1.5 * size


def item_rows(campaign: Campaign, faces: Faces, size: float, summaries: bool) -> list[ItemRow]:
    """One ``ItemRow`` per item at ``size`` (summaries one step smaller, never below 6.5 pt)."""
    small = max(6.5, size - 1.0)
    compare = campaign.compare
    sides = ((compare.from_label, MUTED, "from_text"), (compare.to_label, BRIGHT, "to_text"))
    numbers = [f"{item.number:02d}" for item in campaign.items]
    badge_width = max(stringWidth(n, faces.bold, 0.9 * size) for n in numbers) + 0.9 * size
    labels = [label for label, _, _ in sides if label]
    label_width = max((stringWidth(label, faces.bold, small) for label in labels), default=0.0) + 0.6 * small

    def summary_lines(item: Item) -> list[tuple[Paragraph, Paragraph]]:
        lines = []
        for label, color, field in sides:
            text = getattr(item, field)
            if summaries and text:
                lines.append((para(label, faces.bold, small, color), para(text, faces.regular, small, TEXT)))
        return lines

    return [
        ItemRow(number, para(item.heading, faces.semibold, size, NAVY, leading=1.28), summary_lines(item),
                faces, size, badge_width, label_width)
        for number, item in zip(numbers, campaign.items)
    ]


def plan_inside(campaign: Campaign, faces: Faces, rects: Sequence[Rect]) -> InsidePlan:
    """The largest type size at which every item fits the inside columns.

    Summaries first: the size steps down to 6.5 pt with them, and only then
    are they dropped (and the sizes tried again). If the headings alone do not
    fit at 6.5 pt, ``FlashgenError`` says how many items would fit.
    """
    has_summaries = any(item.from_text or item.to_text for item in campaign.items)
    for summaries in (True, False) if has_summaries else (False,):
        for size in ITEM_SIZES:
            rows = item_rows(campaign, faces, size, summaries)
            heights = [[height_of(row, rect.width) for row in rows] for rect in rects]
            cuts = balanced_split(heights, item_gap(size), [rect.height for rect in rects])
            if cuts is None:
                continue
            bounds = (0, *cuts, len(rows))
            columns = tuple(Column(rect, tuple(rows[bounds[c]:bounds[c + 1]])) for c, rect in enumerate(rects))
            # Spread leftover space as a little more air between rows, the
            # same in every column, so the three columns keep one rhythm.
            slack = [
                (rect.height - sum(heights[c][bounds[c]:bounds[c + 1]])) / (bounds[c + 1] - bounds[c] - 1)
                for c, rect in enumerate(rects) if bounds[c + 1] - bounds[c] > 1
            ]
            gap = min([2.4 * size, *slack]) - 0.5 if slack else item_gap(size)
            return InsidePlan(size, summaries, max(gap, item_gap(size)), columns)
    size = ITEM_SIZES[-1]
    rows = item_rows(campaign, faces, size, False)
    heights = [[height_of(row, rect.width) for row in rows] for rect in rects]
    fitting = count_fitting(heights, item_gap(size), [rect.height for rect in rects])
    raise FlashgenError(
        f"The leaflet's inside has room for {fitting} of the {len(rows)} items: even at {size:g} pt and without "
        "the short summaries the headings do not fit its three panels. Shorten the headings or use fewer items."
    )


def inside_header(canvas: Canvas, campaign: Campaign, faces: Faces, panel: Panel) -> float:
    """The navy title block at the top of the first inside panel; return its bottom."""
    block = block_rect(panel)
    text_width = block.width - 2 * SHEET.block_padding * MM
    title = fitted(campaign.title, faces.bold, white, (14.0, 13.0, 12.0, 11.0), text_width, 32 * MM, "title")
    compare = campaign.compare
    legend = [(label, name, fill, ink) for label, name, fill, ink in (
        (compare.from_label, compare.from_name, PALE, NAVY),
        (compare.to_label, compare.to_name, GOLD, NAVY),
    ) if label]
    line = 5.2 * MM
    height = 2 * SHEET.block_padding * MM + height_of(title, text_width) + (3 * MM + line * len(legend) if legend else 0)
    top = block.top
    canvas.setFillColor(NAVY)
    canvas.roundRect(block.x, top - height, block.width, height, 3 * MM, stroke=0, fill=1)
    x = block.x + SHEET.block_padding * MM
    y = draw_top(canvas, title, x, top - SHEET.block_padding * MM, text_width) - 3 * MM
    label_width = max((stringWidth(label, faces.bold, 7.5) for label, *_ in legend), default=0) + 1.1 * 7.5
    for label, name, fill, ink in legend:
        baseline = y - line + 1.6 * MM
        pill(canvas, x, baseline, label, faces.bold, 7.5, fill, ink)
        canvas.setFillColor(white)
        canvas.setFont(faces.medium, 8.5)
        canvas.drawString(x + label_width + 2 * MM, baseline, name)
        y -= line
    return top - height


def draw_inside(canvas: Canvas, campaign: Campaign, faces: Faces) -> InsidePlan:
    panels = SHEET.panels("inside")
    header_bottom = inside_header(canvas, campaign, faces, panels[0])
    margin = SHEET.text_margin * MM
    rects = [panel_rect(panel).inset(margin, 10 * MM) for panel in panels]
    rects[0] = rects[0].below(header_bottom - 6 * MM)
    plan = plan_inside(campaign, faces, rects)
    for column in plan.columns:
        fill_frame(canvas, column.rect, column.rows, plan.gap, rule=True)
    return plan


# --------------------------------------------------------------------------
# The outside: cover, back panel, flap.
# --------------------------------------------------------------------------


def draw_cover(canvas: Canvas, campaign: Campaign, faces: Faces, panel: Panel) -> None:
    block = block_rect(panel)
    canvas.setFillColor(NAVY)
    canvas.roundRect(block.x, block.y, block.width, block.height, 3 * MM, stroke=0, fill=1)
    # The cards' rings, top right, kept inside the block.
    canvas.saveState()
    clip = canvas.beginPath()
    clip.roundRect(block.x, block.y, block.width, block.height, 3 * MM)
    canvas.clipPath(clip, stroke=0, fill=0)
    cx, cy = block.right - 4 * MM, block.top - 14 * MM
    canvas.setFillColor(BLUE)
    canvas.circle(cx, cy, 32 * MM, stroke=0, fill=1)
    canvas.setStrokeColor(BRIGHT)
    canvas.setLineWidth(0.8)
    for radius in (22 * MM, 42 * MM):
        canvas.circle(cx, cy, radius, stroke=1, fill=0)
    canvas.restoreState()

    pad = SHEET.block_padding * MM + 1 * MM
    x, width = block.x + pad, block.width - 2 * pad
    top = block.top - pad
    if campaign.organisation:
        organisation = para(campaign.organisation, faces.semibold, 8.5, white, leading=1.25)
        bottom = draw_top(canvas, organisation, x + 3 * MM, top, width * 0.62)
        canvas.setFillColor(GOLD)
        canvas.roundRect(x, bottom + 0.5, 1.2 * MM, top - bottom - 0.5, 0.6 * MM, stroke=0, fill=1)
        top = bottom
    # The item count as the cover's graphic: the number the campaign is known by.
    count_size = 118.0
    canvas.setFillColor(GOLD)
    canvas.setFont(faces.black, count_size)
    baseline = top - 14 * MM - 0.72 * count_size
    canvas.drawString(x - 0.04 * count_size, baseline, str(len(campaign.items)))
    top = baseline - 7 * MM
    canvas.roundRect(x, top - 1.4 * MM, 16 * MM, 1.4 * MM, 0.7 * MM, stroke=0, fill=1)
    top -= 6 * MM

    footer = 14 * MM  # pills and year along the bottom
    subtitle = para(campaign.subtitle, faces.regular, 10.0, PALE, leading=1.3) if campaign.subtitle else None
    room = top - (block.y + pad + footer) - (height_of(subtitle, width) + 5 * MM if subtitle else 0)
    title = fitted(campaign.title, faces.bold, white, (22.0, 21.0, 20.0, 19.0, 18.0, 17.0, 16.0, 15.0, 14.0),
                   width, room, "title")
    top = draw_top(canvas, title, x, top, width) - 5 * MM
    if subtitle:
        draw_top(canvas, subtitle, x, top, width)

    baseline = block.y + pad + 1 * MM
    compare = campaign.compare
    if compare.from_label and compare.to_label:
        left = x + pill(canvas, x, baseline, compare.from_label, faces.bold, 9.0, BRIGHT, white) + 2.2 * MM
        arrow(canvas, left, baseline + 0.33 * 9.0, 7 * MM)
        pill(canvas, left + 9.2 * MM, baseline, compare.to_label, faces.bold, 9.0, GOLD, NAVY)
    if campaign.year is not None:
        canvas.setFillColor(white)
        canvas.setFont(faces.bold, 12.0)
        canvas.drawRightString(block.right - pad, baseline, str(campaign.year))


def arrow(canvas: Canvas, x: float, y: float, length: float) -> None:
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(1.3)
    canvas.setLineCap(1)
    canvas.setLineJoin(1)
    canvas.line(x, y, x + length, y)
    path = canvas.beginPath()
    path.moveTo(x + length - 1.6 * MM, y + 1.4 * MM)
    path.lineTo(x + length, y)
    path.lineTo(x + length - 1.6 * MM, y - 1.4 * MM)
    canvas.drawPath(path, stroke=1, fill=0)


def source_lines(campaign: Campaign) -> list[str]:
    source = campaign.source
    if source.credit:
        return [source.credit]
    return [line for line in (source.title, source.speaker) if line]


def qr_code(canvas: Canvas, url: str, x: float, y: float) -> None:
    """The URL as a vector QR code, QR_SIZE square including its quiet zone."""
    widget = QrCodeWidget(url, barLevel="M", barBorder=4, barWidth=QR_SIZE, barHeight=QR_SIZE, barFillColor=NAVY)
    drawing = Drawing(QR_SIZE, QR_SIZE)
    drawing.add(widget)
    canvas.setFillColor(white)
    canvas.rect(x, y, QR_SIZE, QR_SIZE, stroke=0, fill=1)  # the quiet zone must be white, not the block's tint
    renderPDF.draw(drawing, canvas, x, y)


def draw_source_block(canvas: Canvas, campaign: Campaign, faces: Faces, panel: Panel) -> float:
    """The light block at the foot of the back panel (source, QR); return its top, or the bottom margin."""
    lines = source_lines(campaign)
    url = campaign.source.url
    block = block_rect(panel)
    if not lines and not url:
        return block.y
    pad = SHEET.block_padding * MM
    inner = block.width - 2 * pad
    text_x = block.x + pad + (QR_SIZE + 4 * MM if url else 0)
    text_width = block.right - pad - text_x
    caption = para(LABEL_QR, faces.bold, 8.5, NAVY) if url else None
    credit = [para(line, faces.regular, 7.5, MUTED, leading=1.3) for line in lines]
    text_height = (height_of(caption, text_width) + 2 * MM if caption else 0) + sum(height_of(p, text_width) for p in credit)
    height = max(QR_SIZE if url else 0, text_height) + 2 * pad
    canvas.setFillColor(LIGHT)
    canvas.roundRect(block.x, block.y, block.width, height, 3 * MM, stroke=0, fill=1)
    if url:
        qr_code(canvas, url, block.x + pad, block.y + pad)
    # Text centred on the QR code's height.
    top = block.y + pad + (max(QR_SIZE if url else 0, text_height) + text_height) / 2
    if caption:
        top = draw_top(canvas, caption, text_x, top, text_width) - 2 * MM
    for paragraph in credit:
        top = draw_top(canvas, paragraph, text_x, top, text_width)
    del inner
    return block.y + height


def draw_back(canvas: Canvas, campaign: Campaign, faces: Faces, panel: Panel) -> float | None:
    """Messages and the source block; return the messages' type size (None without messages)."""
    floor = draw_source_block(canvas, campaign, faces, panel)
    if not campaign.messages:
        return None
    rect = panel_rect(panel).inset(SHEET.text_margin * MM, 0)
    top = panel_rect(panel).top - 12 * MM
    gold_bar(canvas, rect.x, top)
    heading = para(LABEL_MESSAGES, faces.extrabold, 14.0, NAVY, leading=1.2)
    top = draw_top(canvas, heading, rect.x, top - 4 * MM, rect.width) - 5 * MM
    area = Rect(rect.x, floor + 6 * MM, rect.width, top - floor - 6 * MM)
    for size in MESSAGE_SIZES:
        rows = [MessageRow(para(message, faces.medium, size, TEXT, leading=1.32), size) for message in campaign.messages]
        heights = [height_of(row, area.width) for row in rows]
        gap = 1.1 * size
        if _fits(heights, gap, area.height):
            # A little more air if there is room, up to twice the minimum.
            spare = (area.height - sum(heights)) / max(len(rows) - 1, 1) - 0.5
            fill_frame(canvas, area, rows, min(max(gap, spare), 2.2 * size), rule=False)
            return size
    size = MESSAGE_SIZES[-1]
    rows = [MessageRow(para(message, faces.medium, size, TEXT, leading=1.32), size) for message in campaign.messages]
    fitting = count_fitting([[height_of(row, area.width) for row in rows]], 1.1 * size, [area.height])
    raise FlashgenError(
        f"The leaflet's back panel has room for {fitting} of the {len(rows)} messages at {size:g} pt "
        "(the smallest size it uses). Shorten the messages or keep fewer of them in the content file."
    )


def draw_flap(canvas: Canvas, campaign: Campaign, faces: Faces, panel: Panel) -> None:
    """The panel seen first when the cover opens: theme of the year, source, hashtags."""
    block = block_rect(panel)
    canvas.setFillColor(LIGHT)
    canvas.roundRect(block.x, block.y, block.width, block.height, 3 * MM, stroke=0, fill=1)
    pad = SHEET.block_padding * MM + 1 * MM
    x, width = block.x + pad, block.width - 2 * pad
    top = block.top - pad
    if campaign.theme:
        label = LABEL_THEME.format(year=campaign.year) if campaign.year is not None else LABEL_THEME_NO_YEAR
        pill(canvas, x, top - 9.0, label, faces.bold, 8.5, GOLD, NAVY)
        top -= 9.0 + 5 * MM
        theme = fitted(campaign.theme, faces.extrabold, NAVY, (17.0, 16.0, 15.0, 14.0, 13.0, 12.0, 11.0),
                       width, 70 * MM, "theme")
        top = draw_top(canvas, theme, x, top, width) - 8 * MM

    source = campaign.source
    lines = [(source.title, faces.medium, 9.0, TEXT), (source.speaker, faces.semibold, 8.5, NAVY),
             (source.letter, faces.regular, 8.0, MUTED)]
    lines = [line for line in lines if line[0]]
    if lines:
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(x, top, x + width, top)
        top -= 6 * MM
        canvas.setFillColor(MUTED)
        canvas.setFont(faces.bold, 7.5)
        canvas.drawString(x, top - 7.5, LABEL_SOURCE.upper())
        top -= 7.5 + 3 * MM
        paragraphs = [para(text, font, size, color, leading=1.35) for text, font, size, color in lines]
        needed = sum(height_of(p, width) + 2.5 * MM for p in paragraphs)
        room = top - (block.y + pad + (12 * MM if campaign.hashtags else 0))
        if needed > room:
            raise FlashgenError(
                f"The source (title, speaker, letter) is too long for the leaflet's flap: it needs "
                f"{needed / MM:.0f} mm and there are {room / MM:.0f} mm. Shorten it in the content file."
            )
        for paragraph in paragraphs:
            top = draw_top(canvas, paragraph, x, top, width) - 2.5 * MM

    if campaign.hashtags:
        tags = para("  ".join(campaign.hashtags), faces.semibold, 9.0, BRIGHT, leading=1.5)
        height = height_of(tags, width)
        tags.drawOn(canvas, x, block.y + pad)
        del height


# --------------------------------------------------------------------------
# The sheet.
# --------------------------------------------------------------------------


def draw_fold_marks(canvas: Canvas, side: str, sheet: Sheet = SHEET) -> None:
    """Short hairlines at each fold, from the top and bottom paper edges, clear of all content."""
    canvas.setStrokeColor(MUTED)
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


def build_leaflet(campaign: Campaign, fonts: FontBook) -> bytes:
    """The tri-fold leaflet of ``campaign`` as PDF bytes (two A4 landscape pages).

    Raises ``FlashgenError`` if the items, messages, title, theme or source
    cannot fit at their minimum type size, saying how much does fit.
    """
    buffer = io.BytesIO()
    # Duplex hint: the sheet is landscape and its panels run left to right, so
    # the printer must turn it over on its short edge (like a book page held
    # sideways). Flipping on the long edge would print the inside upside down
    # relative to the outside.
    canvas = new_canvas(buffer, (SHEET.width * MM, SHEET.height * MM), doc_info(campaign), fonts, duplex="short")
    faces = Faces.from_book(fonts)
    flap, back, cover = SHEET.panels("outside")
    draw_fold_marks(canvas, "outside")
    draw_cover(canvas, campaign, faces, cover)
    draw_back(canvas, campaign, faces, back)
    draw_flap(canvas, campaign, faces, flap)
    canvas.showPage()
    draw_fold_marks(canvas, "inside")
    draw_inside(canvas, campaign, faces)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
