"""The booklet as one PDF: a cover page template and a body page template, laid out by platypus until its pages look
full (one pass when the nominal layout does)."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph
from reportlab.platypus.doctemplate import LayoutError

from flashgen.documents.booklet.flowables import Rows
from flashgen.documents.booklet.footer import Footer, TotalCanvas
from flashgen.documents.booklet.page import (
    COVER_LABEL,
    FULL_PAGE,
    GROWN,
    LAYOUTS,
    LOOSER,
    MIN_LAST_PAGE,
    MIN_PAGE,
    TIGHTER,
    Fill,
    PageLayout,
)
from flashgen.documents.booklet.points import Point
from flashgen.documents.booklet.story import Book
from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.content import Campaign
from flashgen.load.fonts import FontBook
from flashgen.load.theme import Theme, default_theme
from flashgen.pdf.kit import DocInfo, Look, check_glyphs, new_canvas


def build_booklet(campaign: Campaign, fonts: FontBook, page: str = "A4", theme: Theme | None = None,
                  shown: tuple[str, ...] | None = None) -> bytes:
    """The PDF handout of ``campaign`` on ``page`` ("A4" or "A5") paper in ``theme`` (default: xanh), as bytes.

    ``shown`` names the kind whose layout shows each item (default: each item's own kind).
    """
    return lay_out_booklet(campaign, fonts, page, theme, shown).data


def lay_out_booklet(campaign: Campaign, fonts: FontBook, page: str = "A4", theme: Theme | None = None,
                    shown: tuple[str, ...] | None = None) -> Pass:
    """The booklet as ``build_booklet`` makes it, with what platypus placed where (pages, their fill, blocks)."""
    base = LAYOUTS.get(page)
    if base is None:
        raise FlashgenError(
            _("'{page}' is not a booklet page size; use one of: {sizes}.").format(page=page, sizes=", ".join(LAYOUTS)),
            code="unknown-choice",
        )
    look = Look(fonts, theme or default_theme())
    check_glyphs(campaign, look, "booklet")
    kinds = shown if shown is not None else tuple(item.kind for item in campaign.items)
    # Each pass is the finished PDF: its canvas draws "Trang N / total" once the
    # pass knows its total (footer.TotalCanvas). The fill search's winner is the booklet.
    return _filled_layout(campaign, look, base, kinds)


@dataclass(frozen=True)
class Block:
    """One block platypus placed on a body page (for checking the page breaks)."""

    page: int
    kind: str  # "point", "rows" (messages), "section" (a section title), "other"
    heading: bool = False  # a point's piece that starts with its heading; the messages' piece under their title
    lines: int = 0  # lines of the point's paragraph in this piece
    all_lines: int = 0  # lines of the whole paragraph
    summary: bool = False  # the piece ends with the summary box
    rows: int = 0  # rows of the messages list in this piece


@dataclass(frozen=True)
class Pass:
    """One pass of platypus: the PDF, its pages, how full each is, where the text ended and what went where."""

    data: bytes
    pages: int
    last_page: int  # the page the text (before the theme's footer line) ends on
    last_fill: float  # share of that page's frame the text fills
    fills: tuple[float, ...]  # share of the frame filled, per page after the cover (the last: ``last_fill``)
    blocks: tuple[Block, ...]

    def good(self) -> bool:
        """No page holds only the footer line, the last page holds more than a few lines, and every other page
        is filled at least MIN_PAGE."""
        if self.pages != self.last_page or (self.last_fill < MIN_LAST_PAGE and self.last_page != 2):
            return False
        return self.least_fill() >= MIN_PAGE

    def least_fill(self) -> float:
        """The emptiest page but the last."""
        return min(self.fills[:-1], default=1.0)


def _filled_layout(campaign: Campaign, look: Look, base: PageLayout, kinds: tuple[str, ...]) -> Pass:
    """The pass whose pages look full.

    Short content (one page of text with room to spare) grows its type and
    spacing a little; a last page with only a few lines, or only the footer
    line, pulls the spacing in (one page fewer) or lets it out (a fuller last
    page). Every candidate is one platypus pass; the first good one wins,
    else the nominal one.
    """
    nominal = _render(campaign, look, base, kinds)
    short = nominal.pages == 2 and nominal.last_page == 2
    if (short and nominal.last_fill >= FULL_PAGE) or (not short and nominal.good()):
        return nominal

    def first(fills: tuple[Fill, ...], accept: Callable[[Pass], bool]) -> Pass | None:
        for fill in fills:
            tried = _render(campaign, look, base.scaled(fill), kinds)
            if tried.good() and accept(tried):
                return tried
        return None

    if short:
        found = first(GROWN, lambda tried: tried.pages == 2)
    else:
        found = (first(TIGHTER, lambda tried: tried.pages <= nominal.pages)
                 or first(LOOSER, lambda tried: tried.pages == nominal.pages))
    return found or nominal


class Document(BaseDocTemplate):
    """A cover page template and a body template; counts the pages it makes."""

    def __init__(self, buffer: io.BytesIO, layout: PageLayout, info: DocInfo, footer: Footer) -> None:
        width, height = layout.pagesize
        inset = layout.cover_inset
        cover = Frame(inset, inset, width - 2 * inset, height - 2 * inset, 0, 0, 0, 0, id="cover")
        body = Frame(
            layout.margin_x, layout.margin_bottom, layout.frame_width, height - layout.margin_top - layout.margin_bottom,
            0, 0, 0, 0, id="body",
        )
        super().__init__(
            buffer,
            pagesize=layout.pagesize,
            pageTemplates=[PageTemplate("cover", [cover]), PageTemplate("body", [body], onPage=footer)],
            # platypus copies these onto the canvas after new_canvas made it:
            # give it the same values, or it would blank the metadata.
            title=info.title, author=info.author, subject=info.subject, keywords=info.keywords,
            creator="flashgen", producer="flashgen (reportlab)",
        )
        self.page_count = 0
        self.fills: list[float] = []
        self.blocks: list[Block] = []

    def afterPage(self) -> None:
        self.page_count = self.canv.getPageNumber()
        frame = self.frame
        if self.page_count > 1:
            self.fills.append((frame._y2 - frame._y) / frame._height)

    def afterFlowable(self, flowable: Flowable) -> None:
        if self.page > 1:
            self.blocks.append(block_of(flowable, self.page))


def block_of(flowable: Flowable, page: int) -> Block:
    """What ``flowable`` is, as the page-break checks see it."""
    if isinstance(flowable, Point):
        parts = flowable.content
        return Block(page, "point", heading=parts.head is not None, lines=flowable.body_lines(),
                     all_lines=flowable.all_lines, summary=parts.summary is not None)
    if isinstance(flowable, Rows):
        return Block(page, "rows", rows=len(flowable.rows), heading=bool(flowable.head))
    if isinstance(flowable, Paragraph) and flowable.style.name == "section":
        return Block(page, "section")
    return Block(page, "other")


def _doc_info(campaign: Campaign) -> DocInfo:
    keywords = [*campaign.hashtags, COVER_LABEL.lower()]
    if campaign.compare.from_label and campaign.compare.to_label:
        keywords += [campaign.compare.from_label, campaign.compare.to_label]
    return DocInfo(
        title=f"Tài liệu: {campaign.title}",
        author=campaign.organisation,
        subject=campaign.source.title or campaign.subtitle,
        keywords=", ".join(keywords),
    )


def _render(campaign: Campaign, look: Look, layout: PageLayout, kinds: tuple[str, ...]) -> Pass:
    """One pass of platypus: the finished PDF in ``layout``, footers and all."""
    info = _doc_info(campaign)
    buffer = io.BytesIO()
    document = Document(buffer, layout, info, Footer(campaign.title, layout, look))

    def make_canvas(*_args: object, **_kwargs: object) -> Canvas:
        # platypus offers its own arguments; the canvas must be flashgen's (fonts, invariant, metadata),
        # one that draws the footers once the page total is known.
        return new_canvas(buffer, layout.pagesize, info, look.book, duplex="long", initial_font=look.body(400),
                          maker=TotalCanvas)

    book = Book(campaign, layout, look, kinds)
    try:
        document.build(book.story(), canvasmaker=make_canvas)
    except LayoutError:  # a block taller than a page: platypus cannot split it
        raise FlashgenError(
            _(
                "{file}: the booklet cannot fit a block of text on one page. Shorten the longest text of the "
                "content (often a source title or URL without spaces, or a very long paragraph)."
            ).format(file=campaign.path),
            code="overflow",
        ) from None
    last_fill = (layout.frame_height - book.end.left) / layout.frame_height
    fills = (*document.fills[:book.end.page - 2], last_fill)
    return Pass(buffer.getvalue(), document.page_count, book.end.page, last_fill, fills, tuple(document.blocks))
