"""The header band: logo and organisations, the year, the title, the subtitle and the two sides compared.

``header`` is the full band of a poster, a web image and a carousel's first
slide; ``slim_header`` the small one (the title only) of the other slides.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from flashgen.documents.infographic.drawing import (
    Page,
    svg_arrow,
    svg_element,
    svg_group,
    svg_rect,
)
from flashgen.documents.infographic.kit import Kit, SetText, place
from flashgen.documents.infographic.pieces import Chrome, draw_pill, pill_width
from flashgen.documents.infographic.style import TALL, Medium
from flashgen.load.theme import Logo
from flashgen.pdf.branding import fit_logo, organisations
from flashgen.text.layout import Box


@dataclass(frozen=True)
class LogoTile:
    """The theme's logo on a small paper-coloured tile (a logo is drawn for white paper, not for the band)."""

    width: float
    height: float
    inset: float
    logo_size: tuple[float, float]

    @classmethod
    def of(cls, logo: Logo, height: float) -> LogoTile:
        inset = 0.12 * height
        box = height - 2 * inset
        logo_size = fit_logo(logo, 3.2 * box, box)
        return cls(logo_size[0] + 2 * inset, height, inset, logo_size)

    def draw(self, kit: Kit, parent: etree._Element, x: float, y: float) -> None:
        logo = kit.theme.logo
        assert logo is not None
        svg_rect(parent, x, y, self.width, self.height, kit.colour("paper"), rx=self.inset)
        width, height = self.logo_size
        image = svg_element(parent, "image", x=x + self.inset, y=y + (self.height - height) / 2, width=width,
                            height=height, preserveAspectRatio="xMidYMid meet", href=logo.data_uri)
        image.set("data-frame", "logo")


def _organisations(kit: Kit, width: float, size: float) -> tuple[SetText, ...]:
    """The organisations to name in the header (the theme's, then the campaign's), stacked."""
    theme_name = kit.theme.organisation
    return tuple(
        kit.heading_text(name, Box(0, 0, width, TALL), 600, size,
                         kit.where_theme("organisation") if name == theme_name else kit.where("campaign", "organisation"),
                         min_size=0.85 * size, max_lines=2, line_height=1.22, heading=True)
        for name in organisations(kit.campaign, kit.theme)
    )


@dataclass(frozen=True)
class _TopRow:
    """The logo (or an accent bar), the organisations beside it and the year at the right, above the title."""

    tile: LogoTile | None
    names: tuple[SetText, ...]
    names_x: float
    names_height: float
    year: str
    year_width: float
    height: float

    @classmethod
    def of(cls, kit: Kit, m: Medium, width: float) -> _TopRow:
        year = "" if kit.campaign.year is None else str(kit.campaign.year)
        year_w = kit.label_width(year, 700, m.org) + 1.8 * m.org if year else 0.0
        tile = LogoTile.of(kit.theme.logo, 2.6 * m.org) if kit.theme.logo else None
        names_x = m.margin + (tile.width if tile else 0.3 * m.org) + 0.8 * m.org
        names = _organisations(kit, width - m.margin - names_x - (year_w + m.org if year else 0.0), m.org)
        names_h = sum(name.height for name in names) + 0.3 * m.org * max(len(names) - 1, 0)
        height = max(2.0 * m.org if year else 0.0, names_h, tile.height if tile else 0.0)
        return cls(tile, names, names_x, names_h, year, year_w, height)

    def draw(self, kit: Kit, m: Medium, group: etree._Element, width: float) -> None:
        bar_w = 0.3 * m.org
        if self.tile:
            self.tile.draw(kit, group, m.margin, m.band_top + (self.height - self.tile.height) / 2)
        elif self.height:
            svg_rect(group, m.margin, m.band_top, bar_w, self.height, kit.colour("accent"), rx=bar_w / 2)
        y = m.band_top + (self.height - self.names_height) / 2
        for index, name in enumerate(self.names):
            colour = kit.colour("on-primary" if index == 0 else "on-primary-muted")
            place(name, self.names_x, y).draw(group, colour, "organisation")
            y += name.height + 0.3 * m.org
        if self.year:
            self._draw_year(kit, m, group, width)

    def _draw_year(self, kit: Kit, m: Medium, group: etree._Element, width: float) -> None:
        """The year in an outlined pill at the right, centred on the row."""
        year_h = 2.0 * m.org
        x = width - m.margin - self.year_width
        y0 = m.band_top + (self.height - year_h) / 2
        svg_rect(group, x, y0, self.year_width, year_h, "none", rx=year_h / 2, stroke=kit.colour("outline"),
                 stroke_width=0.1 * m.org)
        kit.label(self.year, 700, m.org, x + self.year_width / 2, y0 + year_h / 2, kit.where("campaign", "year")).draw(
            group, kit.colour("on-primary-muted"), "year")


@dataclass(frozen=True)
class _SubtitleRow:
    """The subtitle and, when both sides have a label, the two labels with an arrow (CNTT → CĐS), under the title."""

    subtitle: SetText | None
    labels: tuple[str, str] | None
    labels_width: float
    top: float
    height: float

    @classmethod
    def of(cls, kit: Kit, m: Medium, inner: float, top: float) -> _SubtitleRow:
        compare = kit.campaign.compare
        labels = (compare.from_label, compare.to_label) if compare.from_label and compare.to_label else None
        labels_w = 0.0
        if labels:
            from_w, to_w = pill_width(kit, labels[0], m.pill, False), pill_width(kit, labels[1], m.pill, True)
            labels_w = from_w + 2.4 * m.pill + to_w
        subtitle = None
        if kit.campaign.subtitle:
            frame = Box(0, 0, inner - (labels_w + 2 * m.pill if labels else 0.0), TALL)
            subtitle = kit.body_text(kit.campaign.subtitle, frame, 400, m.subtitle, kit.where("campaign", "subtitle"),
                                     min_size=0.85 * m.subtitle, max_lines=3, heading=True, line_height=1.3)
        height = max(subtitle.height if subtitle else 0.0, 1.75 * m.pill if labels else 0.0)
        return cls(subtitle, labels, labels_w, top, height)

    def draw(self, kit: Kit, m: Medium, group: etree._Element, width: float) -> None:
        if self.subtitle:
            place(self.subtitle, m.margin, self.top + (self.height - self.subtitle.height) / 2).draw(
                group, kit.colour("on-primary-muted"), "subtitle")
        if self.labels:
            self._draw_labels(kit, m, group, width, *self.labels)

    def _draw_labels(self, kit: Kit, m: Medium, group: etree._Element, width: float, from_label: str,
                     to_label: str) -> None:
        """The two labels, right of the subtitle (or where it would be), joined by an arrow."""
        arrow = 2.4 * m.pill
        cy = self.top + self.height / 2
        x = width - m.margin - self.labels_width if self.subtitle else m.margin
        x += draw_pill(kit, group, from_label, x, cy, m.pill, kit.where("compare", "from_label"), False, on_dark=True)
        svg_arrow(group, x + 0.45 * m.pill, cy, arrow - 0.9 * m.pill, kit.colour("accent"), 0.16 * m.pill)
        draw_pill(kit, group, to_label, x + arrow, cy, m.pill, kit.where("compare", "to_label"), True)


def header(kit: Kit, m: Medium, width: float) -> Chrome:
    """Logo and organisation, year, the title, the subtitle and the two sides compared (CNTT → CĐS)."""
    top_row = _TopRow.of(kit, m, width)
    inner = width - 2 * m.margin
    title_top = m.band_top + (top_row.height + 1.4 * m.org if top_row.height else 0.0)
    title = kit.heading_text(kit.campaign.title, Box(0, 0, inner, TALL), 800, m.title, kit.where("campaign", "title"),
                             min_size=m.title_min, max_lines=3, heading=True, line_height=1.12)
    y = title_top + title.height
    second = _SubtitleRow.of(kit, m, inner, y + 0.42 * m.title)
    height = (second.top + second.height if second.height else y) + m.band_bottom

    def draw(page: Page, top: float) -> None:
        page.band(top, height, rings=(width - 0.08 * width, top + 0.18 * height, 0.62 * height))
        group = svg_group(page.foreground, 0, top, id="header")
        top_row.draw(kit, m, group, width)
        place(title, m.margin, title_top).draw(group, kit.colour("on-primary"), "title")
        second.draw(kit, m, group, width)

    return Chrome(height, draw)


def slim_header(kit: Kit, m: Medium, width: float) -> Chrome:
    """The band at the top of every slide after the first: the campaign's title, small."""
    size = max(0.95 * m.org, m.body_floor)
    bar_w = 0.3 * m.org
    x = m.margin + bar_w + 0.8 * m.org
    title = kit.heading_text(kit.campaign.title, Box(0, 0, width - m.margin - x, TALL), 700, size,
                             kit.where("campaign", "title"), min_size=max(0.85 * size, m.body_floor), max_lines=2,
                             heading=True, line_height=1.22)
    top = 0.8 * m.band_top
    height = top + title.height + 0.7 * m.band_bottom

    def draw(page: Page, y: float) -> None:
        page.band(y, height, rings=(width - 0.06 * width, y + 0.1 * height, 1.6 * height))
        group = svg_group(page.foreground, 0, y, id="header")
        svg_rect(group, m.margin, top, bar_w, title.height, kit.colour("accent"), rx=bar_w / 2)
        place(title, x, top).draw(group, kit.colour("on-primary"), "running-title")

    return Chrome(height, draw)
