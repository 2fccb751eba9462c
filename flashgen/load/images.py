"""Images inside what flashgen draws: the theme's logo and the images embedded in a template.

Takes an image's bytes (a logo file, or an ``<image>``'s ``data:`` URI) and the
``Limits``; returns nothing, or raises ``FlashgenError`` with what is wrong
with the image itself (the caller puts the file and element in front).

CairoSVG decides what an image is from its bytes, not from its media type:
PNG by its signature, SVG by its first bytes or any ``<svg`` in it, gzip as
compressed SVG, anything else through Pillow. ``image_kind`` decides the same
way, so each image is checked as what it will be drawn as. A bitmap's width
and height are read from its header before it is decoded (a 30000 × 30000
PNG of a few kilobytes would ask for 3.6 GB), then it is decoded once, so a
damaged image is named here instead of failing deep inside the renderer.
An SVG image is parsed and checked like a template (check_image).
"""

from __future__ import annotations

import base64
import binascii
import io
import struct
import urllib.parse
import warnings
from collections.abc import Callable
from enum import Enum

from lxml import etree
from PIL import Image

from flashgen.errors import FlashgenError
from flashgen.i18n import _, grouped
from flashgen.load.drawcost import drawing_size
from flashgen.load.limits import Limits
from flashgen.load.svgdoc import (
    XLINK_HREF,
    external_reference,
    label,
    local_name,
    parse_svg_data,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# JPEG markers that start a frame header (SOF0–SOF15, but DHT, JPG and DAC, which share the range).
_JPEG_FRAME_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
# JPEG markers that stand alone, without a length: TEM, SOI and the restart markers RST0–RST7.
_JPEG_STANDALONE = frozenset({0x01, 0xD8, *range(0xD0, 0xD8)})


class ImageKind(Enum):
    PNG = "PNG"
    SVG = "SVG"
    COMPRESSED_SVG = "compressed SVG"
    BITMAP = "bitmap"  # JPEG, GIF, WebP … anything Pillow may open


def image_kind(data: bytes) -> ImageKind:
    """What CairoSVG will draw ``data`` as (cairosvg/image.py, in its order)."""
    if data.startswith(b"\x89PNG"):
        return ImageKind.PNG
    if data.startswith(b"\x1f\x8b"):
        return ImageKind.COMPRESSED_SVG
    if data.startswith((b"<svg ", b"<?xml", b"<!DOC")) or b"<svg" in data:
        return ImageKind.SVG
    return ImageKind.BITMAP


def check_bitmap(data: bytes, limits: Limits) -> None:
    """A PNG, JPEG or other bitmap within ``max_image_pixels`` that decodes; ``FlashgenError`` if not."""
    width, height = bitmap_size(data)
    if width * height > limits.max_image_pixels:
        found = _("{width:,} × {height:,} = {pixels:,} pixels").format(width=width, height=height, pixels=width * height)
        raise FlashgenError(
            _(
                "the image is too large: {limit}. Save it smaller (2000 pixels wide is plenty for print) and use it again."
            ).format(limit=limits.exceeded("max_image_pixels", found)),
            code="image-too-large",
        )
    _decode(data)


def bitmap_size(data: bytes) -> tuple[int, int]:
    """Width and height from the image's header, without decoding its pixels."""
    size = _png_size(data) or _jpeg_size(data)
    if size is not None:
        return size
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:  # reads the header only
                return image.size
        except Image.DecompressionBombError:  # Pillow refuses a header this large before flashgen could ask
            return (2 * Image.MAX_IMAGE_PIXELS + 1, 1)
        except Exception:  # Pillow raises many kinds on bytes that are not an image
            raise _unreadable() from None


def _png_size(data: bytes) -> tuple[int, int] | None:
    if not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR" or len(data) < 24:
        return None
    return struct.unpack(">II", data[16:24])  # type: ignore[return-value]


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """The size in a JPEG's frame header, found by walking its markers; None if there is none."""
    if not data.startswith(b"\xff\xd8"):
        return None
    position = 2
    while position + 9 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        if marker == 0xFF or marker in _JPEG_STANDALONE:  # a fill byte, or a marker without a length
            position += 1 if marker == 0xFF else 2
            continue
        if marker in _JPEG_FRAME_MARKERS:
            height, width = struct.unpack(">HH", data[position + 5:position + 9])
            return width, height
        position += 2 + int.from_bytes(data[position + 2:position + 4], "big")
    return None


def _decode(data: bytes) -> None:
    """Decode the image once; ``verify`` first, because decoding alone accepts a PNG cut short after its
    pixels, which the renderer (libpng, through cairo) refuses."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                image.verify()  # a verified image cannot be decoded: it is opened again below
            with Image.open(io.BytesIO(data)) as image:
                image.load()
        except Exception:  # Pillow raises many kinds on a damaged file
            raise _unreadable() from None


def _unreadable() -> FlashgenError:
    return FlashgenError(
        _(
            "the image cannot be read: it is damaged, cut short or not an image. "
            "Open it in an image editor and save it again as PNG or JPEG."
        ),
        code="image-unreadable",
    )


# Images inside images inside images …: each level is a data: URI inside the one above, a third larger;
# no real file nests more than a few, and the checks recurse once per level.
MAX_IMAGE_NESTING = 8
# What checks the text of an SVG image (its fonts and glyphs; template.py), given the parsed image and
# the words that say where it is; raises FlashgenError.
TextCheck = Callable[[etree._ElementTree, str], None]


def check_image(data: bytes, where: str, limits: Limits, check_text: TextCheck | None = None, depth: int = 0) -> None:
    """Check one image as CairoSVG will draw it; ``FlashgenError`` starting with ``where`` (its file, element).

    A bitmap must be within ``max_image_pixels`` and decode. An SVG image gets a template's checks: within
    the element and drawing limits, nothing linked from outside it, its own images checked likewise, and
    ``check_text`` (fonts and glyphs) on it, when given.
    """
    kind = image_kind(data)
    if kind is ImageKind.SVG:
        _check_svg_image(data, where, limits, check_text, depth)
        return
    try:
        if kind is ImageKind.COMPRESSED_SVG:
            raise FlashgenError(
                _("the image is a compressed SVG (.svgz), which flashgen does not open; save it as plain SVG or PNG."),
                code="image-svgz",
            )
        check_bitmap(data, limits)
    except FlashgenError as problem:
        raise FlashgenError(_("{where}: {problem}").format(where=where, problem=problem.message), code=problem.code) from None


def _check_svg_image(data: bytes, where: str, limits: Limits, check_text: TextCheck | None, depth: int) -> None:
    if depth >= MAX_IMAGE_NESTING:
        raise FlashgenError(
            _("{where}: it holds images inside images more than {most} levels deep; save the innermost ones as PNG.").format(
                where=where, most=MAX_IMAGE_NESTING
            ),
            code="image-nesting",
        )
    try:
        tree = parse_svg_data(data, "", _("SVG image"))
    except FlashgenError as problem:
        raise FlashgenError(_("{where}: {problem}").format(where=where, problem=problem.message), code=problem.code) from None
    root = tree.getroot()
    problem = size_problem(root, limits, _("the SVG image"))
    if problem is not None:
        raise FlashgenError(_("{where}: {problem}").format(where=where, problem=problem), code="template-too-large")
    found = external_reference(root)
    if found is not None:
        element = _(", element {element}").format(element=label(found[0])) if found[0] is not None else ""
        raise FlashgenError(
            _("{where}{element}: {problem}").format(where=where, element=element, problem=found[1]), code="linked-file"
        )
    for element, uri in embedded_images(root):
        inner = _("{where}, image {element}").format(where=where, element=label(element))
        check_image(image_data(uri, inner), inner, limits, check_text, depth + 1)
    if check_text is not None:
        check_text(tree, where)


def size_problem(root: etree._Element, limits: Limits, what: str | None = None) -> str | None:
    """Why ``root`` cannot be drawn (too many elements, too much drawing, a clone of itself); None if it can."""
    elements = sum(1 for _ in root.iter())
    if elements > limits.max_template_elements:
        return _("{what} has too many elements: {limit}.").format(
            what=what or _("it"), limit=limits.exceeded("max_template_elements", grouped(elements))
        )
    try:
        drawing = drawing_size(root, lambda image: _image_size(image, limits))
    except FlashgenError as loop:  # a <use> that refers to itself
        return loop.message
    if drawing > limits.max_template_drawing:
        return _(
            "{what} asks for too much drawing, counting every shape as often as a <use> (clone) repeats it: {limit}. "
            "Clones of clones of a detailed shape do this; unlink them or simplify the shape in Inkscape."
        ).format(
            what=what or _("it"),
            limit=limits.exceeded("max_template_drawing", _("{count:,} points and shapes").format(count=drawing)),
        )
    return None


def _image_size(element: etree._Element, limits: Limits) -> int:
    """What drawing an embedded image costs, for drawing_size: a unit per thousand pixels (an SVG
    image, a unit per hundred bytes). Drawn as often as a <use> repeats it, a large image adds up.
    An image over ``max_image_pixels`` counts nothing here: check_image refuses it, naming the image."""
    href = (element.get("href") or element.get(XLINK_HREF) or "").strip()
    if not href.startswith("data:"):
        return 0  # linked images are refused elsewhere
    try:
        data = image_data(href, "")
        if image_kind(data) in (ImageKind.SVG, ImageKind.COMPRESSED_SVG):
            return len(data) // 100
        width, height = bitmap_size(data)
    except FlashgenError:  # a damaged image is named by check_image
        return 0
    return width * height // 1000 if width * height <= limits.max_image_pixels else 0


def embedded_images(root: etree._Element) -> list[tuple[etree._Element, str]]:
    """Every ``<image>`` of the document with its ``data:`` URI (linked images are refused elsewhere)."""
    found = []
    for element in root.iter():
        href = (element.get("href") or element.get(XLINK_HREF) or "").strip()
        if local_name(element) == "image" and href.startswith("data:"):
            found.append((element, href))
    return found


def image_data(uri: str, where: str) -> bytes:
    """The bytes a ``data:`` URI holds, decoded as urllib (and so CairoSVG) decodes it."""
    header, _comma, payload = uri.partition(",")
    data = urllib.parse.unquote_to_bytes(payload)
    if not header.endswith(";base64"):
        return data
    try:
        return base64.decodebytes(data)
    except (binascii.Error, ValueError):
        raise FlashgenError(
            _(
                "{where}: the embedded image cannot be read: its data (base64) is cut short or damaged. "
                "Embed the image again (Inkscape: File → Import → Embed)."
            ).format(where=where),
            code="image-unreadable",
        ) from None
