"""Sizes as data: flashgen/data/sizes.yaml in, a ``Presets`` record out.

A card size (``CardSize``) is measured in millimetres for print (trim, bleed,
safe margin, raster resolution) or in pixels for screens, with its templates
per side; a ``Sheet`` is a paper size; ``grids`` say how many cards of a print
size go on a sheet.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.boards import Board, bundled_boards, read_boards
from flashgen.load.media import Medium, media
from flashgen.load.resources import DATA_DIR
from flashgen.load.yamlfile import MarkedDict, read_yaml

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
    default: bool = False  # made by `flashgen build` when no --size is given
    # Screens whose apps cover part of the image (stories): larger insets at top and bottom.
    safe_top: float | None = None
    safe_bottom: float | None = None
    # Social shapes: the smallest body and heading type their templates set (px of the canvas), which
    # tells which LED boards a shape can show; and the series its templates show (the banner: messages only).
    smallest: tuple[float, float] | None = None
    series: tuple[str, ...] = ("album", "messages")

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
        """The card's sides: front and back (the keys of its templates that name no kind)."""
        return tuple(side for side, _ in self.templates if "-" not in side)

    def template_for(self, kind: str, side: str) -> str | None:
        """The template file of ``side`` for an item of ``kind``: 'statement-back' if it has one, else 'back'."""
        files = dict(self.templates)
        return files.get(f"{kind}-{side}") or files.get(side)


def _pair(block: MarkedDict, key: str, where: str, path: Path) -> tuple[float, float]:
    value = block.get(key)
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, (int, float)) for v in value)):
        raise FlashgenError(
            _("{file}, line {line}, {where}: '{key}' must be [width, height].").format(
                file=path, line=block.line_of(key), where=where, key=key
            ),
            code="sizes-table",
        )
    return float(value[0]), float(value[1])


def _card_size(name: str, block: MarkedDict, path: Path) -> CardSize:
    where = _("size '{name}'").format(name=name)
    templates = block.get("templates")
    if not isinstance(templates, MarkedDict) or not templates:
        raise FlashgenError(
            _("{file}, line {line}, {where}: needs 'templates' with a file per side.").format(
                file=path, line=block.line, where=where
            ),
            code="sizes-table",
        )
    common = dict(
        name=name,
        label=str(block.get("label", name)),
        templates=tuple((str(side), str(file)) for side, file in templates.items()),
        safe_inset=float(block.get("safe", 0)),
        default=bool(block.get("default", False)),
        safe_top=float(block["safe_top"]) if "safe_top" in block else None,
        safe_bottom=float(block["safe_bottom"]) if "safe_bottom" in block else None,
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


@dataclass(frozen=True)
class Sheet:
    """A paper size for printed decks (portrait)."""

    name: str
    label: str
    width_mm: float
    height_mm: float


SERIES = ("album", "messages")
FORMATS = ("png", "jpeg")
ASPECT_TOLERANCE = 0.01  # a platform uses a template shape within 1 % of its proportions
# A platform's name becomes a folder and a zip file: keep it inside the output folder and valid on Windows.
PLATFORM_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
MAX_SIDE_PX = 10_000  # a larger image would take gigabytes to draw
WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}


@dataclass(frozen=True)
class Platform:
    """Where social images are posted: their pixel size, file format and size limit."""

    name: str
    label: str
    pixels: tuple[int, int]
    format: str
    max_bytes: int
    shape: CardSize  # the template canvas of the same proportions
    series: tuple[str, ...] = SERIES
    medium: str = "phone"  # how it is read: a medium of data/media.yaml (its smallest type)
    board: bool = False  # an LED board (data/led-boards.yaml or the project's 'boards:'), shown at its native pixels
    default: bool = True  # made when no platform is chosen (the bundled boards are not: there are many)


@dataclass(frozen=True)
class Presets:
    """Every size flashgen knows, read from sizes.yaml (and a project's additions)."""

    card_sizes: dict[str, CardSize]
    sheets: dict[str, Sheet]
    grids: dict[tuple[str, str], tuple[int, int]]  # (card size, sheet) -> (columns, rows)
    shapes: dict[str, CardSize] = field(default_factory=dict)
    platforms: dict[str, Platform] = field(default_factory=dict)

    def platform(self, name: str) -> Platform:
        return _pick(self.platforms, name, _("unknown platform '{name}'; choose from: {choices}."))

    def card_size(self, name: str) -> CardSize:
        return _pick(self.card_sizes, name, _("unknown card size '{name}'; choose from: {choices}."))

    def sheet(self, name: str) -> Sheet:
        return _pick(self.sheets, name, _("unknown sheet '{name}'; choose from: {choices}."))

    def grid(self, card: CardSize, sheet: Sheet) -> tuple[int, int]:
        if (card.name, sheet.name) not in self.grids:
            raise FlashgenError(
                _("there is no layout of '{card}' cards on '{sheet}' sheets in sizes.yaml.").format(
                    card=card.name, sheet=sheet.name
                ),
                code="sizes-table",
            )
        return self.grids[(card.name, sheet.name)]


def _pick(table: dict, name: str, message: str):  # type: ignore[no-untyped-def]
    if name not in table:
        raise FlashgenError(message.format(name=name, choices=", ".join(table)), code="unknown-choice")
    return table[name]


def _sheets(document: MarkedDict, path: Path) -> dict[str, Sheet]:
    sheets = {}
    for name, block in (document.get("sheets") or {}).items():
        width, height = _pair(block, "size_mm", _("sheet '{name}'").format(name=name), path)
        sheets[name] = Sheet(name=name, label=str(block.get("label", name)), width_mm=width, height_mm=height)
    return sheets


def _grids(document: MarkedDict, path: Path) -> dict[tuple[str, str], tuple[int, int]]:
    grids = {}
    for card, per_sheet in (document.get("grids") or {}).items():
        for sheet in per_sheet:
            columns, rows = _pair(per_sheet, sheet, _("grid of '{card}'").format(card=card), path)
            grids[(card, sheet)] = (int(columns), int(rows))
    return grids


def _shapes(document: MarkedDict, path: Path) -> dict[str, CardSize]:
    shapes = {}
    for name, block in (document.get("social_shapes") or {}).items():
        width, height = _pair(block, "pixels", _("shape '{name}'").format(name=name), path)
        shapes[name] = CardSize(
            name=name, label=str(block.get("label", name)), templates=(), safe_inset=float(block.get("safe", 0)),
            screen_pixels=(int(width), int(height)),
            safe_top=float(block["safe_top"]) if "safe_top" in block else None,
            safe_bottom=float(block["safe_bottom"]) if "safe_bottom" in block else None,
            smallest=_pair(block, "smallest", _("shape '{name}'").format(name=name), path) if "smallest" in block else None,
            series=tuple(block.get("series", SERIES)),
        )
    return shapes


def _platform(name: str, block: MarkedDict, path: Path, shapes: dict[str, CardSize]) -> Platform:
    where = _("{file}, line {line}, platform '{name}'").format(file=path, line=block.line, name=name)
    _check_platform_name(name, where)
    width, height = _pair(block, "pixels", _("platform '{name}'").format(name=name), path)
    if not (1 <= width <= MAX_SIDE_PX and 1 <= height <= MAX_SIDE_PX):
        raise FlashgenError(
            _("{where}: 'pixels' must be [width, height], each from 1 to {most}.").format(where=where, most=MAX_SIDE_PX),
            code="platform-setting",
        )
    max_mb = _upload_limit_mb(block, where)
    image_format = _image_format(block, where)
    series = _series(block, where)
    shape = _shape_like(width, height, shapes, where)
    if str(block.get("medium", "phone")) not in media():
        raise FlashgenError(
            _("{where}: medium must be one of {choices} (flashgen/data/media.yaml).").format(
                where=where, choices=", ".join(media())
            ),
            code="platform-setting",
        )
    return Platform(
        name=name, label=str(block.get("label", name)), pixels=(int(width), int(height)), format=image_format,
        max_bytes=int(max_mb * 1024 * 1024), shape=shape, series=series, medium=str(block.get("medium", "phone")),
    )


def _check_platform_name(name: object, where: str) -> None:
    if not isinstance(name, str) or not PLATFORM_NAME.fullmatch(name) or name in WINDOWS_DEVICES:
        raise FlashgenError(
            _(
                "{where}: a platform name becomes a folder name, so use only small letters, digits, '-' and '_' "
                "(at most 40, such as instagram-portrait), and not a name Windows reserves (con, nul, com1…)."
            ).format(where=where),
            code="platform-name",
        )


def _upload_limit_mb(block: MarkedDict, where: str) -> int | float:
    max_mb = block.get("max_mb", 8)
    if isinstance(max_mb, bool) or not isinstance(max_mb, (int, float)) or not 0 < max_mb < 10_000:
        raise FlashgenError(
            _("{where}: 'max_mb' must be the upload limit in megabytes, such as 8.").format(where=where),
            code="platform-setting",
        )
    return max_mb


def _image_format(block: MarkedDict, where: str) -> str:
    image_format = str(block.get("format", "png")).lower().replace("jpg", "jpeg")
    if image_format not in FORMATS:
        raise FlashgenError(
            _("{where}: format must be png or jpeg, not '{format}'.").format(where=where, format=image_format),
            code="platform-setting",
        )
    return image_format


def _series(block: MarkedDict, where: str) -> tuple[str, ...]:
    value = block.get("series", SERIES)
    series = tuple(value) if isinstance(value, (list, tuple)) else ()
    if not series or any(s not in SERIES for s in series):
        raise FlashgenError(_("{where}: series must list album and/or messages.").format(where=where), code="platform-setting")
    return series


def _shape_like(width: float, height: float, shapes: dict[str, CardSize], where: str) -> CardSize:
    """The first template shape with the proportions of ``width`` × ``height``."""
    ratio = width / height
    matching = [s for s in shapes.values() if abs(s.pixels[0] / s.pixels[1] / ratio - 1) <= ASPECT_TOLERANCE]
    if not matching:
        have = ", ".join(f"{s.name} {s.pixels[0]}×{s.pixels[1]}" for s in shapes.values())
        raise FlashgenError(
            _(
                "{where}: no template shape has the proportions of {width}×{height} (shapes: {have}). "
                "Choose a size with the same proportions as one of them, or add a shape and its templates."
            ).format(where=where, width=int(width), height=int(height), have=have),
            code="platform-setting",
        )
    return matching[0]


def _project_platforms(project: Path, shapes: dict[str, CardSize]) -> dict[str, Platform]:
    """The platforms a project file (flashgen.yaml) adds under 'platforms:' and 'boards:'."""
    document = read_yaml(project)
    if document is None:
        return {}
    boards = read_boards(document.get("boards"), project, default=True) if isinstance(document, MarkedDict) else []
    if not isinstance(document, MarkedDict) or not isinstance(document.get("platforms"), (MarkedDict, type(None))):
        raise FlashgenError(
            _("{file}: expected 'platforms:' followed by one block per platform (see README.md).").format(file=project),
            code="platform-setting",
        )
    added = {}
    for name, entry in (document.get("platforms") or {}).items():
        if not isinstance(entry, MarkedDict):
            raise FlashgenError(
                _("{file}, platform '{name}': expected 'label', 'pixels', 'format' and 'max_mb'.").format(
                    file=project, name=name
                ),
                code="platform-setting",
            )
        added[name] = _platform(name, entry, project, shapes)
    return {**added, **_board_platforms(boards, shapes, set(added))}


def load_presets(path: Path = DATA_DIR / "sizes.yaml", project: Path | None = None) -> Presets:
    """All sizes, in file order; ``project`` (a flashgen.yaml) may add platforms."""
    document = read_yaml(path)
    block = document.get("flashcards") if isinstance(document, MarkedDict) else None
    if not isinstance(block, MarkedDict):
        raise FlashgenError(_("{file}: expected a 'flashcards:' section.").format(file=path), code="sizes-table")
    shapes = _shapes(document, path)
    platforms = {name: _platform(name, entry, path, shapes) for name, entry in (document.get("platforms") or {}).items()}
    platforms.update(_board_platforms(bundled_boards(), shapes, set(platforms)))
    if project is not None:
        platforms.update(_project_platforms(project, shapes))
    return Presets(
        card_sizes={name: _card_size(name, entry, path) for name, entry in block.items()},
        sheets=_sheets(document, path),
        grids=_grids(document, path),
        shapes=shapes,
        platforms=platforms,
    )


# LED boards (flashgen/load/boards.py): each is a platform at its native pixels, drawn from the template
# shape that shows it best. A shape is drawn to cover the board ("slice", render/cairosvg_internals.py):
# a board of other proportions loses a strip of the shape's edges, which may only be the margin outside
# its safe area (no text is ever cut); and the shape's smallest type, at the board's scale, must keep
# the led-board medium's minimum in the board's own pixels (data/media.yaml).
BOARD_MEDIUM = "led-board"


def _board_platforms(boards: list[Board], shapes: dict[str, CardSize], taken: set[str]) -> dict[str, Platform]:
    platforms = {}
    for board in boards:
        _check_platform_name(board.name, board.where)
        if board.name in taken:
            raise FlashgenError(
                _("{where}: a platform is already called '{name}'; give the board another name.").format(
                    where=board.where, name=board.name),
                code="led-board",
            )
        shape = board_shape(board, shapes)
        platforms[board.name] = Platform(
            name=board.name, label=board.label, pixels=board.pixels, format="png", max_bytes=20 * 1024 * 1024,
            shape=shape, series=shape.series, medium=BOARD_MEDIUM, board=True, default=board.default,
        )
    return platforms


def _cover_scale(shape: CardSize, pixels: tuple[int, int]) -> float:
    """How much the shape's canvas is scaled to cover ``pixels``."""
    return max(pixels[0] / shape.pixels[0], pixels[1] / shape.pixels[1])


def proportions_shown(shape: CardSize) -> tuple[float, float]:
    """The proportions (width / height) of the boards ``shape`` covers with no text cut off."""
    width, height = shape.pixels
    side = shape.safe_inset
    top_bottom = min(v if v is not None else side for v in (shape.safe_top, shape.safe_bottom))
    return (width - 2 * side) / height, width / (height - 2 * top_bottom)


def type_holds(shape: CardSize, pixels: tuple[int, int], reader: Medium) -> bool:
    """Whether ``shape``'s smallest type, drawn on a board of ``pixels``, keeps the minimums of ``reader``."""
    assert shape.smallest is not None
    scale = _cover_scale(shape, pixels)
    width = float(pixels[0])
    return shape.smallest[0] * scale >= reader.body_at(width) and shape.smallest[1] * scale >= reader.heading_at(width)


def board_shape(board: Board, shapes: dict[str, CardSize]) -> CardSize:
    """The shape of nearest proportions that shows ``board`` with no text cut and none below the minimum."""
    reader = media()[BOARD_MEDIUM]
    ratio = board.pixels[0] / board.pixels[1]
    for_boards = [s for s in shapes.values() if s.smallest is not None]
    framing = [s for s in for_boards if proportions_shown(s)[0] <= ratio <= proportions_shown(s)[1]]
    if not framing:
        have = ", ".join(
            f"{s.name} {proportions_shown(s)[0]:.2f}–{proportions_shown(s)[1]:.2f}" for s in for_boards)
        raise FlashgenError(
            _(
                "{where}: {width} × {height} px is {ratio:.2f} times as wide as it is high; no template shape shows "
                "that without cutting text (width / height each shape shows: {have}). Use a part of the board "
                "with proportions the shapes show (its pixels), or add a shape and its templates."
            ).format(where=board.where, width=board.pixels[0], height=board.pixels[1], ratio=ratio, have=have),
            code="led-board-shape",
        )
    readable = [s for s in framing if type_holds(s, board.pixels, reader)]
    if not readable:
        raise FlashgenError(
            _(
                "{where}: at {width} × {height} px the board is too small for text at least {body:g} px high "
                "(headings {heading:g} px: the smallest Vietnamese letters an LED board shows, data/media.yaml). "
                "Use a finer pitch (more pixels) or a larger board."
            ).format(where=board.where, width=board.pixels[0], height=board.pixels[1], body=reader.body, heading=reader.heading),
            code="led-board-shape",
        )
    return min(readable, key=lambda s: abs(math.log(s.pixels[0] / s.pixels[1] / ratio)))
