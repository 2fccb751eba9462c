"""`flashgen init --spreadsheet` writes a ready-to-fill workbook that builds as it is; `flashgen watch`
and the build's input key follow a spreadsheet and the picture files it names."""

from __future__ import annotations

import csv
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from flashgen.build import build, input_key
from flashgen.cli import app
from flashgen.load.content import load_campaign
from flashgen.load.fonts import FontBook
from flashgen.load.resources import EXAMPLES, FONTS_DIR
from flashgen.options import BuildOptions
from flashgen.scaffold import create_project
from flashgen.watch import watched_paths
from tests.load.test_spreadsheet_pictures import red_picture


def _without_places(campaign):
    items = tuple(replace(item, line=0) for item in campaign.items)
    return replace(campaign, path=Path("c"), line=0, theme_line=0, message_lines=(), items=items)


@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_init_spreadsheet_holds_the_example_campaign(tmp_path: Path, example: str) -> None:
    create_project(tmp_path / "p", example, spreadsheet=True)
    assert not (tmp_path / "p" / "content.yaml").exists()
    assert "content: content.xlsx" in (tmp_path / "p" / "flashgen.yaml").read_text(encoding="utf-8")
    from_sheet = load_campaign(tmp_path / "p" / "content.xlsx")
    assert _without_places(from_sheet) == _without_places(load_campaign(EXAMPLES[example]))
    assert from_sheet.warnings == ()


def test_init_spreadsheet_has_instructions_comments_and_a_kind_drop_down(tmp_path: Path) -> None:
    create_project(tmp_path / "p", "figures", spreadsheet=True)
    book = openpyxl.load_workbook(tmp_path / "p" / "content.xlsx")
    assert book.sheetnames == ["Hướng dẫn", "Nội dung", "Chiến dịch"]
    assert "HƯỚNG DẪN" in book["Hướng dẫn"]["A1"].value
    items = book["Nội dung"]
    header = [cell.value for cell in items[1]]
    assert header[:2] == ["Số thứ tự", "Loại"] and "Số liệu" in header and "Hình ảnh" in header
    assert all(cell.comment is not None and cell.comment.text for cell in items[1])
    drop_down, = items.data_validations.dataValidation
    assert drop_down.type == "list" and drop_down.formula1 == '"Đối chiếu,Nội dung,Con số"'
    assert str(drop_down.sqref).startswith("B2:B")


def test_init_spreadsheet_from_the_command_line_builds_as_it_is(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["init", str(tmp_path / "p"), "--spreadsheet", "--example", "statements"])
    assert result.exit_code == 0, result.output
    assert "content.xlsx" in result.output
    # In its own process: the project's fonts/ folder gives the renderer other font folders than this one's.
    done = subprocess.run([sys.executable, "-m", "flashgen", "build", "--product", "flashcards", "--size", "a7"],
                          cwd=tmp_path / "p", capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert len(list((tmp_path / "p" / "out" / "flashcards" / "a7").glob("front-*.png"))) == 9


def _sheet_with_picture_file(folder: Path) -> Path:
    red_picture(folder / "pictures" / "red.png")
    path = folder / "content.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([["campaign.title", "Thử"], [], ["Tiêu đề", "Hình ảnh"], ["Một", "pictures/red.png"]])
    return path


def test_watch_and_build_key_follow_the_spreadsheet_and_its_pictures(tmp_path: Path) -> None:
    options = BuildOptions(content=_sheet_with_picture_file(tmp_path), out_dir=tmp_path / "out")
    watched = watched_paths(options)
    assert options.content in watched and (tmp_path / "pictures" / "red.png").resolve() in watched
    fonts = FontBook.from_folders((FONTS_DIR,))
    before = input_key(options, fonts)
    red_picture(tmp_path / "pictures" / "red.png", "JPEG")  # the same name, other bytes
    assert input_key(options, fonts) != before


def test_build_of_a_spreadsheet_twice_draws_nothing_again(tmp_path: Path) -> None:
    options = BuildOptions(content=_sheet_with_picture_file(tmp_path), out_dir=tmp_path / "out",
                           products=("infographic",), jobs=1)
    build(options)
    assert build(options).unchanged
