"""Paragraphs and tables of the booklet: styles that never hyphenate, Vietnamese line breaks, links broken
where style guides break URLs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

from flashgen.documents.booklet.page import LEADING, PageLayout
from flashgen.pdf.kit import Look, vietnamese_lines
from flashgen.text.wordbreak import WordBreaker


def make_style(name: str, font: str, size: float, color: colors.Color, leading: float = 1.3, **extra: object) -> ParagraphStyle:
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
class Styles:
    """The paragraph styles of one booklet size."""

    body: ParagraphStyle
    heading: ParagraphStyle
    section: ParagraphStyle
    intro: ParagraphStyle
    note: ParagraphStyle
    summary_label: ParagraphStyle
    summary_side: ParagraphStyle
    summary_text: ParagraphStyle
    figure_label: ParagraphStyle
    figure_note: ParagraphStyle
    kicker: ParagraphStyle
    message: ParagraphStyle
    source_label: ParagraphStyle
    source_value: ParagraphStyle
    caption: ParagraphStyle

    @classmethod
    def make(cls, layout: PageLayout, look: Look) -> Styles:
        small, c = layout.small_size, look.colour
        return cls(
            body=make_style(
                "body", look.body(400), layout.body_size, c("text"), LEADING,
                alignment=TA_JUSTIFY if layout.justify else TA_LEFT,
            ),
            heading=make_style("heading", look.heading(700), layout.heading_size, c("primary"), 1.32),
            section=make_style("section", look.heading(700), layout.section_size, c("primary"), 1.22),
            intro=make_style("intro", look.body(500), layout.body_size, c("text-muted"), 1.35),
            note=make_style("note", look.body(400, italic=True), small, c("text-muted"), 1.4),
            summary_label=make_style("summary_label", look.heading(700), small - 1.5, c("text-muted"), 1.2),
            summary_side=make_style("summary_side", look.heading(700), small, c("link"), 1.3),
            summary_text=make_style("summary_text", look.body(400), small, c("text"), 1.38),
            figure_label=make_style("figure_label", look.heading(700), layout.heading_size - 0.5, c("text"), 1.3),
            figure_note=make_style("figure_note", look.body(400), small + 0.25, c("text-muted"), 1.38),
            kicker=make_style("kicker", look.heading(700), small, c("link"), 1.3),
            message=make_style("message", look.body(500), layout.body_size, c("text"), LEADING),
            source_label=make_style("source_label", look.heading(600), small - 0.5, c("text-muted"), 1.3),
            source_value=make_style("source_value", look.body(400), small + 0.25, c("text"), 1.38),
            caption=make_style("caption", look.body(400), small - 1, c("text-muted"), 1.3, alignment=TA_CENTER),
        )


def plain_paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped: content may contain '&' or '<')."""
    return Paragraph(escape(text), style)


def broken_paragraph(
    text: str, style: ParagraphStyle, width: float, breaker: WordBreaker, look: Look, heading: bool = True
) -> Paragraph:
    """``text`` broken into lines by flashgen's own Vietnamese line breaker, as the cards are."""
    lines = vietnamese_lines(text, look.named(style.fontName), style.fontSize, width, breaker, heading)
    if lines is None:  # a syllable wider than the column: let reportlab cut it
        return plain_paragraph(text, style)
    return Paragraph("<br/>".join(escape(line) for line in lines), style)


def make_table(data: list[list[object]], widths: list[float], font: str, commands: list[tuple], **options: object) -> Table:
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


def url_paragraph(url: str, style: ParagraphStyle, width: float, colour: str) -> Paragraph:
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
