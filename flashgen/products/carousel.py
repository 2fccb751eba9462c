"""The document carousel: the social album's 4:5 images (1080 × 1350 px) as one PDF, one page each,
for LinkedIn and Facebook document posts (flashgen/pdf/carousel.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

from flashgen.load.presets import Platform
from flashgen.merge.social import kinds_for
from flashgen.pdf.carousel import carousel_pdf
from flashgen.products.base import CardRequest, Inputs, ProductBuild
from flashgen.products.files import FileMeta, Made, MadeFile

PLATFORM = "facebook-portrait"  # data/sizes.yaml: 1080 × 1350 PNG, the 4:5 page document posts take


def _platform(inputs: Inputs) -> Platform:
    return inputs.presets.platform(PLATFORM)


def wants(inputs: Inputs) -> CardRequest:
    return CardRequest(platforms=(_platform(inputs),))


def make(build: ProductBuild) -> Made:
    platform = _platform(build.inputs)
    album = build.laid_out.for_platform(platform, kinds_for(replace(platform, series=("album",))))
    jobs = [build.drawing.job(f"carousel/{d.card.slug}.png", d, platform.pixels, 96, platform) for d in album]
    key = build.drawing.document_key("carousel", *(job.key for job in jobs))
    previous = build.drawing.previous.file(key)
    if previous is not None:  # no image changed since the last build: nothing is drawn again
        return Made(_files(key, lambda: previous, platform))
    # The social product shows the same images: drawn once in a build (Drawing.images), and a later build
    # reuses either product's files by their render keys.
    drawn = build.drawing.images(jobs)
    return Made(_files(key, lambda: carousel_pdf(list(drawn), build.inputs.campaign.title), platform))


def _files(key: str, result: Callable[[], bytes], platform: Platform) -> Iterator[MadeFile]:
    width, height = platform.pixels
    yield MadeFile("carousel/carousel-1080x1350.pdf", result(), FileMeta(
        product="carousel", format="pdf", size=platform.name, width_px=width, height_px=height, render_key=key,
    ))
