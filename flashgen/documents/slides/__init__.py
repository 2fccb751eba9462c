"""Conference slides (16:9): a ``Campaign``, ``FontBook`` and ``Theme`` in, PDF or PPTX bytes out.

Slides: the title (campaign title, subtitle, organisation), one per item in
its kind's layout (a contrast: heading, old way beside new way; a statement:
heading and text; a figure: value, label, note), one per campaign message,
and a closing slide with the source and a QR code of its link. plan.py lays
every slide out once (sizes as data: flashgen/data/slides.yaml); pdf.py and
powerpoint.py draw that plan, so both files show the same lines at the same
sizes. The PPTX's speaker notes hold each item's full official paragraph.
"""

from __future__ import annotations

from flashgen.documents.slides.pdf import deck_pdf
from flashgen.documents.slides.plan import Deck, plan_deck
from flashgen.load.content import Campaign
from flashgen.load.fonts import FontBook
from flashgen.load.theme import Theme, default_theme
from flashgen.pdf.kit import DocInfo, Look, check_glyphs


def plan_slides(campaign: Campaign, fonts: FontBook, theme: Theme | None = None,
                kinds: tuple[str, ...] | None = None) -> Deck:
    """Every slide laid out, nothing drawn (``flashgen check``). Raises ``FlashgenError`` if a text cannot fit."""
    look = Look(fonts, theme or default_theme())
    check_glyphs(campaign, look, "slides")
    return plan_deck(campaign, look, kinds)


def build_slides_pdf(campaign: Campaign, fonts: FontBook, theme: Theme | None = None,
                     kinds: tuple[str, ...] | None = None) -> bytes:
    """The deck as a PDF (one 960 × 540 pt page per slide). Raises ``FlashgenError`` if a text cannot fit."""
    info = DocInfo(title=f"Slides: {campaign.title}", author=campaign.organisation,
                   subject=campaign.source.title or campaign.title, keywords=", ".join(campaign.hashtags))
    return deck_pdf(plan_slides(campaign, fonts, theme, kinds), fonts, info)


def build_slides_pptx(campaign: Campaign, fonts: FontBook, theme: Theme | None = None,
                      kinds: tuple[str, ...] | None = None) -> bytes:
    """The deck as a PPTX (13.333 × 7.5 in), editable text in the theme's fonts, notes for the presenter."""
    # python-pptx is imported here, on the worker that makes the deck: the build's own process never needs it,
    # and importing it there (0.09 s) delayed every worker's start.
    from flashgen.documents.slides.powerpoint import deck_pptx

    return deck_pptx(plan_slides(campaign, fonts, theme, kinds), campaign.title, campaign.organisation,
                     campaign.source.title or campaign.title)


__all__ = ["build_slides_pdf", "build_slides_pptx", "plan_deck", "plan_slides"]
