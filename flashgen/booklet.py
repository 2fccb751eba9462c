"""Booklet — the campaign as a double-sided handout to print (A4 or A5 PDF).

Takes a ``Campaign`` and the ``FontBook``; returns the bytes of one PDF: a
cover (title, subtitle, organisation, year, the year's theme, and a QR code to
the source), every item with its number, its heading and its paragraph
exactly as written and a small summary box (from → to) set apart as a
summary, the campaign messages, and the source with its link. Pages after the
cover carry a running footer with the title and "Trang N / total".

It is what community digital technology teams hand to people who want to read
more, so it is typeset for an office printer: nothing closer than 10 mm to the
paper edge, long-edge duplex asked for, A5 reflowed (not a scaled A4). The
canvas comes from ``pdfkit.new_canvas``: only the bundled fonts, embedded and
subset, Vietnamese metadata, and the same bytes for the same input. Parts the
content leaves out (summaries, messages, source link) are left out of the
booklet without a trace. Problems are raised as ``FlashgenError``.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
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

from .content import Campaign, Item
from .errors import FlashgenError
from .fonts import FontBook, describe_characters
from .pdfkit import MM, DocInfo, font_name, new_canvas, register_fonts

NAVY = colors.HexColor("#0B2A5B")
BLUE = colors.HexColor("#12408A")
BRIGHT_BLUE = colors.HexColor("#1552B0")
GOLD = colors.HexColor("#FFC83D")
LIGHT = colors.HexColor("#F2F5FA")
TEXT = colors.HexColor("#1F2A3C")
MUTED = colors.HexColor("#5B6B82")
RULE = colors.HexColor("#D5DDEA")  # hairlines and box edges: light enough to stay secondary
PALE = colors.HexColor("#C9D6EE")  # secondary text on navy
RING = colors.HexColor("#214C93")  # cover decoration: just visible on navy
WHITE = colors.white

COVER_LABEL = "Tài liệu tuyên truyền"
QR_CAPTION = "Quét mã để đọc toàn văn bài phát biểu"
SUMMARY_LABEL = "Tóm tắt"
SUMMARY_NOTE = (
    "Tiêu đề in đậm và đoạn văn của mỗi điểm là nội dung gốc; khung “Tóm tắt” chỉ giúp đọc nhanh, "
    "không thay thế nội dung gốc."
)
MESSAGES_TITLE = "Thông điệp truyền thông"
SOURCE_TITLE = "Nguồn"


@dataclass(frozen=True)
class _Layout:
    """Every size that differs between A4 and A5 (points unless named _mm)."""

    name: str
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
    point_gap: float  # space between two points

    @property
    def width(self) -> float:
        return self.pagesize[0]

    @property
    def height(self) -> float:
        return self.pagesize[1]


LAYOUTS = {
    "A4": _Layout(
        name="A4", pagesize=A4, margin_x=20 * MM, margin_top=18 * MM, margin_bottom=24 * MM,
        footer_y=13 * MM, footer_size=8, body_size=10.75, heading_size=12.5, small_size=8.75,
        section_size=19, badge=8.5 * MM, cover_inset=12 * MM, cover_pad=14 * MM, cover_panel=0.6,
        cover_title_size=34, cover_subtitle_size=13.5, theme_size=15, qr=30 * MM, qr_small=25 * MM,
        point_gap=7 * MM,
    ),
    "A5": _Layout(
        name="A5", pagesize=A5, margin_x=14 * MM, margin_top=14 * MM, margin_bottom=20 * MM,
        footer_y=11.5 * MM, footer_size=7, body_size=9.75, heading_size=11, small_size=8,
        section_size=15, badge=7 * MM, cover_inset=11 * MM, cover_pad=10 * MM, cover_panel=0.6,
        cover_title_size=25, cover_subtitle_size=11, theme_size=12, qr=24 * MM, qr_small=22 * MM,
        point_gap=5.5 * MM,
    ),
}

LEADING = 1.4  # body text: room for stacked Vietnamese diacritics (Ẫ, Ệ) between lines


def build_booklet(campaign: Campaign, fonts: FontBook, page: str = "A4") -> bytes:
    """The PDF handout of ``campaign`` on ``page`` ("A4" or "A5") paper, as bytes."""
    layout = LAYOUTS.get(page)
    if layout is None:
        raise FlashgenError(f"'{page}' is not a booklet page size; use one of: {', '.join(LAYOUTS)}.")
    _check_glyphs(campaign, fonts)
    register_fonts(fonts)
    # Two passes: the footer says "Trang N / total", and the total is only
    # known after the first. The footer never changes the flow, so the count holds.
    _, total = _render(campaign, fonts, layout, total_pages=None)
    data, _ = _render(campaign, fonts, layout, total_pages=total)
    return data


# --------------------------------------------------------------------------- checks


def _texts(campaign: Campaign) -> Iterator[tuple[str, str]]:
    """Every text the booklet prints, with where it comes from (for error messages)."""
    yield "campaign, field 'title'", campaign.title
    yield "campaign, field 'subtitle'", campaign.subtitle
    yield "campaign, field 'organisation'", campaign.organisation
    yield "campaign, field 'theme'", campaign.theme
    for tag in campaign.hashtags:
        yield "campaign, field 'hashtags'", tag
    for name, value in vars(campaign.source).items():
        yield f"section 'source', field '{name}'", value
    for name, value in vars(campaign.compare).items():
        yield f"section 'compare', field '{name}'", value
    for item in campaign.items:
        for field, value in (("heading", item.heading), ("text", item.text), ("from", item.from_text), ("to", item.to_text)):
            yield f"item {item.number}, field '{field}'", value
    for index, message in enumerate(campaign.messages, start=1):
        yield f"messages, entry {index}", message


def _check_glyphs(campaign: Campaign, fonts: FontBook) -> None:
    """Refuse text the font cannot draw: reportlab would print an empty box instead."""
    face = fonts.resolve("Be Vietnam Pro", 400)
    for where, text in _texts(campaign):
        missing = face.missing_characters(text)
        if missing:
            raise FlashgenError(
                f"{campaign.path}, {where}: the booklet font cannot draw {describe_characters(missing)}; "
                "remove or replace these characters."
            )


# --------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class _Faces:
    """reportlab names of the weights the booklet uses."""

    regular: str
    italic: str
    medium: str
    semibold: str
    bold: str
    extrabold: str

    @classmethod
    def from_book(cls, fonts: FontBook) -> _Faces:
        return cls(
            regular=font_name(fonts, 400),
            italic=font_name(fonts, 400, italic=True),
            medium=font_name(fonts, 500),
            semibold=font_name(fonts, 600),
            bold=font_name(fonts, 700),
            extrabold=font_name(fonts, 800),
        )


def _style(name: str, font: str, size: float, color: colors.Color, leading: float = 1.3, **extra: object) -> ParagraphStyle:
    """A paragraph style that never hyphenates and never falls back to Helvetica."""
    return ParagraphStyle(
        name,
        fontName=font,
        fontSize=size,
        leading=round(size * leading, 2),
        textColor=color,
        # Vietnamese words are syllables: a hyphen inside one would be wrong,
        # and the official text must come out of the PDF exactly as written.
        hyphenationLang="",
        embeddedHyphenation=0,
        uriWasteReduce=0,
        splitLongWords=1,
        allowWidows=0,
        allowOrphans=0,
        **extra,
    )


@dataclass(frozen=True)
class _Styles:
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
    def make(cls, layout: _Layout, f: _Faces) -> _Styles:
        small = layout.small_size
        return cls(
            body=_style("body", f.regular, layout.body_size, TEXT, LEADING, alignment=TA_JUSTIFY),
            heading=_style("heading", f.bold, layout.heading_size, NAVY, 1.32),
            section=_style("section", f.bold, layout.section_size, NAVY, 1.22),
            intro=_style("intro", f.medium, layout.body_size, MUTED, 1.35),
            note=_style("note", f.italic, small, MUTED, 1.4),
            summary_label=_style("summary_label", f.semibold, small - 1, MUTED, 1.2),
            summary_side=_style("summary_side", f.bold, small, BRIGHT_BLUE, 1.3),
            summary_text=_style("summary_text", f.regular, small, TEXT, 1.38),
            message=_style("message", f.medium, layout.body_size, TEXT, LEADING),
            source_label=_style("source_label", f.semibold, small - 0.5, MUTED, 1.3),
            source_value=_style("source_value", f.regular, small + 0.5, TEXT, 1.38),
            caption=_style("caption", f.regular, small - 1, MUTED, 1.3, alignment=TA_CENTER),
        )


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped: content may contain '&' or '<')."""
    return Paragraph(escape(text), style)


def _table(data: list[list[object]], widths: list[float], commands: list[tuple]) -> Table:
    """A table whose empty cells cannot pull in reportlab's default Helvetica."""
    table = Table(data, colWidths=widths)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), _Table_font[0]), *commands]))
    return table


_Table_font = ["BeVietnamPro-Regular"]  # set per build from the FontBook (see _render)


# --------------------------------------------------------------------------- small drawings


class _Badge(Flowable):
    """A point's number in a navy disc with a gold ring: the handout's version of the card's big gold number."""

    def __init__(self, number: int, size: float, font: str, nudge: float) -> None:
        super().__init__()
        self.number = str(number)
        self.size = size
        self.font = font
        self.nudge = nudge  # lowers the disc so its centre sits on the heading's first line

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.size, self.size + self.nudge

    def draw(self) -> None:
        canvas, r = self.canv, self.size / 2
        canvas.setFillColor(NAVY)
        canvas.circle(r, r, r, stroke=0, fill=1)
        # Fewer digits, larger: "7" and "17" and "117" all stay inside the disc.
        font_size = self.size * (0.5 if len(self.number) < 3 else 0.38)
        canvas.setFillColor(GOLD)
        canvas.setFont(self.font, font_size)
        canvas.drawCentredString(r, r - font_size * 0.36, self.number)


class _Arrow(Flowable):
    """A small gold arrow between the two sides of a summary (the font has no →)."""

    def __init__(self, width: float, height: float) -> None:
        super().__init__()
        self.width, self.height = width, height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas, w, y = self.canv, self.width, self.height / 2
        canvas.setStrokeColor(GOLD)
        canvas.setFillColor(GOLD)
        canvas.setLineWidth(1.4)
        canvas.setLineCap(1)
        canvas.line(w * 0.15, y, w * 0.8, y)
        path = canvas.beginPath()
        path.moveTo(w * 0.9, y)
        path.lineTo(w * 0.64, y + w * 0.2)
        path.lineTo(w * 0.64, y - w * 0.2)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)


class _GoldRule(Flowable):
    """The short gold underline the cards put under a title."""

    def __init__(self, width: float, thickness: float, space_after: float) -> None:
        super().__init__()
        self.rule_width, self.thickness, self.spaceAfter = width, thickness, space_after

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.rule_width, self.thickness

    def draw(self) -> None:
        self.canv.setFillColor(GOLD)
        self.canv.roundRect(0, 0, self.rule_width, self.thickness, self.thickness / 2, stroke=0, fill=1)


def _draw_qr(canvas: Canvas, url: str, x: float, y: float, size: float) -> None:
    """A vector QR code of ``url``, ``size`` square including a 4-module white quiet zone, clickable."""
    # Level M survives a smudge or a fold; the quiet zone is part of ``size``
    # and painted white, so the code scans on any background.
    widget = QrCodeWidget(url, barLevel="M", barBorder=4, barWidth=size, barHeight=size)
    drawing = Drawing(size, size)
    drawing.add(widget)
    canvas.saveState()
    canvas.setFillColor(WHITE)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    renderPDF.draw(drawing, canvas, x, y, showBoundary=False)
    canvas.restoreState()
    canvas.linkURL(url, (x, y, x + size, y + size), relative=1, thickness=0)


class _QrBlock(Flowable):
    """The QR code with its caption below, for the source section."""

    def __init__(self, url: str, size: float, caption: Paragraph, caption_width: float) -> None:
        super().__init__()
        self.url, self.size, self.caption, self.caption_width = url, size, caption, caption_width

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = max(self.size, self.caption_width)
        _, self.caption_height = self.caption.wrap(self.caption_width, availHeight)
        self.height = self.size + 1.5 * MM + self.caption_height
        return self.width, self.height

    def draw(self) -> None:
        _draw_qr(self.canv, self.url, (self.width - self.size) / 2, self.height - self.size, self.size)
        self.caption.drawOn(self.canv, (self.width - self.caption_width) / 2, 0)


# --------------------------------------------------------------------------- cover


def _fit_paragraph(text: str, style: ParagraphStyle, width: float, max_height: float, min_size: float) -> Paragraph:
    """``text`` at the largest size (down to ``min_size``) whose wrapped height fits ``max_height``."""
    size = style.fontSize
    ratio = style.leading / style.fontSize
    while True:
        fitted = ParagraphStyle(f"{style.name}-{size}", parent=style, fontSize=size, leading=size * ratio)
        paragraph = _para(text, fitted)
        _, height = paragraph.wrap(width, max_height)
        if height <= max_height or size <= min_size:
            return paragraph
        size -= 0.5


class _Cover(Flowable):
    """The whole first page: navy panel with label and title, the year's theme, organisation, QR."""

    def __init__(self, campaign: Campaign, layout: _Layout, faces: _Faces) -> None:
        super().__init__()
        self.campaign, self.layout, self.faces = campaign, layout, faces

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, availHeight
        return availWidth, availHeight

    def draw(self) -> None:
        panel_y = self.height * (1 - self.layout.cover_panel)
        self._panel(panel_y)
        self._theme(panel_y)
        self._footer_block()

    # The navy panel ----------------------------------------------------------

    def _panel(self, panel_y: float) -> None:
        canvas, layout, pad = self.canv, self.layout, self.layout.cover_pad
        panel_h = self.height - panel_y
        canvas.saveState()
        outline = canvas.beginPath()
        outline.roundRect(0, panel_y, self.width, panel_h, 3 * MM)
        canvas.clipPath(outline, stroke=0, fill=0)
        canvas.setFillColor(NAVY)
        canvas.rect(0, panel_y, self.width, panel_h, stroke=0, fill=1)
        self._decoration(panel_y)
        canvas.restoreState()
        pill_bottom = self._label_pill(pad, self.height - pad)
        self._title_block(panel_y + pad, pill_bottom - 8 * MM)
        del layout

    def _decoration(self, panel_y: float) -> None:
        """Concentric circles and a dot grid in the top right, as on the cards."""
        canvas, w, top = self.canv, self.width, self.height
        cx, cy, r = w * 0.9, top - w * 0.08, w * 0.3
        canvas.setFillColor(BLUE)
        canvas.circle(cx, cy, r, stroke=0, fill=1)
        canvas.setStrokeColor(RING)
        canvas.setLineWidth(0.8)
        for factor in (0.7, 1.25, 1.55):
            canvas.circle(cx, cy, r * factor, stroke=1, fill=0)
        canvas.setFillColor(RING)
        step = w * 0.035
        for row in range(3):
            for col in range(row + 3):
                canvas.circle(cx - r * 0.15 - col * step, cy - r * 1.1 - row * step, step * 0.11, stroke=0, fill=1)
        del panel_y

    def _label_pill(self, x: float, top: float) -> float:
        """The gold "TÀI LIỆU TUYÊN TRUYỀN" pill; returns its bottom edge."""
        canvas, size = self.canv, self.layout.small_size + 0.5
        text = COVER_LABEL.upper()
        height = size * 2.1
        width = stringWidth(text, self.faces.bold, size) + size * 2.4
        canvas.setFillColor(GOLD)
        canvas.roundRect(x, top - height, width, height, height / 2, stroke=0, fill=1)
        canvas.setFillColor(NAVY)
        canvas.setFont(self.faces.bold, size)
        canvas.drawString(x + size * 1.2, top - height / 2 - size * 0.36, text)
        return top - height

    def _title_block(self, bottom: float, top: float) -> None:
        """Subtitle, gold rule and title, stacked upwards from the panel's bottom padding."""
        layout, width = self.layout, self.width - 2 * self.layout.cover_pad
        x, y = layout.cover_pad, bottom
        if self.campaign.subtitle:
            style = _style("cover_subtitle", self.faces.regular, layout.cover_subtitle_size, PALE, 1.35)
            subtitle = _para(self.campaign.subtitle, style)
            _, h = subtitle.wrap(width * 0.9, top - y)
            subtitle.drawOn(self.canv, x, y)
            y += h + 4 * MM
        self.canv.setFillColor(GOLD)
        self.canv.roundRect(x, y, 16 * MM, 1.6 * MM, 0.8 * MM, stroke=0, fill=1)
        y += 1.6 * MM + 5 * MM
        style = _style("cover_title", self.faces.extrabold, layout.cover_title_size, WHITE, 1.16)
        title = _fit_paragraph(self.campaign.title, style, width, top - y, layout.cover_title_size * 0.55)
        _, h = title.wrap(width, top - y)
        title.drawOn(self.canv, x, y)

    # Below the panel ---------------------------------------------------------

    def _theme(self, panel_y: float) -> None:
        """The year's theme under the panel, with a gold bar at its left like the cards' labels."""
        campaign, layout = self.campaign, self.layout
        if not campaign.theme:
            return
        x, width = layout.cover_pad, self.width - 2 * layout.cover_pad
        label = f"Chủ đề năm {campaign.year}" if campaign.year is not None else "Chủ đề"
        kicker = _para(label.upper(), _style("kicker", self.faces.bold, layout.small_size, BRIGHT_BLUE, 1.3))
        theme = _para(campaign.theme, _style("theme", self.faces.semibold, layout.theme_size, NAVY, 1.3))
        _, kh = kicker.wrap(width - 5 * MM, panel_y)
        _, th = theme.wrap(width - 5 * MM, panel_y)
        top = panel_y - layout.cover_pad * 0.9
        kicker.drawOn(self.canv, x + 5 * MM, top - kh)
        theme.drawOn(self.canv, x + 5 * MM, top - kh - 1.5 * MM - th)
        self.canv.setFillColor(GOLD)
        self.canv.rect(x, top - kh - 1.5 * MM - th, 1.4 * MM, kh + 1.5 * MM + th, stroke=0, fill=1)

    def _footer_block(self) -> None:
        """Organisation, year and hashtags bottom left; the QR code and its caption bottom right."""
        campaign, layout, canvas = self.campaign, self.layout, self.canv
        x, right = layout.cover_pad, self.width - layout.cover_pad
        bottom = layout.cover_pad * 0.4
        qr_width = 0.0
        if campaign.source.url:
            qr_width = layout.qr + 8 * MM
            caption = _para(QR_CAPTION, _style("qr_caption", self.faces.regular, layout.small_size - 0.5, MUTED, 1.3, alignment=TA_CENTER))
            _, ch = caption.wrap(qr_width, layout.qr)
            caption.drawOn(canvas, right - qr_width, bottom)
            _draw_qr(canvas, campaign.source.url, right - qr_width / 2 - layout.qr / 2, bottom + ch + 1.5 * MM, layout.qr)
        lines = []
        if campaign.organisation:
            lines.append(_para(campaign.organisation, _style("org", self.faces.bold, layout.body_size, NAVY, 1.3)))
        if campaign.year is not None:
            lines.append(_para(f"Năm {campaign.year}", _style("year", self.faces.medium, layout.body_size, MUTED, 1.3)))
        if campaign.hashtags:
            lines.append(_para("  ".join(campaign.hashtags), _style("tags", self.faces.semibold, layout.small_size, BRIGHT_BLUE, 1.3)))
        width = right - x - qr_width - 8 * MM
        y = bottom
        for paragraph in reversed(lines):
            _, h = paragraph.wrap(width, self.height)
            paragraph.drawOn(canvas, x, y)
            y += h + 1.2 * MM
        if lines:
            canvas.setStrokeColor(GOLD)
            canvas.setLineWidth(1.6)
            canvas.line(x, y + 2 * MM, x + 10 * MM, y + 2 * MM)


# --------------------------------------------------------------------------- points


class _Point(Flowable):
    """One point: badge + heading, the paragraph, the summary box, stacked.

    Its own ``split`` keeps the heading with at least the paragraph's first
    lines (no heading alone at a page bottom) and never leaves the summary
    box alone at the top of a page: the paragraph's last lines go with it.
    """

    MIN_LINES = 3  # lines of the paragraph that must follow the heading on its page

    def __init__(self, parts: list[Flowable], gap: float, space_before: float, lead: float, body_index: int | None) -> None:
        super().__init__()
        self.parts = parts
        self.gap = gap
        self.spaceBefore = space_before  # dropped by the frame at the top of a page
        self.lead = lead
        self.body_index = body_index

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
        self.wrap(availWidth, availHeight)
        if self.body_index is None:
            return []  # heading and summary only: never split, move on
        before = self.parts[: self.body_index]
        after = self.parts[self.body_index + 1 :]
        body = self.parts[self.body_index]
        above = sum(h for _, h in self.sizes[: self.body_index]) + self.gap * len(before)
        below = sum(h for _, h in self.sizes[self.body_index + 1 :]) + self.gap * len(after)
        body_h = self.sizes[self.body_index][1]
        room = availHeight - above
        if below and room >= body_h:
            # The paragraph fits but the summary does not: carry its last two lines over.
            room = body_h - 2 * self.lead - 0.5
        room = self.lead * int((room + 0.01) / self.lead)
        if room < self.MIN_LINES * self.lead:
            return []
        pieces = body.splitOn(self.canv, availWidth, room)
        if len(pieces) != 2:
            return []
        head = _Point([*before, pieces[0]], self.gap, self.spaceBefore, self.lead, len(before))
        tail = _Point([pieces[1], *after], self.gap, 0, self.lead, 0)
        return [head, tail]


def _point_heading(item: Item, styles: _Styles, layout: _Layout, faces: _Faces, width: float) -> Table:
    """Badge and heading side by side; the heading is the official text, printed as it is."""
    heading = _para(item.heading, styles.heading)
    # Lower the badge so its centre sits on the middle of the heading's first line.
    nudge = max(0.0, styles.heading.leading / 2 + styles.heading.fontSize * 0.12 - layout.badge / 2)
    badge_col = layout.badge + 3.5 * MM
    return _table(
        [[_Badge(item.number, layout.badge, faces.extrabold, nudge), heading]],
        [badge_col, width - badge_col],
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ],
    )


def _summary_box(item: Item, campaign: Campaign, styles: _Styles, width: float) -> Table | None:
    """The from/to summary in a light box, labelled "Tóm tắt": smaller and greyer than the official text."""
    sides = [
        (campaign.compare.from_label or campaign.compare.from_name, campaign.compare.from_name, item.from_text),
        (campaign.compare.to_label or campaign.compare.to_name, campaign.compare.to_name, item.to_text),
    ]
    sides = [side for side in sides if side[2]]
    if not sides:
        return None
    pad = 3 * MM
    cells: list[list[Flowable]] = []
    for label, name, text in sides:
        title = f"<b>{escape(label)}</b>" if label else ""
        if name and name != label:
            title += f'<font name="{styles.summary_label.fontName}" color="#5B6B82"> · {escape(name)}</font>'
        cells.append([Paragraph(title, styles.summary_side) if title else Spacer(1, 0), _para(text, styles.summary_text)])
    label = _para(SUMMARY_LABEL.upper(), styles.summary_label)
    if len(cells) == 2:
        arrow_w = 7 * MM
        column = (width - arrow_w) / 2
        data = [
            [label, "", ""],
            [cells[0][0], _Arrow(arrow_w, styles.summary_side.leading), cells[1][0]],
            [cells[0][1], "", cells[1][1]],
        ]
        widths = [column, arrow_w, column]
        spans = [("SPAN", (0, 0), (-1, 0)), ("SPAN", (1, 1), (1, 2))]
    else:
        data = [[label], [cells[0][0]], [cells[0][1]]]
        widths = [width]
        spans = []
    return _table(
        data,
        widths,
        [
            *spans,
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, -1), LIGHT),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("LEFTPADDING", (1, 1), (1, 2), 0),
            ("RIGHTPADDING", (1, 1), (1, 2), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, 0), pad * 0.8),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 1.2 * MM),
            ("BOTTOMPADDING", (0, 1), (-1, 1), 0.8 * MM),
            ("BOTTOMPADDING", (0, -1), (-1, -1), pad),
        ],
    ) if not _set_rounded(data) else None


def _set_rounded(_data: list) -> bool:
    return False


def _point(item: Item, campaign: Campaign, styles: _Styles, layout: _Layout, faces: _Faces, width: float) -> _Point:
    badge_col = layout.badge + 3.5 * MM
    parts: list[Flowable] = [_point_heading(item, styles, layout, faces, width)]
    body_index = None
    if item.text:
        body_index = len(parts)
        parts.append(_Indented(_para(item.text, styles.body), badge_col))
    summary = _summary_box(item, campaign, styles, width - badge_col)
    if summary is not None:
        parts.append(_Indented(summary, badge_col))
    return _Point(parts, 2.5 * MM, layout.point_gap, styles.body.leading, body_index)


class _Indented(Flowable):
    """A flowable shifted right by ``indent`` (text and summary line up with the heading, not the badge)."""

    def __init__(self, content: Flowable, indent: float) -> None:
        super().__init__()
        self.content, self.indent = content, indent

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        w, h = self.content.wrapOn(self.canv, availWidth - self.indent, availHeight)
        self.width, self.height = w + self.indent, h
        return self.width, self.height

    def draw(self) -> None:
        self.content.drawOn(self.canv, self.indent, 0)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        pieces = self.content.splitOn(self.canv, availWidth - self.indent, availHeight)
        return [_Indented(piece, self.indent) for piece in pieces]
