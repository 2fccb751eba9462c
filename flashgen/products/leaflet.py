"""The tri-fold leaflet (tờ gấp): A4 landscape, printed double-sided and folded in three."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from flashgen.documents.leaflet import SHEET_MM, build_leaflet
from flashgen.merge.cards import shown_as
from flashgen.products.base import CardRequest, Inputs, ProductBuild
from flashgen.products.files import FileMeta, Made, MadeFile


def wants(inputs: Inputs) -> CardRequest:
    return CardRequest()


def make(build: ProductBuild) -> Made:
    """Started on the workers at once (or reused if nothing it shows changed).

    Each item in its kind's layout, or in the one flashgen.yaml chose for the
    leaflet ('layouts:'); an item that layout cannot show is an error here.
    """
    inputs = build.inputs
    campaign, chosen = inputs.campaign, inputs.options.layout_of("leaflet")
    shown = tuple(shown_as(campaign, item, chosen, "leaflet") for item in campaign.items)
    key = build.drawing.document_key("leaflet", repr(campaign), repr(inputs.theme), repr(shown))
    return Made(_files(key, build.drawing.start(key, build_leaflet, campaign, inputs.fonts, inputs.theme, shown)))


def _files(key: str, result: Callable[[], bytes]) -> Iterator[MadeFile]:
    yield MadeFile("leaflet/leaflet-a4.pdf", result(), FileMeta(
        product="leaflet", format="pdf", size="a4-landscape", width_mm=SHEET_MM[0], height_mm=SHEET_MM[1], render_key=key,
    ))
