"""Project settings (flashgen.yaml) and `flashgen init`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from flashgen.errors import FlashgenError
from flashgen.load.resources import (
    DEFAULT_CONTENT,
    DEFAULT_THEME,
    FONTS_DIR,
    THEMES_DIR,
)
from flashgen.options import CommandLine, PrintChoices, resolve_options
from flashgen.scaffold import create_project
from tests.conftest import DATA, tree_snapshot
from tests.e2e.test_cli import flashgen
from tests.load.strategies import mostly


def _project(tmp_path: Path, text: str) -> Path:
    (tmp_path / "flashgen.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_without_a_project_the_defaults_apply(tmp_path):
    options = resolve_options(CommandLine(), folder=tmp_path)
    assert options.content == DEFAULT_CONTENT and options.theme == DEFAULT_THEME
    assert options.out_dir == Path("out") and options.project_config is None


def test_project_settings_are_relative_to_the_file_and_the_command_line_wins(tmp_path):
    folder = _project(tmp_path, (
        "content: words.yaml\ntheme: do\nfonts: my-fonts\nproducts: [flashcards, print]\nsizes: [a7]\n"
        "print: {card: a7, sheet: a3, back_offset_mm: [1.5, -1]}\nsocial: {platforms: [zalo], only: album}\n"
    ))
    options = resolve_options(CommandLine(), folder=folder)
    assert options.content == folder / "words.yaml" and options.theme == THEMES_DIR / "do.yaml"
    assert options.font_dirs == (FONTS_DIR, folder / "my-fonts")
    assert options.products == ("flashcards", "print") and options.sizes == ("a7",)
    assert (options.printing.card, options.printing.sheet, options.printing.back_offset_mm) == ("a7", "a3", (1.5, -1.0))
    assert options.platforms == ("zalo",) and options.series == ("album",)
    assert options.out_dir == folder / "out" and options.project_config == folder / "flashgen.yaml"
    given = CommandLine(content=Path("other.yaml"), theme="xanh", products=("social",), printing=PrintChoices(sheet="a4"))
    options = resolve_options(given, folder=folder)
    assert options.content == Path("other.yaml") and options.theme == DEFAULT_THEME
    assert options.products == ("social",) and (options.printing.card, options.printing.sheet) == ("a7", "a4")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("contents: a.yaml\n", "line 1, 'contents': unknown setting"),
        ("products: [flashcards, stickers]\n", "unknown 'stickers'"),
        ("print: {margin_mm: wide}\n", "'margin_mm': expected a number"),
        ("social: {only: stories}\n", "unknown 'stories'"),
        ("layouts: {flashcards: poster}\n", "unknown 'poster'; choose from: contrast, statement, figure"),
        ("layouts: {flashcards: [contrast, statement]}\n", "'flashcards': expected one of: contrast"),
        ("layouts: {print: statement}\n", "'print': unknown setting"),
        ("layouts: {infographic: [list, map]}\n", "unknown 'map'; choose from: list, comparison, figures"),
    ],
)
def test_bad_project_settings_say_where(tmp_path, text, message):
    folder = _project(tmp_path, text)
    with pytest.raises(FlashgenError) as error:
        resolve_options(CommandLine(), folder=folder)
    assert message in error.value.message and "flashgen.yaml" in error.value.message


_PATHS = st.sampled_from(["words.yaml", "my-fonts", "/tmp", "", "  "])
_NAMES = st.lists(st.sampled_from(["flashcards", "social", "a6", "album", "messages", "zalo", "posters"]), max_size=3)
_NUMBERS = st.one_of(st.integers(-5, 10**6), st.floats(allow_nan=False, allow_infinity=False))
# Values of the right shape for each setting of a flashgen.yaml (valid or not); WRONG has unknown settings too.
_PROJECT_VALUES = {
    "content": _PATHS, "templates": _PATHS, "fonts": _PATHS, "out": _PATHS,
    "theme": st.sampled_from(["xanh", "do", "nothing", "themes/mine.yaml"]),
    "products": _NAMES, "sizes": _NAMES, "platforms": st.just({}),
    "print": st.fixed_dictionaries({}, optional={
        "card": st.sampled_from(["a6", "a7"]), "sheet": st.sampled_from(["a4", "a3"]), "flip": st.just("long"),
        "gutter_mm": _NUMBERS, "margin_mm": _NUMBERS, "back_offset_mm": st.lists(_NUMBERS, max_size=3),
    }),
    "social": st.fixed_dictionaries({}, optional={"platforms": _NAMES, "only": _NAMES}),
    "limits": st.dictionaries(st.sampled_from(["max_items", "max_yaml_depth", "max_pages"]), _NUMBERS, max_size=2),
    "layouts": st.dictionaries(
        st.sampled_from(["flashcards", "infographic", "print", "nope"]),
        st.one_of(_NAMES, st.sampled_from(["statement", "figure", "list", "comparison"]), _NUMBERS), max_size=2,
    ),
}
_PROJECT = st.fixed_dictionaries({}, optional={key: mostly(values) for key, values in _PROJECT_VALUES.items()})


@settings(max_examples=200, deadline=None, derandomize=True)
@given(document=mostly(_PROJECT))
def test_any_project_file_gives_options_or_a_flashgen_error(tmp_path_factory, document):
    folder = _project(tmp_path_factory.mktemp("project"), yaml.safe_dump(document, allow_unicode=True))
    try:
        options = resolve_options(CommandLine(), folder=folder)
    except FlashgenError as error:
        assert "flashgen.yaml" in error.message or "theme" in error.message
        return
    assert options.project_config == folder / "flashgen.yaml"


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    before = tree_snapshot(tmp_path)
    with pytest.raises(FlashgenError) as error:
        create_project(tmp_path)
    assert "not empty" in error.value.message
    assert tree_snapshot(tmp_path) == before


def test_init_then_check_and_build_in_the_project(tmp_path):
    """The acceptance of issue 6: `flashgen init x && cd x && flashgen build` works and check passes."""
    project = tmp_path / "chien-dich"
    made = flashgen("init", str(project))
    assert made.returncode == 0, made.stderr
    names = {p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()}
    assert {"flashgen.yaml", "content.yaml", "theme.yaml", "README.txt", "templates/flashcard-front-a6.svg"} <= names
    checked = flashgen("check", cwd=project)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = flashgen("build", "--jobs", "2", cwd=project)
    assert built.returncode == 0, built.stderr
    manifest = json.loads((project / "out" / "manifest.json").read_text(encoding="utf-8"))
    products = {entry["product"] for entry in manifest["files"]}
    assert products == {"flashcards", "print", "booklet", "leaflet", "social", "infographic", "tiled", "posters", "banners", "slides", "carousel"}
    assert (project / "out" / "index.html").is_file()
    # The project's own templates are used: a change there shows in the next build.
    front = project / "out" / "flashcards" / "social" / "front-01.png"
    before = front.read_bytes()
    template = project / "templates" / "flashcard-front-1080x1350.svg"
    template.write_text(template.read_text(encoding="utf-8").replace('font-size="34"', 'font-size="30"'), encoding="utf-8")
    rebuilt = flashgen("build", "-p", "flashcards", "-s", "social", cwd=project)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert front.read_bytes() != before


def test_layouts_in_the_project_reach_the_options(tmp_path):
    folder = _project(tmp_path, "layouts:\n  flashcards: statement\n  infographic: [list, figures]\n")
    options = resolve_options(CommandLine(), folder=folder)
    assert options.layout_of("flashcards") == ("statement",)
    assert options.layout_of("infographic") == ("list", "figures")
    assert options.layout_of("social") == ()


def test_limits_in_the_project_reach_the_build(tmp_path):
    folder = _project(tmp_path, f"content: {DATA / 'minimal.yaml'}\nlimits:\n  max_items: 1\n")
    options = resolve_options(CommandLine(), folder=folder)
    assert options.limits.max_items == 1
    failed = flashgen("build", "-p", "flashcards", "-s", "social", cwd=folder)
    assert failed.returncode == 1 and "max_items" in failed.stderr and "Traceback" not in failed.stderr


def _near(colour: tuple[int, int, int], hex_colour: str, tolerance: int = 12) -> bool:
    target = tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return all(abs(a - b) <= tolerance for a, b in zip(colour, target))


def _colours(path: Path, tmp_path: Path) -> list[tuple[int, int, int]]:
    """The colours of a rendered output: an image as it is, a PDF's first page at low resolution."""
    import subprocess

    from PIL import Image

    if path.suffix == ".pdf":
        subprocess.run(["pdftoppm", "-png", "-r", "20", "-f", "1", "-l", "1", "-singlefile", str(path), str(tmp_path / "page")],
                       check=True)
        path = tmp_path / "page.png"
    with Image.open(path) as image:
        small = image.convert("RGB").resize((120, max(1, 120 * image.height // image.width)))
        return [rgb for _, rgb in small.getcolors(maxcolors=1 << 16)]


def _fonts(path: Path) -> set[str]:
    import subprocess

    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return {row.split()[0].split("+")[-1].split("-")[0] for row in listing.splitlines()[2:]}


def test_switching_the_theme_in_the_config_restyles_every_product(tmp_path):
    """Issue 6: one line of flashgen.yaml changes the colours and fonts of every file made."""
    builds = {}
    for theme in ("xanh", "do"):
        folder = tmp_path / theme
        folder.mkdir()
        _project(folder, (
            f"content: {DATA / 'with-source.yaml'}\ntheme: {theme}\nsizes: [a6, social]\n"
            "social: {platforms: [zalo]}\n"
        ))
        result = flashgen("build", "--jobs", "2", cwd=folder)
        assert result.returncode == 0, result.stderr
        builds[theme] = json.loads((folder / "out" / "manifest.json").read_text(encoding="utf-8"))["files"]
    blue, red = ({entry["path"] for entry in builds[name]} for name in ("xanh", "do"))
    assert blue == red
    assert {entry["product"] for entry in builds["do"]} == {"flashcards", "print", "booklet", "leaflet", "social", "infographic", "tiled",
                                                            "posters", "slides", "carousel"}  # no messages, no theme: no banner
    checked = 0
    for entry in builds["do"]:
        if entry["format"] not in ("png", "jpeg", "pdf") or "calibration" in entry["path"]:
            continue  # captions, zips; the calibration sheet is black on white in every theme
        old, new = tmp_path / "xanh" / "out" / entry["path"], tmp_path / "do" / "out" / entry["path"]
        assert old.read_bytes() != new.read_bytes(), entry["path"]
        assert any(_near(c, "#0B2A5B") for c in _colours(old, tmp_path)), entry["path"]
        assert any(_near(c, "#9E1B1B") for c in _colours(new, tmp_path)), entry["path"]
        assert not any(_near(c, "#0B2A5B", 6) for c in _colours(new, tmp_path)), entry["path"]
        if entry["format"] == "pdf" and entry["product"] != "carousel":  # the carousel's pages are images, no font
            assert _fonts(old) == {"BeVietnamPro"} and _fonts(new) == {"NotoSerif"}, entry["path"]
        checked += 1
    assert checked > 20
