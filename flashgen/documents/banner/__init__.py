"""Banners at real size: a ``Campaign`` and its ``Theme`` in, one vector PDF per slogan and banner size out.

The slogans are the campaign's messages (``messages:``), one per banner with
no series counter, and the year's theme (``campaign.theme``, under its label,
"Chủ đề năm 2023"); a campaign with neither has no banner. The sizes are data
(flashgen/data/banners.yaml, read by sizes.py): street banners (băng rôn,
0.8 × 5 m …) with eyelet marks, and a roll-up standee (0.8 × 2 m) whose base
hides its bottom. Each banner is drawn by drawing.py with reportlab: the
theme's primary colour to the edge, the slogan in its heading font as large
as the safe area allows, broken between Vietnamese words, never under the
smallest type read from the street (data/media.yaml, ``banner-print``).
The theme's logo, when it has one, stands at a banner's left end (the slogan
centred in what remains) and at a standee's top; an SVG logo is placed as
vectors, a PNG or JPEG one at its own pixels.

The same data file holds the papers of the print-shop posters (``poster_papers``).

``banner_pdfs`` returns (relative path, PDF bytes) for every slogan and size;
``banner_pdf`` draws one (a tiling or preflight step may call it directly);
``banner_text`` sets one without drawing it (``flashgen check``).
"""

from __future__ import annotations

from flashgen.documents.banner.drawing import Slogan, banner_pdf, banner_text, user_unit
from flashgen.documents.banner.sizes import (
    BannerSize,
    BannerTable,
    PosterPapers,
    banner_table,
    poster_papers,
    read_banner_table,
    read_poster_papers,
)
from flashgen.i18n import _
from flashgen.load.content import Campaign
from flashgen.load.fonts import FontBook
from flashgen.load.theme import Theme
from flashgen.pdf.kit import DocInfo, Look
from flashgen.text.wordbreak import WordBreaker

__all__ = [
    "BannerSize", "BannerTable", "PosterPapers", "Slogan", "banner_pdf", "banner_pdfs", "banner_table", "banner_text",
    "poster_papers",
    "read_banner_table", "read_poster_papers", "slogans", "user_unit",
]


def slogans(campaign: Campaign) -> list[Slogan]:
    """The campaign's messages, then its theme under its label: one banner each."""
    found = [
        Slogan(f"message-{number:02d}", message, where=f"{campaign.path}, " + _("line {line}, message {number}").format(
            line=campaign.message_line(number - 1), number=number))
        for number, message in enumerate(campaign.messages, start=1)
    ]
    if campaign.theme:
        where = f"{campaign.path}, " + _("line {line}").format(line=campaign.theme_line) + ", " + _("the year's theme")
        found.append(Slogan("theme", campaign.theme, campaign.theme_label, where))
    return found


def _info(campaign: Campaign, slogan: Slogan, size: BannerSize) -> DocInfo:
    return DocInfo(title=f"{size.label}: {slogan.text}", author=campaign.organisation,
                   subject=campaign.title, keywords=", ".join(campaign.hashtags))


def banner_pdfs(campaign: Campaign, fonts: FontBook, theme: Theme, breaker: WordBreaker,
                sizes: tuple[BannerSize, ...] | None = None) -> list[tuple[str, bytes]]:
    """(``banners/<size>/<slogan>.pdf``, PDF bytes) for every slogan of ``campaign`` at every size (default: all)."""
    table = banner_table()
    look = Look(fonts, theme)
    return [
        (f"banners/{size.name}/{slogan.slug}.pdf", banner_pdf(slogan, size, table, look, breaker, _info(campaign, slogan, size)))
        for size in (sizes if sizes is not None else table.sizes)
        for slogan in slogans(campaign)
    ]
