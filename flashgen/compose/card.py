"""Stage 3 (cards) — lay out a ``MergedCard``'s text and write its final SVG.

Takes a merged card and a ``WordBreaker`` (and, from compose/sets.py, the
size its set chose for each frame); returns a ``CardDocument``: the template
with every text frame replaced by positioned ``<text>`` lines (set by
textlayout), every ``{{field}}`` filled in, and every ``data-follows`` group
moved with its frame's text. Text that cannot fit, or that has characters the
chosen font lacks, raises ``FlashgenError`` naming the content file, card,
field and template frame.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from lxml import etree

from flashgen.compose.boxes import find_boxes, size_boxes
from flashgen.compose.qr import qr_group
from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.fingerprint import source_fingerprint
from flashgen.load.fitbox import line_width
from flashgen.load.fonts import Face, missing_glyphs_message
from flashgen.load.frame import Follower
from flashgen.load.limits import MAX_QR_BYTES
from flashgen.load.svgdoc import (
    SVG_NS,
    inherited_property,
    local_name,
    parse_number,
    remove_property,
    svg_number,
    user_space_matrix,
)
from flashgen.load.template import (
    DEFAULT_SHRINK,
    PLACEHOLDER,
    TEXT_TAGS,
    Frame,
    ImageFrame,
    QrFrame,
    Template,
    optional_container,
)
from flashgen.merge.cards import MergedCard
from flashgen.text import memo
from flashgen.text.layout import (
    PlacedLine,
    TextBlock,
    TextDoesNotFit,
    TextStyle,
    layout_text,
)
from flashgen.text.wordbreak import WordBreaker


@dataclass(frozen=True)
class CardDocument:
    """A card ready to render: its final SVG and how each frame was set."""

    card: MergedCard
    svg: bytes
    blocks: tuple[tuple[str, TextBlock], ...]  # (field, block) per frame
    # (frame name, size its text was set at) per frame with text: what a set of cards compares (compose/sets.py).
    frame_sizes: tuple[tuple[str, float], ...] = ()
    # How far each data-follows element of the template moved with its frame's text (0: not at all).
    follower_shifts: tuple[float, ...] = ()


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
    """Where each character starts, from the shaped line (kerning included, load/shaping.py).

    Every character gets its own x: cairo, drawing an image, rounds each
    advance to whole pixels (hinted metrics), which would make a line drift
    from the width textlayout measured; placed one by one, it cannot.
    """
    spacing = style.letter_spacing * size
    offsets = style.face.run(line.text).character_offsets()
    return [line.x + offset * size + spacing * index for index, offset in enumerate(offsets)]


def capped(style: TextStyle, size: float) -> TextStyle:
    """``style`` that sets its text at ``size`` at most (the size its set chose), never below its minimum
    unless that size is smaller still."""
    return replace(style, max_size=size, min_size=min(style.min_size, size))


def _set_frame(
    card: MergedCard, frame: Frame, rect: etree._Element, breaker: WordBreaker, largest: float | None = None
) -> TextBlock:
    value = card.values.get(frame.field, "")
    style = frame.style if largest is None else capped(frame.style, largest)
    where = _("{where}, field '{field}'").format(where=card.where(), field=frame.field)
    problem = missing_glyphs_message(frame.style.face, value)
    if problem:
        raise FlashgenError(_("{where}: {problem}").format(where=where, problem=problem), code="missing-glyph", field=frame.field)
    try:
        block = layout_text(value, frame.box, style, breaker)
    except TextDoesNotFit as exc:
        raise FlashgenError(
            _(
                "{where}: the text does not fit frame '{frame}' of template {template}: {why}. "
                "Shorten the text, or give the frame more room or a smaller data-min-font-size."
            ).format(where=where, frame=frame.name, template=card.template.path, why=exc),
            code="overflow",
            field=frame.field,
        ) from None
    element = text_element(block, style, frame.fill, frame.name)
    if rect.get("transform"):
        element.set("transform", rect.get("transform", ""))
    rect.getparent().replace(rect, element)
    return block


def _fit_line(card: MergedCard, element: etree._Element, face: Face) -> None:
    """Shrink a filled placeholder line with ``data-max-width`` until it fits that width.

    The line keeps its anchor (start, middle or end); it may shrink to
    ``data-min-font-size`` (default 70 %), below which the text is too long.
    """
    size = parse_number(inherited_property(element, "font-size") or "16", "font-size")
    spacing = parse_number(inherited_property(element, "letter-spacing") or "0", "letter-spacing")
    text = "".join(element.itertext())
    # The spacing after the last letter too: the line's limit was drawn with it.
    width = line_width(face, text, size, spacing) + (spacing if text else 0.0)
    limit = parse_number(element.get("data-max-width"), "data-max-width")
    if width <= limit:
        return
    smallest = parse_number(element.get("data-min-font-size") or svg_number(size * DEFAULT_SHRINK), "data-min-font-size")
    fitted = size * (limit - spacing * len(text)) / (width - spacing * len(text))
    if fitted < smallest:
        raise FlashgenError(
            _(
                "{where}: '{opening}' is too long for its line in template {template} "
                "(it needs {width:.4g} of {limit:g} units even at the smallest size). Shorten it."
            ).format(where=card.where(), opening=_opening(text), template=card.template.path, width=width, limit=limit),
            code="overflow",
        )
    remove_property(element, "font-size")
    element.set("font-size", svg_number(fitted))


def _opening(text: str, length: int = 60) -> str:
    """The start of ``text``, enough to find it in the content file without flooding the terminal."""
    return text if len(text) <= length else text[:length].rstrip() + "…"


def _drop_empty_optionals(card: MergedCard, elements: list[etree._Element]) -> set[etree._Element]:
    """Remove each element marked data-optional whose placeholders have an empty value; return them."""
    dropped: set[etree._Element] = set()
    for element in elements:
        container = optional_container(element)
        fields = PLACEHOLDER.findall("".join(element.itertext()))
        if container is not None and any(not card.values.get(field) for field in fields):
            dropped.add(container)
    for container in dropped:
        if container.getparent() is not None:
            container.getparent().remove(container)
    return dropped


def _drop_groups_of_empty_frames(card: MergedCard, rects: list[etree._Element]) -> list[etree._Element]:
    """Remove the data-optional group around each optional frame whose field is empty (a paper box
    with nothing to hold goes with its frame, as a line of placeholders does); return the frames left."""
    dropped = set()
    for frame, rect in zip(card.template.frames, rects):
        parent = rect.getparent()
        container = None if parent is None else optional_container(parent)
        if frame.optional and container is not None and not card.values.get(frame.field, "").strip():
            dropped.add(container)
    for container in dropped:
        if container.getparent() is not None:
            container.getparent().remove(container)
    return [rect for rect in rects if not any(node in dropped for node in rect.iterancestors())]


def _fill_placeholders(card: MergedCard, tree: etree._ElementTree, problems: list[FlashgenError] | None) -> None:
    # Paths are looked up before anything is removed: removal shifts positional paths.
    elements = [(tree.xpath(path)[0], face) for path, face in card.template.text_faces]
    dropped = _drop_empty_optionals(card, [element for element, _ in elements])
    for element, face in elements:
        if optional_container(element) not in dropped:
            _attempt(problems, _fill_element, card, element, face)


def _attempt(problems: list[FlashgenError] | None, step, *args):  # type: ignore[no-untyped-def]
    """Run ``step``; with a ``problems`` list, collect its error instead of stopping (flashgen check)."""
    if problems is None:
        return step(*args)
    try:
        return step(*args)
    except FlashgenError as problem:
        problems.append(problem)
        return None


def _fill_element(card: MergedCard, element: etree._Element, face: Face) -> None:
    def substitute(match: re.Match[str]) -> str:
        # An unknown field is reported when the template is loaded (flashgen check goes on without it).
        return card.values.get(match.group(1), "")

    chunks = ["text"] + (["tail"] if local_name(element.getparent()) in TEXT_TAGS else [])
    for chunk in chunks:
        original = getattr(element, chunk)
        if not original or "{{" not in original:
            continue
        filled = PLACEHOLDER.sub(substitute, original)
        problem = missing_glyphs_message(face, filled)
        if problem:
            raise FlashgenError(_("{where}: {problem}").format(where=card.where(), problem=problem), code="missing-glyph")
        setattr(element, chunk, filled)
    if element.get("data-max-width") is not None:
        _fit_line(card, element, face)


def _qr_element(card: MergedCard, frame: QrFrame, rect: etree._Element) -> etree._Element:
    """A QR code of the frame's field, filling the largest square centred in the frame."""
    value = card.values.get(frame.field, "")
    if not value:
        raise FlashgenError(
            _("{where}: the field '{field}' is empty, but frame '{frame}' shows it as a QR code.").format(
                where=card.where(), field=frame.field, frame=frame.name
            ),
            code="empty-field",
            field=frame.field,
        )
    size = len(value.encode("utf-8"))
    if size > MAX_QR_BYTES:  # a template's QR frame may show any field, not only the link
        raise FlashgenError(
            _("{where}: the field '{field}' is too long for the QR code of frame '{frame}': {size:,} characters "
              "(bytes), and a QR code holds at most {most:,}. Shorten it, or show another field there.").format(
                where=card.where(), field=frame.field, frame=frame.name, size=size, most=MAX_QR_BYTES),
            code="qr-too-long",
            field=frame.field,
        )
    side = min(frame.box.width, frame.box.height)
    x = frame.box.x + (frame.box.width - side) / 2
    y = frame.box.y + (frame.box.height - side) / 2
    group = qr_group(value, x, y, side, frame.colour)
    if rect.get("transform"):
        group.set("transform", rect.get("transform", ""))
    return group


def _image_element(card: MergedCard, frame: ImageFrame, rect: etree._Element) -> etree._Element | None:
    """The frame's image (a data: URI value), fitted and centred in the frame; None if there is none."""
    uri = card.values.get(frame.field, "")
    if not uri:
        return None
    image = etree.Element(f"{{{SVG_NS}}}image")
    for key, value in (("x", frame.box.x), ("y", frame.box.y), ("width", frame.box.width), ("height", frame.box.height)):
        image.set(key, svg_number(value))
    image.set("preserveAspectRatio", rect.get("preserveAspectRatio", "xMidYMid meet"))
    image.set("href", uri)
    if rect.get("transform"):
        image.set("transform", rect.get("transform", ""))
    return image


def _follow(tree: etree._ElementTree, follower: etree._Element, rule: Follower, frame: Frame, block: TextBlock) -> float:
    """Move ``follower`` up or down by as much as its frame's text left free at the edge it follows.

    The frame's box is the room for the longest text; a shorter one leaves a
    strip of it empty. A group below the frame (a rule, the body) moves up to
    keep its distance to the last line, one above it (the big number) moves
    down to keep its distance to the first: the free room goes elsewhere.
    Returns how far it moved, in the follower's parent's units.
    """
    if not block.lines:
        return 0.0  # no text: nothing to keep a distance to
    if rule.edge == "bottom":
        shift = (block.ink.y + block.ink.height) - (frame.box.y + frame.box.height)
    else:
        shift = block.ink.y - frame.box.y
    # The frame's units, in the follower's parent's units: the two may sit in differently scaled groups.
    frame_scale = user_space_matrix(tree.xpath(frame.path)[0])[3] if frame.path else 1.0
    parent = follower.getparent()
    parent_scale = user_space_matrix(parent)[3] if parent is not None else 1.0
    shift *= frame_scale / parent_scale
    if abs(shift) < 1e-9:
        return 0.0
    follower.set("transform", f"translate(0 {svg_number(shift)}) {follower.get('transform', '')}".strip())
    return shift


def _move_followers(
    card: MergedCard, followers: list[etree._Element], set_blocks: dict[str, TextBlock]
) -> tuple[float, ...]:
    """Move every ``data-follows`` element of the card with its frame's text; return how far each moved."""
    frames = {frame.name: frame for frame in card.template.frames}
    shifts = []
    for rule, element in zip(card.template.followers, followers):
        block = set_blocks.get(rule.frame)
        moved = block is not None and element.getparent() is not None
        shifts.append(_follow(card.template.tree, element, rule, frames[rule.frame], block) if moved else 0.0)
    return tuple(shifts)


def compose_card(
    card: MergedCard, breaker: WordBreaker, problems: list[FlashgenError] | None = None,
    sizes: Mapping[str, float] | None = None,
) -> CardDocument:
    """Lay out every frame of ``card`` and serialise the finished SVG.

    With ``problems`` (flashgen check), every frame's problem is added to that
    list and the frame left empty, instead of stopping at the first. ``sizes``
    (frame name → size) caps the size of those frames: the size their set of
    cards chose (compose/sets.py); other frames take the largest that fits.

    A build keeps each card it laid out in the layout cache (text/memo.py),
    by a hash of everything the card is made from (its template as loaded, its
    values, its size, the caps, the word breaker, flashgen's code): after an
    edit, only the cards whose inputs changed are laid out again.
    """
    if problems is not None:  # flashgen check: each problem collected, nothing kept
        return CardDocument(*_composed(card, breaker, problems, sizes))
    # The size and the item are shared by many cards: each hashed once (``shared_fingerprint``).
    shown = (card.slug, memo.shared_fingerprint(card.size), card.side, memo.shared_fingerprint(card.item),
             sorted(card.values.items()), sorted((sizes or {}).items()))
    parts = ("card", source_fingerprint("compose", "text", "load"), _template_fingerprint(card.template), memo.fingerprint(shown),
             memo.fingerprint(breaker))
    laid_out = memo.remembered(parts, lambda: _composed(card, breaker, None, sizes)[1:])
    return CardDocument(card, *laid_out)


def _template_fingerprint(template: Template) -> str:
    """A hash of the template as loaded: its tree (fonts and theme applied) and every frame, once per object."""
    def compute() -> str:
        digest = hashlib.sha256(etree.tostring(template.tree))
        shape = (str(template.path), template.frames, sorted(template.placeholder_fields), template.faces,
                 template.text_faces, template.qr_frames, template.image_frames, template.followers, template.fit_boxes)
        digest.update(memo.fingerprint(shape).encode("ascii"))
        return digest.hexdigest()

    return memo.once_per_object("template", template, compute)


def _composed(
    card: MergedCard, breaker: WordBreaker, problems: list[FlashgenError] | None, sizes: Mapping[str, float] | None,
) -> tuple[MergedCard, bytes, tuple[tuple[str, TextBlock], ...], tuple[tuple[str, float], ...], tuple[float, ...]]:
    """``compose_card``'s work: the fields of its ``CardDocument``."""
    tree = card.template.fresh_tree()
    # Find every frame before changing anything: a replaced or removed element
    # shifts the positional paths of its later siblings.
    rects = [tree.xpath(frame.path)[0] for frame in card.template.frames]
    qr_rects = [tree.xpath(frame.path)[0] for frame in card.template.qr_frames]
    image_rects = [tree.xpath(frame.path)[0] for frame in card.template.image_frames]
    followers = [tree.xpath(rule.path)[0] for rule in card.template.followers]
    boxes = find_boxes(card.template, tree)
    _fill_placeholders(card, tree, problems)
    size_boxes(tree, boxes)  # pills and badges take the width of their filled-in text
    shown = _drop_groups_of_empty_frames(card, rects)
    caps = sizes or {}
    placed = [(frame, _attempt(problems, _set_frame, card, frame, rect, breaker, caps.get(frame.name)))
              for frame, rect in zip(card.template.frames, rects) if rect in shown]
    set_blocks = {frame.name: block for frame, block in placed if block is not None}
    blocks = tuple((frame.field, block) for frame, block in placed if block is not None)
    shifts = _move_followers(card, followers, set_blocks)
    for frame, rect in zip(card.template.qr_frames, qr_rects):
        qr = _attempt(problems, _qr_element, card, frame, rect)
        if qr is not None:
            rect.getparent().replace(rect, qr)
    for image_frame, rect in zip(card.template.image_frames, image_rects):
        image = _image_element(card, image_frame, rect)
        if image is not None:
            rect.getparent().replace(rect, image)
        else:  # no logo: the frame goes, and with it a data-optional group around it (its backing tile)
            container = optional_container(rect)
            gone = rect if container is None else container
            if gone.getparent() is not None:
                gone.getparent().remove(gone)
    frame_sizes = tuple((name, block.size) for name, block in set_blocks.items() if block.lines)
    return card, etree.tostring(tree, encoding="utf-8", xml_declaration=True), blocks, frame_sizes, shifts
