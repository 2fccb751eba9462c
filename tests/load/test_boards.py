"""LED boards as data: size ÷ pitch → native pixels, bad boards refused with file, board and field, each board
a platform with the shape that shows it (no text cut, type at least the led-board medium in board pixels)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flashgen import i18n
from flashgen.errors import FlashgenError
from flashgen.load.boards import MAX_SIDE_PX, MIN_SIDE_PX, native_pixels, parse_pitch
from flashgen.load.media import medium
from flashgen.load.presets import load_presets, proportions_shown, type_holds
from flashgen.options import BuildOptions, choose_platforms

BUNDLED = load_presets()
PITCHES = ("P2.5", "P3", "P4", "P5", "P6", "P8", "P10")


def _project(text: str, folder: Path) -> Path:
    project = folder / "flashgen.yaml"
    project.write_text(text, encoding="utf-8")
    return project


def _board(text: str, folder: Path):
    """The platform of the one board ``text`` (a flow mapping) declares in a project file."""
    presets = load_presets(project=_project(f"boards:\n  bang: {text}\n", folder))
    return presets.platform("bang")


@pytest.mark.parametrize(("size", "pitch", "pixels"), [
    ("[3, 2]", "P10", (300, 200)), ("[3, 2]", "P5", (600, 400)), ("[3, 2]", "P4", (750, 500)),
    ("[4, 2]", "P5", (800, 400)), ("[5, 4]", "P2.5", (2000, 1600)), ("[4, 2.25]", "'P2,5'", (1600, 900)),
])
def test_native_resolution_is_the_size_divided_by_the_pitch(tmp_path, size, pitch, pixels):
    assert _board(f"{{size_m: {size}, pitch: {pitch}}}", tmp_path).pixels == pixels


@given(
    width_cm=st.integers(50, 4000), height_cm=st.integers(50, 1000), pitch=st.sampled_from(PITCHES),
    in_mm=st.booleans(),
)
@settings(max_examples=60, deadline=None)
def test_any_board_in_metres_or_millimetres_has_one_pixel_per_led(width_cm, height_cm, pitch, in_mm):
    pitch_mm = float(pitch[1:])
    size = f"size_mm: [{width_cm * 10}, {height_cm * 10}]" if in_mm else f"size_m: [{width_cm / 100}, {height_cm / 100}]"
    expected = native_pixels(width_cm * 10, height_cm * 10, pitch_mm)
    assert abs(expected[0] - width_cm * 10 / pitch_mm) <= 0.5 and abs(expected[1] - height_cm * 10 / pitch_mm) <= 0.5
    with tempfile.TemporaryDirectory() as folder:
        try:
            board = _board(f"{{{size}, pitch: {pitch}}}", Path(folder))
        except FlashgenError as error:  # too large or small, or no shape shows it: said, never a wrong size
            assert error.code in {"led-board", "led-board-shape"}
            outside = max(expected) > MAX_SIDE_PX or min(expected) < MIN_SIDE_PX
            assert outside == (error.code == "led-board"), error.message
            return
    assert board.pixels == expected and board.board and board.default and board.medium == "led-board"


@given(pitch=st.decimals(min_value="0.5", max_value="40", places=2), comma=st.booleans(), prefix=st.sampled_from(["P", "p", ""]))
def test_a_pitch_is_read_as_typed(pitch, comma, prefix):
    typed = f"{prefix}{pitch}".replace(".", "," if comma else ".")
    assert parse_pitch(typed) == pytest.approx(float(pitch))


@given(pixels=st.tuples(st.integers(MIN_SIDE_PX, 4000), st.integers(MIN_SIDE_PX, 4000)))
@settings(max_examples=80, deadline=None)
def test_a_board_gets_a_shape_that_cuts_no_text_and_keeps_the_minimum_or_is_refused(pixels):
    with tempfile.TemporaryDirectory() as folder:
        try:
            board = _board(f"{{pixels: [{pixels[0]}, {pixels[1]}]}}", Path(folder))
        except FlashgenError as error:
            assert error.code == "led-board-shape" and "board 'bang'" in error.message
            return
    low, high = proportions_shown(board.shape)
    assert low <= pixels[0] / pixels[1] <= high
    assert type_holds(board.shape, pixels, medium("led-board"))


@pytest.mark.parametrize(("block", "field", "problem"), [
    ("{size_m: [3, 2], pitch: 0}", "pitch", "a pitch is from P0.5 to P40"),
    ("{size_m: [3, 2], pitch: P0}", "pitch", "a pitch is from P0.5 to P40"),
    ("{size_m: [3, 2], pitch: -5}", "pitch", "a pitch is from"),
    ("{size_m: [3, 2], pitch: lớn}", "pitch", "expected the pixel pitch in millimetres"),
    ("{size_m: [3, 2], pitch: .nan}", "pitch", "expected the pixel pitch"),
    ("{size_m: [3, 2]}", "pitch", "needs its pixel pitch"),
    ("{size_m: ['3', 2], pitch: P10}", "size_m", "expected [width, height] in metres"),
    ("{size_m: [3], pitch: P10}", "size_m", "expected [width, height] in metres"),
    ("{size_m: [3, 0], pitch: P10}", "size_m", "expected [width, height] in metres"),
    ("{size_m: [3000, 2000], pitch: P10}", "size_m", "at most 100 m a side"),
    ("{size_mm: [3, true], pitch: P10}", "size_mm", "in millimetres"),
    ("{size_m: [20, 2], pitch: P2.5}", "size_m", "that makes 8000 × 800 px"),
    ("{size_mm: [100, 100], pitch: P10}", "size_mm", "that makes 10 × 10 px"),
    ("{pixels: [9000, 4000]}", "pixels", "a board has 16 to 7680 px a side"),
    ("{pixels: [600.5, 400]}", "pixels", "whole numbers"),
    ("{pixels: [600, 400], pitch: P5}", "pitch", "takes no pitch"),
    ("{size_m: [3, 2], pixels: [600, 400], pitch: P5}", "pixels", "one of them"),
    ("{label: Bảng}", "size_m", "one of them"),
    ("{size_m: [3, 2], pich: P5}", "pich", "unknown field"),
    ("{size_m: [3, 2], pitch: P5, default: 'có'}", "default", "expected true or false"),
])
def test_a_bad_board_is_refused_naming_file_board_and_field(tmp_path, block, field, problem):
    with pytest.raises(FlashgenError) as error:
        _board(block, tmp_path)
    message = error.value.message
    assert error.value.code == "led-board"
    assert str(tmp_path / "flashgen.yaml") in message and "line 2" in message and "board 'bang'" in message
    assert f"'{field}'" in message and problem in message, message


@pytest.mark.parametrize(("text", "problem"), [
    ("boards: [bang]\n", "expected 'boards:' followed by one block per board"),
    ("boards:\n  bang: P10\n", "board 'bang': expected 'label', 'size_m' and 'pitch'"),
    ("boards:\n  Bảng: {size_m: [3, 2], pitch: P10}\n", "a platform name becomes a folder name"),
    ("platforms:\n  bang: {pixels: [1280, 720]}\nboards:\n  bang: {size_m: [3, 2], pitch: P10}\n", "already called 'bang'"),
])
def test_a_bad_boards_section_says_where(tmp_path, text, problem):
    with pytest.raises(FlashgenError) as error:
        load_presets(project=_project(text, tmp_path))
    assert problem in error.value.message and str(tmp_path / "flashgen.yaml") in error.value.message


def test_a_board_whose_proportions_no_shape_shows_is_refused(tmp_path):
    with pytest.raises(FlashgenError) as error:
        _board("{size_m: [9, 3], pitch: P10}", tmp_path)
    assert error.value.code == "led-board-shape"
    assert "900 × 300 px is 3.00 times as wide as it is high" in error.value.message
    assert "board 1.11–1.71" in error.value.message


def test_a_board_too_small_for_readable_letters_is_refused(tmp_path):
    with pytest.raises(FlashgenError) as error:
        _board("{size_m: [2, 1], pitch: P10}", tmp_path)  # 200 × 100 px: 64 px headings would be 10.7 dots
    assert error.value.code == "led-board-shape"
    assert "at 200 × 100 px the board is too small for text at least 13 px high (headings 16 px" in error.value.message


def test_the_bundled_boards_and_their_shapes():
    boards = {p.name: (p.pixels, p.shape.name, p.series) for p in BUNDLED.platforms.values() if p.board}
    assert boards == {
        "bang-led-xa-p10": ((300, 200), "board", ("album", "messages")),
        "bang-led-xa-p5": ((600, 400), "board", ("album", "messages")),
        "bang-led-huyen-p5": ((1000, 800), "board", ("album", "messages")),
        "bang-led-huyen-p4": ((1250, 1000), "board", ("album", "messages")),
        "cong-chao-p8": ((1250, 250), "banner", ("messages",)),
        "man-hinh-hoi-truong-p2-5": ((1600, 900), "landscape", ("album", "messages")),
    }


def test_the_issue_board_of_4_by_2_m_at_p5_is_800_by_400(tmp_path):
    board = _board('{label: "Bảng LED UBND xã", size_m: [4, 2], pitch: P5}', tmp_path)
    assert (board.label, board.pixels, board.format, board.medium) == ("Bảng LED UBND xã", (800, 400), "png", "led-board")


def test_bundled_boards_are_made_only_when_chosen_and_a_projects_own_by_default(tmp_path):
    project = _project("boards:\n  bang: {size_m: [4, 2], pitch: P5}\n", tmp_path)
    presets = load_presets(project=project)
    made = [p.name for p in choose_platforms(BuildOptions(), presets)]
    assert "bang" in made and not any(p.board for p in BUNDLED.platforms.values() if p.name in made)
    assert "facebook-portrait" in made
    chosen = choose_platforms(BuildOptions(platforms=("bang-led-xa-p10",)), presets)
    assert [p.name for p in chosen] == ["bang-led-xa-p10"]


def test_board_messages_in_vietnamese(tmp_path):
    i18n.use_language("vi")
    try:
        with pytest.raises(FlashgenError) as error:
            _board("{size_m: [3, 2], pitch: 0}", tmp_path)
        with pytest.raises(FlashgenError) as small:
            _board("{size_m: [2, 1], pitch: P10}", tmp_path)
    finally:
        i18n.use_language("en")
    assert "bảng 'bang'" in error.value.message and "bước điểm ảnh" in error.value.message
    assert "quá nhỏ" in small.value.message
