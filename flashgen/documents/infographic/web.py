"""The web image: the header, every item in one column and the footer, as one tall image for a fanpage post."""

from __future__ import annotations

import math

from flashgen.documents.infographic.bodies import arrange, web_columns
from flashgen.documents.infographic.choice import check_layout, layout_items
from flashgen.documents.infographic.drawing import Page
from flashgen.documents.infographic.footer import footer
from flashgen.documents.infographic.header import header
from flashgen.documents.infographic.kit import Kit, TextTooLarge
from flashgen.documents.infographic.pieces import Body
from flashgen.documents.infographic.style import SCREEN, Medium, Scale
from flashgen.load.content import Campaign
from flashgen.load.fonts import FontBook
from flashgen.load.svgdoc import svg_number
from flashgen.load.theme import Theme, default_theme
from flashgen.text.wordbreak import WordBreaker


def web_svg(campaign: Campaign, fonts: FontBook, breaker: WordBreaker, layout: str, width: int = 1080,
            theme: Theme | None = None) -> bytes:
    """One tall image ``width`` px wide in ``theme`` (default: xanh), its height computed from the content
    (one column; key figures two abreast)."""
    check_layout(campaign, layout)
    kit = Kit(campaign, fonts, breaker, theme or default_theme(), SCREEN.body_floor)
    m = SCREEN
    top, bottom = header(kit, m, width), footer(kit, m, width)
    columns = web_columns(layout, len(layout_items(campaign, layout)))
    body = _body(kit, layout, m, width, columns)
    s = body.scale
    height = math.ceil(top.height + m.gap + body.height + m.gap + bottom.height)
    page = Page(float(width), float(height), "px", kit.theme)
    page.root.set("data-body-size", svg_number(s.body))
    page.root.set("data-heading-size", svg_number(s.heading))
    top.draw(page, 0.0)
    body.draw(page, m.margin, top.height + m.gap, body.height)
    bottom.draw(page, height - bottom.height)
    return page.tostring()


def _body(kit: Kit, layout: str, m: Medium, width: int, columns: int) -> Body:
    """The items at the medium's body size (scaled to ``width``), or at its floor if some text needs a
    smaller size to be set well (a key figure's label with a long term)."""
    nominal = max(m.body_floor, m.body * min(1.0, width / 1080))
    try:
        return arrange(kit, layout, width - 2 * m.margin, columns, Scale.of(nominal, m))
    except TextTooLarge:
        if nominal <= m.body_floor:
            raise
        return arrange(kit, layout, width - 2 * m.margin, columns, Scale.of(m.body_floor, m))
