"""Line breaks of the booklets (A4, A5) and the leaflet of every bundled campaign, read back from their PDFs.

Each document is made once for the module, while every ``layout_text`` call records the breaks it had to
accept against the rules (``TextBlock.weak_breaks``). Then every pair of consecutive lines of one text block
(pdftotext -bbox-layout) is a join: the join's gap, classified by ``WordBreaker.analyse`` on the two lines
with the campaign's glossary, must not split a word, a glossary term or a proper name, unless the layout
reported that break as weak (a name wider than its column) or it breaks a term wider than its column between
two of its words. The breaks the issue names must not
occur at all.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest
from reportlab.lib.enums import TA_LEFT

import flashgen.pdf.kit as kit
from flashgen.documents.booklet.document import lay_out_booklet
from flashgen.documents.booklet.page import LAYOUTS
from flashgen.documents.booklet.paragraphs import (
    Styles,
    text_paragraph,
)
from flashgen.documents.leaflet import build_leaflet
from flashgen.load.content import Campaign, load_campaign
from flashgen.load.fonts import FontBook
from flashgen.load.resources import CONTENT_DIR
from flashgen.load.theme import default_theme
from flashgen.pdf.kit import MM, Look
from flashgen.text.layout import layout_text
from flashgen.text.wordbreak import Gap, WordBreaker

CAMPAIGNS = ("17-diem-khac-biet", "ke-hoach-truyen-thong-2023", "so-lieu-ngay-cds-2022")
DOCUMENTS = ("booklet-A4", "booklet-A5", "leaflet")

# The breaks issue 15 names in the booklets and leaflets (before / after the line end).
NAMED_BAD_BREAKS = [
    ("giám đốc công", "nghệ thông tin"),
    ("chuyển", "đổi số"),
    ("quyết", "định"),
    ("tỉnh", "Quảng Ninh"),
    ("Sở Thông tin và", "Truyền thông"),
    ("Thông tin và Truyền", "thông"),
    ("khác", "nhau"),
    ("công nghệ", "thông tin"),
    ("giai", "đoạn"),
]


@dataclass(frozen=True)
class Join:
    """Two consecutive lines of one text block of a document page."""

    document: str
    page: int
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.document} p{self.page}: {self.before} / {self.after}"


def _joins(document: str, pdf: bytes, folder: Path) -> list[Join]:
    path = folder / f"{document}.pdf"
    path.write_bytes(pdf)
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    joins = []
    for page, text in enumerate(xml.split("<page ")[1:], start=1):
        for block in re.findall(r"<block .*?</block>", text, re.S):
            lines = [" ".join(unescape(word) for word in re.findall(r">([^<]*)</word>", line))
                     for line in re.findall(r"<line .*?</line>", block, re.S)]
            for before, after in zip(lines, lines[1:]):
                # A summary side's head ("CNTT · Công nghệ thông tin") is its own paragraph above the summary text,
                # which pdftotext puts in the same block: not a line break.
                if " · " not in before and before.split() and after.split():
                    joins.append(Join(document, page, before, after))
    return joins


@pytest.fixture(scope="module")
def documents(fonts: FontBook, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Campaign, list[Join], set[str]]]:
    """Per campaign: the campaign, the joins of its booklets and leaflet, and the weak breaks their layouts reported."""
    folder = tmp_path_factory.mktemp("document-breaks")
    made = {}
    with pytest.MonkeyPatch.context() as patch:
        weak: set[str] = set()

        def recording(*args: object, **kwargs: object):
            block = layout_text(*args, **kwargs)
            weak.update(block.weak_breaks)
            return block

        # Every document's line breaking goes through pdf/kit.py (vietnamese_lines, phrased).
        patch.setattr(kit, "layout_text", recording)
        for name in CAMPAIGNS:
            weak.clear()
            campaign = load_campaign(CONTENT_DIR / f"{name}.yaml")
            joins = []
            for page in ("A4", "A5"):
                joins += _joins(f"{name}-booklet-{page}", lay_out_booklet(campaign, fonts, page).data, folder)
            joins += _joins(f"{name}-leaflet", build_leaflet(campaign, fonts), folder)
            made[name] = (campaign, joins, set(weak))
    return made


def _reported(join: Join, weak: set[str]) -> bool:
    """Whether the layout reported this break as weak ("two words / two words", as ``TextBlock.weak_breaks``)."""
    before, after = join.before.split(), join.after.split()
    for reported in weak:
        left, _, right = reported.partition(" / ")
        if left.split()[-1:] == before[-1:] and right.split() == after[:len(right.split())]:
            return True
    return False


@pytest.mark.parametrize("name", CAMPAIGNS)
def test_no_line_break_splits_a_word_a_term_or_a_name(documents, name) -> None:
    campaign, joins, weak = documents[name]
    breaker = WordBreaker.for_glossary(campaign.glossary)
    words_only = WordBreaker.for_glossary(())
    splits = []
    for join in joins:
        before, after = join.before.split(), join.after.split()
        gap = breaker.analyse(before + after)[len(before) - 1]
        # A glossary term wider than its column is broken between two of its words ("Tổ Công nghệ số / cộng đồng").
        between_words = gap.gap is Gap.IN_TERM and not words_only.analyse(before + after)[len(before) - 1].splits
        if gap.splits and not between_words and not _reported(join, weak):
            splits.append(f"{join} ({gap.gap.value})")
    assert not splits, "\n".join(splits)


@pytest.mark.parametrize("name", CAMPAIGNS)
def test_none_of_the_named_bad_breaks_occurs(documents, name) -> None:
    _, joins, _ = documents[name]
    found = [str(join) for join in joins for before, after in NAMED_BAD_BREAKS
             if f" {join.before}".lower().endswith(f" {before}".lower())
             and f"{join.after} ".lower().startswith(f"{after} ".lower())]
    assert not found, "\n".join(found)


def test_the_documents_were_read(documents) -> None:
    """Every document gave lines to check (a pdftotext that read nothing would pass the tests above)."""
    for name, (_, joins, _) in documents.items():
        assert {join.document for join in joins} == {f"{name}-{document}" for document in DOCUMENTS}
        assert len(joins) > 50


@pytest.mark.parametrize("size", ["A4", "A5"])
def test_running_text_is_ragged_with_full_lines(fonts: FontBook, size: str) -> None:
    """The item texts of both booklets are set ragged-right (one alignment on every page), in lines that run full:
    running-text.yaml's costs leave less room at the line ends than the display costs do, and every word stays."""
    look = Look(fonts, default_theme())
    layout = LAYOUTS[size]
    styles = Styles.make(layout, look)
    assert styles.body.alignment == TA_LEFT
    width = layout.frame_width - layout.badge - 3.5 * MM
    face = look.named(styles.body.fontName)
    running_slack = display_slack = 0.0
    for name in CAMPAIGNS:
        campaign = load_campaign(CONTENT_DIR / f"{name}.yaml")
        breaker = WordBreaker.for_glossary(campaign.glossary)
        for text in (item.text for item in campaign.items if item.text):
            paragraph = text_paragraph(text, styles.body, breaker, look)
            paragraph.wrap(width, 1e9)
            assert " ".join(paragraph.lines).split() == text.split()
            running_slack += _slack(paragraph.lines, face, styles.body.fontSize, width)
            display = kit.vietnamese_lines(text, face, styles.body.fontSize, width, breaker, False)
            display_slack += _slack(display, face, styles.body.fontSize, width)
    assert running_slack < 0.8 * display_slack, (running_slack, display_slack)


def _slack(lines: list[str], face, size: float, width: float) -> float:  # type: ignore[no-untyped-def]
    """The room left at the end of every line but the last, in points."""
    return sum(width - face.width(line, size) for line in lines[:-1])

