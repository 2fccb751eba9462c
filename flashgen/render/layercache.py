"""Backgrounds drawn once: part of stage 5, render.

Finds a drawing's background in the nodes CairoSVG parsed and keeps its
pixels, so that the next drawing with the same background starts from a copy
of them (cairosvg_internals.py splits the drawing and calls these).

The shapes a template draws before its first text (page colour, gradient
bands, motifs) are the same on every card made from it, and a full-page
gradient alone takes cairo about 7 ms: on a cover card the background was
more than half of the drawing time. A background here is the run of
top-level elements before the first one with text, an image or a ``<use>``,
and only while everything they refer to is inside that run. Its key is every
attribute and text of those elements, the root's attributes and the image
size, so a background that differs in anything is drawn afresh. Shapes are
painted in order, so drawing the rest over the copy gives the same pixels.

Each process keeps the most recent backgrounds, at most ``MAX_KEPT_BYTES``
of them: in a build every background recurs (one per template and size), and
keeping one costs a copy of its pixels, well under a millisecond.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

MAX_KEPT_BYTES = 64 * 1024 * 1024  # eleven 1080 × 1350 backgrounds (5.6 MB each), or seven A6 print sides
# Elements that change from card to card, or may show something outside the background.
_NOT_BACKGROUND = frozenset(("text", "textPath", "tspan", "image", "use", "a", "switch", "foreignObject"))
# Root attributes under which a drawing cannot be split in two: they act on the drawing as a whole.
_WHOLE_DRAWING = ("opacity", "mask", "filter")
_REFERENCE = re.compile(r"url\(\s*['\"]?#([^)'\"\s]+)")

_kept: OrderedDict[bytes, bytes] = OrderedDict()


def _references(node: Any) -> set[str]:
    """The ids that ``node``'s own attributes point at (paint, clip, mask, filter, marker, href)."""
    found = set()
    for name, value in node.items():
        if not isinstance(value, str):
            continue
        found.update(_REFERENCE.findall(value))
        if name in ("href", "{http://www.w3.org/1999/xlink}href") and value.startswith("#"):
            found.add(value[1:])
    return found


def _walk(node: Any) -> Iterator[Any]:
    yield node
    for child in node.children:
        yield from _walk(child)


def background_length(root: Any) -> int:
    """How many of ``root``'s leading children form its background (0: none, or it cannot be split)."""
    if any(name in root and (name != "opacity" or float(root[name]) != 1) for name in _WHOLE_DRAWING):
        return 0
    defined: set[str] = set()
    referenced: set[str] = set()
    length = 0
    for child in root.children:
        nodes = list(_walk(child))
        if any(node.tag in _NOT_BACKGROUND for node in nodes):
            break
        defined |= {node["id"] for node in nodes if "id" in node}
        referenced |= {name for node in nodes for name in _references(node)}
        if not referenced <= defined:  # points at something later in the drawing: not part of the key
            break
        length += 1
    return length


def background_key(root: Any, length: int, size: tuple[int, int, int]) -> bytes:
    """What the background's pixels depend on: its elements, the root's attributes, the image's size and stride."""
    digest = hashlib.blake2b(repr(size).encode(), digest_size=20)
    digest.update(repr(sorted((k, v) for k, v in root.items() if isinstance(v, str))).encode())
    for child in root.children[:length]:
        for node in _walk(child):
            digest.update(repr((node.tag, node.text, sorted(node.items()), len(node.children))).encode())
    return digest.digest()


def kept_background(key: bytes) -> bytes | None:
    """The pixels of the background kept under ``key``, if any (then the last one that may be let go)."""
    pixels = _kept.get(key)
    if pixels is not None:
        _kept.move_to_end(key)
    return pixels


def keep_background(key: bytes, pixels: bytes) -> None:
    """Keep ``pixels``, letting the least recently used backgrounds go beyond ``MAX_KEPT_BYTES``."""
    _kept[key] = pixels
    while sum(len(kept) for kept in _kept.values()) > MAX_KEPT_BYTES:
        _kept.popitem(last=False)
