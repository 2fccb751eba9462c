"""What every reportlab document of flashgen shares (booklet, leaflet, sheets).

Takes the ``FontBook`` and the ``Theme``; gives reportlab the bundled faces
under their PostScript names (embedded and subset, with ToUnicode maps, so
Vietnamese text is extractable exactly; paragraphs shaped by HarfBuzz with
the features of load/shaping.py, so they are kerned as the cards are and as
``vietnamese_lines`` measures them), the theme's colour roles as reportlab
colours and its font roles as faces (``ThemeFonts``), draws the theme's logo
fitted in a box, and makes canvases that are deterministic
(``invariant``: same input, byte-identical file; SOURCE_DATE_EPOCH honoured by
reportlab itself) and carry Vietnamese document metadata.
"""

from __future__ import annotations

import codecs
import dataclasses
import io
import itertools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import reportlab
import uharfbuzz
from reportlab.lib.colors import Color, HexColor, black, white
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedFragWord, TTFont, shapeFragWord
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import paragraph as reportlab_paragraph

from flashgen.compose.qr import qr_rects
from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.content import Campaign
from flashgen.load.fingerprint import source_fingerprint
from flashgen.load.fonts import Face, FontBook, missing_glyphs_message
from flashgen.load.shaping import FEATURES
from flashgen.load.theme import Logo, Theme
from flashgen.pdf.branding import fit_logo, logo_png
from flashgen.text import memo
from flashgen.text.layout import Box, TextDoesNotFit, TextStyle, layout_text
from flashgen.text.wordbreak import WordBreaker

MM = mm  # points per millimetre

# Every paragraph of a document is shaped (reportlab 4.1+ shapes with uharfbuzz: kerning, marks): the
# widths reportlab breaks and draws with are then the ones flashgen's layout measures (load/shaping.py).
# Its own default also turns ligatures on, which it writes as private-use characters ("ffi" would copy
# out of the PDF as U+E000): the same features as the cards instead. Text drawn with drawString stays
# unshaped, and is measured unshaped (stringWidth), by the documents that draw it.
ParagraphStyle.defaults["shaping"] = 1
shapeFragWord.__defaults__[0].update(FEATURES, dlig=False)


def _remembering(shape: Callable[..., Any]) -> Callable[..., Any]:
    """reportlab's ``shapeFragWord``, remembering the shape of each word in one font and size.

    reportlab shapes every word again each time it wraps a paragraph, and the
    documents wrap each paragraph at several sizes and widths: 44,000 words
    shaped per build of the booklet and leaflet, 5,000 of them different.
    Only plain words (one style, no inline image) are remembered; the result
    is rebuilt around the word's own fragment, which carries its colour and link.
    """
    cache: dict[tuple[Any, ...], tuple[type, float, str] | None] = {}

    def shape_word(word: Any, *args: Any, **kwargs: Any) -> Any:
        if args or kwargs or isinstance(word, ShapedFragWord) or len(word) != 2 or hasattr(word[1][0], "cbDefn"):
            return shape(word, *args, **kwargs)
        fragment, text = word[1]
        key = (type(word), fragment.fontName, fragment.fontSize, text)
        if key in cache:
            known = cache[key]
            return word if known is None else known[0]([known[1], (fragment, known[2])])
        shaped = shape(word)
        if shaped is word or len(shaped) == 2:
            if len(cache) > CACHED_WORDS:
                cache.clear()
            cache[key] = None if shaped is word else (type(shaped), shaped[0], shaped[1][1])
        return shaped

    return shape_word


CACHED_WORDS = 100_000
reportlab_paragraph.shapeFragWord = _remembering(reportlab_paragraph.shapeFragWord)
DUPLEX = {"long": "DuplexFlipLongEdge", "short": "DuplexFlipShortEdge"}


@dataclass(frozen=True)
class DocInfo:
    """Document metadata shown in the PDF viewer's properties."""

    title: str
    author: str
    subject: str
    keywords: str


def registered(face: Face) -> Face:
    """``face``, made available to reportlab as ``face.postscript_name`` (once per process).

    Only the faces a document asks for are read: reading all of them (24 as
    bundled) took reportlab most of a second, in every worker process.
    """
    if face.postscript_name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(face.postscript_name, str(face.path)))
    _REGISTERED[face.postscript_name] = face
    return face


_REGISTERED: dict[str, Face] = {}  # by reportlab name: the faces ``registered`` gave reportlab in this process


def registered_face(name: str) -> Face | None:
    """The face ``registered`` gave reportlab as ``name`` (None for another font: reportlab's own)."""
    return _REGISTERED.get(name)


def paragraph_key(kind: str, module: str, markup: str, style: ParagraphStyle, faces: Iterable[Face],
                  width: object) -> tuple[str, ...]:
    """The parts of a layout-cache key (text/memo.py ``remembered``) for ``markup`` set by reportlab in ``style``
    (its faces: ``faces``) at ``width``, by the code of ``module``: reportlab's and HarfBuzz's versions and the
    shaping code too, since they decide where the lines break."""
    code = source_fingerprint(module, "pdf/kit.py", "load/shaping.py")
    return (kind, reportlab.Version, uharfbuzz.__version__, code, markup, repr(sorted(style.__dict__.items())),
            *(memo.fingerprint(face) for face in faces), repr(width))


def font_name(fonts: FontBook, weight: int = 400, italic: bool = False, family: str = "Be Vietnam Pro") -> str:
    """The reportlab font name of a bundled face (``FlashgenError`` if absent)."""
    return registered(fonts.resolve(family, weight, "italic" if italic else "normal")).postscript_name


@dataclass(frozen=True)
class Look:
    """A theme made ready for reportlab: its colour roles as colours, its font roles as faces.

    Headings, numbers and labels take the "heading" font, running text the
    "body" font, each at the weight the document asks for.
    """

    book: FontBook
    theme: Theme

    def colour(self, role: str) -> Color:
        """The colour of ``role`` (theme.COLOUR_ROLES)."""
        return HexColor(self.theme.colour(role))

    def hex(self, role: str) -> str:
        """The colour of ``role`` as "#RRGGBB", for paragraph markup."""
        return self.theme.colour(role)

    def face(self, role: str, weight: int = 400, italic: bool = False) -> Face:
        family = self.theme.font(role)
        if italic and not any(f.italic and f.family.lower() == family.lower() for f in self.book.faces):
            italic = False  # a family without italics (Noto Serif as bundled) sets that text upright
        return registered(self.book.resolve(family, weight, "italic" if italic else "normal"))

    def heading(self, weight: int) -> str:
        """The reportlab font name of the heading face at ``weight``."""
        return self.face("heading", weight).postscript_name

    def body(self, weight: int = 400, italic: bool = False) -> str:
        """The reportlab font name of the body face at ``weight``."""
        return self.face("body", weight, italic).postscript_name

    def named(self, name: str) -> Face:
        """The measured ``Face`` behind a reportlab font name (for flashgen's line breaking)."""
        return self.book.resolve(name)


def draw_logo(canvas: Canvas, logo: Logo, x: float, y: float, width: float, height: float) -> float:
    """``logo`` as large as fits ``width`` × ``height`` (its proportions kept), at the box's left,
    centred vertically; returns the width it takes."""
    drawn_width, drawn_height = fit_logo(logo, width, height)
    image = ImageReader(io.BytesIO(logo_png(logo, drawn_width, drawn_height)))
    canvas.drawImage(image, x, y + (height - drawn_height) / 2, drawn_width, drawn_height, mask="auto")
    return drawn_width


def new_canvas(
    buffer: io.BytesIO, pagesize: tuple[float, float], info: DocInfo, fonts: FontBook, duplex: str | None = None,
    initial_font: str | None = None, maker: Callable[..., Canvas] = Canvas,
) -> Canvas:
    """A deterministic canvas with metadata, an embedded initial font and a duplex hint.

    ``initial_font`` (a reportlab font name) is the one the document's own
    fonts start with; without it, Be Vietnam Pro Regular. ``maker`` is the
    canvas class (a subclass of reportlab's, e.g. one that draws "page N of
    total" when it is saved), given the same settings.
    """
    canvas = maker(
        buffer,
        pagesize=pagesize,
        invariant=1,
        pageCompression=1,
        initialFontName=initial_font or font_name(fonts),
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


@contextmanager
def actual_text(canvas: Canvas, text: str) -> Iterator[None]:
    """What is drawn inside reads as ``text`` when copied or read aloud (a marked-content span with
    /ActualText).

    Words of different sizes on one baseline ("hơn" small, "7.534" big) are
    otherwise copied in whatever order a reader's layout analysis guesses.
    """
    encoded = (codecs.BOM_UTF16_BE + text.encode("utf-16-be")).hex().upper()
    canvas.addLiteral(f"/Span <</ActualText <{encoded}>>> BDC")
    yield
    canvas.addLiteral("EMC")


def draw_qr(canvas: Canvas, url: str, x: float, y: float, size: float, colour: Color = black) -> None:
    """A vector QR code of ``url``, ``size`` square including a white 4-module quiet zone; clickable.

    Level M survives a smudge or a fold. The widget's rectangles are drawn
    directly: reportlab's renderPDF would also select its default font,
    Helvetica, and leave an unembedded font in the file.
    """
    canvas.saveState()
    canvas.translate(x, y)
    canvas.setFillColor(white)
    canvas.rect(0, 0, size, size, stroke=0, fill=1)
    canvas.setFillColor(colour)
    for rect in qr_rects(url, size):
        canvas.rect(*rect, stroke=0, fill=1)
    canvas.linkURL(url, (0, 0, size, size), relative=1, thickness=0)
    canvas.restoreState()


def vietnamese_lines(
    text: str, face: Face, size: float, width: float, breaker: WordBreaker, heading: bool
) -> list[str] | None:
    """``text`` broken into lines as the cards break it, or None if a word is wider than ``width``.

    reportlab breaks at any space ("chuyển đổi | số"); flashgen's line breaker
    keeps words and glossary terms whole and, for headings, balances lines and
    avoids a lone last syllable. Callers join the lines with <br/>, so the
    text on the page (and copied from the PDF) is still exactly ``text``.
    """
    # A point of slack: reportlab measures advances, flashgen measures ink.
    box = Box(0.0, 0.0, width - 1.0, 1e9)
    for as_heading in (True, False) if heading else (False,):
        try:
            block = layout_text(text, box, TextStyle(face=face, max_size=size, min_size=size, heading=as_heading), breaker)
        except TextDoesNotFit:
            continue  # a heading term wider than the line: try the body rules
        return [line.text for line in block.lines]
    return None


def phrased(text: str, face: Face, size: float, width: float, breaker: WordBreaker, heading: bool = True) -> bool:
    """Whether ``text`` at ``size`` breaks into lines of ``width`` with no break against the rules (no split word or
    name; for a heading, no line ending on a function word): ``TextBlock.weak_breaks`` is empty."""
    style = TextStyle(face=face, max_size=size, min_size=size, heading=heading)
    try:
        return not layout_text(text, Box(0.0, 0.0, width - 1.0, 1e9), style, breaker).weak_breaks
    except TextDoesNotFit:
        return False


def splits_in(lines: list[str], breaker: WordBreaker) -> int:
    """How many breaks between ``lines`` (one text) split a word, a glossary term or a name."""
    syllables = " ".join(lines).split()
    gaps = breaker.analyse(syllables)
    starts = itertools.accumulate(len(line.split()) for line in lines[:-1])
    return sum(gaps[start - 1].splits for start in starts)


def term_aware_lines(
    text: str, face: Face, size: float, width: float, breaker: WordBreaker, heading: bool
) -> list[str] | None:
    """``vietnamese_lines``, with a glossary term wider than the line broken between its words.

    Inside a term every gap costs the same, so a term that cannot stay whole
    ("Kế hoạch số 50/KH-UBND" in a leaflet column) could break inside one of
    its words ("Kế / hoạch"), and two terms that may not break can leave a word
    alone on a line between them ("… tổ chuyên gia công nghệ / sang / tổ công
    nghệ số cộng đồng"): the text is then broken again with the terms read as
    ordinary words, and that breaking is kept when it splits fewer words and
    names (counted without the glossary: a break between a term's words is no
    longer a split), or as many and leaves fewer lines of one syllable.
    """
    parts = ("term-aware lines", source_fingerprint("pdf/kit.py", "text"), text, memo.fingerprint(face), repr(size), repr(width),
             memo.fingerprint(breaker), repr(heading))
    found = memo.remembered(parts, lambda: _term_aware_lines(text, face, size, width, breaker, heading))
    return None if found is None else list(found)


def _term_aware_lines(
    text: str, face: Face, size: float, width: float, breaker: WordBreaker, heading: bool
) -> tuple[str, ...] | None:
    """``term_aware_lines``'s work (kept in the layout cache between builds: the word analysis is slow)."""
    lines = vietnamese_lines(text, face, size, width, breaker, heading)
    if lines is None or not (splits_in(lines, breaker) or _lone_syllables(lines)):
        return None if lines is None else tuple(lines)
    without_terms = dataclasses.replace(breaker, terms=frozenset())
    between_words = vietnamese_lines(text, face, size, width, without_terms, heading)

    def faults(candidate: list[str]) -> tuple[int, int]:
        return splits_in(candidate, without_terms), _lone_syllables(candidate)

    if between_words is not None and faults(between_words) < faults(lines):
        return tuple(between_words)
    return tuple(lines)


def _lone_syllables(lines: list[str]) -> int:
    """How many lines hold one syllable ("sang" alone between two terms that may not break)."""
    return sum(len(line.split()) == 1 for line in lines)


def _printed_texts(campaign: Campaign, theme: Theme) -> Iterator[tuple[str, str]]:
    """Every text the booklet may print, with where it comes from (for error messages)."""
    for name in ("organisation", "footer"):
        yield _("theme {file}, field '{field}'").format(file=theme.path, field=name), getattr(theme, name)
    for name in ("title", "subtitle", "organisation", "theme"):
        yield _("section '{section}', field '{field}'").format(section="campaign", field=name), getattr(campaign, name)
    for tag in campaign.hashtags:
        yield _("section '{section}', field '{field}'").format(section="campaign", field="hashtags"), tag
    for block in ("source", "compare"):
        for name, value in vars(getattr(campaign, block)).items():
            yield _("section '{section}', field '{field}'").format(section=block, field=name), value
    for item in campaign.items:
        for name, value in (("heading", item.heading), ("text", item.text), ("from", item.from_text), ("to", item.to_text),
                            ("value", item.value), ("qualifier", item.qualifier), ("unit", item.unit),
                            ("label", item.label), ("note", item.note)):
            yield _("item {number}, field '{field}'").format(number=item.number, field=name), value
    for index, message in enumerate(campaign.messages, start=1):
        yield _("messages, entry {number}").format(number=index), message


def check_glyphs(campaign: Campaign, look: Look, document: str) -> None:
    """Refuse text the fonts of ``document`` (booklet, leaflet) cannot draw: reportlab would silently print an empty box."""
    faces = [look.face("heading", 700), look.face("body", 400)]
    theme_places = {_("theme {file}, field '{field}'").format(file=look.theme.path, field=n) for n in ("organisation", "footer")}
    for where, text in _printed_texts(campaign, look.theme):
        for face in faces:
            problem = missing_glyphs_message(face, text, user=document)
            if problem:
                place = where if where in theme_places else f"{campaign.path}, {where}"
                raise FlashgenError(_("{where}: {problem}").format(where=place, problem=problem), code="missing-glyph")
