"""Read one spreadsheet file into a ``Workbook`` (spreadsheet.py): .xlsx, .ods or .csv.

Takes a path and the ``Limits``; returns every sheet's non-empty cells as the text
the user sees, and the pictures anchored in each row.

- .xlsx: openpyxl (MIT), which gives each cell's value with its number format
  (turned into the text Excel shows by spreadsheet_numbers.py) and the pictures
  with the cell they are anchored to. Cells are read from the sheet's own sparse
  table, so a stray cell at row 1,048,576 costs nothing.
- .ods: the document's content.xml parsed with lxml (no entities, no network):
  each cell's <text:p> already holds the text LibreOffice shows, numbers formatted.
  Repeated empty rows and columns (LibreOffice writes thousands) are skipped
  without being expanded.
- .csv: UTF-8 with or without a byte order mark (Excel's "CSV UTF-8"), separated
  by commas, semicolons or tabs (whichever the first line uses); text as typed.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.files import read_input_file
from flashgen.load.legacy import decoded_legacy_file
from flashgen.load.limits import Limits
from flashgen.load.spreadsheet import (
    Sheet,
    Workbook,
    check_unpacked_size,
    max_spreadsheet_bytes,
)
from flashgen.load.spreadsheet_numbers import displayed

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
MAX_REPEATED_CELLS = 1_000  # a non-empty cell repeated more often than this is a mistake, not content


def read_workbook(path: Path, limits: Limits = Limits()) -> Workbook:
    """The workbook at ``path`` (by its extension); ``FlashgenError`` naming the file if it cannot be read."""
    readers = {".xlsx": read_xlsx, ".ods": read_ods, ".csv": read_csv, ".tsv": read_csv}
    return readers[path.suffix.lower()](path, limits)


def read_file(path: Path, most: int, limits: Limits) -> bytes:
    """The file's bytes, with flashgen's usual messages for a missing, unreadable or too large file."""
    def too_large(size: int) -> str:
        found = _("{size:,} bytes").format(size=size)
        name = "max_template_bytes" if most == limits.max_template_bytes else "max_content_bytes"
        return _("{file}: the file is too large: {problem}.").format(file=path, problem=limits.exceeded(name, found))
    try:
        return read_input_file(path, most, too_large)
    except FileNotFoundError:
        raise FlashgenError(_("{file}: file not found.").format(file=path), code="file-not-found") from None
    except OSError as exc:
        raise FlashgenError(
            _("{file}: cannot read the file ({reason}).").format(file=path, reason=exc.strerror), code="sheet-unreadable"
        ) from None


def _not_a_workbook(path: Path, kind: str) -> FlashgenError:
    return FlashgenError(
        _("{file}: this is not a {kind} workbook, or it is damaged. Open it in Excel or LibreOffice and save it "
          "again as {kind}.").format(file=path, kind=kind),
        code="sheet-damaged",
    )


def _archive(path: Path, data: bytes, kind: str, limits: Limits) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise _not_a_workbook(path, kind) from None
    check_unpacked_size(path, archive, len(data), limits)
    return archive


def read_xlsx(path: Path, limits: Limits) -> Workbook:
    """An Excel workbook: each cell shown as Excel shows it, the pictures by the row they are anchored in."""
    import openpyxl

    data = read_file(path, max_spreadsheet_bytes(limits), limits)
    _archive(path, data, ".xlsx", limits).close()
    try:
        with warnings.catch_warnings():  # "Data Validation extension is not supported" …: nothing flashgen reads
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # openpyxl raises many kinds (KeyError, XML errors …) on a damaged file
        raise _not_a_workbook(path, ".xlsx") from None
    return Workbook(path, tuple(_xlsx_sheet(path, sheet) for sheet in book.worksheets))


def _xlsx_sheet(path: Path, sheet: Any) -> Sheet:
    cells: dict[int, dict[int, str]] = {}
    for (row, column), cell in sorted(sheet._cells.items()):
        if cell.data_type == "e":  # #VALUE!, #REF! …: also what a picture placed *in* a cell (Excel 365) reads as
            raise _cell_error(path, sheet.title, cell.coordinate, str(cell.value))
        text = displayed(cell.value, cell.number_format or "General")
        if text.strip():
            cells.setdefault(row, {})[column] = text
    pictures: dict[int, list[bytes]] = {}
    for image in sheet._images:
        start = getattr(image.anchor, "_from", None)  # an absolute anchor belongs to no row
        if start is not None:
            pictures.setdefault(start.row + 1, []).append(image._data())
    return Sheet(sheet.title, cells, {row: tuple(found) for row, found in pictures.items()})


def _cell_error(path: Path, sheet: str, cell: str, shown: str) -> FlashgenError:
    return FlashgenError(
        _("{file}, sheet '{sheet}', cell {cell}: the cell shows the error {error}. Correct its formula, or type the "
          "text itself. A picture placed in a cell (Excel: Place in Cell) is not read: use Place over Cells, with the "
          "picture inside the item's row.").format(file=path, sheet=sheet, cell=cell, error=shown),
        code="sheet-cell-error",
    )


def read_ods(path: Path, limits: Limits) -> Workbook:
    """A LibreOffice (OpenDocument) spreadsheet: each cell's displayed text, its pictures by row."""
    data = read_file(path, max_spreadsheet_bytes(limits), limits)
    archive = _archive(path, data, ".ods", limits)
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
        root = etree.fromstring(archive.read("content.xml"), parser)
    except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile, ValueError, OSError):
        raise _not_a_workbook(path, ".ods") from None
    return Workbook(path, tuple(_ods_sheet(table, archive) for table in root.iter(f"{_TABLE}table")))


def _ods_sheet(table: etree._Element, archive: zipfile.ZipFile) -> Sheet:
    cells: dict[int, dict[int, str]] = {}
    pictures: dict[int, tuple[bytes, ...]] = {}
    row = 0
    for element in table.iter(f"{_TABLE}table-row"):
        repeat = _repeat(element, "number-rows-repeated")
        found, images = _ods_row(element, archive)
        if found or images:
            for offset in range(min(repeat, MAX_REPEATED_CELLS)):
                cells[row + 1 + offset] = dict(found)
            if images:
                pictures[row + 1] = images
        row += repeat
    return Sheet(str(table.get(f"{_TABLE}name", "")), {r: c for r, c in cells.items() if c}, pictures)


def _ods_row(element: etree._Element, archive: zipfile.ZipFile) -> tuple[dict[int, str], tuple[bytes, ...]]:
    cells: dict[int, str] = {}
    images: list[bytes] = []
    column = 0
    for cell in element:
        if cell.tag not in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"):
            continue
        repeat = _repeat(cell, "number-columns-repeated")
        text = "\n".join(_ods_text(paragraph) for paragraph in cell.iter(f"{_TEXT}p") if not _in_frame(paragraph, cell))
        if text.strip():
            for offset in range(min(repeat, MAX_REPEATED_CELLS)):
                cells[column + 1 + offset] = text
        images += _ods_images(cell, archive)
        column += repeat
    return cells, tuple(images)


def _repeat(element: etree._Element, name: str) -> int:
    try:
        return max(1, int(element.get(f"{_TABLE}{name}", "1")))
    except ValueError:
        return 1


def _in_frame(paragraph: etree._Element, cell: etree._Element) -> bool:
    """Whether a paragraph belongs to a picture's frame (its caption) rather than to the cell."""
    parent = paragraph.getparent()
    while parent is not None and parent is not cell:
        if parent.tag == f"{_DRAW}frame":
            return True
        parent = parent.getparent()
    return False


def _ods_text(element: etree._Element) -> str:
    """The text of a <text:p>, its spaces (<text:s text:c="3"/>), tabs and line breaks written out."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{_TEXT}s":
            parts.append(" " * min(_repeat_text(child), MAX_REPEATED_CELLS))
        elif child.tag == f"{_TEXT}tab":
            parts.append("\t")
        elif child.tag == f"{_TEXT}line-break":
            parts.append("\n")
        elif not str(child.tag).startswith(_DRAW):
            parts.append(_ods_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _repeat_text(element: etree._Element) -> int:
    try:
        return max(1, int(element.get(f"{_TEXT}c", "1")))
    except ValueError:
        return 1


def _ods_images(cell: etree._Element, archive: zipfile.ZipFile) -> list[bytes]:
    """The pictures anchored in the cell, read from inside the file (links to other files are not followed)."""
    found = []
    for image in cell.iter(f"{_DRAW}image"):
        href = image.get(_XLINK_HREF, "")
        if href and "://" not in href and not href.startswith(("/", "..")):
            try:
                found.append(archive.read(href.removeprefix("./")))
            except (KeyError, zipfile.BadZipFile, ValueError, OSError):
                continue
    return found


def read_csv(path: Path, limits: Limits) -> Workbook:
    """A CSV file (UTF-8, with or without BOM) as one sheet named after the file."""
    raw = read_file(path, limits.max_content_bytes, limits)
    text, notes = _csv_text(path, raw)
    rows: dict[int, dict[int, str]] = {}
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        for number, row in enumerate(reader, start=1):
            found = {column: cell for column, cell in enumerate(row, start=1) if cell.strip()}
            if found:
                rows[number] = found  # the row a spreadsheet program shows, even if a cell spans lines
    except csv.Error as exc:
        raise FlashgenError(
            _("{file}, row {row}: the CSV file cannot be read ({reason}). Open it in a spreadsheet program and save "
              "it again as CSV UTF-8.").format(file=path, row=reader.line_num, reason=exc),
            code="sheet-csv-damaged",
        ) from None
    return Workbook(path, (Sheet(path.stem, rows),), csv=True, notes=notes)


def _csv_text(path: Path, raw: bytes) -> tuple[str, tuple[str, ...]]:
    """The text of a CSV file and warnings about it: UTF-8, or TCVN3/VNI/VISCII bytes converted (legacy.py)."""
    try:
        return raw.decode("utf-8-sig"), ()
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
    converted = decoded_legacy_file(path, raw)
    if converted is not None:
        return converted[0], (converted[1],)
    raise FlashgenError(
        _("{file}, line {line}: the file is not UTF-8 text. In Excel save it with Save as → \"CSV UTF-8 (Comma "
          "delimited)\"; in LibreOffice choose the character set \"Unicode (UTF-8)\"; or save it as .xlsx.").format(
            file=path, line=line),
        code="sheet-csv-encoding",
    )


def _delimiter(text: str) -> str:
    """The separator the first line uses most, outside quotes: ',' (most programs), ';' or a tab."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    outside = "".join(part for index, part in enumerate(first.split('"')) if index % 2 == 0)
    counts = {separator: outside.count(separator) for separator in (",", ";", "\t")}
    best = max(counts, key=lambda separator: counts[separator])
    return best if counts[best] else ","
