"""Reading input files: only ordinary files, their size checked before reading; YAML values a person can fix."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from flashgen.compose.qr import qr_group
from flashgen.errors import FlashgenError
from flashgen.load.files import check_name_lengths, read_input_file
from flashgen.load.limits import MAX_QR_BYTES, Limits
from flashgen.load.svgdoc import parse_svg
from flashgen.load.yamlfile import read_yaml

NOT_ORDINARY = "this is not an ordinary file (it is a device, a pipe or a socket); give the name of a file saved on disk."


def _refuse_size(size: int) -> str:
    return f"too large: {size}"


def test_a_device_and_a_named_pipe_are_refused_before_reading(tmp_path):
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)  # reading it would wait for a writer for ever
    for path in (Path("/dev/zero"), pipe):
        with pytest.raises(FlashgenError) as error:
            read_input_file(path, 100, _refuse_size)
        assert error.value.message == f"{path}: {NOT_ORDINARY}"


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(FlashgenError, match="this is a folder, not a file; give the name of the file inside it"):
        read_input_file(tmp_path, 100, _refuse_size)


def test_the_size_is_checked_before_and_while_reading(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"x" * 101)
    with pytest.raises(FlashgenError, match="^too large: 101$"):
        read_input_file(path, 100, _refuse_size)
    assert read_input_file(path, 101, _refuse_size) == b"x" * 101


def test_yaml_files_templates_and_logos_use_the_one_reader(tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    for read in (read_yaml, parse_svg):
        with pytest.raises(FlashgenError, match="not an ordinary file"):
            read(pipe)


def test_a_name_longer_than_file_systems_store_is_refused():
    check_name_lengths(Path("/tmp") / ("a" * 255))
    with pytest.raises(FlashgenError, match=r"^the folder name 'a{40}…' is too long: 256 bytes, and at most 255 fit\. "
                       "Choose a shorter name.$"):
        check_name_lengths(Path("/tmp") / ("a" * 256))
    with pytest.raises(FlashgenError, match="at most 241 fit"):
        check_name_lengths(Path("a" * 250), reserved=14)


def _yaml(tmp_path: Path, text: str) -> object:
    path = tmp_path / "file.yaml"
    path.write_text(text, encoding="utf-8")
    return read_yaml(path, Limits(max_yaml_values=20))


@pytest.mark.parametrize(("text", "expected"), [
    ("year: " + "9" * 5000 + "\n", "line 1, column 7: the number 99999999999999999999… (5,000 characters) is too long: "
     "numbers here have at most 18 digits."),
    ("year: 1:0:0:0:0:0:0:0:0:0:0:0:0:0\n", "line 1, column 7: the number 1:0:0:0:0:0:0:0:0:0:0:0:0:0 is too long"),
    ("year: 1000000000000000000\n", "the number 1000000000000000000 is too long"),
    ("a: !!python/object:os.system x\n", "line 1, column 4: the tag '!!python/object:os.system' is not allowed: write plain "
     "text, numbers, lists and 'name: value' blocks only. Delete the tag (the word starting with '!')."),
    ("a: !custom x\n", "the tag '!custom' is not allowed"),
    ("list: [" + ", ".join(["1"] * 30) + "]\n", "line 1, column 59: the file holds too many values, more than 20"),
    ("a: &a [1, 2, 3, 4, 5]\nb: [*a, *a, *a, *a, *a]\n", "line 2, column 4: with its aliases (*name) this block stands for too many values"),
    ('a: 1\nb: "open\nc: 2\nd: 3\ne: "x"\n', "line 2, column 4: the text in quotes that starts here has no closing quote. "
     "Add the closing quote (\" or ') at the end of the text."),
    ("a: 1\nb: 'open\nc: 2\n", "line 2, column 4: the text in quotes that starts here has no closing quote."),
    # PyYAML's commonest layout problems, said plainly (they read "expected <block end>, but found '<scalar>'" …).
    ("a:\n  b: 1\n c: 2\n", "line 3, column 2: this line is not indented like the lines of its block, or a text on it "
     "needs quotes. This is a mistake in the YAML layout"),
    ('title: "Chuyển đổi số" năm 2023\n', "this line is not indented like the lines of its block, or a text on it needs"),
    ("title: Chuyển đổi số: vì người dân\n", "line 1, column 21: a colon and a space (': ') inside a text, or a line "
     "indented too far: put a text that holds ': ' in quotes."),
    ("a: 1\nb\nc: 2\n", "a line without a colon (:) after its name, among 'name: value' lines."),
    ("a:\n\tb: 1\n", "line 2, column 1: a Tab character: indent with spaces only."),
])
def test_yaml_problems_in_plain_words(tmp_path, text, expected):
    with pytest.raises(FlashgenError) as error:
        _yaml(tmp_path, text)
    assert error.value.message.startswith(f"{tmp_path / 'file.yaml'}, ")
    assert expected in error.value.message


def test_ordinary_numbers_and_quotes_still_read(tmp_path):
    assert _yaml(tmp_path, 'year: 999999999999999999\nb: "two\n  lines"\nc: 0x1F\n') == {
        "year": 999_999_999_999_999_999, "b": "two lines", "c": 31,
    }


def test_a_template_nested_too_deeply_says_so(tmp_path):
    path = tmp_path / "deep.svg"
    path.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">\n' + "<g>" * 300 + "</g>" * 300 + "</svg>")
    with pytest.raises(FlashgenError) as error:
        parse_svg(path)
    assert error.value.message == (
        f"{path}, line 2: the template nests elements too deeply (groups inside groups more than 256 levels deep). "
        "Ungroup some of them in your editor (Inkscape: Object → Ungroup)."
    )


def test_the_longest_link_a_qr_code_holds_is_drawn_and_a_longer_one_refused():
    longest = "https://example.com/" + "x" * (MAX_QR_BYTES - 20)
    assert qr_group(longest, 0, 0, 100, "#000").find("{*}path").get("d")
    with pytest.raises(FlashgenError, match="is too long for a QR code"):
        qr_group(longest + "x", 0, 0, 100, "#000")
