"""What every reportlab document of flashgen shares (booklet, leaflet, sheets).

Takes the ``FontBook``; gives reportlab the bundled faces under their
PostScript names (embedded and subset, with ToUnicode maps, so Vietnamese text
is extractable exactly), and makes canvases that are deterministic
(``invariant``: same input, byte-identical file; SOURCE_DATE_EPOCH honoured by
reportlab itself) and carry Vietnamese document metadata.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from .fonts import Face, FontBook

MM = mm  # points per millimetre
DUPLEX = {"long": "DuplexFlipLongEdge", "short": "DuplexFlipShortEdge"}


@dataclass(frozen=True)
class DocInfo:
    """Document metadata shown in the PDF viewer's properties."""

    title: str
    author: str
    subject: str
    keywords: str


def register_fonts(fonts: FontBook) -> None:
    """Make every face available to reportlab as ``face.postscript_name``."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    for face in fonts.faces:
        if face.postscript_name not in registered:
            pdfmetrics.registerFont(TTFont(face.postscript_name, str(face.path)))


def font_name(fonts: FontBook, weight: int = 400, italic: bool = False, family: str = "Be Vietnam Pro") -> str:
    """The reportlab font name of a bundled face (``FlashgenError`` if absent)."""
    face: Face = fonts.resolve(family, weight, "italic" if italic else "normal")
    return face.postscript_name


def new_canvas(
    buffer: io.BytesIO, pagesize: tuple[float, float], info: DocInfo, fonts: FontBook, duplex: str | None = None
) -> Canvas:
    """A deterministic canvas with metadata, an embedded initial font and a duplex hint."""
    register_fonts(fonts)
    canvas = Canvas(
        buffer,
        pagesize=pagesize,
        invariant=1,
        pageCompression=1,
        initialFontName=font_name(fonts),
        initialFontSize=10,
        lang="vi",
    )
    canvas.setTitle(info.title)
    canvas.setAuthor(info.author)
    canvas.setSubject(info.subject)
    canvas.setKeywords(info.keywords)
    canvas.setCreator("flashgen")
    canvas.setProducer("flashgen (reportlab)")
    canvas.setViewerPreference("DisplayDocTitle", "true")
    if duplex:
        canvas.setViewerPreference("Duplex", DUPLEX[duplex])
    return canvas
