"""QR codes as SVG: a value and a square in, an SVG group out.

The modules come from reportlab's QR encoder (level M: survives a smudge or a
fold); the white quiet zone of four modules is inside the square, so the code
scans on any background.
"""

from __future__ import annotations

import functools

from lxml import etree
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Rect

from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.limits import MAX_QR_BYTES
from flashgen.load.svgdoc import SVG_NS, svg_number


def qr_group(value: str, x: float, y: float, side: float, colour: str) -> etree._Element:
    """``<g>`` drawing a QR code of ``value`` in the square (x, y, side), y down as in SVG."""
    if len(value.encode("utf-8")) > MAX_QR_BYTES:  # the content reader refuses such a link first, naming its line
        raise FlashgenError(
            _("the link '{link}…' is too long for a QR code (at most {most:,} characters).").format(link=value[:60], most=MAX_QR_BYTES),
            code="qr-too-long",
        )
    group = etree.Element(f"{{{SVG_NS}}}g")
    group.set("data-qr", value)
    background = etree.SubElement(group, f"{{{SVG_NS}}}rect")
    for name, number in (("x", x), ("y", y), ("width", side), ("height", side)):
        background.set(name, svg_number(number))
    background.set("fill", "#FFFFFF")
    modules = etree.SubElement(group, f"{{{SVG_NS}}}path")
    modules.set("d", _module_path(value, x, y, side))
    modules.set("fill", colour)
    return group


@functools.lru_cache(maxsize=64)  # every card of a size shows the same link at the same place
def _module_path(value: str, x: float, y: float, side: float) -> str:
    """The dark modules of the QR code as one SVG path."""
    widget = QrCodeWidget(value, barLevel="M", barBorder=4, barWidth=side, barHeight=side)
    commands = []
    for shape in widget.draw().contents:
        if isinstance(shape, Rect) and shape.fillColor is not None:
            top = y + side - shape.y - shape.height  # reportlab's y runs up; SVG's runs down
            commands.append(
                f"M{svg_number(x + shape.x)} {svg_number(top)}h{svg_number(shape.width)}v{svg_number(shape.height)}h{svg_number(-shape.width)}z"
            )
    return "".join(commands)
