"""The handout booklet: every item in full, the messages and the source, as A4 and A5 PDFs."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from flashgen.documents.booklet import build_booklet
from flashgen.load.papers import iso_a
from flashgen.merge.cards import shown_as
from flashgen.products.base import CardRequest, Inputs, ProductBuild
from flashgen.products.files import FileMeta, Made, MadeFile

PAGES_MM = {"A4": iso_a(4), "A5": iso_a(5)}


def wants(inputs: Inputs) -> CardRequest:
    return CardRequest()


def make(build: ProductBuild) -> Made:
    """Both sizes started on the workers at once (or reused if nothing they show changed).

    Each item in its kind's layout, or in the one flashgen.yaml chose for the
    booklet ('layouts:'); an item that layout cannot show is an error here,
    before anything is drawn.
    """
    inputs = build.inputs
    campaign, chosen = inputs.campaign, inputs.options.layout_of("booklet")
    shown = tuple(shown_as(campaign, item, chosen, "booklet") for item in campaign.items)
    started = []
    for page in PAGES_MM:
        key = build.drawing.document_key("booklet", page, repr(campaign), repr(inputs.theme), repr(shown))
        started.append((page, key, build.drawing.start(key, build_booklet, campaign, inputs.fonts, page, inputs.theme, shown)))
    return Made(_files(started))


def _files(started: list[tuple[str, str, Callable[[], bytes]]]) -> Iterator[MadeFile]:
    for page, key, result in started:
        width, height = PAGES_MM[page]
        yield MadeFile(f"booklet/booklet-{page.lower()}.pdf", result(), FileMeta(
            product="booklet", format="pdf", size=page.lower(), width_mm=width, height_mm=height, render_key=key,
        ))
