"""Stage 5 — render: a finished card SVG in, pixels (Pillow image) or PDF bytes out.

CairoSVG (through cairosvg_internals.py) draws the SVG into a cairo image
surface whose pixel buffer goes straight to Pillow (no PNG encode/decode
round trip), or into a PDF surface (vector, fonts embedded and subset, text
extractable). Before the first render the process's fontconfig is pointed at
flashgen's own font folders, and every face a template uses is checked
against what cairo actually loads, so a missing or substituted font is an
error rather than a silent fallback. Whatever goes wrong inside the renderer
is a FlashgenError that names the template, where one is known.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PIL import Image

from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.fonts import Face, FontBook, write_fontconfig
from flashgen.load.svgdoc import escape
from flashgen.render import cairoload, cairosvg_internals, glyphruns, pngfile

PROBE_TEXT = "Chuyển đổi số ẮẲẴẶẤẦẨẪẬ ỜỞỠỢ 0123456789"
PROBE_SIZE = 1000.0
_configured_folders: tuple[Path, ...] | None = None
_verified_faces: set[tuple[Path, str]] = set()
# How every face's glyphs are rasterised, whatever drew with it first. cairo settles a face's
# hinting and antialiasing once per process, from the options of the first drawing that uses it
# (a PDF page asks for no hinting, a PNG for fontconfig's default), and keeps them for every later
# drawing: a worker that made a PDF first drew unhinted PNGs. These are fontconfig's defaults,
# the ones a PNG drawn first gets, so the images are as before; a PDF still draws unhinted glyphs.
RENDERING_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="no">{fonts_conf}</include>
  <match target="font">
    <edit name="antialias" mode="assign"><bool>true</bool></edit>
    <edit name="rgba" mode="assign"><const>none</const></edit>
    <edit name="hinting" mode="assign"><bool>true</bool></edit>
    <edit name="hintstyle" mode="assign"><const>hintfull</const></edit>
  </match>
</fontconfig>
"""


def prepare(fonts: FontBook) -> None:
    """Give this process a private fontconfig over the book's folders (once), and load the renderer.

    Worker processes forked after this inherit both: loading cairocffi and
    CairoSVG takes a quarter of a second, which each worker would pay again.
    """
    global _configured_folders
    glyphruns.use_faces(fonts.faces)
    if _configured_folders is None:
        _use_private_fontconfig(fonts)
        _configured_folders = fonts.folders
        cairosvg_internals.load()
    elif _configured_folders != fonts.folders:
        raise FlashgenError(
            _("flashgen was already rendering with other font folders in this process; run the build again."),
            code="font-folders-changed",
        )


def _use_private_fontconfig(fonts: FontBook) -> None:
    """Point this process's fontconfig at the book's fonts only; its temporary folder goes when the process ends.

    write_fontconfig makes a folder in the temporary directory for fonts.conf
    and fontconfig's cache; render.conf, which reads it, goes there too.
    Forked workers share it, so only this process removes it (a worker's exit
    runs no atexit functions, but one forked some other way would).
    """
    conf = _with_fixed_rendering(write_fontconfig(fonts))
    os.environ["FONTCONFIG_FILE"] = str(conf)
    folder = conf.parent
    if folder.parent == Path(tempfile.gettempdir()):  # a folder made for it: never remove anything else
        atexit.register(_remove_if_owner, folder, os.getpid())


def _with_fixed_rendering(fonts_conf: Path) -> Path:
    """A fonts.conf beside ``fonts_conf`` that reads it and fixes how glyphs are rasterised (RENDERING_CONF)."""
    conf = fonts_conf.with_name("render.conf")
    conf.write_text(RENDERING_CONF.format(fonts_conf=escape(str(fonts_conf))), encoding="utf-8")
    return conf


def _remove_if_owner(folder: Path, owner: int) -> None:
    if os.getpid() == owner:
        shutil.rmtree(folder, ignore_errors=True)


def _cairo():  # imported late: fontconfig must be configured first
    return cairoload.load_cairocffi()


def verify_faces(faces: tuple[Face, ...]) -> None:
    """Check that cairo draws each face with exactly the advances fontTools measured."""
    cairo = _cairo()
    surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, 1, 1)
    context = cairo.Context(surface)
    # Default font options, as the cards use (how a face is hinted is fixed by RENDERING_CONF).
    # At 1000 px per em every advance is a whole number of pixels, so hinted
    # metrics cannot round it away from the font's own value.
    for face in faces:
        if (face.path, face.render_family) in _verified_faces:
            continue
        slant = cairo.FONT_SLANT_ITALIC if face.italic else cairo.FONT_SLANT_NORMAL
        context.select_font_face(face.render_family, slant, cairo.FONT_WEIGHT_NORMAL)
        context.set_font_size(PROBE_SIZE)
        drawn = sum(context.text_extents(char)[4] for char in PROBE_TEXT)
        expected = sum(face.advances[char] for char in PROBE_TEXT) * PROBE_SIZE  # unkerned, as text_extents
        if abs(drawn - expected) > 0.5:
            raise FlashgenError(
                _(
                    "the renderer did not load the font {face} ({file}); "
                    "check that the font file is intact and that no other font has the same name."
                ).format(face=face.describe(), file=face.path.name),
                code="font-not-loaded",
            )
        _verified_faces.add((face.path, face.render_family))


def _broken_drawing(exc: Exception, where: str = "") -> FlashgenError:
    """CairoSVG fails with all kinds of exceptions on a malformed shape, colour or reference."""
    prefix = f"{where}: " if where else ""
    return FlashgenError(
        prefix
        + _(
            "the drawing could not be rendered ({reason}). A template has a broken shape, colour, image or reference "
            "(for example a <use> that points to itself); open it in Inkscape, fix or delete that object and save again."
        ).format(reason=f"{type(exc).__name__}: {str(exc)[:200]}"),
        code="render-failed",
    )


def drawing_key(svg: bytes, *parts: str) -> str:
    """A hash of ``svg`` and ``parts`` (what else its pixels depend on: flashgen's version, the size, the fonts …),
    hex: the key under which a drawing's image is reused between builds."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    digest.update(svg)
    return digest.hexdigest()


def render_image(svg: bytes, pixels: tuple[int, int], dpi: float, source: str = "") -> Image.Image:
    """Rasterise ``svg`` (made from the template ``source``, if any) to exactly ``pixels``; RGB if fully opaque, else RGBA."""
    try:
        surface = cairosvg_internals.draw_image(svg, pixels, dpi)
    except Exception as exc:  # noqa: BLE001 - any failure inside CairoSVG is a broken template
        raise _broken_drawing(exc, f"template {source}" if source else "") from None
    surface.flush()
    image = _decoded(surface.get_data(), (surface.get_width(), surface.get_height()), surface.get_stride())
    surface.finish()
    return image


def _decoded(pixels: object, size: tuple[int, int], stride: int) -> Image.Image:
    """cairo's premultiplied B, G, R, A pixels (a buffer) as an RGB image if fully opaque, else RGBA."""
    # Mapped without a copy as if it were R, G, B, A: the fourth byte of each pixel is alpha either way.
    alpha = Image.frombuffer("RGBA", size, pixels, "raw", "RGBA", stride, 1).getchannel(3)
    if alpha.getextrema()[0] == 255:  # fully opaque: decode straight to RGB, no alpha channel in the file
        return Image.frombuffer("RGB", size, pixels, "raw", "BGRX", stride, 1)
    return Image.frombuffer("RGBA", size, pixels, "raw", "BGRa", stride, 1)


def on_paper(image: Image.Image) -> Image.Image:
    """A print image as printed: what the template left transparent is white paper (no alpha channel in the file)."""
    if image.mode == "RGB":
        return image
    return Image.alpha_composite(Image.new("RGBA", image.size, "white"), image.convert("RGBA")).convert("RGB")


def encode_png(image: Image.Image, dpi: float | None = None, icc_profile: bytes | None = None) -> bytes:
    """PNG bytes; ``dpi`` recorded for print, ``icc_profile`` embedded when given (pngfile.py)."""
    return pngfile.encode(image, dpi, icc_profile)


def render_pdf_pages(pages: Sequence[tuple[bytes, str]]) -> bytes:
    """Several SVGs, each with the template it was made from, as the pages of one vector PDF.

    All pages are drawn on one cairo surface, so each font is subset and
    embedded once for the whole document instead of once per page: a deck of
    card pages is much smaller and prints faster.
    """
    pdf = cairosvg_internals.PdfPages()
    for number, (svg, source) in enumerate(pages, start=1):
        try:
            pdf.add(svg)
        except Exception as exc:  # noqa: BLE001 - any failure inside CairoSVG is a broken template
            raise _broken_drawing(exc, f"page {number} (template {source})") from None
    return pdf.finish()


def render_pdf(svg: bytes) -> bytes:
    """One vector PDF page at the SVG's own page size (an SVG flashgen made itself: no template to name)."""
    try:
        return cairosvg_internals.draw_pdf(svg)
    except Exception as exc:  # noqa: BLE001 - any failure inside CairoSVG is a broken drawing
        raise _broken_drawing(exc) from None
