"""The comparison layout: one row per item, the old way | the heading | the new way.

A wide row puts the heading on a centre spine between the two ways; a
narrow one stacks the heading above the two ways side by side. Above each
column of rows, ``column_head`` names the two sides.
"""

from __future__ import annotations

from lxml import etree

from flashgen.documents.infographic.drawing import (
    svg_arrow,
    svg_element,
    svg_icon,
    svg_rect,
)
from flashgen.documents.infographic.kit import Kit, SetText, place
from flashgen.documents.infographic.pieces import Piece, compare_labels, draw_badge
from flashgen.documents.infographic.style import (
    MIN_HEADING_MEASURE,
    MIN_MEASURE,
    TALL,
    Scale,
)
from flashgen.load.content import Item
from flashgen.text.layout import Align, Box, VAlign

SPINE_MIN_EMS = 46.0  # a row this many body sizes wide, or wider, gets the centre spine
# Each side's share of a spine row's width (the heading takes the rest): both are tried, the most compact wins.
SPINE_SHARES = (0.32, 0.27)
# Rows without headings (a poster in less detail): the spine holds the number and the icon only.
BARE_SPINE_SHARE = 0.42


def spine_fits(width: float, s: Scale, headings: bool = True) -> bool:
    """A centre spine (old | heading | new) needs a wide row, whose sides and spine both get lines of a readable
    length at some share; narrower rows stack the heading above. Rows without headings need readable sides."""
    if width < SPINE_MIN_EMS * s.body:
        return False
    if not headings:
        return spine_measures(width, s, BARE_SPINE_SHARE)[0] >= MIN_MEASURE
    return any(side >= MIN_MEASURE and head >= MIN_HEADING_MEASURE
               for side, head in (spine_measures(width, s, share) for share in SPINE_SHARES))


def spine_measures(width: float, s: Scale, share: float) -> tuple[float, float]:
    """(side text frame, spine heading frame) of a spine row, in ems of the body and the heading size."""
    cell, _, spine, _ = spine_columns(width, s, share)
    return (cell - 1.5 * s.body) / s.body, (spine - 5.25 * s.body) / s.heading


def comparison_row(kit: Kit, item: Item, width: float, s: Scale, share: float = SPINE_SHARES[0]) -> Piece:
    if spine_fits(width, s, bool(item.heading)):
        return _spine_row(kit, item, width, s, share)
    return _stacked_row(kit, item, width, s)


def spine_columns(width: float, s: Scale, share: float) -> tuple[float, float, float, float]:
    """(cell width, spine x, spine width, right cell x) of a spine row."""
    gap = 0.9 * s.body
    cell = (width - 2 * gap) * share
    spine = width - 2 * cell - 2 * gap
    return cell, cell + gap, spine, cell + gap + spine + gap


def _ways(kit: Kit, item: Item, width: float, s: Scale) -> dict[str, SetText]:
    """The item's old way ("from") and new way ("to"), those it has, set ``width`` wide."""
    texts = {}
    for field, value, weight in (("from", item.from_text, 400), ("to", item.to_text, 500)):
        if value:
            texts[field] = kit.body_text(value, Box(0, 0, width, TALL), weight, s.body, kit.where_item(item, field),
                                         min_size=s.body_min, line_height=1.3)
    return texts


def _heading(kit: Kit, item: Item, width: float, s: Scale, line_height: float) -> SetText | None:
    """The item's heading set ``width`` wide; None when the poster shows it without one."""
    if not item.heading:
        return None
    return kit.heading_text(item.heading, Box(0, 0, width, TALL), 700, s.heading, kit.where_item(item, "heading"),
                            min_size=s.heading_min, heading=True, line_height=line_height)


def _spine_row(kit: Kit, item: Item, width: float, s: Scale, share: float) -> Piece:
    b = s.body
    cell, spine_x, spine_w, right_x = spine_columns(width, s, share)
    inset = 0.75 * b
    badge = 1.85 * b
    icon = kit.icon(item)
    icon_size = 1.3 * b
    head_x = spine_x + badge + 0.7 * b + (icon_size + 0.5 * b if icon else 0.0)
    heading = _heading(kit, item, spine_x + spine_w - head_x - 0.9 * b, s, 1.18)
    if heading is None:  # the number and the icon alone, centred on the spine
        spine_x += (spine_w - (head_x - spine_x) + 0.7 * b) / 2
    texts = _ways(kit, item, cell - 2 * inset, s)
    height = max([(heading.height if heading else 0.0) + 0.8 * b, badge + 0.6 * b]
                 + [t.height + 2 * 0.6 * b for t in texts.values()])

    def draw(group: etree._Element, h: float) -> None:
        svg_rect(group, 0, 0, cell, h, kit.colour("paper"), rx=0.7 * b, stroke=kit.colour("rule"), stroke_width=0.06 * b)
        svg_rect(group, right_x, 0, cell, h, "url(#new-way)", rx=0.7 * b)
        for field, x, fill in (("from", 0.0, kit.colour("text")), ("to", right_x, kit.colour("on-primary"))):
            if field in texts:
                placed = texts[field]
                place(placed, x + inset, (h - placed.height) / 2).draw(group, fill, field)
        cy = h / 2
        draw_badge(kit, group, item, spine_x + badge / 2, cy, badge)
        if icon:
            svg_icon(group, icon, spine_x + badge + 0.7 * b, cy - icon_size / 2, icon_size, kit.colour("link"))
        if heading is not None:
            place(heading, head_x, cy - heading.height / 2).draw(group, kit.colour("primary"), "heading")
        # the turn from the old way to the new: an accent-coloured arrow on the new way's edge
        cx = right_x - 0.45 * b
        svg_element(group, "circle", cx=cx, cy=cy, r=0.58 * b, fill=kit.colour("accent"),
                    stroke=kit.colour("surface"), stroke_width=0.2 * b)
        svg_arrow(group, cx - 0.28 * b, cy, 0.56 * b, kit.colour("primary"), 0.16 * b)

    return Piece(height, draw, item)


def _stacked_row(kit: Kit, item: Item, width: float, s: Scale) -> Piece:
    """Badge, icon and heading across the row; the old and the new way side by side below."""
    b = s.body
    badge = 2.1 * b
    icon = kit.icon(item)
    icon_size = 1.45 * b
    head_x = badge + 0.7 * b + (icon_size + 0.55 * b if icon else 0.0)
    heading = _heading(kit, item, width - head_x, s, 1.2)
    head_h = max(badge, heading.height if heading else 0.0)
    gap = 0.7 * b
    cell = (width - gap) / 2
    inset = 0.7 * b
    from_label, to_label = compare_labels(kit.campaign)
    label_size = s.label
    texts = _ways(kit, item, cell - 2 * inset, s)
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
        draw_badge(kit, group, item, badge / 2, head_h / 2, badge)
        if icon:
            svg_icon(group, icon, badge + 0.7 * b, (head_h - icon_size) / 2, icon_size, kit.colour("link"))
        if heading is not None:
            place(heading, head_x, (head_h - heading.height) / 2).draw(group, kit.colour("primary"), "heading")
        if not texts:
            return
        cell_h = h - cells_top
        svg_rect(group, 0, cells_top, cell, cell_h, kit.colour("paper"), rx=0.7 * b, stroke=kit.colour("rule"),
                 stroke_width=0.06 * b)
        svg_rect(group, cell + gap, cells_top, cell, cell_h, "url(#new-way)", rx=0.7 * b)
        sides = (("from", 0.0, "text-muted", "text"), ("to", cell + gap, "accent", "on-primary"))
        for field, x, label_role, text_role in sides:
            if field not in texts:
                continue
            top = cells_top + inset
            if field in labels:
                place(labels[field], x + inset, top).draw(group, kit.colour(label_role), "label")
            place(texts[field], x + inset, top + (label_h + 0.35 * b if labels else 0.0)).draw(
                group, kit.colour(text_role), field)
        svg_element(group, "circle", cx=cell + gap / 2, cy=cells_top + cell_h / 2, r=0.62 * b,
                    fill=kit.colour("accent"), stroke=kit.colour("surface"), stroke_width=0.22 * b)
        svg_arrow(group, cell + gap / 2 - 0.3 * b, cells_top + cell_h / 2, 0.6 * b, kit.colour("primary"), 0.17 * b)

    return Piece(height, draw, item)


def row_gap(width: float, s: Scale, headings: bool = True) -> float:
    """Between comparison rows: wider when each row is a heading over two cells."""
    return (0.55 if spine_fits(width, s, headings) else 1.25) * s.body


def column_head(kit: Kit, width: float, s: Scale, share: float = SPINE_SHARES[0], headings: bool = True) -> Piece:
    """The names of the two sides above the comparison rows (one band per column)."""
    compare = kit.campaign.compare
    b = s.body
    size = max(0.86 * b, s.floor)
    if spine_fits(width, s, headings):
        cell, _, _, right_x = spine_columns(width, s, share)
        spans = ((0.0, cell), (right_x, cell))
    else:
        gap = 0.7 * b
        cell = (width - gap) / 2
        spans = ((0.0, cell), (cell + gap, cell))
    texts = [
        kit.heading_text(name, Box(0, 0, w - 1.4 * b, TALL), 800, size, kit.where("compare", field),
                         min_size=max(0.75 * size, s.floor), uppercase=True, max_lines=2, letter_spacing=0.05, align=Align.CENTER,
                         heading=True, line_height=1.15)
        for (x, w), name, field in zip(spans, (compare.from_name, compare.to_name), ("from_name", "to_name"))
    ]
    height = max(t.height for t in texts) + 1.2 * b

    def draw(group: etree._Element, h: float) -> None:
        for (x, w), text, (fill, colour) in zip(spans, texts, (("rule", "text-muted"), ("primary", "accent"))):
            svg_rect(group, x, 0, w, h, kit.colour(fill), rx=h / 2)
            place(text, x + 0.7 * b, (h - text.height) / 2).draw(group, kit.colour(colour), "column-head")

    return Piece(height, draw)
