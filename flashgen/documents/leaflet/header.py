"""The inside's title: a navy block over the items of the first inside panel or, when the items are few enough
to fill two panels, the whole first inside panel (the set's name, title, subtitle, the sides compared, and the
source at its foot)."""

from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from flashgen.documents.leaflet.cover import navy_block
from flashgen.documents.leaflet.marks import line_size, pill
from flashgen.documents.leaflet.sheet import SHEET, Panel, Rect, block_rect
from flashgen.documents.leaflet.typeset import (
    BODY_MIN,
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
from flashgen.i18n import _
from flashgen.load.content import Campaign
from flashgen.pdf.kit import MM

# Type sizes (pt), tried largest first, of the title when it has a whole panel.
PANEL_TITLE_SIZES = (28.0, 26.0, 24.0, 22.0, 21.0, 20.0, 19.0, 18.0, 17.0, 16.0, 15.0, 14.0)
LEGEND_LINE = 5.2 * MM


def compare_rows(campaign: Campaign, type_: Type, shown: tuple[str, ...]) -> list[tuple[str, str, Color, Color]]:
    """(label, name, pill colour, pill text colour) of each side compared that the content names; none when no
    item is shown as a contrast (the sides would compare nothing)."""
    if "contrast" not in shown:
        return []
    compare, primary = campaign.compare, type_.colour("primary")
    rows = [(compare.from_label, compare.from_name, type_.colour("on-primary-muted"), primary),
            (compare.to_label, compare.to_name, type_.colour("accent"), primary)]
    return [row for row in rows if row[0] and row[1]]


def _legend_height(legend: list[tuple[str, str, Color, Color]]) -> float:
    return 2.5 * MM + LEGEND_LINE * len(legend) if legend else 0.0


def _draw_legend(canvas: Canvas, type_: Type, legend: list[tuple[str, str, Color, Color]], x: float, y: float,
                 width: float) -> float:
    """The sides compared, one pill and name a line, from ``y`` down; return the bottom."""
    bold, medium = type_.font(BOLD), type_.font(MEDIUM)
    label_width = max((stringWidth(label, bold, BODY_MIN) for label, *_ in legend), default=0) + 1.2 * BODY_MIN
    for label, name, fill, ink in legend:
        size = line_size(name, medium, (10.0, 9.5, 9.0), width - label_width - 2.5 * MM)
        if size is None:
            raise FlashgenError(
                _("The name '{name}' (section 'compare') is too long for one line of the leaflet's legend; shorten it.").format(
                    name=name
                ),
                code="overflow",
            )
        baseline = y - LEGEND_LINE + 1.7 * MM
        pill(canvas, x, baseline, label, bold, BODY_MIN, fill, ink, min_width=label_width)
        canvas.setFillColor(type_.colour("on-primary"))
        canvas.setFont(medium, size)
        canvas.drawString(x + label_width + 2.5 * MM, baseline, name)
        y -= LEGEND_LINE
    return y


def _header_title(campaign: Campaign, type_: Type, width: float) -> VietText:
    return type_.fitted(campaign.title, BOLD, type_.colour("on-primary"), HEADER_SIZES, width, 32 * MM, "title")


def header_height(campaign: Campaign, type_: Type, panel: Panel, shown: tuple[str, ...]) -> float:
    """The height of the navy title block over the first inside panel's items."""
    width = block_rect(panel).width - 2 * SHEET.block_padding * MM
    legend = compare_rows(campaign, type_, shown)
    return 2 * SHEET.block_padding * MM + height_of(_header_title(campaign, type_, width), width) + _legend_height(legend)


def draw_inside_header(canvas: Canvas, campaign: Campaign, type_: Type, panel: Panel, shown: tuple[str, ...]) -> float:
    """The navy title block at the top of the first inside panel; return its bottom."""
    block = block_rect(panel)
    pad = SHEET.block_padding * MM
    width = block.width - 2 * pad
    height = header_height(campaign, type_, panel, shown)
    top = block.top
    canvas.setFillColor(type_.colour("primary"))
    canvas.roundRect(block.x, top - height, block.width, height, 3 * MM, stroke=0, fill=1)
    y = draw_top(canvas, _header_title(campaign, type_, width), block.x + pad, top - pad, width) - 2.5 * MM
    _draw_legend(canvas, type_, compare_rows(campaign, type_, shown), block.x + pad, y, width)
    return top - height


def series_name(campaign: Campaign) -> str:
    """The set's name: the content's series, else the count in the campaign's words ("4 NHIỆM VỤ")."""
    return campaign.series or f"{len(campaign.items)} {campaign.item_label_caps}"


def _foot_lines(campaign: Campaign, type_: Type, width: float) -> list[VietText]:
    """The source at the panel's foot (its title, else its credit), over the organisation."""
    source = campaign.source
    lines = []
    if source.title or source.credit:
        lines.append(type_.text(source.title or source.credit, "body", REGULAR, 8.5, type_.colour("on-primary-muted"),
                                leading=1.35))
    if campaign.organisation_name():
        lines.append(type_.text(campaign.organisation_name(), "heading", SEMIBOLD, 9.0, type_.colour("on-primary"),
                                leading=1.3))
    return lines


def draw_title_panel(canvas: Canvas, campaign: Campaign, type_: Type, panel: Panel, shown: tuple[str, ...]) -> None:
    """The whole first inside panel as a navy title page: the set's name, title, subtitle and the sides
    compared from the top, the source and organisation at the foot."""
    block, pad = navy_block(canvas, type_, panel)
    x, width = block.x + pad, block.width - 2 * pad
    foot = _foot_lines(campaign, type_, width)
    foot_height = sum(height_of(line, width) for line in foot) + 2 * MM * max(len(foot) - 1, 0)
    _draw_foot(canvas, type_, foot, Rect(x, block.y + pad, width, foot_height))
    bottom = block.y + pad + foot_height + (8 * MM if foot else 0.0)  # the lowest the title may reach

    canvas.setFillColor(type_.colour("accent"))
    canvas.setFont(type_.font(BOLD), BODY_MIN)
    top = block.top - pad - 8.5
    canvas.drawString(x, top, series_name(campaign))
    top -= 5 * MM
    canvas.roundRect(x, top - 1.4 * MM, 16 * MM, 1.4 * MM, 0.7 * MM, stroke=0, fill=1)
    top -= 1.4 * MM + 6 * MM
    legend = compare_rows(campaign, type_, shown)
    subtitle = None
    if campaign.subtitle:
        subtitle = type_.text(campaign.subtitle, "body", REGULAR, 10.0, type_.colour("on-primary-muted"), leading=1.35)
    room = top - bottom - _legend_height(legend) - (height_of(subtitle, width) + 5 * MM if subtitle else 0)
    title = type_.fitted(campaign.title, BOLD, type_.colour("on-primary"), PANEL_TITLE_SIZES, width, room, "title")
    top = draw_top(canvas, title, x, top, width) - 5 * MM
    if subtitle:
        top = draw_top(canvas, subtitle, x, top, width) - 5 * MM
    _draw_legend(canvas, type_, legend, x, top + 2.5 * MM, width)


def _draw_foot(canvas: Canvas, type_: Type, lines: list[VietText], rect: Rect) -> None:
    """The foot lines stacked up to ``rect``'s top, under a hairline."""
    if not lines:
        return
    canvas.setStrokeColor(type_.colour("ring"))
    canvas.setLineWidth(0.6)
    canvas.line(rect.x, rect.top + 2 * MM, rect.right, rect.top + 2 * MM)
    top = rect.top
    for line in lines:
        top = draw_top(canvas, line, rect.x, top, rect.width) - 2 * MM
