"""A tall image drawn in strips: part of stage 5, render.

Takes a ``StripJob`` (SVGs of one width, each a whole number of pixels
tall, stacked top to bottom) and, if there is one, the last build's image of
the same name with its key; returns the PNG file (``strip_png``, for
flashgen's own PNG encodings) or the image's pixels (``draw_strips``, for a
platform's encoding). Each strip is drawn by itself, except a strip the last
image also had (the same drawing at the same width, resolution and fonts:
its key), which is copied from there, wherever it lay. The PNG holds each
strip as a segment of its own (render/pngfile.py ``encode_segments``), so
a copied strip is its compressed bytes: after an edit the image is neither
decoded nor compressed again, except the strips that changed. A strip is the
same bytes either way, so an image made after an edit is byte-identical to
one drawn from nothing.

A job's key names its encoding and lists its strips, each as
"<height>.<key>": stored with the image (its render key in the manifest), it
tells the next build where each strip lies in this image.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property

from lxml import etree
from PIL import Image

from flashgen import __version__
from flashgen.load.presets import Platform
from flashgen.load.svgdoc import parse_number
from flashgen.render import draw as render
from flashgen.render import pngfile
from flashgen.render.encode import srgb_profile

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


def strip_png(job: StripJob, last: tuple[str, bytes] | None = None) -> bytes:
    """The PNG of ``job`` ("png-srgb" or "png-dpi"), each strip one segment, copying from ``last`` (the last
    build's file of it and its key) every strip it has, as its compressed bytes."""
    kept = _kept_strips(job, last)
    pieces = [kept.get(key) or _drawn(job, svg, height) for svg, height, key in zip(job.strips, job.heights, job.strip_keys)]
    mode = "RGBA" if any(piece.mode == "RGBA" for piece in pieces) else "RGB"
    segments = [piece.segment(mode) for piece in pieces]
    if job.encoding == "png-dpi":
        return pngfile.encode_segments(job.width, mode, segments, dpi=job.dpi)
    return pngfile.encode_segments(job.width, mode, segments, icc_profile=srgb_profile())


def draw_strips(job: StripJob) -> Image.Image:
    """The pixels of ``job`` (RGB if fully opaque, else RGBA), every strip drawn: a platform's encoding (a JPEG's
    pixels are not the strips') keeps no strips to copy from."""
    tiles = [render.render_image(svg, (job.width, height), job.dpi) for svg, height in zip(job.strips, job.heights)]
    mode = "RGBA" if any(tile.mode == "RGBA" for tile in tiles) else "RGB"
    image = Image.new(mode, job.pixels)
    top = 0
    for tile in tiles:
        image.paste(tile if tile.mode == mode else tile.convert(mode), (0, top))
        top += tile.height
    return image


@dataclass(frozen=True)
class _Strip:
    """One strip: its pixels, or its rows and their compressed segment as a PNG of this encoding holds them."""

    width: int
    drawn: Image.Image | None = None
    stored: bytes = b""  # (copied) the rows, a filter byte in front of each
    deflated: bytes = b""
    stored_mode: str = "RGB"

    @property
    def mode(self) -> str:
        return self.drawn.mode if self.drawn is not None else self.stored_mode

    def image(self) -> Image.Image:
        if self.drawn is not None:
            return self.drawn
        row = self.width * pngfile.COLOUR_TYPES[self.stored_mode][1]
        pixels = b"".join(self.stored[start + 1:start + 1 + row] for start in range(0, len(self.stored), row + 1))
        return Image.frombytes(self.stored_mode, (self.width, len(self.stored) // (row + 1)), pixels)

    def segment(self, mode: str) -> tuple[bytes, bytes]:
        """Its rows and their segment in an image of ``mode`` (copied as they are when the modes agree)."""
        if self.drawn is None and self.stored_mode == mode:
            return self.stored, self.deflated
        image = self.image()
        stored = pngfile.rows(image if image.mode == mode else image.convert(mode))
        return stored, pngfile.deflate_rows(stored)


def _drawn(job: StripJob, svg: bytes, height: int) -> _Strip:
    image = render.render_image(svg, (job.width, height), job.dpi)
    return _Strip(job.width, render.on_paper(image) if job.encoding == "png-dpi" else image)


def _kept_strips(job: StripJob, last: tuple[str, bytes] | None) -> dict[str, _Strip]:
    """The strips of ``job`` that ``last`` holds, by key, taken from its segments (none if it cannot be read)."""
    if last is None or last[0].partition("/")[0] != job.key.partition("/")[0]:
        return {}  # not a strip image of this encoding
    keys = last[0].partition("/")[2].split("+")
    if not all(key.partition(".")[0].isdigit() for key in keys):  # not a key this flashgen wrote
        return {}
    heights = [int(key.partition(".")[0]) for key in keys]
    segments = pngfile.read_segments(last[1])
    if segments is None or segments.size != (job.width, sum(heights)) or len(segments.deflated) != len(keys):
        return {}
    wanted, found = set(job.strip_keys), {}
    row = job.width * pngfile.COLOUR_TYPES[segments.mode][1] + 1
    for key, height, deflated in zip(keys, heights, segments.deflated):
        if key not in wanted or key in found:
            continue
        stored = pngfile.inflate_rows(deflated, height * row)
        if stored is None:  # not the image its key says: draw again
            return {}
        strip = _Strip(job.width, stored=stored, deflated=deflated, stored_mode=segments.mode)
        found[key] = strip if segments.mode == "RGB" else _opaque_as_rgb(strip)
    return found


def _opaque_as_rgb(strip: _Strip) -> _Strip:
    """A strip of an image with alpha, as drawn: RGB if it is fully opaque (render_image's rule)."""
    image = strip.image()
    return _Strip(strip.width, image.convert("RGB") if image.getchannel("A").getextrema()[0] == 255 else image)
