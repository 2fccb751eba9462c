"""The list layout: one card per item, in a grid: number, icon and heading, then what the item's kind shows.

Under the heading, a contrast shows its old way and its new way (the first
side muted, the second in a tinted box, each with its side's label when the
content names the sides); a statement its official ``text`` when it has one,
smaller than the heading and exactly as written (nothing when it has none);
a figure, whose heading is the figure itself ("hơn 7.534 thành viên"), its
label and its note.
"""

from __future__ import annotations

from lxml import etree

from flashgen.documents.infographic.drawing import svg_icon, svg_rect
from flashgen.documents.infographic.kit import Kit, SetText, place
from flashgen.documents.infographic.pieces import (
    Piece,
    compare_labels,
    draw_badge,
    draw_pill,
    pill_width,
)
from flashgen.documents.infographic.style import TALL, Scale
from flashgen.load.content import Item
from flashgen.text.layout import Box


def list_card(kit: Kit, item: Item, width: float, s: Scale) -> Piece:
    """Number badge and icon in a rail, the heading, then the old way (muted) and the new way (highlighted)."""
    b, pad = s.body, s.pad
    badge = 2.3 * b
    # A card that shows its heading alone (a poster in less detail) carries no icon: the icon under the number
    # would make the card taller than its heading, and beside it would narrow the heading to more lines.
    alone = heading_alone(item)
    icon = None if alone else kit.icon(item)
    icon_size = 1.55 * b
    pad_y = 0.45 * b if alone else pad  # above and below: a heading alone needs less air than a card of texts
    x0 = pad + badge + 0.9 * b
    inner = width - x0 - pad
    figure = item.kind == "figure"
    heading = kit.heading_text(item.figure if figure else item.heading, Box(0, 0, inner, TALL), 800 if figure else 700,
                               s.heading, kit.where_item(item, "value" if figure else "heading"),
                               min_size=s.heading_min, heading=True, line_height=1.2)
    # A one-line heading is centred on the badge; longer ones start level with its top.
    heading = place(heading, x0, pad_y + max(0.0, (badge - heading.height) / 2))
    y = heading.block.ink.y + heading.height
    below: list[tuple[str, SetText, str]] = []  # (frame name, text, colour role) of a statement or a figure
    if item.kind != "contrast":
        y, below = _texts_below(kit, item, x0, inner, y, s)
    from_label, to_label = compare_labels(kit.campaign)
    label_size = s.label
    inset = 0.55 * b  # text inside the tinted "new way" box
    rows: list[tuple[str, str, SetText, float, float]] = []  # (field, label, text, box top, box bottom)
    pill, stacked = 0.0, False
    if item.kind == "contrast" and (item.from_text or item.to_text):
        sides = ((from_label, False), (to_label, True))
        pill = max((pill_width(kit, label, label_size, filled) for label, filled in sides if label), default=0.0)
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
            set_text = place(set_text, text_x, text_top)
            bottom = text_top + set_text.height + pad_y
            rows.append((field, label, set_text, y, bottom))
            y = bottom + 0.5 * b
        y -= 0.5 * b
    rail = pad_y + badge + (0.7 * b + icon_size if icon else 0.0)
    height = max(y, rail) + pad_y

    def draw(group: etree._Element, h: float) -> None:
        svg_rect(group, 0, 0, width, h, kit.colour("paper"), rx=0.9 * b, stroke=kit.colour("rule"), stroke_width=0.06 * b)
        draw_badge(kit, group, item, pad + badge / 2, pad_y + badge / 2, badge)
        if icon:
            svg_icon(group, icon, pad + (badge - icon_size) / 2, pad + badge + 0.7 * b, icon_size, kit.colour("link"))
        heading.draw(group, kit.colour("primary"), "figure" if figure else "heading")
        for name, text, role in below:
            text.draw(group, kit.colour(role), name)
        for field, label, set_text, top, bottom in rows:
            if field == "to":
                svg_rect(group, x0, top, inner, bottom - top, kit.colour("tint"), rx=0.6 * b)
            if label:
                first = set_text.block.lines[0].baseline
                label_cy = top + (inset if field == "to" else 0.0) + 0.9 * label_size if stacked else first - 0.36 * b
                draw_pill(kit, group, label, x0 + inset, label_cy, label_size, kit.where("compare", f"{field}_label"),
                          filled=field == "to", width=pill)
            set_text.draw(group, kit.colour("text-muted" if field == "from" else "primary"), field)

    return Piece(height, draw, item)


def heading_alone(item: Item) -> bool:
    """Whether the card shows nothing under its heading."""
    if item.kind == "figure":
        return False
    return not (item.text if item.kind == "statement" else item.from_text or item.to_text)


def _texts_below(kit: Kit, item: Item, x: float, width: float, y: float, s: Scale,
                 ) -> tuple[float, list[tuple[str, SetText, str]]]:
    """(bottom, texts) under the heading of a statement (its text) or a figure (its label and note), set
    ``width`` wide from ``y`` down; a field the item does not have takes no room."""
    b = s.body
    fields = (("label", item.label, 500, b, s.body_min, "text"), ("note", item.note, 400, s.small, s.small, "text-muted"))
    if item.kind != "figure":
        fields = (("text", item.text, 400, b, s.body_min, "text"),)
    texts = []
    for name, value, weight, size, min_size, role in fields:
        if not value:
            continue
        y += (0.55 if not texts else 0.4) * b
        text = kit.body_text(value, Box(0, 0, width, TALL), weight, size, kit.where_item(item, name),
                             min_size=min_size, line_height=1.3)
        text = place(text, x, y - text.block.ink.y)
        texts.append((name, text, role))
        y += text.height
    return y, texts
