"""A template's canvas: its size checked against a card size, and the safe area inside it.

A print template's canvas is the card's trim plus bleed, in mm; a screen
template's is the size's pixels. The viewBox sets the user units frames are
measured in, and ``Canvas.scale`` converts mm (or px) to them. Frames must
keep the size's safe margin from the trimmed edge, and on story screens the
larger insets at the top and bottom, where apps draw over the image.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from lxml import etree

from flashgen.i18n import _
from flashgen.load.frame import Box
from flashgen.load.geometry import Matrix
from flashgen.load.presets import CardSize
from flashgen.load.svgdoc import length_mm, parse_number

SIZE_TOLERANCE = 0.01  # mm or px a canvas may differ from the card size by
SAFE_TOLERANCE = 1e-6  # user units a frame may pass the safe area by (rounding)


@dataclass(frozen=True)
class Canvas:
    size: CardSize
    view: tuple[float, ...]  # the viewBox: x, y, width, height
    scale: tuple[float, float]  # user units per mm (print) or px (screen)

    @classmethod
    def of(cls, root: etree._Element, size: CardSize) -> Canvas:
        """The canvas of the template ``root`` for cards of ``size``; ``ValueError`` saying what is wrong with it."""
        view = _view_box(root)
        if view is None:
            raise ValueError(
                _("the <svg> element needs a viewBox of four numbers (Inkscape: Document Properties → Scale).")
            )
        width, height = _canvas_size(root, size)
        expected = _expected_size(size)
        if width is None or height is None or not _close(width, expected[0]) or not _close(height, expected[1]):
            unit = _unit(size)
            raise ValueError(
                _(
                    "the page is {width} × {height} but the '{size}' size needs "
                    "{needed_width:g}{unit} × {needed_height:g}{unit} (set width/height with units)."
                ).format(
                    width=root.get("width"), height=root.get("height"), size=size.name,
                    needed_width=expected[0], needed_height=expected[1], unit=unit,
                )
            )
        return cls(size, view, (view[2] / width, view[3] / height))

    def outside_safe_area(self, box: Box, matrix: Matrix) -> bool:
        """Whether ``box``, drawn with ``matrix`` (to the root's user space), reaches outside the safe area."""
        left = matrix[0] * box.x + matrix[4] - self.view[0]
        top = matrix[3] * box.y + matrix[5] - self.view[1]
        right = left + matrix[0] * box.width
        bottom = top + matrix[3] * box.height
        inset_x, inset_top, inset_bottom = self.safe_insets()
        return (
            left < inset_x - SAFE_TOLERANCE or right > self.view[2] - inset_x + SAFE_TOLERANCE
            or top < inset_top - SAFE_TOLERANCE or bottom > self.view[3] - inset_bottom + SAFE_TOLERANCE
        )

    def safe_insets(self) -> tuple[float, float, float]:
        """How far the safe area keeps from the canvas's sides, top and bottom, in user units."""
        size = self.size
        # Print canvases include the bleed: the safe margin counts from the trim.
        margin = size.safe_inset + size.bleed_mm
        top = size.safe_top + size.bleed_mm if size.safe_top is not None else margin
        bottom = size.safe_bottom + size.bleed_mm if size.safe_bottom is not None else margin
        return margin * self.scale[0], top * self.scale[1], bottom * self.scale[1]

    def safe_area_problem(self) -> str:
        """What to tell the designer of a frame outside the safe area."""
        size, unit = self.size, _unit(self.size)
        screen_insets = (
            _(" ({top:g} {unit} from the top, {bottom:g} {unit} from the bottom, where the app draws over the image)").format(
                top=size.safe_top, bottom=size.safe_bottom, unit=unit
            )
            if size.safe_top is not None else ""
        )
        message = (
            _("the frame reaches outside the safe area: keep it at least {inset:g} {unit} from the trimmed edge{insets} so nothing is cut off.")
            if size.is_print
            else _("the frame reaches outside the safe area: keep it at least {inset:g} {unit} from the edge{insets} so nothing is cut off.")
        )
        return message.format(inset=size.safe_inset, unit=unit, insets=screen_insets)


def _view_box(root: etree._Element) -> tuple[float, ...] | None:
    """The root's viewBox, if it is four finite numbers with a width and a height above 0."""
    try:
        view = tuple(float(v) for v in re.split(r"[\s,]+", (root.get("viewBox") or "").strip()) if v)
    except ValueError:
        return None
    if len(view) != 4 or not all(math.isfinite(v) for v in view) or view[2] <= 0 or view[3] <= 0:
        return None
    return view


def _canvas_size(root: etree._Element, size: CardSize) -> tuple[float | None, float | None]:
    """The root's width and height, in mm for a print size, in px for a screen size; None if not so given."""
    if size.is_print:
        return length_mm(root.get("width")), length_mm(root.get("height"))
    return _pixels(root.get("width")), _pixels(root.get("height"))


def _expected_size(size: CardSize) -> tuple[float, float]:
    if size.is_print:
        return size.canvas_mm[0], size.canvas_mm[1]
    return float(size.pixels[0]), float(size.pixels[1])


def _close(found: float, expected: float) -> bool:
    return abs(found - expected) <= SIZE_TOLERANCE


def _unit(size: CardSize) -> str:
    return "mm" if size.is_print else "px"


def _pixels(value: str | None) -> float | None:
    try:
        return parse_number(value, "size")
    except ValueError:
        return None
