"""One point of the booklet: its badge and heading, its paragraph and its summary box, kept together the way
a reader needs them across a page break."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.platypus import Flowable


@dataclass(frozen=True)
class PointParts:
    """The pieces of one point (any may be missing: a statement has no summary, a continuation no heading)."""

    head: Flowable | None
    body: Flowable | None
    summary: Flowable | None


class Point(Flowable):
    """One point stacked: badge and heading, the paragraph, the summary box.

    Its own ``split`` keeps the point readable across a page break:

    - the heading never ends a page: it keeps at least ``MIN_LINES`` lines of
      the paragraph below it, or the whole point moves to the next page;
    - the summary box stays with its point: it never starts a page alone, it
      takes at least ``CARRIED`` lines of the paragraph along (so the page it
      is on is the page where its point ends);
    - no widow or orphan: a paragraph is split with at least two lines on
      each side (the paragraph style forbids single lines too).
    """

    MIN_LINES = 3  # lines of text under a heading at the foot of a page
    CARRIED = 2  # lines of text that go with the summary box (or end a paragraph) on the next page

    def __init__(self, parts: PointParts, gap: float, space_before: float, lead: float, all_lines: int = 0) -> None:
        super().__init__()
        self.content, self.gap, self.lead = parts, gap, lead
        self.all_lines = all_lines  # lines of the whole paragraph, once split (0: not split)
        self.parts = [part for part in (parts.head, parts.body, parts.summary) if part is not None]
        self.spaceBefore = space_before  # the frame drops it at the top of a page

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.sizes = [part.wrapOn(self.canv, availWidth, availHeight) for part in self.parts]
        self.width = availWidth
        self.height = sum(h for _, h in self.sizes) + self.gap * (len(self.parts) - 1)
        return self.width, self.height

    def body_lines(self) -> int:
        """Lines of the paragraph in this piece (after ``wrap``)."""
        if self.content.body is None:
            return 0
        return round(self.sizes[self.parts.index(self.content.body)][1] / self.lead)

    def draw(self) -> None:
        y = self.height
        for part, (_, h) in zip(self.parts, self.sizes):
            y -= h
            part.drawOn(self.canv, 0, y)
            y -= self.gap

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        head, body, summary = self.content.head, self.content.body, self.content.summary
        if body is None:
            return []  # nothing to break inside: the whole point moves on
        above = head.wrapOn(self.canv, availWidth, availHeight)[1] + self.gap if head is not None else 0.0
        lines = round(body.wrapOn(self.canv, availWidth, availHeight)[1] / self.lead)
        # As many lines as fit, but leave CARRIED for the next page (with the summary box, if any).
        kept = min(int((availHeight - above + 0.01) / self.lead), lines - self.CARRIED)
        if kept < (self.MIN_LINES if head is not None else self.CARRIED):
            return []
        pieces = body.splitOn(self.canv, availWidth, kept * self.lead + 0.01)
        if len(pieces) != 2:
            return []
        total = self.all_lines or lines
        first = Point(PointParts(head, pieces[0], None), self.gap, self.spaceBefore, self.lead, total)
        rest = Point(PointParts(None, pieces[1], summary), self.gap, 0, self.lead, total)
        return [first, rest]
