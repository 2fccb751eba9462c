"""The leaflet as one PDF: the outside (flap, back, cover), then the inside, with fold marks on both."""

from __future__ import annotations

import io

from flashgen.documents.leaflet.back import draw_back
from flashgen.documents.leaflet.cover import draw_cover
from flashgen.documents.leaflet.flap import draw_flap
from flashgen.documents.leaflet.inside import draw_inside
from flashgen.documents.leaflet.sheet import SHEET, draw_fold_marks
from flashgen.documents.leaflet.typeset import REGULAR, Type
from flashgen.load.content import Campaign
from flashgen.load.fonts import FontBook
from flashgen.load.theme import Theme, default_theme
from flashgen.pdf.kit import MM, DocInfo, Look, check_glyphs, new_canvas
from flashgen.text.wordbreak import WordBreaker


def doc_info(campaign: Campaign) -> DocInfo:
    return DocInfo(
        title=f"Tờ gấp {campaign.title}",
        author=campaign.organisation,
        subject=campaign.source.title or campaign.title,
        keywords=", ".join([campaign.compare.from_name, campaign.compare.to_name, *campaign.hashtags]).strip(", "),
    )


def build_leaflet(campaign: Campaign, fonts: FontBook, theme: Theme | None = None,
                  shown: tuple[str, ...] | None = None) -> bytes:
    """The tri-fold leaflet of ``campaign`` in ``theme`` (default: xanh) as PDF bytes: two A4 landscape pages,
    outside then inside. ``shown`` names the kind whose layout shows each item (default: each item's own kind).

    Raises ``FlashgenError`` if the items, messages, title, theme or source
    cannot fit at their smallest type size, saying how much does fit.
    """
    buffer = io.BytesIO()
    # Duplex hint: the sheet is landscape with its panels side by side, so it
    # must turn over on its short edge (like a book page) for the inside to
    # print upright behind the outside, each panel behind its mirror image.
    # Flipping on the long edge would print the inside upside down.
    look = Look(fonts, theme or default_theme())
    check_glyphs(campaign, look, "leaflet")
    canvas = new_canvas(buffer, (SHEET.width * MM, SHEET.height * MM), doc_info(campaign), fonts, duplex="short",
                        initial_font=look.body(REGULAR))
    type_ = Type(look, WordBreaker.for_glossary(campaign.glossary))
    kinds = shown if shown is not None else tuple(item.kind for item in campaign.items)
    flap, back, cover = SHEET.panels("outside")
    draw_fold_marks(canvas, "outside", look.colour("text-muted"))
    draw_cover(canvas, campaign, type_, cover, kinds)
    draw_back(canvas, campaign, type_, back)
    draw_flap(canvas, campaign, type_, flap, kinds)
    canvas.showPage()
    draw_fold_marks(canvas, "inside", look.colour("text-muted"))
    draw_inside(canvas, campaign, type_, kinds)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
