"""How much drawing an SVG asks for: an element tree in, a count of what the renderer would draw out.

A small file can ask for a huge drawing: a path of 3,000 points in ``<defs>``,
used through four levels of groups of ten ``<use>``, is drawn 10,000 times
(30 million points) from 27 KB of SVG. CairoSVG draws that for many minutes
without a way to stop it, so flashgen counts before drawing and refuses a
drawing over the limit.

The count of an element is one, plus the coordinates of its shape (the
numbers in a path's ``d``, a polygon's ``points``), plus the characters of its
text, plus what the caller counts for an embedded image (images.py: its
pixels, by thousands), plus the counts of its children; a ``<use>`` counts
what it refers to (as often as it is used). Each element is counted once and remembered, so
counting is linear in the file's size whatever the references multiply to;
a reference that leads back to itself is reported, since nothing could draw it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from flashgen.errors import FlashgenError
from flashgen.i18n import _

XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_IN_PROGRESS = -1


def drawing_size(root: etree._Element, image_size: Callable[[etree._Element], int] = lambda image: 0) -> int:
    """What drawing ``root`` costs the renderer, in elements plus coordinates plus characters.

    Raises ``FlashgenError`` for a ``<use>`` that refers, through others, to itself. Walks the tree
    with its own stack: a chain of thousands of ``<use>`` must not exhaust Python's.
    """
    ids = {element.get("id"): element for element in root.iter() if isinstance(element.tag, str) and element.get("id")}
    counted: dict[etree._Element, int] = {}
    # (element, None): to count; (element, parts): its parts are counted, add them up.
    stack: list[tuple[etree._Element, list[etree._Element] | None]] = [(root, None)]
    while stack:
        element, parts = stack.pop()
        if parts is not None:
            own = image_size(element) if etree.QName(element).localname == "image" else _own_size(element)
            counted[element] = 1 + own + sum(counted[part] for part in parts)
            continue
        if counted.get(element) == _IN_PROGRESS:
            raise _loop(element)
        if element in counted:
            continue
        counted[element] = _IN_PROGRESS
        parts = _parts(element, ids)
        stack.append((element, parts))
        for part in parts:
            if counted.get(part) == _IN_PROGRESS:
                raise _loop(part)
            stack.append((part, None))
    return counted[root]


def _parts(element: etree._Element, ids: dict[str | None, etree._Element]) -> list[etree._Element]:
    """What drawing ``element`` draws: its children and, for a ``<use>``, what it refers to."""
    parts = [child for child in element if isinstance(child.tag, str)]
    target = _referred(element, ids)
    return parts + [target] if target is not None else parts


def _loop(element: etree._Element) -> FlashgenError:
    return FlashgenError(
        _(
            "a <use> (or the group it is in, id '{id}') refers, through others, to itself: "
            "nothing could draw it. Delete that clone in Inkscape (Edit > Clone > Unlink Clone), then save."
        ).format(id=element.get("id") or "?"),
        code="use-loop",
    )


def _own_size(element: etree._Element) -> int:
    """The coordinates of a shape and the characters of a text, without its children."""
    numbers = sum(len(NUMBER.findall(element.get(name) or "")) for name in ("d", "points"))
    return numbers + len(element.text or "")


def _referred(element: etree._Element, ids: dict[str | None, etree._Element]) -> etree._Element | None:
    """What a ``<use>`` draws (other elements' references, such as gradients, are drawn once: not counted)."""
    if etree.QName(element).localname != "use":
        return None
    href = (element.get("href") or element.get(XLINK_HREF) or "").strip()
    return ids.get(href[1:]) if href.startswith("#") else None
