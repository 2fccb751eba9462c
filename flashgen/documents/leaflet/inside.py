"""The inside of the leaflet: the title block, then every item condensed, over three panels.

Every item gets its number and heading and, if there is room, its two short
summaries, at the largest type size that fits (summaries are dropped before
the size goes below its minimum).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from flashgen.documents.leaflet.marks import line_size, pill
from flashgen.documents.leaflet.rows import ItemRow, fill_frame
from flashgen.documents.leaflet.sheet import SHEET, Panel, Rect, block_rect, text_rect
from flashgen.documents.leaflet.typeset import (
    BOLD,
    HEADER_SIZES,
    MEDIUM,
    REGULAR,
    SEMIBOLD,
    Type,
    VietText,
    draw_top,
    height_of,
)
from flashgen.errors import FlashgenError
from flashgen.load.content import Campaign, Item
from flashgen.pdf.kit import MM
from flashgen.text.columns import SLACK, balanced_split, count_fitting
from flashgen.text.fit import largest_fitting

# Type sizes (pt), tried largest first. The inside never goes below 6.5 pt: smaller is unreadable for many readers.
ITEM_SIZES = (12.0, 11.0, 10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0, 6.5)


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


def place_items(campaign: Campaign, type_: Type, rects: Sequence[Rect], size: float, summaries: bool) -> InsidePlan | None:
    """The items at ``size`` spread over ``rects``, or None if they do not fit."""
    capacities = [rect.height for rect in rects]
    rows = item_rows(campaign, type_, size, summaries)
    heights = row_heights(rows, rects)
    cuts = balanced_split(heights, item_gap(size), capacities)
    if cuts is None:
        return None
    bounds = (0, *cuts, len(rows))
    spans = list(pairwise(bounds))
    columns = tuple(Column(rect, tuple(rows[start:end])) for rect, (start, end) in zip(rects, spans))
    # Leftover height becomes a little more air between rows, the same in
    # every column (so the columns keep one rhythm), up to 1.6 times the least.
    air = [
        (capacities[c] - SLACK - sum(heights[c][start:end])) / (end - start - 1)
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
        plan = largest_fitting(
            ITEM_SIZES, lambda size, summaries=summaries: place_items(campaign, type_, rects, size, summaries)
        )
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
