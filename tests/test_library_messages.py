"""The library's messages in both languages: every message written in _() has its Vietnamese words, with the
same {placeholders}, and representative errors read in Vietnamese after use_language("vi") and in English after
use_language("en") (the suite runs in English: tests/conftest.py)."""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from flashgen import i18n
from flashgen.check import check
from flashgen.errors import FlashgenError
from flashgen.load.content import load_campaign
from flashgen.load.fonts import missing_glyphs_message
from flashgen.options import BuildOptions, CommandLine, resolve_options
from tests.conftest import DATA, write_content

ROOT = Path(__file__).resolve().parent.parent
# Files whose messages other helpers translate in their own catalogues this session (the CLI, content, YAML).
OTHER_CATALOGUES = {
    "flashgen/cli.py", "flashgen/check.py", "flashgen/build.py", "flashgen/output/gallery.py", "flashgen/scaffold.py",
    "flashgen/watch.py", "flashgen/load/content.py", "flashgen/load/yamlfile.py", "flashgen/load/cleantext.py",
    "flashgen/i18n.py",
}
SEEDED = DATA / "check" / "seeded.yaml"


def _library_messages() -> dict[str, str]:
    """Every literal _("…") of the library's files, with where it is."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "flashgen").rglob("*.py")):
        file = path.relative_to(ROOT).as_posix()
        if file in OTHER_CATALOGUES:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_" and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.setdefault(node.args[0].value, f"{file}:{node.lineno}")
    return found


def _placeholders(message: str) -> list[str]:
    return sorted(f"{name}:{spec}" for _text, name, spec, _conversion in string.Formatter().parse(message) if name is not None)


@pytest.fixture
def vietnamese() -> Iterator[None]:
    before = i18n.current_language()
    i18n.use_language("vi")
    try:
        yield
    finally:
        i18n.use_language(before)


def test_the_library_has_many_messages() -> None:
    assert len(_library_messages()) > 200


def test_every_library_message_has_vietnamese_words_with_the_same_placeholders(vietnamese) -> None:
    untranslated, changed = [], []
    for message, where in _library_messages().items():
        words = i18n._(message)
        only_places = not re.sub(r"\{[^}]*\}|[\s:,.]", "", message)  # "{where}: {problem}" has no words to translate
        if words == message and not only_places:
            untranslated.append(f"{where}: {message!r}")
        if _placeholders(words) != _placeholders(message):
            changed.append(f"{where}: {message!r} → {words!r}")
    assert not untranslated, f"add these to flashgen/locale/vi/LC_MESSAGES/flashgen.po: {untranslated}"
    assert not changed, f"the Vietnamese words change the placeholders: {changed}"


def _seeded_findings() -> dict[str, str]:
    report = check(BuildOptions(content=SEEDED, products=("flashcards",), sizes=("social",)))
    return {f.code: f"{f.card} | {f.message}" for f in report.findings if f.severity == "error"}


def test_overflow_and_missing_glyph_read_in_vietnamese_then_in_english(vietnamese) -> None:
    found = _seeded_findings()
    assert "chữ không vừa khung 'heading-frame' của mẫu thẻ" in found["overflow"], found["overflow"]
    assert "dù ở cỡ chữ nhỏ nhất" in found["overflow"] and "seeded.yaml, dòng 15" in found["overflow"]
    assert "không có ký tự 'Ж' (U+0416). Hãy xoá hoặc thay các ký tự này." in found["missing-glyph"]
    assert "thẻ 2 (mặt sau, cỡ 'social')" in found["missing-glyph"]
    i18n.use_language("en")
    found = _seeded_findings()
    assert "the text does not fit frame 'heading-frame' of template" in found["overflow"]
    assert "has no glyph for 'Ж' (U+0416). Remove or replace these characters." in found["missing-glyph"]
    assert "card 2 (back, size 'social')" in found["missing-glyph"]


def _setting_error(tmp_path: Path, text: str) -> str:
    (tmp_path / "flashgen.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(FlashgenError) as error:
        resolve_options(CommandLine(), folder=tmp_path)
    assert error.value.code == "project-setting"
    return error.value.message


def test_a_mistake_in_flashgen_yaml_reads_in_vietnamese_then_in_english(tmp_path, vietnamese) -> None:
    message = _setting_error(tmp_path, "print: {margin_mm: 90}\n")
    assert message.endswith("flashgen.yaml, dòng 1, 'margin_mm': cần số milimét từ 0 đến 50."), message
    assert "không có thiết lập này (các thiết lập dùng được ở đây: " in _setting_error(tmp_path, "contents: a.yaml\n")
    i18n.use_language("en")
    assert _setting_error(tmp_path, "print: {margin_mm: 90}\n").endswith("'margin_mm': expected millimetres from 0 to 50.")


def test_a_missing_glyph_names_the_characters_in_both_languages(fonts, vietnamese) -> None:
    face = next(iter(fonts.faces))
    assert "không có ký tự '🚀' (U+1F680)" in (missing_glyphs_message(face, "Chuyển đổi số 🚀") or "")
    i18n.use_language("en")
    assert "has no glyph for '🚀' (U+1F680)" in (missing_glyphs_message(face, "Chuyển đổi số 🚀") or "")


# The content file's own messages (a YAML mistake, a missing field): load/yamlfile.py and load/content.py.
@pytest.mark.parametrize(
    ("old", "new", "vietnamese_words"),
    [
        ("  - number: 1\n", "  - number: 1\n   bad: [\n", "dòng"),
        ('    heading: "Chuyển từ sản phẩm sang dịch vụ"\n', "", "trường 'heading'"),
    ],
    ids=["yaml-mistake", "missing-field"],
)
def test_content_mistakes_read_in_vietnamese(tmp_path, vietnamese, old, new, vietnamese_words) -> None:
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    with pytest.raises(FlashgenError) as error:
        load_campaign(write_content(tmp_path / "broken.yaml", text.replace(old, new, 1)))
    assert vietnamese_words in error.value.message and "line" not in error.value.message, error.value.message


def _size_labels() -> list[str]:
    """The label of every card size, sheet, shape and platform in flashgen/data/sizes.yaml (the build notes name them)."""
    document = yaml.safe_load((ROOT / "flashgen" / "data" / "sizes.yaml").read_text(encoding="utf-8"))
    return [entry["label"] for section in ("flashcards", "sheets", "social_shapes", "platforms")
            for entry in (document.get(section) or {}).values() if isinstance(entry, dict) and "label" in entry]


def test_every_size_label_has_vietnamese_words(vietnamese) -> None:
    labels = _size_labels()
    assert "A6 print card, 105 × 148 mm with 3 mm bleed" in labels
    # A label with English words needs its Vietnamese in flashgen.po ("A4 (210 × 297 mm)" reads the same).
    untranslated = [label for label in labels if re.search(r"[a-z]{3,}", label) and i18n._(label) == label]
    assert not untranslated, f"add the Vietnamese of these sizes.yaml labels to flashgen.po: {untranslated}"
    assert i18n._("A6 print card, 105 × 148 mm with 3 mm bleed").startswith("Thẻ in")


def test_the_office_print_note_reads_in_vietnamese(vietnamese) -> None:
    note = i18n._(
        "{card}: {count} cards fit on {sheet} only at {scale:.0%} of full size "
        "(office printers cannot print to the edge); use the print-shop file for full size."
    ).format(card=i18n._("A6 print card, 105 × 148 mm with 3 mm bleed"), count=4, sheet="A4 (210 × 297 mm)", scale=0.91)
    card = i18n._("A6 print card, 105 × 148 mm with 3 mm bleed")
    assert note.startswith(f"{card}: 4 thẻ chỉ vừa khổ A4 (210 × 297 mm) khi thu nhỏ còn 91% kích thước thật"), note


def test_what_the_poster_tried_reads_in_vietnamese(vietnamese) -> None:
    from flashgen.documents.infographic import detail

    details = [value for value in vars(detail).values() if isinstance(value, detail.Detail)]
    assert len(details) >= 5
    untranslated = [d.said for d in details if i18n._(d.said) == d.said]
    assert not untranslated, f"add the Vietnamese of these details to flashgen.po: {untranslated}"
