"""A script that needs shaping: a Khmer line laid out, composed and drawn as glyph runs, as HarfBuzz shapes it.

Khmer reorders (a subscript RO and the vowel E are drawn before the consonant
typed before them), stacks subscripts and joins some pairs into one glyph: one
glyph per character (what CairoSVG draws) is wrong. The line is drawn in a
fresh process, whose fontconfig sees the test-only Khmer font (render.prepare
fixes a process's font folders once), and compared with a drawing made here
from the font's outlines at the positions HarfBuzz gives, shaping the line
afresh: nothing of flashgen's layout, compose or glyph runs is in it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import uharfbuzz as hb
from fontTools.pens.basePen import BasePen
from fontTools.ttLib import TTFont
from PIL import Image, ImageFilter

ROOT = Path(__file__).parents[2]
KHMER_FONT = ROOT / "tests" / "data" / "fonts-test" / "NotoSansKhmer-Regular.ttf"
# "Cambodia, welcome, province, woman": reordering, subscripts, a joined pair and a pre-base vowel.
# "កម្ពុជា" stacks a vowel under a subscript, 0.54 em below the baseline; its characters' own glyphs
# reach 0.24 em: a layout that measured those would set the next line into it.
TEXT = "កម្ពុជា សូមស្វាគមន៍ ខេត្ត ស្ត្រី"
SIZE = 64.0
PIXELS = (1000, 120)
NARROW = (440, 400)
INK = 128  # a pixel darker than this is ink


def render_in_fresh_process(out: Path) -> None:
    """Lay out, compose and draw ``TEXT`` (PNG and PDF) into ``out``; run by the test in its own process."""
    from lxml import etree

    from flashgen.compose.card import text_element
    from flashgen.load.fonts import FontBook
    from flashgen.load.frame import Box, TextStyle
    from flashgen.load.resources import FONTS_DIR
    from flashgen.render import draw as render
    from flashgen.text.layout import layout_text
    from flashgen.text.wordbreak import WordBreaker
    from tests.imagecompare import cairosvg_alone

    fonts = FontBook.from_folders((FONTS_DIR, KHMER_FONT.parent))
    render.prepare(fonts)
    face = fonts.resolve("Noto Sans Khmer", 400)
    style = TextStyle(face=face, max_size=SIZE, min_size=SIZE)
    block = layout_text(TEXT, Box(20, 0, PIXELS[0] - 40, PIXELS[1]), style, WordBreaker.for_glossary(()))
    svg = etree.Element("{http://www.w3.org/2000/svg}svg", nsmap={None: "http://www.w3.org/2000/svg"},
                        width=str(PIXELS[0]), height=str(PIXELS[1]))
    etree.SubElement(svg, "{http://www.w3.org/2000/svg}rect", width="100%", height="100%", fill="#ffffff")
    svg.append(text_element(block, style, "#000000"))
    data = etree.tostring(svg)
    render.render_image(data, PIXELS, 96).convert("L").save(out / "ours.png")
    cairosvg_alone(data, PIXELS).convert("L").save(out / "one-glyph-per-character.png")
    (out / "line.pdf").write_bytes(render.render_pdf(data))
    lines = [{"text": line.text, "x": line.x, "y": line.baseline} for line in block.lines]
    (out / "lines.json").write_text(json.dumps({"size": block.size, "lines": lines}), encoding="utf-8")
    # The same words in a narrow frame: several lines, stacked by the ink of the shaped glyphs.
    narrow = layout_text(TEXT, Box(20, 20, NARROW[0] - 40, NARROW[1] - 40), style, WordBreaker.for_glossary(()))
    svg.set("width", str(NARROW[0]))
    svg.set("height", str(NARROW[1]))
    svg.remove(svg[-1])
    svg.append(text_element(narrow, style, "#000000"))
    render.render_image(etree.tostring(svg), NARROW, 96).convert("L").save(out / "narrow.png")
    for index in range(len(narrow.lines)):  # each line alone, to see where its own ink goes
        alone = text_element(narrow, style, "#000000")
        for other, span in reversed(list(enumerate(alone))):
            if other != index:
                alone.remove(span)
        svg.remove(svg[-1])
        svg.append(alone)
        render.render_image(etree.tostring(svg), NARROW, 96).convert("L").save(out / f"narrow-{index}.png")
    ink = narrow.ink
    (out / "narrow.json").write_text(json.dumps({"lines": len(narrow.lines), "ink": [ink.x, ink.y, ink.width, ink.height]}))


class _CairoPen(BasePen):
    """A fontTools pen drawing a glyph outline (font units, y up) into a cairo context at a place and size."""

    def __init__(self, glyph_set, context, x: float, y: float, scale: float) -> None:
        super().__init__(glyph_set)
        self.context, self.x, self.y, self.scale = context, x, y, scale

    def _at(self, point):
        return self.x + point[0] * self.scale, self.y - point[1] * self.scale

    def _moveTo(self, point):
        self.context.move_to(*self._at(point))

    def _lineTo(self, point):
        self.context.line_to(*self._at(point))

    def _curveToOne(self, one, two, three):
        self.context.curve_to(*self._at(one), *self._at(two), *self._at(three))

    def _closePath(self):
        self.context.close_path()


def _reference(lines: list[dict], size: float) -> Image.Image:
    """Each line shaped whole by HarfBuzz and drawn from the font's outlines."""
    import cairocffi as cairo

    font = TTFont(KHMER_FONT)
    glyph_set, order, upem = font.getGlyphSet(), font.getGlyphOrder(), font["head"].unitsPerEm
    hb_font = hb.Font(hb.Face(hb.Blob.from_file_path(str(KHMER_FONT))))
    surface = cairo.ImageSurface(cairo.FORMAT_RGB24, *PIXELS)
    context = cairo.Context(surface)
    context.set_source_rgb(1, 1, 1)
    context.paint()
    context.set_source_rgb(0, 0, 0)
    scale = size / upem
    for line in lines:
        buffer = hb.Buffer()
        buffer.add_str(line["text"])
        buffer.guess_segment_properties()
        hb.shape(hb_font, buffer, {"liga": False, "clig": False})
        pen_x = line["x"]
        for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions):
            x, y = pen_x + pos.x_offset * scale, line["y"] - pos.y_offset * scale
            glyph_set[order[info.codepoint]].draw(_CairoPen(glyph_set, context, x, y, scale))
            pen_x += pos.x_advance * scale
    context.fill()
    surface.flush()
    return Image.frombuffer("RGBX", PIXELS, bytes(surface.get_data()), "raw", "BGRX", surface.get_stride(), 1).convert("L")


def _ink(image: Image.Image) -> set[tuple[int, int]]:
    width = image.width
    return {(i % width, i // width) for i, value in enumerate(image.tobytes()) if value < INK}


def _ink_rows(image: Image.Image) -> tuple[int, int]:
    """The first and last row with ink."""
    _, top, _, bottom = image.point(lambda v: 255 if v < INK else 0).getbbox()
    return top, bottom - 1


def _near(a: Image.Image, b: Image.Image) -> float:
    """The share of ``a``'s ink within one pixel of ``b``'s ink (hinting moves an edge by a pixel)."""
    ink_a, grown_b = _ink(a), _ink(b.filter(ImageFilter.MinFilter(3)))
    return len(ink_a & grown_b) / len(ink_a)


@pytest.fixture(scope="module")
def drawn(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("khmer")
    script = f"from pathlib import Path; from {__name__} import render_in_fresh_process; render_in_fresh_process(Path({str(out)!r}))"
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True)
    return out


def test_a_khmer_line_is_drawn_as_harfbuzz_shapes_it(drawn):
    layout = json.loads((drawn / "lines.json").read_text(encoding="utf-8"))
    assert [line["text"] for line in layout["lines"]] == [TEXT] and layout["size"] == SIZE
    reference = _reference(layout["lines"], layout["size"])
    ours = Image.open(drawn / "ours.png")
    naive = Image.open(drawn / "one-glyph-per-character.png")
    # The same glyphs at the same places: only hinting and antialiasing differ from the outlines.
    assert _near(ours, reference) > 0.995 and _near(reference, ours) > 0.995
    # One glyph per character (what CairoSVG draws) puts subscripts, the RO and the vowel E in the wrong
    # places (measured: 0.80 and 0.70), so the comparison above can tell.
    assert min(_near(naive, reference), _near(reference, naive)) < 0.9


def test_a_khmer_line_in_a_pdf_copies_back_as_its_text(drawn):
    text = subprocess.run(["pdftotext", "-raw", str(drawn / "line.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert text.strip() == TEXT


def test_khmer_lines_are_stacked_by_the_ink_of_their_shaped_glyphs(drawn):
    """Subscripts hang below the baseline: the layout measures them (Face.run_ink), so lines never touch
    and the ink stays inside what the layout says it covers."""
    layout = json.loads((drawn / "narrow.json").read_text(encoding="utf-8"))
    assert layout["lines"] >= 2
    spans = [_ink_rows(Image.open(drawn / f"narrow-{index}.png")) for index in range(layout["lines"])]
    for (_, above_bottom), (below_top, _) in zip(spans, spans[1:]):
        assert below_top > above_bottom + 1  # a clear row between a line's subscripts and the next line's marks
    image = Image.open(drawn / "narrow.png")
    x, y, width, height = layout["ink"]
    left, top, right, bottom = image.point(lambda v: 255 if v < INK else 0).getbbox()
    assert left >= x - 1 and top >= y - 1 and right <= x + width + 1 and bottom <= y + height + 1
