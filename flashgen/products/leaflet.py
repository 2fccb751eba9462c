"""The tri-fold leaflet (tờ gấp): A4 landscape, printed double-sided and folded in three."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from flashgen.documents.leaflet import build_leaflet
from flashgen.products.base import CardRequest, Inputs, ProductBuild
from flashgen.products.files import FileMeta, Made, MadeFile

PAGE_MM = (297.0, 210.0)


def wants(inputs: Inputs) -> CardRequest:
    return CardRequest()


def make(build: ProductBuild) -> Made:
    """Started on the workers at once (or reused if nothing it shows changed)."""
    inputs = build.inputs
    key = build.drawing.document_key("leaflet", repr(inputs.campaign), repr(inputs.theme))
    return Made(_files(key, build.drawing.start(key, build_leaflet, inputs.campaign, inputs.fonts, inputs.theme)))


def _files(key: str, result: Callable[[], bytes]) -> Iterator[MadeFile]:
    yield MadeFile("leaflet/leaflet-a4.pdf", result(), FileMeta(
        product="leaflet", format="pdf", size="a4-landscape", width_mm=PAGE_MM[0], height_mm=PAGE_MM[1], render_key=key,
    ))
