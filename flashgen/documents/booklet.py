"""Booklet — the campaign as a double-sided handout to print (A4 or A5 PDF).

Takes a ``Campaign``, the ``FontBook`` and the visual ``Theme`` (colours and
fonts by role; its logo, organisation and footer line when it has them);
returns the bytes of one PDF: a cover (label, title, subtitle, the year's
theme, the theme's logo and organisation, the campaign's organisation, year
and a QR code to the source), every item with its number, its heading and its
paragraph exactly as written and a small "Tóm tắt" box (from → to) set apart
as a summary, the campaign messages, and the source with its link and QR code.
Every page after the cover has a running footer: the title and "Trang N / total".

It is what community digital technology teams hand to people who want to read
more, so it is typeset for an office printer: nothing within 10 mm of the
paper edge, long-edge duplex asked for, A5 reflowed rather than a scaled A4.
The canvas comes from ``pdfkit.new_canvas``: only the bundled fonts, embedded
and subset, Vietnamese metadata, and the same bytes for the same input. Parts
the content leaves out (summaries, messages, the source link) are left out of
the booklet without a trace; the theme's footer line closes the last page.
Problems are raised as ``FlashgenError``.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

from flashgen.errors import FlashgenError
from flashgen.load.content import Campaign, Item
from flashgen.load.fonts import FontBook
from flashgen.load.theme import Logo, Theme, default_theme
from flashgen.pdf.branding import fit_logo, organisations
from flashgen.pdf.kit import (
    MM,
    DocInfo,
    Look,
    check_glyphs,
    draw_logo,
    draw_qr,
    new_canvas,
    vietnamese_lines,
)
from flashgen.text.wordbreak import WordBreaker

COVER_LABEL = "Tài liệu tuyên truyền"
QR_CAPTION = "Quét mã để đọc toàn văn bài phát biểu"
SUMMARY_LABEL = "Tóm tắt"
SUMMARY_NOTE = (
    "Tiêu đề in đậm và đoạn văn của mỗi điểm là nội dung gốc; khung “Tóm tắt” chỉ giúp đọc nhanh, "
    "không thay thế nội dung gốc."
)
MESSAGES_TITLE = "Thông điệp truyền thông"
SOURCE_TITLE = "Nguồn"
SOURCE_ROWS = (("title", "Bài phát biểu"), ("speaker", "Người phát biểu"), ("letter", "Văn bản"))
URL_LABEL = "Đường dẫn"

LEADING = 1.4  # body text: room for stacked Vietnamese diacritics (Ẫ, Ệ) between lines


@dataclass(frozen=True)
class _Layout:
    """Every size that differs between A4 and A5 (points).

    Margins, the cover's inset and the footer stay at least 10 mm from the
    paper edge: office printers cannot print closer.
    """

    pagesize: tuple[float, float]
    margin_x: float
    margin_top: float
    margin_bottom: float
    footer_y: float  # baseline of the running footer
    footer_size: float
    body_size: float
    heading_size: float
    small_size: float
    section_size: float
    badge: float
    cover_inset: float
    cover_pad: float
    cover_panel: float  # share of the cover's height taken by the navy panel
    cover_title_size: float
    cover_subtitle_size: float
    theme_size: float
    qr: float
    qr_small: float
    logo_width: float  # the box the theme's logo is fitted in, on the cover
    logo_height: float
    point_gap: float  # space between two points
    justify: bool  # A5's narrow column, justified without hyphenation, would show gaps between words
    source_label: float  # width of the label column in the source section

    @property
    def frame_width(self) -> float:
        return self.pagesize[0] - 2 * self.margin_x


LAYOUTS = {
    "A4": _Layout(
        pagesize=A4, margin_x=20 * MM, margin_top=18 * MM, margin_bottom=22 * MM,
        footer_y=13 * MM, footer_size=8, body_size=10.75, heading_size=12.5, small_size=8.75,
        section_size=19, badge=8.5 * MM, cover_inset=12 * MM, cover_pad=14 * MM, cover_panel=0.6,
        cover_title_size=34, cover_subtitle_size=13.5, theme_size=15, qr=30 * MM, qr_small=25 * MM,
        logo_width=36 * MM, logo_height=14 * MM, point_gap=7 * MM, justify=True, source_label=30 * MM,
    ),
    "A5": _Layout(
        pagesize=A5, margin_x=14 * MM, margin_top=14 * MM, margin_bottom=19 * MM,
        footer_y=12 * MM, footer_size=7, body_size=9.75, heading_size=11, small_size=8,
        section_size=15, badge=7 * MM, cover_inset=11 * MM, cover_pad=10 * MM, cover_panel=0.6,
        cover_title_size=25, cover_subtitle_size=11, theme_size=12, qr=24 * MM, qr_small=22 * MM,
        logo_width=28 * MM, logo_height=11 * MM, point_gap=5.5 * MM, justify=False, source_label=26 * MM,
    ),
}


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


# --------------------------------------------------------------------------- checks


# --------------------------------------------------------------------------- styles


def _style(name: str, font: str, size: float, color: colors.Color, leading: float = 1.3, **extra: object) -> ParagraphStyle:
    """A paragraph style that never hyphenates and names its font (no Helvetica default)."""
    return ParagraphStyle(
        name,
        fontName=font,
        fontSize=size,
        leading=round(size * leading, 2),
        textColor=color,
        # A hyphen inside a Vietnamese syllable is wrong, and the official
        # text must come out of the PDF exactly as written: no hyphenation.
        hyphenationLang="",
        embeddedHyphenation=0,
        uriWasteReduce=0,
        allowWidows=0,
        allowOrphans=0,
        **extra,
    )


@dataclass(frozen=True)
class _Styles:
    """The paragraph styles of one booklet size."""

    body: ParagraphStyle
    heading: ParagraphStyle
    section: ParagraphStyle
    intro: ParagraphStyle
    note: ParagraphStyle
    summary_label: ParagraphStyle
    summary_side: ParagraphStyle
    summary_text: ParagraphStyle
    message: ParagraphStyle
    source_label: ParagraphStyle
    source_value: ParagraphStyle
    caption: ParagraphStyle

    @classmethod
    def make(cls, layout: _Layout, look: Look) -> _Styles:
        small, c = layout.small_size, look.colour
        return cls(
            body=_style(
                "body", look.body(400), layout.body_size, c("text"), LEADING,
                alignment=TA_JUSTIFY if layout.justify else TA_LEFT,
            ),
            heading=_style("heading", look.heading(700), layout.heading_size, c("primary"), 1.32),
            section=_style("section", look.heading(700), layout.section_size, c("primary"), 1.22),
            intro=_style("intro", look.body(500), layout.body_size, c("text-muted"), 1.35),
            note=_style("note", look.body(400, italic=True), small, c("text-muted"), 1.4),
            summary_label=_style("summary_label", look.heading(700), small - 1.5, c("text-muted"), 1.2),
            summary_side=_style("summary_side", look.heading(700), small, c("link"), 1.3),
            summary_text=_style("summary_text", look.body(400), small, c("text"), 1.38),
            message=_style("message", look.body(500), layout.body_size, c("text"), LEADING),
            source_label=_style("source_label", look.heading(600), small - 0.5, c("text-muted"), 1.3),
            source_value=_style("source_value", look.body(400), small + 0.25, c("text"), 1.38),
            caption=_style("caption", look.body(400), small - 1, c("text-muted"), 1.3, alignment=TA_CENTER),
        )


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped: content may contain '&' or '<')."""
    return Paragraph(escape(text), style)


def _broken(
    text: str, style: ParagraphStyle, width: float, breaker: WordBreaker, look: Look, heading: bool = True
) -> Paragraph:
    """``text`` broken into lines by flashgen's own Vietnamese line breaker, as the cards are."""
    lines = vietnamese_lines(text, look.named(style.fontName), style.fontSize, width, breaker, heading)
    if lines is None:  # a syllable wider than the column: let reportlab cut it
        return _para(text, style)
    return Paragraph("<br/>".join(escape(line) for line in lines), style)


def _table(data: list[list[object]], widths: list[float], font: str, commands: list[tuple], **options: object) -> Table:
    """A table with no padding unless asked, whose empty cells use ``font`` (not Helvetica)."""
    table = Table(data, colWidths=widths, hAlign="LEFT", **options)
    base = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]
    table.setStyle(TableStyle([*base, *commands]))
    return table


# --------------------------------------------------------------------------- small drawings


class _Badge(Flowable):
    """A number in a disc: the handout's version of the cards' big gold number."""

    def __init__(self, number: int, size: float, font: str, fill: colors.Color, ink: colors.Color) -> None:
        super().__init__()
        self.number, self.size, self.font = str(number), size, font
        self.fill, self.ink = fill, ink

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        canvas, r = self.canv, self.size / 2
        canvas.setFillColor(self.fill)
        canvas.circle(r, r, r, stroke=0, fill=1)
        # Three digits get a smaller size so they still sit inside the disc.
        font_size = self.size * (0.5 if len(self.number) < 3 else 0.36)
        canvas.setFillColor(self.ink)
        canvas.setFont(self.font, font_size)
        canvas.drawCentredString(r, r - font_size * 0.36, self.number)


class _Arrow(Flowable):
    """A small accent-coloured arrow between the two sides of a summary (the font has no →)."""

    def __init__(self, width: float, height: float, colour: colors.Color) -> None:
        super().__init__()
        self.width, self.height, self.colour = width, height, colour

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas, w, y = self.canv, self.width, self.height * 0.42
        canvas.setStrokeColor(self.colour)
        canvas.setFillColor(self.colour)
        canvas.setLineWidth(1.3)
        canvas.line(w * 0.2, y, w * 0.7, y)
        head = canvas.beginPath()
        head.moveTo(w * 0.85, y)
        head.lineTo(w * 0.62, y + w * 0.14)
        head.lineTo(w * 0.62, y - w * 0.14)
        head.close()
        canvas.drawPath(head, stroke=0, fill=1)


class _AccentRule(Flowable):
    """The short accent-coloured underline the cards put under a title."""

    def __init__(self, width: float, thickness: float, space_after: float, colour: colors.Color) -> None:
        super().__init__()
        self.rule_width, self.thickness, self.spaceAfter, self.colour = width, thickness, space_after, colour

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.rule_width, self.thickness

    def draw(self) -> None:
        self.canv.setFillColor(self.colour)
        self.canv.roundRect(0, 0, self.rule_width, self.thickness, self.thickness / 2, stroke=0, fill=1)


class _QrBlock(Flowable):
    """The QR code with its caption centred below (source section)."""

    def __init__(self, url: str, size: float, caption: Paragraph, width: float) -> None:
        super().__init__()
        self.url, self.size, self.caption, self.block_width = url, size, caption, width

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        _, caption_height = self.caption.wrap(self.block_width, availHeight)
        self.width, self.height = self.block_width, self.size + 1.5 * MM + caption_height
        return self.width, self.height

    def draw(self) -> None:
        draw_qr(self.canv, self.url, (self.width - self.size) / 2, self.height - self.size, self.size)
        self.caption.drawOn(self.canv, 0, 0)


class _KeepShort(Flowable):
    """Flowables that start on a new page when they do not fit and less than ``least`` is left.

    A short list (the messages) then reads as one block instead of leaving two
    rows at a page bottom; a long one still flows, and nothing moves when it fits.
    """

    def __init__(self, flowables: list[Flowable], least: float) -> None:
        super().__init__()
        self.content, self.least = flowables, least

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return availWidth, 0xFFFFFF  # never drawn itself: the frame always asks to split

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        height = 0.0
        for flowable in self.content:
            height += flowable.wrapOn(self.canv, availWidth, availHeight)[1]
            height += flowable.getSpaceBefore() + flowable.getSpaceAfter()
        if height > availHeight and availHeight < self.least:
            return []  # the frame moves it to the next page, where it is asked again
        return list(self.content)


class _Indented(Flowable):
    """A flowable moved right by ``indent``: text and summary line up with the heading, not the badge.

    Only a paragraph may break across pages; a box (``splittable=False``) moves whole.
    """

    def __init__(self, content: Flowable, indent: float, splittable: bool = True) -> None:
        super().__init__()
        self.content, self.indent, self.splittable = content, indent, splittable

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        w, h = self.content.wrapOn(self.canv, availWidth - self.indent, availHeight)
        self.width, self.height = w + self.indent, h
        return self.width, self.height

    def draw(self) -> None:
        self.content.drawOn(self.canv, self.indent, 0)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        if not self.splittable:
            return []
        pieces = self.content.splitOn(self.canv, availWidth - self.indent, availHeight)
        return [_Indented(piece, self.indent) for piece in pieces]


# --------------------------------------------------------------------------- cover


def _fit_title(
    text: str, style: ParagraphStyle, width: float, height: float, breaker: WordBreaker, look: Look
) -> Paragraph:
    """The cover title at the largest size (down to half) that fits ``width`` × ``height``."""
    ratio = style.leading / style.fontSize
    size = style.fontSize
    while True:
        sized = ParagraphStyle(f"{style.name}-{size}", parent=style, fontSize=size, leading=size * ratio)
        paragraph = _broken(text, sized, width, breaker, look)
        if paragraph.wrap(width, height)[1] <= height or size <= style.fontSize / 2:
            return paragraph
        size -= 0.5


class _LogoRow(Flowable):
    """The theme's logo, fitted in its box, with the organisation's name beside it, both centred on one line."""

    def __init__(self, logo: Logo, box: tuple[float, float], name: Paragraph | None) -> None:
        super().__init__()
        self.logo, self.name = logo, name
        self.logo_width, self.logo_height = fit_logo(logo, *box)
        self.box_height = box[1]
        self.gap = 3 * MM

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.name_height = 0.0
        if self.name is not None:
            self.name_height = self.name.wrap(availWidth - self.logo_width - self.gap, availHeight)[1]
        self.width, self.height = availWidth, max(self.logo_height, self.name_height)
        return self.width, self.height

    def draw(self) -> None:
        draw_logo(self.canv, self.logo, 0, 0, self.logo_width, self.height)
        if self.name is not None:
            self.name.drawOn(self.canv, self.logo_width + self.gap, (self.height - self.name_height) / 2)


class _Cover(Flowable):
    """The whole first page: coloured panel (label, title, subtitle), the year's theme, organisation and QR."""

    def __init__(self, campaign: Campaign, layout: _Layout, look: Look, breaker: WordBreaker) -> None:
        super().__init__()
        self.campaign, self.layout, self.look, self.breaker = campaign, layout, look, breaker

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, availHeight
        return availWidth, availHeight

    def draw(self) -> None:
        panel_y = self.height * (1 - self.layout.cover_panel)
        self._panel(panel_y)
        self._theme(panel_y)
        self._bottom()

    def _panel(self, panel_y: float) -> None:
        canvas, pad = self.canv, self.layout.cover_pad
        canvas.saveState()
        outline = canvas.beginPath()
        outline.roundRect(0, panel_y, self.width, self.height - panel_y, 3 * MM)
        canvas.clipPath(outline, stroke=0, fill=0)
        canvas.setFillColor(self.look.colour("primary"))
        canvas.rect(0, panel_y, self.width, self.height - panel_y, stroke=0, fill=1)
        self._decoration()
        canvas.restoreState()
        pill_bottom = self._label_pill(pad, self.height - pad)
        self._title_block(panel_y + pad, pill_bottom - 10 * MM)

    def _decoration(self) -> None:
        """Concentric circles and a dot grid in the top right corner, as on the cards."""
        canvas, w, ring = self.canv, self.width, self.look.colour("ring")
        cx, cy, r = w * 0.92, self.height - w * 0.06, w * 0.26
        canvas.setFillColor(self.look.colour("primary-light"))
        canvas.circle(cx, cy, r, stroke=0, fill=1)
        canvas.setStrokeColor(ring)
        canvas.setLineWidth(0.8)
        for factor in (0.68, 1.3, 1.62):
            canvas.circle(cx, cy, r * factor, stroke=1, fill=0)
        canvas.setFillColor(ring)
        step = w * 0.034
        for row in range(3):
            for col in range(4 - row):
                canvas.circle(cx - r * 1.12 - col * step, cy - r * 0.35 - row * step, step * 0.12, stroke=0, fill=1)

    def _label_pill(self, x: float, top: float) -> float:
        """The accent-coloured "TÀI LIỆU TUYÊN TRUYỀN" pill; returns its bottom edge."""
        canvas, size, font = self.canv, self.layout.small_size + 0.25, self.look.heading(700)
        text = COVER_LABEL.upper()
        height = size * 2.2
        width = stringWidth(text, font, size) + size * 2.6
        canvas.setFillColor(self.look.colour("accent"))
        canvas.roundRect(x, top - height, width, height, height / 2, stroke=0, fill=1)
        canvas.setFillColor(self.look.colour("primary"))
        canvas.setFont(font, size)
        canvas.drawString(x + size * 1.3, top - height / 2 - size * 0.36, text)
        return top - height

    def _title_block(self, bottom: float, top: float) -> None:
        """Subtitle, accent rule and title, stacked upwards from the panel's bottom padding."""
        layout, canvas, look = self.layout, self.canv, self.look
        x, width, y = layout.cover_pad, self.width - 2 * layout.cover_pad, bottom
        if self.campaign.subtitle:
            style = _style("cover_subtitle", look.body(400), layout.cover_subtitle_size, look.colour("on-primary-muted"), 1.35)
            subtitle = _broken(self.campaign.subtitle, style, width * 0.9, self.breaker, look)
            _, h = subtitle.wrap(width * 0.9, top - y)
            subtitle.drawOn(canvas, x, y)
            y += h + 4.5 * MM
        canvas.setFillColor(look.colour("accent"))
        canvas.roundRect(x, y, 16 * MM, 1.6 * MM, 0.8 * MM, stroke=0, fill=1)
        y += 1.6 * MM + 6 * MM
        style = _style("cover_title", look.heading(800), layout.cover_title_size, look.colour("on-primary"), 1.16)
        title = _fit_title(self.campaign.title, style, width, top - y, self.breaker, look)
        title.wrap(width, top - y)
        title.drawOn(canvas, x, y)

    def _theme(self, panel_y: float) -> None:
        """The year's theme under the panel, behind an accent bar like the cards' labels."""
        campaign, layout, look = self.campaign, self.layout, self.look
        if not campaign.theme:
            return
        x, width = layout.cover_pad, self.width - 2 * layout.cover_pad - 5 * MM
        label = f"Chủ đề năm {campaign.year}" if campaign.year is not None else "Chủ đề"
        kicker = _para(label.upper(), _style("kicker", look.heading(700), layout.small_size, look.colour("link"), 1.3))
        theme_style = _style("theme", look.heading(600), layout.theme_size, look.colour("primary"), 1.3)
        theme = _broken(campaign.theme, theme_style, width, self.breaker, look)
        _, kh = kicker.wrap(width, panel_y)
        _, th = theme.wrap(width, panel_y)
        top = panel_y - layout.cover_pad
        bottom = top - kh - 1.5 * MM - th
        kicker.drawOn(self.canv, x + 5 * MM, top - kh)
        theme.drawOn(self.canv, x + 5 * MM, bottom)
        self.canv.setFillColor(look.colour("accent"))
        self.canv.roundRect(x, bottom, 1.4 * MM, top - bottom, 0.7 * MM, stroke=0, fill=1)

    def _organisation(self) -> list[Flowable]:
        """The theme's logo beside the first organisation (the theme's, else the campaign's), then the campaign's."""
        layout, look, logo = self.layout, self.look, self.look.theme.logo
        names = organisations(self.campaign, look.theme)
        first = _style("org", look.heading(700), layout.body_size, look.colour("primary"), 1.3)
        other = _style("org_other", look.heading(600), layout.body_size - 0.5, look.colour("primary"), 1.3)
        lines: list[Flowable] = [_para(name, first if index == 0 else other) for index, name in enumerate(names)]
        if logo is not None:
            row = _LogoRow(logo, (layout.logo_width, layout.logo_height), lines[0] if lines else None)
            lines = [row, *lines[1:]]
        return lines

    def _bottom(self) -> None:
        """Logo, organisation, year and hashtags bottom left; the QR code and its caption bottom right."""
        campaign, layout, canvas, look = self.campaign, self.layout, self.canv, self.look
        x, right, bottom = layout.cover_pad, self.width - layout.cover_pad, layout.cover_pad * 0.5
        qr_block = 0.0
        if campaign.source.url:
            qr_block = layout.qr + 10 * MM
            caption_style = _style("qr_caption", look.body(400), layout.small_size - 0.75, look.colour("text-muted"), 1.3,
                                   alignment=TA_CENTER)
            caption = _para(QR_CAPTION, caption_style)
            _, ch = caption.wrap(qr_block, layout.qr)
            caption.drawOn(canvas, right - qr_block, bottom)
            draw_qr(canvas, campaign.source.url, right - qr_block / 2 - layout.qr / 2, bottom + ch + 1 * MM, layout.qr)
        lines = self._organisation()
        if campaign.year is not None:
            lines.append(_para(f"Năm {campaign.year}", _style("year", look.heading(500), layout.body_size,
                                                                look.colour("text-muted"), 1.3)))
        if campaign.hashtags:
            tags = "\u00a0\u00a0 ".join(escape(tag) for tag in campaign.hashtags)
            lines.append(Paragraph(tags, _style("tags", look.heading(600), layout.small_size, look.colour("link"), 1.3)))
        width, y = right - x - qr_block - 6 * MM, bottom + 0.8 * MM
        for paragraph in reversed(lines):
            _, h = paragraph.wrap(width, self.height)
            paragraph.drawOn(canvas, x, y)
            y += h + 1.5 * MM
        if lines:
            canvas.setFillColor(look.colour("accent"))
            canvas.roundRect(x, y + 1.5 * MM, 10 * MM, 1.2 * MM, 0.6 * MM, stroke=0, fill=1)


# --------------------------------------------------------------------------- points


@dataclass(frozen=True)
class _PointParts:
    """The pieces of one point; ``detached`` is the summary labelled with the point's number."""

    head: Flowable | None
    body: Flowable | None
    summary: Flowable | None
    detached: Flowable | None


class _Point(Flowable):
    """One point stacked: badge and heading, the paragraph, the summary box.

    Its own ``split`` keeps the heading with at least the paragraph's first
    three lines (no heading alone at a page bottom). When only the summary
    box is short of room it goes to the next page alone, labelled with the
    point's number, rather than dragging text along and leaving a hole.
    """

    MIN_LINES = 3

    def __init__(self, parts: _PointParts, gap: float, space_before: float, lead: float) -> None:
        super().__init__()
        self.content, self.gap, self.lead = parts, gap, lead
        self.parts = [part for part in (parts.head, parts.body, parts.summary) if part is not None]
        self.spaceBefore = space_before  # the frame drops it at the top of a page

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.sizes = [part.wrapOn(self.canv, availWidth, availHeight) for part in self.parts]
        self.width = availWidth
        self.height = sum(h for _, h in self.sizes) + self.gap * (len(self.parts) - 1)
        return self.width, self.height

    def draw(self) -> None:
        y = self.height
        for part, (_, h) in zip(self.parts, self.sizes):
            y -= h
            part.drawOn(self.canv, 0, y)
            y -= self.gap

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        head, body, summary, detached = (self.content.head, self.content.body, self.content.summary, self.content.detached)
        if body is None:
            return []  # nothing to break inside: the whole point moves on
        above = head.wrapOn(self.canv, availWidth, availHeight)[1] + self.gap if head is not None else 0.0
        room = availHeight - above
        if room >= body.wrapOn(self.canv, availWidth, availHeight)[1]:
            # Heading and text fit; only the summary does not.
            if summary is None:
                return []
            first = _Point(_PointParts(head, body, None, None), self.gap, self.spaceBefore, self.lead)
            return [first, detached or summary]
        lines = int((room + 0.01) / self.lead)
        if lines < (self.MIN_LINES if head is not None else 2):
            return []
        pieces = body.splitOn(self.canv, availWidth, lines * self.lead + 0.01)
        if len(pieces) != 2:
            return []
        first = _Point(_PointParts(head, pieces[0], None, None), self.gap, self.spaceBefore, self.lead)
        rest = _Point(_PointParts(None, pieces[1], summary, detached), self.gap, 0, self.lead)
        return [first, rest]


class _AtFoot(Flowable):
    """A paragraph at the foot of the page it lands on (the theme's footer line on the last page).

    It takes all the height left, so nothing can follow it; with too little
    left it moves to the next page.
    """

    def __init__(self, paragraph: Paragraph, space: float) -> None:
        super().__init__()
        self.paragraph, self.space = paragraph, space

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.text_height = self.paragraph.wrap(availWidth, availHeight)[1]
        self.width = availWidth
        # A hair under what is left: the frame must not count it as overflowing.
        self.height = max(availHeight - 0.01, self.text_height + self.space)
        return self.width, self.height

    def draw(self) -> None:
        self.paragraph.drawOn(self.canv, 0, 0)


class _Book:
    """Builds the flowables of one booklet size: styles, widths and fonts at hand."""

    def __init__(self, campaign: Campaign, layout: _Layout, look: Look) -> None:
        self.campaign, self.layout, self.look = campaign, layout, look
        self.styles = _Styles.make(layout, look)
        self.width = layout.frame_width
        self.indent = layout.badge + 3.5 * MM  # text column of a point, right of its badge
        self.breaker = WordBreaker.for_glossary(campaign.glossary)
        self.frame_height = layout.pagesize[1] - layout.margin_top - layout.margin_bottom

    def story(self) -> list[Flowable]:
        return [
            _Cover(self.campaign, self.layout, self.look, self.breaker),
            NextPageTemplate("body"),
            PageBreak(),
            *self.points(),
            *self.messages(),
            *self.source(),
            *self.footer_line(),
        ]

    def section(self, title: str, first: bool = False) -> list[Flowable]:
        """A section title with the accent rule, never alone at the bottom of a page."""
        flowables: list[Flowable] = [] if first else [CondPageBreak(self.layout.pagesize[1] * 0.22)]
        heading = _broken(title, self.styles.section, self.width, self.breaker, self.look)
        heading.spaceBefore = 0 if first else self.layout.point_gap * 1.6
        flowables += [heading, Spacer(1, 2.5 * MM), _AccentRule(14 * MM, 1.5 * MM, 4 * MM, self.look.colour("accent"))]
        return flowables

    # The points --------------------------------------------------------------

    def points(self) -> list[Flowable]:
        campaign, styles = self.campaign, self.styles
        flowables = self.section(campaign.title, first=True)
        if campaign.subtitle:
            flowables.append(_para(campaign.subtitle, styles.intro))
            flowables.append(Spacer(1, 2 * MM))
        if any(item.from_text or item.to_text for item in campaign.items):
            flowables.append(_para(SUMMARY_NOTE, styles.note))
        flowables += [self.point(item) for item in campaign.items]
        return flowables

    def point(self, item: Item) -> _Point:
        body = _Indented(_para(item.text, self.styles.body), self.indent) if item.text else None
        summary = self.summary_box(item, SUMMARY_LABEL)
        detached = self.summary_box(item, f"{SUMMARY_LABEL} · Điểm {item.number}")
        parts = _PointParts(
            head=self.point_heading(item),
            body=body,
            summary=_Indented(summary, self.indent, splittable=False) if summary is not None else None,
            detached=_Indented(detached, self.indent, splittable=False) if detached is not None else None,
        )
        return _Point(parts, 2.2 * MM, self.layout.point_gap, self.styles.body.leading)

    def point_heading(self, item: Item) -> Table:
        """Badge and heading side by side; the heading is the official text, printed as it is."""
        badge = _Badge(item.number, self.layout.badge, self.look.heading(800), self.look.colour("primary"),
                       self.look.colour("accent"))
        return self.badged(badge, item.heading, self.styles.heading, [])

    def badged(self, badge: _Badge, text: str, style: ParagraphStyle, commands: list[tuple], heading: bool = True) -> Table:
        """``badge`` left of ``text``, the disc centred on the text's first line."""
        # reportlab puts the first baseline one font size below the top; the
        # middle of a line of lower case with accents sits about a third of
        # the size above it.
        offset = badge.size / 2 - style.fontSize * 0.66
        text_column = self.width - self.indent
        return _table(
            [[badge, _broken(text, style, text_column, self.breaker, self.look, heading)]],
            [self.indent, text_column],
            self.look.body(400),
            [
                *commands,
                ("TOPPADDING", (1, 0), (1, 0), max(offset, 0.0)),
                ("TOPPADDING", (0, 0), (0, 0), max(-offset, 0.0)),
            ],
        )

    def summary_box(self, item: Item, title: str) -> Table | None:
        """The from/to summary in a light box labelled "TÓM TẮT": smaller and greyer than the official text."""
        compare, styles = self.campaign.compare, self.styles
        sides = [
            (compare.from_label, compare.from_name, item.from_text),
            (compare.to_label, compare.to_name, item.to_text),
        ]
        cells = [self.summary_side(label, name, text) for label, name, text in sides if text]
        if not cells:
            return None
        width, pad = self.width - self.indent, 3.2 * MM
        label = _para(title.upper(), styles.summary_label)
        if len(cells) == 2:
            arrow = 8 * MM
            column = (width - arrow) / 2
            data = [
                [label, "", ""],
                [cells[0][0], _Arrow(arrow, styles.summary_side.leading, self.look.colour("accent")), cells[1][0]],
                [cells[0][1], "", cells[1][1]],
            ]
            widths = [column, arrow, column]
            layout_commands = [
                ("SPAN", (0, 0), (-1, 0)),
                ("LEFTPADDING", (1, 1), (1, 2), 0),
                ("RIGHTPADDING", (1, 1), (1, 2), 0),
            ]
        else:
            data, widths, layout_commands = [[label], [cells[0][0]], [cells[0][1]]], [width], []
        return _table(
            data,
            widths,
            self.look.body(400),
            [
                ("BACKGROUND", (0, 0), (-1, -1), self.look.colour("surface")),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                *layout_commands,
                ("TOPPADDING", (0, 0), (-1, 0), pad * 0.8),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 1.4 * MM),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 0.6 * MM),
                ("BOTTOMPADDING", (0, -1), (-1, -1), pad),
            ],
            cornerRadii=[2 * MM] * 4,
        )

    def summary_side(self, label: str, name: str, text: str) -> tuple[Flowable, Flowable]:
        """One side of the summary: "CNTT · Công nghệ thông tin" above its summary text."""
        styles = self.styles
        title = f"<b>{escape(label)}</b>" if label else ""
        if name and name != label:
            joiner = " · " if title else ""
            title += f'<font name="{self.look.heading(500)}" color="{self.look.hex("text-muted")}">{joiner}{escape(name)}</font>'
        head: Flowable = Paragraph(title, styles.summary_side) if title else Spacer(1, 0)
        return head, _para(text, styles.summary_text)

    # Messages and source -----------------------------------------------------

    def messages(self) -> list[Flowable]:
        if not self.campaign.messages:
            return []
        flowables = self.section(MESSAGES_TITLE)
        size = self.layout.badge * 0.78
        for number, message in enumerate(self.campaign.messages, start=1):
            badge = _Badge(number, size, self.look.heading(800), self.look.colour("accent"), self.look.colour("primary"))
            rule = [("LINEBELOW", (0, 0), (-1, -1), 0.5, self.look.colour("rule"))] if number < len(self.campaign.messages) else []
            spacing = [("BOTTOMPADDING", (0, 0), (-1, -1), 2.6 * MM)]
            row = self.badged(badge, message, self.styles.message, [*spacing, *rule], heading=False)
            row.spaceBefore = 2.4 * MM
            flowables.append(row)
        # A short list reads as one block: start it on a new page rather than leave two rows behind.
        return [_KeepShort(flowables, self.frame_height * 0.5)]

    def source(self) -> list[Flowable]:
        source, styles = self.campaign.source, self.styles
        rows = [
            (label, _para(getattr(source, name), styles.source_value)) for name, label in SOURCE_ROWS if getattr(source, name)
        ]
        qr_column = self.layout.qr_small + 12 * MM if source.url else 0.0
        label_column = self.layout.source_label
        value_column = self.width - label_column - qr_column - (6 * MM if qr_column else 0)
        if source.url:
            rows.append((URL_LABEL, _url_paragraph(source.url, styles.source_value, value_column, self.look.hex("link"))))
        if not rows:
            return []
        table = _table(
            [[_para(label, styles.source_label), value] for label, value in rows],
            [label_column, value_column],
            self.look.body(400),
            [("BOTTOMPADDING", (0, 0), (-1, -1), 2.2 * MM), ("TOPPADDING", (0, 1), (-1, -1), 2.2 * MM),
             ("RIGHTPADDING", (0, 0), (0, -1), 3 * MM), ("LINEBELOW", (0, 0), (-1, -2), 0.5, self.look.colour("rule"))],
        )
        body: Flowable = table
        if source.url:
            caption = _para(QR_CAPTION, styles.caption)
            qr = _QrBlock(source.url, self.layout.qr_small, caption, qr_column)
            body = _table([[table, "", qr]], [label_column + value_column, 6 * MM, qr_column], self.look.body(400), [])
        return [*self.section(SOURCE_TITLE), body]

    def footer_line(self) -> list[Flowable]:
        """The theme's footer line (contacts, fanpage …), small and centred at the foot of the last page."""
        footer = self.look.theme.footer
        if not footer:
            return []
        style = _style("theme_footer", self.look.body(400), self.layout.small_size - 0.5, self.look.colour("text-muted"),
                       1.3, alignment=TA_CENTER)
        return [_AtFoot(_broken(footer, style, self.width, self.breaker, self.look, heading=False), 6 * MM)]


def _url_paragraph(url: str, style: ParagraphStyle, width: float, colour: str) -> Paragraph:
    """The URL as a link, its lines broken the way style guides break URLs.

    Breaks go *before* a slash, dot, hyphen or underscore (never inside "//"),
    so no line ends with a hyphen: a reader would take it for a word break,
    and so does pdftotext, which would drop it from the copied address.
    """
    lines: list[str] = []
    line = ""
    for piece in re.split(r"(?<!/)(?=[/.\-_?#%~])|(?<=[=&])", url):
        if line and stringWidth(line + piece, style.fontName, style.fontSize) > width:
            lines.append(line)
            line = ""
        line += piece
    lines.append(line)
    href = escape(url, {'"': "&quot;"})
    text = "<br/>".join(escape(line) for line in lines)
    return Paragraph(f'<a href="{href}" color="{colour}">{text}</a>', style)


# --------------------------------------------------------------------------- footer and document


def _fit_line(text: str, font: str, size: float, min_size: float, width: float) -> tuple[str, float]:
    """``text`` at the largest size down to ``min_size`` that fits ``width``; cut with "…" only if none does."""
    while size > min_size and stringWidth(text, font, size) > width:
        size -= 0.25
    if stringWidth(text, font, size) <= width:
        return text, size
    words = text.split()
    while words and stringWidth(" ".join(words) + "…", font, size) > width:
        words.pop()
    return " ".join(words) + "…", size


class _Footer:
    """Running footer of the pages after the cover: title and page number, on the outer edge when duplexed."""

    def __init__(self, title: str, layout: _Layout, look: Look, total: int | None) -> None:
        self.title, self.layout, self.look, self.total = title, layout, look, total

    def __call__(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        layout, look = self.layout, self.look
        regular, semibold = look.body(400), look.heading(600)
        number = canvas.getPageNumber()
        label = f"Trang {number} / {self.total}" if self.total else f"Trang {number}"
        left, right, y = layout.margin_x, layout.pagesize[0] - layout.margin_x, layout.footer_y
        label_width = stringWidth(label, semibold, layout.footer_size)
        room = right - left - label_width - 8 * MM
        title, size = _fit_line(self.title, regular, layout.footer_size, layout.footer_size - 1.5, room)
        canvas.saveState()
        canvas.setStrokeColor(look.colour("rule"))
        canvas.setLineWidth(0.5)
        canvas.line(left, y + layout.footer_size + 1.8 * MM, right, y + layout.footer_size + 1.8 * MM)
        canvas.setFillColor(look.colour("text-muted"))
        canvas.setFont(regular, size)
        # Odd pages are right-hand pages: the number goes to the outer edge of each side.
        if number % 2:
            canvas.drawString(left, y, title)
        else:
            canvas.drawRightString(right, y, title)
        canvas.setFillColor(look.colour("primary"))
        canvas.setFont(semibold, layout.footer_size)
        if number % 2:
            canvas.drawRightString(right, y, label)
        else:
            canvas.drawString(left, y, label)
        canvas.restoreState()


class _Document(BaseDocTemplate):
    """A cover page template and a body template; counts the pages it makes."""

    def __init__(self, buffer: io.BytesIO, layout: _Layout, info: DocInfo, footer: _Footer) -> None:
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


def _render(campaign: Campaign, look: Look, layout: _Layout, total_pages: int | None) -> tuple[bytes, int]:
    """One pass of platypus; returns the PDF and its page count."""
    info = _doc_info(campaign)
    buffer = io.BytesIO()
    document = _Document(buffer, layout, info, _Footer(campaign.title, layout, look, total_pages))

    def make_canvas(*_args: object, **_kwargs: object) -> Canvas:
        # platypus offers its own arguments; the canvas must be flashgen's (fonts, invariant, metadata).
        return new_canvas(buffer, layout.pagesize, info, look.book, duplex="long", initial_font=look.body(400))

    try:
        document.build(_Book(campaign, layout, look).story(), canvasmaker=make_canvas)
    except LayoutError:  # a block taller than a page: platypus cannot split it
        raise FlashgenError(
            f"{campaign.path}: the booklet cannot fit a block of text on one page. Shorten the longest text of the "
            "content (often a source title or URL without spaces, or a very long paragraph)."
        ) from None
    return buffer.getvalue(), document.page_count
