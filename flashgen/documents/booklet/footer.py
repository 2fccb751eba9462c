"""The running footer of the booklet's pages after the cover: the title and "Trang N / total"."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate

from flashgen.documents.booklet.page import HANDOUT, PageLayout
from flashgen.pdf.kit import MM, Look
from flashgen.text.fit import largest_fitting, sizes_down


def _fit_line(text: str, font: str, size: float, min_size: float, width: float) -> tuple[str, float]:
    """``text`` at the largest size down to ``min_size`` (in quarter points) that fits ``width``; cut with "…"
    only if none does."""
    sizes = sizes_down(size, min_size, 0.25)
    fitting = largest_fitting(sizes, lambda tried: tried if stringWidth(text, font, tried) <= width else None)
    if fitting is not None:
        return text, fitting
    size = sizes[-1]
    words = text.split()
    while words and stringWidth(" ".join(words) + "…", font, size) > width:
        words.pop()
    return " ".join(words) + "…", size


class Footer:
    """Running footer of the pages after the cover: title and page number, on the outer edge when duplexed."""

    def __init__(self, title: str, layout: PageLayout, look: Look, total: int | None) -> None:
        self.title, self.layout, self.look, self.total = title, layout, look, total

    def __call__(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        layout, look = self.layout, self.look
        regular, semibold = look.body(400), look.heading(600)
        number = canvas.getPageNumber()
        label = f"Trang {number} / {self.total}" if self.total else f"Trang {number}"
        left, right, y = layout.margin_x, layout.pagesize[0] - layout.margin_x, layout.footer_y
        # Running text like any other: never under the handout's body minimum.
        footer_size = max(layout.footer_size, HANDOUT.body)
        label_width = stringWidth(label, semibold, footer_size)
        room = right - left - label_width - 5 * MM
        title, size = _fit_line(self.title, regular, footer_size, max(footer_size - 1.5, HANDOUT.body), room)
        canvas.saveState()
        canvas.setStrokeColor(look.colour("rule"))
        canvas.setLineWidth(0.5)
        canvas.line(left, y + footer_size + 1.8 * MM, right, y + footer_size + 1.8 * MM)
        canvas.setFillColor(look.colour("text-muted"))
        canvas.setFont(regular, size)
        # Odd pages are right-hand pages: the number goes to the outer edge of each side.
        if number % 2:
            canvas.drawString(left, y, title)
        else:
            canvas.drawRightString(right, y, title)
        canvas.setFillColor(look.colour("primary"))
        canvas.setFont(semibold, footer_size)
        if number % 2:
            canvas.drawRightString(right, y, label)
        else:
            canvas.drawString(left, y, label)
        canvas.restoreState()
