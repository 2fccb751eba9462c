"""Boxes that grow with their words: the ``data-fit-text`` mark read from a template, and its arithmetic.

A pill, badge or label is a ``<rect>`` drawn behind a line of text. Marked
``data-fit-text="ID"`` (the id of that ``<text>``) and optionally
``data-fit-padding="24"`` (room on each side, in the drawing's units; by
default 0.6 of the box's height: a pill's round end and a little air), the box takes the width
of its text once the placeholders are filled, plus the padding on each side.
It stays where its text is anchored: centred on a ``text-anchor="middle"``
text, starting at a left-anchored one, ending at a right-anchored one. The
text needs a ``data-max-width`` so the box never grows off the card.

Takes: the numbers (text width, anchor, padding). Returns: a ``FitBox`` (what
template.py records) and ``fitted_span`` (the box's new left edge and width),
which compose/boxes.py applies to each card.
"""

from __future__ import annotations

from dataclasses import dataclass

from flashgen.load.fonts import Face

ANCHORS = ("start", "middle", "end")
DEFAULT_PADDING = 0.6  # room each side of the text, as a share of the box's height: a pill's round end and a little air


@dataclass(frozen=True)
class FitBox:
    """A template rectangle that takes the width of one text element (both in the same coordinates)."""

    name: str  # the rect's id, for messages
    path: str  # lxml path of the <rect>
    text_path: str  # lxml path of the <text> it measures
    padding: float  # room left and right of the text, in the template's units


def line_width(face: Face, text: str, size: float, letter_spacing: float = 0.0) -> float:
    """The advance width of one line of ``text`` at ``size`` with ``letter_spacing`` (in user units) after
    every character but the last (the space after the last one is not seen, so a box does not hold it)."""
    if not text:
        return 0.0
    return sum(face.advances.get(char, 0.0) for char in text) * size + letter_spacing * (len(text) - 1)


def fitted_span(text_x: float, anchor: str, text_width: float, padding: float, height: float) -> tuple[float, float]:
    """(left edge, width) of a box around a line of ``text_width`` drawn at ``text_x`` with ``anchor``.

    The box is never narrower than it is tall, so a one-letter label still
    sits in a round badge rather than a sliver.
    """
    text_left = {"middle": text_x - text_width / 2, "end": text_x - text_width}.get(anchor, text_x)
    left, width = text_left - padding, text_width + 2 * padding
    if width < height:
        left, width = left - (height - width) / 2, height
    return left, width
