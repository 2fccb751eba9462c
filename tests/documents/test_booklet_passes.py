"""The booklet is drawn in as many platypus passes as its fill search needs, and each pass is the finished PDF:
the footer's "Trang N / total" is drawn by the canvas once the pass knows its total (``TotalCanvas``); within a
pass, a paragraph breaks its lines once per width."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path
from xml.sax.saxutils import escape

import pikepdf
import pytest
from PIL import Image
from reportlab.lib.colors import red
from reportlab.platypus import Paragraph as ReportlabParagraph

from flashgen.documents.booklet import document
from flashgen.documents.booklet.document import Pass, lay_out_booklet
from flashgen.documents.booklet.footer import TotalCanvas
from flashgen.documents.booklet.page import LAYOUTS, TIGHTER, PageLayout
from flashgen.documents.booklet.paragraphs import Paragraph, Styles, text_paragraph
from flashgen.load.content import Campaign
from flashgen.load.fonts import FontBook
from flashgen.load.theme import default_theme
from flashgen.pdf.kit import DocInfo, Look, new_canvas
from flashgen.text.wordbreak import WordBreaker


class Passes:
    """``document._render``, recording the layout and the result of every pass."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.layouts: list[PageLayout] = []
        self.results: list[Pass] = []
        render = document._render

        def recording(campaign: Campaign, look: object, layout: PageLayout, kinds: tuple[str, ...]) -> Pass:
            self.layouts.append(layout)
            self.results.append(render(campaign, look, layout, kinds))
            return self.results[-1]

        monkeypatch.setattr(document, "_render", recording)


def _footer_numbers(data: bytes) -> tuple[int, list[tuple[int, int]]]:
    """The page count, and every "Trang N / total" of the PDF in page order."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True).stdout
    pages = text.decode().split("\f")[:-1]
    assert "Trang" not in pages[0], "the cover has no footer"
    return len(pages), [(int(n), int(t)) for page in pages for n, t in re.findall(r"Trang (\d+) / (\d+)", page)]


def test_a_good_nominal_layout_is_drawn_in_one_pass(fonts: FontBook, campaign: Campaign,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    passes = Passes(monkeypatch)
    booklet = lay_out_booklet(campaign, fonts, "A5")
    assert passes.layouts == [LAYOUTS["A5"]]
    assert booklet is passes.results[0]


def test_the_fill_search_winner_is_the_booklet_without_another_pass(fonts: FontBook, campaign: Campaign,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # The 17 points on A4 leave a last page of a few lines: the first tighter spacing wins.
    passes = Passes(monkeypatch)
    booklet = lay_out_booklet(campaign, fonts, "A4")
    assert passes.layouts == [LAYOUTS["A4"], LAYOUTS["A4"].scaled(TIGHTER[0])]
    assert not passes.results[0].good() and booklet.good()
    assert booklet is passes.results[-1]
    # Every pass is a finished PDF: each body page counts out of that pass's own total.
    for tried in passes.results:
        pages, footers = _footer_numbers(tried.data)
        assert pages == tried.pages
        assert footers == [(number, tried.pages) for number in range(2, tried.pages + 1)]
    assert passes.results[0].pages == booklet.pages + 1


def _canvas(buffer: io.BytesIO, fonts: FontBook) -> TotalCanvas:
    canvas = new_canvas(buffer, (200.0, 200.0), DocInfo("t", "a", "s", "k"), fonts, maker=TotalCanvas)
    assert isinstance(canvas, TotalCanvas)
    return canvas


def test_total_canvas_draws_each_mark_with_the_total_where_it_was_made(fonts: FontBook, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    canvas = _canvas(buffer, fonts)

    def mark(drawn_on: object, total: int) -> None:
        assert drawn_on is canvas
        canvas.saveState()
        canvas.rect(10, 10, 40, 40, stroke=0, fill=1)  # the page's starting fill colour: black
        canvas.drawString(10, 100, f"Trang {canvas.getPageNumber()} / {total}")
        canvas.restoreState()

    canvas.drawString(10, 150, "bìa")  # page 1: no mark
    canvas.showPage()
    for _ in range(2):
        canvas.mark(mark)
        canvas.setFillColor(red)  # drawn after the mark: it must not colour it
        canvas.rect(100, 10, 40, 40, stroke=0, fill=1)
        canvas.showPage()
    canvas.save()

    data = buffer.getvalue()
    pages, footers = _footer_numbers(data)
    assert (pages, footers) == (3, [(2, 3), (3, 3)])
    with pikepdf.open(io.BytesIO(data)) as pdf:
        operators = [str(op) for _, op in pikepdf.parse_content_stream(pdf.pages[1])]
    # The mark's drawing comes before the page's own: under it, as if drawn when marked.
    assert operators.index("Tj") < operators.index("rg")
    pdf_path = tmp_path / "marks.pdf"
    pdf_path.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "36", "-f", "2", "-l", "2", str(pdf_path), str(tmp_path / "p")], check=True)
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("RGB")
    scale = 36 / 72
    assert image.getpixel((int(30 * scale), int((200 - 30) * scale))) == (0, 0, 0)
    assert image.getpixel((int(120 * scale), int((200 - 30) * scale))) == (255, 0, 0)


def test_total_canvas_makes_the_same_bytes_twice(fonts: FontBook) -> None:
    def made() -> bytes:
        buffer = io.BytesIO()
        canvas = _canvas(buffer, fonts)
        canvas.showPage()
        canvas.mark(lambda drawn_on, total: drawn_on.drawString(10, 10, f"{total}"))
        canvas.save()
        return buffer.getvalue()

    assert made() == made()


class BreakCount:
    """reportlab's own ``breakLines``, counting its calls."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        original = ReportlabParagraph.breakLines

        def counting(paragraph: ReportlabParagraph, width: object) -> object:
            self.calls += 1
            return original(paragraph, width)

        monkeypatch.setattr(ReportlabParagraph, "breakLines", counting)


def _lines(paragraph: ReportlabParagraph) -> list[str]:
    return [" ".join(getattr(word, "text", "") for word in line.words) if hasattr(line, "words") else " ".join(line[1])
            for line in paragraph.blPara.lines]


def test_a_paragraph_breaks_its_lines_once_per_width(fonts: FontBook, campaign: Campaign,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    look = Look(fonts, default_theme())
    styles = Styles.make(LAYOUTS["A5"], look)
    text = campaign.items[0].text
    counted = BreakCount(monkeypatch)
    plain = Paragraph(escape(text), styles.body)
    heights = [plain.wrap(width, 1000)[1] for width in (300, 300, 300, 200, 200, 300)]
    # 300, 200 and 300 again: a new width breaks again, the same width does not.
    assert counted.calls == 3
    fresh = ReportlabParagraph(escape(text), styles.body)
    assert heights[-1] == fresh.wrap(300, 1000)[1] and _lines(plain) == _lines(fresh)
    assert heights[3] > heights[0]  # narrower: more lines

    # Flashgen's own line breaking: a new width gives new text to break, broken again.
    lined = text_paragraph(text, styles.body, WordBreaker.for_glossary(campaign.glossary), look)
    counted.calls = 0
    first = [lined.wrap(300, 1000)[1] for _ in range(3)]
    narrow = lined.wrap(200, 1000)[1]
    assert counted.calls == 2 and len(set(first)) == 1 and narrow > first[0]
    # Another paragraph of the same text keeps nothing of the first one's.
    Paragraph(escape(text), styles.body).wrap(300, 1000)
    assert counted.calls == 3
