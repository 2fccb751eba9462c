"""The booklet's small flowables: a numbered disc, an arrow, an accent rule, a QR code with its caption,
and wrappers that keep a block together, indent it, or put it at the foot of a page."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import Flowable, Paragraph

from flashgen.documents.booklet.page import HANDOUT
from flashgen.pdf.kit import MM, draw_qr


class Badge(Flowable):
    """A number in a disc: the handout's version of the cards' big gold number."""

    def __init__(self, number: int, size: float, font: str, fill: colors.Color, ink: colors.Color) -> None:
        super().__init__()
        self.number, self.size, self.font = str(number), size, font
        self.fill, self.ink = fill, ink

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        canvas, r = self.canv, self.size / 2
        canvas.setFillColor(self.fill)
        canvas.circle(r, r, r, stroke=0, fill=1)
        # Three digits get a smaller size so they still sit inside the disc;
        # one or two are never under the handout's body minimum.
        font_size = max(self.size * 0.5, HANDOUT.body) if len(self.number) < 3 else self.size * 0.36
        canvas.setFillColor(self.ink)
        canvas.setFont(self.font, font_size)
        canvas.drawCentredString(r, r - font_size * 0.36, self.number)


class Arrow(Flowable):
    """A small accent-coloured arrow between the two sides of a summary (the font has no →)."""

    def __init__(self, width: float, height: float, colour: colors.Color) -> None:
        super().__init__()
        self.width, self.height, self.colour = width, height, colour

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas, w, y = self.canv, self.width, self.height * 0.42
        canvas.setStrokeColor(self.colour)
        canvas.setFillColor(self.colour)
        canvas.setLineWidth(1.3)
        canvas.line(w * 0.2, y, w * 0.7, y)
        head = canvas.beginPath()
        head.moveTo(w * 0.85, y)
        head.lineTo(w * 0.62, y + w * 0.14)
        head.lineTo(w * 0.62, y - w * 0.14)
        head.close()
        canvas.drawPath(head, stroke=0, fill=1)


class AccentRule(Flowable):
    """The short accent-coloured underline the cards put under a title."""

    def __init__(self, width: float, thickness: float, space_after: float, colour: colors.Color) -> None:
        super().__init__()
        self.rule_width, self.thickness, self.spaceAfter, self.colour = width, thickness, space_after, colour

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.rule_width, self.thickness

    def draw(self) -> None:
        self.canv.setFillColor(self.colour)
        self.canv.roundRect(0, 0, self.rule_width, self.thickness, self.thickness / 2, stroke=0, fill=1)


class QrBlock(Flowable):
    """The QR code with its caption centred below (source section)."""

    def __init__(self, url: str, size: float, caption: Paragraph, width: float) -> None:
        super().__init__()
        self.url, self.size, self.caption, self.block_width = url, size, caption, width

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        _, caption_height = self.caption.wrap(self.block_width, availHeight)
        self.width, self.height = self.block_width, self.size + 1.5 * MM + caption_height
        return self.width, self.height

    def draw(self) -> None:
        draw_qr(self.canv, self.url, (self.width - self.size) / 2, self.height - self.size, self.size)
        self.caption.drawOn(self.canv, 0, 0)


class Rows(Flowable):
    """A list of rows (the messages) under its section title (``head``), breaking between rows only.

    It leaves at least ``least`` rows on each side of a page break, and the
    title keeps at least ``least`` rows under it: two rows alone at the top of
    a page read as an afterthought, and a title alone at a page foot is lost.
    A list that cannot do so moves whole to the next page.
    """

    def __init__(self, rows: list[Flowable], least: int, head: tuple[Flowable, ...] = ()) -> None:
        super().__init__()
        self.rows, self.least, self.head = rows, least, head

    def _heights(self, width: float, height: float) -> list[float]:
        """The head's height (with the space around its parts), then each row's (with the space above it)."""
        head = sum(part.wrapOn(self.canv, width, height)[1] + part.getSpaceAfter() + (part.getSpaceBefore() if index else 0.0)
                   for index, part in enumerate(self.head))
        rows = [row.wrapOn(self.canv, width, height)[1] + (row.getSpaceBefore() if index or self.head else 0.0)
                for index, row in enumerate(self.rows)]
        return [head, *rows]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.heights = self._heights(availWidth, availHeight)
        self.width, self.height = availWidth, sum(self.heights)
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return self.head[0].getSpaceBefore() if self.head else (self.rows[0].getSpaceBefore() if self.rows else 0.0)

    def draw(self) -> None:
        y = self.height
        for index, part in enumerate(self.head):
            if index:
                y -= part.getSpaceBefore()
            _, height = part.wrapOn(self.canv, self.width, self.height)
            y -= height
            part.drawOn(self.canv, 0, y)
            y -= part.getSpaceAfter()
        for index, row in enumerate(self.rows):
            if index or self.head:
                y -= row.getSpaceBefore()
            _, height = row.wrapOn(self.canv, self.width, self.height)
            y -= height
            row.drawOn(self.canv, 0, y)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        head, *rows = self._heights(availWidth, availHeight)
        used, fitting = head, 0
        for height in rows:
            if used + height > availHeight + 0.01:
                break
            used, fitting = used + height, fitting + 1
        fitting = min(fitting, len(self.rows) - self.least)
        if fitting < self.least:
            return []
        return [Rows(self.rows[:fitting], self.least, self.head), Rows(self.rows[fitting:], self.least)]


class Indented(Flowable):
    """A flowable moved right by ``indent``: text and summary line up with the heading, not the badge.

    Only a paragraph may break across pages; a box (``splittable=False``) moves whole.
    """

    def __init__(self, content: Flowable, indent: float, splittable: bool = True) -> None:
        super().__init__()
        self.content, self.indent, self.splittable = content, indent, splittable

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        w, h = self.content.wrapOn(self.canv, availWidth - self.indent, availHeight)
        self.width, self.height = w + self.indent, h
        return self.width, self.height

    def draw(self) -> None:
        self.content.drawOn(self.canv, self.indent, 0)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        if not self.splittable:
            return []
        pieces = self.content.splitOn(self.canv, availWidth - self.indent, availHeight)
        return [Indented(piece, self.indent) for piece in pieces]


class AtFoot(Flowable):
    """A paragraph at the foot of the page it lands on (the theme's footer line on the last page).

    It takes all the height left, so nothing can follow it; with too little
    left it moves to the next page.
    """

    def __init__(self, paragraph: Paragraph, space: float) -> None:
        super().__init__()
        self.paragraph, self.space = paragraph, space

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.text_height = self.paragraph.wrap(availWidth, availHeight)[1]
        self.width = availWidth
        # A hair under what is left: the frame must not count it as overflowing.
        self.height = max(availHeight - 0.01, self.text_height + self.space)
        return self.width, self.height

    def draw(self) -> None:
        self.paragraph.drawOn(self.canv, 0, 0)


class EndMark(Flowable):
    """Nothing drawn: notes the page it lands on and the height left under it (where the text ends)."""

    def __init__(self) -> None:
        super().__init__()
        self.page, self.left = 0, 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.available = availHeight
        return availWidth, 0.0

    def draw(self) -> None:
        self.page, self.left = self.canv.getPageNumber(), self.available
