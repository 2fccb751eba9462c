"""The leaflet's inside flap, the panel seen first when the cover opens: the theme of the year, the two sides
compared, the source and the hashtags."""

from __future__ import annotations

from dataclasses import dataclass, replace

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from flashgen.documents.leaflet.inside import compare_rows
from flashgen.documents.leaflet.marks import arrow, line_size, pill
from flashgen.documents.leaflet.sheet import SHEET, Panel, block_rect
from flashgen.documents.leaflet.typeset import (
    BOLD,
    EXTRABOLD,
    MEDIUM,
    REGULAR,
    SEMIBOLD,
    Type,
    draw_top,
    height_of,
)
from flashgen.errors import FlashgenError
from flashgen.load.content import Campaign
from flashgen.pdf.kit import MM

THEME_SIZES = (20.0, 19.0, 18.0, 17.0, 16.0, 15.0, 14.0, 13.0, 12.0, 11.0)  # pt, tried largest first
LABEL_THEME = "Chủ đề năm {year}"
LABEL_THEME_NO_YEAR = "Chủ đề"
LABEL_SOURCE = "Nguồn"


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


@dataclass(frozen=True)
class _Column:
    """The flap's text column: its left edge and width, and the room still free between ``floor`` and ``top``.

    The hashtags and the source stack up from the foot of the panel, the theme
    hangs from its top; the two sides compared take the middle if it is left.
    """

    x: float
    width: float
    top: float
    floor: float


def _is_empty(campaign: Campaign, type_: Type) -> bool:
    source = campaign.source
    return not (campaign.theme or campaign.hashtags or source.title or source.speaker or source.letter
                or compare_rows(campaign, type_))


def _draw_hashtags(canvas: Canvas, campaign: Campaign, type_: Type, column: _Column) -> _Column:
    """The hashtags at the foot of the panel."""
    if not campaign.hashtags:
        return column
    tags = type_.text("  ".join(campaign.hashtags), "heading", SEMIBOLD, 9.0, type_.colour("link"), leading=1.5)
    height = height_of(tags, column.width)
    tags.drawOn(canvas, column.x, column.floor)
    return replace(column, floor=column.floor + (height + 6 * MM))


def _draw_source(canvas: Canvas, campaign: Campaign, type_: Type, column: _Column) -> _Column:
    """The source (title, speaker, letter) under a rule and a label, over the hashtags."""
    source = campaign.source
    lines = [(text, weight, size, color) for text, weight, size, color in (
        (source.title, MEDIUM, 9.0, "text"), (source.speaker, SEMIBOLD, 8.5, "primary"),
        (source.letter, REGULAR, 8.0, "text-muted"),
    ) if text]
    if not lines:
        return column
    x, width = column.x, column.width
    paragraphs = [type_.text(text, "body", weight, size, type_.colour(color), leading=1.35)
                  for text, weight, size, color in lines]
    label = 7.5 + 3 * MM
    needed = label + sum(height_of(p, width) for p in paragraphs) + 2.5 * MM * (len(paragraphs) - 1)
    theme_room = 40 * MM if campaign.theme else 0.0  # room for at least a short theme
    if column.floor + needed + 6 * MM > column.top - theme_room:
        raise FlashgenError(
            "The source (title, speaker, letter) is too long for the leaflet's flap: shorten it in the content file."
        )
    y = column.floor + needed
    canvas.setStrokeColor(type_.colour("rule"))
    canvas.setLineWidth(0.6)
    canvas.line(x, y + 5 * MM, x + width, y + 5 * MM)
    canvas.setFillColor(type_.colour("text-muted"))
    canvas.setFont(type_.font(BOLD), 7.5)
    canvas.drawString(x, y - 7.5, LABEL_SOURCE.upper())
    y -= label
    for paragraph in paragraphs:
        y = draw_top(canvas, paragraph, x, y, width) - 2.5 * MM
    return replace(column, floor=column.floor + (needed + 5 * MM))


def _draw_theme(canvas: Canvas, campaign: Campaign, type_: Type, column: _Column) -> _Column:
    """The theme of the year at the top of the panel, under a pill naming the year."""
    if not campaign.theme:
        return column
    x, width = column.x, column.width
    year = LABEL_THEME.format(year=campaign.year) if campaign.year is not None else LABEL_THEME_NO_YEAR
    pill(canvas, x, column.top - 9.0, year, type_.font(BOLD), 8.5, type_.colour("accent"), type_.colour("primary"))
    top = column.top - (9.0 + 6 * MM)
    theme = type_.fitted(campaign.theme, EXTRABOLD, type_.colour("primary"), THEME_SIZES, width,
                         min(70 * MM, top - column.floor), "theme")
    return replace(column, top=draw_top(canvas, theme, x, top, width))


def _draw_compare_if_room(canvas: Canvas, campaign: Campaign, type_: Type, column: _Column) -> None:
    """The two sides compared, in the middle of the room left, if there is room for them.

    The graphic is a repeat of the inside's legend, so it is left out rather than squeezed.
    """
    rows = compare_rows(campaign, type_)
    needed = len(rows) * 13 * MM + (len(rows) - 1) * 7 * MM
    bold = type_.font(BOLD)
    label_width = max((stringWidth(label, bold, 8.0) for label, *_ in rows), default=0.0) + 1.2 * 8.0
    names_fit = all(compare_name_size(type_, name, label_width, column.width) for _, name, _, _ in rows)
    if rows and names_fit and column.top - column.floor >= needed + 12 * MM:
        draw_compare(canvas, campaign, type_, column.x, (column.top + column.floor + needed) / 2, column.width)


def draw_flap(canvas: Canvas, campaign: Campaign, type_: Type, panel: Panel) -> None:
    """The panel seen first when the cover opens: theme of the year, the two sides, source, hashtags."""
    if _is_empty(campaign, type_):
        return  # an empty tinted panel would look like a printing fault
    block = block_rect(panel)
    canvas.setFillColor(type_.colour("surface"))
    canvas.roundRect(block.x, block.y, block.width, block.height, 3 * MM, stroke=0, fill=1)
    pad = SHEET.block_padding * MM + 1 * MM
    column = _Column(block.x + pad, block.width - 2 * pad, block.top - pad, block.y + pad)
    column = _draw_hashtags(canvas, campaign, type_, column)
    column = _draw_source(canvas, campaign, type_, column)
    column = _draw_theme(canvas, campaign, type_, column)
    _draw_compare_if_room(canvas, campaign, type_, column)
