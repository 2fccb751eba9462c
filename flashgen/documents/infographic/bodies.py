"""The items arranged on the page: a grid of cards (list), columns of rows (comparison) or a grid of tiles (figures).

``arrange`` builds the ``Body`` for a width, a column count and a ``Scale``;
``column_counts`` and ``web_columns`` say which column counts a layout tries;
``measures`` and ``readable`` say whether a column count and size give lines
of a readable length.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from flashgen.documents.infographic.cards import heading_alone, list_card
from flashgen.documents.infographic.choice import layout_items
from flashgen.documents.infographic.drawing import Page
from flashgen.documents.infographic.figures import (
    MIN_LABEL_MEASURE,
    figure_columns,
    figure_rows,
    figures_body,
    label_measure,
)
from flashgen.documents.infographic.kit import Kit
from flashgen.documents.infographic.pieces import (
    Body,
    Piece,
    pieces_height,
    spread_gap,
    stacked,
)
from flashgen.documents.infographic.rows import (
    BARE_SPINE_SHARE,
    SPINE_SHARES,
    column_head,
    comparison_row,
    row_gap,
    spine_columns,
    spine_fits,
    spine_measures,
)
from flashgen.documents.infographic.style import MIN_HEADING_MEASURE, MIN_MEASURE, Scale
from flashgen.load.content import Item
from flashgen.text.columns import balanced_split, stack_height

COLUMN_COUNTS = (1, 2, 3)  # of the list and comparison layouts on a poster
HEADING_CARD_GAP = 0.65  # between cards that show their heading alone, in body sizes


def column_counts(layout: str, count: int) -> tuple[int, ...]:
    """The column counts a poster tries for ``count`` items in ``layout``."""
    if layout == "figures":
        return figure_columns(count)
    return tuple(columns for columns in COLUMN_COUNTS if columns <= count)


def web_columns(layout: str, count: int) -> int:
    """The columns of the tall web image (and of a carousel slide): one, but key figures go two abreast."""
    return min(2, count) if layout == "figures" else 1


def item_pieces(kit: Kit, layout: str, width: float, s: Scale) -> list[Piece]:
    """The pieces of ``layout`` ``width`` wide, in order, for the carousel: a card (list) or a row
    (comparison) per item, or a row of tiles (figures; each row as tall as its tallest tile)."""
    items = layout_items(kit.campaign, layout)
    if layout == "figures":
        return figure_rows(kit, items, width, web_columns(layout, len(items)), s, equal=False)
    make = list_card if layout == "list" else comparison_row
    return [make(kit, item, width, s) for item in items]


def list_body(kit: Kit, items: Sequence[Item], width: float, columns: int, s: Scale) -> Body:
    """Cards in a grid, row by row (1 2 3 / 4 5 6); each row as tall as its tallest card. Cards that show
    their headings alone (a poster in less detail) run down the columns instead, each as tall as its heading."""
    gutter = 1.1 * s.body
    card_w = (width - gutter * (columns - 1)) / columns
    cards = [list_card(kit, item, card_w, s) for item in items]
    if all(heading_alone(item) for item in items):
        return _list_columns(cards, card_w, gutter, columns, s)
    rows = [cards[i:i + columns] for i in range(0, len(cards), columns)]
    heights = [max(card.height for card in row) for row in rows]
    natural = sum(heights) + s.gap * (len(rows) - 1)

    def draw(page: Page, x: float, y: float, available: float) -> None:
        gap = spread_gap(len(rows), natural, s.gap, available)
        used = sum(heights) + gap * (len(rows) - 1)
        y += max(0.0, (available - used) / 2)
        for row, row_h in zip(rows, heights):
            # A short last row is centred under the others.
            left = x + (columns - len(row)) * (card_w + gutter) / 2
            for index, card in enumerate(row):
                card.draw(page.foreground, left + index * (card_w + gutter), y, row_h)
            y += row_h + gap

    return Body(natural, columns, s, draw, stacked(cards, s.gap) if columns == 1 else ())


def _list_columns(cards: Sequence[Piece], card_w: float, gutter: float, columns: int, s: Scale) -> Body:
    """Cards read down then across, in columns of nearly equal height, spread a little into spare room."""
    gap = HEADING_CARD_GAP * s.body  # short cards of one heading each: closer than cards of texts
    runs = _even_runs(cards, columns, gap)
    natural = max(pieces_height(run, gap) for run in runs)

    def draw(page: Page, x: float, y: float, available: float) -> None:
        tallest = max(runs, key=lambda run: pieces_height(run, gap))
        between = spread_gap(len(tallest), natural, gap, available)
        y += max(0.0, (available - pieces_height(tallest, between)) / 2)
        for index, run in enumerate(runs):
            top = y
            for card in run:
                card.draw(page.foreground, x + index * (card_w + gutter), top)
                top += card.height + between

    return Body(natural, len(runs), s, draw, stacked(cards, gap) if len(runs) == 1 else ())


def _even_runs(rows: Sequence[Piece], columns: int, gap: float) -> list[Sequence[Piece]]:
    """``rows``, in order, in up to ``columns`` runs of nearly equal height (none empty)."""
    heights = [row.height for row in rows]
    parts = min(columns, len(rows))
    room = 2 * stack_height(heights, gap) + 1.0  # any run fits any column: only the balance decides
    cuts = balanced_split([heights] * parts, gap, [room] * parts)
    assert cuts is not None  # the whole run fits one column
    return [rows[start:end] for start, end in pairwise((0, *cuts, len(rows)))]


def comparison_body(kit: Kit, items: Sequence[Item], width: float, columns: int, s: Scale) -> Body:
    """Columns of comparison rows, read down then across, each under the names of the two sides."""
    gutter = 1.6 * s.body
    column_w = (width - gutter * (columns - 1)) / columns
    headings = any(item.heading for item in items)
    gap = row_gap(column_w, s, headings)
    spine = spine_fits(column_w, s, headings)
    shares = [share for share in SPINE_SHARES if spine_measures(column_w, s, share)[0] >= MIN_MEASURE]
    readable_heads = [share for share in shares if spine_measures(column_w, s, share)[1] >= MIN_HEADING_MEASURE]
    shares = readable_heads or shares
    shares = shares if spine and shares else SPINE_SHARES[:1]
    if not headings:  # no heading on the spine: the two sides take its room
        shares = [BARE_SPINE_SHARE]
    options = []
    for share in shares:
        pieces = [comparison_row(kit, item, column_w, s, share) for item in items]
        options.append((pieces_height(pieces, gap), share, pieces))
    _, share, rows = min(options, key=lambda option: option[0])
    head = column_head(kit, column_w, s, share, headings)
    runs = _even_runs(rows, columns, gap)
    head_gap = 0.7 * s.body
    natural = head.height + head_gap + max(pieces_height(run, gap) for run in runs)

    def draw(page: Page, x: float, y: float, available: float) -> None:
        room = available - head.height - head_gap
        tallest = max(runs, key=lambda run: pieces_height(run, gap))
        between = spread_gap(len(tallest), pieces_height(tallest, gap), gap, room)
        # Spine rows centre their content, so they may also grow (a little) into spare room.
        grow = 0.0
        if spine:
            spare = room - pieces_height(tallest, between)
            grow = max(0.0, min(spare / len(tallest), 1.6 * s.body))
        used = head.height + head_gap + max(pieces_height(run, between) + grow * len(run) for run in runs)
        y += max(0.0, (available - used) / 2)
        for index, run in enumerate(runs):
            left = x + index * (column_w + gutter)
            head.draw(page.foreground, left, y)
            top = y + head.height + head_gap
            for row in run:
                row.draw(page.foreground, left, top, row.height + grow)
                top += row.height + grow + between

    return Body(natural, len(runs), s, draw, ((head, head_gap), *stacked(rows, gap)) if len(runs) == 1 else ())


def arrange(kit: Kit, layout: str, width: float, columns: int, s: Scale) -> Body:
    """Every item of the campaign in ``layout``, ``columns`` across ``width``, at the sizes of ``s``."""
    build = {"list": list_body, "comparison": comparison_body, "figures": figures_body}[layout]
    return build(kit, layout_items(kit.campaign, layout), width, columns, s)


def measures(layout: str, width: float, columns: int, s: Scale, headings: bool = True) -> tuple[float, float]:
    """(body text frame, narrowest heading frame) of the items, in ems of their type sizes.

    Used to reject column counts and sizes that make lines too long to read or
    so narrow that a heading stacks up word by word. ``headings``: whether the
    items show headings (a comparison without them gives its sides more room).
    """
    b, h = s.body, s.heading
    if layout == "figures":
        measure = label_measure(width, columns, s)
        return measure, measure * b / h
    if layout == "list":
        card = (width - 1.1 * b * (columns - 1)) / columns
        inner = card - 2 * s.pad - 3.2 * b
        return inner / b, inner / h
    column = (width - 1.6 * b * (columns - 1)) / columns
    if spine_fits(column, s, headings):
        if not headings:
            cell = spine_columns(column, s, BARE_SPINE_SHARE)[0]
            return (cell - 1.5 * b) / b, MIN_HEADING_MEASURE
        # The widest sides whose spine still holds a readable heading (the heading's room grows as they narrow).
        fitting = [share for share in SPINE_SHARES
                   if spine_measures(column, s, share)[1] >= MIN_HEADING_MEASURE] or [max(SPINE_SHARES)]
        return spine_measures(column, s, max(fitting))
    return ((column - 0.7 * b) / 2 - 1.4 * b) / b, (column - 4.8 * b) / h


def readable(layout: str, width: float, columns: int, s: Scale, headings: bool = True) -> bool:
    body, heading = measures(layout, width, columns, s, headings)
    if layout == "figures":  # short centred labels; the values shrink to fit their tiles
        return body >= MIN_LABEL_MEASURE
    return body >= MIN_MEASURE and heading >= MIN_HEADING_MEASURE
