"""The leaflet's back panel: the campaign messages (or who issues the leaflet), over the source with a QR code
to the full text, over the theme's footer line."""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas

from flashgen.documents.leaflet.marks import accent_bar
from flashgen.documents.leaflet.rows import MessageRow, fill_frame
from flashgen.documents.leaflet.sheet import SHEET, Panel, Rect, block_rect, text_rect
from flashgen.documents.leaflet.typeset import (
    BOLD,
    EXTRABOLD,
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
from flashgen.pdf.kit import MM, draw_qr
from flashgen.text.columns import SLACK, count_fitting, fits
from flashgen.text.fit import largest_fitting

# Type sizes (pt), tried largest first. The messages never go below 7 pt: smaller is unreadable for many readers.
# A few short messages are set larger, so the panel does not look empty.
MESSAGE_SIZES = (13.0, 12.0, 11.0, 10.0, 9.5, 9.0)  # down to the handout's body minimum (typeset.BODY_MIN)
# With its 4-module quiet zone; a 130-character URL then prints with 0.4 mm
# modules, which phone cameras read from a hand's length.
QR_SIZE = 26 * MM
LABEL_MESSAGES = "Thông điệp truyền thông"


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
    caption = type_.text(campaign.source.qr_caption, "heading", BOLD, 8.5, type_.colour("primary")) if url else None
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
        air = (area.height - SLACK - sum(heights)) / max(len(rows) - 1, 1)
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
        _(
            "The leaflet's back panel has room for {fitting} of the {count} messages at {size:g} pt "
            "(the smallest size it uses). Shorten the messages or keep fewer of them in the content file."
        ).format(fitting=fitting, count=len(rows), size=size),
        code="overflow",
    )
