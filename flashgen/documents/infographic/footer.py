"""The footer band: the source, a QR code to the full text, an empty slot for a logo, the theme's footer line."""

from __future__ import annotations

from lxml import etree

from flashgen.compose.qr import qr_group
from flashgen.documents.infographic.drawing import Page, svg_element, svg_group
from flashgen.documents.infographic.kit import Kit, SetText, TextTooLarge, place
from flashgen.documents.infographic.pieces import Chrome
from flashgen.documents.infographic.style import TALL, Medium
from flashgen.load.svgdoc import svg_number
from flashgen.text.layout import Align, Box

CAPTION_EMS = (6.6, 8.2, 10.0, 12.0, 14.0)  # widths of the QR caption's frame tried, in caption sizes: a long caption gets more


def _source_lines(kit: Kit, m: Medium, width: float) -> list[tuple[SetText, str, str]]:
    """(text, field, colour) of each line naming the source: the credit, or its title and speaker; the letter."""
    source = kit.campaign.source
    entries = [
        (source.credit or source.title, 600, "credit" if source.credit else "title"),
        ("" if source.credit else source.speaker, 400, "speaker"),
        (source.letter, 400, "letter"),
    ]
    return [
        (kit.body_text(value, Box(0, 0, width, TALL), weight, m.source, kit.where("source", field),
                       min_size=0.9 * m.source, line_height=1.32), field,
         kit.colour("on-primary" if weight == 600 else "on-primary-muted"))
        for value, weight, field in entries if value
    ]


def _theme_line(kit: Kit, m: Medium, width: float) -> SetText | None:
    """The theme's footer line (contacts, fanpage …), small and centred under the rest; None without one."""
    if not kit.theme.footer:
        return None
    return kit.body_text(kit.theme.footer, Box(0, 0, width, TALL), 400, max(0.85 * m.source, m.body_floor),
                         kit.where_theme("footer"), min_size=max(0.75 * m.source, m.body_floor), max_lines=2, align=Align.CENTER, line_height=1.3)


def _draw_logo_slot(page: Page, m: Medium, x: float, y: float) -> None:
    """Record a square reserved for the publishing organisation's logo, at (``x``, ``y``) on the page.

    Nothing is drawn in it; the empty group says where it is (page coordinates) for whoever adds one.
    """
    page.comment(f"logo slot: x={svg_number(x)} y={svg_number(y)} width={svg_number(m.logo)} "
                 f"height={svg_number(m.logo)}; reserved for the organisation's logo, nothing is drawn here")
    svg_element(page.foreground, "g", id="logo-slot", data_x=svg_number(x), data_y=svg_number(y),
                data_width=svg_number(m.logo), data_height=svg_number(m.logo))


def _caption(kit: Kit, m: Medium) -> tuple[SetText, float]:
    """The QR code's caption in at most three lines, right-aligned, and the width of its frame: the usual
    width, or wider for a long caption ("Quét mã để xem chuyên trang …")."""
    for ems in CAPTION_EMS:
        try:
            caption = kit.heading_text(kit.campaign.source.qr_caption, Box(0, 0, ems * m.caption, TALL), 600,
                                       m.caption, kit.where("source", "qr_caption"), max_lines=3, align=Align.RIGHT,
                                       line_height=1.25, heading=True)
            return caption, ems * m.caption
        except TextTooLarge:
            if ems == CAPTION_EMS[-1]:
                raise
    raise AssertionError("unreachable: the last width raises")


def _draw_qr(kit: Kit, m: Medium, group: etree._Element, width: float, y: float, caption: SetText,
             caption_w: float) -> None:
    """The QR code to the source at the right, its caption right-aligned beside it."""
    gap = 0.9 * m.source
    qr_x = width - m.margin - m.qr
    group.append(qr_group(kit.campaign.source.url, qr_x, y, m.qr, kit.colour("primary")))
    caption_y = y + (m.qr - caption.height) / 2
    place(caption, qr_x - gap - caption_w, caption_y).draw(group, kit.colour("on-primary"), "qr-caption")


def footer(kit: Kit, m: Medium, width: float, reserve: float = 0.0, lead: float = 0.0) -> Chrome:
    """The source, a QR code to the full text, an empty slot for a logo, and the theme's footer line.

    The source sits beside the logo slot and the QR code when there is room,
    above them when there is not. Without a QR code the slot takes the code's
    place at the right: the source starts at the margin, as every other block
    does, not indented beside an empty square. ``lead`` is extra room above the
    content (a carousel's closing slide centres it in a tall band). ``reserve``
    is extra room at the bottom of the band (the carousel's slide indicator).
    """
    url = kit.campaign.source.url
    inner = width - 2 * m.margin
    gap = 0.9 * m.source
    caption, caption_w = _caption(kit, m) if url else (None, 0.0)
    qr_w = m.qr + gap + caption_w if url else 0.0
    wide_text = inner - m.logo - gap - (qr_w + gap if url else 0.0)
    stacked = wide_text < 24 * m.source
    parts = _source_lines(kit, m, inner if stacked else wide_text)
    spacing = 0.45 * m.source
    text_h = sum(p[0].height for p in parts) + spacing * max(len(parts) - 1, 0)
    band_pad = 0.75 * m.band_top + lead
    row_h = max(m.logo, m.qr if url else 0.0)
    content_h = text_h + (gap * 1.4 if text_h else 0.0) + row_h if stacked else max(text_h, row_h)
    line = _theme_line(kit, m, inner)
    if line is not None:
        content_h += 1.4 * gap + line.height
    height = band_pad + content_h + m.footer_bottom + reserve

    def draw(page: Page, top: float) -> None:
        page.band(top, page.height - top)
        group = svg_group(page.foreground, 0, top, id="footer")
        row_y = band_pad + text_h + gap * 1.4 if stacked else band_pad
        slot_at_right = not stacked and not url
        _draw_logo_slot(page, m, width - m.margin - m.logo if slot_at_right else m.margin, top + row_y)
        text_x = m.margin if stacked or slot_at_right else m.margin + m.logo + gap
        text_y = band_pad if stacked else band_pad + max(0.0, (row_h - text_h) / 2)
        for set_text, field, colour in parts:
            place(set_text, text_x, text_y).draw(group, colour, f"source-{field}")
            text_y += set_text.height + spacing
        if caption is not None:
            _draw_qr(kit, m, group, width, row_y, caption, caption_w)
        if line is not None:
            place(line, m.margin, band_pad + content_h - line.height).draw(group, kit.colour("on-primary-muted"),
                                                                           "theme-footer")

    return Chrome(height, draw)
