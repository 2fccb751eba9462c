"""Text on the leaflet: Vietnamese line breaks (the cards' line breaker), set by reportlab.

``Type`` holds the theme and the line breaker: it makes text flowables in
the theme's fonts and fits a heading to an area at the largest of a list of
sizes; ``height_of`` and ``draw_top`` measure and place any flowable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.fonts import Face
from flashgen.load.media import medium
from flashgen.load.svgdoc import escape
from flashgen.pdf.kit import MM, Look, paragraph_key, phrased, term_aware_lines
from flashgen.text import memo
from flashgen.text.fit import largest_fitting
from flashgen.text.wordbreak import WordBreaker

REGULAR, MEDIUM, SEMIBOLD, BOLD, EXTRABOLD, BLACK = 400, 500, 600, 700, 800, 900  # font weights
# Type sizes (pt), tried largest first, of the inside's title and the back panel's organisation.
HEADER_SIZES = (16.0, 15.0, 14.0, 13.0, 12.0, 11.0)
TALL = 10_000.0  # an "unlimited" height, for measuring
# The smallest type a leaflet may carry (flashgen/data/media.yaml, "handout"): any text (labels, notes and
# captions included) at least BODY_MIN, an item's heading at least HEADING_MIN.
HANDOUT = medium("handout")
BODY_MIN, HEADING_MIN = HANDOUT.body, HANDOUT.heading


class VietText(Flowable):
    """A paragraph broken where Vietnamese allows, then set as a reportlab ``Paragraph``.

    reportlab breaks at any space, so "chuyển đổi | số" could happen; the
    cards' line breaker keeps words and glossary terms
    whole and, for headings, balances the lines and avoids a lone last
    syllable. Its lines become explicit line breaks, so the text on the page
    (and copied from the PDF) is still exactly the content's.
    """

    def __init__(self, text: str, style: ParagraphStyle, face: Face, breaker: WordBreaker, heading: bool) -> None:
        super().__init__()
        self.text, self.style, self.heading = text, style, heading
        self.face = face
        self.breaker = breaker
        self._markup = ""
        self._set: dict[float, tuple[str, float]] = {}  # markup and height by width: columns differ, sizes are tried

    def _lines(self, width: float) -> list[str]:
        lines = term_aware_lines(self.text, self.face, self.style.fontSize, width, self.breaker, self.heading)
        return [self.text] if lines is None else lines  # a syllable wider than the line: reportlab breaks it

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if available_width not in self._set:
            markup = "<br/>".join(escape(line) for line in self._lines(available_width))
            self._set[available_width] = (markup, _height(markup, self.style, self.face, available_width))
        self._markup, height = self._set[available_width]
        self.width, self.height = available_width, height
        return available_width, height

    def draw(self) -> None:
        _set(self._markup, self.style, self.width).drawOn(self.canv, 0, 0)

    def phrased(self, width: float) -> bool:
        """Whether at ``width`` no line break goes against the rules (``TextBlock.weak_breaks``)."""
        return phrased(self.text, self.face, self.style.fontSize, width, self.breaker, self.heading)


def _height(markup: str, style: ParagraphStyle, face: Face, width: float) -> float:
    """The height of ``markup`` set in ``style`` (in ``face``) at ``width``, kept in the layout cache (text/memo.py).

    The leaflet's plan search and size fits measure a few hundred texts and
    draw a few dozen of them: measuring is most of its work. After an edit, the
    other items' texts measure as before: their heights are taken from the last
    build, and only the texts drawn are set by reportlab (``_set``).
    """
    parts = paragraph_key("leaflet text height", "documents/leaflet/typeset.py", markup, style, [face], width)
    return memo.remembered(parts, lambda: _set(markup, style, width).height)


_SET: dict[tuple[str, str, float], Paragraph] = {}  # by markup, style and width (``_set``)
SET_KEPT = 4096  # paragraphs kept per process (a leaflet sets a few hundred)


def _set(markup: str, style: ParagraphStyle, width: float) -> Paragraph:
    """``markup`` set by reportlab in ``style`` at ``width`` (wrapped), once per process.

    The leaflet's plan search and size fits measure texts in new flowables
    each time: about a third of a build's settings repeat one made before
    (452 of them, 287 different, for the bundled campaign), and a watch builds
    again in the same process. A set paragraph is only read after (its height,
    its lines when drawn), so one object serves them all.
    """
    key = (markup, repr(sorted(style.__dict__.items())), width)
    found = _SET.get(key)
    if found is None:
        if len(_SET) >= SET_KEPT:
            _SET.clear()
        found = _SET[key] = Paragraph(markup, style)
        found.wrap(width, TALL)
    return found


@dataclass(frozen=True)
class Type:
    """The leaflet's theme and line breaker: makes text flowables, names fonts and colours for the canvas.

    Headings, numbers and labels are set in the theme's "heading" font,
    running text (summaries, messages, the source) in its "body" font.
    """

    look: Look
    breaker: WordBreaker

    def font(self, weight: int, role: str = "heading") -> str:
        return self.look.face(role, weight).postscript_name

    def colour(self, role: str) -> Color:
        return self.look.colour(role)

    def text(self, text: str, role: str, weight: int, size: float, color: Color, leading: float = 1.3,
             heading: bool = False) -> VietText:
        face = self.look.face(role, weight)
        size = max(size, BODY_MIN)
        style = ParagraphStyle(
            name=f"{role}/{weight}/{size}", fontName=face.postscript_name, fontSize=size, leading=size * leading,
            textColor=color,
        )
        return VietText(text, style, face, self.breaker, heading)

    def fitted(self, text: str, weight: int, color: Color, sizes: Sequence[float], width: float,
               height: float, what: str) -> VietText:
        """``text`` as a heading at the largest of ``sizes`` that fits ``width`` × ``height``."""

        def attempt(size: float, phrased: bool) -> VietText | None:
            flowable = self.text(text, "heading", weight, size, color, leading=1.22, heading=True)
            fits = height_of(flowable, width) <= height and (not phrased or flowable.phrased(width))
            return flowable if fits else None

        # A smaller size that breaks between phrases beats a larger one that splits "công / nghệ".
        fitted = largest_fitting(sizes, lambda size: attempt(size, True)) or largest_fitting(
            sizes, lambda size: attempt(size, False))
        if fitted is not None:
            return fitted
        raise FlashgenError(
            _(
                "The {what} is too long for the leaflet: even at {size:g} pt it does not fit its "
                "{width:.0f} × {height:.0f} mm area. Shorten it in the content file."
            ).format(what=what, size=sizes[-1], width=width / MM, height=height / MM),
            code="overflow",
        )


def height_of(flowable: Flowable, width: float) -> float:
    return flowable.wrap(width, TALL)[1]


def draw_top(canvas: Canvas, flowable: Flowable, x: float, top: float, width: float) -> float:
    """Draw ``flowable`` hanging from ``top``; return its bottom."""
    height = height_of(flowable, width)
    flowable.drawOn(canvas, x, top - height)
    return top - height
