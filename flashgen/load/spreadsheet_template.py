"""A ready-to-fill workbook (.xlsx) for ``flashgen init --spreadsheet``.

Takes a bundled example campaign (a content YAML file) and a target path; writes
an .xlsx that flashgen reads back as the same campaign: a sheet of instructions in
Vietnamese, the items sheet ('Nội dung') with its header row (each header cell
carries a comment saying how to fill the column), a drop-down list for the kind
of each item, and the campaign sheet ('Chiến dịch'). Figures such as "1.141" are
typed as text, exactly as they are printed. The names and words come from
data/spreadsheet.yaml, so the reader and this writer always agree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flashgen.load.spreadsheet_document import SPREADSHEET_WORDS
from flashgen.load.wording import wording
from flashgen.load.yamlfile import read_yaml

SECTIONS = ("campaign", "source", "compare")
LIST_SECTIONS = ("glossary", "messages")
FILLED_ROWS = 500  # rows below the header that get the kind drop-down
KIND_ORDER = ("contrast", "statement", "figure")


def _first_names(table: dict[str, list[str]]) -> dict[str, str]:
    """Each key's first (Vietnamese) name."""
    return {key: names[0] for key, names in table.items()}


def write_template(example: Path, target: Path) -> Path:
    """Write the example campaign ``example`` as a ready-to-fill workbook at ``target``."""
    import openpyxl

    words = read_yaml(SPREADSHEET_WORDS)
    document = read_yaml(example)
    book = openpyxl.Workbook()
    guide = book.active
    guide.title = words["sheets"]["instructions"][0]
    for line in words["instructions"]:
        guide.append([line])
    guide.column_dimensions["A"].width = 110
    _items_sheet(book.create_sheet(words["sheets"]["items"][0]), document, words)
    _campaign_sheet(book.create_sheet(words["sheets"]["campaign"][0]), document, words)
    book.active = 1  # opens on the items
    book.save(target)
    return target


def _items_sheet(sheet: Any, document: Any, words: Any) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    kind = (document.get("campaign") or {}).get("kind", "contrast")
    present = {key for item in document["items"] for key in item} | {"number", "kind", "image"}
    fields = [field for field in words["columns"] if field in present]  # in the table's order; 'image' to fill
    names = _first_names(words["columns"])
    kind_words = _first_names(words["item_kinds"])
    sheet.append([names[field] for field in fields])
    for column, field in enumerate(fields, start=1):
        cell = sheet.cell(1, column)
        cell.font = Font(bold=True)
        cell.comment = Comment(words["column_notes"][field], "flashgen", width=320, height=110)
        sheet.column_dimensions[cell.column_letter].width = 12 if field in ("number", "kind") else 40
    for item in document["items"]:
        values = {**item, "kind": kind_words[item.get("kind", kind)]}
        sheet.append([values.get(field, "") for field in fields])
    choices = ",".join(kind_words[name] for name in KIND_ORDER)
    drop_down = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True, showDropDown=False,
                               error=f"Chọn một trong: {choices}", errorTitle="Loại mục", showErrorMessage=True)
    letter = sheet.cell(1, fields.index("kind") + 1).column_letter
    drop_down.add(f"{letter}2:{letter}{FILLED_ROWS + 1}")
    sheet.add_data_validation(drop_down)
    sheet.freeze_panes = "A2"


def _campaign_sheet(sheet: Any, document: Any, words: Any) -> None:
    from openpyxl.styles import Font

    names = _first_names(words["fields"])
    kind_words = _first_names(words["item_kinds"])
    for section in SECTIONS:
        for key, value in (document.get(section) or {}).items():
            field = f"{section}.{key}"
            if field == "campaign.kind":
                value = kind_words[value]
            elif field == "source.kind":
                value = wording().source_kinds[value].name  # "Bài phát biểu": the reader takes it back
            sheet.append([names[field], *(value if isinstance(value, list) else [value])])
    for key in LIST_SECTIONS:
        for entry in document.get(key) or []:
            sheet.append([names[key], entry])
    for row in sheet.iter_rows(max_col=1):
        row[0].font = Font(bold=True)
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 100
