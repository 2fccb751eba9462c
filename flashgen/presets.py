"""Card sizes as data: flashgen/data/sizes.yaml in, ``CardSize`` records out.

A print size is measured in millimetres (trim, bleed, safe margin, raster
resolution); a screen size in pixels. Templates are chosen per size and side.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import FlashgenError
from .resources import DATA_DIR
from .yamlfile import MarkedDict, read_yaml

MM_PER_INCH = 25.4


@dataclass(frozen=True)
class CardSize:
    """One output size of a card product, with its templates per side."""

    name: str
    label: str
    templates: tuple[tuple[str, str], ...]  # (side, template file name)
    safe_inset: float  # mm for print sizes, px for screen sizes
    trim_mm: tuple[float, float] | None = None
    bleed_mm: float = 0.0
    dpi: int = 300
    screen_pixels: tuple[int, int] | None = None

    @property
    def is_print(self) -> bool:
        return self.trim_mm is not None

    @property
    def canvas_mm(self) -> tuple[float, float]:
        """Page size of a print template: the trim plus bleed on every side."""
        assert self.trim_mm is not None
        return (self.trim_mm[0] + 2 * self.bleed_mm, self.trim_mm[1] + 2 * self.bleed_mm)

    @property
    def pixels(self) -> tuple[int, int]:
        """Raster size: exact for screens, canvas at ``dpi`` for print."""
        if self.screen_pixels is not None:
            return self.screen_pixels
        width, height = self.canvas_mm
        return round(width / MM_PER_INCH * self.dpi), round(height / MM_PER_INCH * self.dpi)

    @property
    def sides(self) -> tuple[str, ...]:
        return tuple(side for side, _ in self.templates)


def _pair(block: MarkedDict, key: str, where: str, path: Path) -> tuple[float, float]:
    value = block.get(key)
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, (int, float)) for v in value)):
        raise FlashgenError(f"{path}, line {block.line_of(key)}, {where}: '{key}' must be [width, height].")
    return float(value[0]), float(value[1])


def _card_size(name: str, block: MarkedDict, path: Path) -> CardSize:
    where = f"size '{name}'"
    templates = block.get("templates")
    if not isinstance(templates, MarkedDict) or not templates:
        raise FlashgenError(f"{path}, line {block.line}, {where}: needs 'templates' with a file per side.")
    common = dict(
        name=name,
        label=str(block.get("label", name)),
        templates=tuple((str(side), str(file)) for side, file in templates.items()),
        safe_inset=float(block.get("safe", 0)),
    )
    if "trim_mm" in block:
        return CardSize(
            **common,
            trim_mm=_pair(block, "trim_mm", where, path),
            bleed_mm=float(block.get("bleed_mm", 0)),
            dpi=int(block.get("dpi", 300)),
        )
    width, height = _pair(block, "pixels", where, path)
    return CardSize(**common, screen_pixels=(int(width), int(height)))


def load_card_sizes(path: Path = DATA_DIR / "sizes.yaml") -> dict[str, CardSize]:
    """All flashcard sizes, by name, in file order."""
    document = read_yaml(path)
    block = document.get("flashcards") if isinstance(document, MarkedDict) else None
    if not isinstance(block, MarkedDict):
        raise FlashgenError(f"{path}: expected a 'flashcards:' section.")
    return {name: _card_size(name, entry, path) for name, entry in block.items()}
