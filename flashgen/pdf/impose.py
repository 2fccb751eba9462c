"""Imposition: where each card goes on a printed sheet, front and back.

Takes a print ``CardSize``, a ``Sheet`` and a grid (columns × rows) and
returns a ``SheetPlan``: the placement of every card front (a matrix from the
card's trim space to the sheet, both in millimetres with y up, as in PDF), the
cut marks, and — for a duplex flip along the long or the short edge — where
each card's back must be printed so that it lands exactly behind its front.

The rule for backs: if F is the flip of the sheet (long edge: x → W − x;
short edge: y → H − y), P a front placement and C the turn of a cut card
about its own vertical centre line (u → w − u), the back is placed at
B = F ∘ P ∘ C. A card turned over sideways, like a page, then shows its back
upright, whichever way the sheet was flipped and whether or not the card was
placed turned a quarter on the sheet.
"""

from __future__ import annotations

from dataclasses import dataclass

from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.geometry import Matrix, apply, compose, rotate, scale, translate
from flashgen.load.presets import CardSize, Sheet

MARK_GAP_MM = 1.0  # between a card edge and its cut mark
MARK_LENGTH_MM = 3.0
MARK_ZONE_MM = MARK_GAP_MM + MARK_LENGTH_MM
FLIPS = ("long", "short")


@dataclass(frozen=True)
class Placement:
    """A card on a sheet: maps card trim space (mm, y up) to sheet space (mm, y up)."""

    matrix: Matrix

    def box(self, width: float, height: float) -> tuple[float, float, float, float]:
        """(left, bottom, right, top) of the card's trim on the sheet."""
        corners = [apply(self.matrix, u, v) for u, v in ((0, 0), (width, 0), (0, height), (width, height))]
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        return min(xs), min(ys), max(xs), max(ys)


@dataclass(frozen=True)
class SheetPlan:
    """How one sheet of cards is laid out."""

    sheet: Sheet
    card: CardSize
    columns: int
    rows: int
    rotated: bool
    scale: float
    gutter_mm: float
    margin_mm: float
    fronts: tuple[Placement, ...]  # row by row from the top left

    @property
    def per_sheet(self) -> int:
        return len(self.fronts)

    @property
    def trim(self) -> tuple[float, float]:
        assert self.card.trim_mm is not None
        return self.card.trim_mm

    def boxes(self) -> list[tuple[float, float, float, float]]:
        return [placement.box(*self.trim) for placement in self.fronts]

    def backs(self, flip: str, offset_mm: tuple[float, float] = (0.0, 0.0)) -> tuple[Placement, ...]:
        """Where the back of each front slot goes on the back page.

        ``offset_mm`` (x right, y up, as seen on the back page) corrects a
        printer that shifts the back side (measured with the calibration sheet).
        """
        sheet_flip = flip_matrix(self.sheet, flip)
        card_turn = compose(translate(self.trim[0], 0.0), scale(-1.0, 1.0))
        shift = translate(*offset_mm)
        return tuple(Placement(compose(shift, sheet_flip, front.matrix, card_turn)) for front in self.fronts)

    def cut_marks(self) -> list[tuple[float, float, float, float]]:
        """Short lines (x1, y1, x2, y2) extending every card edge beyond the grid."""
        boxes = self.boxes()
        left, bottom = min(b[0] for b in boxes), min(b[1] for b in boxes)
        right, top = max(b[2] for b in boxes), max(b[3] for b in boxes)
        xs = sorted({round(v, 6) for b in boxes for v in (b[0], b[2])})
        ys = sorted({round(v, 6) for b in boxes for v in (b[1], b[3])})
        marks = []
        for x in xs:
            marks.append((x, top + MARK_GAP_MM, x, top + MARK_ZONE_MM))
            marks.append((x, bottom - MARK_GAP_MM, x, bottom - MARK_ZONE_MM))
        for y in ys:
            marks.append((left - MARK_GAP_MM, y, left - MARK_ZONE_MM, y))
            marks.append((right + MARK_GAP_MM, y, right + MARK_ZONE_MM, y))
        return marks


def flip_matrix(sheet: Sheet, flip: str) -> Matrix:
    """The sheet turned over along its long (x → W − x) or short (y → H − y) edge."""
    if flip == "long":
        return compose(translate(sheet.width_mm, 0.0), scale(-1.0, 1.0))
    if flip == "short":
        return compose(translate(0.0, sheet.height_mm), scale(1.0, -1.0))
    raise FlashgenError(
        _("unknown duplex flip '{flip}'; choose 'long' (most printers) or 'short'.").format(flip=flip), code="print-option"
    )


def _fit(cell: tuple[float, float], grid: tuple[int, int], room: tuple[float, float], gutter: float) -> float:
    """The largest scale (at most 1) at which the grid of cells fits the room."""
    columns, rows = grid
    across = (room[0] - (columns - 1) * gutter) / (columns * cell[0])
    down = (room[1] - (rows - 1) * gutter) / (rows * cell[1])
    return min(1.0, across, down)


def plan_sheet(card: CardSize, sheet: Sheet, grid: tuple[int, int], gutter_mm: float = 0.0, margin_mm: float = 5.0) -> SheetPlan:
    """Lay out ``grid`` cards centred on ``sheet``, inside its printable area.

    The printable area is the sheet less ``margin_mm`` on every side (office
    printers cannot print to the edge), less room for the cut marks. Cards are
    turned a quarter if that lets them be printed larger.
    """
    if card.trim_mm is None:
        raise FlashgenError(
            _("'{name}' is a screen size; choose a print card size for printed decks.").format(name=card.name),
            code="print-option",
        )
    if gutter_mm < 0 or margin_mm < 0:
        raise FlashgenError(_("the gutter and the margin cannot be negative."), code="print-option")
    width, height = card.trim_mm
    room = (sheet.width_mm - 2 * (margin_mm + MARK_ZONE_MM), sheet.height_mm - 2 * (margin_mm + MARK_ZONE_MM))
    upright = _fit((width, height), grid, room, gutter_mm)
    turned = _fit((height, width), grid, room, gutter_mm)
    rotated = turned > upright + 1e-9
    factor = turned if rotated else upright
    if factor <= 0:
        raise FlashgenError(
            _("{columns} × {rows} '{name}' cards do not fit on {sheet} with these margins.").format(
                columns=grid[0], rows=grid[1], name=card.name, sheet=_(sheet.label)
            ),
            code="print-option",
        )
    cell = ((height, width) if rotated else (width, height))
    cell = (cell[0] * factor, cell[1] * factor)
    columns, rows = grid
    grid_width = columns * cell[0] + (columns - 1) * gutter_mm
    grid_height = rows * cell[1] + (rows - 1) * gutter_mm
    left = (sheet.width_mm - grid_width) / 2
    top = (sheet.height_mm + grid_height) / 2
    fronts = []
    for row in range(rows):
        for column in range(columns):
            x = left + column * (cell[0] + gutter_mm)
            y = top - (row + 1) * cell[1] - row * gutter_mm
            if rotated:
                # Turned a quarter counter-clockwise: the card's width runs up the sheet.
                matrix = compose(translate(x + cell[0], y), rotate(90), scale(factor))
            else:
                matrix = compose(translate(x, y), scale(factor))
            fronts.append(Placement(matrix))
    return SheetPlan(
        sheet=sheet, card=card, columns=columns, rows=rows, rotated=rotated, scale=factor,
        gutter_mm=gutter_mm, margin_mm=margin_mm, fronts=tuple(fronts),
    )
