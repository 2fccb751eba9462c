"""The heading's entrance: a card SVG in, its frames while the heading rises into place out.

``split_heading`` takes a composed card SVG and the names of its heading frames
(the ``data-frame`` of the ``<text>`` elements compose/card.py writes) and
returns two SVGs: the card without its heading, and the heading alone on a
transparent canvas. Both are drawn by the same renderer as the stills; a
``Shot`` holds the three pictures of one image (still, base, heading), and
``entrance_frame`` composites base and heading in memory for a moment of the
entrance: the heading lower by a share of the height and partly transparent,
rising and appearing with an ease-out curve. The entrance's last moment is the
still itself, so the held frames are exactly the still image.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from lxml import etree
from PIL import Image

# Elements that are never painted by themselves, only referred to: kept in the heading's SVG.
_REFERRED = frozenset(("defs", "style", "linearGradient", "radialGradient", "clipPath", "mask", "pattern",
                       "symbol", "filter", "marker", "title", "desc", "metadata"))
_KEEP = "data-flashgen-keep"  # marks a heading and the groups around it while the rest is removed


@dataclass(frozen=True)
class Entrance:
    """How the heading enters: over ``frames`` frames, from ``rise`` of the height below its place."""

    frames: int
    rise: float  # share of the image's height, e.g. 0.025


@dataclass(frozen=True)
class Shot:
    """One image of the clip: the still, and (when it has a heading that enters) the card without its
    heading and the heading alone (RGBA, transparent elsewhere), all at the clip's size."""

    still: Image.Image
    base: Image.Image | None = None
    heading: Image.Image | None = None

    @cached_property
    def heading_box(self) -> tuple[int, int, int, int] | None:
        """The heading's pixels (left, top, right, bottom); None without a heading."""
        return self.heading.getbbox() if self.heading is not None else None

    @property
    def moves(self) -> bool:
        return self.base is not None and self.heading_box is not None

    @property
    def arrival(self) -> Image.Image:
        """What the cross-fade into this image ends on: the card without its heading when the heading enters."""
        return self.base if self.moves and self.base is not None else self.still


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def split_heading(svg: bytes, frames: frozenset[str]) -> tuple[bytes, bytes] | None:
    """(the card without its heading, the heading alone); None when the card shows none of ``frames``."""
    base = etree.fromstring(svg)
    headings = [e for e in base.iter() if isinstance(e.tag, str) and e.get("data-frame") in frames and len(e)]
    if not headings:
        return None
    alone = etree.fromstring(svg)
    for element in headings:
        element.getparent().remove(element)
    for element in alone.iter():
        if isinstance(element.tag, str) and element.get("data-frame") in frames:
            for around in (element, *element.iterancestors()):
                around.set(_KEEP, "")
    _prune(alone)
    for element in alone.iter():
        if isinstance(element.tag, str):
            element.attrib.pop(_KEEP, None)
    return etree.tostring(base), etree.tostring(alone)


def _prune(element: etree._Element) -> None:
    """Remove every painted element of ``element`` that is neither a heading nor around one."""
    for child in list(element):
        if not isinstance(child.tag, str) or _local(child) in _REFERRED:
            continue
        if child.get(_KEEP) is None:
            element.remove(child)
        elif child.get("data-frame") is None:  # around a heading: look inside; a heading is kept whole
            _prune(child)


def ease_out(t: float) -> float:
    """Cubic ease-out: fast at first, settling gently into place."""
    return 1 - (1 - t) ** 3


def entrance_patch(shot: Shot, number: int, entrance: Entrance) -> tuple[tuple[int, int], Image.Image]:
    """Where and what changes in frame ``number`` (1 … frames - 1) of the entrance: the region of the base
    around the heading (even coordinates and size, for 4:2:0 video) with the heading composited into it,
    lower by the eased remainder of the rise and as opaque as the eased share of the entrance."""
    assert shot.base is not None and shot.heading is not None
    progress = ease_out(number / entrance.frames)
    drop = round(entrance.rise * shot.still.height * (1 - progress))
    box = shot.heading_box
    assert box is not None  # shot.moves
    width, height = shot.still.size
    left, top = box[0] - box[0] % 2, box[1] - box[1] % 2
    right, bottom = min(width, box[2] + box[2] % 2), min(height, box[3] + drop + (box[3] + drop) % 2)
    layer = shot.heading.crop((left, top - drop, right, bottom - drop))  # outside the image: transparent
    layer.putalpha(layer.getchannel("A").point(lambda value: round(value * progress)))
    return (left, top), Image.alpha_composite(shot.base.crop((left, top, right, bottom)).convert("RGBA"), layer).convert("RGB")


def entrance_frame(shot: Shot, number: int, entrance: Entrance) -> Image.Image:
    """Frame ``number`` (1 … frames) of the entrance as a whole picture; from ``frames`` on, the still."""
    if number >= entrance.frames or not shot.moves or shot.base is None:
        return shot.still
    place, patch = entrance_patch(shot, number, entrance)
    frame = shot.base.copy()
    frame.paste(patch, place)
    return frame
