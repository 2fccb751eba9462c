"""Type sizes per medium as data: flashgen/data/media.yaml in, ``Medium`` records out.

A medium (a print card, a handout, an A3 poster, a phone screen, a YouTube
thumbnail, an LED screen) has the smallest body and heading sizes its readers
can read from where they stand. Layouts ask ``minimum(...)`` in their own unit
(points at the printed size, or pixels of the image they draw) and never set
text smaller; content that does not fit at those sizes is shown in less detail.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.resources import DATA_DIR
from flashgen.load.yamlfile import read_yaml

MEDIA_FILE = DATA_DIR / "media.yaml"
UNITS = ("pt", "px", "dot")  # dot: a physical LED pixel of a board, never scaled


@dataclass(frozen=True)
class Medium:
    """The smallest readable type on one medium."""

    name: str
    label: str
    unit: str  # "pt" at the printed size, "px" of an image ``width`` pixels wide, or "dot" (an LED board's own pixel)
    body: float
    heading: float
    width: int | None = None  # px media: the image width the sizes are given for

    def body_at(self, width: float | None = None) -> float:
        """The smallest body size, for an image ``width`` pixels wide (px media) or in points."""
        return self.body * self._scale(width)

    def heading_at(self, width: float | None = None) -> float:
        """The smallest heading size, for an image ``width`` pixels wide (px media) or in points."""
        return self.heading * self._scale(width)

    def _scale(self, width: float | None) -> float:
        if self.unit in ("pt", "dot") or width is None or self.width is None:
            return 1.0
        return width / self.width


def _medium(name: str, block: dict) -> Medium:
    where = _("{file}, medium '{name}'").format(file=MEDIA_FILE, name=name)
    unit = block.get("unit")
    if unit not in UNITS:
        raise FlashgenError(_("{where}: 'unit' must be one of {units}.").format(where=where, units=", ".join(UNITS)), code="media-table")
    try:
        body, heading = float(block["body"]), float(block["heading"])
    except (KeyError, TypeError, ValueError):
        raise FlashgenError(_("{where}: 'body' and 'heading' must be numbers.").format(where=where), code="media-table") from None
    width = block.get("width")
    if unit == "px" and not isinstance(width, int):
        raise FlashgenError(
            _("{where}: a px medium needs 'width', the image width its sizes are for.").format(where=where), code="media-table"
        )
    return Medium(name, str(block.get("label", name)), unit, body, heading, width)


@lru_cache(maxsize=1)
def media() -> dict[str, Medium]:
    """Every medium of flashgen/data/media.yaml, by name."""
    document = read_yaml(MEDIA_FILE)
    return {name: _medium(name, block) for name, block in document["media"].items()}


def medium(name: str) -> Medium:
    """One medium by name (a programming error if it is not in the table)."""
    return media()[name]
