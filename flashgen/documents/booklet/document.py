"""The booklet as one PDF: a cover page template and a body page template, laid out by platypus in two passes."""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from flashgen.documents.booklet.footer import Footer
from flashgen.documents.booklet.page import COVER_LABEL, LAYOUTS, PageLayout
from flashgen.documents.booklet.story import Book
from flashgen.errors import FlashgenError
from flashgen.load.content import Campaign
from flashgen.load.fonts import FontBook
from flashgen.load.theme import Theme, default_theme
from flashgen.pdf.kit import DocInfo, Look, check_glyphs, new_canvas


def build_booklet(campaign: Campaign, fonts: FontBook, page: str = "A4", theme: Theme | None = None) -> bytes:
    """The PDF handout of ``campaign`` on ``page`` ("A4" or "A5") paper in ``theme`` (default: xanh), as bytes."""
    layout = LAYOUTS.get(page)
    if layout is None:
        raise FlashgenError(f"'{page}' is not a booklet page size; use one of: {', '.join(LAYOUTS)}.")
    look = Look(fonts, theme or default_theme())
    check_glyphs(campaign, look, "booklet")
    # Two passes: the footer says "Trang N / total", and the total is only
    # known after a first pass. The footer never changes the flow, so it holds.
    _, total = _render(campaign, look, layout, total_pages=None)
    data, _ = _render(campaign, look, layout, total_pages=total)
    return data


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

    def afterPage(self) -> None:
        self.page_count = self.canv.getPageNumber()


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


def _render(campaign: Campaign, look: Look, layout: PageLayout, total_pages: int | None) -> tuple[bytes, int]:
    """One pass of platypus; returns the PDF and its page count."""
    info = _doc_info(campaign)
    buffer = io.BytesIO()
    document = Document(buffer, layout, info, Footer(campaign.title, layout, look, total_pages))

    def make_canvas(*_args: object, **_kwargs: object) -> Canvas:
        # platypus offers its own arguments; the canvas must be flashgen's (fonts, invariant, metadata).
        return new_canvas(buffer, layout.pagesize, info, look.book, duplex="long", initial_font=look.body(400))

    try:
        document.build(Book(campaign, layout, look).story(), canvasmaker=make_canvas)
    except LayoutError:  # a block taller than a page: platypus cannot split it
        raise FlashgenError(
            f"{campaign.path}: the booklet cannot fit a block of text on one page. Shorten the longest text of the "
            "content (often a source title or URL without spaces, or a very long paragraph)."
        ) from None
    return buffer.getvalue(), document.page_count
