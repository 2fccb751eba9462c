"""The infographic's proportions: the media (poster in mm, screen in px) and the item sizes of one body size."""

from __future__ import annotations

from dataclasses import dataclass, replace

TALL = 1.0e6  # an unlimited frame height: items are as tall as their text
HEADING_RATIO = 1.28  # heading size / body size
POSTER_BODY_MAX = 9.0  # mm; a few items get big type (headings 11.5 mm), but not a billboard
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


POSTER = Medium(
    margin=14.0, body=POSTER_BODY_MAX, body_floor=2.6, heading_floor=3.2,
    org=4.4, title=13.0, title_min=8.5, subtitle=5.4, pill=4.4, band_top=14.0, band_bottom=9.0, gap=7.0,
    source=3.6, caption=3.4, qr=26.0, logo=22.0, footer_bottom=12.0,
)
# A dense poster (25–30 items) gives the items more of the page: a smaller header and footer.
POSTER_COMPACT = replace(
    POSTER, org=3.8, title=9.5, title_min=7.0, subtitle=4.4, pill=3.8, band_top=11.0, band_bottom=7.0, gap=5.0,
    source=3.2, caption=3.0, qr=22.0, logo=18.0, footer_bottom=11.0,
)
SCREEN = Medium(
    margin=56.0, body=30.0, body_floor=28.0, heading_floor=34.0,
    org=28.0, title=64.0, title_min=46.0, subtitle=32.0, pill=30.0, band_top=72.0, band_bottom=56.0, gap=44.0,
    source=28.0, caption=28.0, qr=190.0, logo=150.0, footer_bottom=56.0,
)


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
        heading = body * HEADING_RATIO
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
    def label(self) -> float:  # CNTT / CĐS pills
        return 0.74 * self.body

    @property
    def pad(self) -> float:  # inside a card
        return 0.85 * self.body

    @property
    def gap(self) -> float:  # between cards
        return 0.9 * self.body
