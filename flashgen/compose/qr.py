"""QR codes: a value and a square in, an SVG group out (``qr_group``), or the dark runs to draw (``qr_rects``,
which the PDFs' ``pdf.kit.draw_qr`` draws).

The modules come from reportlab's QR encoder (level M: survives a smudge or a
fold); the white quiet zone of four modules is inside the square, so the code
scans on any background. A code is encoded once per text and process, and kept
in the layout cache between builds.
"""

from __future__ import annotations

import functools
import itertools

import reportlab
from lxml import etree

from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.limits import MAX_QR_BYTES
from flashgen.load.svgdoc import SVG_NS, svg_number
from flashgen.text import memo

BORDER = 4  # modules of white quiet zone on every side, inside the square


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


def _module_path(value: str, x: float, y: float, side: float) -> str:
    """The dark modules of the QR code as one SVG path."""
    commands = []
    for left, bottom, width, height in qr_rects(value, side):
        top = y + side - bottom - height  # reportlab's y runs up; SVG's runs down
        commands.append(f"M{svg_number(x + left)} {svg_number(top)}h{svg_number(width)}v{svg_number(height)}h{svg_number(-width)}z")
    return "".join(commands)


@functools.lru_cache(maxsize=64)  # a card set, a booklet's passes, a poster: the same link at a few sizes
def qr_rects(value: str, side: float) -> tuple[tuple[float, float, float, float], ...]:
    """The dark runs of ``value``'s QR code (level M, a 4-module quiet zone) in a square of ``side``: (x, y,
    width, height) with y running up from the square's bottom, as reportlab's QR widget draws them."""
    count, runs = _dark_runs(value)
    box = float(side) / (count + BORDER * 2.0)  # the widget's arithmetic, so the cards and PDFs stay as they were
    return tuple(((column + BORDER) * box, side - (row + BORDER + 1) * box, length * box, box)
                 for row, column, length in runs)


@functools.lru_cache(maxsize=16)
def _dark_runs(value: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """The code's module count and its dark runs (row, first column, length), encoded once per text: by
    reportlab's encoder, in pure Python (0.1–0.2 s a code), so kept in the layout cache between builds."""
    return memo.remembered(("qr", reportlab.Version, "M", value), lambda: _encode(value))


def _encode(value: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    # Imported here: a build whose codes are all in the layout cache never loads reportlab's graphics (0.1 s).
    from reportlab.graphics.barcode.qr import QrCodeWidget

    code = QrCodeWidget(value, barLevel="M").qr
    code.make()
    runs = []
    for row, modules in enumerate(code.modules):
        column = 0
        for dark, same in itertools.groupby(map(bool, modules)):
            length = len(list(same))
            if dark:
                runs.append((row, column, length))
            column += length
    return code.getModuleCount(), tuple(runs)
