"""Drawing the infographic: SVG elements with numbers written one way everywhere, and the ``Page``.

A page has a background layer (page colour, bands, their rings and dots),
which may run to the paper's edge, and a foreground layer that stays inside
the safe margin. Functions here only draw; they measure nothing.
"""

from __future__ import annotations

from lxml import etree

from flashgen.load.content_pictures import Picture
from flashgen.load.icons import ICON_SIZE, Icon
from flashgen.load.svgdoc import SVG_NS, svg_number
from flashgen.load.theme import Theme


def svg_element(parent: etree._Element, tag: str, **attributes: str | float) -> etree._Element:
    """A child ``tag`` of ``parent``; attribute names use "_" for "-" (stroke_width), numbers as ``svg_number``."""
    made = etree.SubElement(parent, f"{{{SVG_NS}}}{tag}")
    for key, value in attributes.items():
        made.set(key.replace("_", "-"), svg_number(value) if isinstance(value, float | int) else value)
    return made


def svg_rect(parent: etree._Element, x: float, y: float, w: float, h: float, fill: str, rx: float = 0.0,
             **extra: str | float) -> etree._Element:
    attributes: dict[str, str | float] = {"x": x, "y": y, "width": max(w, 0.0), "height": max(h, 0.0), "fill": fill}
    if rx:
        attributes["rx"] = min(rx, w / 2, h / 2)
    return svg_element(parent, "rect", **attributes, **extra)


def svg_group(parent: etree._Element, x: float = 0.0, y: float = 0.0, **attributes: str) -> etree._Element:
    made = svg_element(parent, "g", **attributes)
    if x or y:
        made.set("transform", f"translate({svg_number(x)} {svg_number(y)})")
    return made


def svg_icon(parent: etree._Element, shape: Icon | Picture, x: float, y: float, size: float, colour: str) -> None:
    """``shape`` (a stroked icon, or the item's own picture, fitted) ``size`` square with its top left at (x, y)."""
    if isinstance(shape, Picture):
        svg_element(parent, "image", x=x, y=y, width=size, height=size, href=shape.data_uri,
                    preserveAspectRatio="xMidYMid meet").set("data-picture", shape.source)
        return
    drawing = svg_element(parent, "g", fill="none", stroke=colour, stroke_width="2", stroke_linecap="round",
                          stroke_linejoin="round",
                          transform=f"translate({svg_number(x)} {svg_number(y)}) scale({svg_number(size / ICON_SIZE)})")
    drawing.set("data-icon", shape.name)
    for d in shape.paths:
        svg_element(drawing, "path", d=d)


def svg_arrow(parent: etree._Element, x: float, cy: float, length: float, colour: str, width: float) -> None:
    """A → from x to x + length, centred on cy."""
    head = length * 0.32
    d = (f"M{svg_number(x)} {svg_number(cy)}H{svg_number(x + length)}M{svg_number(x + length - head)} {svg_number(cy - head)}"
         f"L{svg_number(x + length)} {svg_number(cy)}L{svg_number(x + length - head)} {svg_number(cy + head)}")
    svg_element(parent, "path", d=d, fill="none", stroke=colour, stroke_width=width, stroke_linecap="round",
                stroke_linejoin="round")


class Page:
    """One SVG document in the theme's colours: a background layer (may bleed) and a foreground layer (inside the margin)."""

    def __init__(self, width: float, height: float, unit: str, theme: Theme,
                 physical: tuple[float, float] | None = None) -> None:
        self.width, self.height, self.theme = width, height, theme
        colour = theme.colour
        shown = physical or (width, height)
        self.root = etree.Element(f"{{{SVG_NS}}}svg", nsmap={None: SVG_NS})
        self.root.set("width", f"{svg_number(shown[0])}{unit}")
        self.root.set("height", f"{svg_number(shown[1])}{unit}")
        self.root.set("viewBox", f"0 0 {svg_number(width)} {svg_number(height)}")
        self.defs = svg_element(self.root, "defs")
        gradient = svg_element(self.defs, "linearGradient", id="sky", x1="0", y1="0", x2="0.35", y2="1")
        svg_element(gradient, "stop", offset="0", stop_color=colour("primary"))
        svg_element(gradient, "stop", offset="1", stop_color=colour("primary-light"))
        gradient = svg_element(self.defs, "linearGradient", id="new-way", x1="0", y1="0", x2="1", y2="1")
        svg_element(gradient, "stop", offset="0", stop_color=colour("link"))
        svg_element(gradient, "stop", offset="1", stop_color=colour("primary"))
        gradient = svg_element(self.defs, "linearGradient", id="glow", x1="0", y1="0", x2="1", y2="1")
        svg_element(gradient, "stop", offset="0", stop_color=colour("glow"), stop_opacity="0.45")
        svg_element(gradient, "stop", offset="1", stop_color=colour("glow"), stop_opacity="0")
        self.background = svg_element(self.root, "g", id="background")
        self.background.set("data-layer", "background")
        svg_rect(self.background, 0, 0, width, height, colour("surface"))
        self.foreground = svg_element(self.root, "g", id="foreground")
        self._clips = 0

    def band(self, y: float, height: float, rings: tuple[float, float, float] | None = None) -> None:
        """A band of the primary colour across the page (background), with the rings motif centred at ``rings`` (cx, cy, r)."""
        svg_rect(self.background, 0, y, self.width, height, "url(#sky)")
        if rings is None:
            return
        self._clips += 1
        clip = svg_element(self.defs, "clipPath", id=f"band-{self._clips}")
        svg_rect(clip, 0, y, self.width, height, "#000000")
        motif = svg_element(self.background, "g", clip_path=f"url(#band-{self._clips})")
        cx, cy, r = rings
        on_primary = self.theme.colour("on-primary")
        rings_group = svg_element(motif, "g", fill="none", stroke=on_primary, stroke_opacity="0.08", stroke_width=r * 0.012)
        for factor in (0.45, 0.75, 1.05, 1.35):
            svg_element(rings_group, "circle", cx=cx, cy=cy, r=r * factor)
        svg_element(motif, "circle", cx=cx, cy=cy, r=r * 0.9, fill="url(#glow)")
        dots = svg_element(motif, "g", fill=on_primary, fill_opacity="0.16")
        step = r * 0.14
        for row in range(3):
            for column in range(row, 4):
                svg_element(dots, "circle", cx=cx - r * 0.95 + column * step, cy=cy + r * 0.55 + row * step, r=step * 0.13)

    def comment(self, text: str) -> None:
        self.foreground.append(etree.Comment(f" {text} "))

    def tostring(self) -> bytes:
        return etree.tostring(self.root, encoding="utf-8", xml_declaration=True)
