"""One-sided cards in the printed decks, the preview and `flashgen check`.

A statement without text (and a figure without note or text) has a front only.
Office deck: fronts only and one-sided when no card has a back; otherwise
double-sided with paper white behind a one-sided card. Print-shop deck: fronts
only when no card has a back; otherwise front, back, front, back … with a
blank page for a missing back.

The kinds' own card templates are drawn elsewhere: these tests use stand-ins,
the contrast cards with their frames pointed at the kinds' fields.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pytest

from flashgen.build import BuildResult, build
from flashgen.check import check, describe_report
from flashgen.options import BuildOptions
from flashgen.output.gallery import write_gallery
from tests.conftest import DATA, copy_templates
from tests.output.test_gallery import Page, local_path

STATEMENTS = DATA / "kinds" / "statements.yaml"  # items 1 and 4 have no text: one-sided
FIGURES = DATA / "kinds" / "figures.yaml"  # items 2, 4, 5, 6 have neither note nor text
SIZES = ("a6", "a7", "poker", "business", "1080x1350")


def _point(svg: str, fields: dict[str, str], optional: set[str]) -> str:
    """``svg`` with its frames showing other fields, those in ``optional`` marked optional."""
    def frame(match: re.Match[str]) -> str:
        name = fields.get(match.group(1), match.group(1))
        return f'data-field="{name}"' + (' data-optional="true"' if name in optional else "")
    return re.sub(r'data-field="([^"]+)"', frame, svg)


def kind_templates(folder: Path) -> Path:
    """The bundled templates, plus stand-ins for the statement and figure cards (copies of the contrast cards)."""
    copy_templates(folder)
    loose = {"compare.from_name", "compare.to_name"}
    for size in SIZES:
        front = (folder / f"flashcard-front-{size}.svg").read_text(encoding="utf-8")
        back = (folder / f"flashcard-back-{size}.svg").read_text(encoding="utf-8")
        stand_ins = {
            "statement-back": _point(back, {"from": "text"}, {"to", *loose}),
            "figure-front": _point(front, {"heading": "figure"}, set()),
            "figure-back": _point(back, {"heading": "label", "from": "note", "to": "text"}, {"note", "text", *loose}),
        }
        for name, svg in stand_ins.items():
            (folder / f"flashcard-{name}-{size}.svg").write_text(svg, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return kind_templates(tmp_path_factory.mktemp("templates"))


def _build(content: Path, templates: Path, out: Path) -> BuildResult:
    return build(BuildOptions(
        content=content, out_dir=out, templates_dir=templates, products=("flashcards", "print"), sizes=("a6",),
    ))


@pytest.fixture(scope="module")
def statements(templates: Path, tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return _build(STATEMENTS, templates, tmp_path_factory.mktemp("statements") / "out")


@pytest.fixture(scope="module")
def fronts_only(templates: Path, tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The statements without any text: every card is one-sided."""
    folder = tmp_path_factory.mktemp("fronts-only")
    lines = STATEMENTS.read_text(encoding="utf-8").splitlines()
    kept, skipping = [], False
    for line in lines:
        if line.startswith("    text:"):
            skipping = True
            continue
        if skipping and line.startswith("      "):
            continue
        skipping = False
        kept.append(line)
    content = folder / "fronts-only.yaml"
    content.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return _build(content, templates, folder / "out")


def _forms(page: pikepdf.Page) -> list[str]:
    """The card forms a page draws, in drawing order."""
    return [str(operands[0])[1:] for operands, operator in pikepdf.parse_content_stream(page) if str(operator) == "Do"]


def _duplex(pdf: pikepdf.Pdf) -> str | None:
    preferences = pdf.Root.ViewerPreferences
    return str(preferences.Duplex) if "/Duplex" in preferences else None


def _paths(result: BuildResult) -> set[str]:
    return {f.path for f in result.files}


def test_mixed_office_deck_leaves_the_back_of_a_one_sided_card_white(statements):
    with pikepdf.open(statements.manifest.parent / "print" / "a6-on-a4.pdf") as pdf:
        assert len(pdf.pages) == 2  # 4 cards on one sheet: its fronts, then its backs
        assert _forms(pdf.pages[0]) == ["C1f", "C2f", "C3f", "C4f"]
        assert _forms(pdf.pages[1]) == ["C2b", "C3b"]  # nothing behind cards 1 and 4
        assert _duplex(pdf) == "/DuplexFlipLongEdge"
    assert "print/duplex-calibration-a4.pdf" in _paths(statements)


def test_mixed_print_shop_deck_keeps_fronts_and_backs_alternating(statements):
    with pikepdf.open(statements.manifest.parent / "flashcards" / "flashcards-a6.pdf") as pdf:
        assert len(pdf.pages) == 8
        drawn = [_forms(page) for page in pdf.pages]
        blank = [index for index, forms in enumerate(drawn) if not forms]
        assert blank == [1, 7]  # the backs of cards 1 and 4
        for page in pdf.pages:  # a blank back is a whole page: same boxes, its crop marks
            assert [float(v) for v in page.TrimBox] == [float(v) for v in pdf.pages[0].TrimBox]
            assert b" l S" in page.Contents.read_bytes()
        assert _duplex(pdf) == "/DuplexFlipLongEdge"


def test_mixed_deck_pages_follow_the_items(statements):
    """The back after the front of card 2 is card 2's back (its text), not another card's."""
    deck = statements.manifest.parent / "flashcards" / "flashcards-a6.pdf"

    def text(page: int) -> str:
        out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(deck), "-"],
                             capture_output=True, text=True, check=True).stdout
        return " ".join(out.split())

    assert "Chủ động phối hợp" in text(4) and "Tổ chức các Hội nghị" in text(5) and "nhân các ngày" in text(6)
    assert text(2) == "" and text(8) == ""


def test_deck_without_backs_is_fronts_only_and_one_sided(fronts_only):
    out = fronts_only.manifest.parent
    with pikepdf.open(out / "print" / "a6-on-a4.pdf") as pdf:
        assert len(pdf.pages) == 1
        assert _forms(pdf.pages[0]) == ["C1f", "C2f", "C3f", "C4f"]
        assert _duplex(pdf) == "/Simplex"
    with pikepdf.open(out / "flashcards" / "flashcards-a6.pdf") as pdf:
        assert len(pdf.pages) == 4 and all(_forms(page) for page in pdf.pages)
        assert _duplex(pdf) == "/Simplex"
    assert not any("calibration" in path for path in _paths(fronts_only))
    assert any("fronts only" in note and "one-sided" in note for note in fronts_only.notes)


def test_manifest_lists_no_missing_back(statements):
    sides = {(f.item, f.side) for f in statements.files if f.product == "flashcards" and f.format == "png"}
    assert sides == {(1, "front"), (2, "front"), (3, "front"), (4, "front"), (2, "back"), (3, "back")}
    for record in statements.files:
        assert (statements.manifest.parent / record.path).is_file()


def test_gallery_shows_a_one_sided_card_alone_and_names_it(statements):
    out = statements.manifest.parent
    page = Page(write_gallery(out).read_text(encoding="utf-8"))
    sources = [str(image["src"]) for image in page.images]
    assert all(local_path(out, src).is_file() for src in sources)
    assert not any("back-01" in src or "back-04" in src for src in sources)
    text = " ".join(" ".join(page.text).split())
    assert "Cards 1, 4: front only" in text


def test_gallery_of_a_deck_without_backs(fronts_only):
    text = " ".join(" ".join(Page(write_gallery(fronts_only.manifest.parent).read_text(encoding="utf-8")).text).split())
    assert "Back" not in text and "Every card has a front only" in text


@pytest.mark.parametrize("content", [STATEMENTS, FIGURES], ids=["statements", "figures"])
def test_check_says_nothing_about_missing_backs(content, templates):
    report = check(BuildOptions(content=content, templates_dir=templates, products=("flashcards", "print"), sizes=("a6",)))
    described = describe_report(report)
    one_sided = (1, 4) if content == STATEMENTS else (2, 4, 5, 6)
    for item in one_sided:
        assert f"card {item} (back" not in described
    assert not report.errors, described
    assert report.cards == (6 if content == STATEMENTS else 8)  # one card for each side there is
