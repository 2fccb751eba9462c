"""Flashcards: every card side as an image, and for print sizes the print-shop PDF.

Shows every card side at the chosen sizes (``--size``; default: the sizes
marked default in sizes.yaml). Screen sizes are PNGs with an sRGB profile; print
sizes are PNGs at their dpi, plus one vector PDF for a print shop: every side on
its own page with bleed and crop marks, fronts and backs alternating (a
one-sided card's back a blank page; a deck without backs is its fronts only).
"""

from __future__ import annotations

from collections.abc import Iterator

from flashgen.compose.card import CardDocument
from flashgen.load.presets import CardSize
from flashgen.options import choose_sizes
from flashgen.pdf.decks import CardPages, print_shop_deck, print_shop_page_mm
from flashgen.pdf.kit import DocInfo
from flashgen.products.base import CardRequest, Inputs, ProductBuild, doc_info
from flashgen.products.files import FileMeta, Made, MadeFile
from flashgen.render.jobs import RasterJob


def wants(inputs: Inputs) -> CardRequest:
    return CardRequest(sizes=tuple(choose_sizes(inputs.options.sizes, inputs.presets)))


def make(build: ProductBuild) -> Made:
    sizes = wants(build.inputs).sizes
    decks = [_start_print_shop_deck(build, size) for size in sizes if size.is_print]
    documents = [d for d in build.laid_out.cards if d.card.size in sizes]
    jobs = [
        build.drawing.job(f"flashcards/{d.card.size.name}/{d.card.slug}.png", d, d.card.size.pixels, d.card.size.dpi,
                          "png-dpi" if d.card.size.is_print else "png-srgb")
        for d in documents
    ]
    # The images are handed to the workers now (counted for the progress bar) and drawn when read.
    images = map(_image_file, documents, jobs, build.drawing.images(jobs))
    return Made(images, after=_decks(build, [s for s in sizes if s.is_print], decks))


def _image_file(document: CardDocument, job: RasterJob, data: bytes) -> MadeFile:
    card, size = document.card, document.card.size
    width_mm, height_mm = size.canvas_mm if size.is_print else (None, None)
    return MadeFile(job.name, data, FileMeta(
        product="flashcards", format="png", size=size.name, item=card.item, side=card.side,
        width_px=size.pixels[0], height_px=size.pixels[1], width_mm=width_mm, height_mm=height_mm, render_key=job.key,
    ))


def _decks(build: ProductBuild, sizes: list[CardSize], reused: list[MadeFile | None]) -> Iterator[MadeFile]:
    for size, deck in zip(sizes, reused):
        yield deck if deck is not None else _print_shop_deck(build, size)


def _deck_facts(build: ProductBuild, size: CardSize) -> tuple[DocInfo, list[CardPages], str]:
    """The print-shop deck's metadata, its cards' pages in the PDF of the card sides, and its render key."""
    info = doc_info(build.inputs.campaign, f"Bộ thẻ in {size.label}")
    documents = build.laid_out.of_size(size)
    cards = CardPages.of([(d.card.item, d.card.side) for d in documents])
    return info, cards, build.drawing.document_key(
        "print-shop deck", size.name, repr(info), repr(cards), *(d.svg for d in documents)
    )


def _start_print_shop_deck(build: ProductBuild, size: CardSize) -> MadeFile | None:
    """The previous build's deck if intact (None: start drawing its card pages now, on a worker)."""
    *_, key = _deck_facts(build, size)
    previous = build.drawing.previous.file(key)
    if previous is None:
        build.drawing.card_pdf(size, build.laid_out.of_size(size))
        return None
    return _deck_file(size, previous, key)


def _print_shop_deck(build: ProductBuild, size: CardSize) -> MadeFile:
    info, cards, key = _deck_facts(build, size)
    pages = build.drawing.card_pdf(size, build.laid_out.of_size(size))()
    return _deck_file(size, print_shop_deck(pages, cards, size, info), key)


def _deck_file(size: CardSize, data: bytes, key: str) -> MadeFile:
    page_width, page_height = print_shop_page_mm(size)
    assert size.trim_mm is not None
    trim_width, trim_height = size.trim_mm
    return MadeFile(f"flashcards/flashcards-{size.name}.pdf", data, FileMeta(
        product="flashcards", format="pdf", size=size.name, width_mm=page_width, height_mm=page_height,
        trim_width_mm=trim_width, trim_height_mm=trim_height, render_key=key,
    ))
