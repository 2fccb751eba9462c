"""Hostile and broken input, through the command line as a user meets it.

Every row of the matrix runs ``flashgen build`` (in this process, through
``flashgen.cli.main``) on an output folder that already holds a good build,
and checks the message (it names the file and the place), the exit code, that
no traceback is shown, and that the good build is still there byte for byte.
Rows where the build can honestly go on (unknown keys, invisible characters,
NFD text, a UTF-8 BOM) check the warning and the result instead. No row may
touch the network or read the sentinel files kept outside the project.
Fixtures: tests/data/hostile/.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import io
import os
import shutil
import socket
import struct
import sys
import threading
import time
import unicodedata
import urllib.request
import zlib
from pathlib import Path
from unittest import mock

import cairosvg.url
import pytest
from rich.console import Console

from flashgen import cli, terminal
from flashgen.build import build
from flashgen.load.content import load_campaign
from flashgen.load.presets import load_presets
from flashgen.load.resources import TEMPLATES_DIR
from flashgen.options import BuildOptions
from tests.conftest import DATA, tree_snapshot

HOSTILE = DATA / "hostile"
MINIMAL = DATA / "minimal.yaml"
SOCIAL = load_presets().card_sizes["social"]
FRONT, BACK = (SOCIAL.template_for("contrast", side) for side in ("front", "back"))
FLASHCARDS = ("--product", "flashcards", "--size", "social", "--jobs", "1")


def run_cli(*args: str) -> tuple[int, str]:
    """``flashgen *args`` in this process: (exit code, everything it printed, on one line)."""
    out, err = io.StringIO(), io.StringIO()
    wide = Console(stderr=True, width=10_000)  # no line breaks inside long paths
    code = 0
    with mock.patch.object(sys, "argv", ["flashgen", *args]), mock.patch.object(cli, "errors", wide), \
            mock.patch.object(terminal, "errors", wide), \
            contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            cli.main()
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
    return code, " ".join((out.getvalue() + err.getvalue()).split())


@pytest.fixture(scope="module")
def good_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """minimal.yaml built once (flashcards, size social) with the templates the matrix uses."""
    project = tmp_path_factory.mktemp("good")
    templates = _templates(project, HOSTILE / "good-front.svg")
    build(BuildOptions(content=MINIMAL, out_dir=project / "out", products=("flashcards",), sizes=("social",),
                       templates_dir=templates, jobs=1))
    return project / "out"


def _templates(project: Path, front: Path, outside: Path | None = None) -> Path:
    """A templates folder: the bundled social back and ``front`` (its @OUTSIDE@ made a real folder)."""
    folder = project / "templates"
    folder.mkdir(exist_ok=True)
    shutil.copy(TEMPLATES_DIR / BACK, folder / BACK)
    data = front.read_bytes()
    if outside is not None and b"@OUTSIDE@" in data:
        data = data.replace(b"@OUTSIDE@", str(outside).encode())
    (folder / FRONT).write_bytes(data)
    return folder


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Any attempt to connect or fetch a URL is recorded (and fails); the test then fails."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network access is disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr(cairosvg.url, "urlopen", refuse)
    yield
    assert attempts == [], f"network access attempted: {attempts}"


@pytest.fixture()
def outside(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A folder outside the project with sentinel files; the test fails if any of them is read."""
    folder = tmp_path / "outside"
    folder.mkdir()
    names = ["secret.svg", "secret.png", "secret.css", "secret.dtd", "secret.yaml"]
    (folder / "secret.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><rect id="shape" width="9" height="9"/></svg>')
    for name in names[1:]:
        (folder / name).write_text("SENTINEL: flashgen must never read this file\n")
    # Access times two days old: any read moves them (relatime updates an atime older than a day).
    old = time.time() - 2 * 86400
    for name in names:
        os.utime(folder / name, (old, time.time()))
    before = {name: os.stat(folder / name).st_atime for name in names}
    yield folder
    probe = folder / "probe"
    probe.write_text("x")
    os.utime(probe, (old, time.time()))
    probe.read_bytes()
    if os.stat(probe).st_atime != old:  # this file system records reads: the check means something
        assert {name: os.stat(folder / name).st_atime for name in names} == before, "a file outside the project was read"


@pytest.fixture()
def project(tmp_path: Path, good_build: Path) -> Path:
    """A project folder whose out/ holds a copy of the good build."""
    folder = tmp_path / "project"
    folder.mkdir()
    shutil.copytree(good_build, folder / "out")
    _templates(folder, HOSTILE / "good-front.svg")
    return folder


def _build(project: Path, content: Path, *extra: str) -> tuple[int, str]:
    return run_cli("build", "--content", str(content), "--out", str(project / "out"),
                   "--templates", str(project / "templates"), *FLASHCARDS, *extra)


def assert_refused(project: Path, content: Path, *expected: str, extra: tuple[str, ...] = ()) -> str:
    """The build fails with exit code 1, a message containing ``expected``, no traceback, and changes nothing."""
    before = tree_snapshot(project / "out")
    code, output = _build(project, content, *extra)
    assert code == 1, output
    assert output.startswith("Error:") or " Error: " in output, output
    assert "Traceback" not in output
    for part in expected:
        assert part in output, output
    assert tree_snapshot(project / "out") == before
    return output


def _variant(project: Path, old: str, new: str, name: str = "content.yaml") -> Path:
    text = MINIMAL.read_text(encoding="utf-8")
    assert old in text
    path = project / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


HEADING_1 = "Chuyển từ đầu tư sang thuê"


# --- YAML syntax, types, missing and unknown fields ------------------------------------------

@pytest.mark.parametrize(("fixture", "expected"), [
    ("malformed.yaml", "malformed.yaml, line 21, column 14: the text in quotes that starts here has no closing quote. "
     "Add the closing quote (\" or ') at the end of the text."),
    ("tabs.yaml", "tabs.yaml, line 4, column 1: a Tab character: indent with spaces only. This is a mistake"),
])
def test_malformed_yaml_names_line_and_column(project, fixture, expected):
    assert_refused(project, HOSTILE / fixture, expected)


@pytest.mark.parametrize(("old", "new", "expected"), [
    (f'heading: "{HEADING_1}"', "heading: [a, b]", "line 17, item 1 (number 1), field 'heading': expected text here."),
    (f'heading: "{HEADING_1}"', "heading: 2023-01-01", "line 17, item 1 (number 1), field 'heading': expected text here."),
    ("year: 2023", 'year: "năm nay"', "line 5, section 'campaign', field 'year': expected a year such as 2023."),
    ("items:\n", "items: 5\nold_items:\n", "line 15, field 'items': the content needs a non-empty list of items."),
    ('campaign:\n  title: "Hai điểm thử nghiệm"\n', 'campaign: Hai điểm\nold:\n  title: "Hai điểm thử nghiệm"\n',
     "line 2, section 'campaign': expected a block of 'name: value' lines here."),
    ('glossary:\n  - "chuyển đổi số"', "glossary: chuyển đổi số", "line 13, top level, field 'glossary': expected a list"),
    ("  - number: 2\n", "  - number: 2\n    text: {a: 1}\n", "line 21, item 2 (number 2), field 'text': expected text here."),
    ("  year: 2023\n", "  year: 2023\n  ? [a, b]\n  : c\n", "line 6, column 5: a name before ':' must be plain text"),
    (f'    heading: "{HEADING_1}"\n', "", "line 16, item 1 (number 1): the field 'heading' is missing."),
    ('  title: "Hai điểm thử nghiệm"\n', "", "line 3, section 'campaign': the field 'title' is missing."),
    ('  title: "Hai điểm thử nghiệm"\n', '  title: "   "\n', "line 3, section 'campaign', field 'title': the text is empty."),
])
def test_wrong_types_and_missing_fields(project, old, new, expected):
    assert_refused(project, _variant(project, old, new), "content.yaml, " + expected)


def test_unknown_keys_are_warnings_and_the_build_goes_on(project):
    content = _variant(project, "  year: 2023\n", "  year: 2023\n  colour: blue\n")
    code, output = _build(project, content)
    assert code == 0 and "Traceback" not in output
    assert "Warning: " in output and "content.yaml, line 6, section 'campaign': unknown field 'colour' is ignored" in output
    assert "Wrote 4 files" in output


@pytest.mark.parametrize("fixture", ["empty.yaml", "comments-only.yaml"])
def test_empty_content(project, fixture):
    assert_refused(project, HOSTILE / fixture, f"{fixture}: expected a content file with 'campaign:' and 'items:' sections (or a spreadsheet")


# --- sizes and YAML bombs --------------------------------------------------------------------

def test_ten_thousand_items_are_refused_by_the_item_limit(project):
    text = MINIMAL.read_text(encoding="utf-8").split("items:")[0] + "items:\n" + "".join(
        f'  - {{number: {n}, heading: "Điểm {n}", from: "Cũ.", to: "Mới."}}\n' for n in range(1, 10_001)
    )
    content = project / "many.yaml"
    content.write_text(text, encoding="utf-8")
    assert_refused(project, content, "many.yaml, line 16, field 'items': too many items: the file has 10,000 items, "
                   "more than 2,000 (limit `max_items` in flashgen.yaml; if the file is right, raise it there under `limits:`).")


def test_a_100000_character_field_is_refused_by_the_field_limit(project):
    content = _variant(project, "Mua phần cứng, phần mềm về dùng.", "Mua phần cứng. " * 6667)
    assert_refused(project, content, "content.yaml, line 22, item 2 (number 2), field 'from': the text is too long: "
                   "100,004 characters, more than 10,000 (limit `max_field_chars` in flashgen.yaml")


@pytest.mark.parametrize(("fixture", "expected"), [
    ("alias-bomb.yaml", "alias-bomb.yaml, line 7, column 7: with its aliases (*name) this block stands for too many values, "
     "more than 500,000 (limit `max_yaml_values` in flashgen.yaml"),
    ("merge-bomb.yaml", "merge-bomb.yaml, line 7, column 14: with its aliases (*name) this block stands for too many values"),
    ("recursive-alias.yaml", "recursive-alias.yaml, line 2, column 7: an alias (*name) refers to the block that contains it."),
    ("deep-nesting.yaml", "deep-nesting.yaml, line 2, column 56: blocks and lists are nested too deep, more than 50 "
     "(limit `max_yaml_depth` in flashgen.yaml"),
])
def test_yaml_bombs_are_refused_without_expanding(project, fixture, expected):
    assert_refused(project, HOSTILE / fixture, expected)


# --- characters -------------------------------------------------------------------------------

@pytest.mark.parametrize(("old", "new", "expected"), [
    (f'"{HEADING_1}"', '"Chuyển từ đầu\\x07 tư sang thuê"',
     "line 17, item 1 (number 1), field 'heading': the invisible control character U+0007 is not allowed"),
    (f'"{HEADING_1}"', '"Chuyển từ đầu\\0 tư sang thuê"',
     "line 17, item 1 (number 1), field 'heading': the invisible control character U+0000 is not allowed"),
    ('"Thuê dịch vụ', '"Thuê\\x85 dịch\\x1b vụ', "line 19, item 1 (number 1), field 'to': the invisible control character U+001B"),
    (f'"{HEADING_1}"', '"Chuyển \\ud83d từ"', "line 17, item 1 (number 1), field 'heading': U+D83D is half of a broken character"),
    (HEADING_1, "Chuyển từ \u202eđầu tư sang thuê",
     "line 17, item 1 (number 1), field 'heading': the text-direction character U+202E RIGHT-TO-LEFT OVERRIDE is not allowed"),
    (HEADING_1, "\u2067Chuyển từ đầu tư sang thuê\u2069",
     "line 17, item 1 (number 1), field 'heading': the text-direction character U+2067 RIGHT-TO-LEFT ISOLATE"),
    ('credit: "Nguồn', 'credit: "\u200fNguồn', "line 7, section 'source', field 'credit': the text-direction character U+200F"),
])
def test_control_and_bidi_characters_are_refused_by_code_point(project, old, new, expected):
    assert_refused(project, _variant(project, old, new), "content.yaml, " + expected)


def test_a_raw_control_character_names_its_line(project):
    content = _variant(project, HEADING_1, "Chuyển từ đầu\x07 tư sang thuê")
    assert_refused(project, content, "content.yaml, line 17: the invisible control character U+0007 is not allowed")


def test_zero_width_characters_and_soft_hyphens_are_removed_with_a_warning(project, good_build):
    content = _variant(project, HEADING_1, "Chuyển\u200b từ đầu\u00ad tư sang\u200c thu\u200dê\u2060")
    code, output = _build(project, content)
    assert code == 0 and "Traceback" not in output
    assert ("content.yaml, line 17, item 1 (number 1), field 'heading': removed the invisible character(s) "
            "U+00AD SOFT HYPHEN, U+200B ZERO WIDTH SPACE, U+200C ZERO WIDTH NON-JOINER, U+200D ZERO WIDTH JOINER, "
            "U+2060 WORD JOINER") in output
    assert load_campaign(content).items[0].heading == HEADING_1
    # Once removed, the card is exactly the card of the clean text.
    assert (project / "out/flashcards/social/front-01.png").read_bytes() == (good_build / "flashcards/social/front-01.png").read_bytes()


@pytest.mark.parametrize(("old", "new", "character"), [
    (HEADING_1, "Chuyển từ đầu tư sang thuê 🚀", "'🚀' (U+1F680)"),
    (HEADING_1, "Chuyển từ đầu tư sang thuê 👍🏽", "'🏽' (U+1F3FD), '👍' (U+1F44D)"),
    (HEADING_1, "Chuyển từ đầu tư 中文", "'中' (U+4E2D), '文' (U+6587)"),
    (HEADING_1, "Chuyển từ đầu tư ★", "'★' (U+2605)"),
    (HEADING_1, "Chuyển từ đầu tư \ue000", "'\ue000' (U+E000)"),
])
def test_characters_outside_every_bundled_font_are_refused(project, old, new, character):
    assert_refused(project, _variant(project, old, new), "content.yaml, line 16, card 1 (front, size 'social'), field 'heading': "
                   f"the font 'Be Vietnam Pro' weight 800 has no glyph for {character}. Remove or replace these characters.")


@pytest.mark.parametrize(("fixture", "expected"), [
    ("windows-1258.yaml", "windows-1258.yaml, line 3: the file is not UTF-8 text. Save it again as UTF-8"),
    ("utf-16.yaml", "utf-16.yaml, line 1: the file is not UTF-8 text (it is saved as UTF-16). Save it again as UTF-8"),
])
def test_files_not_in_utf8_say_to_save_as_utf8(project, fixture, expected):
    assert_refused(project, HOSTILE / fixture, expected)


@pytest.mark.parametrize("fixture", ["utf-8-bom.yaml", "nfd.yaml", "mixed-normalisation.yaml"])
def test_bom_and_nfd_text_build_exactly_like_plain_nfc(project, good_build, fixture):
    content = HOSTILE / fixture
    if fixture != "utf-8-bom.yaml":
        assert not unicodedata.is_normalized("NFC", content.read_text(encoding="utf-8"))
    code, output = _build(project, content)
    assert code == 0 and "Traceback" not in output and "Warning" not in output
    for name in ("front-01.png", "back-01.png", "front-02.png", "back-02.png"):
        assert (project / "out/flashcards/social" / name).read_bytes() == (good_build / "flashcards/social" / name).read_bytes()


# --- names of output files --------------------------------------------------------------------

@pytest.mark.parametrize("number", ['"../../x"', "CON", "a/b", "nul.txt", "1.5", "-3", "1" + "0" * 17])
def test_item_numbers_that_would_make_bad_file_names_are_refused(project, number):
    content = _variant(project, "number: 1", f"number: {number}")
    assert_refused(project, content, "content.yaml, line 16, item 1, field 'number': expected a whole number such as 3 (at most 99999).")


def test_output_file_names_stay_inside_the_folder_and_are_valid_on_windows(good_build):
    names = [p.relative_to(good_build) for p in good_build.rglob("*") if p.is_file()]
    assert names
    for name in names:
        assert all(part.replace("-", "").replace(".", "").replace("_", "").isalnum() for part in name.parts), name
        assert name.stem.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL"}, name


@pytest.mark.parametrize("name", ['"../../escape"', "CON", "nul", "a/b", '"com1"', "Instagram"])
def test_platform_names_from_a_project_config_that_would_escape_or_break_on_windows(project, name):
    config = project / "flashgen.yaml"
    config.write_text(f"platforms:\n  {name}: {{label: x, pixels: [1080, 1350], format: png, max_mb: 8}}\n", encoding="utf-8")
    assert_refused(project, MINIMAL, f"flashgen.yaml, line 2, platform '{name.strip(chr(34))}': a platform name becomes a folder name",
                   extra=("--config", str(config)))
    assert sorted(p.name for p in project.parent.rglob("*") if "escape" in p.name or p.name.upper() == "CON") == []


# --- templates --------------------------------------------------------------------------------

@pytest.mark.parametrize(("fixture", "expected"), [
    ("not-svg.svg", ", line 1: the template is not valid SVG/XML (Start tag expected"),
    ("html.svg", ": this file is not an SVG image (its top element is not <svg>)."),
    ("truncated.svg", ", line 5: the template is not valid SVG/XML"),
    ("no-frames.svg", ": it has no text frames (data-field) and no {{field}} placeholders."),
    ("missing-font.svg", ", element <text> on line 5: the font 'Nope Sans' is not available to flashgen"),
    ("bad-transform.svg", ", element 'heading-frame': transform=\"scale()\" is not a valid SVG transform."),
    ("bad-viewbox.svg", ": the <svg> element needs a viewBox of four numbers"),
])
def test_broken_templates(project, fixture, expected):
    _templates(project, HOSTILE / fixture)
    assert_refused(project, MINIMAL, f"{FRONT}{expected}")


def test_a_template_the_renderer_cannot_draw(project):
    _templates(project, HOSTILE / "pattern-itself.svg")
    assert_refused(project, MINIMAL, f"flashcards/social/front-01.png (template {project / 'templates' / FRONT}): "
                   "the drawing could not be rendered (RecursionError")


def test_a_clone_of_itself_is_refused_before_drawing(project):
    _templates(project, HOSTILE / "use-itself.svg")
    assert_refused(project, MINIMAL, f"template {project / 'templates' / FRONT}: a <use> (or the group it is in, id 'loop') "
                   "refers, through others, to itself: nothing could draw it.")


def test_empty_template(project):
    (project / "templates" / FRONT).write_bytes(b"")
    assert_refused(project, MINIMAL, f"{FRONT}, line 1: the template is not valid SVG/XML (Document is empty")


@pytest.mark.parametrize(("fixture", "expected"), [
    ("image-outside.svg", "element 'logo': the image is linked ('../../outside/secret.png'), not embedded."),
    ("image-file-url.svg", "element 'logo': the image is linked ('file://"),
    ("image-http.svg", "element 'logo': the image is linked ('http://127.0.0.1:9/logo.png'), not embedded."),
    ("image-https.svg", "element 'logo': the image is linked ('https://example.com/logo.png'), not embedded."),
    ("use-file-url.svg", "element 'reuse': <use> links to 'file://"),
    ("use-relative.svg", "element 'reuse': <use> links to '../../outside/secret.svg#shape', outside the file"),
    ("fe-image.svg", "element 'pulled': <feImage> links to 'file://"),
    ("css-url.svg", "element 'painted': it refers to url(http://127.0.0.1:9/paint.svg#p), outside the file"),
    ("style-import.svg", "element 'styles': the style imports another stylesheet (@import)"),
    ("xml-stylesheet.svg", ": it links a stylesheet (<?xml-stylesheet …?>)"),
    ("xinclude.svg", "element <include> on line 5: <include> links to 'file://"),
    ("xxe.svg", ": the template declares XML entities, which flashgen refuses for safety."),
    ("xxe-utf-16.svg", ": the template uses XML entities, which flashgen refuses for safety."),
    ("billion-laughs.svg", ": the template declares XML entities, which flashgen refuses for safety."),
])
def test_templates_that_reach_outside_are_refused(project, outside, fixture, expected):
    _templates(project, HOSTILE / fixture, outside)
    assert_refused(project, MINIMAL, FRONT, expected)


@pytest.mark.parametrize("fixture", ["doctype-system.svg", "doctype-public.svg"])
def test_a_doctype_is_accepted_but_never_loaded(project, outside, good_build, fixture):
    _templates(project, HOSTILE / fixture, outside)
    code, output = _build(project, MINIMAL)
    assert code == 0 and "Traceback" not in output
    assert (project / "out/flashcards/social/front-01.png").read_bytes() == (good_build / "flashcards/social/front-01.png").read_bytes()


@pytest.mark.parametrize(("icon", "expected"), [
    ("no-such-icon", "there is no icon called 'no-such-icon'"),
    ("../../outside/secret", "there is no icon called '../../outside/secret'"),
])
def test_a_missing_icon_is_named_with_its_item(project, outside, icon, expected):
    content = _variant(project, f'    heading: "{HEADING_1}"\n', f'    heading: "{HEADING_1}"\n    icon: "{icon}"\n')
    before = tree_snapshot(project / "out")
    code, output = run_cli("build", "--content", str(content), "--out", str(project / "out"), "--product", "infographic", "--jobs", "1")
    assert code == 1 and "Traceback" not in output
    assert "content.yaml, line 16, item 1" in output and expected in output, output
    assert tree_snapshot(project / "out") == before


def test_a_block_taller_than_a_booklet_page_is_named(project):
    content = _variant(project, 'credit: "Nguồn: tài liệu thử nghiệm"', 'credit: "Nguồn"\n  url: "https://example.com/' + "x" * 2000 + '"')
    before = tree_snapshot(project / "out")
    code, output = run_cli("build", "--content", str(content), "--out", str(project / "out"), "--product", "booklet", "--jobs", "1")
    assert code == 1 and "Traceback" not in output
    assert "content.yaml: the booklet cannot fit a block of text on one page. Shorten the longest text" in output, output
    assert tree_snapshot(project / "out") == before


A6_FRONT, A6_BACK = (load_presets().card_sizes["a6"].template_for("contrast", side) for side in ("front", "back"))
# A pattern painted with itself, closing a template: the renderer recurses without end.
SELF_PAINTED = (b'<defs><pattern id="tiles" width="4" height="4" patternUnits="userSpaceOnUse">'
                b'<rect width="4" height="4" fill="url(#tiles)"/></pattern></defs>'
                b'<rect width="10" height="10" fill="url(#tiles)"/></svg>')


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_template_the_renderer_cannot_draw_in_the_print_deck(project, jobs):
    """`flashgen print` draws the cards as PDF pages only (no images first): the same message, not a traceback."""
    templates = project / "print-templates"
    templates.mkdir()
    shutil.copy(TEMPLATES_DIR / A6_BACK, templates / A6_BACK)
    front = (TEMPLATES_DIR / A6_FRONT).read_bytes().replace(b"</svg>", SELF_PAINTED)
    (templates / A6_FRONT).write_bytes(front)
    before = tree_snapshot(project / "out")
    code, output = run_cli("print", "--content", str(MINIMAL), "--out", str(project / "out"),
                           "--templates", str(templates), "--jobs", jobs)
    assert code == 1, output
    assert "Traceback" not in output and "Exception ignored" not in output, output[:2000]
    assert (f"Error: the PDF of the 'a6' cards: page 1 (template {templates / A6_FRONT}): "
            "the drawing could not be rendered (RecursionError") in output, output[:2000]
    assert tree_snapshot(project / "out") == before


def test_a_template_the_renderer_cannot_draw_is_named_by_check(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    for template in TEMPLATES_DIR.glob("*.svg"):
        shutil.copy(template, templates / template.name)
    front = templates / A6_FRONT
    front.write_bytes(front.read_bytes().replace(b"</svg>", SELF_PAINTED))
    code, output = run_cli("check", "--templates", str(templates))  # the bundled content: every field is checked
    assert code == 1, output
    assert "Traceback" not in output
    assert f"[render-failed] template {front}: the drawing could not be rendered (RecursionError" in output, output[:2000]


# ---- links and system folders where flashgen writes (issue 17) -----------------------------------

def _everything(folder: Path) -> dict[str, bytes | str]:
    """Every path below ``folder`` (links not followed): a file's bytes, a link's target, or "folder"."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        relative = str(path.relative_to(folder))
        if path.is_symlink():
            found[relative] = "link to " + os.readlink(path)
        elif path.is_dir():
            found[relative] = "folder"
        else:
            found[relative] = path.read_bytes()
    return found


def _link_in_out(tmp_path: Path, out: Path, link: str, target_exists: bool) -> None:
    """Replace ``out/link`` with a link to ``tmp_path/victim`` (a file or a folder of the user's, or nothing)."""
    victim = tmp_path / "victim"
    if target_exists and link == "flashcards":
        victim.mkdir()
        (victim / "keep.png").write_bytes(b"the user's picture")
    elif target_exists:
        victim.write_bytes(b"the user's own file\n")
    if (out / link).is_dir():
        shutil.rmtree(out / link)
    else:
        (out / link).unlink(missing_ok=True)
    (out / link).symlink_to(os.path.relpath(victim, out))


def _assert_link_refused(code: int, output: str, link: Path) -> None:
    assert code == 1, output
    assert f"Error: {link} is a link; flashgen does not write through links. Remove it, then build again." in output
    assert "Traceback" not in output


@pytest.mark.parametrize("link", [".flashgen.lock", ".index.html.partial", "index.html", "manifest.json", "flashcards"])
@pytest.mark.parametrize("target_exists", [True, False], ids=["to-a-file", "dangling"])
def test_build_refuses_a_link_where_it_writes_and_leaves_its_target_untouched(tmp_path, project, link, target_exists):
    out = project / "out"
    _link_in_out(tmp_path, out, link, target_exists)
    before = _everything(tmp_path)  # the link's target byte for byte, and nothing new anywhere
    _assert_link_refused(*_build(project, MINIMAL, "--force"), out / link)
    assert _everything(tmp_path) == before


@pytest.mark.parametrize("link", [".index.html.partial", "index.html"])
@pytest.mark.parametrize("target_exists", [True, False], ids=["to-a-file", "dangling"])
def test_preview_refuses_a_link_where_it_writes_and_leaves_its_target_untouched(tmp_path, project, link, target_exists):
    out = project / "out"
    _link_in_out(tmp_path, out, link, target_exists)
    before = _everything(tmp_path)
    _assert_link_refused(*run_cli("preview", "--out", str(out)), out / link)
    assert _everything(tmp_path) == before


def test_an_output_folder_that_is_the_home_folder_is_refused(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    (home / "letter.txt").write_text("the user's own file", encoding="utf-8")
    (tmp_path / "out").symlink_to(home)
    monkeypatch.setenv("HOME", str(home))
    before = _everything(tmp_path)
    for out, shown in [(home, f"{home} is your home folder"), (tmp_path / "out", f"{tmp_path / 'out'} (which is {home}) is your home folder")]:
        code, output = run_cli("build", "--content", str(MINIMAL), "--out", str(out), *FLASHCARDS)
        assert code == 1
        assert f"Error: {shown}; flashgen does not write its files there. Choose a folder for the build with --out, such as out (--out out), then build again." in output
    assert _everything(tmp_path) == before


def test_an_empty_home_folder_may_be_the_output_folder(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    code, output = run_cli("build", "--content", str(MINIMAL), "--out", str(home), *FLASHCARDS)
    assert code == 0, output
    assert (home / "manifest.json").is_file() and (home / "index.html").is_file()
    code, output = run_cli("build", "--content", str(MINIMAL), "--out", str(home), *FLASHCARDS)
    assert code == 1 and "is your home folder" in output  # no longer empty: the next build is refused


# --- issue 17: no traceback on any path ------------------------------------------------------

def assert_command_refused(project: Path, args: tuple[str, ...], *expected: str) -> str:
    """``flashgen *args`` fails with exit code 1, the message, no traceback, and changes nothing in the project."""
    before = tree_snapshot(project)
    code, output = run_cli(*args)
    assert code == 1, output
    assert "Traceback" not in output, output
    for part in expected:
        assert part in output, output
    assert tree_snapshot(project) == before
    return output


def _check(content: Path, *extra: str) -> tuple[str, ...]:
    return ("check", "--content", str(content), "--product", "flashcards", "--size", "social", *extra)


def _config(project: Path, text: str) -> Path:
    config = project / "flashgen.yaml"
    config.write_text(text, encoding="utf-8")
    return config


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("  year: 2023\n", '  year: 2023\n  "[/oops]": 1\n', "Warning: " + "{content}, line 6, section 'campaign': unknown field '[/oops]' is ignored"),
    ("  year: 2023\n", '  year: 2023\n  "[red]": 1\n  "[link=x]": 2\n', "unknown field '[red]' is ignored"),
    ("  year: 2023\n", '  year: 2023\n  "[link=x]": 2\n  "ends with \\\\": 3\n', "unknown field '[link=x]' is ignored"),
])
def test_user_text_in_warnings_is_printed_as_written(project, old, new, expected):
    content = _variant(project, old, new)
    code, output = _build(project, content)
    assert code == 0 and "Traceback" not in output, output
    assert expected.format(content=content) in output, output
    assert "Wrote 4 files" in output


def test_user_text_in_errors_is_printed_as_written(project):
    folder = project / "camp [/b]"
    folder.mkdir(parents=True)
    content = _variant(project, "year: 2023", 'year: "[red]năm nay"', name="camp [/b]/content.yaml")
    assert_refused(project, content, f"Error: {folder}/content.yaml, line 5, section 'campaign', field 'year': expected a year")


def test_an_icon_name_with_markup_is_named_as_written(project):
    content = _variant(project, f'    heading: "{HEADING_1}"\n', f'    heading: "{HEADING_1}"\n    icon: "[/x]"\n')
    assert_command_refused(project, ("build", "--content", str(content), "--out", str(project / "out"),
                                     "--product", "infographic", "--jobs", "1"),
                           "content.yaml, line 16, item 1", "there is no icon called '[/x]'")


HUGE = "9" * 5000
HUGE_MESSAGE = "the number 99999999999999999999… (5,000 characters) is too long: numbers here have at most 18 digits."


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_huge_integer_in_content_is_refused(project, command):
    content = _variant(project, "year: 2023", f"year: {HUGE}")
    expected = f"{content}, line 5, column 9: {HUGE_MESSAGE}"
    if command == "build":
        assert_refused(project, content, expected)
    else:
        assert_command_refused(project, _check(content), expected)


def test_a_huge_integer_in_the_project_file_is_refused(project):
    config = _config(project, f"limits:\n  max_items: {HUGE}\n")
    assert_refused(project, MINIMAL, f"{config}, line 2, column 14: {HUGE_MESSAGE}", extra=("--config", str(config)))


def test_a_year_beyond_four_digits_is_refused(project):
    content = _variant(project, "year: 2023", "year: 123456789")
    assert_refused(project, content, "content.yaml, line 5, section 'campaign', field 'year': expected a year such as 2023.")


def _print(project: Path, *extra: str) -> tuple[str, ...]:
    return ("print", "--content", str(MINIMAL), "--out", str(project / "out"), "--jobs", "1", *extra)


@pytest.mark.parametrize(("option", "value", "expected"), [
    ("--gutter", "nan", "Error: --gutter nan: expected millimetres from 0 to 50."),
    ("--gutter", "inf", "Error: --gutter inf: expected millimetres from 0 to 50."),
    ("--margin", "nan", "Error: --margin nan: expected millimetres from 0 to 50."),
    ("--margin", "1e308", "Error: --margin 1e+308: expected millimetres from 0 to 50."),
    ("--back-offset", "nan,nan", "Error: --back-offset nan,nan: expected millimetres from -50 to 50."),
    ("--back-offset", "inf,-inf", "Error: --back-offset inf,-inf: expected millimetres from -50 to 50."),
    ("--back-offset", "1e308,0", "Error: --back-offset 1e+308,0: expected millimetres from -50 to 50."),
])
def test_print_options_must_be_finite_millimetres_in_range(project, option, value, expected):
    assert_command_refused(project, _print(project, option, value), expected)


@pytest.mark.parametrize(("setting", "expected"), [
    ("gutter_mm: .nan", "line 2, 'gutter_mm': expected millimetres from 0 to 50."),
    ("margin_mm: -.inf", "line 2, 'margin_mm': expected millimetres from 0 to 50."),
    ("back_offset_mm: [.inf, 0]", "line 2, 'back_offset_mm': expected millimetres from -50 to 50."),
    ("back_offset_mm: [1.0e+308, 0]", "line 2, 'back_offset_mm': expected millimetres from -50 to 50."),
])
def test_print_settings_in_the_project_file_must_be_finite_millimetres_in_range(project, setting, expected):
    config = _config(project, f"print:\n  {setting}\n")
    assert_command_refused(project, _print(project, "--config", str(config)), f"Error: {config}, {expected}")


LONG_URL = "https://example.com/" + "x" * 2980
URL_MESSAGE = ("line 8, section 'source', field 'url': the link is too long for a QR code: 3,000 characters (bytes), "
               "and a QR code holds at most 2,213. Use a shorter link, e.g. from a link shortener.")


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_link_too_long_for_a_qr_code_is_named(project, command):
    content = _variant(project, 'credit: "Nguồn: tài liệu thử nghiệm"', f'credit: "Nguồn"\n  url: "{LONG_URL}"')
    if command == "build":
        assert_refused(project, content, f"{content}, {URL_MESSAGE}")
    else:
        assert_command_refused(project, _check(content), f"{content}, {URL_MESSAGE}")


def test_an_out_folder_name_too_long_is_refused(project):
    out = project / ("a" * 300)
    assert_command_refused(project, ("build", "--content", str(MINIMAL), "--out", str(out), *FLASHCARDS),
                           f"Error: the folder name '{'a' * 40}…' is too long: 300 bytes, and at most 255 fit. "
                           "Choose a shorter name.")


def test_an_init_folder_name_too_long_is_refused(project):
    assert_command_refused(project, ("init", str(project / ("a" * 300))),
                           f"Error: the folder name '{'a' * 40}…' is too long: 300 bytes, and at most 241 fit.")


NOT_ORDINARY = "this is not an ordinary file (it is a device, a pipe or a socket); give the name of a file saved on disk."


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_device_as_content_is_refused_without_reading_it(project, command):
    config = _config(project, "content: /dev/zero\n")
    args = ("build", "--out", str(project / "out"), *FLASHCARDS) if command == "build" else ("check",)
    assert_command_refused(project, (*args, "--config", str(config)), f"/dev/zero: {NOT_ORDINARY}")


def _write_empty_files_into(pipe: Path, done: threading.Event) -> None:
    while not done.is_set():
        os.close(os.open(pipe, os.O_WRONLY))  # returns once a reader opens the pipe, which then reads an empty file


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_named_pipe_as_content_is_refused_without_waiting(project, command):
    pipe = project / "content.yaml"
    os.mkfifo(pipe)
    # A writer for every reader: were the pipe read, the test would fail on the message instead of waiting for ever.
    done = threading.Event()
    writer = threading.Thread(target=_write_empty_files_into, args=(pipe, done), daemon=True)
    writer.start()
    try:
        args = ("build", "--out", str(project / "out"), *FLASHCARDS) if command == "build" else ("check",)
        assert_command_refused(project, (*args, "--content", str(pipe)), f"{pipe}: {NOT_ORDINARY}")
    finally:
        done.set()
        os.close(os.open(pipe, os.O_RDONLY | os.O_NONBLOCK))  # lets the waiting writer see ``done``
        writer.join(5)


def test_a_device_as_template_is_refused(project):
    (project / "templates" / FRONT).unlink()
    (project / "templates" / FRONT).symlink_to("/dev/zero")
    assert_refused(project, MINIMAL, f"{FRONT}: {NOT_ORDINARY}")


def test_more_jobs_than_cores_are_capped_with_a_note(project, monkeypatch):
    monkeypatch.setattr("flashgen.render.jobs.default_workers", lambda: 2)
    code, output = run_cli("build", "--content", str(MINIMAL), "--out", str(project / "out"),
                           "--templates", str(project / "templates"), "--product", "flashcards", "--size", "social",
                           "--jobs", "64", "--force")
    assert code == 0 and "Traceback" not in output, output
    assert "Note: --jobs 64 is more than the 2 processor core(s) available; using 2." in output


def test_workers_that_cannot_start_are_a_clear_error(project, monkeypatch):
    monkeypatch.setattr("flashgen.render.jobs.default_workers", lambda: 2)

    def no_more_processes() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_more_processes)
    assert_command_refused(project, ("build", "--content", str(MINIMAL), "--out", str(project / "out"),
                                     "--templates", str(project / "templates"), "--product", "flashcards",
                                     "--size", "social", "--jobs", "2", "--force"),
                           "Error: could not start 2 processes to draw the images (Resource temporarily unavailable): "
                           "the computer is running as many programs as it allows. Close some, or run again with --jobs 1.")


def test_many_values_without_aliases_do_not_mention_aliases(project):
    config = _config(project, "limits:\n  max_yaml_values: 20\n")
    output = assert_refused(project, MINIMAL, "minimal.yaml, line 11, column 13: the file holds too many values, more than 20",
                            extra=("--config", str(config)))
    assert "alias" not in output


def test_a_missing_closing_quote_is_named_where_the_quote_opens(project):
    content = _variant(project, f'heading: "{HEADING_1}"', f'heading: "{HEADING_1}')
    assert_refused(project, content, "content.yaml, line 17, column 14: the text in quotes that starts here has no closing "
                   "quote. Add the closing quote (\" or ') at the end of the text.")


def test_python_tags_are_refused_in_plain_words(project):
    content = _variant(project, f'heading: "{HEADING_1}"', "heading: !!python/object/apply:os.system [ls]")
    assert_refused(project, content, "content.yaml, line 17, column 14: the tag '!!python/object/apply:os.system' is not "
                   "allowed: write plain text, numbers, lists and 'name: value' blocks only.")


def test_a_template_nested_too_deeply_names_the_limit(project):
    front = project / "deep.svg"
    good = (HOSTILE / "good-front.svg").read_text(encoding="utf-8")
    front.write_text(good.replace("</svg>", "<g>" * 300 + "</g>" * 300 + "</svg>"), encoding="utf-8")
    _templates(project, front)
    assert_refused(project, MINIMAL, f"{FRONT}, line ", ": the template nests elements too deeply (groups inside groups more "
                   "than 256 levels deep). Ungroup some of them in your editor (Inkscape: Object → Ungroup).")


# --- issue 17: images (the theme's logo, images embedded in a template) ----------------------

SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="120" height="60">'


def _svg(body: str) -> bytes:
    return f"{SVG_OPEN}{body}</svg>".encode()


def _png_header(width: int, height: int) -> bytes:
    """The start of a PNG that claims ``width`` × ``height`` pixels (a few bytes: no pixels follow)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))


def _use_bomb() -> bytes:
    """A few kilobytes of SVG that draw a 300-point path 100,000 times through clones of clones."""
    path = "M0 0 " + " ".join(f"L{i % 100} {i % 60}" for i in range(300))
    groups = "".join(f'<g id="l{level}">' + f'<use xlink:href="#l{level - 1}"/>' * 10 + "</g>" for level in range(1, 6))
    return _svg(f'<defs><path id="l0" d="{path}"/>{groups}</defs><use xlink:href="#l5"/>')


TEXT_IN = '<text x="4" y="40" font-family="{family}" font-size="20">{text}</text>'
UNKNOWN_FONT = _svg(TEXT_IN.format(family="Nope Sans", text="ACME"))
NO_GLYPH = _svg(TEXT_IN.format(family="Be Vietnam Pro", text="ACME ★"))
CORRUPT_PNG = _png_header(40, 20) + b"\x00\x00\x00\x10IDAT" + bytes(range(16)) + b"damaged"
HUGE_PNG = _png_header(30_000, 30_000)
FONT_MESSAGE = "element <text> on line 1: the font 'Nope Sans' is not available to flashgen (fonts available: "
GLYPH_MESSAGE = ("element <text> on line 1: the font 'Be Vietnam Pro' weight 400 has no glyph for '★' (U+2605). "
                 "Remove or replace these characters.")
UNREADABLE = ("the image cannot be read: it is damaged, cut short or not an image. "
              "Open it in an image editor and save it again as PNG or JPEG.")
TOO_MANY_PIXELS = ("the image is too large: 30,000 × 30,000 = 900,000,000 pixels, more than 50,000,000 "
                   "(limit `max_image_pixels` in flashgen.yaml")
TOO_MUCH_DRAWING = ("the SVG image asks for too much drawing, counting every shape as often as a <use> (clone) repeats it: "
                    "127,557,952 points and shapes, more than 200,000 (limit `max_template_drawing`")


def _front_with(project: Path, extra: str) -> None:
    """The hostile tests' good front with ``extra`` (an image, a logo frame) added at its end."""
    front = project / "front.svg"
    front.write_text((HOSTILE / "good-front.svg").read_text(encoding="utf-8").replace("</svg>", extra + "</svg>"),
                     encoding="utf-8")
    _templates(project, front)


LOGO_FRAME = '<rect id="logo-frame" x="96" y="96" width="200" height="100" data-image="theme.logo"/>'


def _logo_theme(project: Path, name: str, data: bytes) -> tuple[str, ...]:
    """``--theme`` with a theme whose logo is ``name`` holding ``data``, placed by the front template."""
    (project / name).write_bytes(data)
    (project / "theme.yaml").write_text(f"base: xanh\nlogo: {name}\n", encoding="utf-8")
    _front_with(project, LOGO_FRAME)
    return ("--theme", str(project / "theme.yaml"))


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("logo.svg", UNKNOWN_FONT, "Error: the theme's logo {logo}, " + FONT_MESSAGE),
    ("logo.svg", NO_GLYPH, "Error: the theme's logo {logo}, " + GLYPH_MESSAGE),
    ("logo.png", CORRUPT_PNG, "Error: {theme}, line 2: the logo {logo}: " + UNREADABLE),
    ("logo.png", b"\x00" * 64, "Error: {theme}, line 2: the logo {logo}: " + UNREADABLE),
    ("logo.jpg", b"\xff\xd8\xff\xe0 not really a JPEG", "Error: {theme}, line 2: the logo {logo}: " + UNREADABLE),
    ("logo.png", HUGE_PNG, "Error: {theme}, line 2: the logo {logo}: " + TOO_MANY_PIXELS),
    ("logo.svg", _use_bomb(), "Error: {theme}, line 2: the logo {logo}: " + TOO_MUCH_DRAWING),
    ("logo.svg", b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "x">]>' + _svg("&x;"),
     "Error: {theme}, line 2: the logo {logo}: the SVG image declares XML entities, which flashgen refuses for safety."),
    ("logo.svg", _svg('<use xlink:href="../outside.svg#shape"/>'),
     "Error: {theme}, line 2: the logo {logo}, element <use> on line 1: <use> links to '../outside.svg#shape', outside the file"),
    ("logo.svg", b"<svg", "Error: {theme}, line 2: the logo {logo}: line 1: the SVG image is not valid SVG/XML"),
    ("logo.png", UNKNOWN_FONT, "Error: {theme}, line 2: the logo {logo}: the file's name says PNG but it holds an SVG drawing."),
])
def test_a_broken_or_hostile_logo_names_the_logo_file(project, name, data, expected):
    theme = _logo_theme(project, name, data)
    assert_refused(project, MINIMAL, expected.format(theme=f"theme {theme[1]}", logo=project / name), extra=theme)


def _data_uri(media_type: str, data: bytes) -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


@pytest.mark.parametrize(("media_type", "data", "expected"), [
    ("image/svg+xml", UNKNOWN_FONT, ", " + FONT_MESSAGE),
    ("image/svg+xml", NO_GLYPH, ", " + GLYPH_MESSAGE),
    ("image/png", HUGE_PNG, ": " + TOO_MANY_PIXELS),
    ("image/png", CORRUPT_PNG, ": " + UNREADABLE),
    ("image/jpeg", b"\xff\xd8\xff\xdb garbage", ": " + UNREADABLE),
    ("image/svg+xml", _use_bomb(), ": " + TOO_MUCH_DRAWING),
    ("image/svg+xml", _svg('<image href="../outside/secret.png" width="9" height="9"/>'),
     ", element <image> on line 1: the image is linked ('../outside/secret.png'), not embedded."),
    ("image/svg+xml", gzip.compress(NO_GLYPH), ": the image is a compressed SVG (.svgz), which flashgen does not open"),
    ("image/svg+xml", _svg(f'<image width="9" height="9" href="{_data_uri("image/svg+xml", UNKNOWN_FONT)}"/>'),
     ", image <image> on line 1, " + FONT_MESSAGE),
])
def test_an_image_embedded_in_a_template_is_checked_and_named(project, media_type, data, expected):
    _front_with(project, f'<image id="badge" x="96" y="96" width="120" height="60" href="{_data_uri(media_type, data)}"/>')
    assert_refused(project, MINIMAL, f"Error: template {project / 'templates' / FRONT}, image 'badge'{expected}")


def test_an_embedded_image_with_damaged_data_is_named(project):
    _front_with(project, '<image id="badge" width="9" height="9" href="data:image/png;base64,iVBORw0KGgo="/>'
                .replace("iVBORw0KGgo=", "iVBORw0KGgo"))
    assert_refused(project, MINIMAL, f"Error: template {project / 'templates' / FRONT}, image 'badge': the embedded image "
                   "cannot be read: its data (base64) is cut short or damaged.")



@pytest.mark.parametrize("data", [UNKNOWN_FONT, NO_GLYPH])
def test_a_logo_only_the_documents_draw_is_checked_too(project, data):
    """The booklet draws the logo with reportlab, no template places it: its text is checked all the same."""
    (project / "logo.svg").write_bytes(data)
    (project / "theme.yaml").write_text("base: xanh\nlogo: logo.svg\n", encoding="utf-8")
    before = tree_snapshot(project / "out")
    code, output = run_cli("build", "--content", str(MINIMAL), "--out", str(project / "out"), "--product", "booklet",
                           "--theme", str(project / "theme.yaml"))
    assert code == 1 and "Traceback" not in output, output
    assert f"Error: the theme's logo {project / 'logo.svg'}, " in output, output
    assert tree_snapshot(project / "out") == before
