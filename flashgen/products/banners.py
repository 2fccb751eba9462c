"""Banners at real size for the print shop: one vector PDF per slogan (messages, the year's theme) and size.

The sizes are flashgen/data/banners.yaml's (street banners and a roll-up
standee). All of them are drawn in one task on a worker, with one render key
(content, theme, fonts, the banner table): when nothing changed, the last
build's files are reused. A campaign without messages or theme makes none,
and a note says so.
"""

from __future__ import annotations

from flashgen.documents.banner import BannerSize, banner_pdfs, banner_table, slogans
from flashgen.i18n import _
from flashgen.load.content import Campaign
from flashgen.load.fonts import FontBook
from flashgen.load.theme import Theme
from flashgen.pdf.kit import Look
from flashgen.products.base import CardRequest, Inputs, ProductBuild, set_files
from flashgen.products.files import FileMeta, Made, MadeFile
from flashgen.text.wordbreak import WordBreaker


def wants(inputs: Inputs) -> CardRequest:
    look = Look(inputs.fonts, inputs.theme)
    faces = (look.face("heading", 800), look.face("heading", 600)) if slogans(inputs.campaign) else ()
    return CardRequest(faces=faces)


def make(build: ProductBuild) -> Made:
    inputs = build.inputs
    if not slogans(inputs.campaign):
        note = _("Banners: the campaign has no 'messages' and no 'theme': there is no slogan to print on a banner.")
        return Made((), (note,))
    table = banner_table()
    # Keyed by what a banner shows (not the items): editing an item does not make the banners again.
    shown = (slogans(inputs.campaign), inputs.campaign.organisation, inputs.campaign.title, inputs.campaign.hashtags,
             inputs.campaign.glossary)
    key = build.drawing.document_key("banners", repr(shown), repr(inputs.theme), repr(table))
    started = build.drawing.start_set(key, banner_files, inputs.campaign, inputs.fonts, inputs.theme, inputs.breaker)
    return Made(set_files([(key, started)]))


def banner_files(campaign: Campaign, fonts: FontBook, theme: Theme, breaker: WordBreaker) -> list[MadeFile]:
    """Every banner of ``campaign``, with the facts the manifest records (on a worker)."""
    sizes = {size.name: size for size in banner_table().sizes}
    return [MadeFile(path, data, _meta(sizes[path.split("/")[1]]))
            for path, data in banner_pdfs(campaign, fonts, theme, breaker)]


def _meta(size: BannerSize) -> FileMeta:
    """The page (the banner and its bleed) and the banner as cut (the trim)."""
    bleed = banner_table().bleed_mm
    return FileMeta(product="banners", format="pdf", size=size.name, width_mm=size.width_mm + 2 * bleed,
                    height_mm=size.height_mm + 2 * bleed, trim_width_mm=size.width_mm, trim_height_mm=size.height_mm)
