"""The poster: every item on one A3 page (or the same drawing enlarged to A2), as large as it fits.

The poster chooses its column count (1–3) and one body size for all items:
for each column count, the largest size between the readable floor and the
medium's maximum at which the items fit between the header and the footer;
then the largest of those, fewer columns winning near-ties. The floors are
the A3 and A2 posters' minimum sizes (data/media.yaml): when the items do not
fit at them, the poster shows less of each item (detail.py: the new way only,
then the headings only; the comparison the two sides its headings name; the
key figures without their notes) and says under the items where the full
text is, rather than set smaller type.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from flashgen.documents.infographic.bodies import (
    arrange,
    column_counts,
    measures,
    readable,
)
from flashgen.documents.infographic.choice import check_layout, layout_items
from flashgen.documents.infographic.detail import DETAILS, Detail, detail_note, shown
from flashgen.documents.infographic.drawing import Page
from flashgen.documents.infographic.footer import footer
from flashgen.documents.infographic.header import header
from flashgen.documents.infographic.kit import Kit, SetText, TextTooLarge, place
from flashgen.documents.infographic.pieces import Body, Chrome
from flashgen.documents.infographic.style import (
    MAX_MEASURE,
    MM_PER_PT,
    POSTER,
    POSTER_COMPACT,
    TALL,
    Medium,
    Scale,
)
from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.content import Campaign
from flashgen.load.fonts import FontBook
from flashgen.load.papers import iso_a
from flashgen.load.svgdoc import svg_number
from flashgen.load.theme import Theme, default_theme
from flashgen.text.fit import bisect
from flashgen.text.layout import Align, Box
from flashgen.text.wordbreak import WordBreaker

POSTER_PAPERS = {"a3": iso_a(3), "a2": iso_a(2)}  # mm, portrait
NOTE_GAP = 0.6  # between the items and the note under them, in the medium's gaps
PRECISION = 0.01  # relative: the size search stops within 1 % of the largest size that fits


class PosterTooFull(FlashgenError):
    """The items do not fit the poster at the readable minimum sizes."""


@dataclass(frozen=True)
class _Trial:
    """Sets the items on the poster in one layout at a column count and a body size."""

    kit: Kit
    layout: str
    m: Medium
    width: float
    available: float  # the height between the header and the footer

    @property
    def headings(self) -> bool:
        """Whether the items show headings (a comparison in less detail does not)."""
        return any(item.heading or item.kind == "figure" for item in layout_items(self.kit.campaign, self.layout))

    def __call__(self, columns: int, body: float) -> Body | TextTooLarge | None:
        """The body at this size; None if its columns get too narrow for the size."""
        if not readable(self.layout, self.width, columns, Scale.of(body, self.m), self.headings):
            return None
        try:
            return arrange(self.kit, self.layout, self.width, columns, Scale.of(body, self.m))
        except TextTooLarge as exc:  # e.g. a term wider than a narrow column at this size
            return exc

    def fitting(self, columns: int, body: float) -> Body | None:
        """The body at this size if it fits the height available, else None."""
        attempt = self(columns, body)
        return attempt if isinstance(attempt, Body) and attempt.height <= self.available else None


def _guess(trial: _Trial, low: Body, high: Body | TextTooLarge | None) -> float:
    """The size at which the items should just fill the height, from the bodies at the floor and the maximum.

    Heights grow roughly as a power of the size: the power is read from the two ends.
    """
    m = trial.m
    top = high.height if isinstance(high, Body) else low.height * (m.body / m.body_floor) ** 2
    power = max(math.log(top / low.height) / math.log(m.body / m.body_floor), 0.5)
    return min(m.body, m.body_floor * (trial.available / low.height) ** (1 / power))


def _near_guess(trial: _Trial, columns: int, low: Body, guess: float) -> tuple[float, Body, float]:
    """(size that fits, its body, size that does not) after trying the guess, then one step (4 %) towards the
    side it missed: a narrow bracket for the bisection."""
    fits, best, fails = trial.m.body_floor, low, trial.m.body
    probe = guess
    for _attempt in range(2):
        if not fits < probe < fails:
            break
        attempt = trial.fitting(columns, probe)
        if attempt is not None:
            fits, best = probe, attempt
            probe *= 1.04
        else:
            fails = probe
            probe *= 0.96
    return fits, best, fails


def _largest(trial: _Trial, columns: int, low: Body) -> Body:
    """The body at the largest size that fits, ``low`` (the floor size) known to fit."""
    high = trial(columns, trial.m.body)
    if isinstance(high, Body) and high.height <= trial.available:
        return high
    fits, best, fails = _near_guess(trial, columns, low, _guess(trial, low, high))

    def next_probe(fitting: float, failing: float) -> float | None:
        return (fitting + failing) / 2 if failing - fitting > PRECISION * fitting else None

    return bisect(lambda body: trial.fitting(columns, body), (fits, best), fails, next_probe)[1]


def _too_full(trial: _Trial, floors: list[tuple[int, Body | TextTooLarge | None]]) -> FlashgenError:
    """Why no column count fits: the text too large for a column, or the items too many at the floor size."""
    smallest = min((low for _, low in floors if isinstance(low, Body)), key=lambda body: body.height, default=None)
    first_error = next((low for _, low in floors if isinstance(low, TextTooLarge)), None)
    if smallest is None and first_error is not None:
        return first_error
    kit, m = trial.kit, trial.m
    items = layout_items(kit.campaign, trial.layout)
    need = _("; at the smallest sizes they need {height:.0f} mm").format(height=smallest.height) if smallest is not None else ""
    return PosterTooFull(
        _(
            "{file}: the {count} items do not fit on an A3 poster in the {layout} layout at a readable size "
            "(headings at least {heading:.0f} pt, body text at least {body:.0f} pt){need}, and {available:.0f} mm are "
            "available between the header and the footer. Shorten {fields}, or use the web image or the carousel."
        ).format(
            file=kit.campaign.path, count=len(items), layout=trial.layout, heading=m.heading_floor / MM_PER_PT,
            body=m.body_floor / MM_PER_PT, need=need, available=trial.available,
            fields=_long_fields(trial.layout, {item.kind for item in items}),
        )
        + (_(" (In narrower columns: {problem})").format(problem=first_error) if first_error is not None else ""),
        code="overflow",
    )


def _long_fields(layout: str, kinds: set[str]) -> str:
    """The texts that make the items of ``kinds`` in ``layout`` tall, to name in a message."""
    if layout == "figures":
        return "the 'label' and 'note' texts"
    fields = ["the headings"] if kinds - {"figure"} else []
    fields += ["the 'from'/'to' texts"] if "contrast" in kinds else []
    fields += ["the 'text' of the statements"] if "statement" in kinds and layout == "list" else []
    fields += ["the figures' 'label' and 'note'"] if "figure" in kinds else []
    return " or ".join(fields)


def _candidates(trial: _Trial, floors: list[tuple[int, Body | TextTooLarge | None]]) -> list[tuple[float, int, Body]]:
    """(body size, column count, body) of each column count whose items fit, at the largest size that fits,
    unless that makes lines too long to read."""
    found = []
    for columns, low in floors:
        if not isinstance(low, Body) or low.height > trial.available:
            continue
        best = _largest(trial, columns, low)
        if measures(trial.layout, trial.width, columns, best.scale, trial.headings)[0] <= MAX_MEASURE:
            found.append((best.scale.body, columns, best))
    return found


def _fit_poster(kit: Kit, layout: str, m: Medium, width: float, available: float) -> Body:
    """The column count and body size that set the items largest on the page (near-ties: fewer columns)."""
    trial = _Trial(kit, layout, m, width, available)
    counts = column_counts(layout, len(layout_items(kit.campaign, layout)))
    floors = [(columns, trial(columns, m.body_floor)) for columns in counts]
    candidates = _candidates(trial, floors)
    if not candidates:
        raise _too_full(trial, floors)
    # The largest type wins; within 4 % of it, fewer columns (a calmer page) win.
    largest = max(c[0] for c in candidates)
    close = [c for c in candidates if c[0] >= largest * 0.96]
    return min(close, key=lambda c: c[1])[2]


def _note(kit: Kit, m: Medium, width: float) -> SetText:
    """The line under the items of a poster in less detail: where the full text is."""
    return kit.body_text(detail_note(kit.campaign), Box(0, 0, width - 2 * m.margin, TALL), 500, m.body_floor,
                         kit.where("source", "url"), align=Align.CENTER, line_height=1.25)


@dataclass(frozen=True)
class _Laid:
    """The poster laid out: its medium, bands, items and, in less detail, the note saying so."""

    kit: Kit
    m: Medium
    top: Chrome
    bottom: Chrome
    body: Body
    available: float
    detail: Detail
    note: SetText | None


def _levels(campaign: Campaign, layout: str) -> list[tuple[Detail, Campaign]]:
    """The levels of detail ``layout`` tries for ``campaign``, fullest first, each with the campaign cut to it;
    a level that shows the same as the next is named as the next (statements have no new way: their headings)."""
    levels = [(detail, cut) for detail in DETAILS[layout] for cut in [shown(campaign, detail)] if cut is not None]
    return [level for level, after in zip(levels, [*levels[1:], None]) if after is None or after[1] != level[1]]


def _lay_out(campaign: Campaign, fonts: FontBook, breaker: WordBreaker, layout: str, theme: Theme,
             width: float, height: float) -> _Laid:
    """The fullest detail, then the roomier medium, at which the items fit at readable sizes."""
    failure: FlashgenError | None = None
    tried = []
    for detail, cut in _levels(campaign, layout):
        tried.append(_(detail.said))  # the words of documents/infographic/detail.py, in flashgen.po
        for m in (POSTER, POSTER_COMPACT):
            kit = Kit(cut, fonts, breaker, theme, m.body_floor)
            top, bottom = header(kit, m, width), footer(kit, m, width)
            note = None if detail.name == "full" else _note(kit, m, width)
            available = height - top.height - bottom.height - 2 * m.gap - (note.height + NOTE_GAP * m.gap if note else 0.0)
            try:
                body = _fit_poster(kit, layout, m, width - 2 * m.margin, available)
            except PosterTooFull as exc:
                failure = failure or exc
                continue
            return _Laid(kit, m, top, bottom, body, available, detail, note)
    assert failure is not None
    if len(tried) > 1:
        raise PosterTooFull(
            _("{failure} The poster also tried showing less of each item ({tried}).").format(
                failure=failure, tried=", ".join(tried[1:])
            ),
            code="overflow",
        )
    raise failure


def poster_svg(campaign: Campaign, fonts: FontBook, breaker: WordBreaker, layout: str, paper: str = "a3",
               theme: Theme | None = None) -> bytes:
    """A vector poster in ``theme`` (default: xanh): A3 (297 × 420 mm), or for ``paper="a2"`` the same
    drawing enlarged to 420 × 594 mm. Items that do not fit at readable sizes are shown in less detail."""
    check_layout(campaign, layout)
    if paper not in POSTER_PAPERS:
        raise FlashgenError(
            _("there is no poster paper '{paper}'; the papers are: {papers}.").format(paper=paper, papers=", ".join(POSTER_PAPERS)),
            code="unknown-choice",
        )
    width, height = POSTER_PAPERS["a3"]
    laid = _lay_out(campaign, fonts, breaker, layout, theme or default_theme(), width, height)
    m, body = laid.m, laid.body
    page = Page(width, height, "mm", laid.kit.theme, physical=POSTER_PAPERS[paper])
    page.root.set("data-columns", str(body.columns))
    page.root.set("data-body-size", svg_number(body.scale.body))
    page.root.set("data-heading-size", svg_number(body.scale.heading))
    page.root.set("data-detail", laid.detail.name)
    laid.top.draw(page, 0.0)
    body.draw(page, m.margin, laid.top.height + m.gap, laid.available)
    if laid.note is not None:
        y = height - laid.bottom.height - m.gap - laid.note.height
        place(laid.note, m.margin, y).draw(page.foreground, laid.kit.colour("text-muted"), "detail-note")
    laid.bottom.draw(page, height - laid.bottom.height)
    return page.tostring()
