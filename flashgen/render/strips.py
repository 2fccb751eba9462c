"""A tall image drawn in strips: part of stage 5, render.

Takes a ``StripJob`` (SVGs of one width, each a whole number of pixels
tall, stacked top to bottom) and, if there is one, the last build's image of
the same name with its key; returns the image's pixels. Each strip is drawn
by itself and pasted under the one before, except a strip the last image
also had (the same drawing at the same width, resolution and fonts: its
key), which is copied from there, wherever it lay. A strip is the same
pixels either way, so an image made after an edit is byte-identical to one
drawn from nothing.

A job's key names its encoding and lists its strips, each as
"<height>.<key>": stored with the image (its render key in the manifest), it
tells the next build where each strip lies in this image.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from functools import cached_property

from lxml import etree
from PIL import Image

from flashgen import __version__
from flashgen.load.presets import Platform
from flashgen.load.svgdoc import parse_number
from flashgen.render import draw as render

PREFIX = "strips:"
KEY_CHARS = 24  # of a strip's SHA-256 in hex (96 bits): enough to tell strips apart, short in the manifest


@dataclass(frozen=True)
class StripJob:
    """One tall image to draw strip by strip; ``encoding`` as a ``RasterJob``'s."""

    name: str  # the output file, for messages
    strips: tuple[bytes, ...]
    width: int
    dpi: float
    encoding: str | Platform
    fonts_key: str  # a hash of the font files, which the SVGs name but do not contain

    @cached_property
    def heights(self) -> tuple[int, ...]:
        """Each strip's height in pixels (its SVG's height, a whole number)."""
        return tuple(round(parse_number(etree.fromstring(svg).get("height"), "height")) for svg in self.strips)

    @property
    def pixels(self) -> tuple[int, int]:
        return self.width, sum(self.heights)

    @cached_property
    def strip_keys(self) -> tuple[str, ...]:
        """"<height>.<hash>" of each strip: what its pixels depend on."""
        return tuple(f"{height}.{_strip_hash(self, svg, height)}" for svg, height in zip(self.strips, self.heights))

    @property
    def key(self) -> str:
        encoding = hashlib.sha256(repr(self.encoding).encode("utf-8")).hexdigest()[:KEY_CHARS]
        return f"{PREFIX}{encoding}/" + "+".join(self.strip_keys)


def _strip_hash(job: StripJob, svg: bytes, height: int) -> str:
    return render.drawing_key(svg, __version__, repr((job.width, height)), repr(job.dpi), job.fonts_key)[:KEY_CHARS]


def draw_strips(job: StripJob, last: tuple[str, bytes] | None = None) -> Image.Image:
    """The pixels of ``job`` (RGB if fully opaque, else RGBA), copying from ``last`` (the last build's image
    of it: its key and file) every strip it has."""
    kept = _kept_strips(job, last)
    tiles = [kept.get(key) or render.render_image(svg, (job.width, height), job.dpi)
             for svg, height, key in zip(job.strips, job.heights, job.strip_keys)]
    mode = "RGBA" if any(tile.mode == "RGBA" for tile in tiles) else "RGB"
    image = Image.new(mode, job.pixels)
    top = 0
    for tile in tiles:
        image.paste(tile if tile.mode == mode else tile.convert(mode), (0, top))
        top += tile.height
    if mode == "RGBA" and image.getchannel("A").getextrema()[0] == 255:  # as render_image: no alpha if opaque
        return image.convert("RGB")
    return image


def _lossless(job: StripJob) -> bool:
    """A PNG (flashgen's print and screen PNGs, or a platform's): its pixels are the strips' pixels."""
    return isinstance(job.encoding, str) or job.encoding.format == "png"


def _kept_strips(job: StripJob, last: tuple[str, bytes] | None) -> dict[str, Image.Image]:
    """The strips of ``job`` that ``last`` holds, by key, cut from its image (none if it cannot be read)."""
    if last is None or last[0].partition("/")[0] != job.key.partition("/")[0] or not _lossless(job):
        return {}  # not a strip image of this encoding: a JPEG would not give its strips' pixels back
    wanted = set(job.strip_keys)
    found, top = {}, 0
    for key in last[0].partition("/")[2].split("+"):
        height = key.partition(".")[0]
        if not height.isdigit():  # not a key this flashgen wrote
            return {}
        if key in wanted:
            found[key] = (top, int(height))
        top += int(height)
    if not found:
        return {}
    try:
        image = Image.open(io.BytesIO(last[1]))
        image.load()
    except (OSError, ValueError, Image.DecompressionBombError):  # not the image its key says: draw again
        return {}
    if image.size != (job.width, top) or image.mode not in ("RGB", "RGBA"):
        return {}
    return {key: image.crop((0, y, job.width, y + height)) for key, (y, height) in found.items()}
