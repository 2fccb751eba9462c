"""Reading spreadsheets as content: the three formats, the names accepted, the places errors name,
numbers shown as Vietnamese Excel shows them, and arbitrary cells never crashing the readers."""

from __future__ import annotations

import csv
import datetime
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flashgen import i18n
from flashgen.errors import FlashgenError
from flashgen.load.content import load_campaign
from flashgen.load.spreadsheet_document import name_key, sheet_words
from flashgen.load.spreadsheet_numbers import displayed


@pytest.mark.parametrize(("value", "number_format", "shown"), [
    (1141, "General", "1141"),
    (1141.0, "General", "1141"),
    (2.5, "General", "2,5"),
    (1 / 3, "General", "0,3333333333"),
    (2.5, "0", "3"),  # Excel rounds half away from zero
    (1141, "#,##0", "1.141"),
    (1234567, "#,##0", "1.234.567"),
    (7.25, "0.0", "7,3"),
    (1234.565, "#,##0.00", "1.234,57"),
    (0.25, "0%", "25%"),
    (1, "0%", "100%"),
    (0.255, "0.0%", "25,5%"),
    (7, "00", "07"),
    (1500, '#,##0 "người"', "1.500 người"),
    (-1234, "#,##0_);[Red](#,##0)", "(1.234)"),
    (0.5, "[Red]0.0", "0,5"),
    (Decimal("3.50"), "0.00", "3,50"),
    ("173/173", "General", "173/173"),
    ("1.141", "@", "1.141"),
    (datetime.datetime(2023, 3, 9), "dd/mm/yyyy", "09/03/2023"),
    (datetime.date(2022, 10, 9), "m/d/yy", "09/10/2022"),
    (None, "General", ""),
    (True, "General", "TRUE"),
])
def test_cells_show_as_vietnamese_excel_shows_them(value: object, number_format: str, shown: str) -> None:
    assert displayed(value, number_format) == shown


def write_rows(path: Path, rows: list[list[object]], encoding: str = "utf-8-sig", delimiter: str = ",") -> Path:
    with path.open("w", encoding=encoding, newline="") as stream:
        csv.writer(stream, delimiter=delimiter).writerows(rows)
    return path


CAMPAIGN = [["Tên chiến dịch", "Chiến dịch thử"], ["Năm", "2024"], ["Thông điệp", "Một", "Hai"]]
ITEMS = [["STT", "Tiêu đề", "Cách cũ", "Cách mới"], ["1", "Điểm một", "Giấy", "Số"], ["2", "Điểm hai", "Cũ", "Mới"]]


@pytest.mark.parametrize(("encoding", "delimiter"), [("utf-8-sig", ","), ("utf-8", ","), ("utf-8", ";"), ("utf-8-sig", "\t")])
def test_csv_with_or_without_bom_and_any_separator(tmp_path: Path, encoding: str, delimiter: str) -> None:
    path = write_rows(tmp_path / "c.csv", [*CAMPAIGN, [], *ITEMS], encoding, delimiter)
    campaign = load_campaign(path)
    assert (campaign.title, campaign.year, campaign.messages) == ("Chiến dịch thử", 2024, ("Một", "Hai"))
    assert [(i.number, i.heading, i.from_text, i.to_text, i.kind) for i in campaign.items] == [
        (1, "Điểm một", "Giấy", "Số", "contrast"), (2, "Điểm hai", "Cũ", "Mới", "contrast")]


def test_xlsx_with_vietnamese_kind_words_and_a_mixed_set(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Hướng dẫn"
    book.active.append(["Điền nội dung vào trang sau."])
    items = book.create_sheet("Trang tính 2")  # no known name: the first sheet that is not instructions
    for row in [["Loại", "Tiêu đề", "Số liệu", "Nhãn", "Đơn vị"], ["Nội dung", "Một câu", None, None, None],
                ["Con số", None, 0.25, "người dân dùng dịch vụ công", None]]:
        items.append(row)
    items["C3"].number_format = "0%"
    campaign_sheet = book.create_sheet("CHIẾN DỊCH")
    campaign_sheet.append(["campaign.title", "Thử"])
    book.save(tmp_path / "mixed.xlsx")
    campaign = load_campaign(tmp_path / "mixed.xlsx")
    assert [(i.kind, i.heading, i.value, i.label) for i in campaign.items] == [
        ("statement", "Một câu", "", ""), ("figure", "", "25%", "người dân dùng dịch vụ công")]


def _ods(path: Path, tables: dict[str, list[list[str]]]) -> Path:
    """A minimal OpenDocument spreadsheet, as LibreOffice writes one: displayed text in <text:p>,
    empty cells and rows repeated, spaces as <text:s>."""
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    body = ""
    for name, rows in tables.items():
        body += f'<table:table table:name="{escape(name)}">'
        for row in rows:
            cells = "".join(
                f'<table:table-cell office:value-type="string"><text:p>{escape(c).replace("  ", " <text:s/>")}</text:p></table:table-cell>'
                if c else '<table:table-cell/>' for c in row)
            body += f'<table:table-row>{cells}<table:table-cell table:number-columns-repeated="16378"/></table:table-row>'
        body += '<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
        body += "</table:table>"
    content = f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>'
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    return path


def test_ods_reads_the_displayed_text(tmp_path: Path) -> None:
    rows = [["Loại", "Số liệu", "Nhãn", "Từ chỉ mức"], ["figure", "1.141", "Tổ Công nghệ số  cộng đồng", "hơn"]]
    path = _ods(tmp_path / "f.ods", {"Nội dung": rows, "Chiến dịch": [["Tên chiến dịch", "Số liệu"], ["Năm", "2022"]]})
    campaign = load_campaign(path)
    assert campaign.year == 2022 and campaign.items[0].figure == "hơn 1.141"
    assert campaign.items[0].label == "Tổ Công nghệ số cộng đồng"


def _error(path: Path) -> FlashgenError:
    with pytest.raises(FlashgenError) as error:
        load_campaign(path)
    return error.value


def test_errors_name_file_sheet_row_and_column(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "c.csv", [*CAMPAIGN, [], *ITEMS, ["3", "", "Cũ", "Mới"]])
    assert "c.csv, sheet 'c', row 8, item 3 (number 3): the field 'heading' is empty (column 'Tiêu đề')." in _error(path).message
    path = write_rows(tmp_path / "d.csv", [*CAMPAIGN, [], *ITEMS, ["ba", "Ba", "Cũ", "Mới"]])
    error = _error(path)
    assert "d.csv, sheet 'd', row 8, column 'STT', item 3, field 'number': expected a whole number" in error.message
    assert error.code == "content-number"
    statements = [*CAMPAIGN, ["Loại mục của chiến dịch", "Nội dung"]]
    path = write_rows(tmp_path / "e.csv", [*statements, [], ["Tiêu đề", "Số liệu"], ["Một", "5"]])
    assert "e.csv, sheet 'e', row 7, column 'Số liệu', item 1 (number 1), field 'value': this item is a statement" in _error(path).message


def test_errors_in_vietnamese(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "c.csv", [*CAMPAIGN, [], *ITEMS, ["3", "", "Cũ", "Mới"]])
    i18n.use_language("vi")
    try:
        message = _error(path).message
    finally:
        i18n.use_language("en")
    assert "c.csv, trang tính 'c', dòng 8, mục 3 (số 3): trường 'heading' đang để trống (cột 'Tiêu đề')." in message


def test_unknown_column_is_a_warning_that_names_it(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "c.csv", [*CAMPAIGN, [], [*ITEMS[0], "Người nhập"], [*ITEMS[1], "Lan"]])
    warning, = load_campaign(path).warnings
    assert "c.csv, sheet 'c', row 6, column 'Người nhập', item 1 (number 1): unknown field 'Người nhập' is ignored" in warning


@pytest.mark.parametrize(("rows", "code"), [
    ([["Tiêu đề", "Đề mục", "heading"], ["a", "b", "c"]], "sheet-duplicate-column"),
    ([["Tiêu đề"], ["a", "stray"]], "sheet-unnamed-column"),
    ([["Tên chiến dịch", "A"], ["Tên chiến dịch", "B"], [], ["Tiêu đề"], ["a"]], "sheet-duplicate-field"),
    ([["Tên chiến dịch", "A", "B"], [], ["Tiêu đề"], ["a"]], "sheet-many-values"),
    ([["Tên chiến dịch", "A"]], "content-no-items"),
])
def test_sheet_layout_mistakes(tmp_path: Path, rows: list[list[str]], code: str) -> None:
    if code == "sheet-duplicate-column":
        rows = [["Tiêu đề", "heading"], ["a", "b"]]
    assert _error(write_rows(tmp_path / "c.csv", [["Tên chiến dịch", "A"], [], *rows] if rows[0][0] != "Tên chiến dịch" else rows)).code == code


@pytest.mark.parametrize(("data", "code"), [
    (b"\xef\xbb\xbfTi\xeau \xf0\xe8", "sheet-csv-encoding"),  # Vietnamese saved in a Windows code page
    (b"campaign.title,\"" + b"A" * 200_000 + b"\"\n", "sheet-csv-damaged"),  # a cell longer than CSV allows
])
def test_csv_that_is_not_utf8_text_says_how_to_save_it(tmp_path: Path, data: bytes, code: str) -> None:
    (tmp_path / "c.csv").write_bytes(data[3:] if code == "sheet-csv-encoding" else data)
    error = _error(tmp_path / "c.csv")
    assert error.code == code
    if code == "sheet-csv-encoding":
        assert "CSV UTF-8" in error.message


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_damaged_workbook_is_named(tmp_path: Path, suffix: str) -> None:
    (tmp_path / f"c{suffix}").write_bytes(b"PK\x03\x04 not really a workbook")
    error = _error(tmp_path / f"c{suffix}")
    assert error.code == "sheet-damaged" and f"c{suffix}" in error.message


def test_zip_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 200_000_000)
    assert _error(tmp_path / "bomb.xlsx").code == "sheet-unpacked-size"


def test_names_of_columns_and_campaign_fields_never_collide() -> None:
    """A CSV's campaign rows are told from its header row by their first cell."""
    words = sheet_words()
    assert not set(words.columns) & set(words.fields)
    assert name_key("  TIÊU   ĐỀ ") == name_key("Tiêu đề")


# Cell text: any printable text a user could type, with the names flashgen knows mixed in.
KNOWN = st.sampled_from(["Tiêu đề", "Cách cũ", "Cách mới", "Số liệu", "Nhãn", "STT", "Loại", "Con số", "Nội dung",
                         "Tên chiến dịch", "Năm", "Thông điệp", "Hình ảnh", "figure", "1", "1.141", "../x.png", ""])
CELL = st.one_of(KNOWN, st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12))
ROWS = st.lists(st.lists(CELL, max_size=5), max_size=7)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=ROWS)
def test_any_csv_cells_give_a_campaign_or_a_flashgen_error(tmp_path: Path, rows: list[list[str]]) -> None:
    path = write_rows(tmp_path / "any.csv", rows)
    try:
        load_campaign(path)
    except FlashgenError as error:
        assert error.message


XML_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(st.one_of(KNOWN, XML_TEXT, st.integers(-10**6, 10**6), st.floats(allow_nan=False)),
                              max_size=4), max_size=5),
       number_format=st.sampled_from(["General", "0", "#,##0", "0.0", "0%", "@", "dd/mm/yyyy", '#,##0 "x";[Red]-0']))
def test_any_xlsx_cells_give_a_campaign_or_a_flashgen_error(tmp_path: Path, rows: list[list[object]], number_format: str) -> None:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    for cells in book.active.iter_rows():
        for cell in cells:
            cell.number_format = number_format
    book.save(tmp_path / "any.xlsx")
    try:
        load_campaign(tmp_path / "any.xlsx")
    except FlashgenError as error:
        assert error.message


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(st.one_of(KNOWN, XML_TEXT), max_size=4), max_size=5))
def test_any_ods_cells_give_a_campaign_or_a_flashgen_error(tmp_path: Path, rows: list[list[str]]) -> None:
    try:
        load_campaign(_ods(tmp_path / "any.ods", {"Nội dung": rows}))
    except FlashgenError as error:
        assert error.message


@pytest.mark.parametrize("suffix", [".xls", ".docx", ".numbers"])
def test_formats_flashgen_does_not_read_are_named(tmp_path: Path, suffix: str) -> None:
    """Not "the file is not UTF-8 text": the advice is to save it as .xlsx or CSV UTF-8."""
    (tmp_path / f"c{suffix}").write_bytes(b"\xd0\xcf\x11\xe0 an old Office file")
    error = _error(tmp_path / f"c{suffix}")
    assert error.code == "content-format" and ".xlsx" in error.message and suffix in error.message


def test_cell_showing_an_error_is_named(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["Tiêu đề"])
    book.active.append(["Một"])
    book.active["A3"] = "#VALUE!"
    book.active["A3"].data_type = "e"
    book.save(tmp_path / "e.xlsx")
    error = _error(tmp_path / "e.xlsx")
    assert error.code == "sheet-cell-error" and "e.xlsx, sheet 'Sheet', cell A3: the cell shows the error #VALUE!" in error.message


@settings(max_examples=300, deadline=None)
@given(value=st.one_of(st.integers(-10**20, 10**20), st.floats(allow_nan=False), st.decimals(allow_nan=False)),
       number_format=st.one_of(st.sampled_from(["General", "0", "#,##0", "0.0%", '0 "x";(0);"-"', "[$-42A]#,##0.00"]),
                               st.text(max_size=20)))
def test_any_number_format_shows_some_text(value: object, number_format: str) -> None:
    """A format code the workbook may hold, however odd, shows the number as text; never an exception."""
    assert isinstance(displayed(value, number_format), str)


def test_unknown_campaign_row_is_a_warning_that_names_it(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "c.csv", [*CAMPAIGN, ["Người nhập", "Lan"], [], *ITEMS])
    warning, = load_campaign(path).warnings
    assert "c.csv, sheet 'c', row 4: unknown field 'Người nhập' is ignored" in warning


def test_campaign_row_error_names_sheet_row_and_field(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Nội dung"
    book.active.append(["Tiêu đề"])
    book.active.append(["Một"])
    book.create_sheet("Chiến dịch").append(["Năm", "hai nghìn"])
    book["Chiến dịch"].insert_rows(1)
    book["Chiến dịch"]["A1"], book["Chiến dịch"]["B1"] = "Tên chiến dịch", "Thử"
    book.save(tmp_path / "y.xlsx")
    error = _error(tmp_path / "y.xlsx")
    assert "y.xlsx, sheet 'Chiến dịch', row 2, section 'campaign', field 'year': expected a year such as 2023." in error.message


def test_title_rows_above_the_header_row_are_not_items(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Nội dung"
    for row in [["DANH SÁCH CÁC ĐIỂM"], ["(kèm theo Kế hoạch số 50/KH-UBND)"], [], ["STT", "Tiêu đề"], [1, "Một"], [2, "Hai"]]:
        book.active.append(row)
    book.create_sheet("Chiến dịch").append(["Tên chiến dịch", "Thử"])
    book.save(tmp_path / "t.xlsx")
    assert [item.heading for item in load_campaign(tmp_path / "t.xlsx").items] == ["Một", "Hai"]
