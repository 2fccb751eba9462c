"""Laid-out lines drawn as glyph runs: part of stage 4, render.

Takes a CairoSVG surface class; gives one that draws flashgen's laid-out
lines (``compose.text_element``: a ``<text>`` of ``<tspan>`` lines with one x
per character) with a single cairo call per line.

CairoSVG draws text one character at a time and lays each character out
twice in Python (once as a path, once as text): on a card full of text that
was more than half of the drawing time. Here each line goes to cairo as one
run of glyphs at exactly the positions compose wrote, with the same font,
size, colour and options. The pixels are the same, except that a glyph
whose position falls on half a pixel may round the other way (cairo places
image glyphs on whole pixels). In a PDF every glyph, spaces included, maps
back to its character, so text copied out of a deck is the official text.

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
class _Line:
    node: Any  # the cairosvg Node of the <tspan>; its text is the line
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


def _lines(node: Any) -> list[_Line] | None:
    """The lines of a <text> written by compose, or None if it is any other text."""
    if node.tag != "text" or node.text or not node.children or not _plain(node):
        return None
    lines = []
    for child in node.children:
        if child.tag != "tspan" or child.children or not _plain(child):
            return None
        if "x" not in child and not child.text.strip():
            continue  # white space between the lines: nothing to draw
        xs, ys = _numbers(child.get("x", "")), _numbers(child.get("y", ""))
        if xs is None or ys is None or len(xs) != len(child.text) or len(ys) != 1:
            return None
        lines.append(_Line(child, xs, ys[0]))
    return lines or None


def glyph_run_surface(base: type) -> type:
    """``base`` (a CairoSVG surface class) drawing compose's lines as glyph runs."""

    class GlyphRunSurface(base):  # type: ignore[misc, valid-type]
        def draw(self, node: Any) -> None:
            lines = _lines(node)
            if lines is None:
                super().draw(node)
            else:
                self._draw_lines(node, lines)

        def _draw_lines(self, node: Any, lines: list[_Line]) -> None:
            from cairosvg.helpers import size, transform

            context, outer_font_size = self.context, self.font_size
            self.font_size = size(self, node.get("font-size", "12pt"))
            context.save()
            transform(self, node.get("transform"), transform_origin=node.get("transform-origin"))
            for line in lines:
                context.save()
                self._use_font_and_colour(line.node)
                _show_line(context, line)
                context.restore()
            context.restore()
            self.font_size = outer_font_size
            self.cursor_position, self.cursor_d_position, self.text_path_width = [0, 0], [0, 0], 0

        def _use_font_and_colour(self, node: Any) -> None:
            """What CairoSVG's ``draw`` and ``text`` set before they draw a character."""
            from cairosvg import surface as cairosvg_surface
            from cairosvg.helpers import paint, size

            cairo, context = cairosvg_surface.cairo, self.context
            family = (node.get("font-family") or "sans-serif").split(",")[0].strip("\"' ")
            slant = getattr(cairo, f"FONT_SLANT_{node.get('font-style')}".upper(), cairo.FONT_SLANT_NORMAL)
            weight = node.get("font-weight")
            if weight and weight.isdigit() and int(weight) >= 550:
                weight = "bold"
            context.select_font_face(family, slant, getattr(cairo, f"FONT_WEIGHT_{weight}".upper(), cairo.FONT_WEIGHT_NORMAL))
            context.set_font_size(size(self, node.get("font-size", "12pt")))
            rendering = node.get("text-rendering")
            context.set_antialias(cairosvg_surface.SHAPE_ANTIALIAS.get(node.get("shape-rendering"), cairo.ANTIALIAS_DEFAULT))
            options = context.get_font_options()
            options.set_antialias(cairosvg_surface.TEXT_ANTIALIAS.get(rendering, cairo.ANTIALIAS_DEFAULT))
            options.set_hint_style(cairosvg_surface.TEXT_HINT_STYLE.get(rendering, cairo.HINT_STYLE_DEFAULT))
            options.set_hint_metrics(cairosvg_surface.TEXT_HINT_METRICS.get(rendering, cairo.HINT_METRICS_DEFAULT))
            context.set_font_options(options)
            context.set_source_rgba(*self.map_color(paint(node.get("fill", "black"))[1], float(node.get("fill-opacity", 1))))

    GlyphRunSurface.__name__ = GlyphRunSurface.__qualname__ = f"GlyphRun{base.__name__}"
    return GlyphRunSurface


def _show_line(context: Any, line: _Line) -> None:
    """One line in one call, one glyph per character: a PDF maps each glyph back to its character."""
    text = line.node.text
    indices = context.get_scaled_font().text_to_glyphs(0, 0, text, False)
    if len(indices) != len(text):  # cairo's simple text API maps one character to one glyph
        raise AssertionError(f"cairo gave {len(indices)} glyphs for {len(text)} characters")
    glyphs = [(index, x, line.y) for (index, _, _), x in zip(indices, line.xs)]
    clusters = [(len(char.encode("utf-8")), 1) for char in text]
    context.show_text_glyphs(text, glyphs, clusters, 0)
