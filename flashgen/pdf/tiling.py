"""Tiling: a big poster or banner PDF page in, the same page at full size spread over office sheets out.

``plan_tiles(poster_mm, sheet, rules)`` returns a ``TilePlan``: how many
sheets across and down, upright or turned (whichever needs fewer sheets), and
for each sheet (``Tile``) the part of the poster it carries and where that
part sits on the sheet. Neighbouring sheets share an overlap strip
(``rules.overlap_mm``): a sheet is cut along its left and top artwork edge and
laid over its neighbours up to their glue marks. Everything printed stays
inside the printer's printable area (``rules.printer_margin_mm``).

``tiled_pdf(poster, plan, fonts, info, …)`` draws the sheets: the poster page is
placed as one vector form XObject (clipped to each sheet's part, so text stays
vector and extractable), with cut marks, glue marks, the sheet's number and a
small map of the sheets with this one filled in. The rules and the words
printed come from flashgen/data/tiling.yaml (``load_rules``).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pikepdf
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.fonts import FontBook
from flashgen.load.presets import Sheet
from flashgen.load.resources import DATA_DIR
from flashgen.load.yamlfile import read_yaml
from flashgen.pdf.decks import PT, finish_pdf
from flashgen.pdf.kit import DocInfo, font_name, new_canvas

TILING_FILE = DATA_DIR / "tiling.yaml"
LENGTHS = ("printer_margin_mm", "overlap_mm", "mark_zone_mm", "mark_gap_mm", "mark_length_mm",
           "info_band_mm", "map_height_mm", "mark_width_pt")
WORDS = ("label", "summary", "steps")
LABEL_SIZE = 9.0  # pt: the sheet's number
NOTE_SIZES = (6.5, 6.0, 5.5, 5.0)  # pt: the lines under it, smaller only when they would not fit
LEADING = 1.3
POSTER_FORM = "/FlashgenPoster"  # the poster's form XObject on every sheet (the marks page draws no other)
NOTE_GREY = 0.25  # the notes' and marks' grey (0 = black): printed as grey, never as RGB black
MAP_GREY = 0.55

Box = tuple[float, float, float, float]  # left, bottom, right, top (mm, y up)
Segment = tuple[float, float, float, float]  # x1, y1, x2, y2 (mm, y up)


@dataclass(frozen=True)
class TilingRules:
    """flashgen/data/tiling.yaml, read."""

    sheets: tuple[str, ...]
    default_sheet: str
    printer_margin_mm: float
    overlap_mm: float
    mark_zone_mm: float
    mark_gap_mm: float
    mark_length_mm: float
    mark_width_pt: float
    info_band_mm: float
    map_height_mm: float
    label: str
    summary: str
    steps: str

    def room(self, paper: tuple[float, float]) -> tuple[float, float]:
        """The largest piece of poster a sheet of ``paper`` (mm) carries: printable area less the marks."""
        margin = self.printer_margin_mm
        return (paper[0] - 2 * (margin + self.mark_zone_mm),
                paper[1] - 2 * margin - self.mark_zone_mm - self.info_band_mm)


def _rules_problem(path: Path, detail: str) -> FlashgenError:
    return FlashgenError(_("{file}: {detail}").format(file=path, detail=detail), code="tiling-data")


def read_rules(path: Path = TILING_FILE) -> TilingRules:
    """The tiling rules of ``path``; ``FlashgenError`` (code ``tiling-data``) naming the key if one is wrong."""
    document = read_yaml(path)
    values: dict[str, object] = {}
    for key in LENGTHS:
        value = document.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 1000:
            raise _rules_problem(path, _("'{key}' must be a length between 0 and 1000.").format(key=key))
        values[key] = float(value)
    for key in WORDS:
        if not isinstance(document.get(key), str):
            raise _rules_problem(path, _("'{key}' must be text.").format(key=key))
        values[key] = document[key]
    sheets = document.get("sheets")
    if not isinstance(sheets, list) or not sheets or not all(isinstance(s, str) for s in sheets):
        raise _rules_problem(path, _("'sheets' must list paper names from sizes.yaml, e.g. [a4, a3]."))
    if document.get("default_sheet") not in sheets:
        raise _rules_problem(path, _("'default_sheet' must be one of 'sheets'."))
    return TilingRules(sheets=tuple(sheets), default_sheet=document["default_sheet"], **values)  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def load_rules() -> TilingRules:
    """The bundled rules (flashgen/data/tiling.yaml)."""
    return read_rules()


@dataclass(frozen=True)
class Tile:
    """One sheet: the part of the poster it carries (``source``, poster mm) and where it is on the sheet (``box``)."""

    number: int  # from 1, row by row from the top left
    row: int  # from 0, top row first
    column: int  # from 0, left column first
    source: Box
    box: Box

    @property
    def offset(self) -> tuple[float, float]:
        """What to add to a poster point (mm) to find it on this sheet."""
        return self.box[0] - self.source[0], self.box[1] - self.source[1]


@dataclass(frozen=True)
class TilePlan:
    """A poster over ``columns`` × ``rows`` sheets of ``paper_mm`` (as printed: turned when ``landscape``)."""

    poster_mm: tuple[float, float]
    sheet: Sheet
    landscape: bool
    columns: int
    rows: int
    overlap_mm: float
    tiles: tuple[Tile, ...]

    @property
    def paper_mm(self) -> tuple[float, float]:
        upright = (self.sheet.width_mm, self.sheet.height_mm)
        return (upright[1], upright[0]) if self.landscape else upright

    @property
    def count(self) -> int:
        return len(self.tiles)


def _pieces(length: float, room: float, overlap: float) -> int:
    """How few pieces of at most ``room`` cover ``length`` when neighbours share ``overlap``."""
    if length <= room:
        return 1
    return math.ceil((length - overlap) / (room - overlap) - 1e-9)


def _grid(poster: tuple[float, float], paper: tuple[float, float], rules: TilingRules) -> tuple[int, int] | None:
    room = rules.room(paper)
    if min(room) <= rules.overlap_mm:
        return None
    return _pieces(poster[0], room[0], rules.overlap_mm), _pieces(poster[1], room[1], rules.overlap_mm)


def plan_tiles(poster_mm: tuple[float, float], sheet: Sheet, rules: TilingRules) -> TilePlan:
    """The fewest sheets (upright or turned) that carry the poster at full size, each piece the same size."""
    if min(poster_mm) <= 0:
        raise FlashgenError(_("a poster to tile must have a size; this one is {width} × {height} mm.").format(
            width=f"{poster_mm[0]:g}", height=f"{poster_mm[1]:g}"), code="tile-size")
    upright = (sheet.width_mm, sheet.height_mm)
    choices = []
    for landscape, paper in ((False, upright), (True, (upright[1], upright[0]))):
        grid = _grid(poster_mm, paper, rules)
        if grid:
            choices.append((grid[0] * grid[1], landscape, paper, grid))
    if not choices:
        raise FlashgenError(_("{sheet} is too small for tiling with these margins (flashgen/data/tiling.yaml).").format(
            sheet=sheet.label), code="tile-sheet")
    _count, landscape, paper, (columns, rows) = min(choices, key=lambda c: (c[0], c[1]))
    overlap = rules.overlap_mm
    piece = ((poster_mm[0] + (columns - 1) * overlap) / columns if columns > 1 else poster_mm[0],
             (poster_mm[1] + (rows - 1) * overlap) / rows if rows > 1 else poster_mm[1])
    room = rules.room(paper)
    # The piece, its marks and the notes under it are centred on the sheet (inside the room: piece ≤ room).
    left = rules.printer_margin_mm + rules.mark_zone_mm + (room[0] - piece[0]) / 2
    top = (paper[1] + rules.mark_zone_mm + piece[1] + rules.info_band_mm) / 2 - rules.mark_zone_mm
    tiles = []
    for row in range(rows):
        for column in range(columns):
            x = column * (piece[0] - overlap)
            y_top = poster_mm[1] - row * (piece[1] - overlap)
            source = (x, y_top - piece[1], x + piece[0], y_top)
            box = (left, top - piece[1], left + piece[0], top)
            tiles.append(Tile(len(tiles) + 1, row, column, source, box))
    return TilePlan(poster_mm, sheet, landscape, columns, rows, overlap, tuple(tiles))


def cut_marks(tile: Tile, rules: TilingRules) -> list[Segment]:
    """Crop marks at the four corners of the piece, pointing outwards: where to cut."""
    left, bottom, right, top = tile.box
    near, far = rules.mark_gap_mm, rules.mark_gap_mm + rules.mark_length_mm
    marks = []
    for x in (left, right):
        marks += [(x, top + near, x, top + far), (x, bottom - near, x, bottom - far)]
    for y in (bottom, top):
        marks += [(left - near, y, left - far, y), (right + near, y, right + far, y)]
    return marks


def glue_marks(tile: Tile, plan: TilePlan, rules: TilingRules) -> list[Segment]:
    """Where the next sheet's cut edge goes: at the start of the overlap, right and bottom, when there is a next one."""
    left, bottom, right, top = tile.box
    near, far = rules.mark_gap_mm, rules.mark_gap_mm + rules.mark_length_mm
    marks = []
    if tile.column < plan.columns - 1:
        x = right - plan.overlap_mm
        marks += [(x, top + near, x, top + far), (x, bottom - near, x, bottom - far)]
    if tile.row < plan.rows - 1:
        y = bottom + plan.overlap_mm
        marks += [(left - near, y, left - far, y), (right + near, y, right + far, y)]
    return marks


def overlap_strips(tile: Tile, plan: TilePlan, rules: TilingRules) -> list[Box]:
    """Light bars in the mark zone beside the strips the next sheets cover (where the glue goes)."""
    left, bottom, right, top = tile.box
    near, far = rules.mark_gap_mm, rules.mark_gap_mm + rules.mark_length_mm / 2
    strips = []
    if tile.column < plan.columns - 1:
        x = right - plan.overlap_mm
        strips += [(x, top + near, right, top + far), (x, bottom - far, right, bottom - near)]
    if tile.row < plan.rows - 1:
        y = bottom + plan.overlap_mm
        strips += [(left - far, bottom, left - near, y), (right + near, bottom, right + far, y)]
    return strips


def _band_top(tile: Tile, rules: TilingRules) -> float:
    """The top of the notes and the map: under the piece's bottom marks."""
    return tile.box[1] - rules.mark_gap_mm - rules.mark_length_mm - 1.0


def map_cells(tile: Tile, plan: TilePlan, rules: TilingRules) -> list[tuple[Box, bool]]:
    """The map of the sheets at the bottom right of the info band: one cell per sheet, True for this one."""
    cell_height = rules.map_height_mm / plan.rows
    cell_width = cell_height * (tile.box[2] - tile.box[0]) / (tile.box[3] - tile.box[1])
    cell_width = min(cell_width, 2 * rules.map_height_mm / plan.columns)
    right = tile.box[2]
    bottom = _band_top(tile, rules) - rules.map_height_mm
    left = right - cell_width * plan.columns
    cells = []
    for other in plan.tiles:
        x = left + other.column * cell_width
        y = bottom + (plan.rows - 1 - other.row) * cell_height
        cells.append(((x, y, x + cell_width, y + cell_height), other.number == tile.number))
    return cells


@dataclass(frozen=True)
class SheetFaces:
    """The reportlab font names the notes are set in (registered: pdf.kit's ``Look`` or ``font_name``)."""

    regular: str
    bold: str


@dataclass(frozen=True)
class Notes:
    """The words under a sheet's piece: its number (bold), then the set and the steps at ``size``."""

    x: float  # mm: the left of the words
    top: float  # mm: the top of the first line
    label: str
    size: float  # pt: the notes' size, the largest of NOTE_SIZES that fits the band
    lines: tuple[str, ...]

    @property
    def bottom(self) -> float:
        """mm: the lowest point of the last line (its descenders)."""
        return self.top - (LABEL_SIZE + len(self.lines) * self.size * LEADING + self.size * 0.3) / PT


def note_lines(tile: Tile, plan: TilePlan, rules: TilingRules, faces: SheetFaces, poster_name: str) -> Notes:
    """The sheet's number and where it goes, what the set is and how to assemble it, fitted in the info band."""
    words = dict(number=tile.number, count=plan.count, row=tile.row + 1, rows=plan.rows, column=tile.column + 1,
                 columns=plan.columns, poster=poster_name, sheet=plan.sheet.name.upper(), overlap=f"{plan.overlap_mm:g}")
    x, top = tile.box[0], _band_top(tile, rules)
    width = (map_cells(tile, plan, rules)[0][0][0] - x - 3) * PT
    regular = faces.regular
    for size in NOTE_SIZES:
        lines = [*_wrapped(rules.summary.format(**words), regular, size, width),
                 *_wrapped(rules.steps, regular, size, width)]
        notes = Notes(x, top, rules.label.format(**words), size, tuple(lines))
        if notes.bottom >= rules.printer_margin_mm:
            break
    return notes


def _notes(canvas: Canvas, notes: Notes, faces: SheetFaces) -> None:
    canvas.setFillGray(0)
    canvas.setFont(faces.bold, LABEL_SIZE)
    canvas.drawString(notes.x * PT, notes.top * PT - LABEL_SIZE, notes.label)
    canvas.setFillGray(NOTE_GREY)
    canvas.setFont(faces.regular, notes.size)
    for index, line in enumerate(notes.lines):
        canvas.drawString(notes.x * PT, notes.top * PT - LABEL_SIZE - (index + 1) * notes.size * LEADING, line)


def _wrapped(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` in lines at most ``width`` points wide in ``font`` at ``size``, broken at spaces."""
    lines: list[str] = []
    for word in text.split():
        if lines and pdfmetrics.stringWidth(f"{lines[-1]} {word}", font, size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _draw_sheet(canvas: Canvas, tile: Tile, plan: TilePlan, rules: TilingRules, faces: SheetFaces, poster_name: str) -> None:
    canvas.setLineWidth(rules.mark_width_pt)
    canvas.setFillGray(0.85)
    for left, bottom, right, top in overlap_strips(tile, plan, rules):
        canvas.rect(left * PT, bottom * PT, (right - left) * PT, (top - bottom) * PT, stroke=0, fill=1)
    canvas.setStrokeGray(0)
    for x1, y1, x2, y2 in cut_marks(tile, rules):
        canvas.line(x1 * PT, y1 * PT, x2 * PT, y2 * PT)
    canvas.setDash(1.5, 1)
    for x1, y1, x2, y2 in glue_marks(tile, plan, rules):
        canvas.line(x1 * PT, y1 * PT, x2 * PT, y2 * PT)
    canvas.setDash()
    canvas.setStrokeGray(MAP_GREY)
    for (left, bottom, right, top), this in map_cells(tile, plan, rules):
        canvas.setFillGray(0.2 if this else 1.0)
        canvas.rect(left * PT, bottom * PT, (right - left) * PT, (top - bottom) * PT, stroke=1, fill=1)
    _notes(canvas, note_lines(tile, plan, rules, faces, poster_name), faces)


def _marks_pdf(plan: TilePlan, rules: TilingRules, fonts: FontBook, faces: SheetFaces, info: DocInfo, poster_name: str) -> bytes:
    """One page per sheet with its marks and notes only (the poster is put under them afterwards)."""
    buffer = io.BytesIO()
    paper = plan.paper_mm
    canvas = new_canvas(buffer, (paper[0] * PT, paper[1] * PT), info, fonts, initial_font=faces.regular)
    for tile in plan.tiles:
        _draw_sheet(canvas, tile, plan, rules, faces, poster_name)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _trim(page: pikepdf.Page) -> tuple[Box, float]:
    """A poster page's trim (TrimBox, else MediaBox) in its own units, and the size of a unit in points.

    A page wider than PDF's 200 inches (a 5 m banner) is written in larger units (/UserUnit).
    """
    box = [float(v) for v in (page.obj.get("/TrimBox") or page.MediaBox)]
    unit = float(page.obj.get("/UserUnit", 1))
    return (min(box[0], box[2]), min(box[1], box[3]), max(box[0], box[2]), max(box[1], box[3])), unit


def _poster_form(pdf: pikepdf.Pdf, poster: pikepdf.Pdf) -> tuple[pikepdf.Object, tuple[float, float]]:
    """The poster's first page as a form XObject of ``pdf``, and the corner (pt) of its trim in the form's space.

    The form's /Matrix (qpdf's) already scales a page's /UserUnit to points.
    """
    page = poster.pages[0]
    trim, unit = _trim(page)
    form = pdf.copy_foreign(pikepdf.Page(page).as_form_xobject())
    return form, (trim[0] * unit, trim[1] * unit)


def poster_size_mm(poster: bytes) -> tuple[float, float]:
    """The trimmed size (TrimBox, else MediaBox; in /UserUnit if it has one) of the first page of ``poster``, in mm."""
    with pikepdf.open(io.BytesIO(poster)) as pdf:
        page = pdf.pages[0]
        if int(page.obj.get("/Rotate", 0)) % 360:
            raise FlashgenError(_("the poster's page is turned (/Rotate): tiling takes upright pages only."),
                                code="tile-rotated")
        box, unit = _trim(page)
    return (box[2] - box[0]) * unit / PT, (box[3] - box[1]) * unit / PT


def tiled_pdf(
    poster: bytes, plan: TilePlan, fonts: FontBook, info: DocInfo, poster_name: str = "", faces: SheetFaces | None = None
) -> bytes:
    """The sheets of ``plan``: each carries its part of ``poster``'s first page, clipped, under its marks.

    The notes are set in ``faces`` (the theme's, as the poster), else in the bundled Be Vietnam Pro.
    """
    rules = load_rules()
    faces = faces or SheetFaces(font_name(fonts, 400), font_name(fonts, 700))
    marks = _marks_pdf(plan, rules, fonts, faces, info, poster_name or plan.sheet.name.upper())
    with pikepdf.open(io.BytesIO(marks)) as pdf, pikepdf.open(io.BytesIO(poster)) as source:
        form, corner = _poster_form(pdf, source)
        for tile, page in zip(plan.tiles, pdf.pages):
            # A fixed name (not pikepdf's random prefix): the same poster gives the same bytes every time.
            name = page.add_resource(form, pikepdf.Name.XObject, pikepdf.Name(POSTER_FORM))
            left, bottom, right, top = (v * PT for v in tile.box)
            dx, dy = (v * PT for v in tile.offset)
            ops = (f"q {left:.4f} {bottom:.4f} {right - left:.4f} {top - bottom:.4f} re W n "
                   f"1 0 0 1 {dx - corner[0]:.4f} {dy - corner[1]:.4f} cm {name} Do Q\n")
            page.contents_add(pdf.make_stream(ops.encode("ascii")), prepend=True)
        return finish_pdf(pdf, info, None)
