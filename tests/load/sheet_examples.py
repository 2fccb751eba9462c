"""Write a content YAML file as the spreadsheet a user would type: .xlsx (Vietnamese names, figures as
formatted numbers) or .csv (English field names, UTF-8 with a byte order mark, as Excel's "CSV UTF-8").

Used by the acceptance tests (each bundled campaign as a spreadsheet builds the same outputs) and
runnable to look at the files: ``python -m tests.load.sheet_examples OUT_FOLDER``.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path
from typing import Any

import openpyxl
import yaml

from flashgen.load.spreadsheet_document import sheet_words

SECTIONS = ("campaign", "source", "compare")
LISTS = ("glossary", "messages")


def _vietnamese(table: dict[str, str], field: str) -> str:
    """The first Vietnamese name data/spreadsheet.yaml gives ``field`` (the field itself if none)."""
    names = [name for name, key in table.items() if key == field and name != field.casefold()]
    return names[0] if names else field


def campaign_rows(document: dict[str, Any], vietnamese: bool) -> list[list[str | int]]:
    """The campaign sheet: one row per field (name, value), a row per entry of a list field."""
    fields = {key: value for key, value in sheet_words().fields.items()}
    names = {field: _vietnamese(fields, field) if vietnamese else field for field in set(fields.values())}
    rows: list[list[str | int]] = []
    for section in SECTIONS:
        for key, value in (document.get(section) or {}).items():
            field = f"{section}.{key}"
            if isinstance(value, list):
                rows.append([names[field], *value])  # hashtags: one row, an entry per cell
            else:
                rows.append([names[field], value])
    for key in LISTS:
        rows += [[names[key], entry] for entry in document.get(key) or []]
    return rows


def item_rows(document: dict[str, Any], vietnamese: bool) -> tuple[list[str], list[list[Any]]]:
    """The items sheet: the header row, then one row per item (empty cells where a field is absent)."""
    fields = list(dict.fromkeys(key for item in document["items"] for key in item))
    columns = sheet_words().columns
    header = [_vietnamese(columns, field) if vietnamese else field for field in fields]
    return header, [[item.get(field, "") for field in fields] for item in document["items"]]


def _number_cell(cell: openpyxl.cell.Cell, text: str) -> None:
    """A figure typed as a number with the format that shows it as written: "1.141" → 1141 in #,##0."""
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        cell.value, cell.number_format = int(text.replace(".", "")), "#,##0"
    elif re.fullmatch(r"\d+%", text):
        cell.value, cell.number_format = int(text[:-1]) / 100, "0%"
    elif re.fullmatch(r"[1-9]\d*", text):
        cell.value, cell.number_format = int(text), "0"
    else:
        cell.value = text  # "173/173" stays text, as typed


def write_xlsx(content: Path, target: Path) -> Path:
    """``content`` (a YAML file) as a workbook: sheet 'Nội dung' (items), sheet 'Chiến dịch' (the rest)."""
    document = yaml.safe_load(content.read_text(encoding="utf-8"))
    book = openpyxl.Workbook()
    items = book.active
    items.title = "Nội dung"
    header, rows = item_rows(document, vietnamese=True)
    items.append(header)
    for row in rows:
        items.append([None] * len(row))
        for column, value in enumerate(row, start=1):
            cell = items.cell(items.max_row, column)
            if header[column - 1] == "Số liệu" and value != "":
                _number_cell(cell, str(value))
            elif value != "":
                cell.value = value
    campaign = book.create_sheet("Chiến dịch")
    for row in campaign_rows(document, vietnamese=True):
        campaign.append(row)
    book.save(target)
    return target


def write_csv(content: Path, target: Path) -> Path:
    """``content`` as one CSV file: the campaign rows, an empty row, then the items with their header."""
    document = yaml.safe_load(content.read_text(encoding="utf-8"))
    header, rows = item_rows(document, vietnamese=False)
    with target.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerows(campaign_rows(document, vietnamese=False))
        writer.writerow([])
        writer.writerow(header)
        writer.writerows(rows)
    return target


if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for example in sorted(Path("content").glob("*.yaml")):
        write_xlsx(example, out / f"{example.stem}.xlsx")
        write_csv(example, out / f"{example.stem}.csv")
