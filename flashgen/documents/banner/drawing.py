"""One banner as a vector PDF: a slogan (and for the year's theme, its label) on the theme's colours.

Takes the slogan, its optional label, a ``BannerSize`` and the ``BannerTable``,
the theme made ready for reportlab (``Look``) and the ``WordBreaker``; returns
PDF bytes, one page at the banner's real size. The background fills the
page; the text is set by ``layout_text`` (Vietnamese breaks, words kept whole,
the largest size that fits) inside the safe margin, never under the medium's
smallest type. The page is the banner plus a bleed (data) on every side, the
background running into it, with TrimBox and BleedBox saying where to cut. A page larger than PDF's 200-inch limit (14,400 units) is
drawn at 1/n scale with ``/UserUnit n``, so it still prints at its real size.
"""

from __future__ import annotations

import io
import math
from contextlib import nullcontext
from dataclasses import dataclass

import pikepdf
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from flashgen.documents.banner.sizes import BannerSize, BannerTable
from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.fonts import missing_glyphs_message
from flashgen.load.frame import Align, Box, TextStyle, VAlign
from flashgen.load.theme import Logo
from flashgen.pdf.branding import fit_logo, logo_pdf
from flashgen.pdf.kit import MM, DocInfo, Look, draw_logo, new_canvas
from flashgen.text.layout import TextBlock, TextDoesNotFit, layout_text
from flashgen.text.wordbreak import WordBreaker

PDF_PAGE_LIMIT = 14_400  # units: the largest page side PDF viewers and RIPs accept (200 inches at UserUnit 1)
LABEL_SHARE = 0.22  # of the safe height: the theme's label line above the slogan
LABEL_GAP = 0.3  # between the label and the slogan, in label sizes
SLOGAN_WEIGHT = 800
LABEL_WEIGHT = 600


@dataclass(frozen=True)
class Slogan:
    """What one banner says: its words, an optional label above them, and where they come from (for messages)."""

    slug: str  # file stem: "message-03", "theme"
    text: str
    label: str = ""
    where: str = ""


def user_unit(width_pt: float, height_pt: float) -> int:
    """The smallest whole UserUnit that keeps both sides within PDF's page limit."""
    return max(1, math.ceil(max(width_pt, height_pt) / PDF_PAGE_LIMIT))


def check_glyphs(slogan: Slogan, look: Look) -> None:
    """Refuse a slogan the banner's font cannot draw: reportlab would print an empty box, on a 5 m banner."""
    for text, weight in ((slogan.text, SLOGAN_WEIGHT), (slogan.label, LABEL_WEIGHT)):
        problem = missing_glyphs_message(look.face("heading", weight), text, user="banner")
        if problem:
            raise FlashgenError(f"{slogan.where}: {problem}", code="banner-glyphs")


def _set(text: str, box: Box, look: Look, weight: int, largest: float, smallest: float, table: BannerTable,
         breaker: WordBreaker) -> TextBlock:
    """``text`` laid out in ``box`` as large as fits, measured as reportlab draws it.

    layout_text measures kerned (shaped) widths; ``drawCentredString`` draws
    unkerned, a little wider: where a line would overrun the box so, the text
    is set again at a size smaller by the overrun.
    """
    face = look.face("heading", weight)
    for _attempt in range(4):
        style = TextStyle(face=face, max_size=largest, min_size=smallest, line_height=table.line_height,
                          align=Align.CENTER, valign=VAlign.MIDDLE, heading=True)
        block = layout_text(text, box, style, breaker)
        drawn = max(pdfmetrics.stringWidth(line.text, face.postscript_name, block.size) for line in block.lines)
        if drawn <= box.width:
            return block
        largest = block.size * box.width / drawn * 0.995
        if largest < smallest:
            break
    raise TextDoesNotFit(text)


def _too_long(slogan: Slogan, size: BannerSize, table: BannerTable) -> FlashgenError:
    return FlashgenError(
        _("{where}: the slogan does not fit on the '{banner}' at {smallest:.0f} pt, the smallest type read "
          "from the street. Shorten it (one slogan per banner).").format(
            where=slogan.where, banner=size.label, smallest=table.medium.heading_at()),
        code="banner-too-long",
    )


def _draw_block(canvas: Canvas, block: TextBlock, box: Box, look: Look, weight: int, colour: str,
                page_height: float) -> None:
    """The lines of ``block`` (laid out in ``box`` with y down) drawn centred on the box, at layout_text's baselines.

    Centred on the box itself: layout_text places lines by their kerned ink, reportlab draws unkerned advances.
    """
    canvas.setFillColor(look.colour(colour))
    canvas.setFont(look.heading(weight), block.size)
    for line in block.lines:
        canvas.drawCentredString(box.x + box.width / 2, page_height - line.baseline, line.text)


def _eyelets(canvas: Canvas, size: BannerSize, table: BannerTable, look: Look, width: float, height: float) -> None:
    """Small rings along the top and bottom edges where the print shop punches the eyelets."""
    eyelet = table.eyelet
    inset, radius = eyelet.inset_mm * MM, eyelet.diameter_mm * MM / 2
    run = width - 2 * inset
    count = max(2, round(run / (eyelet.spacing_mm * MM)) + 1)
    canvas.setStrokeColor(look.colour("on-primary-muted"))
    canvas.setLineWidth(1.0)
    for index in range(count):
        x = inset + run * index / (count - 1)
        for y in (inset, height - inset):
            canvas.circle(x, y, radius, stroke=1, fill=0)


@dataclass(frozen=True)
class BannerText:
    """A slogan set on one banner: its lines in their box, its label's above it (the year's theme), and where the
    theme's logo goes (if the theme has one)."""

    slogan: tuple[TextBlock, Box]
    label: tuple[TextBlock, Box] | None = None
    logo: LogoPlace | None = None


@dataclass(frozen=True)
class LogoPlace:
    """The theme's logo on a banner: its paper-coloured tile (a logo is drawn for white paper, not for the banner's
    colour: as on the infographic's header) and the logo inside it, y down from the banner's top-left corner."""

    tile: Box
    logo: Box


def _beside_logo(box: Box, logo: Logo, table: BannerTable) -> tuple[LogoPlace, Box]:
    """Where the logo's tile goes in ``box`` (the safe area, y down) and what it leaves for the slogan: on a banner
    at the left end, centred on its height and at most a quarter of its width; on a standee at the top, centred;
    as large as ``table.logo`` allows, the logo's proportions kept, ``gap_mm`` from the slogan."""
    rules, gap = table.logo, table.logo.gap_mm * MM
    banner = box.width >= box.height
    tile_height = box.height * (rules.height_share if banner else rules.standee_share)
    inset = tile_height * rules.tile_inset
    most_width = box.width / 4 if banner else box.width
    width, height = fit_logo(logo, most_width - 2 * inset, tile_height - 2 * inset)
    tile_width = width + 2 * inset
    if banner:
        tile = Box(box.x, box.y + (box.height - tile_height) / 2, tile_width, tile_height)
        rest = Box(box.x + tile_width + gap, box.y, box.width - tile_width - gap, box.height)
    else:
        tile = Box(box.x + (box.width - tile_width) / 2, box.y, tile_width, tile_height)
        rest = Box(box.x, box.y + tile_height + gap, box.width, box.height - tile_height - gap)
    inner = Box(tile.x + inset, tile.y + (tile_height - height) / 2, width, height)
    return LogoPlace(tile, inner), rest


def banner_text(slogan: Slogan, size: BannerSize, table: BannerTable, look: Look, breaker: WordBreaker) -> BannerText:
    """``slogan`` set (not drawn) on a banner of ``size``, beside the theme's logo if it has one: a ``FlashgenError``
    naming the slogan if a character is missing from the font or the words do not fit at the smallest type read
    from the street."""
    check_glyphs(slogan, look)
    width, height = size.width_mm * MM, size.height_mm * MM
    safe = table.safe_mm * MM
    ends = max(safe, (size.ends_mm or 0.0) * MM)
    box = Box(ends, safe, width - 2 * ends, height - 2 * safe - size.hidden_bottom_mm * MM)
    logo = None
    if look.theme.logo is not None:
        logo, box = _beside_logo(box, look.theme.logo, table)
    label = None
    try:
        if slogan.label:
            label_box = Box(box.x, box.y, box.width, box.height * LABEL_SHARE)
            label = (_set(slogan.label, label_box, look, LABEL_WEIGHT, label_box.height / table.line_height,
                          table.medium.body_at(), table, breaker), label_box)
            taken = label_box.height + label[0].size * LABEL_GAP
            box = Box(box.x, box.y + taken, box.width, box.height - taken)
        block = _set(slogan.text, box, look, SLOGAN_WEIGHT, box.height, table.medium.heading_at(), table, breaker)
    except TextDoesNotFit:
        raise _too_long(slogan, size, table) from None
    return BannerText((block, box), label, logo)


def _draw(canvas: Canvas, text: BannerText, size: BannerSize, table: BannerTable, look: Look) -> None:
    """The banner's text, its eyelet marks, the logo's tile and a PNG or JPEG logo (an SVG one is placed as vectors
    afterwards: ``_vector_logo``), y up from the banner's bottom-left corner."""
    width, height = size.width_mm * MM, size.height_mm * MM
    if text.label is not None:
        _draw_block(canvas, *text.label, look, LABEL_WEIGHT, "accent", height)
    _draw_block(canvas, *text.slogan, look, SLOGAN_WEIGHT, "on-primary", height)
    logo = look.theme.logo
    if text.logo is not None and logo is not None:
        tile = text.logo.tile
        canvas.setFillColor(look.colour("paper"))
        canvas.roundRect(tile.x, height - tile.y - tile.height, tile.width, tile.height,
                         tile.height * table.logo.tile_inset, stroke=0, fill=1)
        if logo.media_type != "image/svg+xml":
            box = text.logo.logo
            draw_logo(canvas, logo, box.x, height - box.y - box.height, box.width, box.height)
    if size.eyelets:
        _eyelets(canvas, size, table, look, width, height)


def banner_pdf(slogan: Slogan, size: BannerSize, table: BannerTable, look: Look, breaker: WordBreaker,
               info: DocInfo) -> bytes:
    """One banner of ``size`` saying ``slogan``, as PDF bytes: the banner at its real size (the TrimBox) with the
    background running ``table.bleed_mm`` beyond it (the BleedBox, the page); ``/UserUnit`` past 200 inches."""
    bleed = table.bleed_mm * MM
    width, height = size.width_mm * MM + 2 * bleed, size.height_mm * MM + 2 * bleed
    unit = user_unit(width, height)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, (width / unit, height / unit), info, look.book, initial_font=look.heading(SLOGAN_WEIGHT))
    canvas.scale(1 / unit, 1 / unit)
    canvas.setFillColor(look.colour("primary"))
    canvas.rect(0, 0, width, height, stroke=0, fill=1)  # the background, to the bleed's outer edge
    canvas.translate(bleed, bleed)  # from here on, the banner as cut
    text = banner_text(slogan, size, table, look, breaker)
    _draw(canvas, text, size, table, look)
    canvas.showPage()
    canvas.save()
    return _with_boxes(buffer.getvalue(), unit, bleed / unit, _vector_logo(text, look, size, bleed, unit))


def _vector_logo(text: BannerText, look: Look, size: BannerSize, bleed: float,
                 unit: int) -> tuple[bytes, pikepdf.Rectangle] | None:
    """An SVG logo as a PDF drawing and the rectangle of the page it goes in (None for no logo or a PNG one)."""
    logo = look.theme.logo
    if text.logo is None or logo is None or logo.media_type != "image/svg+xml":
        return None
    box = text.logo.logo  # y down from the banner's top-left corner; the page is y up, and the bleed round it
    left, bottom = bleed + box.x, bleed + size.height_mm * MM - box.y - box.height
    return logo_pdf(logo), pikepdf.Rectangle(left / unit, bottom / unit, (left + box.width) / unit,
                                             (bottom + box.height) / unit)


def _with_boxes(data: bytes, unit: int, bleed: float, logo: tuple[bytes, pikepdf.Rectangle] | None = None) -> bytes:
    """The page's TrimBox (the banner as cut) inside its BleedBox (the page), its UserUnit if not 1, and an SVG
    logo as vectors (``logo``: its PDF and where it goes on the page)."""
    drawing = pikepdf.open(io.BytesIO(logo[0])) if logo is not None else nullcontext()
    with pikepdf.open(io.BytesIO(data)) as pdf, drawing as source:  # the logo's streams are copied at the save
        for page in pdf.pages:
            left, bottom, right, top = (float(v) for v in page.mediabox)
            page.obj.BleedBox = pikepdf.Array([left, bottom, right, top])
            page.obj.TrimBox = pikepdf.Array([left + bleed, bottom + bleed, right - bleed, top - bleed])
            if unit != 1:
                page.obj.UserUnit = unit
            if logo is not None:
                _place_drawing(pdf, page, source, logo[1])
        output = io.BytesIO()
        pdf.save(output, deterministic_id=True, compress_streams=True, min_version="1.6")  # UserUnit: PDF 1.6
        return output.getvalue()


def _place_drawing(pdf: pikepdf.Pdf, page: pikepdf.Page, source: pikepdf.Pdf, rect: pikepdf.Rectangle) -> None:
    """The first page of ``source`` drawn over ``page`` (of ``pdf``) inside ``rect``, its proportions kept.

    pikepdf's ``add_overlay`` would do this under a random resource name: the same banner would differ from
    one build to the next. The page's own drawing is wrapped in q … Q first: it leaves its scale and bleed
    offset in place, which the logo must not inherit.
    """
    form = pdf.copy_foreign(source.pages[0].as_form_xobject())
    name = page.add_resource(form, pikepdf.Name.XObject, pikepdf.Name("/FlashgenLogo"))
    page.contents_add(b"q\n", prepend=True)
    page.contents_add(b"\nQ\n" + page.calc_form_xobject_placement(form, name, rect, allow_expand=True))
