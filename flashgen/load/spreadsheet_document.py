"""A ``Workbook`` (spreadsheet.py) in, the document the content reader validates out.

The result is the same tree of ``MarkedDict``/``MarkedList`` that a content YAML
file gives (campaign, source, compare, glossary, messages, items), so that
content.py validates a spreadsheet with exactly the checks of a YAML file; its
"line numbers" are ``CellPlace``s, which content.py prints as the sheet, row and
column. The names of sheets, columns and campaign fields are data
(data/spreadsheet.yaml), matched ignoring case, extra spaces and Unicode form.

Layout (content/README.md): the items sheet has a header row naming each column's
field, then one row per item; the campaign sheet has a field name in column A and
its value in column B (a list field: one entry per row). A CSV file has one sheet:
its campaign rows come first, up to the first empty row, then the items.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.resources import DATA_DIR
from flashgen.load.spreadsheet import CellPlace, EmbeddedPicture, Sheet, Workbook
from flashgen.load.wording import wording
from flashgen.load.yamlfile import MarkedDict, MarkedList, read_yaml

SPREADSHEET_WORDS = DATA_DIR / "spreadsheet.yaml"
WHOLE_NUMBER_FIELDS = ("number", "campaign.year")  # read as numbers, as YAML reads "number: 3"
MAX_TITLE_ROWS = 5  # rows of titles above the header row of the items sheet, at most
MAX_DIGITS = 9  # no item number or year is longer; a longer one stays text and is refused by content.py


def name_key(name: str) -> str:
    """A sheet, column or field name as it is matched: NFC, lower case, single spaces."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", name)).strip().casefold()


@dataclass(frozen=True)
class SheetWords:
    """data/spreadsheet.yaml: every accepted name → what it stands for (keys are ``name_key``s)."""

    items_sheets: frozenset[str]
    campaign_sheets: frozenset[str]
    instruction_sheets: frozenset[str]
    columns: dict[str, str]  # header → item field
    item_kinds: dict[str, str]  # word in the kind column → kind
    source_kinds: dict[str, str]  # word in source.kind → source kind
    fields: dict[str, str]  # campaign sheet name → dotted field ("campaign.title", "messages")
    list_fields: frozenset[str]


def _names(table: dict[str, list[str]]) -> dict[str, str]:
    """Each name of ``table`` (and each key itself) → its key."""
    found = {name_key(key): key for key in table}
    for key, names in table.items():
        found.update({name_key(name): key for name in names})
    return found


@cache
def sheet_words() -> SheetWords:
    """The bundled names (read once)."""
    data = read_yaml(SPREADSHEET_WORDS)
    sheets = data["sheets"]
    source_kinds = {name_key(name): name for name in wording().source_kinds}
    source_kinds.update({name_key(kind.name): name for name, kind in wording().source_kinds.items()})
    return SheetWords(
        items_sheets=frozenset(map(name_key, sheets["items"])),
        campaign_sheets=frozenset(map(name_key, sheets["campaign"])),
        instruction_sheets=frozenset(map(name_key, sheets["instructions"])),
        columns=_names(data["columns"]),
        item_kinds=_names(data["item_kinds"]),
        source_kinds=source_kinds,
        fields=_names(data["fields"]),
        list_fields=frozenset(data["list_fields"]),
    )


def sheet_document(workbook: Workbook) -> MarkedDict:
    """The content document the workbook holds (see the module's docstring for the layout);
    a mistake in the sheets' layout is a ``FlashgenError`` naming the file, sheet and row."""
    words = sheet_words()
    items_sheet, campaign_sheet = _choose_sheets(workbook, words)
    try:
        return _document(workbook, items_sheet, campaign_sheet, words)
    except FlashgenError as problem:  # the places below name the sheet and row: the file goes first
        raise FlashgenError(f"{workbook.path}, {problem.message}", code=problem.code) from None


def _document(workbook: Workbook, items_sheet: Sheet, campaign_sheet: Sheet | None, words: SheetWords) -> MarkedDict:
    first_item_row = 1
    campaign_rows: list[int] = []
    if campaign_sheet is None and workbook.csv:
        campaign_rows = _campaign_block(items_sheet, words)
        first_item_row = campaign_rows[-1] + 1 if campaign_rows else 1
    elif campaign_sheet is not None:
        campaign_rows = sorted(campaign_sheet.cells)
    document = _marked_dict(CellPlace(1, (campaign_sheet or items_sheet).name))
    document.warnings = []  # type: ignore[attr-defined]  # names in the campaign rows that are no field
    _campaign_fields(document, campaign_sheet or items_sheet, campaign_rows, words)
    document.warnings = [f"{workbook.path}, {warning}" for warning in document.warnings]  # type: ignore[attr-defined]
    document.notes = workbook.notes  # a CSV file read from an old Vietnamese encoding
    items = _items(items_sheet, first_item_row, words)
    _put(document, "items", items, items.line)
    return document


def _choose_sheets(workbook: Workbook, words: SheetWords) -> tuple[Sheet, Sheet | None]:
    """(items sheet, campaign sheet or None): by name, else the first sheet that is not the campaign's."""
    named = {name_key(sheet.name): sheet for sheet in reversed(workbook.sheets)}
    campaign = next((named[n] for n in named if n in words.campaign_sheets), None)
    items = next((named[n] for n in named if n in words.items_sheets), None)
    if items is None:
        skipped = words.campaign_sheets | words.instruction_sheets
        items = next((sheet for sheet in workbook.sheets if name_key(sheet.name) not in skipped), None)
    if items is None:
        raise FlashgenError(
            _("{file}: no sheet of items found. Name the sheet that holds one row per item '{name}'.").format(
                file=workbook.path, name="Nội dung"),
            code="sheet-no-items",
        )
    return items, campaign


def _campaign_block(sheet: Sheet, words: SheetWords) -> list[int]:
    """The rows at the top of a CSV file that hold campaign fields: from row 1 to the first empty row,
    when row 1 starts with a campaign field name."""
    rows: list[int] = []
    row = 1
    while sheet.row(row):
        first = sheet.row(row).get(min(sheet.row(row)), "")
        if not rows and name_key(first) not in words.fields:
            return []
        rows.append(row)
        row += 1
    return rows


def _marked_dict(place: CellPlace) -> MarkedDict:
    block = MarkedDict()
    block.line, block.key_lines = place, {}
    return block


def _marked_list(place: CellPlace) -> MarkedList:
    entries = MarkedList()
    entries.line, entries.item_lines = place, []
    return entries


def _put(block: MarkedDict, key: str, value: Any, place: CellPlace) -> None:
    block[key] = value
    block.key_lines[key] = place


def _campaign_fields(document: MarkedDict, sheet: Sheet, rows: list[int], words: SheetWords) -> None:
    """The campaign rows (name, value …) put into the document's sections, as YAML would have them."""
    _put(document, "campaign", _marked_dict(CellPlace(rows[0] if rows else 1, sheet.name)), CellPlace(1, sheet.name))
    for row in rows:
        cells = sheet.row(row)
        first = min(cells)
        name = cells[first]
        values = [(column, cells[column]) for column in sorted(cells) if column > first]
        place = CellPlace(row, sheet.name)  # the reader adds the section and field the row's name stands for
        field = words.fields.get(name_key(name))
        if field is None:
            document.warnings.append(_(  # type: ignore[attr-defined]
                "{place}: unknown field '{name}' is ignored (the names of the campaign rows, such as 'Tên chiến "
                "dịch', 'Năm', 'Thông điệp', are listed in content/README.md).").format(place=place.describe(), name=name))
            continue
        section, _dot, key = field.rpartition(".")
        block = document
        if section:
            if section not in document:
                _put(document, section, _marked_dict(place), place)
            block = document[section]
        if field in words.list_fields:
            _list_entries(block, key, values, row, sheet.name)
        else:
            _single_value(block, key, field, values, place, words)


def _single_value(block: MarkedDict, key: str, field: str, values: list[tuple[int, str]], place: CellPlace,
                  words: SheetWords) -> None:
    if key in block:
        raise FlashgenError(
            _("{place}: the field '{field}' is given twice; keep one row for it.").format(place=place.describe(), field=field),
            code="sheet-duplicate-field",
        )
    if len(values) > 1:
        raise FlashgenError(
            _("{place}: the field '{field}' takes one value (in the next cell), not {count}.").format(
                place=place.describe(), field=field, count=len(values)),
            code="sheet-many-values",
        )
    text = values[0][1] if values else ""
    if field in WHOLE_NUMBER_FIELDS:
        value: Any = _whole_number(text)
    elif field == "campaign.kind":
        value = words.item_kinds.get(name_key(text), text)
    elif field == "source.kind":
        value = words.source_kinds.get(name_key(text), text)
    else:
        value = text
    if values:
        _put(block, key, value, place)


def _list_entries(block: MarkedDict, key: str, values: list[tuple[int, str]], row: int, sheet: str) -> None:
    if key not in block:
        _put(block, key, _marked_list(CellPlace(row, sheet)), CellPlace(row, sheet))
    entries = block[key]
    for _column, text in values:
        entries.append(text)
        entries.item_lines.append(CellPlace(row, sheet))


def _whole_number(text: str) -> Any:
    """A whole number as YAML would read it ("3" → 3); anything else stays text for content.py to refuse."""
    stripped = text.strip()
    return int(stripped) if stripped.isascii() and stripped.isdigit() and len(stripped) <= MAX_DIGITS else text


def _items(sheet: Sheet, first_row: int, words: SheetWords) -> MarkedList:
    """One block per row under the header row, keyed by the fields the headers name."""
    rows = [row for row in sorted(sheet.cells) if row >= first_row]
    if not rows:
        return _marked_list(CellPlace(first_row, sheet.name))
    # The header row: the first that names a known column. A title above it ("DANH SÁCH …", common on the
    # first rows of a Vietnamese sheet) is not an item.
    header_row = next((row for row in rows[:MAX_TITLE_ROWS + 1]
                       if any(name_key(text) in words.columns for text in sheet.row(row).values())), rows[0])
    item_rows = [row for row in rows if row > header_row]
    columns = _columns(sheet, header_row, words)
    items = _marked_list(CellPlace(header_row, sheet.name))
    for row in item_rows:
        items.append(_item(sheet, row, columns, words))
        items.item_lines.append(CellPlace(row, sheet.name))
    _check_pictures(sheet, header_row, set(item_rows))
    return items


def _columns(sheet: Sheet, row: int, words: SheetWords) -> dict[int, tuple[str, str]]:
    """Column → (field, header as written); a header no field has stays as written (content.py warns)."""
    columns: dict[int, tuple[str, str]] = {}
    seen: dict[str, str] = {}
    for column, header in sorted(sheet.row(row).items()):
        field = words.columns.get(name_key(header), header.strip())
        if field in seen:
            raise FlashgenError(
                _("{place}: the columns '{first}' and '{second}' are both the field '{field}'; keep one.").format(
                    place=CellPlace(row, sheet.name).describe(), first=seen[field], second=header, field=field),
                code="sheet-duplicate-column",
            )
        seen[field] = header
        columns[column] = (field, header)
    return columns


def _item(sheet: Sheet, row: int, columns: dict[int, tuple[str, str]], words: SheetWords) -> MarkedDict:
    block = _marked_dict(CellPlace(row, sheet.name))
    block.columns = {field: header for field, header in columns.values()}  # type: ignore[attr-defined]
    for column, text in sorted(sheet.row(row).items()):
        if column not in columns:
            raise _unnamed(sheet, row, column)
        field, header = columns[column]
        place = CellPlace(row, sheet.name, header)
        value: Any = text
        if field == "number":
            value = _whole_number(text)
        elif field == "kind":
            value = words.item_kinds.get(name_key(text), text)
        _put(block, field, value, place)
    pictures = sheet.pictures.get(row, ())
    if pictures:
        place = CellPlace(row, sheet.name, block.columns.get("image", ""))  # type: ignore[attr-defined]
        if len(pictures) > 1 or "image" in block:
            raise FlashgenError(
                _("{place}: this row holds more than one picture (embedded pictures, or a picture and a file name in "
                  "the picture column); an item has one.").format(place=place.describe()),
                code="sheet-many-pictures",
            )
        _put(block, "image", EmbeddedPicture(pictures[0]), place)
    return block


def _unnamed(sheet: Sheet, row: int, column: int) -> FlashgenError:
    return FlashgenError(
        _("{place}: column {column} has no name in the header row; write the field's name above it (e.g. "
          "'Tiêu đề') or empty the column.").format(place=CellPlace(row, sheet.name).describe(), column=column),
        code="sheet-unnamed-column",
    )


def _check_pictures(sheet: Sheet, header_row: int, item_rows: set[int]) -> None:
    """A picture must sit in an item's row: one in another row would be lost without a word."""
    for row in sorted(sheet.pictures):
        if row not in item_rows:
            raise FlashgenError(
                _("{place}: a picture is anchored in this row, which holds no item. Move the picture into the row "
                  "of its item (Excel: right-click → Format Picture → Move and size with cells).").format(
                    place=CellPlace(row, sheet.name).describe()),
                code="sheet-stray-picture",
            )
