"""Paragraphs and tables of the booklet: styles that never hyphenate, Vietnamese line breaks, links broken
where style guides break URLs."""

from __future__ import annotations

import functools
import pickle
import re
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table, TableStyle
from reportlab.platypus import Paragraph as ReportlabParagraph
from reportlab.platypus.paragraph import cleanBlockQuotedText

from flashgen.documents.booklet.page import HANDOUT, LEADING, PageLayout
from flashgen.load.resources import DATA_DIR
from flashgen.load.svgdoc import escape
from flashgen.pdf.kit import (
    Look,
    actual_text,
    paragraph_key,
    registered_face,
    term_aware_lines,
    vietnamese_lines,
)
from flashgen.text import memo
from flashgen.text.wordbreak import WordBreaker, cost_overrides

RUNNING_TEXT_FILE = DATA_DIR / "running-text.yaml"
FONT_NAMES = re.compile(r'<font name="([^"]+)"')  # faces a paragraph's markup names besides its style's


def make_style(name: str, font: str, size: float, color: colors.Color, leading: float = 1.3, **extra: object) -> ParagraphStyle:
    """A paragraph style that never hyphenates and names its font (no Helvetica default).

    No text of a handout is smaller than the medium's body minimum (flashgen/data/media.yaml, "handout"):
    a size below it is raised to it.
    """
    size = max(size, HANDOUT.body)
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
            body=make_style("body", look.body(400), layout.body_size, c("text"), LEADING),
            heading=make_style("heading", look.heading(700), max(layout.heading_size, HANDOUT.heading), c("primary"), 1.32),
            section=make_style("section", look.heading(700), max(layout.section_size, HANDOUT.heading), c("primary"), 1.22),
            intro=make_style("intro", look.body(500), layout.body_size, c("text-muted"), 1.35),
            note=make_style("note", look.body(400, italic=True), small, c("text-muted"), 1.4),
            summary_label=make_style("summary_label", look.heading(700), small - 1.5, c("text-muted"), 1.2),
            summary_side=make_style("summary_side", look.heading(700), small, c("link"), 1.3),
            summary_text=make_style("summary_text", look.body(400), small, c("text"), 1.38),
            figure_label=make_style("figure_label", look.heading(700), max(layout.heading_size - 0.5, HANDOUT.heading),
                                    c("text"), 1.3),
            figure_note=make_style("figure_note", look.body(400), small + 0.25, c("text-muted"), 1.38),
            kicker=make_style("kicker", look.heading(700), small, c("link"), 1.3),
            message=make_style("message", look.body(500), layout.body_size, c("text"), LEADING),
            source_label=make_style("source_label", look.heading(600), small - 0.5, c("text-muted"), 1.3),
            source_value=make_style("source_value", look.body(400), small + 0.25, c("text"), 1.38),
            caption=make_style("caption", look.body(400), small - 1, c("text-muted"), 1.3, alignment=TA_CENTER),
        )


@dataclass(frozen=True)
class _Broken:
    """A paragraph's last line breaking: for which widths and fragments, the lines, and what it set beside them."""

    widths: object
    frags: list
    lines: Any  # reportlab's ParaLines
    beside: dict[str, Any]


class Paragraph(ReportlabParagraph):
    """reportlab's paragraph, breaking its lines once per width.

    platypus wraps one paragraph many times at the same width in one pass (a
    point's wrap, the frame's, a table sizing its cells, then drawing them), and
    reportlab breaks every line again each time: about a fifth of the booklet's
    time. The lines are kept while the width and the fragments are the same
    (the same inputs give the same lines); a new width or new text (a
    ``LinedParagraph`` broken for another width) breaks them again. Only for
    the paragraph's own life: nothing is kept between passes or builds.
    """

    BESIDE = ("_width_max", "_splitLongWordCount", "_hyphenations")  # what breakLines sets besides its lines
    markup: str | None = None  # the text it was made from (not a piece of a split, made from fragments)

    def _setup(self, text: str | None, style: ParagraphStyle, bulletText: str | None, frags: list | None,
               cleaner: Any) -> None:
        self.markup = text if frags is None else None
        super()._setup(text, style, bulletText, frags, cleaner)

    def breakLines(self, width: Any) -> Any:
        widths = tuple(width) if isinstance(width, list | tuple) else width
        known: _Broken | None = self.__dict__.get("_broken")
        if known is not None and known.widths == widths and known.frags is self.frags:
            self.__dict__.update(known.beside)
            return known.lines
        # A bullet changes the widths it was given: such a paragraph is broken each time, as reportlab does.
        if self.bulletText is not None or self.markup is None:
            return super().breakLines(width)
        lines, beside = self._kept_lines(width, widths)
        self.__dict__.update(beside)
        self._broken = _Broken(widths, self.frags, lines, beside)
        return lines

    def _kept_lines(self, width: Any, widths: object) -> tuple[Any, dict[str, Any]]:
        """reportlab's lines for ``width``, kept in the layout cache (text/memo.py) by the markup, the style, its
        faces' files and the width: the booklet sets every paragraph in two or three passes and again after an
        edit of another item, the same lines each time. Kept as pickled bytes, read only when used."""
        assert self.markup is not None
        names = {self.style.fontName, *FONT_NAMES.findall(self.markup)}
        faces = [face for name in sorted(names) if (face := registered_face(name)) is not None]
        parts = paragraph_key("booklet lines", "documents/booklet/paragraphs.py", self.markup, self.style, faces, widths)
        made: list[tuple[Any, dict[str, Any]]] = []

        def broken() -> bytes:
            lines = super(Paragraph, self).breakLines(width)
            made.append((lines, {name: getattr(self, name) for name in self.BESIDE if hasattr(self, name)}))
            return pickle.dumps(made[0], protocol=pickle.HIGHEST_PROTOCOL)

        kept = memo.remembered(parts, broken)
        return made[0] if made else pickle.loads(kept)


def plain_paragraph(text: str, style: ParagraphStyle, breaker: WordBreaker, look: Look, heading: bool = True) -> Paragraph:
    """A paragraph of plain text (a label, an organisation, a caption) broken by flashgen's phrase breaker for the width
    it gets: "Sở Thông tin và Truyền thông tỉnh Quảng Ninh" keeps its name whole, where reportlab breaks at any space.
    ``heading``: a display line (balanced, no line ending on a function word) rather than running text."""
    return LinedParagraph(text, style, breaker=breaker, look=look, heading=heading)


class LinedParagraph(Paragraph):
    """Plain text broken into lines by flashgen's Vietnamese line breaker for the width it is given.

    reportlab breaks greedily at any space: a paragraph could end on a lone
    syllable ("… đổi / số.") and split words ("chuyển / đổi số"). flashgen's
    breaker chooses the breaks over the whole paragraph (text/layout.py: words
    kept whole, a lone last syllable avoided when a better break exists). The
    lines are joined with <br/> and set ragged-right: running text with the
    costs of flashgen/data/running-text.yaml (full lines, a mild ragged edge),
    display lines (``heading``) balanced. The text copied from the PDF is
    still exactly ``text``.

    Pieces of a split are plain paragraphs of the lines already chosen
    (reportlab makes them with ``self.__class__(None, style, frags=...)``, so
    without ``breaker`` it behaves as a plain ``Paragraph``).
    """

    lines: list[str] | None = None

    def __init__(self, text: str | None, style: ParagraphStyle, bulletText: str | None = None, frags: list | None = None,
                 caseSensitive: int = 1, encoding: str = "utf8", *, breaker: WordBreaker | None = None,
                 look: Look | None = None, heading: bool = False) -> None:
        self.source, self.breaker, self.look, self.heading = text, breaker, look, heading
        self.broken_for: float | None = None
        markup = escape(text) if breaker is not None and text is not None else text
        super().__init__(markup, style, bulletText, frags, caseSensitive, encoding)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self.breaker is not None and self.look is not None and self.broken_for != availWidth:
            self._break(availWidth)
        return super().wrap(availWidth, availHeight)

    def _break(self, width: float) -> None:
        style, text = self.style, self.source or ""
        face = self.look.named(style.fontName)
        breaker = self.breaker if self.heading else running_text(self.breaker)
        lines = vietnamese_lines(text, face, style.fontSize, width, breaker, self.heading)
        # None: a syllable wider than the column; reportlab cuts it.
        self.lines = lines
        markup = "<br/>".join(escape(line) for line in lines) if lines else escape(text)
        self._setup(markup, style, self.bulletText, None, cleanBlockQuotedText)
        self.broken_for = width
        if hasattr(self, "blPara"):
            del self.blPara  # lines of another width


    def split(self, availWidth: float, availHeight: float) -> list[Paragraph]:
        """reportlab's split (widows and orphans as the style says), the pieces made again from the lines: its own
        second piece would start with an empty line (the <br/> that ended the first)."""
        pieces = super().split(availWidth, availHeight)
        if len(pieces) != 2 or not self.lines:
            return pieces
        kept = len(pieces[0].blPara.lines)
        first = Paragraph("<br/>".join(escape(line) for line in self.lines[:kept]), self.style)
        rest = Paragraph("<br/>".join(escape(line) for line in self.lines[kept:]), self.style)
        return [first, rest]


@functools.lru_cache(maxsize=8)
def running_text(breaker: WordBreaker) -> WordBreaker:
    """``breaker`` with the costs of a handout's running text (flashgen/data/running-text.yaml): full lines."""
    return breaker.with_costs(cost_overrides(RUNNING_TEXT_FILE))


def text_paragraph(text: str, style: ParagraphStyle, breaker: WordBreaker, look: Look) -> LinedParagraph:
    """Running text (a point's paragraph, a message, a summary, a note) broken by flashgen for the width it gets."""
    return LinedParagraph(text, style, breaker=breaker, look=look)


def broken_paragraph(
    text: str, style: ParagraphStyle, width: float, breaker: WordBreaker, look: Look, heading: bool = True
) -> Paragraph:
    """``text`` broken into lines by flashgen's own Vietnamese line breaker, as the cards are (a glossary term wider
    than the line broken between its words: ``term_aware_lines``)."""
    lines = term_aware_lines(text, look.named(style.fontName), style.fontSize, width, breaker, heading)
    if lines is None:  # a syllable wider than the column: let reportlab cut it
        return Paragraph(escape(text), style)
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


def url_lines(url: str, font: str, size: float, width: float) -> list[str]:
    """``url`` in lines of ``width``: broken after a slash, and only where a part between slashes is wider than a line,
    before a dot, underscore, "?", "#", "%" or "~" or after "=", "&" or the URL's own hyphen.

    No hyphen is ever added and no line starts with one: a reader would take
    "-truong" for a broken word, and "Bo-" at a line end is the URL's own
    hyphen (the copied text is the whole URL in any case: see ``UrlLines``).
    """
    def wide(text: str) -> bool:
        return stringWidth(text, font, size) > width

    tokens: list[str] = []
    for part in re.split(r"(?<=/)(?!/)", url):
        if not wide(part):
            tokens.append(part)
            continue
        for piece in re.split(r"(?=[._?#%~])|(?<=[=&])|(?<=-)(?!-)", part):
            tokens += _cut_letters(piece, font, size, width) if wide(piece) else [piece]
    lines = [""]
    for token in filter(None, tokens):
        if lines[-1] and wide(lines[-1] + token):
            lines.append("")
        lines[-1] += token
    return lines


def _cut_letters(piece: str, font: str, size: float, width: float) -> list[str]:
    """A piece of a URL wider than a line (a long word without any mark), cut between letters into lines."""
    lines, line, used = [], "", 0.0
    for letter in piece:
        advance = stringWidth(letter, font, size)
        if line and used + advance > width:
            lines.append(line)
            line, used = "", 0.0
        line, used = line + letter, used + advance
    return [*lines, line]


class UrlLines(Flowable):
    """The URL as a link, in lines broken by ``url_lines``, copied from the PDF as the whole URL (an /ActualText span:
    pdftotext would otherwise drop a hyphen that ends a line)."""

    def __init__(self, url: str, style: ParagraphStyle, colour: colors.Color) -> None:
        super().__init__()
        self.url, self.style, self.colour = url, style, colour

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.lines = url_lines(self.url, self.style.fontName, self.style.fontSize, availWidth)
        self.width, self.height = availWidth, len(self.lines) * self.style.leading
        return self.width, self.height

    def draw(self) -> None:
        canvas, style = self.canv, self.style
        canvas.setFillColor(self.colour)
        canvas.setFont(style.fontName, style.fontSize)
        with actual_text(canvas, self.url):
            for index, line in enumerate(self.lines):
                # reportlab's first baseline: one font size below the top, then one leading per line.
                canvas.drawString(0, self.height - style.fontSize - index * style.leading, line)
        canvas.linkURL(self.url, (0, 0, self.width, self.height), relative=1, thickness=0)
