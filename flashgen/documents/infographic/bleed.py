"""A poster drawing with bleed: the A3 poster's SVG and the print shop's papers in, one drawing with bleed out.

Takes the finished SVG of ``poster_svg`` (drawn in A3 millimetres, viewBox
0 0 297 420), the papers (width × height, mm) and a bleed (mm); returns one
SVG whose background reaches as far past the page as the largest paper's
bleed needs (``poster_bleed_master``). Each paper's poster is a window of it
(``pdf.decks.window_pdf``): the drawing scaled to the paper's width and
centred, the bleed on every side (``bleed_growth``). The background layer (page colour, header and
footer bands, their clip paths: the only shapes that run to the edge, see
drawing.py) is extended to the bleed's outer edge, so that a print shop can
trim anywhere within the bleed and never show a white hairline; the
foreground keeps its safe margin (14 mm at A3, more on larger paper) and so
stays far more than 5 mm inside the trim. ISO papers are nearly but not
exactly in proportion (A1 is 0.5 mm taller than A3 × 2): the difference goes
to the top and bottom, which extend their background too.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from flashgen.load.svgdoc import SVG_NS, svg_number

EDGE = 1e-6  # a shape this close to the page's edge touches it


def _view_box(root: etree._Element) -> tuple[float, float, float, float]:
    x, y, width, height = (float(v) for v in root.get("viewBox", "").replace(",", " ").split())
    return x, y, width, height


def _extend(rect: etree._Element, box: tuple[float, float, float, float], grow_x: float, grow_y: float) -> None:
    """``rect`` grown past each page edge it touches: by ``grow_x`` left and right, ``grow_y`` top and bottom."""
    left, top, right, bottom = box[0], box[1], box[0] + box[2], box[1] + box[3]
    x, y = float(rect.get("x", "0")), float(rect.get("y", "0"))
    x2, y2 = x + float(rect.get("width", "0")), y + float(rect.get("height", "0"))
    x = x - grow_x if abs(x - left) < EDGE else x
    y = y - grow_y if abs(y - top) < EDGE else y
    x2 = x2 + grow_x if abs(x2 - right) < EDGE else x2
    y2 = y2 + grow_y if abs(y2 - bottom) < EDGE else y2
    for name, value in (("x", x), ("y", y), ("width", x2 - x), ("height", y2 - y)):
        rect.set(name, svg_number(value))


def _edge_rects(root: etree._Element) -> list[etree._Element]:
    """The rectangles that may touch the edge: the background layer's and its clip paths'."""
    rects = root.findall(f".//{{{SVG_NS}}}g[@id='background']//{{{SVG_NS}}}rect")
    rects += root.findall(f".//{{{SVG_NS}}}clipPath/{{{SVG_NS}}}rect")
    return rects


def bleed_growth(svg_box: tuple[float, float, float, float], paper_mm: tuple[float, float], bleed_mm: float) -> tuple[float, float]:
    """How far (drawing units: left and right, top and bottom) the background must reach past the drawing's page
    for ``paper_mm`` with ``bleed_mm`` of bleed (the drawing scaled to the paper's width and centred)."""
    unit_mm = paper_mm[0] / svg_box[2]  # millimetres of paper per unit of the drawing
    grow_x = bleed_mm / unit_mm
    return grow_x, grow_x + (paper_mm[1] / unit_mm - svg_box[3]) / 2


def _grown(svg: bytes, grow_x: float, grow_y: float, width_mm: float) -> bytes:
    """``svg`` with its background reaching ``grow_x``/``grow_y`` units past its page, the page enlarged to
    match, and ``width_mm`` wide (its height in proportion)."""
    root = etree.fromstring(svg)
    box = _view_box(root)
    for rect in _edge_rects(root):
        _extend(rect, box, grow_x, grow_y)
    root.set("viewBox", " ".join(svg_number(v) for v in (box[0] - grow_x, box[1] - grow_y,
                                                           box[2] + 2 * grow_x, box[3] + 2 * grow_y)))
    height_mm = width_mm * (box[3] + 2 * grow_y) / (box[2] + 2 * grow_x)
    root.set("width", f"{svg_number(width_mm)}mm")
    root.set("height", f"{svg_number(height_mm)}mm")
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)


def poster_bleed_master(svg: bytes, papers_mm: Iterable[tuple[float, float]], bleed_mm: float) -> tuple[bytes, float, float]:
    """``svg`` (the A3 poster, one unit a millimetre) with background reaching as far past its page as the
    largest bleed of any of ``papers_mm`` needs, at one millimetre a unit; and that reach (``grow_x``,
    ``grow_y``, units). Drawn once, it gives each paper's poster with bleed as a window of it
    (``pdf.decks.window_pdf``): the background past a paper's own bleed lies outside its page."""
    box = _view_box(etree.fromstring(svg))
    growths = [bleed_growth(box, paper, bleed_mm) for paper in papers_mm]
    grow_x, grow_y = max(g[0] for g in growths), max(g[1] for g in growths)
    return _grown(svg, grow_x, grow_y, box[2] + 2 * grow_x), grow_x, grow_y
