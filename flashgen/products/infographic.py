"""The infographic in its layouts: vector posters for A3 and A2, a tall web image, carousel slides, for each.

The layouts are those flashgen.yaml's ``layouts: infographic`` chooses, else
those the items' kinds choose (``documents.infographic.default_layouts``:
contrast → list and comparison, statement → list, figure → figures). A chosen
layout the content cannot fill stops the build before anything is drawn,
naming the setting. Each layout's posters, and each layout's screen images, are one set with one
render key (content, theme, fonts): a set whose files of the last build are
intact is reused whole instead of drawn again; after an edit, each drawing
whose own key did not change (a poster, a slide) is reused by itself.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lxml import etree

from flashgen.documents.infographic import (
    POSTER_PAPERS,
    carousel_svgs,
    check_layout,
    default_layouts,
    infographic_faces,
    poster_svg,
    web_strips,
)
from flashgen.documents.infographic.style import SCREEN_WIDTH
from flashgen.load.content import Campaign
from flashgen.load.fonts import FontBook
from flashgen.load.svgdoc import parse_number
from flashgen.load.theme import Theme
from flashgen.pdf.decks import titled_pdf, window_pdf
from flashgen.products.base import (
    CardRequest,
    Inputs,
    PreviousBuild,
    ProductBuild,
    Redraw,
    doc_info,
    redrawn,
    set_files,
)
from flashgen.products.files import FileMeta, Made, MadeFile
from flashgen.render import draw as render
from flashgen.render.jobs import RasterJob, run_job
from flashgen.render.strips import StripJob
from flashgen.text.wordbreak import WordBreaker

# The layouts' names in the posters' PDF titles.
LAYOUT_TITLES = {"list": "danh sách", "comparison": "so sánh", "figures": "số liệu"}


def layouts(inputs: Inputs) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(layouts, notes): those flashgen.yaml chose, each checked against the content, else the items' kinds'."""
    chosen = inputs.options.layout_of("infographic")
    for layout in chosen:
        check_layout(inputs.campaign, layout, inputs.options.project_config)
    return (chosen, ()) if chosen else default_layouts(inputs.campaign)


def wants(inputs: Inputs) -> CardRequest:
    return CardRequest(faces=infographic_faces(inputs.fonts, inputs.theme), notes=layouts(inputs)[1])


def make(build: ProductBuild) -> Made:
    """Every layout laid out and drawn on the workers, started at once.

    Each layout's screen images are laid out and drawn in one worker job
    (``screen_files``), which reuses the last build's file of every image
    whose drawing did not change: after an edit, only the tall image and the
    edited item's slide are drawn again, while the other documents are made.
    The posters show the items' short labels: an edit of anything else leaves
    their drawing as it was, and its files are taken from the last build.
    """
    inputs, drawing = build.inputs, build.drawing
    args = (inputs.campaign, inputs.fonts, inputs.breaker)
    started = []
    for layout in layouts(inputs)[0]:
        key = drawing.document_key("infographic posters", layout, repr(inputs.campaign), repr(inputs.theme))
        started.append((key, drawing.start_set(key, poster_files, *args, layout, inputs.theme, drawing.redraw)))
        key = drawing.document_key("infographic screens", layout, repr(inputs.campaign), repr(inputs.theme))
        started.append((key, drawing.start_set(key, screen_files, *args, layout, inputs.theme, drawing.previous)))
    return Made(_files(started, drawing.previous))


def _files(started: list[tuple[str, Callable[[], list[MadeFile | Listed]]]], previous: PreviousBuild) -> Iterator[MadeFile]:
    def taken(result: Callable[[], list[MadeFile | Listed]]) -> list[MadeFile]:
        # A listed screen image is the last build's file, read here: staging then leaves it in place.
        return [MadeFile(made.job.name, previous.file(made.job.key) or run_job(made.job), made.meta)
                if isinstance(made, Listed) else made for made in result()]

    return set_files((key, functools.partial(taken, result)) for key, result in started)


def poster_files(campaign: Campaign, fonts: FontBook, breaker: WordBreaker, layout: str, theme: Theme,
                 redraw: Redraw | None = None) -> list[MadeFile]:
    """The poster of ``layout`` in ``theme`` as vector PDFs for every paper of ``POSTER_PAPERS``: laid out once,
    on A3, and drawn (``draw_posters``) unless ``redraw`` finds the last build's files of the same drawing."""
    svg = poster_svg(campaign, fonts, breaker, layout, "a3", theme)
    parts = (svg, layout, repr(doc_info(campaign, "")))
    return redrawn(redraw, "infographic poster", parts, lambda: draw_posters(svg, campaign, layout, tuple(POSTER_PAPERS)))


def draw_posters(svg: bytes, campaign: Campaign, layout: str, papers: tuple[str, ...]) -> list[MadeFile]:
    """The A3 poster ``svg`` of ``layout`` drawn once as a vector PDF, and shown on each of ``papers`` (a larger
    paper shows that drawing enlarged: ``window_pdf``), with the campaign's metadata."""
    a3_width, a3_height = POSTER_PAPERS["a3"]
    a3 = render.render_pdf(svg)
    files = []
    for paper in papers:
        width, height = POSTER_PAPERS[paper]
        drawn = a3 if paper == "a3" else window_pdf(a3, (0.0, 0.0, a3_width, a3_height), (width, height))
        title = f"Infographic ({LAYOUT_TITLES[layout]}, {paper.upper()})"
        meta = FileMeta(product="infographic", format="pdf", size=paper, width_mm=width, height_mm=height)
        files.append(MadeFile(f"infographic/poster-{layout}-{paper}.pdf", titled_pdf(drawn, doc_info(campaign, title)), meta))
    return files


@dataclass(frozen=True)
class Listed:
    """A screen image whose drawing the last build's manifest lists: the build's process takes that file (or
    draws ``job`` if it is no longer as listed)."""

    job: RasterJob | StripJob
    meta: FileMeta


def screen_files(campaign: Campaign, fonts: FontBook, breaker: WordBreaker, layout: str, theme: Theme,
                 previous: PreviousBuild) -> list[MadeFile | Listed]:
    """The tall web image and the carousel slides of ``layout`` drawn (sRGB PNG at 96 dpi) on a worker,
    except those whose own drawing the last build made: ``Listed``, taken by the build's process.

    Each file's render key is the set's and its own ("<set>/<path>#<image>", ``set_files``): the whole set is reused
    while nothing changed, and each image by itself after an edit; the web image, drawn in strips, copies
    from the last one every strip that did not change (render/strips.py). A listed image is not read here:
    sent back to the build's process it was copied a few times over (megabytes of slides), and the build,
    having not read it itself, wrote it again instead of leaving it in place."""
    strips = web_strips(campaign, fonts, breaker, layout, theme=theme)
    jobs: list[RasterJob | StripJob] = [
        StripJob(f"infographic/web-{layout}.png", strips, SCREEN_WIDTH, 96, "png-srgb", fonts.fingerprint)
    ]
    for number, svg in enumerate(carousel_svgs(campaign, fonts, breaker, layout, theme=theme), start=1):
        path = f"infographic/carousel-{layout}/{number:02d}.png"
        jobs.append(RasterJob(path, svg, _svg_pixels(svg), 96, "png-srgb", fonts.fingerprint))
    files: list[MadeFile | Listed] = []
    for job in jobs:
        meta = FileMeta(product="infographic", format="png", size=job.name.split("/")[1].split(".")[0],
                        width_px=job.pixels[0], height_px=job.pixels[1], render_key=f"#{job.key}")
        if previous.listed(job.key):
            files.append(Listed(job, meta))
        else:
            last = previous.drawing_at(job.name) if isinstance(job, StripJob) else None
            files.append(MadeFile(job.name, run_job(job, last), meta))
    return files


def _svg_pixels(svg: bytes) -> tuple[int, int]:
    root = etree.fromstring(svg)
    return round(parse_number(root.get("width"), "width")), round(parse_number(root.get("height"), "height"))
