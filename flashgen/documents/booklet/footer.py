"""The running footer of the booklet's pages after the cover: the title and "Trang N / total".

``Footer`` is the body pages' ``onPage``: it only marks the page. The canvas
(``TotalCanvas``, made by ``pdfkit.new_canvas``) holds every page until platypus
saves it, when the total is known, and then draws each marked page's footer:
the page count needs no second platypus pass.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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


class TotalCanvas(Canvas):
    """reportlab's "page N of total" canvas: pages are held until ``save``, when the total is known.

    ``mark(draw)`` asks for ``draw(canvas, total)`` on the current page, drawn
    as if at the time and place it was asked (a footer marked when the page
    begins is drawn under the page's text, from the page's starting state).
    ``draw`` must leave the canvas's state as it found it (saveState … restoreState).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: list[dict[str, Any]] = []  # each finished page's canvas, as reportlab's showPage reads it
        self._marks: list[_Mark] = []  # the current page's

    def mark(self, draw: Callable[[Canvas, int], None]) -> None:
        state = {name: self.__dict__[name] for name in self.STATE_ATTRIBUTES}
        self._marks.append(_Mark(len(self._code), state, draw))

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))  # the page's drawing, links, number, marks: all made afresh per page
        self._marks = []
        self._startPage()

    def save(self) -> None:
        if self._code:
            self.showPage()
        total = len(self._held)
        for page in self._held:
            self.__dict__.update(page)
            # Last place first: drawing into the page moves only what comes after the place.
            for mark in reversed(self._marks):
                self._draw_at(mark, total)
            Canvas.showPage(self)
        Canvas.save(self)

    def _draw_at(self, mark: _Mark, total: int) -> None:
        ending = {name: self.__dict__[name] for name in self.STATE_ATTRIBUTES}
        after = self._code[mark.place:]
        del self._code[mark.place:]
        self.__dict__.update(mark.state)
        mark.draw(self, total)
        self.__dict__.update(ending)
        self._code.extend(after)


@dataclass(frozen=True)
class _Mark:
    """Something to draw on a page once the total is known: where in the page's drawing, from which graphics state."""

    place: int
    state: dict[str, Any]
    draw: Callable[[Canvas, int], None]


class Footer:
    """Running footer of the pages after the cover: title and page number, on the outer edge when duplexed."""

    def __init__(self, title: str, layout: PageLayout, look: Look) -> None:
        self.title, self.layout, self.look = title, layout, look

    def __call__(self, canvas: TotalCanvas, doc: BaseDocTemplate) -> None:
        """The body template's ``onPage``: the footer is drawn when the canvas knows the total."""
        canvas.mark(self.draw)

    def draw(self, canvas: Canvas, total: int) -> None:
        """The footer of the canvas's current page, ``total`` pages in all."""
        layout, look = self.layout, self.look
        regular, semibold = look.body(400), look.heading(600)
        number = canvas.getPageNumber()
        label = f"Trang {number} / {total}"
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
