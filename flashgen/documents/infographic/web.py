"""The web image: the header, every item in one column and the footer, as one tall image for a fanpage post."""

from __future__ import annotations

import math

from flashgen.documents.infographic.bodies import arrange, check_layout
from flashgen.documents.infographic.drawing import Page
from flashgen.documents.infographic.footer import footer
from flashgen.documents.infographic.header import header
from flashgen.documents.infographic.kit import Kit
from flashgen.documents.infographic.style import SCREEN, Scale
from flashgen.load.content import Campaign
from flashgen.load.fonts import FontBook
from flashgen.load.svgdoc import svg_number
from flashgen.load.theme import Theme, default_theme
from flashgen.text.wordbreak import WordBreaker


def web_svg(campaign: Campaign, fonts: FontBook, breaker: WordBreaker, layout: str, width: int = 1080,
            theme: Theme | None = None) -> bytes:
    """One tall image ``width`` px wide in ``theme`` (default: xanh), its height computed from the content
    (single column)."""
    check_layout(campaign, layout)
    kit = Kit(campaign, fonts, breaker, theme or default_theme())
    m = SCREEN
    s = Scale.of(max(m.body_floor, m.body * min(1.0, width / 1080)), m)
    top, bottom = header(kit, m, width), footer(kit, m, width)
    body = arrange(kit, layout, width - 2 * m.margin, 1, s)
    height = math.ceil(top.height + m.gap + body.height + m.gap + bottom.height)
    page = Page(float(width), float(height), "px", kit.theme)
    page.root.set("data-body-size", svg_number(s.body))
    page.root.set("data-heading-size", svg_number(s.heading))
    top.draw(page, 0.0)
    body.draw(page, m.margin, top.height + m.gap, body.height)
    bottom.draw(page, height - bottom.height)
    return page.tostring()
