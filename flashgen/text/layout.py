"""Stage 3 — lay out text: a string, a frame and a style in, placed lines out.

``layout_text`` fills one rectangular frame the way a typesetter would:
Vietnamese-aware line breaks chosen over the whole paragraph (not greedily),
the largest font size between the frame's maximum and minimum at which the
text fits, line spacing wide enough for stacked diacritics (measured from the
real glyph outlines of the lines it sets), and alignment on both axes. It
returns a ``TextBlock`` whose lines never extend past the frame, or raises
``TextDoesNotFit`` with a reason a designer can act on.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from flashgen.i18n import _
from flashgen.load.frame import Align, Box, TextStyle, VAlign
from flashgen.text.fit import bisect
from flashgen.text.memo import persistent
from flashgen.text.wordbreak import Gap, WordBreaker

# The costs of the line-breaking search (they rank candidate breaks, they are not
# measurements) are data: flashgen/data/vi-breaks.yaml, ``costs``, read by the
# breaker (``breaker.rules.costs``). Slack is squared so that even lines beat one
# long and one short.
# Gap between the lowest ink of one line and the highest ink of the next, in em.
INK_CLEARANCE = 0.04
SIZE_PRECISION = 0.005  # relative: stop shrinking when within 0.5 % of the best size
SIZE_STEPS = 10_000  # sizes are searched on a grid of max_size / SIZE_STEPS


@dataclass(frozen=True)
class PlacedLine:
    text: str
    x: float  # where the renderer starts drawing (left of the advance box)
    baseline: float
    width: float  # advance width


@dataclass(frozen=True)
class TextBlock:
    size: float
    lines: tuple[PlacedLine, ...]
    ink: Box  # what the lines cover, ascenders and diacritics included
    # The breaks the layout had to accept against the rules (vi-breaks.yaml), each as the
    # words around it, "khác / nhau": no breaking without them fitted the frame.
    weak_breaks: tuple[str, ...] = ()


class TextDoesNotFit(Exception):
    """The text cannot be set in the frame at or above the minimum size."""


# Per number of lines used so far: (total cost, start of the last line, lines before it).
_States = dict[int, tuple[float, int, int]]


@dataclass(frozen=True)
class _Line:
    start: int
    end: int  # exclusive syllable index


class _Paragraph:
    """The syllables of one text and everything about them that does not depend on size."""

    def __init__(self, text: str, style: TextStyle, breaker: WordBreaker, written: str | None = None) -> None:
        """``written`` is the text as the content writes it when ``text`` is its upper-case form:
        names are told from their capitals."""
        self.style = style
        self.face = style.face
        self.syllables = text.split()
        self.costs = breaker.rules.costs
        # Upper-casing keeps the syllables (Vietnamese has no "ß"); if it ever did not, case is lost.
        source = written.split() if written and len(written.split()) == len(self.syllables) else self.syllables
        self.infos = breaker.analyse(source)
        self.gaps = [info.gap for info in self.infos]
        # Per gap, computed once: the search asks for them at every size it tries. In running
        # text only a split word or name is against the rules; the phrase rules are costs there.
        self.weak = [bool(info.weak) if style.heading else info.splits for info in self.infos]
        self.costs_of_breaks = [self.break_cost(index) for index in range(len(self.infos))]
        advances = self.face.advances
        self.space = advances.get(" ", 0.25)
        # Shaped widths (kerning included), as render/glyphruns.py draws them; a line is its
        # syllables joined by the font's space, which no bundled font kerns (load/shaping.py).
        self.syllable_em = [self.face.run(s).width for s in self.syllables]
        self.prefix = [0.0]
        self.chars = [0]
        for em, syllable in zip(self.syllable_em, self.syllables):
            self.prefix.append(self.prefix[-1] + em)
            self.chars.append(self.chars[-1] + len(syllable))
        # Per syllable, in em, from its shaped glyphs: how far its ink reaches left of the line
        # start, past its advance, above and below the baseline.
        self.inks = [self.face.run_ink(s) for s in self.syllables]
        self.first_ink = [ink.left for ink in self.inks]
        self.last_ink = [ink.right for ink in self.inks]

    def text_of(self, line: _Line) -> str:
        return " ".join(self.syllables[line.start:line.end])

    def extent(self, start: int, end: int, size: float) -> tuple[float, float, float]:
        """(advance width, ink left overhang ≤ 0, ink right edge) at ``size`` of the line of
        syllables ``start`` to ``end`` (exclusive)."""
        count = end - start
        em = self.prefix[end] - self.prefix[start] + self.space * (count - 1)
        characters = self.chars[end] - self.chars[start] + count - 1
        width = em * size + self.style.letter_spacing * size * max(characters - 1, 0)
        left = min(0.0, self.first_ink[start] * size)
        right = max(width, width + self.last_ink[end - 1] * size)
        return width, left, right

    def ink_rise(self, line: _Line) -> tuple[float, float]:
        """Highest ink above and lowest ink below the baseline of a line, in em."""
        inks = self.inks[line.start:line.end]
        return max(ink.top for ink in inks), max(ink.bottom for ink in inks)

    def break_cost(self, gap_index: int) -> float | None:
        """Cost of ending a line after syllable ``gap_index``; None if forbidden."""
        info, costs, heading = self.infos[gap_index], self.costs, self.style.heading
        gap = info.gap
        if gap is Gap.GLUED:
            return None
        if gap is Gap.IN_TERM:
            return None if heading else costs.in_term_body
        if gap is Gap.IN_WORD:
            return costs.in_word.of(heading)
        if gap is Gap.IN_NAME:
            return (costs.in_name_seam if info.name_seam else costs.in_name).of(heading)
        if info.ends_clause:
            return costs.after_punctuation
        cost = costs.between_words
        if info.before_opener and not info.after_function_word:
            cost = costs.before_parallel_opener if info.parallel else costs.before_opener
        if info.after_function_word:
            cost += costs.after_function_word.of(heading)
        if info.before_binding_word:
            cost += costs.before_binding_word.of(heading)
        return cost

    def weak_breaks(self, lines: list[_Line]) -> tuple[str, ...]:
        """The words around each break between ``lines`` that goes against the rules."""
        found = []
        for line in lines[1:]:
            if self.weak[line.start - 1]:
                before = " ".join(self.syllables[max(0, line.start - 2):line.start])
                after = " ".join(self.syllables[line.start:line.start + 2])
                found.append(f"{before} / {after}")
        return tuple(found)

    def best_lines(self, size: float, width: float, strict: bool = False, most: int | None = None) -> list[_Line] | None:
        """Minimum-cost line breaks at ``size``, or None if no breaking fits ``width``.

        A dynamic programme over break positions. With ``max_lines`` set (or
        ``most``, the lines the frame has room for), the state also counts
        lines, so the cheapest breaking *within* the limit wins even when a
        cheaper one would need more lines. ``strict`` forbids every break
        against the rules (inside a word or a name; in headings also after a
        function word and before a binding word), a last line of a single
        syllable and, in headings, any line of a single syllable (unless the
        text is one syllable).
        """
        count = len(self.syllables)
        # states[end][lines] = (total cost, start of the last line, lines before it)
        states: list[_States] = [{} for _ in range(count + 1)]
        states[0][0] = (0.0, 0, 0)
        for end in range(1, count + 1):
            for start, cost in self._last_lines(end, size, width, strict, states):
                self._extend(states, start, end, cost, most)
        return self._cheapest(states) if states[count] else None

    def _last_lines(
        self, end: int, size: float, width: float, strict: bool, states: list[_States]
    ) -> Iterator[tuple[int, float]]:
        """(start, cost) of each line that may end before syllable ``end``, after a reachable start."""
        for start in range(end - 1, -1, -1):
            if not states[start]:
                continue
            _, left, right = self.extent(start, end, size)
            if right - left > width:
                break  # longer lines starting further left are wider still
            cost = self._cost_of(start, end, left, right, width, strict)
            if cost is not None:
                yield start, cost

    def _cost_of(self, start: int, end: int, left: float, right: float, width: float, strict: bool) -> float | None:
        """The cost of the line from ``start`` to ``end``, its break before it included; None if forbidden."""
        count = len(self.syllables)
        if strict and end - start == 1 and count > 1 and (self.style.heading or end == count):
            return None
        cost = self._line_cost(start, end, left, right, width, end == count)
        if start == 0:
            return cost
        penalty = self.costs_of_breaks[start - 1]
        if penalty is None or (strict and self.weak[start - 1]):
            return None
        return cost + penalty

    def _extend(self, states: list[_States], start: int, end: int, cost: float, most: int | None = None) -> None:
        """Record in ``states[end]`` the line from ``start`` after every breaking that reaches ``start``."""
        limit = min(filter(None, (self.style.max_lines, most)), default=None)
        for used, (total, _unused, _unused2) in states[start].items():
            lines = used + 1 if limit else 0
            if limit and lines > limit:
                continue
            current = states[end].get(lines)
            if current is None or total + cost < current[0]:
                states[end][lines] = (total + cost, start, used)

    @staticmethod
    def _cheapest(states: list[_States]) -> list[_Line]:
        """The cheapest breaking of the whole text, read back from the last state."""
        end = len(states) - 1
        lines_used = min(states[end], key=lambda key: states[end][key][0])
        result: list[_Line] = []
        while end > 0:
            _, start, before = states[end][lines_used]
            result.append(_Line(start, end))
            end, lines_used = start, before
        result.reverse()
        return result

    def _line_cost(self, start: int, end: int, left: float, right: float, width: float, last: bool) -> float:
        costs = self.costs
        slack = (width - (right - left)) / width
        cost = costs.line
        if not last or self.style.heading:
            # Headings are balanced (their last line counts too); body text is ragged.
            cost += costs.slack * slack * slack * (costs.heading_last_line_slack if last else 1.0)
        if end - start == 1 and len(self.syllables) > 1:
            cost += (costs.lonely_last_syllable if last else costs.lonely_syllable_line).of(self.style.heading)
        return cost


def _pitch(paragraph: _Paragraph, lines: list[_Line]) -> tuple[float, float, float]:
    """(line pitch, room above the first baseline, room below the last), in em."""
    style = paragraph.style
    rises = [paragraph.ink_rise(line) for line in lines]
    needed = max((rises[i][1] + rises[i + 1][0] + INK_CLEARANCE for i in range(len(lines) - 1)), default=0.0)
    above = max(paragraph.face.ascent, rises[0][0])
    below = max(paragraph.face.descent, rises[-1][1])
    return max(style.line_height, needed), above, below


def _place(paragraph: _Paragraph, lines: list[_Line], size: float, box: Box) -> TextBlock | None:
    """Position ``lines`` at ``size`` inside ``box``; None if they are too tall."""
    pitch, above, below = _pitch(paragraph, lines)
    height = (above + pitch * (len(lines) - 1) + below) * size
    if height > box.height:
        return None
    style = paragraph.style
    top = box.y + {VAlign.TOP: 0.0, VAlign.MIDDLE: (box.height - height) / 2, VAlign.BOTTOM: box.height - height}[style.valign]
    placed = []
    ink_left, ink_right = box.x + box.width, box.x
    for index, line in enumerate(lines):
        advance, left, right = paragraph.extent(line.start, line.end, size)
        free = box.width - (right - left)
        offset = {Align.LEFT: 0.0, Align.CENTER: free / 2, Align.RIGHT: free}[style.align]
        x = box.x + offset - left
        placed.append(PlacedLine(paragraph.text_of(line), x, top + (above + pitch * index) * size, advance))
        ink_left, ink_right = min(ink_left, x + left), max(ink_right, x + right)
    return TextBlock(size=size, lines=tuple(placed), ink=Box(ink_left, top, ink_right - ink_left, height))


def _attempt(paragraph: _Paragraph, size: float, box: Box, strict: bool = False,
             allowed: _Violations | None = None) -> TextBlock | None:
    """The block at ``size``, or None if it does not fit ``box`` (or, with ``allowed``, if it breaks
    more rules than that)."""
    lines = paragraph.best_lines(size, box.width, strict)
    if lines is None:
        return None
    block = _place(paragraph, lines, size, box)
    if block is None and len(lines) > 1:
        # The cheapest breaking is too tall: the breaking rules may have bought better
        # phrases with an extra line. Try the cheapest breaking in as many lines as fit.
        pitch, above, below = _pitch(paragraph, lines)
        room = math.floor((box.height / size - above - below) / pitch) + 1
        fewer = paragraph.best_lines(size, box.width, strict, room) if 0 < room < len(lines) else None
        lines, block = (fewer, _place(paragraph, fewer, size, box)) if fewer else (lines, None)
    weak = () if strict or block is None else paragraph.weak_breaks(lines)
    block = block if not weak else dataclasses.replace(block, weak_breaks=weak)
    if allowed is not None and block is not None and not _violations(paragraph, block).within(allowed):
        return None
    return block


class _Violations(NamedTuple):
    """How many rules a block breaks: ``splits`` counts the breaks inside a word, a glossary term or a
    name (not between a name's parts), the worst kind; ``total`` counts them with every other weak break
    and the lines of one syllable that the strict search forbids (any in a heading, the last in running text)."""

    splits: int
    total: int

    def within(self, allowed: _Violations) -> bool:
        return self.splits <= allowed.splits and self.total <= allowed.total


def _violations(paragraph: _Paragraph, block: TextBlock) -> _Violations:
    """The rules ``block`` breaks. Its lines are runs of the paragraph's syllables, so where each
    starts is the count of syllables before it."""
    lines = [line.text.split() for line in block.lines]
    starts = list(itertools.accumulate(len(line) for line in lines[:-1]))
    gaps = [paragraph.infos[start - 1] for start in starts]
    splits = sum(1 for gap in gaps if gap.splits and not gap.name_seam)
    lone = [index for index, line in enumerate(lines) if len(line) == 1 and len(paragraph.syllables) > 1
            and (paragraph.style.heading or index == len(lines) - 1)]
    return _Violations(splits, len(block.weak_breaks) + len(lone))


def _why_not(paragraph: _Paragraph, box: Box) -> str:
    size = paragraph.style.min_size
    lines = paragraph.best_lines(size, box.width)
    if lines is None:
        if paragraph.style.max_lines:
            return _("even at the smallest size ({size:g}) it needs more than {lines} lines").format(
                size=size, lines=paragraph.style.max_lines
            )
        return _(
            "even at the smallest size ({size:g}) a word or a phrase that must stay together is wider than the frame"
        ).format(size=size)
    pitch, above, below = _pitch(paragraph, lines)
    height = (above + pitch * (len(lines) - 1) + below) * size
    return _(
        "even at the smallest size ({size:g}) it takes {lines} lines, {height:.1f} tall, but the frame is {room:g} tall"
    ).format(size=size, lines=len(lines), height=height, room=box.height)


def _largest_block(paragraph: _Paragraph, box: Box, strict: bool, allowed: _Violations | None = None,
                   smallest: TextBlock | None = None) -> TextBlock | None:
    """The block at the largest size that fits (breaking no more rules than ``allowed``), or None if
    even the minimum does not; ``smallest`` is the block at the minimum size, if already known."""
    style = paragraph.style
    block = _attempt(paragraph, style.max_size, box, strict, allowed)
    if block is not None:
        return block
    smallest = smallest or _attempt(paragraph, style.min_size, box, strict, allowed)
    if smallest is None:
        return None
    # Bisect on an integer grid so the search always ends, whatever the
    # template's units: a grid step is max_size / SIZE_STEPS.
    step = style.max_size / SIZE_STEPS
    resolution = max(1, int(SIZE_PRECISION * SIZE_STEPS))

    def next_probe(fitting: int, failing: int) -> int | None:
        return (fitting + failing) // 2 if failing - fitting > resolution else None

    def attempt(grid: int) -> TextBlock | None:
        return _attempt(paragraph, grid * step, box, strict, allowed)

    return bisect(attempt, (math.ceil(style.min_size / step), smallest), SIZE_STEPS, next_probe)[1]


# A build sets the same text in the same frame many times (platforms and sizes that share a
# template): nearly half of the layouts of the bundled build. Blocks are immutable.
@persistent(failures=(TextDoesNotFit,))  # kept on disk between builds while the build has a cache open (memo.py)
@functools.lru_cache(maxsize=4096)
def layout_text(text: str, box: Box, style: TextStyle, breaker: WordBreaker) -> TextBlock:
    """Set ``text`` (already NFC) in ``box`` at the largest size that fits.

    It first looks for the largest size at which no line break goes against
    the rules (splits a word, "giá | trị", or a name, ends a line on a function
    word, "từ |", starts one with a binding word, "| nhau") and no last line
    (in a heading: no line) is a lone syllable; only if there is none down to
    the minimum size does it accept such breaks (at their cost) to make the
    text fit, and names them in ``TextBlock.weak_breaks``.
    """
    written = text
    if style.uppercase:
        text = text.upper()
    if not text.split():
        return TextBlock(size=style.max_size, lines=(), ink=Box(box.x, box.y, 0.0, 0.0))
    paragraph = _Paragraph(text, style, breaker, written if style.uppercase else None)
    block = _largest_block(paragraph, box, strict=True)
    if block is not None:
        return block
    # No size keeps every rule. Setting the text large would buy size with bad breaks: take
    # the largest size that breaks no more rules than the smallest size does, and splits no
    # more words or names ("của Sở / Thông tin" is worse than a line ending on "của").
    smallest = _attempt(paragraph, style.min_size, box)
    if smallest is None:
        raise TextDoesNotFit(_why_not(paragraph, box))
    return _largest_block(paragraph, box, False, _violations(paragraph, smallest), smallest)
