"""Measured blocks that draw themselves where they are put, and the small marks items share.

A ``Piece`` is one item (a card or a comparison row) or a column head; a
``Chrome`` is a full-width band (header, footer); a ``Body`` is every item
arranged in columns. Each is measured when made and drawn later, once the
page knows where it goes. A body in one column is also a ``stack`` of pieces,
which the tall web image draws one by one (web.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lxml import etree

from flashgen.documents.infographic.drawing import (
    Page,
    svg_element,
    svg_group,
    svg_rect,
)
from flashgen.documents.infographic.kit import Kit
from flashgen.documents.infographic.style import Scale
from flashgen.load.content import Campaign, Item
from flashgen.text.columns import stack_height

Drawer = Callable[[etree._Element, float], None]  # (group translated to the piece's corner, final height)


@dataclass(frozen=True)
class Piece:
    height: float
    drawer: Drawer
    item: Item | None = None

    def draw(self, parent: etree._Element, x: float, y: float, height: float | None = None) -> etree._Element:
        attributes = {"data-item": str(self.item.number)} if self.item is not None else {}
        group = svg_group(parent, x, y, **attributes)
        self.drawer(group, self.height if height is None else height)
        return group


@dataclass(frozen=True)
class Chrome:
    """A full-width band: its height and how to draw it with its top at y."""

    height: float
    drawer: Callable[[Page, float], None]

    def draw(self, page: Page, top: float) -> None:
        self.drawer(page, top)


@dataclass(frozen=True)
class Body:
    height: float
    columns: int
    scale: Scale
    drawer: Callable[[Page, float, float, float], None]  # page, x, y, height available (≥ height)
    # In one column (the web image's): the pieces top to bottom, each with the gap below it (none after the
    # last), as ``drawer`` places them when the height available is the natural one. Empty in several columns.
    stack: tuple[tuple[Piece, float], ...] = ()

    def draw(self, page: Page, x: float, y: float, available: float) -> None:
        self.drawer(page, x, y, available)


def pieces_height(pieces: Sequence[Piece], gap: float) -> float:
    """The height of ``pieces`` stacked with ``gap`` between them."""
    return stack_height([piece.height for piece in pieces], gap)


def stacked(pieces: Sequence[Piece], gap: float) -> tuple[tuple[Piece, float], ...]:
    """``pieces`` as a ``Body.stack``: each with ``gap`` below it, the last with none."""
    return tuple((piece, gap if index < len(pieces) - 1 else 0.0) for index, piece in enumerate(pieces))


def spread_gap(count: int, natural: float, gap: float, available: float, stretch: float = 2.0) -> float:
    """The gap between ``count`` pieces once spare room is shared out (up to ``stretch`` × the gap)."""
    if count < 2:
        return gap
    return gap + max(0.0, min((available - natural) / (count - 1), (stretch - 1) * gap))


def draw_badge(kit: Kit, parent: etree._Element, item: Item, cx: float, cy: float, diameter: float) -> None:
    """The item's number in an accent-coloured disc centred on (cx, cy)."""
    svg_element(parent, "circle", cx=cx, cy=cy, r=diameter / 2, fill=kit.colour("accent"))
    number = f"{item.number:02d}"
    size = diameter * (0.46 if len(number) <= 2 else 0.36)
    kit.label(number, 800, size, cx, cy, kit.where_item(item, "number")).draw(parent, kit.colour("primary"), "number")


def compare_labels(campaign: Campaign) -> tuple[str, str]:
    """The short names of the two sides compared (their full names when they have none)."""
    compare = campaign.compare
    return compare.from_label or compare.from_name, compare.to_label or compare.to_name


def pill_width(kit: Kit, text: str, size: float, filled: bool) -> float:
    return kit.label_width(text, 800 if filled else 700, size, 0.04) + 1.3 * size


def draw_pill(kit: Kit, parent: etree._Element, text: str, x: float, cy: float, size: float, where: str,
              filled: bool, on_dark: bool = False, width: float | None = None) -> float:
    """A rounded label (filled with the accent colour, or outlined); returns its width."""
    width = max(width or 0.0, pill_width(kit, text, size, filled))
    height = 1.75 * size
    if filled:
        svg_rect(parent, x, cy - height / 2, width, height, kit.colour("accent"), rx=height / 2)
        colour = kit.colour("primary")
    else:
        stroke = kit.colour("outline" if on_dark else "text-faint")
        svg_rect(parent, x, cy - height / 2, width, height, "none", rx=height / 2, stroke=stroke,
                 stroke_width=size * 0.11)
        colour = kit.colour("on-primary-muted" if on_dark else "text-muted")
    kit.label(text, 800 if filled else 700, size, x + width / 2, cy, where, 0.04).draw(parent, colour, "label")
    return width
