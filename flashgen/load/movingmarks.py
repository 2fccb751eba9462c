"""Template marks of elements that move or resize with their text, read and checked.

Takes a parsed template; returns what compose must adjust once the text is set:
``Follower`` records (``data-follows="FRAME"``: a group that keeps its distance
to a text frame's first or last line) and ``FitBox`` records
(``data-fit-text="ID"``: a pill's rectangle that takes the width of its text).
``MovingMarks`` is mixed into the template reader (template.py), whose
``fail``, ``number`` and ``matrix`` it uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from lxml import etree

from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.fitbox import ANCHORS, DEFAULT_PADDING, FitBox
from flashgen.load.frame import FOLLOW_EDGES, Follower
from flashgen.load.svgdoc import frame_mark, inherited_property, label, local_name


class _Reader(Protocol):
    """What the marks need of the template reader."""

    def fail(self, element: etree._Element | None, problem: str) -> FlashgenError: ...

    def number(self, element: etree._Element, name: str, default: float | None = None) -> float: ...

    def matrix(self, element: etree._Element) -> tuple[float, ...]: ...


class MovingMarks:
    """Reads data-follows and data-fit-text marks; mixed into the template reader, which provides _Reader."""

    def followers(self: _Reader, tree: etree._ElementTree, frame_names: Iterable[str]) -> tuple[Follower, ...]:
        """Every element marked ``data-follows`` (the name of a text frame), checked to name one."""
        # Every text frame's name, those left out for an unknown field (flashgen check goes on without them) too.
        marked = [e for e in tree.getroot().iter() if isinstance(e.tag, str) and e.get("data-field") is not None]
        names = set(frame_names) | {e.get("id") or e.get("data-field", "").strip() for e in marked} - {""}
        found = []
        for element in (e for e in tree.getroot().iter() if isinstance(e.tag, str) and e.get("data-follows") is not None):
            name = element.get("data-follows", "").strip()
            edge = element.get("data-follows-edge", "bottom").strip().lower()
            if name not in names:
                known = ", ".join(sorted(names)) or _("none")
                raise self.fail(
                    element,
                    _("data-follows='{name}' names no text frame of this template (frames: {known}).").format(name=name, known=known),
                )
            if edge not in FOLLOW_EDGES:
                raise self.fail(
                    element, _("data-follows-edge='{edge}' is not one of: {edges}.").format(edge=edge, edges=", ".join(FOLLOW_EDGES))
                )
            if element.get("data-field") is not None:
                raise self.fail(element, _("a text frame cannot follow another; put data-follows on a group around it."))
            found.append(Follower(tree.getpath(element), name, edge))
        return tuple(found)

    def fit_boxes(self: _Reader, tree: etree._ElementTree) -> tuple[FitBox, ...]:
        """Every box marked data-fit-text, checked: a rectangle, beside a one-line text that has a limit."""
        root = tree.getroot()
        boxes = []
        for element in root.iter():
            if not isinstance(element.tag, str) or element.get("data-fit-text") is None:
                continue
            text = _fit_target(self, root, element)
            padding = self.number(element, "data-fit-padding", self.number(element, "height", 0.0) * DEFAULT_PADDING)
            if padding < 0:
                raise self.fail(element, _("data-fit-padding must be 0 or more."))
            boxes.append(FitBox(name=element.get("id") or label(element), path=tree.getpath(element),
                                text_path=tree.getpath(text), padding=padding))
        return tuple(boxes)


def _fit_target(reader: _Reader, root: etree._Element, box: etree._Element) -> etree._Element:
    """The <text> a data-fit-text box measures, in the same coordinates as the box and with a limit."""
    if local_name(box) != "rect" or frame_mark(box):
        raise reader.fail(box, _("data-fit-text belongs on a plain <rect> (a pill or badge), not on a frame."))
    wanted = box.get("data-fit-text", "").strip()
    text = next((e for e in root.iter() if isinstance(e.tag, str) and e.get("id") == wanted), None)
    if text is None or local_name(text) != "text":
        raise reader.fail(box, _("data-fit-text='{name}' must name the id of a <text> element.").format(name=wanted))
    if text.get("data-max-width") is None:
        raise reader.fail(
            text, _("a text that a box grows with (data-fit-text) needs a data-max-width, so the box cannot grow off the card.")
        )
    if (inherited_property(text, "text-anchor") or "start") not in ANCHORS:
        raise reader.fail(text, _("text-anchor must be one of {anchors}.").format(anchors=", ".join(ANCHORS)))
    if reader.matrix(box) != reader.matrix(text):
        raise reader.fail(
            box,
            _(
                "the box and its text '{name}' must be drawn in the same coordinates (the same group, neither moved "
                "nor scaled on its own), so the box can be measured against the text."
            ).format(name=wanted),
        )
    return text
