"""LED boards as data: flashgen/data/led-boards.yaml (and a project's ``boards:``) in, ``Board`` records out.

A board is given by its size (``size_m`` or ``size_mm``, [width, height]) and its
pixel pitch (``pitch``: P2.5 … P10, the distance between two LEDs in mm), or by
its ``pixels`` directly. Its native resolution is its size divided by its pitch
(3 × 2 m at P10 → 300 × 200 px; at P5 → 600 × 400): the sending card shows the
image pixel for pixel, so flashgen draws the board's stills and video at exactly
that size. presets.py turns each board into a social platform (``board=True``)
with the template shape that shows it best.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.resources import DATA_DIR
from flashgen.load.yamlfile import MarkedDict, read_yaml

BOARDS_FILE = DATA_DIR / "led-boards.yaml"
FIELDS = ("label", "size_m", "size_mm", "pitch", "pixels", "default")
MAX_SIDE_PX = 7680  # 8K: no single board controller drives more; a larger number is a typo in the size or pitch
MIN_SIDE_PX = 16  # one P10 module is 32 × 16 dots: nothing smaller is a board
MAX_SIDE_M = 100.0  # longer than any board: a size in mm typed under size_m
PITCH_MM = (0.5, 40.0)  # from fine indoor walls (P0.9) to the coarsest outdoor boards (P31.25)
PITCH = re.compile(r"\s*[Pp]?\s*(\d+(?:[.,]\d+)?)\s*(?:mm)?\s*")


@dataclass(frozen=True)
class Board:
    """One LED board: its name (a folder name), label, native pixels, and whether it is made by default."""

    name: str
    label: str
    pixels: tuple[int, int]
    default: bool
    where: str  # names the board in messages: file, line and name


def native_pixels(width_mm: float, height_mm: float, pitch_mm: float) -> tuple[int, int]:
    """The native resolution of a board of ``width_mm`` × ``height_mm`` at ``pitch_mm``: one pixel per LED.

    A nominal size ("3 × 2 m") is rarely a whole number of pitches: the nearest count, a half rounded up.
    """
    return math.floor(width_mm / pitch_mm + 0.5), math.floor(height_mm / pitch_mm + 0.5)


def parse_pitch(value: object) -> float | None:
    """The pitch in mm of 'P5', 'P2.5', 'P2,5', '4 mm', 5 or 2.5; None if it is not a pitch."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    found = PITCH.fullmatch(value) if isinstance(value, str) else None
    return float(found.group(1).replace(",", ".")) if found else None


class _BoardReader:
    """Reads one board's block, each problem naming the file, line, board and field."""

    def __init__(self, name: str, block: MarkedDict, path: Path) -> None:
        self.name, self.block, self.path = name, block, path
        self.where = _("{file}, line {line}, board '{board}'").format(file=path, line=block.line, board=name)

    def fail(self, key: str, problem: str) -> FlashgenError:
        return FlashgenError(
            _("{file}, line {line}, board '{board}', '{field}': {problem}").format(
                file=self.path, line=self.block.line_of(key), board=self.name, field=key, problem=problem
            ),
            code="led-board",
            field=key,
        )

    def board(self, default: bool) -> Board:
        for key in self.block:
            if key not in FIELDS:
                raise self.fail(str(key), _("unknown field (known: {known}).").format(known=", ".join(FIELDS)))
        is_default = self.block.get("default", default)
        if not isinstance(is_default, bool):
            raise self.fail("default", _("expected true or false."))
        label = self.block.get("label", self.name)
        if not isinstance(label, str) or not label.strip():
            raise self.fail("label", _("expected the board's name as people call it, e.g. \"Bảng LED UBND xã\"."))
        return Board(self.name, label.strip(), self.pixels(), is_default, self.where)

    def pixels(self) -> tuple[int, int]:
        given = [key for key in ("size_m", "size_mm", "pixels") if key in self.block]
        if len(given) != 1:
            key = given[1] if len(given) > 1 else "size_m"
            raise self.fail(key, _("give the board's size (size_m or size_mm) and its pitch, or its pixels: one of them."))
        if given[0] == "pixels":
            if "pitch" in self.block:
                raise self.fail("pitch", _("a board given by its pixels takes no pitch (its pixels are its LEDs)."))
            width, height = self.pair("pixels", _("expected [width, height] in pixels, e.g. [600, 400]."), 1)
            pixels = round(width), round(height)
            if pixels != (width, height):
                raise self.fail("pixels", _("expected whole numbers of pixels."))
        else:
            pixels = self.from_size(given[0])
        self.check_resolution(given[0], pixels)
        return pixels

    def from_size(self, key: str) -> tuple[int, int]:
        metres = key == "size_m"
        example = _("expected [width, height] in metres, e.g. [3, 2].") if metres else \
            _("expected [width, height] in millimetres, e.g. [3000, 2000].")
        width, height = self.pair(key, example, 1000 if metres else 1)
        if not (width <= MAX_SIDE_M * 1000 and height <= MAX_SIDE_M * 1000):
            raise self.fail(key, _("a board is at most {most:g} m a side: is the size in the right unit?").format(most=MAX_SIDE_M))
        return native_pixels(width, height, self.pitch())

    def pair(self, key: str, problem: str, scale: float) -> tuple[float, float]:
        value = self.block.get(key)
        if not (isinstance(value, list) and len(value) == 2
                and all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and v > 0 for v in value)):
            raise self.fail(key, problem)
        # To the micrometre: 4.06 m is 4060 mm, not 4059.9999999999995.
        return round(float(value[0]) * scale, 6), round(float(value[1]) * scale, 6)

    def pitch(self) -> float:
        if "pitch" not in self.block:
            raise self.fail("pitch", _("a board given by its size needs its pixel pitch, such as P10, P5 or P2.5."))
        pitch = parse_pitch(self.block["pitch"])
        if pitch is None or not math.isfinite(pitch):
            raise self.fail("pitch", _("expected the pixel pitch in millimetres, such as P10, P5 or P2.5."))
        low, high = PITCH_MM
        if not low <= pitch <= high:
            raise self.fail("pitch", _("a pitch is from P{low:g} to P{high:g} (mm between two LEDs), not {pitch:g}.").format(
                low=low, high=high, pitch=pitch))
        return pitch

    def check_resolution(self, key: str, pixels: tuple[int, int]) -> None:
        if max(pixels) > MAX_SIDE_PX or min(pixels) < MIN_SIDE_PX:
            raise self.fail(key, _(
                "that makes {width} × {height} px; a board has {least} to {most} px a side (8K): "
                "check the size and the pitch."
            ).format(width=pixels[0], height=pixels[1], least=MIN_SIDE_PX, most=MAX_SIDE_PX))


def read_boards(section: object, path: Path, default: bool) -> list[Board]:
    """The boards of a ``boards:`` section of ``path`` (each made by default if ``default``, unless it says)."""
    if section is None:
        return []
    if not isinstance(section, MarkedDict):
        raise FlashgenError(
            _("{file}: expected 'boards:' followed by one block per board (see README.md, LED boards).").format(file=path),
            code="led-board",
        )
    boards = []
    for name, block in section.items():
        if not isinstance(block, MarkedDict):
            raise FlashgenError(
                _("{file}, line {line}, board '{board}': expected 'label', 'size_m' and 'pitch' (or 'pixels').").format(
                    file=path, line=section.line_of(name), board=name
                ),
                code="led-board",
            )
        boards.append(_BoardReader(str(name), block, path).board(default))
    return boards


def bundled_boards(path: Path = BOARDS_FILE) -> list[Board]:
    """The common boards flashgen ships (not made unless chosen)."""
    document = read_yaml(path)
    return read_boards(document.get("boards") if isinstance(document, MarkedDict) else None, path, default=False)
