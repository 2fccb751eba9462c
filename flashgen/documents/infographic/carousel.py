"""The carousel: the content as 1080 × 1350 slides, the header on the first, the footer on the last, no item cut.

Items go onto slides as evenly filled as possible (a slide's cost is the
square of its empty fraction, and each slide costs a little more: one more
slide may win if it spares a half-empty one), at the largest body size that
needs no more slides than the smallest size does. The last slide may be the
closing slide: the full header again with the footer, and no item. The items
stand at the top of every slide, one spacing across the whole carousel, so
nothing jumps from slide to slide and no point floats alone mid-slide. The rows of key figures on one slide
are drawn equally tall (as the tallest of them). Every slide says where it
is ("3/7") and, but the last, that more follows.
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
)
from flashgen.documents.infographic.rows import column_head, row_gap
from flashgen.documents.infographic.style import SCREEN, TALL, Medium, Scale
from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.content import Campaign
from flashgen.load.fonts import FontBook
from flashgen.load.svgdoc import svg_number
from flashgen.load.theme import Theme, default_theme
from flashgen.text.layout import Box
from flashgen.text.wordbreak import WordBreaker

CAROUSEL_SLIDE = (1080, 1350)
CAROUSEL_BODY_SIZES = (28.0, 30.0, 32.0, 34.0, 36.0)  # px, tried for the fewest, fullest slides
LABEL_NEXT = "Xem tiếp"
SLIDE_COST = 0.2  # of one more slide, against the squared empty fractions of the slides it evens out
LEAD_COST = 1.0  # of a first slide holding no item: the header alone is not a slide worth swiping to
CLOSING_RESERVE = 2.6  # room for the slide indicator under the footer, in the medium's org sizes
SPREAD = 1.6  # the most the spacing between items grows into spare room

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
    number = kit.label(text, 700, size, x + w / 2, cy, _("the slide number"))
    number.draw(group, kit.colour("on-primary-muted" if on_dark else "text-muted"), "slide-number")
    if index < count:
        hint = kit.heading_text(LABEL_NEXT, Box(0, 0, 10 * size, TALL), 600, size, _("the slide hint"), max_lines=1)
        place(hint, m.margin, cy - hint.height / 2).draw(group, kit.colour("text-muted"), "next")
        svg_arrow(group, m.margin + hint.width + 0.5 * size, cy, 1.4 * size, kit.colour("accent"), 0.14 * size)


def _cheapest_start(cost: list[list[float]], k: int, j: int, room: float, empty_cost: float | None,
                    used: Callable[[int, int], float]) -> tuple[float, int]:
    """(least cost, first item) of slide ``k - 1`` ending before item ``j``, from the costs of slides before it.

    A slide's cost is the square of its empty fraction: evenly filled slides beat one full and one empty. A
    slide with no item costs ``empty_cost`` (None: it may not be empty).
    """
    best, start = math.inf, 0
    for i in range(j, -1, -1):
        if cost[k - 1][i] == math.inf or (i == j and empty_cost is None):
            continue
        need = used(i, j)
        if need > room + 1e-6:
            if i < j:
                break  # starting earlier only needs more room
            continue
        empty = 1.0 - need / room if room > 0 else 1.0
        value = cost[k - 1][i] + (empty * empty if i < j else float(empty_cost or 0.0))
        if value < best:
            best, start = value, i
    return best, start


def _fill(items: int, count: int, room: Room, used: Callable[[int, int], float]) -> tuple[float, list[list[int]]]:
    """(cost, back): ``back[k][j]`` is the first item of slide ``k - 1`` in the cheapest filling of ``count``
    slides with items ``0 .. j - 1`` on slides ``0 .. k - 1``; the cost is infinite if they do not fit."""
    cost = [[math.inf] * (items + 1) for _ in range(count + 1)]
    back = [[0] * (items + 1) for _ in range(count + 1)]
    cost[0][0] = 0.0
    for k in range(1, count + 1):
        slide_room = room(k - 1, count)
        # The first slide may show the header alone (dearly), the last be the closing slide; no other is empty.
        empty_cost = 0.0 if k == count > 1 else LEAD_COST if k == 1 else None
        for j in range(items + 1):
            cost[k][j], back[k][j] = _cheapest_start(cost, k, j, slide_room, empty_cost, used)
    return cost[count][items], back


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

    fewest = next(count for count in range(1, n + 3) if _fill(n, count, room, used)[0] < math.inf)
    options = [(_fill(n, count, room, used), count) for count in (fewest, fewest + 1)]
    (_, back), count = min(options, key=lambda option: option[0][0] + SLIDE_COST * option[1])
    slides, j = [], n
    for k in range(count, 0, -1):
        slides.append(tuple(range(back[k][j], j)))
        j = back[k][j]
    return tuple(slides[::-1])


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
                _(
                    "{file}: a row of figures is too tall for one {width} × {height} slide even at "
                    "the smallest size. Shorten their 'label' and 'note' texts."
                ).format(file=kit.campaign.path, width=size[0], height=size[1]),
                code="overflow",
            )
        raise FlashgenError(
            _(
                "{where}: item {number} is too long for one {width} × {height} slide even at the smallest size. "
                "Shorten its texts."
            ).format(where=f"{kit.campaign.path}, " + _("line {line}").format(line=item.line), number=item.number,
                     width=size[0], height=size[1]),
            code="overflow",
        )
    return best


def _heights(plan: _Plan, indices: Sequence[int]) -> list[float]:
    """The heights the items of one slide are drawn at (rows of key figures: all as tall as the tallest)."""
    heights = [plan.pieces[i].height for i in indices]
    return [max(heights)] * len(heights) if plan.equal and heights else heights


def _spacing(plan: _Plan, bands: _Bands) -> float:
    """One spacing between items for every slide: spread into spare room, as far as the fullest slide allows."""
    count, spacing = len(plan.slides), SPREAD * plan.gap
    for k, indices in enumerate(plan.slides):
        if len(indices) > 1:
            spare = bands.room(k, count) - _used(plan, indices, plan.gap)
            spacing = min(spacing, plan.gap + max(0.0, spare) / (len(indices) - 1))
    return spacing


def _used(plan: _Plan, indices: Sequence[int], spacing: float) -> float:
    """The height the items of one slide take, with ``spacing`` between them."""
    return sum(_heights(plan, indices)) + spacing * max(len(indices) - 1, 0) + plan.head_height


def _draw_items(page: Page, m: Medium, plan: _Plan, indices: Sequence[int], y: float, spacing: float) -> None:
    """The items of one slide from ``y`` down, ``spacing`` apart."""
    if plan.head is not None:
        plan.head.draw(page.foreground, m.margin, y)
        y += plan.head_height
    for i, height in zip(indices, _heights(plan, indices)):
        plan.pieces[i].draw(page.foreground, m.margin, y, height)
        y += height + spacing


def _slide(kit: Kit, bands: _Bands, plan: _Plan, k: int, width: float, spacing: float) -> bytes:
    """Slide ``k`` as an SVG document; ``data-fill`` says how much of its room its items take."""
    count = len(plan.slides)
    first, last = k == 0, k == count - 1
    indices = plan.slides[k]
    page = Page(width, bands.height, "px", kit.theme)
    page.root.set("data-slide", f"{k + 1}/{count}")
    page.root.set("data-body-size", svg_number(plan.scale.body))
    room = bands.room(k, count)
    page.root.set("data-fill", svg_number(_used(plan, indices, spacing) / room if indices else 0.0))
    closing = last and not indices and count > 1  # the closing slide: the full header again, with the footer
    if closing:
        page.root.set("data-closing", "true")
    band = bands.top if first or closing else bands.slim
    band.draw(page, 0.0)
    if closing:  # the footer's band runs on from the header's: one closing panel, its content in the middle
        lead = max(0.0, (bands.height - band.height - bands.bottom.height) / 2)
        footer(kit, bands.m, width, reserve=CLOSING_RESERVE * bands.m.org, lead=lead).draw(page, band.height)
    elif last:
        bands.bottom.draw(page, bands.height - bands.bottom.height)
    if indices:
        _draw_items(page, bands.m, plan, indices, band.height + bands.gap, spacing)
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
    bands = _Bands(header(kit, m, width), slim_header(kit, m, width), footer(kit, m, width, reserve=CLOSING_RESERVE * m.org),
                   m, height)
    plan = _best_plan(kit, layout, bands, width - 2 * m.margin, size)
    spacing = _spacing(plan, bands)
    return [_slide(kit, bands, plan, k, width, spacing) for k in range(len(plan.slides))]
