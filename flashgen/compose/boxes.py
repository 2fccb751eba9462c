"""Boxes that grow with their words: a card's SVG tree with its placeholders filled in, its pills sized.

Takes the template's ``FitBox`` marks (load/fitbox.py) and the card's tree;
``find_boxes`` looks the rectangles and texts up before anything is removed
or replaced (positional paths shift after that), and ``size_boxes``, once
the placeholders are filled and shrunk to their ``data-max-width``, sets each
rectangle's ``x`` and ``width`` from its text's real width. A box whose text
was left out (an empty optional field) keeps its drawn size.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from flashgen.load.fitbox import FitBox, fitted_span, line_width
from flashgen.load.fonts import Face
from flashgen.load.svgdoc import inherited_property, parse_number, svg_number
from flashgen.load.template import Template


@dataclass(frozen=True)
class FoundBox:
    """A box of one card's tree, with the text element it measures and that text's face."""

    mark: FitBox
    rect: etree._Element
    text: etree._Element
    face: Face


def find_boxes(template: Template, tree: etree._ElementTree) -> list[FoundBox]:
    """The fit boxes of ``template`` in ``tree`` (a fresh copy of the template's tree)."""
    faces = dict(template.text_faces)
    return [FoundBox(mark, tree.xpath(mark.path)[0], tree.xpath(mark.text_path)[0], faces[mark.text_path])
            for mark in template.fit_boxes]


def size_boxes(tree: etree._ElementTree, boxes: list[FoundBox]) -> None:
    """Give each box the width of its text (filled in) plus its padding, where the text is anchored."""
    root = tree.getroot()
    for box in boxes:
        if _attached(box.rect, root) and _attached(box.text, root):
            _size_box(box)


def _size_box(box: FoundBox) -> None:
    text = box.text
    size = parse_number(inherited_property(text, "font-size") or "16", "font-size")
    spacing = parse_number(inherited_property(text, "letter-spacing") or "0", "letter-spacing")
    width = line_width(box.face, "".join(text.itertext()), size, spacing)
    anchor = inherited_property(text, "text-anchor") or "start"
    height = parse_number(box.rect.get("height") or "0", "height")
    left, new_width = fitted_span(parse_number(text.get("x") or "0", "x"), anchor, width, box.mark.padding, height)
    box.rect.set("x", svg_number(left))
    box.rect.set("width", svg_number(new_width))


def _attached(element: etree._Element, root: etree._Element) -> bool:
    """False if ``element`` (or a group around it) was removed from the tree: an empty optional field."""
    top = element
    while top.getparent() is not None:
        top = top.getparent()
    return top is root
