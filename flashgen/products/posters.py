"""Posters for the print shop: the infographic's poster on A3, A2, A1 and A0 with bleed, crop marks and boxes.

For every infographic layout the build makes (products/infographic.py
``layouts``), the A3 poster is laid out once (``poster_svg``), drawn on each
paper of flashgen/data/banners.yaml (``posters:``) with its background
extended 3 mm into the bleed (documents/infographic/bleed.py: drawn once,
with the widest bleed any paper needs, and each paper's page a window of
that drawing), and placed like a print-shop card (pdf/decks.py
``print_shop_deck``): the page is trim + bleed + a slug with crop marks,
TrimBox and BleedBox set. The infographic's own A3/A2 posters stay for
screens and office printers. A layout's posters are one set with one render
key: reused whole when nothing changed, and after an edit the poster does not show (it shows the
items' short labels), reused when its drawing did not change.
"""

from __future__ import annotations

from flashgen.documents.banner import poster_papers
from flashgen.documents.infographic import POSTER_PAPERS, infographic_faces, poster_svg
from flashgen.documents.infographic.bleed import bleed_growth, poster_bleed_master
from flashgen.load.content import Campaign
from flashgen.load.fonts import FontBook
from flashgen.load.presets import CardSize
from flashgen.load.theme import Theme
from flashgen.pdf.decks import (
    CardPages,
    print_shop_deck,
    print_shop_page_mm,
    window_pdf,
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
from flashgen.products.infographic import LAYOUT_TITLES, layouts
from flashgen.render import draw as render
from flashgen.text.wordbreak import WordBreaker

SAFE_MM = 5.0  # nothing important this close to the trim (the poster's own margin is far wider)


def wants(inputs: Inputs) -> CardRequest:
    return CardRequest(faces=infographic_faces(inputs.fonts, inputs.theme))


def make(build: ProductBuild) -> Made:
    inputs, drawing = build.inputs, build.drawing
    args = (inputs.campaign, inputs.fonts, inputs.breaker)
    started = []
    for layout in layouts(inputs)[0]:
        key = drawing.document_key("print-shop posters", layout, repr(inputs.campaign), repr(inputs.theme),
                                   repr(poster_papers()))
        started.append((key, drawing.start_set(key, poster_files, *args, layout, inputs.theme, drawing.redraw)))
    return Made(set_files(started))


def paper_size(paper: str) -> CardSize:
    """A paper as a print-shop page size: its trim and bleed (what ``print_shop_deck`` places)."""
    papers = poster_papers()
    return CardSize(paper, paper.upper(), (), SAFE_MM, trim_mm=papers.papers[paper], bleed_mm=papers.bleed_mm)


def poster_files(campaign: Campaign, fonts: FontBook, breaker: WordBreaker, layout: str, theme: Theme,
                 redraw: Redraw | None = None) -> list[MadeFile]:
    """The poster of ``layout`` for the print shop on every paper (on a worker): laid out on A3, drawn once,
    with the widest bleed any paper needs, and each paper's page taken from that drawing (``window_pdf``);
    not drawn if ``redraw`` finds the last build's files of the same drawing."""
    a3 = poster_svg(campaign, fonts, breaker, layout, "a3", theme)
    parts = (a3, layout, repr(poster_papers()), repr(doc_info(campaign, "")))
    return redrawn(redraw, "print-shop poster", parts, lambda: _print_shop_posters(a3, campaign, layout))


def _print_shop_posters(a3: bytes, campaign: Campaign, layout: str) -> list[MadeFile]:
    papers = poster_papers()
    master_svg, grow_x, grow_y = poster_bleed_master(a3, papers.papers.values(), papers.bleed_mm)
    master = render.render_pdf(master_svg)
    files = []
    for paper in papers.papers:
        size = paper_size(paper)
        assert size.trim_mm is not None
        title = f"Áp phích in ({LAYOUT_TITLES[layout]}, {paper.upper()}, xén {size.trim_mm[0]:g} × {size.trim_mm[1]:g} mm)"
        page = print_shop_page_mm(size)
        meta = FileMeta(product="posters", format="pdf", size=paper, width_mm=page[0], height_mm=page[1],
                        trim_width_mm=size.trim_mm[0], trim_height_mm=size.trim_mm[1])
        files.append(MadeFile(f"posters/poster-{layout}-{paper}.pdf", print_shop_deck(
            _with_bleed(master, (grow_x, grow_y), size), [CardPages(0, 0, None)], size, doc_info(campaign, title)), meta))
    return files


def _with_bleed(master: bytes, reach: tuple[float, float], size: CardSize) -> bytes:
    """The poster on ``size``'s paper with its bleed: the window of the drawing ``master`` (A3 units of a
    millimetre, its background reaching ``reach`` past the A3 page) that paper shows."""
    assert size.trim_mm is not None
    a3_width, a3_height = POSTER_PAPERS["a3"]
    grow_x, grow_y = bleed_growth((0.0, 0.0, a3_width, a3_height), size.trim_mm, size.bleed_mm)
    window = (reach[0] - grow_x, reach[1] - grow_y, a3_width + 2 * grow_x, a3_height + 2 * grow_y)
    page = (size.trim_mm[0] + 2 * size.bleed_mm, size.trim_mm[1] + 2 * size.bleed_mm)
    return window_pdf(master, window, page)
