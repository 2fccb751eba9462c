"""The leaflet's front cover: logo and organisation, the item count as a graphic (for figures the year: a count
would read as one more figure), the title and subtitle, the two sides compared and the year at the foot."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from flashgen.documents.leaflet.marks import arrow, pill
from flashgen.documents.leaflet.sheet import SHEET, Panel, Rect, block_rect
from flashgen.documents.leaflet.typeset import (
    BLACK,
    BOLD,
    REGULAR,
    SEMIBOLD,
    Type,
    draw_top,
    height_of,
)
from flashgen.load.content import Campaign
from flashgen.pdf.branding import fit_logo, organisations
from flashgen.pdf.kit import MM, draw_logo

TITLE_SIZES = (28.0, 26.0, 24.0, 22.0, 21.0, 20.0, 19.0, 18.0, 17.0, 16.0, 15.0, 14.0)  # pt, tried largest first
# The theme's logo on the cover fits this box (width, height), proportions kept.
LOGO_BOX = (26 * MM, 11 * MM)


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
    # A name is a display line: broken between its parts ("Sở Thông tin / và Truyền thông"), never in a word.
    names = [type_.text(name, "heading", SEMIBOLD, 8.5, type_.colour("on-primary-muted" if index else "on-primary"),
                        leading=1.25, heading=True)
             for index, name in enumerate(organisations(campaign, type_.look.theme))]
    logo = type_.look.theme.logo
    if logo is None:
        if not names:
            return top
        bottom = top
        # A narrow block, unless a name would split a word there ("Truyền / thông"): then the width it needs.
        name_width = width * 0.62 if all(name.phrased(width * 0.62) for name in names) else width - 3 * MM
        for name in names:
            bottom = draw_top(canvas, name, x + 3 * MM, bottom, name_width) - (1 * MM if name is not names[-1] else 0)
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
    if not all(name.phrased(text_width) for name in names):
        # Beside the logo a name would split a word ("Truyền / thông"): the names go under the logo, full width.
        bottom = top - tile_height - 2 * MM
        for name in names:
            bottom = draw_top(canvas, name, x, bottom, width) - 1 * MM
        return bottom + 1 * MM
    text_height = sum(height_of(name, text_width) for name in names) + 1 * MM * max(len(names) - 1, 0)
    bottom = top - max(0.0, (tile_height - text_height) / 2)  # centred on the tile, or hanging from its top
    for name in names:
        bottom = draw_top(canvas, name, text_x, bottom, text_width) - 1 * MM
    return min(bottom + 1 * MM, top - tile_height)


def hero_text(campaign: Campaign, shown: tuple[str, ...]) -> str:
    """The cover's big graphic: the number of items ("17" điểm), the figure the campaign is known by.

    Not for a set of figures: "12" among figures reads as one more statistic.
    It shows the year instead, or the campaign's word for its items.
    """
    if set(shown) != {"figure"}:
        return str(len(campaign.items))
    return str(campaign.year) if campaign.year is not None else campaign.item_label_caps


def navy_block(canvas: Canvas, type_: Type, panel: Panel) -> tuple[Rect, float]:
    """A whole panel as a navy block with the rings motif (cover, inside title); its rect and inner padding."""
    block = block_rect(panel)
    canvas.setFillColor(type_.colour("primary"))
    canvas.roundRect(block.x, block.y, block.width, block.height, 3 * MM, stroke=0, fill=1)
    draw_rings(canvas, block, type_)
    return block, SHEET.block_padding * MM + 2 * MM


def draw_cover(canvas: Canvas, campaign: Campaign, type_: Type, panel: Panel, shown: tuple[str, ...]) -> None:
    """Logo and organisation, the hero graphic, title, subtitle; the two sides and the year at the foot."""
    block, pad = navy_block(canvas, type_, panel)
    x, width = block.x + pad, block.width - 2 * pad
    top = draw_masthead(canvas, campaign, type_, x, block.top - pad, width)
    hero = hero_text(campaign, shown)
    hero_size = min(136.0, width / stringWidth(hero, type_.font(BLACK), 1.0))
    canvas.setFillColor(type_.colour("accent"))
    canvas.setFont(type_.font(BLACK), hero_size)
    baseline = top - 14 * MM - 0.72 * hero_size  # digits and capitals stand about 0.72 em tall
    canvas.drawString(x - 0.04 * hero_size, baseline, hero)
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
    year = campaign.year is not None and hero != str(campaign.year)  # not twice
    year_width = stringWidth(str(campaign.year), bold, 12.0) + 4 * MM if year else 0.0
    pills = sum(stringWidth(label, bold, 9.0) + 1.2 * 9.0 for label in (compare.from_label, compare.to_label))
    # Short labels (CNTT → CĐS) only: long ones would run into the year.
    shows_sides = "contrast" in shown and compare.from_label and compare.to_label
    if shows_sides and pills + 11.4 * MM <= width - year_width:
        on_primary, accent = type_.colour("on-primary"), type_.colour("accent")
        left = x + pill(canvas, x, baseline, compare.from_label, bold, 9.0, type_.colour("primary-light"), on_primary) + 2.2 * MM
        arrow(canvas, left, baseline + 0.33 * 9.0, 7 * MM, 0, accent)
        pill(canvas, left + 9.2 * MM, baseline, compare.to_label, bold, 9.0, accent, type_.colour("primary"))
    if year:
        canvas.setFillColor(type_.colour("on-primary"))
        canvas.setFont(bold, 12.0)
        canvas.drawRightString(block.right - pad, baseline, str(campaign.year))
