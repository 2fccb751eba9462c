"""Everything flashgen takes from CairoSVG beyond its public API: part of stage 5, render.

CairoSVG documents only its ``svg2*`` functions. flashgen draws through its
internals instead: pixels go straight from cairo to Pillow, the pages of a
deck share one PDF surface, laid-out lines go to cairo as glyph runs
(glyphruns.py) and a template's background is drawn once (layercache.py).
All code that touches CairoSVG's internals is in this module, so a new
CairoSVG release is checked here. pyproject.toml keeps CairoSVG below the next
minor release, as its internals may change in any of them.

Tested with CairoSVG 2.9.1; in 2.7.1's source all of it is the same, except
that PNGSurface truncated a fractional canvas size (flashgen's are whole
pixels). This module relies on:

- ``cairosvg.parser.Tree(bytestring=..., unsafe=False)``: the parsed document, a
  ``Node``. A ``Node`` is a dict of the element's attributes, in which CairoSVG
  has already copied the inherited ones down from its ancestors, with
  ``.tag`` (the local name for SVG elements), ``.text`` and ``.children`` (a
  list, drawn in order, which may be replaced). glyphruns.py and
  layercache.py read the nodes handed to them as that plain data.
- ``cairosvg.surface.PNGSurface`` and ``PDFSurface``: the constructor
  ``(tree, output, dpi, output_width=, output_height=)`` draws the whole tree
  (a PNGSurface's canvas is exactly ``output_width`` × ``output_height``
  pixels), ``finish()`` completes the output; the root's
  ``preserveAspectRatio`` places the drawing on the canvas
  (``helpers.preserve_ratio``, from ``Surface.set_context_size``).
- ``Surface.draw(node)``, called for the root first and then for each node
  (overridden here); ``Surface._create_surface(width, height)`` returning
  ``(cairo surface, width, height)`` (overridden for PDF pages), with the
  class attribute ``surface_class`` and the attribute ``output``.
- Surface attributes ``cairo`` (the cairocffi surface), ``context``,
  ``font_size``, ``cursor_position``, ``cursor_d_position``,
  ``text_path_width`` and the method ``map_color``.
- ``cairosvg.surface.SHAPE_ANTIALIAS``, ``TEXT_ANTIALIAS``,
  ``TEXT_HINT_STYLE``, ``TEXT_HINT_METRICS`` and the cairocffi module as
  ``cairosvg.surface.cairo``; how ``cairosvg.text.text`` picks a face
  (first family, ``font-style``, ``font-weight`` 550 and up as bold).
- ``cairosvg.helpers.size``, ``transform(surface, value, transform_origin=)``,
  ``paint``; ``cairosvg.defs.parse_all_defs(surface, node)``.

CairoSVG (and so cairocffi) is imported only when first used: the process's
fontconfig must be configured before (draw.prepare). cairocffi is imported
through cairoload.py, with its C declarations parsed once per computer.
"""

from __future__ import annotations

import functools
import io
from typing import Any

from flashgen.render import glyphruns, layercache
from flashgen.render.cairoload import load_cairocffi


def load() -> None:
    """Import CairoSVG and make the drawing classes now (forked workers then inherit them)."""
    for kind in ("PNG", "PDF"):
        _drawing_class(kind)


def parse(svg: bytes) -> Any:
    """``svg`` as CairoSVG's tree of nodes; nothing outside the document is read."""
    load_cairocffi()
    from cairosvg.parser import Tree

    return Tree(bytestring=svg, unsafe=False)


def draw_image(svg: bytes, pixels: tuple[int, int], dpi: float) -> Any:
    """``svg`` drawn on a cairocffi ARGB32 ``ImageSurface`` of exactly ``pixels``.

    The drawing covers the whole canvas: a canvas whose proportions differ from
    the SVG's by rounding (a print card's trim and bleed at 300 dpi is never a
    whole number of pixels) loses that fraction of a pixel at the edges instead
    of leaving a row of pixels partly transparent.
    """
    tree = parse(svg)
    _cover_canvas(tree)
    return _drawing_class("PNG")(tree, None, dpi, output_width=pixels[0], output_height=pixels[1]).cairo


def _cover_canvas(root: Any) -> None:
    """Scale the drawing to cover the canvas ("slice"), not to fit inside it ("meet"); "none" already fills it."""
    align = root.get("preserveAspectRatio", "xMidYMid").split()[0]
    if align != "none":
        root["preserveAspectRatio"] = f"{align} slice"


def draw_pdf(svg: bytes) -> bytes:
    """``svg`` as a one-page vector PDF at its own page size."""
    output = io.BytesIO()
    _drawing_class("PDF")(parse(svg), output, 96).finish()
    return output.getvalue()


class PdfPages:
    """SVGs drawn one after another as the pages of one PDF, each page at its SVG's size.

    All pages share one cairo surface, so each font is subset and embedded
    once for the whole document.
    """

    def __init__(self) -> None:
        self.output = io.BytesIO()
        self.surface: Any = None  # the cairocffi PDFSurface, made with the first page
        self._page_class = self._make_page_class()

    def _make_page_class(self) -> type:
        pages = self

        class Page(_drawing_class("PDF")):  # type: ignore[misc]
            def _create_surface(self, width: float, height: float) -> tuple[Any, float, float]:
                if pages.surface is None:
                    pages.surface = self.surface_class(self.output, width, height)
                pages.surface.set_size(width, height)
                return pages.surface, width, height

        return Page

    def add(self, svg: bytes) -> None:
        self._page_class(parse(svg), self.output, 96)
        self.surface.show_page()

    def finish(self) -> bytes:
        """The finished PDF."""
        if self.surface is not None:
            self.surface.finish()
        return self.output.getvalue()


@functools.cache
def _drawing_class(kind: str) -> type:
    """CairoSVG's PNG or PDF surface, drawing laid-out lines as glyph runs; the PNG one reuses backgrounds."""
    load_cairocffi()
    from cairosvg import surface

    drawing = _glyph_run_surface(getattr(surface, f"{kind}Surface"))
    return _background_cached_surface(drawing) if kind == "PNG" else drawing


def _glyph_run_surface(base: type) -> type:
    """``base`` drawing the lines compose wrote (glyphruns.laid_out_lines) one glyph run each."""

    class GlyphRunSurface(base):  # type: ignore[misc, valid-type]
        def draw(self, node: Any) -> None:
            lines = glyphruns.laid_out_lines(node)
            if lines is None:
                super().draw(node)
            else:
                self._draw_lines(node, lines)

        def _draw_lines(self, node: Any, lines: list[glyphruns.Line]) -> None:
            """What ``Surface.draw`` does around a <text>, without drawing its characters one by one."""
            from cairosvg.helpers import size, transform

            context, outer_font_size = self.context, self.font_size
            self.font_size = size(self, node.get("font-size", "12pt"))
            context.save()
            transform(self, node.get("transform"), transform_origin=node.get("transform-origin"))
            for line in lines:
                context.save()
                self._use_font_and_colour(line.node)
                glyphruns.show_line(context, line)
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


def _background_cached_surface(base: type) -> type:
    """``base`` (an image surface) drawing each background (layercache.background_length) once."""

    class BackgroundCachedSurface(base):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self._root_pending = True  # the first node drawn is the document itself
            super().__init__(*args, **kwargs)

        def draw(self, node: Any) -> None:
            if not self._root_pending:
                super().draw(node)
                return
            self._root_pending = False
            length = layercache.background_length(node)
            if length == 0:
                super().draw(node)
                return
            surface = self.cairo
            key = layercache.background_key(node, length, (surface.get_width(), surface.get_height(), surface.get_stride()))
            children = node.children
            try:
                kept = layercache.kept_background(key)
                if kept is not None:
                    self._start_from(kept, children)
                else:
                    node.children = children[:length]
                    super().draw(node)
                    surface.flush()
                    layercache.keep_background(key, bytes(surface.get_data()))
                node.children = children[length:]
                super().draw(node)
            finally:
                node.children = children

        def _start_from(self, pixels: bytes, children: list) -> None:
            from cairosvg.defs import parse_all_defs

            surface = self.cairo
            surface.flush()
            surface.get_data()[:] = pixels
            surface.mark_dirty()
            # The rest may use gradients, clips or patterns defined in the background's elements.
            for child in children:
                parse_all_defs(self, child)

    BackgroundCachedSurface.__name__ = BackgroundCachedSurface.__qualname__ = f"BackgroundCached{base.__name__}"
    return BackgroundCachedSurface
