"""Posters for the print shop: the infographic's poster on A3, A2, A1 and A0 with bleed, crop marks and boxes.

For every infographic layout the build makes (products/infographic.py
``layouts``), the A3 poster is laid out once (``poster_svg``), drawn on each
paper of flashgen/data/banners.yaml (``posters:``) with its background
extended 3 mm into the bleed (documents/infographic/bleed.py), rendered to
vector PDF, and placed like a print-shop card (pdf/decks.py
``print_shop_deck``): the page is trim + bleed + a slug with crop marks,
TrimBox and BleedBox set. The infographic's own A3/A2 posters stay for
screens and office printers. A layout's posters are one set with one render
key: reused whole when nothing changed.

``print_poster_pdf`` gives one poster's PDF bytes (for a tiling step).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

from flashgen.documents.banner import poster_papers
from flashgen.documents.infographic import infographic_faces, poster_svg
from flashgen.documents.infographic.bleed import poster_with_bleed
from flashgen.load.content import Campaign
from flashgen.load.fonts import FontBook
from flashgen.load.presets import CardSize
from flashgen.load.theme import Theme
from flashgen.pdf.decks import CardPages, print_shop_deck, print_shop_page_mm
from flashgen.pdf.kit import DocInfo
from flashgen.pdf.printready import print_ready
from flashgen.products.base import CardRequest, Inputs, ProductBuild, doc_info
from flashgen.products.files import FileMeta, Made, MadeFile
from flashgen.products.infographic import LAYOUT_TITLES, layouts
from flashgen.render import draw as render
from flashgen.text.wordbreak import WordBreaker

SAFE_MM = 5.0  # nothing important this close to the trim (the poster's own margin is far wider)


def wants(inputs: Inputs) -> CardRequest:
    return CardRequest(faces=infographic_faces(inputs.fonts, inputs.theme))


def make(build: ProductBuild) -> Made:
    inputs = build.inputs
    args = (inputs.campaign, inputs.fonts, inputs.breaker)
    started = []
    for layout in layouts(inputs)[0]:
        key = build.drawing.document_key("print-shop posters", layout, repr(inputs.campaign), repr(inputs.theme),
                                         repr(poster_papers()))
        started.append((key, build.drawing.start_set(key, poster_files, *args, layout, inputs.theme)))
    return Made(_files(started))


def _files(started: list[tuple[str, Callable[[], list[MadeFile]]]]) -> Iterator[MadeFile]:
    for key, result in started:
        for made in result():
            yield replace(made, meta=replace(made.meta, render_key=f"{key}/{made.path}"))


def paper_size(paper: str) -> CardSize:
    """A paper as a print-shop page size: its trim and bleed (what ``print_shop_deck`` places)."""
    papers = poster_papers()
    return CardSize(paper, paper.upper(), (), SAFE_MM, trim_mm=papers.papers[paper], bleed_mm=papers.bleed_mm)


def print_poster_pdf(a3_svg: bytes, paper: str, info: DocInfo) -> bytes:
    """The A3 poster ``a3_svg`` (from ``poster_svg``) on ``paper`` for the print shop: PDF bytes with bleed,
    crop marks, TrimBox and BleedBox."""
    size = paper_size(paper)
    assert size.trim_mm is not None
    drawing = poster_with_bleed(a3_svg, size.trim_mm, size.bleed_mm)
    return print_shop_deck(render.render_pdf(drawing), [CardPages(0, 0, None)], size, info)


def poster_files(campaign: Campaign, fonts: FontBook, breaker: WordBreaker, layout: str, theme: Theme) -> list[MadeFile]:
    """The poster of ``layout`` for the print shop on every paper (on a worker)."""
    a3 = poster_svg(campaign, fonts, breaker, layout, "a3", theme)
    files = []
    for paper in poster_papers().papers:
        size = paper_size(paper)
        assert size.trim_mm is not None
        title = f"Áp phích in ({LAYOUT_TITLES[layout]}, {paper.upper()}, xén {size.trim_mm[0]:g} × {size.trim_mm[1]:g} mm)"
        page = print_shop_page_mm(size)
        meta = FileMeta(product="posters", format="pdf", size=paper, width_mm=page[0], height_mm=page[1],
                        trim_width_mm=size.trim_mm[0], trim_height_mm=size.trim_mm[1])
        # Given its output intent here, on the worker: the build's own pass (build.py) then only finds it there.
        files.append(MadeFile(f"posters/poster-{layout}-{paper}.pdf",
                              print_ready(print_poster_pdf(a3, paper, doc_info(campaign, title))), meta))
    return files
