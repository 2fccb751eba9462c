"""The figures layout: the key figures as a grid of tiles, each value large with its qualifier, unit and label.

A tile shows, centred: the item's icon (if it has one) in a tinted disc; the
figure, its qualifier smaller before the value on the same line and in the
same ``<text>`` (so it reads, is copied and is never dropped as "hơn 7.534");
the unit; a short accent rule; the label; the note, small. Tiles carry no
number: a figure is read by its value, not by its place in a list.

One grid sets every value in one size (a wide value does not make a tile look
louder than its neighbours); a value too wide for its tile at that size
shrinks alone rather than shrinking all of them too far, never below the
heading size. Every tile of a grid is as tall as the tallest, so its rows
are of equal height (on the carousel, the rows of one slide), and the rows
grow a little into spare room on a poster. Labels and notes keep glossary
terms whole: when one cannot, the poster, the web image and the carousel try
a smaller size, and only at the smallest readable size may a term break.
``figure_columns`` says which column counts make a balanced grid for a
number of figures.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lxml import etree

from flashgen.compose.card import text_element
from flashgen.documents.infographic.drawing import Page, svg_element, svg_icon, svg_rect
from flashgen.documents.infographic.kit import Kit, SetText, TextTooLarge, place
from flashgen.documents.infographic.pieces import Body, Piece, stacked
from flashgen.documents.infographic.style import TALL, Scale
from flashgen.i18n import _
from flashgen.load.content import Item
from flashgen.text.layout import Align, Box

VALUE_RATIO = 3.0  # value size / body size: the figure is the tile's headline
QUALIFIER_RATIO = 0.36  # qualifier size / value size ("hơn" before "7.534"), never below the body size
UNIT_RATIO = 1.12  # unit size / body size
SHARED_VALUE_FLOOR = 0.7  # of the nominal value size: below this, only the widest values shrink
MAX_COLUMNS = 4
MIN_LABEL_MEASURE = 9.0  # a tile narrower than this many body sizes sets its label a word a line
QUALIFIER_WEIGHT, VALUE_WEIGHT, UNIT_WEIGHT = 600, 800, 700


@dataclass(frozen=True)
class TileGeometry:
    """A tile's proportions, in body sizes: compact, so that two rows of tiles share a carousel slide."""

    side: float = 1.0  # padding at the left and right
    top: float = 1.0  # padding at the top and the bottom
    disc: float = 2.2  # the icon's disc
    icon: float = 0.58  # the icon, of the disc
    below_disc: float = 0.45
    above_unit: float = 0.3
    around_rule: float = 0.55
    rule_width: float = 2.4
    rule_height: float = 0.22
    above_note: float = 0.4
    line_height: float = 1.2  # of the unit, the label and the note (em)


TILE = TileGeometry()


def figure_columns(count: int) -> tuple[int, ...]:
    """The column counts of a balanced grid of ``count`` tiles on a portrait page: no more columns than
    rows + 1, no more rows than 2 × columns + 1, no last row less than half full, and full rows only when
    a count gives them (4 → 2; 6 → 2, 3; 9 → 3; 12 → 3, 4; 7 → 2). The poster picks among them."""
    found = []
    for columns in range(1, min(MAX_COLUMNS, count) + 1):
        rows = math.ceil(count / columns)
        last = count - (rows - 1) * columns
        if columns <= rows + 1 and rows <= 2 * columns + 1 and 2 * last >= columns:
            found.append(columns)
    full = [columns for columns in found if count % columns == 0]
    return tuple(full or found) or (min(MAX_COLUMNS, max(1, math.ceil(math.sqrt(count)))),)


def tile_pad(s: Scale) -> tuple[float, float]:
    """(side, top and bottom) padding inside a tile."""
    return TILE.side * s.body, TILE.top * s.body


def label_measure(width: float, columns: int, s: Scale) -> float:
    """The width of a tile's label frame in ``columns`` across ``width``, in body sizes."""
    return (tile_width(width, columns, s) - 2 * tile_pad(s)[0]) / s.body


def tile_width(width: float, columns: int, s: Scale) -> float:
    return (width - gutter(s) * (columns - 1)) / columns


def gutter(s: Scale) -> float:
    return 1.1 * s.body


@dataclass(frozen=True)
class _Figure:
    """The qualifier and the value of one item, measured at a value size."""

    kit: Kit
    item: Item
    s: Scale

    @property
    def qualifier(self) -> str:
        return f"{self.item.qualifier} " if self.item.qualifier else ""

    def qualifier_size(self, value_size: float) -> float:
        return max(QUALIFIER_RATIO * value_size, self.s.body)

    def width(self, value_size: float) -> float:
        faces = self.kit.faces
        return (faces["heading", QUALIFIER_WEIGHT].width(self.qualifier, self.qualifier_size(value_size))
                + faces["heading", VALUE_WEIGHT].width(self.item.value, value_size))

    def fit(self, width: float, nominal: float) -> float:
        """The largest value size up to ``nominal`` at which the figure's line is at most ``width`` wide."""
        size = nominal
        for _step in range(8):  # the qualifier's floor makes the width piecewise linear: a few steps converge
            wide = self.width(size)
            if wide <= width:
                return size
            size *= 0.999 * width / wide
        return size

    def runs(self, value_size: float, width: float, baseline: float) -> list[tuple[SetText, str]]:
        """(text, colour role) of the qualifier and the value, centred across ``width`` on ``baseline``."""
        kit, item = self.kit, self.item
        x = (width - self.width(value_size)) / 2
        runs = []
        if self.qualifier:
            size = self.qualifier_size(value_size)
            qualifier = kit.run(self.qualifier, QUALIFIER_WEIGHT, size, x, baseline, kit.where_item(item, "qualifier"))
            runs.append((qualifier, "link"))
            x += qualifier.width
        value = kit.run(item.value, VALUE_WEIGHT, value_size, x, baseline, kit.where_item(item, "value"))
        return [*runs, (value, "primary")]


def _draw_runs(kit: Kit, parent: etree._Element, runs: list[tuple[SetText, str]], name: str) -> None:
    """Runs of text in several faces and sizes as one ``<text>``: its words read in order ("hơn 7.534")."""
    first: etree._Element | None = None
    for set_text, role in runs:
        element = text_element(set_text.block, set_text.style, kit.colour(role), name)
        if first is None:
            first = element
            parent.append(first)
            continue
        for span in element:  # the later runs carry their own face, size and colour
            for key in ("font-family", "font-weight", "font-style", "font-size", "fill"):
                span.set(key, element.get(key))
            first.append(span)


def _centred(kit: Kit, text: str, width: float, weight: int, size: float, min_size: float, where: str,
             body: bool, s: Scale) -> SetText:
    """``text`` in lines centred across ``width``, balanced, glossary terms whole, no line of one syllable.

    If it cannot be, a smaller body size is tried first (``TextTooLarge``); at the smallest readable one,
    it is set as running text, which may break a term wider than the tile.
    """
    set_text = kit.body_text if body else kit.heading_text
    try:
        return set_text(text, Box(0, 0, width, TALL), weight, size, where, min_size=min_size, align=Align.CENTER,
                        heading=True, line_height=TILE.line_height)
    except TextTooLarge:
        if not s.at_floor:
            raise
        return set_text(text, Box(0, 0, width, TALL), weight, size, where, min_size=min_size, align=Align.CENTER,
                        line_height=TILE.line_height)


TileDrawer = Callable[[etree._Element, float, float], None]  # (group at the tile's corner, height, content shift)


def figure_tile(kit: Kit, item: Item, width: float, s: Scale, value_size: float,
                icon_room: bool) -> tuple[float, TileDrawer]:
    """(natural height, drawer) of one figure as a tile ``width`` wide. ``icon_room``: the room of an icon
    above the value even without one, so the values of a row stand level."""
    b = s.body
    side, top_pad = tile_pad(s)
    inner = width - 2 * side
    icon = kit.icon(item)
    disc = TILE.disc * b
    figure = _Figure(kit, item, s)
    if figure.width(value_size) > inner + 1e-6 or value_size < s.heading:  # a value never smaller than a heading
        raise TextTooLarge(
            _(
                "{where}: the figure '{figure}' is too wide for its tile on the infographic. Shorten the value or its qualifier."
            ).format(where=kit.where_item(item, "value"), figure=item.figure),
            code="overflow",
        )
    y = top_pad + (disc + TILE.below_disc * b if icon or icon_room else 0.0)
    value_ink = kit.run(item.value, VALUE_WEIGHT, value_size, 0.0, 0.0, kit.where_item(item, "value")).block.ink
    baseline = y - value_ink.y  # the value's ink top at y
    y = baseline + max(0.0, value_ink.y + value_ink.height)
    parts: list[tuple[str, SetText, float]] = []  # (frame name, text, ink top)
    if item.unit:
        unit = _centred(kit, item.unit, inner, UNIT_WEIGHT, UNIT_RATIO * b, 0.9 * UNIT_RATIO * b,
                        kit.where_item(item, "unit"), False, s)
        y += TILE.above_unit * b
        parts.append(("unit", unit, y))
        y += unit.height
    rule_y = y + TILE.around_rule * b
    y = rule_y + (TILE.rule_height + TILE.around_rule) * b
    label = _centred(kit, item.label, inner, 500, b, s.body_min, kit.where_item(item, "label"), True, s)
    parts.append(("label", label, y))
    y += label.height
    if item.note:
        note = _centred(kit, item.note, inner, 400, s.small, s.small, kit.where_item(item, "note"), True, s)
        y += TILE.above_note * b
        parts.append(("note", note, y))
        y += note.height
    natural = y + top_pad
    colours = {"unit": "link", "label": "text", "note": "text-muted"}

    def draw(group: etree._Element, h: float, dy: float) -> None:
        svg_rect(group, 0, 0, width, h, kit.colour("paper"), rx=0.9 * b, stroke=kit.colour("rule"),
                 stroke_width=0.06 * b)
        if icon:
            cx, cy = width / 2, dy + top_pad + disc / 2
            svg_element(group, "circle", cx=cx, cy=cy, r=disc / 2, fill=kit.colour("tint"))
            size = TILE.icon * disc
            svg_icon(group, icon, cx - size / 2, cy - size / 2, size, kit.colour("link"))
        _draw_runs(kit, group, figure.runs(value_size, width, baseline + dy), "figure")
        rule_w, rule_h = TILE.rule_width * b, TILE.rule_height * b
        svg_rect(group, (width - rule_w) / 2, rule_y + dy, rule_w, rule_h, kit.colour("accent"), rx=rule_h / 2)
        for name, text, top in parts:
            place(text, side, top + dy - text.block.ink.y).draw(group, kit.colour(colours[name]), name)

    return natural, draw


def value_sizes(kit: Kit, items: Sequence[Item], width: float, s: Scale) -> list[float]:
    """Each tile's value size: one for the grid, but a value that needs less than ``SHARED_VALUE_FLOOR`` of
    the nominal size to fit its tile shrinks alone."""
    nominal = VALUE_RATIO * s.body
    inner = width - 2 * tile_pad(s)[0]
    fits = [_Figure(kit, item, s).fit(inner, nominal) for item in items]
    shared = max(min(fits), SHARED_VALUE_FLOOR * nominal)
    return [min(shared, fit) for fit in fits]


def figure_rows(kit: Kit, items: Sequence[Item], width: float, columns: int, s: Scale,
                equal: bool = True) -> list[Piece]:
    """The tiles in rows of ``columns`` across ``width`` (a short last row centred): one piece per row, drawn
    at its height or taller. With ``equal``, every row is as tall as the grid's tallest tile; else as its own
    tallest (the carousel makes the rows of each slide equal). Every tile's content starts as far down as
    the tallest's in its row, and that block is centred: icons, values and rules stand level across a row."""
    tile_w = tile_width(width, columns, s)
    icon_room = any(kit.icon(item) for item in items)
    made = [(item, *figure_tile(kit, item, tile_w, s, size, icon_room))
            for item, size in zip(items, value_sizes(kit, items, tile_w, s))]
    tallest = max(natural for _, natural, _ in made)
    rows = []
    for start in range(0, len(made), columns):
        row = made[start:start + columns]
        content = max(natural for _, natural, _ in row)
        tiles = [_tile_piece(item, drawer, content) for item, _, drawer in row]

        def draw(group: etree._Element, h: float, tiles: list[Piece] = tiles) -> None:
            left = (columns - len(tiles)) * (tile_w + gutter(s)) / 2
            for index, tile in enumerate(tiles):
                tile.draw(group, left + index * (tile_w + gutter(s)), 0.0, h)

        rows.append(Piece(tallest if equal else content, draw))
    return rows


def _tile_piece(item: Item, drawer: TileDrawer, content: float) -> Piece:
    """A tile in a row whose tallest content is ``content`` high: that block centred in whatever height the
    tile is drawn, this tile's content at its top."""
    return Piece(content, lambda group, h: drawer(group, h, (h - content) / 2), item)


def figures_body(kit: Kit, items: Sequence[Item], width: float, columns: int, s: Scale) -> Body:
    """The grid of tiles; on a taller page its rows grow (by up to a third) and then spread apart."""
    rows = figure_rows(kit, items, width, columns, s)
    height, gap = rows[0].height, s.gap
    natural = height * len(rows) + gap * (len(rows) - 1)

    def draw(page: Page, x: float, y: float, available: float) -> None:
        spare = max(0.0, available - natural)
        grow = min(spare / len(rows), height / 3)
        spare -= grow * len(rows)
        between = gap + (min(spare / (len(rows) - 1), gap) if len(rows) > 1 else 0.0)
        used = (height + grow) * len(rows) + between * (len(rows) - 1)
        y += max(0.0, available - used) / 2
        for row in rows:
            row.draw(page.foreground, x, y, height + grow)
            y += height + grow + between

    return Body(natural, min(columns, len(items)), s, draw, stacked(rows, gap))
