"""One point of the booklet: its badge and heading, its paragraph and its summary box, kept together the way
a reader needs them across a page break."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.platypus import Flowable


@dataclass(frozen=True)
class PointParts:
    """The pieces of one point; ``detached`` is the summary labelled with the point's number."""

    head: Flowable | None
    body: Flowable | None
    summary: Flowable | None
    detached: Flowable | None


class Point(Flowable):
    """One point stacked: badge and heading, the paragraph, the summary box.

    Its own ``split`` keeps the heading with at least the paragraph's first
    three lines (no heading alone at a page bottom). When only the summary
    box is short of room it goes to the next page alone, labelled with the
    point's number, rather than dragging text along and leaving a hole.
    """

    MIN_LINES = 3

    def __init__(self, parts: PointParts, gap: float, space_before: float, lead: float) -> None:
        super().__init__()
        self.content, self.gap, self.lead = parts, gap, lead
        self.parts = [part for part in (parts.head, parts.body, parts.summary) if part is not None]
        self.spaceBefore = space_before  # the frame drops it at the top of a page

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.sizes = [part.wrapOn(self.canv, availWidth, availHeight) for part in self.parts]
        self.width = availWidth
        self.height = sum(h for _, h in self.sizes) + self.gap * (len(self.parts) - 1)
        return self.width, self.height

    def draw(self) -> None:
        y = self.height
        for part, (_, h) in zip(self.parts, self.sizes):
            y -= h
            part.drawOn(self.canv, 0, y)
            y -= self.gap

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        head, body, summary, detached = (self.content.head, self.content.body, self.content.summary, self.content.detached)
        if body is None:
            return []  # nothing to break inside: the whole point moves on
        above = head.wrapOn(self.canv, availWidth, availHeight)[1] + self.gap if head is not None else 0.0
        room = availHeight - above
        if room >= body.wrapOn(self.canv, availWidth, availHeight)[1]:
            # Heading and text fit; only the summary does not.
            if summary is None:
                return []
            first = Point(PointParts(head, body, None, None), self.gap, self.spaceBefore, self.lead)
            return [first, detached or summary]
        lines = int((room + 0.01) / self.lead)
        if lines < (self.MIN_LINES if head is not None else 2):
            return []
        pieces = body.splitOn(self.canv, availWidth, lines * self.lead + 0.01)
        if len(pieces) != 2:
            return []
        first = Point(PointParts(head, pieces[0], None, None), self.gap, self.spaceBefore, self.lead)
        rest = Point(PointParts(None, pieces[1], summary, detached), self.gap, 0, self.lead)
        return [first, rest]
