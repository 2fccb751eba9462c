"""The infographic's A2 poster tiled over office sheets (A4 by default): one PDF per infographic layout.

A commune office with only an A4 printer prints these sheets, cuts them along
their marks and glues them into the A2 poster at full size (README, "Printing
a big poster on an office printer"). The poster is laid out as the infographic
lays it out and drawn by the infographic product's own function
(``draw_posters``), then tiled by ``pdf.tiling``; each layout's file has one
render key (content, theme, fonts, tiling rules) and is reused whole when
nothing changed, and after an edit the poster does not show, when its drawing
did not change (``Redraw``).
"""

from __future__ import annotations

from flashgen.documents.infographic import infographic_faces, poster_svg
from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.content import Campaign
from flashgen.load.fonts import FontBook
from flashgen.load.presets import Sheet
from flashgen.load.theme import Theme
from flashgen.pdf.kit import Look
from flashgen.pdf.tiling import (
    SheetFaces,
    load_rules,
    plan_tiles,
    poster_size_mm,
    tiled_pdf,
)
from flashgen.products.base import (
    CardRequest,
    Inputs,
    ProductBuild,
    Redraw,
    doc_info,
    redrawn,
    set_files,
)
from flashgen.products.files import FileMeta, Made, MadeFile
from flashgen.products.infographic import LAYOUT_TITLES, draw_posters, layouts
from flashgen.text.wordbreak import WordBreaker

POSTER_PAPER = "a2"  # the infographic poster that is tiled (products/infographic.py makes it)


def wants(inputs: Inputs) -> CardRequest:
    return CardRequest(faces=infographic_faces(inputs.fonts, inputs.theme))


def office_sheet(inputs: Inputs) -> Sheet:
    """The paper the poster is tiled on: tiling.yaml's ``default_sheet``, as sizes.yaml defines it."""
    name = load_rules().default_sheet
    if name not in inputs.presets.sheets:
        raise FlashgenError(
            _("the tiled poster is printed on '{sheet}' paper, which sizes.yaml does not define under 'sheets:'.").format(
                sheet=name), code="tile-paper")
    return inputs.presets.sheets[name]


def make(build: ProductBuild) -> Made:
    """Each layout's poster drawn and tiled on the workers, started at once."""
    inputs, drawing = build.inputs, build.drawing
    sheet = office_sheet(inputs)
    started = []
    for layout in layouts(inputs)[0]:
        key = drawing.document_key("tiled poster", layout, repr(sheet), repr(load_rules()),
                                   repr(inputs.campaign), repr(inputs.theme))
        started.append((key, drawing.start_set(key, tiled_files, inputs.campaign, inputs.fonts, inputs.breaker,
                                               layout, inputs.theme, sheet, drawing.redraw)))
    return Made(set_files(started))


def tiled_files(campaign: Campaign, fonts: FontBook, breaker: WordBreaker, layout: str, theme: Theme, sheet: Sheet,
                redraw: Redraw | None = None) -> list[MadeFile]:
    """The A2 poster of ``layout``, laid out and drawn as the infographic draws it, over sheets of ``sheet``;
    not drawn if ``redraw`` finds the last build's file of the same drawing."""
    svg = poster_svg(campaign, fonts, breaker, layout, "a3", theme)
    parts = (svg, layout, repr(sheet), repr(load_rules()), repr(theme), repr(doc_info(campaign, "")))
    return redrawn(redraw, "tiled poster", parts, lambda: _tiled(svg, campaign, fonts, layout, theme, sheet))


def _tiled(svg: bytes, campaign: Campaign, fonts: FontBook, layout: str, theme: Theme, sheet: Sheet) -> list[MadeFile]:
    (poster,) = draw_posters(svg, campaign, layout, (POSTER_PAPER,))  # only the paper tiled
    size = poster_size_mm(poster.data)
    plan = plan_tiles(size, sheet, load_rules())
    title = f"Infographic ({LAYOUT_TITLES[layout]}, {POSTER_PAPER.upper()} trên {plan.count} tờ {sheet.name.upper()})"
    poster_name = f"{POSTER_PAPER.upper()} ({size[0]:.0f} × {size[1]:.0f} mm)"
    look = Look(fonts, theme)  # the notes in the theme's fonts, as the poster
    faces = SheetFaces(look.body(400), look.body(700))
    data = tiled_pdf(poster.data, plan, fonts, doc_info(campaign, title), poster_name, faces)
    paper = plan.paper_mm
    orientation = "landscape" if plan.landscape else "portrait"
    meta = FileMeta(product="tiled", format="pdf", size=f"{POSTER_PAPER}-on-{sheet.name}-{orientation}",
                    width_mm=paper[0], height_mm=paper[1])
    return [MadeFile(f"tiled/poster-{layout}-{POSTER_PAPER}-on-{sheet.name}.pdf", data, meta)]
