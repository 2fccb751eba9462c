"""Infographic: a ``Campaign`` in, one designed piece showing every item at a glance.

Takes the campaign, the ``FontBook``, a ``WordBreaker`` and the visual ``Theme``
(colours and fonts by role; its logo and organisation go in the header, its
footer line in the footer) and returns finished SVG documents (bytes) that
``render.render_pdf`` / ``render.render_image`` draw:

- ``poster_svg``: a vector poster (A3, or the same drawing enlarged to A2);
- ``web_svg``: one tall image, 1080 px wide, for a fanpage post;
- ``carousel_svgs``: the same content as 1080 × 1350 slides, never cutting an item.

Two layouts: ``"list"`` (a grid of item cards: number, icon, heading and the
two short contrasting texts) and ``"comparison"`` (the classic two-sided
infographic: one row per item, the old way on the left, the new way on the
right). Nothing is drawn for a fixed number of items: every text is set with
``textlayout`` (Vietnamese line breaks, shrink-to-fit), every row is as tall as
its text, and the poster chooses its column count (1–3) and one text size for
all items from the content. Text that cannot be set raises ``FlashgenError``
naming the item and field; content too long for the poster at a readable size
raises ``FlashgenError`` saying so.

Every drawing keeps its foreground (cards, text, icons, QR code) inside a safe
margin; only the shapes in the ``<g id="background">`` group (page colour,
header and footer bands, their rings and dots) run to the edge.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from lxml import etree

from flashgen.compose.card import text_element
from flashgen.compose.qr import qr_group
from flashgen.errors import FlashgenError
from flashgen.load.content import Campaign, Item
from flashgen.load.fonts import Face, FontBook, missing_glyphs_message
from flashgen.load.icons import ICON_SIZE, Icon, load_icon
from flashgen.load.svgdoc import SVG_NS, svg_number
from flashgen.load.theme import Logo, Theme, default_theme
from flashgen.pdf.branding import fit_logo, organisations
from flashgen.text.layout import (
    Align,
    Box,
    PlacedLine,
    TextBlock,
    TextDoesNotFit,
    TextStyle,
    VAlign,
    layout_text,
)
from flashgen.text.wordbreak import WordBreaker

LAYOUTS = ("list", "comparison")
POSTER_PAPERS = {"a3": (297.0, 420.0), "a2": (420.0, 594.0)}  # mm, portrait

WEIGHTS = (400, 500, 600, 700, 800, 900)
FONT_ROLES = ("heading", "body")

LABEL_QR = "Quét mã để đọc toàn văn"
LABEL_NEXT = "Xem tiếp"

TALL = 1.0e6  # an unlimited frame height: items are as tall as their text
HEADING_RATIO = 1.28  # heading size / body size
POSTER_BODY_MAX = 9.0  # mm; a few items get big type (headings 11.5 mm), but not a billboard
SPINE_MIN_EMS = 46.0  # a row this many body sizes wide, or wider, gets the centre spine
# Each side's share of a spine row's width (the heading takes the rest): both are tried, the most compact wins.
SPINE_SHARES = (0.32, 0.27)
CAROUSEL_SLIDE = (1080, 1350)
CAROUSEL_BODY_SIZES = (28.0, 30.0, 32.0, 34.0, 36.0)  # px, tried for the fewest, fullest slides
MAX_MEASURE = 56.0  # a text frame wider than this many ems of its size reads badly (≈ 100 characters)
MIN_MEASURE = 15.0  # and one narrower than this is a column of single words
MIN_HEADING_MEASURE = 12.0  # headings are larger: the same, in ems of the heading size


# --------------------------------------------------------------------------
# Media: units and the sizes of the page furniture (header, footer).
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Medium:
    """One output's units and proportions; item sizes derive from the body size."""

    margin: float  # page edge to foreground
    body: float  # body size of the item texts (the poster searches below its own maximum)
    body_floor: float  # readable minimum of body text
    heading_floor: float  # readable minimum of headings
    org: float  # header sizes
    title: float
    title_min: float
    subtitle: float
    pill: float
    band_top: float  # header band: page top to first text
    band_bottom: float  # last header text to the band's lower edge
    gap: float  # between header, body and footer
    source: float  # footer sizes
    caption: float
    qr: float
    logo: float
    footer_bottom: float  # last footer ink to the page's lower edge


POSTER = Medium(
    margin=14.0, body=POSTER_BODY_MAX, body_floor=2.6, heading_floor=3.2,
    org=4.4, title=13.0, title_min=8.5, subtitle=5.4, pill=4.4, band_top=14.0, band_bottom=9.0, gap=7.0,
    source=3.6, caption=3.4, qr=26.0, logo=22.0, footer_bottom=12.0,
)
# A dense poster (25–30 items) gives the items more of the page: a smaller header and footer.
POSTER_COMPACT = replace(
    POSTER, org=3.8, title=9.5, title_min=7.0, subtitle=4.4, pill=3.8, band_top=11.0, band_bottom=7.0, gap=5.0,
    source=3.2, caption=3.0, qr=22.0, logo=18.0, footer_bottom=11.0,
)
SCREEN = Medium(
    margin=56.0, body=30.0, body_floor=28.0, heading_floor=34.0,
    org=28.0, title=64.0, title_min=46.0, subtitle=32.0, pill=30.0, band_top=72.0, band_bottom=56.0, gap=44.0,
    source=28.0, caption=28.0, qr=190.0, logo=150.0, footer_bottom=56.0,
)


@dataclass(frozen=True)
class Scale:
    """Sizes of the item area, all from one body size ``b``."""

    body: float
    heading: float
    heading_min: float
    body_min: float

    @classmethod
    def of(cls, body: float, medium: Medium) -> Scale:
        heading = body * HEADING_RATIO
        # layout_text may go a little below these sizes to keep a word whole
        # (or a heading from ending on one syllable), never below the floors.
        return cls(
            body=body, heading=heading,
            heading_min=min(heading, max(0.94 * heading, medium.heading_floor)),
            body_min=min(body, max(0.96 * body, medium.body_floor)),
        )

    @property
    def label(self) -> float:  # CNTT / CĐS pills
        return 0.74 * self.body

    @property
    def pad(self) -> float:  # inside a card
        return 0.85 * self.body

    @property
    def gap(self) -> float:  # between cards
        return 0.9 * self.body


# --------------------------------------------------------------------------
# Text: every string goes through layout_text; errors name the field.
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class SetText:
    """A laid-out text and the style it was set with (what ``text_element`` needs)."""

    block: TextBlock
    style: TextStyle

    @property
    def height(self) -> float:
        return self.block.ink.height if self.block.lines else 0.0

    @property
    def width(self) -> float:
        return max((line.width for line in self.block.lines), default=0.0)

    def draw(self, parent: etree._Element, fill: str, name: str = "") -> etree._Element:
        element = text_element(self.block, self.style, fill, name)
        parent.append(element)
        return element


class TextTooLarge(FlashgenError):
    """A text does not fit its frame at the size tried (the poster then tries a smaller size)."""


class PosterTooFull(FlashgenError):
    """The items do not fit the poster at the readable minimum sizes."""


class Kit:
    """The campaign, the theme's fonts and colours, the line breaker: sets text and says where it failed.

    Headings, numbers and labels are set in the theme's "heading" font,
    running text in its "body" font, and measured in the font they are set in.
    """

    def __init__(self, campaign: Campaign, fonts: FontBook, breaker: WordBreaker, theme: Theme) -> None:
        self.campaign = campaign
        self.breaker = breaker
        self.theme = theme
        self.faces = _faces(fonts, theme)
        self._icons: dict[int, Icon | None] = {}
        for item in campaign.items:  # an unknown icon name is reported before any layout
            self.icon(item)

    def where_item(self, item: Item, field: str) -> str:
        return f"{self.campaign.path}, line {item.line}, item {item.number}, field '{field}'"

    def where(self, section: str, field: str) -> str:
        return f"{self.campaign.path}, section '{section}', field '{field}'"

    def check_glyphs(self, text: str, face: Face, where: str) -> None:
        problem = missing_glyphs_message(face, text)
        if problem:
            raise FlashgenError(f"{where}: {problem}")

    def colour(self, role: str) -> str:
        return self.theme.colour(role)

    def where_theme(self, field: str) -> str:
        return f"theme {self.theme.path}, field '{field}'"

    def heading_text(self, text: str, box: Box, weight: int, size: float, where: str, **options: Any) -> SetText:
        """``text`` set in the heading font (headings, titles, labels); ``options`` as for ``set``."""
        return self.set("heading", text, box, weight, size, where, **options)

    def body_text(self, text: str, box: Box, weight: int, size: float, where: str, **options: Any) -> SetText:
        """``text`` set in the body font (running text); ``options`` as for ``set``."""
        return self.set("body", text, box, weight, size, where, **options)

    def set(
        self, role: str, text: str, box: Box, weight: int, size: float, where: str, *, min_size: float | None = None,
        heading: bool = False, line_height: float = 1.3, align: Align = Align.LEFT, valign: VAlign = VAlign.TOP,
        uppercase: bool = False, max_lines: int | None = None, letter_spacing: float = 0.0,
    ) -> SetText:
        face = self.faces[role, weight]
        self.check_glyphs(text.upper() if uppercase else text, face, where)
        style = TextStyle(
            face=face, max_size=size, min_size=size if min_size is None else min(min_size, size),
            line_height=line_height, align=align, valign=valign, heading=heading, uppercase=uppercase,
            max_lines=max_lines, letter_spacing=letter_spacing,
        )
        try:
            block = layout_text(text, box, style, self.breaker)
        except TextDoesNotFit as exc:
            raise TextTooLarge(f"{where}: the text does not fit the infographic ({exc}). Shorten the text.") from None
        return SetText(block, style)

    def label(self, text: str, weight: int, size: float, cx: float, cy: float, where: str,
              letter_spacing: float = 0.0) -> SetText:
        """A one-line label (heading font) whose ink is centred on (cx, cy): numbers in badges, pill texts."""
        face = self.faces["heading", weight]
        self.check_glyphs(text, face, where)
        style = TextStyle(face=face, max_size=size, min_size=size, letter_spacing=letter_spacing)
        width = face.width(text, size) + letter_spacing * size * max(len(text) - 1, 0)
        boxes = [face.ink[c] for c in text if c in face.ink] or [(0.0, 0.0, 0.0, 0.7)]
        top, bottom = max(b[3] for b in boxes), min(b[1] for b in boxes)
        baseline = cy + (top + bottom) / 2 * size
        x = cx - width / 2
        line = PlacedLine(text, x, baseline, width)
        return SetText(TextBlock(size, (line,), Box(x, baseline - top * size, width, (top - bottom) * size)), style)

    def label_width(self, text: str, weight: int, size: float, letter_spacing: float = 0.0) -> float:
        return self.faces["heading", weight].width(text, size) + letter_spacing * size * max(len(text) - 1, 0)

    def icon(self, item: Item) -> Icon | None:
        if item.number not in self._icons:
            icon = None
            if item.icon:
                try:
                    icon = load_icon(item.icon)
                except FlashgenError as exc:
                    raise FlashgenError(f"{self.where_item(item, 'icon')}: {exc}") from None
            self._icons[item.number] = icon
        return self._icons[item.number]


# --------------------------------------------------------------------------
# Drawing primitives.
# --------------------------------------------------------------------------


def _el(parent: etree._Element, tag: str, **attributes: str | float) -> etree._Element:
    element = etree.SubElement(parent, f"{{{SVG_NS}}}{tag}")
    for key, value in attributes.items():
        element.set(key.replace("_", "-"), svg_number(value) if isinstance(value, float | int) else value)
    return element


def _rect(parent: etree._Element, x: float, y: float, w: float, h: float, fill: str, rx: float = 0.0,
          **extra: str | float) -> etree._Element:
    attributes: dict[str, str | float] = {"x": x, "y": y, "width": max(w, 0.0), "height": max(h, 0.0), "fill": fill}
    if rx:
        attributes["rx"] = min(rx, w / 2, h / 2)
    return _el(parent, "rect", **attributes, **extra)


def _group(parent: etree._Element, x: float = 0.0, y: float = 0.0, **attributes: str) -> etree._Element:
    group = _el(parent, "g", **attributes)
    if x or y:
        group.set("transform", f"translate({svg_number(x)} {svg_number(y)})")
    return group


def _icon(parent: etree._Element, icon: Icon, x: float, y: float, size: float, colour: str) -> None:
    group = _el(parent, "g", fill="none", stroke=colour, stroke_width="2", stroke_linecap="round",
                stroke_linejoin="round", transform=f"translate({svg_number(x)} {svg_number(y)}) scale({svg_number(size / ICON_SIZE)})")
    group.set("data-icon", icon.name)
    for d in icon.paths:
        _el(group, "path", d=d)


def _arrow(parent: etree._Element, x: float, cy: float, length: float, colour: str, width: float) -> None:
    """A → from x to x + length, centred on cy."""
    head = length * 0.32
    d = (f"M{svg_number(x)} {svg_number(cy)}H{svg_number(x + length)}M{svg_number(x + length - head)} {svg_number(cy - head)}"
         f"L{svg_number(x + length)} {svg_number(cy)}L{svg_number(x + length - head)} {svg_number(cy + head)}")
    _el(parent, "path", d=d, fill="none", stroke=colour, stroke_width=width, stroke_linecap="round",
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
        self.defs = _el(self.root, "defs")
        gradient = _el(self.defs, "linearGradient", id="sky", x1="0", y1="0", x2="0.35", y2="1")
        _el(gradient, "stop", offset="0", stop_color=colour("primary"))
        _el(gradient, "stop", offset="1", stop_color=colour("primary-light"))
        gradient = _el(self.defs, "linearGradient", id="new-way", x1="0", y1="0", x2="1", y2="1")
        _el(gradient, "stop", offset="0", stop_color=colour("link"))
        _el(gradient, "stop", offset="1", stop_color=colour("primary"))
        gradient = _el(self.defs, "linearGradient", id="glow", x1="0", y1="0", x2="1", y2="1")
        _el(gradient, "stop", offset="0", stop_color=colour("glow"), stop_opacity="0.45")
        _el(gradient, "stop", offset="1", stop_color=colour("glow"), stop_opacity="0")
        self.background = _el(self.root, "g", id="background")
        self.background.set("data-layer", "background")
        _rect(self.background, 0, 0, width, height, colour("surface"))
        self.foreground = _el(self.root, "g", id="foreground")
        self._clips = 0

    def band(self, y: float, height: float, rings: tuple[float, float, float] | None = None) -> None:
        """A band of the primary colour across the page (background), with the rings motif centred at ``rings`` (cx, cy, r)."""
        _rect(self.background, 0, y, self.width, height, "url(#sky)")
        if rings is None:
            return
        self._clips += 1
        clip = _el(self.defs, "clipPath", id=f"band-{self._clips}")
        _rect(clip, 0, y, self.width, height, "#000000")
        motif = _el(self.background, "g", clip_path=f"url(#band-{self._clips})")
        cx, cy, r = rings
        on_primary = self.theme.colour("on-primary")
        rings_group = _el(motif, "g", fill="none", stroke=on_primary, stroke_opacity="0.08", stroke_width=r * 0.012)
        for factor in (0.45, 0.75, 1.05, 1.35):
            _el(rings_group, "circle", cx=cx, cy=cy, r=r * factor)
        _el(motif, "circle", cx=cx, cy=cy, r=r * 0.9, fill="url(#glow)")
        dots = _el(motif, "g", fill=on_primary, fill_opacity="0.16")
        step = r * 0.14
        for row in range(3):
            for column in range(row, 4):
                _el(dots, "circle", cx=cx - r * 0.95 + column * step, cy=cy + r * 0.55 + row * step, r=step * 0.13)

    def comment(self, text: str) -> None:
        self.foreground.append(etree.Comment(f" {text} "))

    def tostring(self) -> bytes:
        return etree.tostring(self.root, encoding="utf-8", xml_declaration=True)


# --------------------------------------------------------------------------
# Pieces: measured blocks that draw themselves at a given place.
# --------------------------------------------------------------------------

Drawer = Callable[[etree._Element, float], None]  # (group translated to the piece's corner, final height)


@dataclass(frozen=True)
class Piece:
    height: float
    drawer: Drawer
    item: Item | None = None

    def draw(self, parent: etree._Element, x: float, y: float, height: float | None = None) -> etree._Element:
        attributes = {"data-item": str(self.item.number)} if self.item is not None else {}
        group = _group(parent, x, y, **attributes)
        self.drawer(group, self.height if height is None else height)
        return group


def _badge(kit: Kit, parent: etree._Element, item: Item, cx: float, cy: float, diameter: float) -> None:
    _el(parent, "circle", cx=cx, cy=cy, r=diameter / 2, fill=kit.colour("accent"))
    number = f"{item.number:02d}"
    size = diameter * (0.46 if len(number) <= 2 else 0.36)
    kit.label(number, 800, size, cx, cy, kit.where_item(item, "number")).draw(parent, kit.colour("primary"), "number")


def _compare_labels(campaign: Campaign) -> tuple[str, str]:
    compare = campaign.compare
    return compare.from_label or compare.from_name, compare.to_label or compare.to_name


def _pill(kit: Kit, parent: etree._Element, text: str, x: float, cy: float, size: float, where: str,
          filled: bool, on_dark: bool = False, width: float | None = None) -> float:
    """A rounded label (filled with the accent colour, or outlined); returns its width."""
    spacing = 0.04
    own = kit.label_width(text, 800 if filled else 700, size, spacing) + 1.3 * size
    width = max(width or 0.0, own)
    height = 1.75 * size
    if filled:
        _rect(parent, x, cy - height / 2, width, height, kit.colour("accent"), rx=height / 2)
        colour = kit.colour("primary")
    else:
        stroke = kit.colour("outline" if on_dark else "text-faint")
        _rect(parent, x, cy - height / 2, width, height, "none", rx=height / 2, stroke=stroke,
              stroke_width=size * 0.11)
        colour = kit.colour("on-primary-muted" if on_dark else "text-muted")
    kit.label(text, 800 if filled else 700, size, x + width / 2, cy, where, spacing).draw(parent, colour, "label")
    return width


def _pill_width(kit: Kit, text: str, size: float, filled: bool) -> float:
    return kit.label_width(text, 800 if filled else 700, size, 0.04) + 1.3 * size


# --------------------------------------------------------------------------
# The list layout: one card per item.
# --------------------------------------------------------------------------


def list_card(kit: Kit, item: Item, width: float, s: Scale) -> Piece:
    """Number badge and icon in a rail, the heading, then the old way (muted) and the new way (highlighted)."""
    b, pad = s.body, s.pad
    badge = 2.3 * b
    icon = kit.icon(item)
    icon_size = 1.55 * b
    x0 = pad + badge + 0.9 * b
    inner = width - x0 - pad
    heading = kit.heading_text(item.heading, Box(0, 0, inner, TALL), 700, s.heading, kit.where_item(item, "heading"),
                               min_size=s.heading_min, heading=True, line_height=1.2)
    # A one-line heading is centred on the badge; longer ones start level with its top.
    heading = _place(heading, x0, pad + max(0.0, (badge - heading.height) / 2))
    y = heading.block.ink.y + heading.height
    from_label, to_label = _compare_labels(kit.campaign)
    label_size = s.label
    inset = 0.55 * b  # text inside the tinted "new way" box
    rows: list[tuple[str, str, SetText, float, float]] = []  # (field, label, text, box top, box bottom)
    pill, stacked = 0.0, False
    if item.from_text or item.to_text:
        sides = ((from_label, False), (to_label, True))
        pill = max((_pill_width(kit, label, label_size, filled) for label, filled in sides if label), default=0.0)
        stacked = pill > 0.3 * (inner - 2 * inset)  # a long side name goes above its text
        text_x = x0 + inset + (0.0 if stacked or not pill else pill + 0.6 * b)
        text_width = x0 + inner - inset - text_x
        y += 0.55 * b
        ways = (("from", from_label, item.from_text, 400), ("to", to_label, item.to_text, 600))
        for field, label, value, weight in ways:
            if not value:
                continue
            boxed = field == "to"  # only the new way sits in a tinted box; the old way needs no inset
            pad_y = inset if boxed else 0.0
            text_top = y + pad_y + (1.95 * label_size if stacked else 0.0)
            set_text = kit.body_text(value, Box(0, 0, text_width, TALL), weight, b, kit.where_item(item, field),
                                     min_size=s.body_min, line_height=1.3)
            set_text = _place(set_text, text_x, text_top)
            bottom = text_top + set_text.height + pad_y
            rows.append((field, label, set_text, y, bottom))
            y = bottom + 0.5 * b
        y -= 0.5 * b
    rail = pad + badge + (0.7 * b + icon_size if icon else 0.0)
    height = max(y, rail) + pad

    def draw(group: etree._Element, h: float) -> None:
        _rect(group, 0, 0, width, h, kit.colour("paper"), rx=0.9 * b, stroke=kit.colour("rule"), stroke_width=0.06 * b)
        _badge(kit, group, item, pad + badge / 2, pad + badge / 2, badge)
        if icon:
            _icon(group, icon, pad + (badge - icon_size) / 2, pad + badge + 0.7 * b, icon_size, kit.colour("link"))
        heading.draw(group, kit.colour("primary"), "heading")
        for field, label, set_text, top, bottom in rows:
            if field == "to":
                _rect(group, x0, top, inner, bottom - top, kit.colour("tint"), rx=0.6 * b)
            if label:
                first = set_text.block.lines[0].baseline
                label_cy = top + (inset if field == "to" else 0.0) + 0.9 * label_size if stacked else first - 0.36 * b
                _pill(kit, group, label, x0 + inset, label_cy, label_size, kit.where("compare", f"{field}_label"),
                      filled=field == "to", width=pill)
            set_text.draw(group, kit.colour("text-muted" if field == "from" else "primary"), field)

    return Piece(height, draw, item)


# --------------------------------------------------------------------------
# The comparison layout: one row per item, old way | heading | new way.
# --------------------------------------------------------------------------


def _comparison_ready(campaign: Campaign) -> None:
    compare = campaign.compare
    if not compare.from_name or not compare.to_name:
        raise FlashgenError(
            f"{campaign.path}: the comparison layout needs the names of the two sides: section 'compare', "
            "fields 'from_name' and 'to_name' (for example 'Công nghệ thông tin' and 'Chuyển đổi số'). "
            "Add them, or use the list layout."
        )
    if not any(item.from_text or item.to_text for item in campaign.items):
        raise FlashgenError(
            f"{campaign.path}: the comparison layout needs items with 'from' and 'to' texts (the old way and the "
            "new way), and no item has them. Add them, or use the list layout."
        )


def _spine_fits(width: float, s: Scale) -> bool:
    """A centre spine (old | heading | new) needs a wide row; narrow pages stack the heading above."""
    return width >= SPINE_MIN_EMS * s.body


def comparison_row(kit: Kit, item: Item, width: float, s: Scale, share: float = SPINE_SHARES[0]) -> Piece:
    return _spine_row(kit, item, width, s, share) if _spine_fits(width, s) else _stacked_row(kit, item, width, s)


def _spine_columns(width: float, s: Scale, share: float) -> tuple[float, float, float, float]:
    """(cell width, spine x, spine width, right cell x) of a spine row."""
    gap = 0.9 * s.body
    cell = (width - 2 * gap) * share
    spine = width - 2 * cell - 2 * gap
    return cell, cell + gap, spine, cell + gap + spine + gap


def _spine_row(kit: Kit, item: Item, width: float, s: Scale, share: float) -> Piece:
    b = s.body
    cell, spine_x, spine_w, right_x = _spine_columns(width, s, share)
    inset = 0.75 * b
    badge = 1.85 * b
    icon = kit.icon(item)
    icon_size = 1.3 * b
    head_x = spine_x + badge + 0.7 * b + (icon_size + 0.5 * b if icon else 0.0)
    heading = kit.heading_text(item.heading, Box(0, 0, spine_x + spine_w - head_x - 0.9 * b, TALL), 700, s.heading,
                               kit.where_item(item, "heading"), min_size=s.heading_min, heading=True, line_height=1.18)
    texts = {}
    for field, value, weight in (("from", item.from_text, 400), ("to", item.to_text, 500)):
        if value:
            texts[field] = kit.body_text(value, Box(0, 0, cell - 2 * inset, TALL), weight, b, kit.where_item(item, field),
                                         min_size=s.body_min, line_height=1.3)
    height = max([heading.height + 0.8 * b, badge + 0.6 * b] + [t.height + 2 * 0.6 * b for t in texts.values()])

    def draw(group: etree._Element, h: float) -> None:
        _rect(group, 0, 0, cell, h, kit.colour("paper"), rx=0.7 * b, stroke=kit.colour("rule"), stroke_width=0.06 * b)
        _rect(group, right_x, 0, cell, h, "url(#new-way)", rx=0.7 * b)
        for field, x, fill in (("from", 0.0, kit.colour("text")), ("to", right_x, kit.colour("on-primary"))):
            if field in texts:
                placed = texts[field]
                _place(placed, x + inset, (h - placed.height) / 2).draw(group, fill, field)
        cy = h / 2
        _badge(kit, group, item, spine_x + badge / 2, cy, badge)
        if icon:
            _icon(group, icon, spine_x + badge + 0.7 * b, cy - icon_size / 2, icon_size, kit.colour("link"))
        _place(heading, head_x, cy - heading.height / 2).draw(group, kit.colour("primary"), "heading")
        # the turn from the old way to the new: an accent-coloured arrow on the new way's edge
        cx = right_x - 0.45 * b
        _el(group, "circle", cx=cx, cy=cy, r=0.58 * b, fill=kit.colour("accent"), stroke=kit.colour("surface"),
            stroke_width=0.2 * b)
        _arrow(group, cx - 0.28 * b, cy, 0.56 * b, kit.colour("primary"), 0.16 * b)

    return Piece(height, draw, item)


def _stacked_row(kit: Kit, item: Item, width: float, s: Scale) -> Piece:
    """Badge, icon and heading across the row; the old and the new way side by side below."""
    b = s.body
    badge = 2.1 * b
    icon = kit.icon(item)
    icon_size = 1.45 * b
    head_x = badge + 0.7 * b + (icon_size + 0.55 * b if icon else 0.0)
    heading = kit.heading_text(item.heading, Box(0, 0, width - head_x, TALL), 700, s.heading,
                               kit.where_item(item, "heading"), min_size=s.heading_min, heading=True, line_height=1.2)
    head_h = max(badge, heading.height)
    gap = 0.7 * b
    cell = (width - gap) / 2
    inset = 0.7 * b
    from_label, to_label = _compare_labels(kit.campaign)
    label_size = s.label
    texts = {}
    for field, value, weight in (("from", item.from_text, 400), ("to", item.to_text, 500)):
        if value:
            texts[field] = kit.body_text(value, Box(0, 0, cell - 2 * inset, TALL), weight, b, kit.where_item(item, field),
                                         min_size=s.body_min, line_height=1.3)
    label_h = 1.6 * label_size
    labels = {
        field: kit.heading_text(label, Box(0, 0, cell - 2 * inset, label_h), 800, label_size,
                                kit.where("compare", f"{field}_label"), min_size=0.8 * label_size, uppercase=True,
                                max_lines=1, letter_spacing=0.06, valign=VAlign.MIDDLE)
        for field, label in (("from", from_label), ("to", to_label)) if field in texts and label
    }
    if not labels:
        label_h = 0.0
    cells_h = 0.0
    if texts:
        cells_h = 2 * inset + (label_h + 0.35 * b if labels else 0.0) + max(t.height for t in texts.values())
    cells_top = head_h + 0.6 * b
    height = cells_top + cells_h if texts else head_h

    def draw(group: etree._Element, h: float) -> None:
        _badge(kit, group, item, badge / 2, head_h / 2, badge)
        if icon:
            _icon(group, icon, badge + 0.7 * b, (head_h - icon_size) / 2, icon_size, kit.colour("link"))
        _place(heading, head_x, (head_h - heading.height) / 2).draw(group, kit.colour("primary"), "heading")
        if not texts:
            return
        cell_h = h - cells_top
        _rect(group, 0, cells_top, cell, cell_h, kit.colour("paper"), rx=0.7 * b, stroke=kit.colour("rule"),
              stroke_width=0.06 * b)
        _rect(group, cell + gap, cells_top, cell, cell_h, "url(#new-way)", rx=0.7 * b)
        sides = (("from", 0.0, "text-muted", "text"), ("to", cell + gap, "accent", "on-primary"))
        for field, x, label_role, text_role in sides:
            if field not in texts:
                continue
            top = cells_top + inset
            if field in labels:
                _place(labels[field], x + inset, top).draw(group, kit.colour(label_role), "label")
            _place(texts[field], x + inset, top + (label_h + 0.35 * b if labels else 0.0)).draw(
                group, kit.colour(text_role), field)
        _el(group, "circle", cx=cell + gap / 2, cy=cells_top + cell_h / 2, r=0.62 * b, fill=kit.colour("accent"),
            stroke=kit.colour("surface"), stroke_width=0.22 * b)
        _arrow(group, cell + gap / 2 - 0.3 * b, cells_top + cell_h / 2, 0.6 * b, kit.colour("primary"), 0.17 * b)

    return Piece(height, draw, item)


def row_gap(width: float, s: Scale) -> float:
    """Between comparison rows: wider when each row is a heading over two cells."""
    return (0.55 if _spine_fits(width, s) else 1.25) * s.body


def column_head(kit: Kit, width: float, s: Scale, share: float = SPINE_SHARES[0]) -> Piece:
    """The names of the two sides above the comparison rows (one band per column)."""
    compare = kit.campaign.compare
    b = s.body
    size = 0.86 * b
    if _spine_fits(width, s):
        cell, _, _, right_x = _spine_columns(width, s, share)
        spans = ((0.0, cell), (right_x, cell))
    else:
        gap = 0.7 * b
        cell = (width - gap) / 2
        spans = ((0.0, cell), (cell + gap, cell))
    texts = [
        kit.heading_text(name, Box(0, 0, w - 1.4 * b, TALL), 800, size, kit.where("compare", field),
                         min_size=0.75 * size, uppercase=True, max_lines=2, letter_spacing=0.05, align=Align.CENTER,
                         heading=True, line_height=1.15)
        for (x, w), name, field in zip(spans, (compare.from_name, compare.to_name), ("from_name", "to_name"))
    ]
    height = max(t.height for t in texts) + 1.2 * b

    def draw(group: etree._Element, h: float) -> None:
        for (x, w), text, (fill, colour) in zip(spans, texts, (("rule", "text-muted"), ("primary", "accent"))):
            _rect(group, x, 0, w, h, kit.colour(fill), rx=h / 2)
            _place(text, x + 0.7 * b, (h - text.height) / 2).draw(group, kit.colour(colour), "column-head")

    return Piece(height, draw)


def _place(text: SetText, x: float, y: float) -> SetText:
    """``text`` (set in a frame at the origin) moved so that frame's top-left is at (x, y)."""
    block = text.block
    lines = tuple(PlacedLine(line.text, line.x + x, line.baseline + y, line.width) for line in block.lines)
    ink = Box(block.ink.x + x, block.ink.y + y, block.ink.width, block.ink.height)
    return SetText(TextBlock(block.size, lines, ink), text.style)


# --------------------------------------------------------------------------
# Page furniture: the header band and the footer band.
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Chrome:
    """A full-width band: its height and how to draw it with its top at y."""

    height: float
    drawer: Callable[[Page, float], None]

    def draw(self, page: Page, top: float) -> None:
        self.drawer(page, top)


@dataclass(frozen=True)
class LogoTile:
    """The theme's logo on a small paper-coloured tile (a logo is drawn for white paper, not for the band)."""

    width: float
    height: float
    inset: float
    logo_size: tuple[float, float]

    @classmethod
    def of(cls, logo: Logo, height: float) -> LogoTile:
        inset = 0.12 * height
        box = height - 2 * inset
        logo_size = fit_logo(logo, 3.2 * box, box)
        return cls(logo_size[0] + 2 * inset, height, inset, logo_size)

    def draw(self, kit: Kit, parent: etree._Element, x: float, y: float) -> None:
        logo = kit.theme.logo
        assert logo is not None
        _rect(parent, x, y, self.width, self.height, kit.colour("paper"), rx=self.inset)
        width, height = self.logo_size
        image = _el(parent, "image", x=x + self.inset, y=y + (self.height - height) / 2, width=width, height=height,
                    preserveAspectRatio="xMidYMid meet", href=logo.data_uri)
        image.set("data-frame", "logo")


def _organisations(kit: Kit, width: float, size: float) -> list[SetText]:
    """The organisations to name in the header (the theme's, then the campaign's), stacked."""
    theme_name = kit.theme.organisation
    return [
        kit.heading_text(name, Box(0, 0, width, TALL), 600, size,
                         kit.where_theme("organisation") if name == theme_name else kit.where("campaign", "organisation"),
                         min_size=0.85 * size, max_lines=2, line_height=1.22, heading=True)
        for name in organisations(kit.campaign, kit.theme)
    ]


def header(kit: Kit, m: Medium, width: float) -> Chrome:
    """Logo and organisation, year, the title, the subtitle and the two sides compared (CNTT → CĐS)."""
    campaign = kit.campaign
    margin, inner = m.margin, width - 2 * m.margin
    year = "" if campaign.year is None else str(campaign.year)
    year_w = kit.label_width(year, 700, m.org) + 1.8 * m.org if year else 0.0
    year_h = 2.0 * m.org
    tile = LogoTile.of(kit.theme.logo, 2.6 * m.org) if kit.theme.logo else None
    bar_w = 0.3 * m.org
    org_x = margin + (tile.width if tile else bar_w) + 0.8 * m.org
    org_w = width - margin - org_x - (year_w + m.org if year else 0.0)
    orgs = _organisations(kit, org_w, m.org)
    org_gap = 0.3 * m.org
    orgs_h = sum(org.height for org in orgs) + org_gap * max(len(orgs) - 1, 0)
    row_h = max(year_h if year else 0.0, orgs_h, tile.height if tile else 0.0)
    title_top = m.band_top + (row_h + 1.4 * m.org if row_h else 0.0)
    title = kit.heading_text(campaign.title, Box(0, 0, inner, TALL), 800, m.title, kit.where("campaign", "title"),
                             min_size=m.title_min, max_lines=3, heading=True, line_height=1.12)
    y = title_top + title.height
    from_label, to_label = campaign.compare.from_label, campaign.compare.to_label
    pills = bool(from_label and to_label)
    arrow = 2.4 * m.pill
    pills_w = (_pill_width(kit, from_label, m.pill, False) + arrow + _pill_width(kit, to_label, m.pill, True)
               if pills else 0.0)
    subtitle = None
    if campaign.subtitle:
        subtitle = kit.body_text(campaign.subtitle, Box(0, 0, inner - (pills_w + 2 * m.pill if pills else 0.0), TALL), 400,
                                 m.subtitle, kit.where("campaign", "subtitle"), min_size=0.85 * m.subtitle, max_lines=3,
                                 heading=True, line_height=1.3)
    row2_h = max(subtitle.height if subtitle else 0.0, 1.75 * m.pill if pills else 0.0)
    row2_top = y + 0.42 * m.title
    height = (row2_top + row2_h if row2_h else y) + m.band_bottom

    def draw(page: Page, top: float) -> None:
        page.band(top, height, rings=(width - 0.08 * width, top + 0.18 * height, 0.62 * height))
        group = _group(page.foreground, 0, top, id="header")
        if tile:
            tile.draw(kit, group, margin, m.band_top + (row_h - tile.height) / 2)
        elif row_h:
            _rect(group, margin, m.band_top, bar_w, row_h, kit.colour("accent"), rx=bar_w / 2)
        y = m.band_top + (row_h - orgs_h) / 2
        for index, org in enumerate(orgs):
            _place(org, org_x, y).draw(group, kit.colour("on-primary" if index == 0 else "on-primary-muted"), "organisation")
            y += org.height + org_gap
        if year:
            x = width - margin - year_w
            y0 = m.band_top + (row_h - year_h) / 2
            _rect(group, x, y0, year_w, year_h, "none", rx=year_h / 2, stroke=kit.colour("outline"),
                  stroke_width=0.1 * m.org)
            kit.label(year, 700, m.org, x + year_w / 2, y0 + year_h / 2, kit.where("campaign", "year")).draw(
                group, kit.colour("on-primary-muted"), "year")
        _place(title, margin, title_top).draw(group, kit.colour("on-primary"), "title")
        if subtitle:
            _place(subtitle, margin, row2_top + (row2_h - subtitle.height) / 2).draw(
                group, kit.colour("on-primary-muted"), "subtitle")
        if pills:
            cy = row2_top + row2_h / 2
            x = width - margin - pills_w if subtitle else margin
            x += _pill(kit, group, from_label, x, cy, m.pill, kit.where("compare", "from_label"), False, on_dark=True)
            _arrow(group, x + 0.45 * m.pill, cy, arrow - 0.9 * m.pill, kit.colour("accent"), 0.16 * m.pill)
            _pill(kit, group, to_label, x + arrow, cy, m.pill, kit.where("compare", "to_label"), True)

    return Chrome(height, draw)


def footer(kit: Kit, m: Medium, width: float, reserve: float = 0.0) -> Chrome:
    """The source, a QR code to the full text, an empty slot for a logo, and the theme's footer line.

    ``reserve`` is extra room at the bottom of the band (the carousel's slide indicator).
    """
    source = kit.campaign.source
    margin, inner = m.margin, width - 2 * m.margin
    gap = 0.9 * m.source
    caption_w = 6.6 * m.caption
    qr_w = m.qr + gap + caption_w if source.url else 0.0
    wide_text = inner - m.logo - gap - (qr_w + gap if source.url else 0.0)
    stacked = wide_text < 24 * m.source
    text_w = inner if stacked else wide_text
    parts: list[tuple[SetText, str, str]] = []
    entries = [
        (source.credit or source.title, 600, "credit" if source.credit else "title"),
        ("" if source.credit else source.speaker, 400, "speaker"),
        (source.letter, 400, "letter"),
    ]
    for value, weight, field in entries:
        if value:
            parts.append((kit.body_text(value, Box(0, 0, text_w, TALL), weight, m.source, kit.where("source", field),
                                        min_size=0.9 * m.source, line_height=1.32), field,
                          kit.colour("on-primary" if weight == 600 else "on-primary-muted")))
    spacing = 0.45 * m.source
    text_h = sum(p[0].height for p in parts) + spacing * max(len(parts) - 1, 0)
    caption = None
    if source.url:
        caption = kit.heading_text(LABEL_QR, Box(0, 0, caption_w, TALL), 600, m.caption, "the QR code caption",
                                   max_lines=3, align=Align.RIGHT, line_height=1.25, heading=True)
    band_pad = 0.75 * m.band_top
    row_h = max(m.logo, m.qr if source.url else 0.0)
    content_h = text_h + (gap * 1.4 if text_h else 0.0) + row_h if stacked else max(text_h, row_h)
    line = None  # the theme's footer line (contacts, fanpage …), small and centred under the rest
    if kit.theme.footer:
        line = kit.body_text(kit.theme.footer, Box(0, 0, inner, TALL), 400, 0.85 * m.source, kit.where_theme("footer"),
                             min_size=0.75 * m.source, max_lines=2, align=Align.CENTER, line_height=1.3)
        content_h += 1.4 * gap + line.height
    height = band_pad + content_h + m.footer_bottom + reserve

    def draw(page: Page, top: float) -> None:
        page.band(top, page.height - top)
        group = _group(page.foreground, 0, top, id="footer")
        y = band_pad
        text_x = margin if stacked else margin + m.logo + gap
        row_y = y + text_h + gap * 1.4 if stacked else y
        text_y = y if stacked else y + max(0.0, (row_h - text_h) / 2)
        # The logo slot: a square reserved for the publishing organisation's logo. Nothing is
        # drawn in it; the empty group records where it is (page coordinates) for whoever adds one.
        page.comment(f"logo slot: x={svg_number(margin)} y={svg_number(top + row_y)} width={svg_number(m.logo)} height={svg_number(m.logo)}; "
                     "reserved for the organisation's logo, nothing is drawn here")
        _el(page.foreground, "g", id="logo-slot", data_x=svg_number(margin), data_y=svg_number(top + row_y), data_width=svg_number(m.logo),
            data_height=svg_number(m.logo))
        for set_text, field, colour in parts:
            _place(set_text, text_x, text_y).draw(group, colour, f"source-{field}")
            text_y += set_text.height + spacing
        if source.url and caption is not None:
            qr_x = width - margin - m.qr
            group.append(qr_group(source.url, qr_x, row_y, m.qr, kit.colour("primary")))
            caption_y = row_y + (m.qr - caption.height) / 2
            _place(caption, qr_x - gap - caption_w, caption_y).draw(group, kit.colour("on-primary"), "qr-caption")
        if line is not None:
            _place(line, margin, band_pad + content_h - line.height).draw(group, kit.colour("on-primary-muted"),
                                                                          "theme-footer")

    return Chrome(height, draw)


# --------------------------------------------------------------------------
# Bodies: the items arranged in columns.
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Body:
    height: float
    columns: int
    scale: Scale
    drawer: Callable[[Page, float, float, float], None]  # page, x, y, height available (≥ height)

    def draw(self, page: Page, x: float, y: float, available: float) -> None:
        self.drawer(page, x, y, available)


def _pieces(kit: Kit, layout: str, items: Sequence[Item], width: float, s: Scale) -> list[Piece]:
    make = list_card if layout == "list" else comparison_row
    return [make(kit, item, width, s) for item in items]


def _stack_height(pieces: Sequence[Piece], gap: float) -> float:
    return sum(p.height for p in pieces) + gap * max(len(pieces) - 1, 0)


def _spread_gap(count: int, natural: float, gap: float, available: float, stretch: float = 2.0) -> float:
    """The gap between ``count`` pieces once spare room is shared out (up to ``stretch`` × the gap)."""
    if count < 2:
        return gap
    return gap + max(0.0, min((available - natural) / (count - 1), (stretch - 1) * gap))


def list_body(kit: Kit, items: Sequence[Item], width: float, columns: int, s: Scale) -> Body:
    """Cards in a grid, row by row (1 2 3 / 4 5 6); each row as tall as its tallest card."""
    gutter = 1.1 * s.body
    card_w = (width - gutter * (columns - 1)) / columns
    cards = _pieces(kit, "list", items, card_w, s)
    rows = [cards[i:i + columns] for i in range(0, len(cards), columns)]
    heights = [max(card.height for card in row) for row in rows]
    natural = sum(heights) + s.gap * (len(rows) - 1)

    def draw(page: Page, x: float, y: float, available: float) -> None:
        gap = _spread_gap(len(rows), natural, s.gap, available)
        used = sum(heights) + gap * (len(rows) - 1)
        y += max(0.0, (available - used) / 2)
        for row, row_h in zip(rows, heights):
            # A short last row is centred under the others.
            left = x + (columns - len(row)) * (card_w + gutter) / 2
            for index, card in enumerate(row):
                card.draw(page.foreground, left + index * (card_w + gutter), y, row_h)
            y += row_h + gap

    return Body(natural, columns, s, draw)


def _balanced_split(heights: Sequence[float], parts: int, gap: float) -> list[int]:
    """Cut points splitting ``heights`` (in order) into ``parts`` runs of nearly equal height."""
    n = len(heights)
    parts = min(parts, n)
    prefix = [0.0]
    for h in heights:
        prefix.append(prefix[-1] + h)

    def run(i: int, j: int) -> float:
        return prefix[j] - prefix[i] + gap * (j - i - 1)

    # best[k][j]: smallest possible tallest run when the first j items make k runs
    best = [[math.inf] * (n + 1) for _ in range(parts + 1)]
    cut = [[0] * (n + 1) for _ in range(parts + 1)]
    best[0][0] = 0.0
    for k in range(1, parts + 1):
        for j in range(k, n + 1):
            for i in range(k - 1, j):
                value = max(best[k - 1][i], run(i, j))
                if value < best[k][j] - 1e-9:
                    best[k][j], cut[k][j] = value, i
    cuts, j = [], n
    for k in range(parts, 0, -1):
        cuts.append(j)
        j = cut[k][j]
    return sorted(cuts)


def comparison_body(kit: Kit, items: Sequence[Item], width: float, columns: int, s: Scale) -> Body:
    """Columns of comparison rows, read down then across, each under the names of the two sides."""
    gutter = 1.6 * s.body
    column_w = (width - gutter * (columns - 1)) / columns
    gap = row_gap(column_w, s)
    spine = _spine_fits(column_w, s)
    shares = [share for share in SPINE_SHARES if _spine_columns(column_w, s, share)[0] >= MIN_MEASURE * s.body]
    shares = shares if spine and shares else SPINE_SHARES[:1]
    options = []
    for share in shares:
        pieces = [comparison_row(kit, item, column_w, s, share) for item in items]
        options.append((_stack_height(pieces, gap), share, pieces))
    _, share, rows = min(options, key=lambda option: option[0])
    head = column_head(kit, column_w, s, share)
    cuts = _balanced_split([r.height for r in rows], columns, gap)
    runs, start = [], 0
    for end in cuts:
        runs.append(rows[start:end])
        start = end
    head_gap = 0.7 * s.body
    natural = head.height + head_gap + max(_stack_height(run, gap) for run in runs)

    def draw(page: Page, x: float, y: float, available: float) -> None:
        room = available - head.height - head_gap
        tallest = max(runs, key=lambda run: _stack_height(run, gap))
        between = _spread_gap(len(tallest), _stack_height(tallest, gap), gap, room)
        # Spine rows centre their content, so they may also grow (a little) into spare room.
        grow = 0.0
        if spine:
            spare = room - _stack_height(tallest, between)
            grow = max(0.0, min(spare / len(tallest), 1.6 * s.body))
        used = head.height + head_gap + max(_stack_height(run, between) + grow * len(run) for run in runs)
        y += max(0.0, (available - used) / 2)
        for index, run in enumerate(runs):
            left = x + index * (column_w + gutter)
            head.draw(page.foreground, left, y)
            top = y + head.height + head_gap
            for row in run:
                row.draw(page.foreground, left, top, row.height + grow)
                top += row.height + grow + between

    return Body(natural, len(runs), s, draw)


def _body(kit: Kit, layout: str, width: float, columns: int, s: Scale) -> Body:
    build = list_body if layout == "list" else comparison_body
    return build(kit, kit.campaign.items, width, columns, s)


def _frames(layout: str, width: float, columns: int, s: Scale) -> tuple[float, float]:
    """(body text frame, narrowest heading frame) of the items, in ems of their type sizes.

    Used to reject column counts and sizes that make lines too long to read or
    so narrow that a heading stacks up word by word.
    """
    b, h = s.body, s.heading
    if layout == "list":
        card = (width - 1.1 * b * (columns - 1)) / columns
        inner = card - 2 * s.pad - 3.2 * b
        return inner / b, inner / h
    column = (width - 1.6 * b * (columns - 1)) / columns
    if _spine_fits(column, s):
        cell, _, spine, _ = _spine_columns(column, s, max(SPINE_SHARES))
        return (cell - 1.5 * b) / b, (spine - 5.25 * b) / h
    return ((column - 0.7 * b) / 2 - 1.4 * b) / b, (column - 4.8 * b) / h


def _readable(layout: str, width: float, columns: int, s: Scale) -> bool:
    body, heading = _frames(layout, width, columns, s)
    return body >= MIN_MEASURE and heading >= MIN_HEADING_MEASURE


# --------------------------------------------------------------------------
# The three products.
# --------------------------------------------------------------------------


def _check(campaign: Campaign, layout: str) -> None:
    if layout not in LAYOUTS:
        raise FlashgenError(f"there is no infographic layout called '{layout}'; the layouts are: {', '.join(LAYOUTS)}.")
    if layout == "comparison":
        _comparison_ready(campaign)


def _fit_poster(kit: Kit, layout: str, m: Medium, width: float, available: float) -> Body:
    """The column count and body size that set the items largest on the page (near-ties: fewer columns)."""

    def trial(columns: int, body: float) -> Body | TextTooLarge | None:
        """The body at this size; None if its columns get too narrow for the size."""
        if not _readable(layout, width, columns, Scale.of(body, m)):
            return None
        try:
            return _body(kit, layout, width, columns, Scale.of(body, m))
        except TextTooLarge as exc:  # e.g. a term wider than a narrow column at this size
            return exc

    candidates: list[tuple[float, int, Body]] = []
    smallest: Body | None = None
    first_error: TextTooLarge | None = None
    for columns in (1, 2, 3):
        if columns > len(kit.campaign.items):
            continue
        low = trial(columns, m.body_floor)
        if not isinstance(low, Body):
            first_error = first_error or low
            continue
        if smallest is None or low.height < smallest.height:
            smallest = low
        if low.height > available:
            continue
        best = low
        high = trial(columns, m.body)
        if isinstance(high, Body) and high.height <= available:
            best = high
        else:
            # Heights grow roughly as a power of the size: guess from the two ends, then bisect
            # a narrow bracket around the guess.
            top = high.height if isinstance(high, Body) else low.height * (m.body / m.body_floor) ** 2
            power = max(math.log(top / low.height) / math.log(m.body / m.body_floor), 0.5)
            guess = min(m.body, m.body_floor * (available / low.height) ** (1 / power))
            lo, hi = m.body_floor, m.body  # lo fits, hi does not
            probe = guess
            for _ in range(2):  # the guess, then one step (4 %) towards the side it missed
                if not lo < probe < hi:
                    break
                attempt = trial(columns, probe)
                if isinstance(attempt, Body) and attempt.height <= available:
                    lo, best = probe, attempt
                    probe *= 1.04
                else:
                    hi = probe
                    probe *= 0.96
            while hi - lo > 0.01 * lo:
                middle = (lo + hi) / 2
                attempt = trial(columns, middle)
                if isinstance(attempt, Body) and attempt.height <= available:
                    lo, best = middle, attempt
                else:
                    hi = middle
        if _frames(layout, width, columns, best.scale)[0] > MAX_MEASURE:
            continue
        candidates.append((best.scale.body, columns, best))
    if not candidates:
        if smallest is None and first_error is not None:
            raise first_error
        need = f"; at the smallest sizes they need {smallest.height:.0f} mm" if smallest is not None else ""
        raise PosterTooFull(
            f"{kit.campaign.path}: the {len(kit.campaign.items)} items do not fit on an A3 poster in the "
            f"{layout} layout at a readable size (headings at least {m.heading_floor:g} mm, body text at least "
            f"{m.body_floor:g} mm){need}, and {available:.0f} mm are available between the header and the footer. "
            "Shorten the headings or the 'from'/'to' texts, or use the web image or the carousel."
            + (f" (In narrower columns: {first_error})" if first_error is not None else "")
        )
    # The largest type wins; within 4 % of it, fewer columns (a calmer page) win.
    largest = max(c[0] for c in candidates)
    close = [c for c in candidates if c[0] >= largest * 0.96]
    return min(close, key=lambda c: c[1])[2]


def poster_svg(campaign: Campaign, fonts: FontBook, breaker: WordBreaker, layout: str, paper: str = "a3",
               theme: Theme | None = None) -> bytes:
    """A vector poster in ``theme`` (default: xanh): A3 (297 × 420 mm), or for ``paper="a2"`` the same
    drawing enlarged to 420 × 594 mm."""
    _check(campaign, layout)
    if paper not in POSTER_PAPERS:
        raise FlashgenError(f"there is no poster paper '{paper}'; the papers are: {', '.join(POSTER_PAPERS)}.")
    kit = Kit(campaign, fonts, breaker, theme or default_theme())
    width, height = POSTER_PAPERS["a3"]
    for m in (POSTER, POSTER_COMPACT):
        top, bottom = header(kit, m, width), footer(kit, m, width)
        available = height - top.height - bottom.height - 2 * m.gap
        try:
            body = _fit_poster(kit, layout, m, width - 2 * m.margin, available)
            break
        except PosterTooFull:
            if m is POSTER_COMPACT:
                raise
    page = Page(width, height, "mm", kit.theme, physical=POSTER_PAPERS[paper])
    page.root.set("data-columns", str(body.columns))
    page.root.set("data-body-size", svg_number(body.scale.body))
    page.root.set("data-heading-size", svg_number(body.scale.heading))
    top.draw(page, 0.0)
    body.draw(page, m.margin, top.height + m.gap, available)
    bottom.draw(page, height - bottom.height)
    return page.tostring()


def web_svg(campaign: Campaign, fonts: FontBook, breaker: WordBreaker, layout: str, width: int = 1080,
            theme: Theme | None = None) -> bytes:
    """One tall image ``width`` px wide in ``theme`` (default: xanh), its height computed from the content
    (single column)."""
    _check(campaign, layout)
    kit = Kit(campaign, fonts, breaker, theme or default_theme())
    m = SCREEN
    s = Scale.of(max(m.body_floor, m.body * min(1.0, width / 1080)), m)
    top, bottom = header(kit, m, width), footer(kit, m, width)
    body = _body(kit, layout, width - 2 * m.margin, 1, s)
    height = math.ceil(top.height + m.gap + body.height + m.gap + bottom.height)
    page = Page(float(width), float(height), "px", kit.theme)
    page.root.set("data-body-size", svg_number(s.body))
    page.root.set("data-heading-size", svg_number(s.heading))
    top.draw(page, 0.0)
    body.draw(page, m.margin, top.height + m.gap, body.height)
    bottom.draw(page, height - bottom.height)
    return page.tostring()


def slim_header(kit: Kit, m: Medium, width: float) -> Chrome:
    """The band at the top of every slide after the first: the campaign's title, small."""
    size = 0.95 * m.org
    bar_w = 0.3 * m.org
    x = m.margin + bar_w + 0.8 * m.org
    title = kit.heading_text(kit.campaign.title, Box(0, 0, width - m.margin - x, TALL), 700, size,
                             kit.where("campaign", "title"), min_size=0.85 * size, max_lines=2, heading=True, line_height=1.22)
    top = 0.8 * m.band_top
    height = top + title.height + 0.7 * m.band_bottom

    def draw(page: Page, y: float) -> None:
        page.band(y, height, rings=(width - 0.06 * width, y + 0.1 * height, 1.6 * height))
        group = _group(page.foreground, 0, y, id="header")
        _rect(group, m.margin, top, bar_w, title.height, kit.colour("accent"), rx=bar_w / 2)
        _place(title, x, top).draw(group, kit.colour("on-primary"), "title")

    return Chrome(height, draw)


def _slide_indicator(kit: Kit, m: Medium, page: Page, index: int, count: int, on_dark: bool) -> None:
    """'n/m' at the bottom right of a slide, and 'Xem tiếp →' at the left of all but the last."""
    size = 0.9 * m.org
    cy = page.height - m.margin - 0.9 * size
    group = _group(page.foreground, id="slide-indicator")
    text = f"{index}/{count}"
    w = kit.label_width(text, 700, size) + 1.6 * size
    h = 1.9 * size
    x = page.width - m.margin - w
    _rect(group, x, cy - h / 2, w, h, "none" if on_dark else kit.colour("paper"), rx=h / 2,
          stroke=kit.colour("outline" if on_dark else "rule"), stroke_width=0.08 * size)
    number = kit.label(text, 700, size, x + w / 2, cy, "the slide number")
    number.draw(group, kit.colour("on-primary-muted" if on_dark else "text-muted"), "slide-number")
    if index < count:
        hint = kit.heading_text(LABEL_NEXT, Box(0, 0, 10 * size, TALL), 600, size, "the slide hint", max_lines=1)
        _place(hint, m.margin, cy - hint.height / 2).draw(group, kit.colour("text-muted"), "next")
        _arrow(group, m.margin + hint.width + 0.5 * size, cy, 1.4 * size, kit.colour("accent"), 0.14 * size)


def _partition(heights: Sequence[float], caps: Callable[[int, int], float], gap: float,
               extra: float) -> list[list[int]]:
    """Items (in order) into the fewest slides, then as evenly filled as possible.

    ``caps(k, m)`` is the room for items on slide k of m; a slide with items
    also needs ``extra`` (the comparison's column head). The first and the
    last slide may carry no item (a cover, a closing) when nothing else fits.
    """
    n = len(heights)
    prefix = [0.0]
    for h in heights:
        prefix.append(prefix[-1] + h)

    def used(i: int, j: int) -> float:
        return 0.0 if i == j else prefix[j] - prefix[i] + gap * (j - i - 1) + extra

    for count in range(1, n + 3):
        # cost[k][j]: the least sum of squared empty fractions with j items on slides 0..k-1
        cost = [[math.inf] * (n + 1) for _ in range(count + 1)]
        back = [[0] * (n + 1) for _ in range(count + 1)]
        cost[0][0] = 0.0
        for k in range(1, count + 1):
            room = caps(k - 1, count)
            may_be_empty = k == 1 or k == count
            for j in range(n + 1):
                for i in range(j, -1, -1):
                    if cost[k - 1][i] == math.inf:
                        continue
                    if i == j and not may_be_empty:
                        continue
                    need = used(i, j)
                    if need > room + 1e-6:
                        if i < j:
                            break
                        continue
                    empty = 1.0 - need / room if room > 0 else 1.0
                    value = cost[k - 1][i] + empty * empty
                    if value < cost[k][j]:
                        cost[k][j], back[k][j] = value, i
        if cost[count][n] < math.inf:
            slides, j = [], n
            for k in range(count, 0, -1):
                i = back[k][j]
                slides.append(list(range(i, j)))
                j = i
            return slides[::-1]
    raise AssertionError("unreachable: every item fits a slide on its own")


def carousel_svgs(campaign: Campaign, fonts: FontBook, breaker: WordBreaker, layout: str,
                  size: tuple[int, int] = CAROUSEL_SLIDE, theme: Theme | None = None) -> list[bytes]:
    """The content as slides of ``size`` px in ``theme`` (default: xanh): the header on the first, the footer
    on the last, no item cut."""
    _check(campaign, layout)
    kit = Kit(campaign, fonts, breaker, theme or default_theme())
    m = SCREEN
    width, height = float(size[0]), float(size[1])
    strip = 2.2 * m.org + m.margin  # the slide indicator's room at the bottom
    top, slim = header(kit, m, width), slim_header(kit, m, width)
    bottom = footer(kit, m, width, reserve=2.6 * m.org)
    inner = width - 2 * m.margin
    gap = 0.7 * m.gap  # below the header band, above the footer band

    def caps(k: int, count: int) -> float:
        first, last = k == 0, k == count - 1
        above = (top.height if first else slim.height) + gap
        below = (bottom.height + gap) if last else strip + 0.4 * gap
        return height - above - below

    # The largest body size that needs no more slides than the smallest does.
    best: tuple[int, float, Scale, list[Piece], Piece | None, list[list[int]]] | None = None
    too_tall: Piece | None = None
    for body in CAROUSEL_BODY_SIZES:
        s = Scale.of(body, m)
        pieces = _pieces(kit, layout, campaign.items, inner, s)
        head = column_head(kit, inner, s) if layout == "comparison" else None
        extra = head.height + 0.7 * s.body if head else 0.0
        room = caps(1, 3)  # a middle slide's: the first and the last may carry no item if need be
        tall = [p for p in pieces if p.height + extra > room]
        if tall:
            too_tall = too_tall or tall[0]
            continue
        between = row_gap(inner, s) if head else s.gap
        slides = _partition([p.height for p in pieces], caps, between, extra)
        if best is None or len(slides) <= best[0]:
            best = (len(slides), between, s, pieces, head, slides)
    if best is None:
        item = too_tall.item if too_tall is not None else None
        assert item is not None
        raise FlashgenError(
            f"{kit.where_item(item, 'heading')}: item {item.number} is too long for one "
            f"{size[0]} × {size[1]} slide even at the smallest size. Shorten its texts."
        )
    count, item_gap, s, pieces, head, slides = best
    documents = []
    for k, indices in enumerate(slides):
        first, last = k == 0, k == count - 1
        page = Page(width, height, "px", kit.theme)
        page.root.set("data-slide", f"{k + 1}/{count}")
        page.root.set("data-body-size", svg_number(s.body))
        band = top if first else slim
        band.draw(page, 0.0)
        y = band.height + gap
        room = caps(k, count)
        if last:
            bottom.draw(page, height - bottom.height)
        if indices:
            chosen = [pieces[i] for i in indices]
            natural = _stack_height(chosen, item_gap) + (head.height + 0.7 * s.body if head else 0.0)
            spread = _spread_gap(len(chosen), natural, item_gap, room, stretch=1.6)
            used = natural + (spread - item_gap) * (len(chosen) - 1)
            y += max(0.0, room - used) / 2  # a light slide is centred, not top-heavy
            if head is not None:
                head.draw(page.foreground, m.margin, y)
                y += head.height + 0.7 * s.body
            for piece in chosen:
                piece.draw(page.foreground, m.margin, y)
                y += piece.height + spread
        _slide_indicator(kit, m, page, k + 1, count, on_dark=last)
        documents.append(page.tostring())
    return documents


def _faces(fonts: FontBook, theme: Theme) -> dict[tuple[str, int], Face]:
    return {(role, weight): fonts.resolve(theme.font(role), weight) for role in FONT_ROLES for weight in WEIGHTS}


def infographic_faces(fonts: FontBook, theme: Theme | None = None) -> tuple[Face, ...]:
    """Every face the infographics in ``theme`` (default: xanh) use (for ``render.verify_faces``)."""
    return tuple(dict.fromkeys(_faces(fonts, theme or default_theme()).values()))
