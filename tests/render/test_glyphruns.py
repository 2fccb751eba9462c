"""Glyph runs: compose's lines drawn in one call each, as CairoSVG would draw them; other text untouched."""

from __future__ import annotations

import subprocess

import pytest

from flashgen.compose.card import compose_card
from flashgen.merge.cards import merge_cards
from flashgen.options import choose_sizes
from flashgen.render import draw as render
from flashgen.text.wordbreak import WordBreaker
from tests.conftest import load_templates
from tests.imagecompare import cairosvg_alone, differing_share, same_pixels


@pytest.fixture(scope="module")
def back_card(campaign, fonts, templates_dir):
    sizes = choose_sizes(("social",))
    render.prepare(fonts)
    card = next(c for c in merge_cards(campaign, load_templates(sizes, templates_dir, fonts, campaign), sizes)
                if c.item == 1 and c.side == "back")
    return card, compose_card(card, WordBreaker.for_glossary(campaign.glossary))


def _count_glyph_runs(monkeypatch) -> list[str]:
    import cairocffi

    shown: list[str] = []
    original = cairocffi.Context.show_text_glyphs

    def counting(self, text, glyphs, clusters, cluster_flags=0):
        shown.append(text)
        return original(self, text, glyphs, clusters, cluster_flags)

    monkeypatch.setattr(cairocffi.Context, "show_text_glyphs", counting)
    return shown


def test_a_laid_out_card_draws_each_line_once_and_looks_as_cairosvg_draws_it(back_card, monkeypatch):
    card, document = back_card
    shown = _count_glyph_runs(monkeypatch)
    ours = render.render_image(document.svg, card.size.pixels, 96)
    lines = [line.text for _, block in document.blocks for line in block.lines]
    assert shown == lines and len(lines) > 10
    cairosvg = cairosvg_alone(document.svg, card.size.pixels)
    # The same glyphs at the same places: only a glyph on a half pixel may round the other way.
    assert differing_share(ours, cairosvg) < 0.0005


FALLBACK_CASES = {
    "anchor": 'text-anchor="middle" fill="#123456"',
    "stroke": 'stroke="#ff0000" stroke-width="2" fill="#123456"',
    "letter spacing": 'letter-spacing="3" fill="#123456"',
    "opacity": 'opacity="0.5" fill="#123456"',
    "gradient": 'fill="url(#g)"',
    "a stroke on one line": 'fill="#123456"><tspan x="5" y="190" stroke="#f00">x</tspan',
    "transform": 'transform="rotate(5 200 100)" fill="#123456"',
}


@pytest.mark.parametrize("attributes", FALLBACK_CASES.values(), ids=FALLBACK_CASES.keys())
def test_other_text_is_left_to_cairosvg(attributes, fonts, monkeypatch):
    render.prepare(fonts)
    family = fonts.faces[0].render_family
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200"><defs><linearGradient id="g">'
        '<stop offset="0" stop-color="#00f"/><stop offset="1" stop-color="#f00"/></linearGradient></defs>'
        f'<rect width="400" height="200" fill="#fff"/><text font-family="{family}" font-size="40" {attributes}>'
        '<tspan x="20 45 70 95 120" y="80">Quảng</tspan><tspan x="20 45 70 95" y="150">Ninh</tspan></text></svg>'
    ).encode()
    shown = _count_glyph_runs(monkeypatch)
    ours = render.render_image(svg, (400, 200), 96)
    cairosvg = cairosvg_alone(svg, (400, 200))
    if "transform" in attributes:  # a transform is applied as CairoSVG applies it, and the lines still run
        assert shown == ["Quảng", "Ninh"]
        assert differing_share(ours, cairosvg) < 0.002
    else:
        assert shown == []
        assert same_pixels(ours, cairosvg)


def test_a_pdf_keeps_the_text_of_each_line_with_its_spaces(back_card, tmp_path):
    card, document = back_card
    pdf = tmp_path / "card.pdf"
    pdf.write_bytes(render.render_pdf(document.svg))
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for _, block in document.blocks:
        for line in block.lines:
            assert line.text in text


@pytest.mark.parametrize("pair", ["AV", "Tô", "Vă", "LT"])
def test_kerning_shows_in_the_pixels(pair, fonts):
    """A pair laid out and drawn as a glyph run is narrower in ink than the same glyphs at unkerned advances."""
    from lxml import etree
    from PIL import ImageOps

    from flashgen.compose.card import text_element
    from flashgen.load.frame import Box, TextStyle
    from flashgen.text.layout import layout_text

    render.prepare(fonts)
    face = fonts.resolve("Be Vietnam Pro", 400)
    style = TextStyle(face=face, max_size=100, min_size=100)
    block = layout_text(pair, Box(20, 0, 560, 200), style, WordBreaker.for_glossary(()))
    kerned = text_element(block, style, "#000000")
    plain = text_element(block, style, "#000000")
    span = plain[0]
    span.set("x", f"{block.lines[0].x} {block.lines[0].x + face.advances[pair[0]] * 100}")

    def ink_width(element) -> int:
        svg = etree.Element("{http://www.w3.org/2000/svg}svg", nsmap={None: "http://www.w3.org/2000/svg"},
                            width="600", height="200")
        etree.SubElement(svg, "{http://www.w3.org/2000/svg}rect", width="100%", height="100%", fill="#ffffff")
        svg.append(element)
        box = ImageOps.invert(render.render_image(etree.tostring(svg), (600, 200), 96).convert("L")).getbbox()
        return box[2] - box[0]

    # Measured: AV 138 → 129 px, Tô 120 → 111, Vă 126 → 121, LT 115 → 99.
    assert ink_width(kerned) <= ink_width(plain) - 4
