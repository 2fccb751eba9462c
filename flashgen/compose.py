"""Stage 3 (cards) — lay out a ``MergedCard``'s text and write its final SVG.

Takes a merged card and a ``WordBreaker``; returns a ``CardDocument``: the
template with every text frame replaced by positioned ``<text>`` lines (set by
textlayout) and every ``{{field}}`` filled in. Text that cannot fit, or that
has characters the chosen font lacks, raises ``FlashgenError`` naming the
content file, card, field and template frame.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from .errors import FlashgenError
from .fonts import describe_characters
from .merge import MergedCard
from .qrsvg import qr_group
from .svgdoc import SVG_NS, local_name, svg_number
from .template import PLACEHOLDER, TEXT_TAGS, Frame, QrFrame
from .textlayout import PlacedLine, TextBlock, TextDoesNotFit, TextStyle, layout_text
from .wordbreak import WordBreaker


@dataclass(frozen=True)
class CardDocument:
    """A card ready to render: its final SVG and how each frame was set."""

    card: MergedCard
    svg: bytes
    blocks: tuple[tuple[str, TextBlock], ...]  # (field, block) per frame


def text_element(block: TextBlock, style: TextStyle, fill: str, name: str = "") -> etree._Element:
    """An SVG ``<text>`` drawing ``block`` (set with ``style``) exactly where textlayout placed it."""
    face = style.face
    text = etree.Element(f"{{{SVG_NS}}}text")
    attributes = {
        "font-family": face.render_family,
        "font-weight": "normal",
        "font-style": "italic" if face.italic else "normal",
        "font-size": svg_number(block.size),
        "fill": fill,
    }
    if name:
        attributes["data-frame"] = name
    for key, value in attributes.items():
        text.set(key, value)
    for line in block.lines:
        span = etree.SubElement(text, f"{{{SVG_NS}}}tspan")
        span.set("x", " ".join(svg_number(x) for x in _character_positions(style, block.size, line)))
        span.set("y", svg_number(line.baseline))
        span.text = line.text
    return text


def _character_positions(style: TextStyle, size: float, line: PlacedLine) -> list[float]:
    """Where each character starts, from the font's advance widths.

    Every character gets its own x: cairo, drawing an image, rounds each
    advance to whole pixels (hinted metrics), which would make a line drift
    from the width textlayout measured; placed one by one, it cannot.
    """
    advances = style.face.advances
    spacing = style.letter_spacing * size
    positions, x = [], line.x
    for char in line.text:
        positions.append(x)
        x += advances[char] * size + spacing
    return positions


def _set_frame(card: MergedCard, frame: Frame, rect: etree._Element, breaker: WordBreaker) -> TextBlock:
    value = card.values.get(frame.field, "")
    where = f"{card.where()}, field '{frame.field}'"
    missing = frame.style.face.missing_characters(value)
    if missing:
        raise FlashgenError(
            f"{where}: the font {frame.style.face.describe()} has no glyph for {describe_characters(missing)}. "
            "Remove or replace these characters."
        )
    try:
        block = layout_text(value, frame.box, frame.style, breaker)
    except TextDoesNotFit as exc:
        raise FlashgenError(
            f"{where}: the text does not fit frame '{frame.name}' of template {card.template.path}: {exc}. "
            "Shorten the text, or give the frame more room or a smaller data-min-font-size."
        ) from None
    element = text_element(block, frame.style, frame.fill, frame.name)
    if rect.get("transform"):
        element.set("transform", rect.get("transform", ""))
    rect.getparent().replace(rect, element)
    return block


def _fill_placeholders(card: MergedCard, tree: etree._ElementTree) -> None:
    def substitute(match: re.Match[str]) -> str:
        return card.values[match.group(1)]

    for path, face in card.template.text_faces:
        element = tree.xpath(path)[0]
        chunks = ["text"] + (["tail"] if local_name(element.getparent()) in TEXT_TAGS else [])
        for chunk in chunks:
            original = getattr(element, chunk)
            if not original or "{{" not in original:
                continue
            filled = PLACEHOLDER.sub(substitute, original)
            missing = face.missing_characters(filled)
            if missing:
                raise FlashgenError(
                    f"{card.where()}: the font {face.describe()} has no glyph for {describe_characters(missing)}."
                )
            setattr(element, chunk, filled)


def _qr_element(card: MergedCard, frame: QrFrame, rect: etree._Element) -> etree._Element:
    """A QR code of the frame's field, filling the largest square centred in the frame."""
    value = card.values.get(frame.field, "")
    if not value:
        raise FlashgenError(f"{card.where()}: the field '{frame.field}' is empty, but frame '{frame.name}' shows it as a QR code.")
    side = min(frame.box.width, frame.box.height)
    x = frame.box.x + (frame.box.width - side) / 2
    y = frame.box.y + (frame.box.height - side) / 2
    group = qr_group(value, x, y, side, frame.colour)
    if rect.get("transform"):
        group.set("transform", rect.get("transform", ""))
    return group


def compose_card(card: MergedCard, breaker: WordBreaker) -> CardDocument:
    """Lay out every frame of ``card`` and serialise the finished SVG."""
    tree = card.template.fresh_tree()
    # Placeholders first: their lxml paths were recorded before frames became <text>.
    _fill_placeholders(card, tree)
    # Find every frame before replacing any: a replaced <rect> shifts the
    # positional paths of its later <rect> siblings.
    rects = [tree.xpath(frame.path)[0] for frame in card.template.frames]
    qr_rects = [tree.xpath(frame.path)[0] for frame in card.template.qr_frames]
    blocks = tuple(
        (frame.field, _set_frame(card, frame, rect, breaker)) for frame, rect in zip(card.template.frames, rects)
    )
    for frame, rect in zip(card.template.qr_frames, qr_rects):
        rect.getparent().replace(rect, _qr_element(card, frame, rect))
    return CardDocument(card=card, svg=etree.tostring(tree, encoding="utf-8", xml_declaration=True), blocks=blocks)
