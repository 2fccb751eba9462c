"""Spreadsheets as content: which files are spreadsheets, what reading one gives, and where a cell is.

Takes a path (``.xlsx``, ``.ods``, ``.csv``) and the ``Limits``;
``spreadsheet_readers.read_workbook`` returns a ``Workbook``: its sheets in order, each sheet's non-empty cells as the
text the user sees (spreadsheet_numbers.py) and the pictures anchored in each
row. spreadsheet_readers.py reads each format; spreadsheet_document.py turns a
workbook into the document the content reader (content.py) validates, its
places (``CellPlace``) printed "sheet 'Nội dung', row 5, column 'Tiêu đề'".
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from flashgen.errors import FlashgenError
from flashgen.i18n import _, grouped
from flashgen.load.limits import Limits

SPREADSHEET_SUFFIXES = (".xlsx", ".ods", ".csv", ".tsv")  # .tsv: a CSV file separated by tabs
# Unpacked, the XML of a workbook is many times the file: a ratio beyond any real workbook refuses
# a "zip bomb" (a small file that unpacks to gigabytes) before it is unpacked.
MAX_UNPACKED_RATIO = 20


def is_spreadsheet(path: Path) -> bool:
    """Whether ``path`` is read as a spreadsheet (by its extension) rather than as YAML."""
    return path.suffix.lower() in SPREADSHEET_SUFFIXES


@dataclass(frozen=True)
class Sheet:
    """One sheet: ``cells[row][column]`` (both from 1) is the text a non-empty cell shows;
    ``pictures[row]`` the images anchored in that row (their bytes, PNG or JPEG …)."""

    name: str
    cells: dict[int, dict[int, str]]
    pictures: dict[int, tuple[bytes, ...]] = field(default_factory=dict)

    def row(self, number: int) -> dict[int, str]:
        return self.cells.get(number, {})


@dataclass(frozen=True)
class Workbook:
    path: Path
    sheets: tuple[Sheet, ...]
    csv: bool = False  # one sheet, with its campaign rows above the items
    notes: tuple[str, ...] = ()  # warnings about the whole file: read from an old Vietnamese encoding (legacy.py)


class CellPlace(int):
    """A row number (an ``int``, so it can stand where a YAML line number stands) that prints as the
    sheet, row and column it is: "sheet 'Nội dung', row 5, column 'Tiêu đề'"."""

    sheet: str = ""
    column: str = ""

    def __new__(cls, row: int, sheet: str, column: str = "") -> CellPlace:
        place = super().__new__(cls, row)
        place.sheet, place.column = sheet, column
        return place

    def __reduce__(self) -> tuple[type, tuple[int, str, str]]:
        return (CellPlace, (int(self), self.sheet, self.column))

    def describe(self) -> str:
        """Where the cell is, in the user's language."""
        if self.column:
            return _("sheet '{sheet}', row {row}, column '{column}'").format(sheet=self.sheet, row=int(self), column=self.column)
        return _("sheet '{sheet}', row {row}").format(sheet=self.sheet, row=int(self))


@dataclass(frozen=True)
class EmbeddedPicture:
    """A picture stored in the workbook, anchored in an item's row: the value of that item's 'image'."""

    data: bytes


def max_spreadsheet_bytes(limits: Limits) -> int:
    """The largest workbook file read: a content file's size, or a template's when it holds pictures."""
    return max(limits.max_content_bytes, limits.max_template_bytes)


def check_unpacked_size(path: Path, archive: zipfile.ZipFile, packed: int, limits: Limits) -> None:
    """Refuse a workbook whose parts unpack to far more than any real workbook."""
    unpacked = sum(info.file_size for info in archive.infolist())
    most = max(packed, limits.max_content_bytes) * MAX_UNPACKED_RATIO
    if unpacked > most:
        raise FlashgenError(
            _("{file}: the workbook unpacks to {size} bytes, far more than a workbook of its size holds; "
              "it is damaged or not a real workbook. Open it in Excel or LibreOffice and save it again.").format(
                file=path, size=grouped(unpacked)),
            code="sheet-unpacked-size",
        )
