"""The inside of the leaflet: the title, then every item condensed, over the three inside panels.

Every item in its kind's layout: a contrast's number and heading with its two
short summaries, a statement's number and heading with its official text, a
figure big on the left beside its label and note (and text). All at the
largest type size that fits; the details (summaries, texts) are dropped —
first a contrast's first side, then all of them — before the size goes below
the handout minimums, and a note under the items says what was left out. Many items take all three panels
under a title block; few enough to fill two take the last two, the first
becoming a title panel. Rows are spread down each column so the panels look
full, not top-heavy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from flashgen.documents.leaflet.header import (
    draw_inside_header,
    draw_title_panel,
    header_height,
)
from flashgen.documents.leaflet.rows import (
    FigureRow,
    FigureWords,
    ItemRow,
    figure_width,
    fill_frame,
)
from flashgen.documents.leaflet.sheet import SHEET, Rect, block_rect, text_rect
from flashgen.documents.leaflet.typeset import (
    BODY_MIN,
    BOLD,
    HEADING_MIN,
    REGULAR,
    SEMIBOLD,
    Type,
    VietText,
    height_of,
)
from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.content import Campaign, Item
from flashgen.pdf.kit import MM
from flashgen.text.columns import SLACK, balanced_split, count_fitting, stack_height
from flashgen.text.fit import largest_fitting

# Type sizes (pt) of the headings, tried largest first: a few short items are set large, many long ones small,
# never under the handout's heading minimum (flashgen/data/media.yaml): where the items do not fit at it with
# their details, the details are left out (and the inside says so), not set smaller.
ITEM_SIZES = tuple(size for size in (18.0, 17.0, 16.0, 15.0, 14.0, 13.0, 12.0, 11.5, 11.0) if size >= HEADING_MIN)
MIN_SIZE = ITEM_SIZES[-1]
# Details are kept down to these heading sizes: a contrast's summaries are short, written to be read at a glance;
# statements' and figures' official texts are long (the booklet prints them in full).
SUMMARIES_DOWN_TO = MIN_SIZE
TEXTS_DOWN_TO = MIN_SIZE
MAX_SPREAD = 3.0  # rows spread down a column up to this many times the least gap between them
FULL = 0.6  # a plan whose emptiest column is this full beats one set larger that leaves a column emptier
VALUE_SCALE = 2.0  # a figure's value, in heading sizes
VALUE_SHARE = 0.38  # the most of a column the figures' own column may take: a longer value is set smaller
MIN_ONE_LINE = 0.6  # a stacked figure's value may shrink to this share of its size to keep the unit on its line
LABEL_EMS = 11.0  # a figure's label beside it needs a column this many heading sizes wide, else it goes under it


@dataclass(frozen=True)
class Column:
    """A run of rows placed in one frame, ``gap`` apart."""

    rect: Rect
    rows: tuple[Flowable, ...]
    gap: float


@dataclass(frozen=True)
class InsidePlan:
    """The type size and placement chosen for the items."""

    size: float
    details: int  # ALL_DETAILS: summaries and official texts shown; ONE_SIDE: a contrast's second side only; NONE
    left_out: bool  # details the content has are left out (the inside says so in a note)
    title_panel: bool  # the first inside panel is a title panel; the items take the other two
    columns: tuple[Column, ...]
    fill: float  # the emptiest column's share of its height, before the rows are spread

    def key(self) -> tuple[int, bool, float, float]:
        """Better plans sort higher: details kept, no column left nearly empty, larger type, fuller columns."""
        return self.details, self.fill >= FULL, self.size, self.fill


# How much of an item the inside shows, most first: where the items do not fit at the handout minimums with all
# their details, they are shown with less rather than in smaller type.
ALL_DETAILS, ONE_SIDE, NO_DETAILS = 2, 1, 0
# Below the items when details are left out: where to read them ({item}: the campaign's word for an item).
LEFT_OUT = {
    ONE_SIDE: "Tờ gấp chỉ in tóm tắt “{to}” của mỗi {item}. Tóm tắt “{from_}” và nội dung gốc: xem Tài liệu tuyên truyền",
    NO_DETAILS: "Tờ gấp chỉ in tiêu đề của mỗi {item}. Tóm tắt và nội dung gốc: xem Tài liệu tuyên truyền",
}
# Statements and figures (no summaries): their official texts are what is left out.
LEFT_OUT_TEXTS = "Tờ gấp chỉ in phần chính; nội dung gốc của mỗi {item}: xem Tài liệu tuyên truyền"
LEFT_OUT_QR = " hoặc quét mã QR ở mặt sau."


def item_gap(size: float) -> float:
    """The least space between two items (a hairline runs through it)."""
    return 1.5 * size


def detail_size(size: float) -> float:
    """Summaries and texts: a point under the heading, further under large headings, never below the body minimum."""
    return max(BODY_MIN, size - 1.0 - max(0.0, size - 12.0) * 0.5)


class Rows:
    """Makes the items' rows at a size: each in the layout of the kind that shows it."""

    def __init__(self, campaign: Campaign, type_: Type, shown: tuple[str, ...]) -> None:
        self.campaign, self.type, self.shown = campaign, type_, shown

    def make(self, size: float, details: int, narrowest: float) -> list[Flowable]:
        small, type_ = detail_size(size), self.type
        pairs = list(zip(self.shown, self.campaign.items))
        numbers = {item.number: f"{item.number:02d}" for _, item in pairs}
        bold = type_.font(BOLD)
        badge_width = max((stringWidth(numbers[item.number], bold, 0.9 * size) for kind, item in pairs
                           if kind != "figure"), default=0.0) + 0.9 * size
        compare = self.campaign.compare
        labels = [label for label in (compare.from_label, compare.to_label) if label]
        label_width = max((stringWidth(label, bold, small) for label in labels), default=0.0) + 0.7 * small
        value_width = self.figure_column([item for kind, item in pairs if kind == "figure"], size, narrowest)
        stacked = narrowest - value_width - 0.9 * size < LABEL_EMS * size
        if stacked:
            value_width = narrowest  # the figure has the row's width
        rows: list[Flowable] = []
        for kind, item in pairs:
            if kind == "figure":
                words = FigureWords(item.qualifier, item.value, item.unit)
                value_size = self.value_size(words, size, value_width, stacked)
                rows.append(FigureRow(words, self.figure_lines(item, size, small, details == ALL_DETAILS), type_, size,
                                      value_size, value_width, stacked))
            else:
                heading = type_.text(item.heading, "heading", SEMIBOLD, size, type_.colour("primary"), leading=1.28,
                                     heading=True)
                rows.append(ItemRow(numbers[item.number], heading, self.details(item, kind, small, details),
                                    type_, size, badge_width, label_width))
        if details < self.most_details():
            rows.append(self.left_out_note(details))
        return rows

    def most_details(self) -> int:
        """The most the content has to show: ALL_DETAILS if any item has a summary or an official text."""
        return ALL_DETAILS if self.detail_sizes(ALL_DETAILS) else NO_DETAILS

    def left_out_note(self, details: int) -> Flowable:
        """The note under the items saying what the leaflet leaves out, and where to read it."""
        compare = self.campaign.compare
        summaries = any(kind == "contrast" and (item.from_text or item.to_text)
                        for kind, item in zip(self.shown, self.campaign.items))
        template = LEFT_OUT[details] if summaries else LEFT_OUT_TEXTS
        text = template.format(to=compare.to_label or compare.to_name, from_=compare.from_label or compare.from_name,
                                        item=self.campaign.item_label.lower())
        text += LEFT_OUT_QR if self.campaign.source.url else "."
        return self.type.text(text, "body", REGULAR, BODY_MIN, self.type.colour("text-muted"), leading=1.32)

    def details(self, item: Item, kind: str, small: float, details: int) -> list[tuple[VietText | None, VietText]]:
        """A contrast's two labelled summaries (ONE_SIDE: the second only); a statement's official text (ALL_DETAILS
        only: it is not cut)."""
        type_ = self.type
        if details == NO_DETAILS or (kind == "statement" and details != ALL_DETAILS):
            return []
        if kind == "statement":
            return [(None, type_.text(item.text, "body", REGULAR, small, type_.colour("text"), leading=1.32))] if item.text else []
        compare = self.campaign.compare
        sides = ((compare.from_label, type_.colour("text-muted"), item.from_text),
                 (compare.to_label, type_.colour("link"), item.to_text))
        if details == ONE_SIDE:
            sides = sides[1:]
        return [(type_.text(label, "heading", BOLD, small, color), type_.text(text, "body", REGULAR, small, type_.colour("text")))
                for label, color, text in sides if text]

    def figure_lines(self, item: Item, size: float, small: float, details: bool) -> list[VietText]:
        """A figure's label, its note, and its official text when there is room for the details."""
        type_ = self.type
        lines = [type_.text(item.label, "heading", SEMIBOLD, size, type_.colour("primary"), leading=1.25, heading=True)]
        if item.note:
            lines.append(type_.text(item.note, "body", REGULAR, small, type_.colour("text-muted"), leading=1.3))
        if details and item.text:
            lines.append(type_.text(item.text, "body", REGULAR, small, type_.colour("text"), leading=1.32))
        return lines

    def value_size(self, words: FigureWords, size: float, width: float, stacked: bool) -> float:
        """A figure's value size: smaller only to fit ``width``, or, stacked, a little smaller (down to
        MIN_ONE_LINE) to keep the unit on the value's line; a unit under the value would be copied with the
        qualifier ("hơn thành viên 7.534")."""
        size = VALUE_SCALE * size
        if stacked and words.unit:
            one_line = width / figure_width(words, self.type, size, one_line=True)
            if one_line >= MIN_ONE_LINE:
                return size * min(1.0, one_line)
        return size * min(1.0, width / figure_width(words, self.type, size))

    def figure_column(self, figures: Sequence[Item], size: float, narrowest: float) -> float:
        """The width of the figures' column: one for all, so the labels line up; a value wider than
        VALUE_SHARE of the column is set smaller to fit it, never cut."""
        words = [FigureWords(item.qualifier, item.value, item.unit) for item in figures]
        width = max((figure_width(word, self.type, VALUE_SCALE * size) for word in words), default=0.0)
        return min(width, VALUE_SHARE * narrowest)

    def detail_sizes(self, details: int) -> tuple[float, ...]:
        """The sizes tried with ``details`` shown (none: there are none to show)."""
        if details == NO_DETAILS:
            return ITEM_SIZES
        pairs = list(zip(self.shown, self.campaign.items))
        if details == ALL_DETAILS and any(kind != "contrast" and item.text for kind, item in pairs):
            return tuple(size for size in ITEM_SIZES if size >= TEXTS_DOWN_TO)
        side = (lambda item: item.to_text) if details == ONE_SIDE else (lambda item: item.from_text or item.to_text)
        if any(kind == "contrast" and side(item) for kind, item in pairs):
            return tuple(size for size in ITEM_SIZES if size >= SUMMARIES_DOWN_TO)
        return ()


def row_heights(rows: Sequence[Flowable], rects: Sequence[Rect]) -> list[list[float]]:
    """``heights[column][row]``: each row's height in each column's width (measured once per width)."""
    by_width = {width: [height_of(row, width) for row in rows] for width in sorted({rect.width for rect in rects})}
    return [by_width[rect.width] for rect in rects]


def spread_gap(heights: Sequence[float], capacity: float, least: float) -> float:
    """The gap that spreads ``heights`` down the whole column, between ``least`` and MAX_SPREAD times it."""
    if len(heights) < 2:
        return least
    air = (capacity - SLACK - sum(heights)) / (len(heights) - 1)
    return max(least, min(MAX_SPREAD * least, air))


def place_items(rows: list[Flowable], rects: Sequence[Rect], size: float, details: int,
                title_panel: bool, left_out: bool = False) -> InsidePlan | None:
    """The rows at ``size`` spread over ``rects``, or None if they do not fit."""
    capacities = [rect.height for rect in rects]
    heights = row_heights(rows, rects)
    least = item_gap(size)
    cuts = balanced_split(heights, least, capacities)
    if cuts is None:
        return None
    spans = list(pairwise((0, *cuts, len(rows))))
    columns = tuple(
        Column(rect, tuple(rows[start:end]), spread_gap(heights[c][start:end], rect.height, least))
        for c, (rect, (start, end)) in enumerate(zip(rects, spans))
    )
    fill = min(stack_height(heights[c][start:end], least) / capacities[c] for c, (start, end) in enumerate(spans))
    return InsidePlan(size, details, left_out, title_panel, columns, fill)


def best_plan(maker: Rows, rects: Sequence[Rect], title_panel: bool) -> InsidePlan | None:
    """The largest size at which the items fit ``rects``: with all their details down to the smallest size, then
    with a contrast's second side only, then headings only."""
    narrowest = min(rect.width for rect in rects)
    most = maker.most_details()
    for details in (ALL_DETAILS, ONE_SIDE, NO_DETAILS):
        sizes = maker.detail_sizes(details)
        plan = largest_fitting(sizes, lambda size, details=details: place_items(
            maker.make(size, details, narrowest), rects, size, details, title_panel, details < most))
        if plan is not None:
            return plan
    return None


def plan_inside(campaign: Campaign, type_: Type, shown: tuple[str, ...], header_bottom: float) -> InsidePlan:
    """The best placement: three columns under the title block, or, when that leaves a column nearly empty,
    two columns beside a title panel if they are better filled.

    If the items do not fit at 6.5 pt even without details,
    ``FlashgenError`` says how many would fit.
    """
    maker = Rows(campaign, type_, shown)
    panels = SHEET.panels("inside")
    rects = [text_rect(panel) for panel in panels]
    rects[0] = rects[0].below(header_bottom - 6 * MM)
    plans = [plan for plan in [best_plan(maker, rects, title_panel=False)] if plan is not None]
    if not plans or plans[0].fill < FULL:
        plans += [plan for plan in [best_plan(maker, rects[1:], title_panel=True)] if plan is not None]
    if plans:
        return max(plans, key=InsidePlan.key)
    rows = maker.make(MIN_SIZE, NO_DETAILS, min(rect.width for rect in rects))[:len(campaign.items)]  # no note
    fitting = count_fitting(row_heights(rows, rects), item_gap(MIN_SIZE), [rect.height for rect in rects])
    raise FlashgenError(
        _(
            "The leaflet's inside has room for {fitting} of the {count} items: even at {size:g} pt and without "
            "the short summaries and texts, they do not fit its three panels. Shorten the headings or use fewer items."
        ).format(fitting=fitting, count=len(rows), size=MIN_SIZE),
        code="overflow",
    )


def draw_inside(canvas: Canvas, campaign: Campaign, type_: Type, shown: tuple[str, ...]) -> InsidePlan:
    panels = SHEET.panels("inside")
    header_bottom = block_rect(panels[0]).top - header_height(campaign, type_, panels[0], shown)
    plan = plan_inside(campaign, type_, shown, header_bottom)
    if plan.title_panel:
        draw_title_panel(canvas, campaign, type_, panels[0], shown)
    else:
        draw_inside_header(canvas, campaign, type_, panels[0], shown)
    for column in plan.columns:
        fill_frame(canvas, column.rect, column.rows, column.gap, rule=type_.colour("rule"))
    return plan

