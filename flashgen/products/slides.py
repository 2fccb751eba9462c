"""Conference slides: a 16:9 deck as PPTX (editable text, speaker notes) and as PDF (flashgen/documents/slides)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from flashgen.documents.slides import build_slides_pdf, build_slides_pptx
from flashgen.documents.slides.plan import SLIDES_FILE
from flashgen.merge.cards import shown_as
from flashgen.products.base import CardRequest, Inputs, ProductBuild
from flashgen.products.files import FileMeta, Made, MadeFile

SLIDE_MM = (338.67, 190.5)  # 13.333 × 7.5 in


def wants(inputs: Inputs) -> CardRequest:
    return CardRequest()


def make(build: ProductBuild) -> Made:
    """Both files started on the workers at once (or reused if nothing they show changed)."""
    inputs = build.inputs
    campaign, chosen = inputs.campaign, inputs.options.layout_of("slides")
    shown = tuple(shown_as(campaign, item, chosen, "slides") for item in campaign.items)
    started = {}
    for kind, function in (("pptx", build_slides_pptx), ("pdf", build_slides_pdf)):
        # The layout data is part of the key: a designer's change to slides.yaml makes the deck again.
        key = build.drawing.document_key(f"slides-{kind}", repr(campaign), repr(inputs.theme), repr(shown),
                                         SLIDES_FILE.read_bytes())
        started[kind] = (key, build.drawing.start(key, function, campaign, inputs.fonts, inputs.theme, shown))
    return Made(_files(started))


def _files(started: dict[str, tuple[str, Callable[[], bytes]]]) -> Iterator[MadeFile]:
    for kind, (key, result) in started.items():
        yield MadeFile(f"slides/slides-16x9.{kind}", result(), FileMeta(
            product="slides", format=kind, size="16:9", width_mm=SLIDE_MM[0], height_mm=SLIDE_MM[1], render_key=key,
        ))
