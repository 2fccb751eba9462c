"""The command line as a user meets it: exit codes, messages, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import DATA, tree_snapshot, write_content


def flashgen(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flashgen", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def test_build_writes_files_and_reports(tmp_path):
    result = flashgen(
        "build", "--content", str(DATA / "minimal.yaml"), "--product", "flashcards", "--size", "social",
        "--out", str(tmp_path / "out"),
    )
    assert result.returncode == 0, result.stderr
    assert "Wrote 4 files" in result.stdout
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(f["path"] for f in manifest["files"]) == [
        "flashcards/social/back-01.png", "flashcards/social/back-02.png",
        "flashcards/social/front-01.png", "flashcards/social/front-02.png",
    ]


def test_heading_too_long_fails_cleanly(tmp_path):
    out = tmp_path / "out"
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    broken = write_content(tmp_path / "long.yaml", text.replace("Chuyển từ sản phẩm sang dịch vụ", "Chuyển từ sản phẩm sang dịch vụ " * 20))
    result = flashgen("build", "--content", str(broken), "--out", str(out))
    assert result.returncode == 1
    assert "Error:" in result.stderr and "Traceback" not in result.stderr
    assert "card 2 (front, size 'a6'), field 'heading'" in " ".join(result.stderr.split())
    assert tree_snapshot(out) == {}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["long.yaml"]


def test_bad_yaml_names_line_and_column(tmp_path):
    broken = write_content(tmp_path / "bad.yaml", "campaign:\n  title: [unclosed\nitems: []\n")
    result = flashgen("build", "--content", str(broken), "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "bad.yaml, line 3, column 6" in " ".join(result.stderr.split())


def test_unknown_option_is_a_usage_error(tmp_path):
    result = flashgen("build", "--colour", "red")
    assert result.returncode == 2 and "No such option" in result.stderr and "Traceback" not in result.stderr


def test_help_explains_the_commands():
    result = flashgen("--help")
    assert result.returncode == 0
    assert "build" in result.stdout and "sizes" in result.stdout
    build_help = flashgen("build", "--help").stdout
    assert "--content" in build_help and "--size" in build_help


def test_sizes_lists_every_size():
    result = flashgen("sizes")
    assert result.returncode == 0
    assert "a6" in result.stdout and "1311 × 1819 px" in result.stdout and "social" in result.stdout


def test_unknown_content_warning_is_shown(tmp_path):
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8").replace("  year: 2023\n", "  year: 2023\n  colour: blue\n")
    content = write_content(tmp_path / "extra.yaml", text)
    result = flashgen("build", "--content", str(content), "--product", "flashcards", "--size", "social", "--out", str(tmp_path / "out"))
    assert result.returncode == 0
    assert "Warning:" in result.stderr and "unknown field 'colour'" in result.stderr


def test_print_command_makes_the_deck_and_calibration(tmp_path):
    result = flashgen(
        "print", "--card", "business", "--sheet", "a4", "--back-offset", "0.5,-1",
        "--content", str(DATA / "minimal.yaml"), "--out", str(tmp_path / "out"),
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out" / "print").iterdir()) == ["business-on-a4.pdf", "duplex-calibration-a4.pdf"]


def test_print_command_reports_a_scaled_grid(tmp_path):
    result = flashgen("print", "--card", "a7", "--content", str(DATA / "minimal.yaml"), "--out", str(tmp_path / "out"))
    assert result.returncode == 0
    assert "Note:" in result.stderr and "91%" in result.stderr


def test_a_default_build_does_not_repeat_the_office_scale_note(default_build):
    # Every product is made by default; the scale of the office deck is said when office printing is asked for.
    assert not any("of full size" in note for note in default_build.notes), default_build.notes


def test_print_command_mistakes(tmp_path):
    bad_offset = flashgen("print", "--back-offset", "left", "--out", str(tmp_path / "out"))
    assert bad_offset.returncode == 2 and "X,Y in millimetres" in bad_offset.stderr
    unknown_card = flashgen("print", "--card", "a9", "--out", str(tmp_path / "out"))
    assert unknown_card.returncode == 1 and "unknown card size 'a9'" in unknown_card.stderr
    unknown_flip = flashgen("print", "--flip", "sideways", "--out", str(tmp_path / "out"))
    assert unknown_flip.returncode == 1 and "unknown duplex flip 'sideways'" in unknown_flip.stderr
    assert not (tmp_path / "out").exists()


def test_social_command_for_one_platform(tmp_path):
    content = DATA / "with-source.yaml"
    result = flashgen(
        "social", "--platform", "youtube", "--platform", "banner", "--content", str(content),
        "--out", str(tmp_path / "out"),
    )
    assert result.returncode == 0, result.stderr
    assert "no 'messages'" in " ".join(result.stderr.split())
    names = sorted(p.name for p in (tmp_path / "out" / "social" / "youtube").iterdir())
    assert names == [
        "album-01-cover.jpg", "album-02-point-01.jpg", "album-03-point-02.jpg", "album-04-closing.jpg",
        "captions.csv", "captions.txt",
    ]
    assert not (tmp_path / "out" / "social" / "banner").exists()


def test_social_help_explains_the_platforms():
    result = flashgen("social", "--help")
    assert result.returncode == 0
    flat = " ".join(result.stdout.split())
    assert "story" in flat and "TikTok" in flat and "banner" in flat.lower()


def test_extra_fonts_are_added_to_the_bundled_ones(tmp_path):
    extra = tmp_path / "my-fonts"
    extra.mkdir()
    ok = flashgen("build", "--product", "flashcards", "--size", "social", "--content", str(DATA / "minimal.yaml"),
                  "--fonts", str(extra), "--out", str(tmp_path / "out"))
    assert ok.returncode == 0, ok.stderr
    (extra / "BeVietnamPro-Bold.ttf").write_bytes((Path(__file__).parents[2] / "fonts" / "be-vietnam-pro" / "BeVietnamPro-Bold.ttf").read_bytes())
    clash = flashgen("build", "--product", "flashcards", "--content", str(DATA / "minimal.yaml"), "--fonts", str(extra),
                     "--out", str(tmp_path / "out"))
    assert clash.returncode == 1 and "same name (BeVietnamPro-Bold)" in " ".join(clash.stderr.split())


def test_a_build_says_where_to_look_and_a_second_one_that_nothing_changed(tmp_path):
    out = tmp_path / "out"
    args = ("build", "--content", str(DATA / "minimal.yaml"), "--product", "flashcards", "--size", "social", "--size", "a6",
            "--out", str(out))
    first = flashgen(*args)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip().splitlines()[-1] == (  # the page to open first, the list for programs second
        f"Open {out}/index.html in a web browser to see them all: {(out / 'index.html').resolve().as_uri()} "
        f"(list of files: {out}/manifest.json)"
    )
    again = flashgen(*args)
    assert again.returncode == 0, again.stderr
    assert f"Nothing changed: 9 files are up to date in {out}/." in again.stdout and "Wrote" not in again.stdout


def test_the_manifest_gives_the_print_shop_deck_its_page_and_trim_and_screen_cards_carry_srgb(tmp_path):
    from PIL import Image

    out = tmp_path / "out"
    result = flashgen("build", "--content", str(DATA / "minimal.yaml"), "--product", "flashcards", "--size", "social",
                      "--size", "a6", "--out", str(out))
    assert result.returncode == 0, result.stderr
    entries = {e["path"]: e for e in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]}
    deck = entries["flashcards/flashcards-a6.pdf"]
    assert (deck["width_mm"], deck["height_mm"], deck["trim_width_mm"], deck["trim_height_mm"]) == (127, 170, 105, 148)
    with Image.open(out / "flashcards" / "social" / "front-01.png") as card:
        assert card.info.get("icc_profile")  # posted as it is to Facebook and Zalo: sRGB, like the social sets
    with Image.open(out / "flashcards" / "a6" / "front-01.png") as card:
        assert card.mode == "RGB"  # print cards are opaque
