"""Laid-out lines drawn as glyph runs: part of stage 5, render.

Finds flashgen's laid-out lines (``compose.text_element``: a ``<text>`` of
``<tspan>`` lines with one x per character) in the nodes CairoSVG parsed, and
draws each with a single cairo call; cairosvg_internals.py sets the font,
size, colour and options of each line as CairoSVG would and calls these.

The glyphs are the ones HarfBuzz chose (load/shaping.py: kerning, marks,
complex-script reordering and subscripts), each cluster starting at the x
compose wrote for its first character (compose computed those xs from the
same shaped run, so what the layout measured is what is drawn).

CairoSVG draws text one character at a time and lays each character out
twice in Python (once as a path, once as text): on a card full of text that
was more than half of the drawing time. Here each line goes to cairo as one
run of glyphs at exactly the positions compose wrote. For one glyph per
character (all Vietnamese text) the pixels are those CairoSVG would draw at
the same positions, except that a glyph whose position falls on half a pixel
may round the other way (cairo places image glyphs on whole pixels); a
script that needs shaping (Khmer) CairoSVG would draw wrongly. In a PDF every
glyph, spaces included, maps back to its characters (cairo's clusters), so
text copied out of a deck is the official text.

Anything else (other text, text with a stroke, gradient, anchor, spacing,
filter, mask, clip or opacity) is left to CairoSVG, which draws it as before.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flashgen.load import shaping
from flashgen.load.fonts import Face

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


# The faces lines may be drawn with, by the family name compose writes (Face.render_family).
_faces: dict[str, Face] = {}


def use_faces(faces: tuple[Face, ...]) -> None:
    """Make ``faces`` drawable as glyph runs (render.prepare calls it; forked workers inherit it)."""
    _faces.update({face.render_family: face for face in faces})


def _face(node: Any) -> Face:
    family = (node.get("font-family") or "").split(",")[0].strip("\"' ")
    face = _faces.get(family)
    if face is None:  # compose only writes families of the book render.prepare was given
        raise AssertionError(f"no face for the laid-out line's font family '{family}': call render.prepare first")
    return face


def show_line(context: Any, line: Line) -> None:
    """One line in one call: HarfBuzz's glyphs, each cluster at compose's x for its first character.

    The clusters tell a PDF which characters each group of glyphs draws, so
    the text copied out of it is the line's text exactly, spaces included.
    """
    text = line.node.text
    face = _face(line.node)
    run = face.run(text)
    xx, yx, *_ = context.get_font_matrix().as_tuple()
    size = math.hypot(xx, yx)
    starts: dict[int, float] = {}
    glyphs = []
    for glyph, pen in zip(run.glyphs, run.pens()):
        start = starts.setdefault(glyph.cluster, pen)
        x = line.xs[glyph.cluster] + (pen - start + glyph.x_offset) * size
        glyphs.append((glyph.id, x, line.y - glyph.y_offset * size))
    ordered, clusters = _pdf_clusters(text, run.clusters(), glyphs, lambda gid: shaping.nominal_advance(face.path, gid) * size)
    context.show_text_glyphs(text, ordered, clusters, 0)


_Placed = tuple[int, float, float]  # glyph id, x, y as cairo takes them


def _pdf_clusters(
    text: str, clusters: list[tuple[int, int]], glyphs: list[_Placed], width: Callable[[int], float]
) -> tuple[list[_Placed], list[tuple[int, int]]]:
    """The glyphs and cairo's (UTF-8 bytes, glyphs) clusters that copy back out of a PDF as ``text``.

    One character, one glyph (all Vietnamese): one cluster each, as the font's
    ToUnicode map says. A word with any other cluster (Khmer subscripts,
    reordered vowels, joined pairs) becomes one cluster, which cairo writes as
    a span with its text (/ActualText). A PDF reader takes a span to run from
    its first glyph to where its last glyph ends (by the glyph's own width);
    a mark of no width last, left of the word's end, would read as a gap, that
    is a space in the middle of the word. So the word's leftmost glyph goes
    first and the one reaching furthest right last (drawing order does not
    change the pixels: every glyph of a line has the same colour).
    """
    ordered: list[_Placed] = []
    result: list[tuple[int, int]] = []
    chars = glyph_at = 0
    for word in _words(text, clusters):
        characters, count = sum(c for c, _ in word), sum(g for _, g in word)
        mine = glyphs[glyph_at:glyph_at + count]
        if all(cluster == (1, 1) for cluster in word):
            ordered += mine
            result += [(len(text[chars + i].encode("utf-8")), 1) for i in range(characters)]
        else:
            ordered += _span_order(mine, width)
            result.append((len(text[chars:chars + characters].encode("utf-8")), count))
        chars += characters
        glyph_at += count
    return ordered, result


def _span_order(glyphs: list[_Placed], width: Callable[[int], float]) -> list[_Placed]:
    """``glyphs`` with the leftmost first and the one whose own width reaches furthest right last."""
    if len(glyphs) < 2:
        return glyphs
    first = min(glyphs, key=lambda g: g[1])
    rest = [g for g in glyphs if g is not first]
    last = max(rest, key=lambda g: g[1] + width(g[0]))
    return [first, *(g for g in rest if g is not last), last]


def _words(text: str, clusters: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """``clusters`` grouped into words: a space's cluster is a word of its own."""
    words: list[list[tuple[int, int]]] = []
    at = 0
    for cluster in clusters:
        space = text[at] == " "
        if space or not words or text[at - 1] == " ":
            words.append([cluster])
        else:
            words[-1].append(cluster)
        at += cluster[0]
    return words
