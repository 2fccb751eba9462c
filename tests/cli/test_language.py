"""The command line in the user's language: Vietnamese by default, English with --lang en or FLASHGEN_LANG=en.

The help screens are looked at as a user would (80 columns): plain placeholders, flags without a value,
defaults in words; a build ends by naming the gallery page; notes are printed once.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from flashgen import i18n
from flashgen.build import BuildResult
from flashgen.check import CheckReport, describe_report
from flashgen.cli import _language_typed, app
from flashgen.load.presets import load_presets
from flashgen.terminal import tell
from tests.conftest import DATA

PROGRAMMER_NOTATION = ("<bool>", "<path>", "<int>", "<str>", "<list", "{folder}", "[default: 0]", "[default:")


@pytest.fixture
def runner(monkeypatch) -> Iterator[CliRunner]:
    """Runs ``flashgen`` in this process at 80 columns; the suite's English is restored afterwards."""
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("TERMINAL_WIDTH", "80")
    try:
        yield CliRunner()
    finally:
        i18n.use_language("en")


def shown(runner: CliRunner, *arguments: str) -> str:
    result = runner.invoke(app, list(arguments), prog_name="flashgen")
    assert result.exit_code == 0, result.output
    return result.output


def without_frames(text: str) -> str:
    """The help's words with Rich's box drawing and line wrapping taken out."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


def test_help_is_vietnamese_with_plain_placeholders(runner):
    main = shown(runner, "--lang", "vi", "--help")
    build = shown(runner, "--lang", "vi", "build", "--help")
    for screen in (main, build):
        assert not [word for word in PROGRAMMER_NOTATION if word in screen], screen
    assert "Cách dùng: flashgen [TÙY CHỌN] LỆNH [THAM SỐ]..." in main
    assert "Tạo tất cả: ảnh thẻ" in without_frames(main) and "╭─ Lệnh" in main
    words = without_frames(build)
    assert "Cách dùng: flashgen build [TÙY CHỌN]" in build
    assert "--content -c TỆP" in words and "--out -o THƯ MỤC" in words and "--jobs -j SỐ" in words
    assert "Mặc định: tự động" in words and "--force Vẽ lại tất cả" in words  # a flag: no value shown
    assert "--help Hiện hướng dẫn này rồi thoát." in words


def test_help_is_english_with_lang_en(runner):
    main = shown(runner, "--lang", "en", "--help")
    build = shown(runner, "--lang", "en", "build", "--help")
    for screen in (main, build):
        assert not [word for word in PROGRAMMER_NOTATION if word in screen], screen
        assert "Cách dùng" not in screen and "Tùy chọn" not in screen
    assert "Usage: flashgen [OPTIONS] COMMAND [ARGS]..." in main and "Make everything" in without_frames(main)
    words = without_frames(build)
    assert "--content -c FILE" in words and "--out -o FOLDER" in words and "--jobs -j NUMBER" in words
    assert "Default: automatic" in words and "--json" not in words
    assert "--help Show this message and exit." in words


@pytest.mark.parametrize(("language", "usage"), [
    ("vi", "Cách dùng: flashgen init [TÙY CHỌN] [THƯ MỤC]"), ("en", "Usage: flashgen init [OPTIONS] [FOLDER]"),
])
def test_init_usage_names_the_folder_plainly(runner, language, usage):
    assert usage in shown(runner, "--lang", language, "init", "--help")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_platform_starts_a_line_of_its_own(runner, language):
    screen = shown(runner, "--lang", language, "social", "--help")
    for name, platform in load_presets().platforms.items():
        width, height = platform.pixels
        assert re.search(rf"│ +{re.escape(name)}: {width} × {height} px, ", screen), (name, screen)


def test_json_is_a_flag(runner):
    result = runner.invoke(app, ["check", "--json", "--content", str(DATA / "minimal.yaml"), "--product", "flashcards",
                                 "--size", "social"], prog_name="flashgen")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["ok"] is True
    refused = runner.invoke(app, ["check", "--json", "true", "--content", str(DATA / "minimal.yaml")], prog_name="flashgen")
    assert refused.exit_code == 2  # "true" is not a value of --json but a stray argument


def flashgen(*arguments: str, language: str | None = None) -> subprocess.CompletedProcess[str]:
    """``flashgen`` as typed in a terminal, with FLASHGEN_LANG as given (unset: none)."""
    environment = {k: v for k, v in os.environ.items() if k != i18n.LANGUAGE_VARIABLE}
    environment |= {i18n.LANGUAGE_VARIABLE: language} if language else {}
    environment["COLUMNS"] = "80"
    return subprocess.run([sys.executable, "-m", "flashgen", *arguments], capture_output=True, text=True,
                          env=environment, timeout=120)


def test_vietnamese_is_the_default_and_lang_works_anywhere_on_the_line(tmp_path):
    default = flashgen("build", "--help")  # "python -m flashgen": the usage line names the program so
    assert "Cách dùng: python -m flashgen build [TÙY CHỌN]" in default.stdout
    assert "Usage: python -m flashgen build [OPTIONS]" in flashgen("build", "--help", "--lang", "en").stdout
    assert "Usage: python -m flashgen build [OPTIONS]" in flashgen("build", "--help", language="en").stdout
    assert "Cách dùng" in flashgen("--lang=vi", "build", "--help", language="en").stdout  # --lang wins
    missing = flashgen("preview", "--out", str(tmp_path / "nothing"))
    assert missing.returncode == 1 and missing.stderr.startswith("Lỗi: chưa có lần tạo hoàn chỉnh nào"), missing.stderr
    wrong = flashgen("--lang", "fr", "version")
    assert wrong.returncode == 2 and "vi" in wrong.stderr and "en" in wrong.stderr


@given(st.lists(st.text(min_size=1).filter(lambda a: a != "--" and not a.startswith("--lang"))),
       st.integers(min_value=0), st.sampled_from(["vi", "en"]), st.booleans())
def test_lang_is_found_wherever_it_is_typed(arguments, position, language, joined):
    assert _language_typed(arguments) == (None, arguments)
    at = position % (len(arguments) + 1)
    typed = [f"--lang={language}"] if joined else ["--lang", language]
    assert _language_typed(arguments[:at] + typed + arguments[at:]) == (language, arguments)
    after_dashes = [*arguments, "--", *typed]  # after "--" it is no option
    assert _language_typed(after_dashes) == (None, after_dashes)


def test_a_repeated_note_is_printed_once(capsys):
    note = "A6 print card, 105 × 148 mm with 3 mm bleed: 4 cards fit on A4 only at 91% of full size."
    tell(BuildResult(manifest=DATA, files=(), warnings=("[odd] warning",), notes=(note, note)))
    printed = " ".join(capsys.readouterr().err.split())
    assert printed.count("91%") == 1 and printed.startswith("Warning: [odd] warning Note: A6")


def test_the_check_summary_speaks_vietnamese():
    try:
        i18n.use_language("vi")
        assert describe_report(CheckReport((), 3)) == "Đã kiểm tra 3 thẻ: 0 lỗi, 0 cảnh báo. Mọi thứ đã sẵn sàng để tạo sản phẩm."
    finally:
        i18n.use_language("en")
    assert describe_report(CheckReport((), 1)) == "Checked 1 card: 0 errors, 0 warnings. Everything is ready to build."


README = DATA.parents[1] / "README.md"


@pytest.mark.parametrize("command", [("--help",), ("build", "--help")])
def test_the_readme_shows_the_real_help(runner, command):
    """The README's Vietnamese help screens are what `flashgen … --help` prints at 80 columns."""
    typed = " ".join(("flashgen", *command))
    block = re.search(rf"<!-- help: {re.escape(typed)} -->\n```text\n\$ {re.escape(typed)}\n(.*?)\n```",
                      README.read_text(encoding="utf-8"), re.S)
    assert block, f"README.md has no help block for `{typed}`"
    real = [line.rstrip() for line in shown(runner, "--lang", "vi", *command).splitlines()]
    assert block.group(1) == "\n".join(real).strip("\n"), f"update README.md's `{typed}` block from the real output"


@pytest.mark.parametrize(("arguments", "english", "vietnamese"), [
    (("build", "--colour", "red"), "No such option: --colour.", "Không có tùy chọn --colour."),
    (("buidl",), "No such command: buidl. Did you mean: build?", "Không có lệnh buidl. Có phải ý bạn là: build?"),
    (("check", "--json", "true"), "Unexpected words on the command line: true.", "Có chữ thừa trên dòng lệnh: true."),
    (("build", "--jobs", "many"), "'--jobs' / '-j': expected a whole number.", "'--jobs' / '-j': cần một số nguyên."),
    (("build", "--jobs"), "--jobs needs a value after it.", "--jobs cần có giá trị ngay sau nó."),
])
def test_a_mistyped_command_line_is_answered_in_the_chosen_language(runner, arguments, english, vietnamese):
    for language, expected in (("en", english), ("vi", vietnamese)):
        result = runner.invoke(app, ["--lang", language, *arguments], prog_name="flashgen")
        assert result.exit_code == 2 and expected in without_frames(result.output), result.output


def test_a_vietnamese_build_ends_with_the_page_to_open(tmp_path):
    out = tmp_path / "bản dựng"
    result = flashgen("build", "--content", str(DATA / "minimal.yaml"), "--product", "flashcards", "--size", "social",
                      "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "Đang vẽ" in result.stderr  # the progress bar's label
    wrote, last = result.stdout.strip().splitlines()[-2:]
    assert wrote == f"Đã ghi 4 tệp vào {out}/."
    assert last == (f"Mở {out}/index.html bằng trình duyệt web để xem tất cả: {(out / 'index.html').resolve().as_uri()} "
                    f"(danh sách tệp: {out}/manifest.json)")
    assert '<html lang="vi">' in (out / "index.html").read_text(encoding="utf-8")
