"""The carousel: the content as 1080 × 1350 slides, the header on the first, the footer on the last, no item cut.

Items go onto the fewest slides, then as evenly filled as possible, at the
largest body size that needs no more slides than the smallest size does.
The rows of key figures on one slide are drawn equally tall (as the tallest
of them). Every slide says where it is ("3/7") and, but the last, that more
follows.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from flashgen.documents.infographic.bodies import item_pieces
from flashgen.documents.infographic.choice import check_layout
from flashgen.documents.infographic.drawing import Page, svg_arrow, svg_group, svg_rect
from flashgen.documents.infographic.footer import footer
from flashgen.documents.infographic.header import header, slim_header
from flashgen.documents.infographic.kit import Kit, TextTooLarge, place
from flashgen.documents.infographic.pieces import (
    Chrome,
    Piece,
    spread_gap,
)
from flashgen.documents.infographic.rows import column_head, row_gap
from flashgen.documents.infographic.style import SCREEN, TALL, Medium, Scale
from flashgen.errors import FlashgenError
from flashgen.load.content import Campaign
from flashgen.load.fonts import FontBook
from flashgen.load.svgdoc import svg_number
from flashgen.load.theme import Theme, default_theme
from flashgen.text.layout import Box
from flashgen.text.wordbreak import WordBreaker

CAROUSEL_SLIDE = (1080, 1350)
CAROUSEL_BODY_SIZES = (28.0, 30.0, 32.0, 34.0, 36.0)  # px, tried for the fewest, fullest slides
LABEL_NEXT = "Xem tiếp"

Room = Callable[[int, int], float]  # (slide index, slide count) -> height for items on that slide


@dataclass(frozen=True)
class _Bands:
    """The bands of a slide: the full header on the first, the slim one on the others, the footer on the last."""

    top: Chrome
    slim: Chrome
    bottom: Chrome
    m: Medium
    height: float  # of a slide

    @property
    def gap(self) -> float:
        """Below the header band and above the footer band."""
        return 0.7 * self.m.gap

    def room(self, k: int, count: int) -> float:
        """The height for items on slide ``k`` of ``count``."""
        first, last = k == 0, k == count - 1
        strip = 2.2 * self.m.org + self.m.margin  # the slide indicator's room at the bottom
        above = (self.top.height if first else self.slim.height) + self.gap
        below = (self.bottom.height + self.gap) if last else strip + 0.4 * self.gap
        return self.height - above - below


@dataclass(frozen=True)
class _Plan:
    """The items set at one body size, and the indices of the items on each slide."""

    scale: Scale
    pieces: tuple[Piece, ...]
    head: Piece | None  # the comparison's column head, above the items of every slide
    gap: float  # between items
    slides: tuple[tuple[int, ...], ...]
    equal: bool  # the pieces of a slide drawn as tall as its tallest (rows of key figures)

    @property
    def head_height(self) -> float:
        return self.head.height + 0.7 * self.scale.body if self.head else 0.0


def _slide_indicator(kit: Kit, m: Medium, page: Page, index: int, count: int, on_dark: bool) -> None:
    """'n/m' at the bottom right of a slide, and 'Xem tiếp →' at the left of all but the last."""
    size = max(0.9 * m.org, m.body_floor)
    cy = page.height - m.margin - 0.9 * size
    group = svg_group(page.foreground, id="slide-indicator")
    text = f"{index}/{count}"
    w = kit.label_width(text, 700, size) + 1.6 * size
    h = 1.9 * size
    x = page.width - m.margin - w
    svg_rect(group, x, cy - h / 2, w, h, "none" if on_dark else kit.colour("paper"), rx=h / 2,
             stroke=kit.colour("outline" if on_dark else "rule"), stroke_width=0.08 * size)
    number = kit.label(text, 700, size, x + w / 2, cy, "the slide number")
    number.draw(group, kit.colour("on-primary-muted" if on_dark else "text-muted"), "slide-number")
    if index < count:
        hint = kit.heading_text(LABEL_NEXT, Box(0, 0, 10 * size, TALL), 600, size, "the slide hint", max_lines=1)
        place(hint, m.margin, cy - hint.height / 2).draw(group, kit.colour("text-muted"), "next")
        svg_arrow(group, m.margin + hint.width + 0.5 * size, cy, 1.4 * size, kit.colour("accent"), 0.14 * size)


def _cheapest_start(cost: list[list[float]], k: int, j: int, room: float, may_be_empty: bool,
                    used: Callable[[int, int], float]) -> tuple[float, int]:
    """(least cost, first item) of slide ``k - 1`` ending before item ``j``, from the costs of slides before it.

    A slide's cost is the square of its empty fraction: evenly filled slides beat one full and one empty.
    """
    best, start = math.inf, 0
    for i in range(j, -1, -1):
        if cost[k - 1][i] == math.inf or (i == j and not may_be_empty):
            continue
        need = used(i, j)
        if need > room + 1e-6:
            if i < j:
                break  # starting earlier only needs more room
            continue
        empty = 1.0 - need / room if room > 0 else 1.0
        value = cost[k - 1][i] + empty * empty
        if value < best:
            best, start = value, i
    return best, start


def _fill(items: int, count: int, room: Room, used: Callable[[int, int], float]) -> list[list[int]] | None:
    """``back[k][j]``: the first item of slide ``k - 1`` in the cheapest filling of ``count`` slides with
    items ``0 .. j - 1`` on slides ``0 .. k - 1``; None if the items do not fit ``count`` slides."""
    cost = [[math.inf] * (items + 1) for _ in range(count + 1)]
    back = [[0] * (items + 1) for _ in range(count + 1)]
    cost[0][0] = 0.0
    for k in range(1, count + 1):
        slide_room = room(k - 1, count)
        may_be_empty = k == 1 or k == count
        for j in range(items + 1):
            cost[k][j], back[k][j] = _cheapest_start(cost, k, j, slide_room, may_be_empty, used)
    return back if cost[count][items] < math.inf else None


def _partition(heights: Sequence[float], room: Room, gap: float, extra: float,
               equal: bool = False) -> tuple[tuple[int, ...], ...]:
    """Items (in order) into the fewest slides, then as evenly filled as possible.

    ``room(k, m)`` is the room for items on slide k of m; a slide with items
    also needs ``extra`` (the comparison's column head). With ``equal``, the
    items of a slide are as tall as its tallest. The first and the last slide
    may carry no item (a cover, a closing) when nothing else fits.
    """
    n = len(heights)
    prefix = [0.0]
    for h in heights:
        prefix.append(prefix[-1] + h)

    def used(i: int, j: int) -> float:
        if i == j:
            return 0.0
        total = (j - i) * max(heights[i:j]) if equal else prefix[j] - prefix[i]
        return total + gap * (j - i - 1) + extra

    for count in range(1, n + 3):
        back = _fill(n, count, room, used)
        if back is not None:
            slides, j = [], n
            for k in range(count, 0, -1):
                slides.append(tuple(range(back[k][j], j)))
                j = back[k][j]
            return tuple(slides[::-1])
    raise AssertionError("unreachable: every item fits a slide on its own")


def _plan_at(kit: Kit, layout: str, bands: _Bands, width: float, body: float) -> _Plan | Piece:
    """The slides with the items at ``body`` size, or the first item too tall for a slide at that size."""
    s = Scale.of(body, bands.m)
    pieces = item_pieces(kit, layout, width, s)
    head = column_head(kit, width, s) if layout == "comparison" else None
    extra = head.height + 0.7 * s.body if head else 0.0
    room = bands.room(1, 3)  # a middle slide's: the first and the last may carry no item if need be
    tall = [p for p in pieces if p.height + extra > room]
    if tall:
        return tall[0]
    between = row_gap(width, s) if head else s.gap
    equal = layout == "figures"
    slides = _partition([p.height for p in pieces], bands.room, between, extra, equal)
    return _Plan(s, tuple(pieces), head, between, slides, equal)


def _best_plan(kit: Kit, layout: str, bands: _Bands, width: float, size: tuple[int, int]) -> _Plan:
    """The largest body size that needs no more slides than the smallest does."""
    best: _Plan | None = None
    too_tall: Piece | None = None
    for body in CAROUSEL_BODY_SIZES:
        try:
            plan = _plan_at(kit, layout, bands, width, body)
        except TextTooLarge:  # set well only at a smaller size (a key figure's label with a long term)
            if body == CAROUSEL_BODY_SIZES[0]:
                raise
            continue
        if isinstance(plan, Piece):
            too_tall = too_tall or plan
        elif best is None or len(plan.slides) <= len(best.slides):
            best = plan
    if best is None:
        assert too_tall is not None
        item = too_tall.item
        if item is None:  # a row of key figures
            raise FlashgenError(
                f"{kit.campaign.path}: a row of figures is too tall for one {size[0]} × {size[1]} slide even at "
                "the smallest size. Shorten their 'label' and 'note' texts."
            )
        raise FlashgenError(
            f"{kit.where_item(item, 'heading')}: item {item.number} is too long for one "
            f"{size[0]} × {size[1]} slide even at the smallest size. Shorten its texts."
        )
    return best


def _draw_items(page: Page, m: Medium, plan: _Plan, indices: Sequence[int], y: float, room: float) -> None:
    """The items of one slide from ``y`` down, spread a little into spare room and centred in the rest."""
    chosen = [plan.pieces[i] for i in indices]
    tallest = max(piece.height for piece in chosen)
    heights = [tallest if plan.equal else piece.height for piece in chosen]
    natural = sum(heights) + plan.gap * (len(chosen) - 1) + plan.head_height
    spread = spread_gap(len(chosen), natural, plan.gap, room, stretch=1.6)
    used = natural + (spread - plan.gap) * (len(chosen) - 1)
    y += max(0.0, room - used) / 2  # a light slide is centred, not top-heavy
    if plan.head is not None:
        plan.head.draw(page.foreground, m.margin, y)
        y += plan.head_height
    for piece, height in zip(chosen, heights):
        piece.draw(page.foreground, m.margin, y, height)
        y += height + spread


def _slide(kit: Kit, bands: _Bands, plan: _Plan, k: int, width: float) -> bytes:
    """Slide ``k`` as an SVG document."""
    count = len(plan.slides)
    first, last = k == 0, k == count - 1
    page = Page(width, bands.height, "px", kit.theme)
    page.root.set("data-slide", f"{k + 1}/{count}")
    page.root.set("data-body-size", svg_number(plan.scale.body))
    band = bands.top if first else bands.slim
    band.draw(page, 0.0)
    if last:
        bands.bottom.draw(page, bands.height - bands.bottom.height)
    if plan.slides[k]:
        _draw_items(page, bands.m, plan, plan.slides[k], band.height + bands.gap, bands.room(k, count))
    _slide_indicator(kit, bands.m, page, k + 1, count, on_dark=last)
    return page.tostring()


def carousel_svgs(campaign: Campaign, fonts: FontBook, breaker: WordBreaker, layout: str,
                  size: tuple[int, int] = CAROUSEL_SLIDE, theme: Theme | None = None) -> list[bytes]:
    """The content as slides of ``size`` px in ``theme`` (default: xanh): the header on the first, the footer
    on the last, no item cut."""
    check_layout(campaign, layout)
    kit = Kit(campaign, fonts, breaker, theme or default_theme(), SCREEN.body_floor)
    m = SCREEN
    width, height = float(size[0]), float(size[1])
    bands = _Bands(header(kit, m, width), slim_header(kit, m, width), footer(kit, m, width, reserve=2.6 * m.org),
                   m, height)
    plan = _best_plan(kit, layout, bands, width - 2 * m.margin, size)
    return [_slide(kit, bands, plan, k, width) for k in range(len(plan.slides))]
