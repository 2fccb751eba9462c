"""The booklet's pages as laid out: page fill, keep-with-next, no widows or orphans, last lines, URL breaks, type sizes.

Each booklet (three bundled campaigns, A4 and A5) is laid out once for the module by ``lay_out_booklet``, which
records what platypus placed on each page (``Block``) and how full each page is; the PDF it made is read too.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from flashgen.documents.booklet.document import Pass, lay_out_booklet
from flashgen.documents.booklet.page import (
    GROWN,
    LAYOUTS,
    LOOSER,
    MESSAGES_LEAST,
    MIN_PAGE,
    TIGHTER,
    Fill,
)
from flashgen.documents.booklet.paragraphs import (
    Styles,
    make_style,
    text_paragraph,
    url_lines,
)
from flashgen.load.content import Campaign, load_campaign
from flashgen.load.fonts import FontBook
from flashgen.load.media import medium
from flashgen.load.resources import CONTENT_DIR
from flashgen.load.theme import default_theme
from flashgen.pdf.kit import Look
from flashgen.text.wordbreak import WordBreaker
from tests.pdftext import text_sizes

CAMPAIGNS = ("17-diem-khac-biet", "ke-hoach-truyen-thong-2023", "so-lieu-ngay-cds-2022")
PAGES = ("A4", "A5")
HANDOUT = medium("handout")


@pytest.fixture(scope="module")
def campaigns() -> dict[str, Campaign]:
    return {name: load_campaign(CONTENT_DIR / f"{name}.yaml") for name in CAMPAIGNS}


@pytest.fixture(scope="module")
def booklets(fonts: FontBook, campaigns: dict[str, Campaign], tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], tuple[Pass, Path]]:
    """Every bundled campaign's booklet in both sizes, laid out once: (the pass, its PDF)."""
    folder = tmp_path_factory.mktemp("booklet-pages")
    made = {}
    for name, campaign in campaigns.items():
        for page in PAGES:
            laid_out = lay_out_booklet(campaign, fonts, page)
            path = folder / f"{name}-{page}.pdf"
            path.write_bytes(laid_out.data)
            made[(name, page)] = (laid_out, path)
    return made


BOOKLETS = [(name, page) for name in CAMPAIGNS for page in PAGES]


@pytest.mark.parametrize("key", BOOKLETS, ids="-".join)
def test_every_page_but_the_last_is_filled(booklets, key) -> None:
    laid_out, _ = booklets[key]
    assert len(laid_out.fills) == laid_out.pages - 1  # one per page after the cover
    assert all(fill >= MIN_PAGE for fill in laid_out.fills[:-1]), [round(fill, 2) for fill in laid_out.fills]


@pytest.mark.parametrize("key", BOOKLETS, ids="-".join)
def test_page_fill_read_from_the_pdf_agrees(booklets, key) -> None:
    """The lowest line of text of each full page (pdftotext) is where the record says the page ends."""
    laid_out, path = booklets[key]
    layout = LAYOUTS[key[1]]
    words = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = words.split("<page ")[2:]  # the cover left out
    frame_bottom = layout.pagesize[1] - layout.margin_bottom
    for number, (page, fill) in enumerate(zip(pages[:-1], laid_out.fills[:-1]), start=2):
        lowest = max(float(y) for y in re.findall(r'yMax="([\d.]+)"', page) if float(y) < frame_bottom)
        text_fill = (lowest - layout.margin_top) / layout.frame_height
        # A summary box's padding or a row's rule may end a little below its text.
        assert text_fill == pytest.approx(fill, abs=0.06), number


def _by_page(laid_out: Pass) -> dict[int, list]:
    pages: dict[int, list] = {}
    for block in laid_out.blocks:
        pages.setdefault(block.page, []).append(block)
    return pages


@pytest.mark.parametrize("key", BOOKLETS, ids="-".join)
def test_a_summary_box_stays_on_the_page_of_its_point(booklets, key) -> None:
    laid_out, path = booklets[key]
    points = [block for block in laid_out.blocks if block.kind == "point"]
    assert all(block.heading or block.lines >= 2 for block in points if block.summary)
    # Never a summary labelled with its point's number because it was cut off from it.
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert not re.search(r"TÓM TẮT · \w+ \d", text)


@pytest.mark.parametrize("key", BOOKLETS, ids="-".join)
def test_a_heading_never_ends_a_page(booklets, key) -> None:
    laid_out, _ = booklets[key]
    for page, blocks in _by_page(laid_out).items():
        last = blocks[-1]
        if last.kind == "point" and last.heading and last.all_lines:  # a point whose text goes on overleaf
            assert last.lines >= 3, page
        for index, block in enumerate(blocks):
            if block.kind == "section":  # a section title, its spacer and rule, then what it heads
                assert len(blocks) - index > 3, page
    # The messages' title (drawn by their rows' block) keeps rows under it.
    titled = [block for block in laid_out.blocks if block.kind == "rows" and block.heading]
    messages = [block for block in laid_out.blocks if block.kind == "rows"]
    assert len(titled) == (1 if messages else 0)
    if len(messages) > 1:
        assert titled[0].rows >= MESSAGES_LEAST


@pytest.mark.parametrize("key", BOOKLETS, ids="-".join)
def test_no_widow_or_orphan_and_no_stranded_messages(booklets, key) -> None:
    laid_out, _ = booklets[key]
    split = [block for block in laid_out.blocks if block.kind == "point" and block.all_lines]
    assert all(block.lines >= 2 for block in split)
    rows = [block.rows for block in laid_out.blocks if block.kind == "rows"]
    if len(rows) > 1:
        assert min(rows) >= MESSAGES_LEAST, rows


def test_the_rules_are_exercised(booklets) -> None:
    """Not vacuous: the bundled booklets do split points (with their summaries) and messages across pages."""
    blocks = [block for laid_out, _ in booklets.values() for block in laid_out.blocks]
    assert sum(1 for block in blocks if block.kind == "point" and block.all_lines and block.summary) >= 3
    assert sum(1 for block in blocks if block.kind == "rows") > len(booklets) - 2


@pytest.fixture(scope="module")
def look(fonts: FontBook) -> Look:
    return Look(fonts, default_theme())


@pytest.mark.parametrize("page", PAGES)
def test_no_paragraph_ends_on_a_lone_syllable(campaigns, look, page) -> None:
    """Every item text, message and summary, at the booklet's body width: a last line of two syllables at least.

    reportlab's own breaking (greedy, what the booklet did) leaves lone last syllables in these very texts.
    """
    layout = LAYOUTS[page]
    styles = Styles.make(layout, look)
    width = layout.frame_width - layout.badge - 3.5 * 72 / 25.4
    texts = [text for campaign in campaigns.values() for item in campaign.items
             for text in (item.text, item.from_text, item.to_text) if text]
    texts += [message for campaign in campaigns.values() for message in campaign.messages]
    lone_before = 0
    for text in texts:
        paragraph = text_paragraph(text, styles.body, WordBreaker.for_glossary(()), look)
        paragraph.wrap(width, 1e9)
        lines = paragraph.lines or [text]
        assert " ".join(lines).split() == text.split()  # nothing lost, nothing added
        if len(lines) > 1 and len(text.split()) > 3:
            assert len(lines[-1].split()) >= 2, lines
        greedy = Paragraph(text, ParagraphStyle("greedy", parent=styles.body, shaping=0))  # lines as (width, words)
        greedy.wrap(width, 1e9)
        lone_before += len(greedy.blPara.lines) > 1 and len(greedy.blPara.lines[-1][1]) == 1
    assert lone_before > 0


@pytest.mark.parametrize("alignment", [TA_JUSTIFY, TA_LEFT])
def test_a_split_paragraph_goes_on_without_an_empty_line(look, alignment) -> None:
    style = make_style("body", look.body(400), 10, look.colour("text"), 1.4, alignment=alignment)
    text = " ".join(["Chuyển đổi số là chuyển đổi cách làm, không chỉ là công nghệ."] * 6)
    paragraph = text_paragraph(text, style, WordBreaker.for_glossary(()), look)
    _, height = paragraph.wrap(200, 1e9)
    first, rest = paragraph.split(200, 3 * style.leading + 0.01)
    heights = first.wrap(200, 1e9)[1] + rest.wrap(200, 1e9)[1]
    assert heights == pytest.approx(height)
    assert rest.getPlainText().split()[0] != ""


URLS = [
    "https://mic.gov.vn/mic_2020/Pages/TinTuc/154276/Bo-truong-Nguyen-Manh-Hung-noi-ve-su-khac-nhau-giua-cong-nghe-thong-tin-va-chuyen-doi-so.html",
    "https://chuyendoiso.quangngai.gov.vn/",
    "https://example.vn/tin-tuc?id=12&trang=3#muc-2",
]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("width", [120.0, 180.0, 300.0])
def test_url_lines_break_after_slashes_and_never_start_with_a_hyphen(look, url, width) -> None:
    font = look.body(400)
    lines = url_lines(url, font, 9, width)
    assert "".join(lines) == url  # no hyphen added, nothing lost
    assert not any(line.startswith("-") for line in lines)
    assert all(stringWidth(line, font, 9) <= width for line in lines)
    # A break inside a part between slashes only when that part is wider than a line.
    for line, following in zip(lines, lines[1:]):
        if not line.endswith("/"):
            part = re.search(r"[^/]*$", line).group() + re.match(r"[^/]*/?", following).group()
            assert stringWidth(part, font, 9) > width, (line, following)


@pytest.mark.parametrize("key", [("17-diem-khac-biet", "A4"), ("17-diem-khac-biet", "A5")], ids="-".join)
def test_the_url_is_copied_whole(booklets, campaigns, key) -> None:
    """Broken into lines (one ends with the URL's own hyphen), it is still copied as one URL (/ActualText)."""
    _, path = booklets[key]
    url = campaigns[key[0]].source.url
    assert url in subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("key", BOOKLETS, ids="-".join)
def test_no_text_under_the_handout_minimum(booklets, key) -> None:
    _, path = booklets[key]
    sizes = text_sizes(path)
    assert sizes and min(sizes) >= HANDOUT.body, sorted(sizes)[:5]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("fill", [Fill(), *TIGHTER, *LOOSER, *GROWN])
def test_styles_keep_the_handout_minimums_at_every_fill(look, page, fill) -> None:
    styles = Styles.make(LAYOUTS[page].scaled(fill), look)
    assert min(style.fontSize for style in vars(styles).values()) >= HANDOUT.body
    assert min(styles.heading.fontSize, styles.section.fontSize) >= HANDOUT.heading
