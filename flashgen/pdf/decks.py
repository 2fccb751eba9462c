"""Print-ready PDFs made of vector card pages: imposed sheets and print-shop files.

Takes the card sides as the pages of one vector PDF (rendered at trim + bleed
by ``render.render_pdf_pages``, so each font is embedded once for the whole
deck) and returns PDF bytes:

* ``imposed_deck``: cards N-up on office paper following a ``SheetPlan``,
  each front sheet followed by its back sheet, cut marks on the fronts;
* ``print_shop_deck``: one card side per page at trim + bleed with crop marks
  outside the bleed, TrimBox and BleedBox set.

One-sided cards (``CardPages.back`` None): when no card of the deck has a
back, both decks are fronts only and ask for one-sided printing (Simplex);
when some have, the deck stays front/back and the back of a one-sided card is
left paper white (an empty slot on the office sheet, a blank page with its
crop marks in the print-shop file), so every back still lands behind its front.

Card pages are embedded once each as form XObjects (so they stay vector and
their text stays extractable); the forms share the source's font subsets. Files carry Vietnamese metadata, a duplex
hint, and no timestamp unless SOURCE_DATE_EPOCH asks for one: the same input
always gives the same bytes.
"""

from __future__ import annotations

import io
import os
import time
from dataclasses import dataclass

import pikepdf

from flashgen.load.geometry import Matrix, compose, scale, translate
from flashgen.load.presets import CardSize
from flashgen.pdf.impose import SheetPlan
from flashgen.pdf.kit import DUPLEX, DocInfo

PT = 72 / 25.4  # points per millimetre
HAIRLINE_PT = 0.3
CROP_MARK_OFFSET_MM = 1.0  # beyond the bleed
CROP_MARK_LENGTH_MM = 5.0
SLUG_MM = CROP_MARK_OFFSET_MM + CROP_MARK_LENGTH_MM + 2.0


@dataclass(frozen=True)
class CardPages:
    """One item's card sides: their page numbers (from 0) in the source PDF of the deck."""

    item: int
    front: int
    back: int | None  # None: a one-sided card

    @staticmethod
    def of(sides: list[tuple[int | None, str | None]]) -> list[CardPages]:
        """Every item's pages, in deck order, from the (item, side) of each page of the source PDF."""
        page = {(item, side): index for index, (item, side) in enumerate(sides)}
        items = [item for item, side in sides if side == "front" and item is not None]
        return [CardPages(item, page[(item, "front")], page.get((item, "back"))) for item in items]


def printed_sides(cards: list[CardPages]) -> str:
    """The duplex hint of a deck of ``cards``: "simplex" when none has a back, else "long"."""
    return "long" if any(card.back is not None for card in cards) else "simplex"


def _pdf_date() -> str | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return time.strftime("D:%Y%m%d%H%M%SZ", time.gmtime(int(epoch))) if epoch.isdigit() else None


# ViewerPreferences /Duplex by hint: a duplex flip, or "simplex" for a deck of one-sided cards.
VIEWER_DUPLEX = {**DUPLEX, "simplex": "Simplex"}


def finish_pdf(pdf: pikepdf.Pdf, info: DocInfo, duplex: str | None) -> bytes:
    """Metadata, viewer preferences (``duplex``: a key of VIEWER_DUPLEX, None for no hint) and a deterministic save."""
    pdf.docinfo["/Title"] = info.title
    pdf.docinfo["/Author"] = info.author
    pdf.docinfo["/Subject"] = info.subject
    pdf.docinfo["/Keywords"] = info.keywords
    pdf.docinfo["/Creator"] = "flashgen"
    date = _pdf_date()
    if date:
        pdf.docinfo["/CreationDate"] = date
        pdf.docinfo["/ModDate"] = date
    preferences = pikepdf.Dictionary(DisplayDocTitle=True)
    if duplex:
        preferences.Duplex = pikepdf.Name("/" + VIEWER_DUPLEX[duplex])
    pdf.Root.ViewerPreferences = preferences
    output = io.BytesIO()
    pdf.save(output, deterministic_id=True, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return output.getvalue()


class _Forms:
    """Imports pages of the source PDF into the deck as form XObjects, each once.

    All forms come from one source, so objects they share there (the font
    subsets) are copied into the deck once.
    """

    def __init__(self, pdf: pikepdf.Pdf, source: bytes) -> None:
        self.pdf = pdf
        self.source = pikepdf.open(io.BytesIO(source))  # must stay open until the deck is saved
        self.forms: dict[int, pikepdf.Object] = {}

    def add(self, page: int) -> pikepdf.Object:
        if page not in self.forms:
            self.forms[page] = self.pdf.copy_foreign(pikepdf.Page(self.source.pages[page]).as_form_xobject())
        return self.forms[page]

    def close(self) -> None:
        self.source.close()


def _cm(matrix: Matrix) -> str:
    return " ".join(f"{v:.6f}" for v in matrix) + " cm"


def _draw_form(name: str, placement: Matrix, bleed_mm: float, clip: tuple[float, float, float, float] | None) -> str:
    """Content stream ops drawing form ``name`` placed by ``placement`` (mm, card trim space)."""
    # The form's own space is the card page in points, origin at the bleed corner.
    to_points = compose(scale(PT), placement, translate(-bleed_mm, -bleed_mm), scale(1 / PT))
    ops = ["q"]
    if clip:
        left, bottom, right, top = (v * PT for v in clip)
        ops.append(f"{left:.4f} {bottom:.4f} {right - left:.4f} {top - bottom:.4f} re W n")
    ops += [_cm(to_points), f"/{name} Do", "Q"]
    return "\n".join(ops)


def _lines(segments: list[tuple[float, float, float, float]]) -> str:
    ops = ["q", f"{HAIRLINE_PT} w", "0 0 0 1 K", "0 J"]
    ops += [f"{x1 * PT:.4f} {y1 * PT:.4f} m {x2 * PT:.4f} {y2 * PT:.4f} l S" for x1, y1, x2, y2 in segments]
    ops.append("Q")
    return "\n".join(ops)


def _page(pdf: pikepdf.Pdf, size_mm: tuple[float, float], forms: dict[str, pikepdf.Object], content: str) -> pikepdf.Page:
    page = pdf.add_blank_page(page_size=(size_mm[0] * PT, size_mm[1] * PT))
    page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary({f"/{k}": v for k, v in forms.items()}))
    page.obj.Contents = pdf.make_stream(content.encode("ascii"))
    return page


def imposed_deck(
    source: bytes, cards: list[CardPages], plan: SheetPlan, flip: str, back_offset_mm: tuple[float, float], info: DocInfo
) -> bytes:
    """Sheets of ``plan.per_sheet`` cards (pages of ``source``): front page, then its back page.

    A deck without backs is front pages only, printed one-sided; in a deck with
    backs, a one-sided card leaves its place on the back page empty (and a
    sheet of one-sided cards still gets its blank back page, to keep the
    printer's front/back pairs).
    """
    pdf = pikepdf.new()
    importer = _Forms(pdf, source)
    sheet_size = (plan.sheet.width_mm, plan.sheet.height_mm)
    bleed = plan.card.bleed_mm
    backs = plan.backs(flip, back_offset_mm)
    trim = plan.trim
    duplex = printed_sides(cards)
    sides = ("front", "back") if duplex != "simplex" else ("front",)
    for start in range(0, len(cards), plan.per_sheet):
        group = cards[start:start + plan.per_sheet]
        for side in sides:
            forms, ops = {}, []
            placements = plan.fronts if side == "front" else backs
            for slot, card in enumerate(group):
                page = card.front if side == "front" else card.back
                if page is None:
                    continue  # a one-sided card: paper white behind its front
                name = f"C{card.item}{side[0]}"
                forms[name] = importer.add(page)
                placement = placements[slot]
                ops.append(_draw_form(name, placement.matrix, bleed, placement.box(*trim)))
            if side == "front":
                ops.append(_lines(plan.cut_marks()))
            _page(pdf, sheet_size, forms, "\n".join(ops))
    data = finish_pdf(pdf, info, flip if duplex != "simplex" else duplex)
    importer.close()
    return data


def crop_marks(size: CardSize) -> list[tuple[float, float, float, float]]:
    """Crop marks around a trim box placed at (SLUG + bleed, SLUG + bleed) on its page."""
    assert size.trim_mm is not None
    width, height = size.trim_mm
    origin = SLUG_MM + size.bleed_mm
    near = size.bleed_mm + CROP_MARK_OFFSET_MM
    far = near + CROP_MARK_LENGTH_MM
    marks = []
    for x in (origin, origin + width):
        for y_edge, direction in ((origin, -1), (origin + height, 1)):
            marks.append((x, y_edge + direction * near, x, y_edge + direction * far))
    for y in (origin, origin + height):
        for x_edge, direction in ((origin, -1), (origin + width, 1)):
            marks.append((x_edge + direction * near, y, x_edge + direction * far, y))
    return marks


def print_shop_page_mm(size: CardSize) -> tuple[float, float]:
    """A print-shop deck's page: the card's trim, its bleed and the slug for crop marks on every side."""
    assert size.trim_mm is not None
    width, height = size.trim_mm
    return width + 2 * (size.bleed_mm + SLUG_MM), height + 2 * (size.bleed_mm + SLUG_MM)


def print_shop_deck(source: bytes, cards: list[CardPages], size: CardSize, info: DocInfo) -> bytes:
    """Every card side of ``source`` on its own page, in deck order: trim + bleed, crop marks in the slug around it.

    Fronts and backs alternate (long-edge duplex), a one-sided card's back
    being a blank page; a deck without backs is its fronts only (simplex).
    """
    assert size.trim_mm is not None
    pdf = pikepdf.new()
    importer = _Forms(pdf, source)
    width, height = size.trim_mm
    bleed = size.bleed_mm
    page_size = print_shop_page_mm(size)
    origin = SLUG_MM + bleed
    marks = _lines(crop_marks(size))
    duplex = printed_sides(cards)
    sides = [card.front for card in cards] if duplex == "simplex" else [p for card in cards for p in (card.front, card.back)]
    for index in sides:
        forms, content = {}, marks
        if index is not None:
            name = f"P{index}"
            forms[name] = importer.add(index)
            content = _draw_form(name, translate(origin, origin), bleed, None) + "\n" + marks
        page = _page(pdf, page_size, forms, content)
        page.obj.TrimBox = pikepdf.Array([v * PT for v in (origin, origin, origin + width, origin + height)])
        page.obj.BleedBox = pikepdf.Array(
            [v * PT for v in (origin - bleed, origin - bleed, origin + width + bleed, origin + height + bleed)]
        )
    data = finish_pdf(pdf, info, duplex)
    importer.close()
    return data


def window_pdf(source: bytes, window_mm: tuple[float, float, float, float], page_mm: tuple[float, float]) -> bytes:
    """The part ``window_mm`` (left, bottom, width, height: millimetres from the bottom-left corner) of
    ``source``'s first page, scaled to ``page_mm``'s width and centred on it, as a one-page PDF.

    The page goes in as a form XObject, still vector; what lies outside the
    window lies outside the new page. A poster drawn once gives the same poster
    on every paper (A2 from A3) and each paper's bleed from one drawing with the
    widest bleed (documents/infographic/bleed.py), instead of one drawing each.
    """
    left, bottom, width, height = window_mm
    factor = page_mm[0] / width
    rise = (page_mm[1] - height * factor) / 2  # ISO papers are nearly, not exactly, in proportion
    pdf = pikepdf.new()
    importer = _Forms(pdf, source)
    placement = compose(translate(0.0, rise), scale(factor), translate(-left, -bottom))
    _page(pdf, page_mm, {"P": importer.add(0)}, _draw_form("P", placement, 0.0, None))
    output = io.BytesIO()
    pdf.save(output, deterministic_id=True)
    importer.close()
    return output.getvalue()


def titled_pdf(data: bytes, info: DocInfo) -> bytes:
    """A PDF rendered by cairo, with flashgen's metadata and without cairo's timestamp."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for key in list(pdf.docinfo.keys()):
            del pdf.docinfo[key]
        return finish_pdf(pdf, info, None)
