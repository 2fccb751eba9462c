"""The infographic's proportions: the media (poster in mm, screen in px) and the item sizes of one body size.

The smallest sizes come from flashgen/data/media.yaml: the poster's from the
A3 and A2 posters (A2 is the A3 drawing enlarged, so an A3 size must also
read on A2 once enlarged), the screens' from the phone. Every text size of a
``Medium`` is at least its body minimum, and every heading at least its
heading minimum; ``Kit`` refuses to set anything smaller.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from flashgen.load.media import medium
from flashgen.load.papers import iso_a

TALL = 1.0e6  # an unlimited frame height: items are as tall as their text
HEADING_RATIO = 1.28  # heading size / body size
POSTER_BODY_MAX = 9.0  # mm; a few items get big type (headings 11.5 mm), but not a billboard
MM_PER_PT = 25.4 / 72
A2_ENLARGEMENT = iso_a(2)[0] / iso_a(3)[0]  # the A2 poster is the A3 drawing at this scale
SCREEN_WIDTH = 1080  # px: the web image's and the carousel slides' width
MAX_MEASURE = 56.0  # a text frame wider than this many ems of its size reads badly (≈ 100 characters)
MIN_MEASURE = 15.0  # and one narrower than this is a column of single words
MIN_HEADING_MEASURE = 12.0  # headings are larger: the same, in ems of the heading size


@dataclass(frozen=True)
class Medium:
    """One output's units and proportions; item sizes derive from the body size."""

    margin: float  # page edge to foreground
    body: float  # body size of the item texts (the poster searches below its own maximum)
    body_floor: float  # readable minimum of body text
    heading_floor: float  # readable minimum of headings
    org: float  # header sizes
    title: float
    title_min: float
    subtitle: float
    pill: float
    band_top: float  # header band: page top to first text
    band_bottom: float  # last header text to the band's lower edge
    gap: float  # between header, body and footer
    source: float  # footer sizes
    caption: float
    qr: float
    logo: float
    footer_bottom: float  # last footer ink to the page's lower edge


def poster_floors() -> tuple[float, float]:
    """(body, heading) minimum of the A3 drawing in mm: readable on A3, and on A2 once enlarged."""
    a3, a2 = medium("poster-a3"), medium("poster-a2")
    body = max(a3.body, a2.body / A2_ENLARGEMENT) * MM_PER_PT
    heading = max(a3.heading, a2.heading / A2_ENLARGEMENT) * MM_PER_PT
    return body, heading


TEXT_SIZES = ("org", "subtitle", "pill", "source", "caption")  # a Medium's sizes of text that is not a heading


def readable(m: Medium) -> Medium:
    """``m`` with every text size at least its body minimum, and the title at least its heading minimum."""
    raised = {name: max(getattr(m, name), m.body_floor) for name in TEXT_SIZES}
    title_min = max(m.title_min, m.heading_floor)
    return replace(m, **raised, title=max(m.title, title_min), title_min=title_min)


_POSTER_BODY, _POSTER_HEADING = poster_floors()
_PHONE = medium("phone")
POSTER = Medium(
    margin=14.0, body=POSTER_BODY_MAX, body_floor=_POSTER_BODY, heading_floor=_POSTER_HEADING,
    org=4.4, title=13.0, title_min=8.5, subtitle=5.4, pill=4.4, band_top=14.0, band_bottom=9.0, gap=7.0,
    source=3.6, caption=3.4, qr=26.0, logo=22.0, footer_bottom=12.0,
)
# A dense poster (25–30 items) gives the items more of the page: a smaller header and footer.
POSTER_COMPACT = readable(replace(
    POSTER, org=3.8, title=9.5, title_min=7.0, subtitle=4.4, pill=3.8, band_top=11.0, band_bottom=7.0, gap=5.0,
    source=3.2, caption=3.0, qr=22.0, logo=18.0, footer_bottom=11.0,
))
POSTER = readable(POSTER)
SCREEN = readable(Medium(
    margin=56.0, body=30.0, body_floor=_PHONE.body_at(SCREEN_WIDTH), heading_floor=_PHONE.heading_at(SCREEN_WIDTH),
    org=28.0, title=64.0, title_min=46.0, subtitle=32.0, pill=30.0, band_top=72.0, band_bottom=56.0, gap=44.0,
    source=28.0, caption=28.0, qr=190.0, logo=150.0, footer_bottom=56.0,
))


@dataclass(frozen=True)
class Scale:
    """Sizes of the item area, all from one body size ``b``."""

    body: float
    heading: float
    heading_min: float
    body_min: float
    small: float  # notes under a key figure: smaller than the body, never below the medium's floor
    floor: float  # the medium's readable minimum of body text

    @classmethod
    def of(cls, body: float, medium: Medium) -> Scale:
        body = max(body, medium.body_floor)
        # A heading is larger than the body, and never below the medium's heading minimum.
        heading = max(body * HEADING_RATIO, medium.heading_floor)
        # layout_text may go a little below these sizes to keep a word whole
        # (or a heading from ending on one syllable), never below the floors.
        return cls(
            body=body, heading=heading,
            heading_min=min(heading, max(0.94 * heading, medium.heading_floor)),
            body_min=min(body, max(0.96 * body, medium.body_floor)),
            small=min(body, max(0.84 * body, medium.body_floor)), floor=medium.body_floor,
        )

    @property
    def at_floor(self) -> bool:
        """Set at the smallest readable size: no smaller size to try."""
        return self.body <= self.floor + 1e-9

    @property
    def label(self) -> float:  # CNTT / CĐS pills: smaller than the body where the medium allows
        return max(0.74 * self.body, self.floor)

    @property
    def pad(self) -> float:  # inside a card
        return 0.85 * self.body

    @property
    def gap(self) -> float:  # between cards
        return 0.9 * self.body
