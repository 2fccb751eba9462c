"""How a template frame sets its text: the box, the face and sizes, the alignment.

Read from a template's frame marks by template.py (stage 1) and used by the
text layout (stage 3). Sizes and coordinates are in the template's user units.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from flashgen.load.fonts import Face


class Align(Enum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


class VAlign(Enum):
    TOP = "top"
    MIDDLE = "middle"
    BOTTOM = "bottom"


class TextKind(Enum):
    """What a frame's text is (``data-kind``): how its lines break, and which smallest size of its medium it keeps
    (data/media.yaml; tested for the bundled templates in tests/products/test_media_sizes.py)."""

    TEXT = "text"  # running text: the phrase rules are preferences; the body minimum
    HEADING = "heading"  # a title: broken between phrases, lines evened out; the heading minimum
    DISPLAY = "display"  # a display line set smaller (a figure's label on a wide image): broken as a heading,
    # so never after a word such as 'tại' or 'của' when a breaking fits; the body minimum, as text

    @property
    def breaks_as_heading(self) -> bool:
        return self is not TextKind.TEXT


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class TextStyle:
    """How a frame sets its text. Sizes are in the template's user units."""

    face: Face
    max_size: float
    min_size: float
    line_height: float = 1.25
    align: Align = Align.LEFT
    valign: VAlign = VAlign.TOP
    letter_spacing: float = 0.0  # em
    heading: bool = False
    uppercase: bool = False
    max_lines: int | None = None


FOLLOW_EDGES = ("top", "bottom")


@dataclass(frozen=True)
class Follower:
    """An element of a template that moves up or down with the text of a frame (``data-follows``).

    ``edge`` "bottom": the element keeps its distance to the bottom of the text
    (it sits below the frame); "top": to the top of the text (it sits above).
    """

    path: str  # lxml path of the element in the template tree
    frame: str  # the frame's name (its id, else its field)
    edge: str
