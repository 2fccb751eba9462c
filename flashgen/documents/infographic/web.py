"""The web image: the header, every item in one column and the footer, as one tall image for a fanpage post.

The image is a stack of strips, each its own SVG drawn from its own top: the
header, each piece of the body (an item's card or row, the comparison's
column heads, a row of key figures) with the gap below it, and the footer.
What a strip shows does not depend on where it lands, so after an edit to
one item only that item's strip differs, even when the item grew a line and
pushed the others down: the render stage draws it and takes the other strips
from the last build's image (render/strips.py). Each strip is a whole number
of pixels tall (its content's height rounded up).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from lxml import etree

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
from flashgen.load.svgdoc import SVG_NS, svg_number
from flashgen.load.theme import Theme, default_theme
from flashgen.text.wordbreak import WordBreaker

_REFERENCE = re.compile(r"url\(#([^)]+)\)")
_LINK = "{http://www.w3.org/1999/xlink}href"


def web_strips(campaign: Campaign, fonts: FontBook, breaker: WordBreaker, layout: str, width: int = 1080,
               theme: Theme | None = None) -> tuple[bytes, ...]:
    """The tall image ``width`` px wide in ``theme`` (default: xanh) as strips, top to bottom: SVGs ``width``
    px wide and a whole number of px tall (one column; key figures two abreast)."""
    check_layout(campaign, layout)
    kit = Kit(campaign, fonts, breaker, theme or default_theme(), SCREEN.body_floor)
    m = SCREEN
    top, bottom = header(kit, m, width), footer(kit, m, width)
    body = _body(kit, layout, m, width, web_columns(layout, len(layout_items(campaign, layout))))
    assert body.stack, "the web image's body is one column"
    sizes = {"data-body-size": svg_number(body.scale.body), "data-heading-size": svg_number(body.scale.heading)}
    strips = [_strip(kit, width, top.height + m.gap, sizes, lambda page: top.draw(page, 0.0))]
    for index, (piece, gap) in enumerate(body.stack):
        below = m.gap if index == len(body.stack) - 1 else gap  # the last piece: the gap above the footer
        strips.append(_strip(kit, width, piece.height + below, sizes,
                             lambda page, piece=piece: piece.draw(page.foreground, m.margin, 0.0)))
    strips.append(_strip(kit, width, bottom.height, sizes,
                         lambda page: bottom.draw(page, page.height - bottom.height)))
    return tuple(strips)


def web_svg(campaign: Campaign, fonts: FontBook, breaker: WordBreaker, layout: str, width: int = 1080,
            theme: Theme | None = None) -> bytes:
    """The tall image as one SVG: its strips (``web_strips``) one under another, each strip's ids prefixed
    with its number so that they stay unique. What the image shows, to check or to open in an editor."""
    strips = web_strips(campaign, fonts, breaker, layout, width, theme)
    root = etree.Element(f"{{{SVG_NS}}}svg", nsmap={None: SVG_NS})
    y = 0
    for number, strip in enumerate(strips):
        drawn = etree.fromstring(strip)
        for name, value in drawn.items():  # the sizes the body is set in (the same on every strip)
            if name.startswith("data-"):
                root.set(name, value)
        _prefix_ids(drawn, f"s{number}-")
        group = etree.SubElement(root, f"{{{SVG_NS}}}g", transform=f"translate(0 {y})")
        group.extend(drawn)
        y += int(drawn.get("height").removesuffix("px"))
    root.set("width", f"{width}px")
    root.set("height", f"{y}px")
    root.set("viewBox", f"0 0 {width} {y}")
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)


def _strip(kit: Kit, width: int, height: float, attributes: dict[str, str], draw: Callable[[Page], None]) -> bytes:
    """One strip ``height`` tall (rounded up to whole pixels) with ``attributes``, drawn by ``draw`` from its top."""
    page = Page(float(width), float(math.ceil(height - 1e-6)), "px", kit.theme)
    for name, value in attributes.items():
        page.root.set(name, value)
    draw(page)
    return page.tostring()


def _prefix_ids(root: etree._Element, prefix: str) -> None:
    """Prefix every id in ``root``, and every reference to one (url(#…), href="#…"), with ``prefix``."""
    for element in root.iter(etree.Element):
        for name, value in element.items():
            if name == "id":
                element.set(name, prefix + value)
            elif name in ("href", _LINK) and value.startswith("#"):
                element.set(name, "#" + prefix + value[1:])
            elif "url(#" in value:
                element.set(name, _REFERENCE.sub(lambda match: f"url(#{prefix}{match.group(1)})", value))


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
