"""The leaflet's inside flap, the panel seen first when the cover opens: the theme (under its label), the two
sides compared (only when items are shown as contrasts), the source and the hashtags."""

from __future__ import annotations

from dataclasses import dataclass, replace

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from flashgen.documents.leaflet.header import compare_rows
from flashgen.documents.leaflet.marks import arrow, line_size, pill
from flashgen.documents.leaflet.sheet import SHEET, Panel, block_rect
from flashgen.documents.leaflet.typeset import (
    BODY_MIN,
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
from flashgen.i18n import _
from flashgen.load.content import Campaign
from flashgen.pdf.kit import MM

THEME_SIZES = (20.0, 19.0, 18.0, 17.0, 16.0, 15.0, 14.0, 13.0, 12.0, 11.0)  # pt, tried largest first
LONE_THEME_SIZES = (24.0, 22.0, *THEME_SIZES)  # with no sides compared under it, the theme has the panel
LABEL_SOURCE = "Nguồn"


def compare_name_size(type_: Type, name: str, label_width: float, width: float) -> float | None:
    """The size of a side's name in the flap's compare boxes (None: it does not fit on one line)."""
    return line_size(name, type_.font(SEMIBOLD), (10.5, 10.0, 9.5, 9.0, 8.5, 8.0), width - label_width - 11 * MM)


def draw_compare(canvas: Canvas, rows: list[tuple[str, str, Color, Color]], type_: Type, x: float, top: float,
                 width: float) -> float:
    """The two sides as the cards show them: a paper box, an accent arrow, a primary box; return the bottom."""
    box_height, step = 13 * MM, 7 * MM
    bold, semibold = type_.font(BOLD), type_.font(SEMIBOLD)
    primary = type_.colour("primary")
    label_width = max(stringWidth(label, bold, BODY_MIN) for label, *_ in rows) + 1.2 * BODY_MIN
    for index, (label, name, fill, ink) in enumerate(rows):
        last = index == len(rows) - 1 and len(rows) > 1
        canvas.setFillColor(primary if last else type_.colour("paper"))
        canvas.setStrokeColor(type_.colour("rule"))
        canvas.setLineWidth(0.6)
        canvas.roundRect(x, top - box_height, width, box_height, 2.5 * MM, stroke=0 if last else 1, fill=1)
        baseline = top - box_height / 2 - 0.35 * 9.0
        pill(canvas, x + 4 * MM, baseline, label, bold, BODY_MIN, fill, ink, min_width=label_width)
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
    ``compared`` holds the sides (none unless an item is shown as a contrast).
    """

    compared: list[tuple[str, str, Color, Color]]

    x: float
    width: float
    top: float
    floor: float


def _is_empty(campaign: Campaign, compared: list[tuple[str, str, Color, Color]]) -> bool:
    source = campaign.source
    return not (campaign.theme or campaign.hashtags or source.title or source.speaker or source.letter or compared)


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
            _("The source (title, speaker, letter) is too long for the leaflet's flap: shorten it in the content file."),
            code="overflow",
        )
    y = column.floor + needed
    canvas.setStrokeColor(type_.colour("rule"))
    canvas.setLineWidth(0.6)
    canvas.line(x, y + 5 * MM, x + width, y + 5 * MM)
    canvas.setFillColor(type_.colour("text-muted"))
    canvas.setFont(type_.font(BOLD), BODY_MIN)
    canvas.drawString(x, y - BODY_MIN, LABEL_SOURCE.upper())
    y -= label
    for paragraph in paragraphs:
        y = draw_top(canvas, paragraph, x, y, width) - 2.5 * MM
    return replace(column, floor=column.floor + (needed + 5 * MM))


def _draw_theme(canvas: Canvas, campaign: Campaign, type_: Type, column: _Column) -> _Column:
    """The theme under a pill naming it: at the top of the panel above the two sides compared or, alone on the
    panel, larger and in the optical middle of the room the source leaves (not above a gap)."""
    if not campaign.theme:
        return column
    x, width = column.x, column.width
    alone = not column.compared
    label = 9.0 + 6 * MM
    theme = type_.fitted(campaign.theme, EXTRABOLD, type_.colour("primary"), LONE_THEME_SIZES if alone else THEME_SIZES,
                         width, min(80 * MM if alone else 70 * MM, column.top - label - column.floor), "theme")
    top = column.top
    if alone:
        top -= max(0.0, column.top - column.floor - label - height_of(theme, width)) * 0.4
    pill(canvas, x, top - 9.0, campaign.theme_label, type_.font(BOLD), 8.5, type_.colour("accent"), type_.colour("primary"))
    return replace(column, top=draw_top(canvas, theme, x, top - label, width))


def _draw_compare_if_room(canvas: Canvas, type_: Type, column: _Column) -> None:
    """The two sides compared, in the middle of the room left, if there is room for them.

    The graphic is a repeat of the inside's legend, so it is left out rather than squeezed.
    """
    rows = column.compared
    needed = len(rows) * 13 * MM + (len(rows) - 1) * 7 * MM
    bold = type_.font(BOLD)
    label_width = max((stringWidth(label, bold, 8.0) for label, *_ in rows), default=0.0) + 1.2 * 8.0
    names_fit = all(compare_name_size(type_, name, label_width, column.width) for _, name, _, _ in rows)
    if rows and names_fit and column.top - column.floor >= needed + 12 * MM:
        draw_compare(canvas, rows, type_, column.x, (column.top + column.floor + needed) / 2, column.width)


def draw_flap(canvas: Canvas, campaign: Campaign, type_: Type, panel: Panel, shown: tuple[str, ...]) -> None:
    """The panel seen first when the cover opens: the theme, the two sides (if items are shown as contrasts),
    source, hashtags."""
    compared = compare_rows(campaign, type_, shown)
    if _is_empty(campaign, compared):
        return  # an empty tinted panel would look like a printing fault
    block = block_rect(panel)
    canvas.setFillColor(type_.colour("surface"))
    canvas.roundRect(block.x, block.y, block.width, block.height, 3 * MM, stroke=0, fill=1)
    pad = SHEET.block_padding * MM + 1 * MM
    column = _Column(compared, block.x + pad, block.width - 2 * pad, block.top - pad, block.y + pad)
    column = _draw_hashtags(canvas, campaign, type_, column)
    column = _draw_source(canvas, campaign, type_, column)
    column = _draw_theme(canvas, campaign, type_, column)
    _draw_compare_if_room(canvas, type_, column)
