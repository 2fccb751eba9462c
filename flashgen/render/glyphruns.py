"""Laid-out lines drawn as glyph runs: part of stage 5, render.

Finds flashgen's laid-out lines (``compose.text_element``: a ``<text>`` of
``<tspan>`` lines with one x per character) in the nodes CairoSVG parsed, and
draws each with a single cairo call; cairosvg_internals.py sets the font,
size, colour and options of each line as CairoSVG would and calls these.

CairoSVG draws text one character at a time and lays each character out
twice in Python (once as a path, once as text): on a card full of text that
was more than half of the drawing time. Here each line goes to cairo as one
run of glyphs at exactly the positions compose wrote. The pixels are the
same, except that a glyph whose position falls on half a pixel may round the
other way (cairo places image glyphs on whole pixels). In a PDF every glyph,
spaces included, maps back to its character, so text copied out of a deck is
the official text.

Anything else (other text, text with a stroke, gradient, anchor, spacing,
filter, mask, clip or opacity) is left to CairoSVG, which draws it as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Attributes whose effect on text only CairoSVG's own drawing reproduces. Inherited ones
# show on each tspan too (CairoSVG copies inherited attributes down to children).
_CAIROSVG_ONLY = (
    "mask", "filter", "clip", "clip-path", "rotate", "dx", "dy", "font", "textLength", "letter-spacing",
    "word-spacing", "dominant-baseline", "alignment-baseline", "display-anchor", "href",
    "{http://www.w3.org/1999/xlink}href",
)


@dataclass(frozen=True)
class Line:
    node: Any  # the CairoSVG node of the <tspan>; its text is the line
    xs: tuple[float, ...]
    y: float


def _plain(node: Any) -> bool:
    """True if ``node`` has none of the text features only CairoSVG draws."""
    if any(name in node for name in _CAIROSVG_ONLY):
        return False
    if node.get("text-anchor", "start") != "start" or float(node.get("opacity", 1)) != 1:
        return False
    if node.get("display") == "none" or node.get("visibility") == "hidden":
        return False
    if node.get("stroke", "none") != "none":
        return False
    return "url(" not in node.get("fill", "")


def _numbers(value: str) -> tuple[float, ...] | None:
    try:
        return tuple(float(part) for part in value.replace(",", " ").split())
    except ValueError:  # units or percentages: CairoSVG resolves them
        return None


def _between_lines(child: Any) -> bool:
    """White space between the lines: nothing to draw."""
    return "x" not in child and not child.text.strip()


def _line(child: Any) -> Line | None:
    """The line a plain <tspan> draws, or None unless it has one x per character and one y."""
    xs, ys = _numbers(child.get("x", "")), _numbers(child.get("y", ""))
    if xs is None or ys is None or len(xs) != len(child.text) or len(ys) != 1:
        return None
    return Line(child, xs, ys[0])


def laid_out_lines(node: Any) -> list[Line] | None:
    """The lines of a <text> written by compose, or None if ``node`` is any other node."""
    if node.tag != "text" or node.text or not node.children or not _plain(node):
        return None
    lines = []
    for child in node.children:
        if child.tag != "tspan" or child.children or not _plain(child):
            return None
        if _between_lines(child):
            continue
        line = _line(child)
        if line is None:
            return None
        lines.append(line)
    return lines or None


def show_line(context: Any, line: Line) -> None:
    """One line in one call, one glyph per character: a PDF maps each glyph back to its character."""
    text = line.node.text
    indices = context.get_scaled_font().text_to_glyphs(0, 0, text, False)
    if len(indices) != len(text):  # cairo's simple text API maps one character to one glyph
        raise AssertionError(f"cairo gave {len(indices)} glyphs for {len(text)} characters")
    glyphs = [(index, x, line.y) for (index, _, _), x in zip(indices, line.xs)]
    clusters = [(len(char.encode("utf-8")), 1) for char in text]
    context.show_text_glyphs(text, glyphs, clusters, 0)
