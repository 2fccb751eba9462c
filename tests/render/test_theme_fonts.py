"""Theme fonts everywhere: no bundled template names a font family, and every template drawn in a theme uses
only that theme's fonts (read back from the PDF it makes)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

from flashgen.compose.card import compose_card
from flashgen.load.fonts import FontBook
from flashgen.load.presets import CardSize, load_presets
from flashgen.load.resources import TEMPLATES_DIR
from flashgen.load.svgdoc import local_name
from flashgen.load.template import load_template
from flashgen.load.theme import FONT_ROLES, THEMES_DIR, bundled_themes, load_theme
from flashgen.merge.cards import MergedCard
from flashgen.render import draw as render
from flashgen.text.wordbreak import WordBreaker

TEMPLATES = sorted(TEMPLATES_DIR.glob("*.svg"))
# Where a template may name a font: the theme block (flashgen replaces it) gives the roles' defaults.
THEME_BLOCK = "flashgen-theme"
FAMILY_IN_CSS = re.compile(r"font-family\s*:\s*([^;}\"]+|\"[^\"]*\"|'[^']*')")


def _named_families(path: Path) -> list[str]:
    """Every font family ``path`` names outside its theme block: attributes, inline styles and data-font-family."""
    named = []
    for element in etree.parse(str(path)).getroot().iter():
        if not isinstance(element.tag, str) or element.get("id") == THEME_BLOCK:
            continue
        for attribute in ("font-family", "data-font-family"):
            if element.get(attribute):
                named.append(element.get(attribute))
        named += FAMILY_IN_CSS.findall(element.get("style", ""))
        if local_name(element) == "style":
            named += FAMILY_IN_CSS.findall(element.text or "")
    return [family.strip().strip("'\"") for family in named]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_a_template_names_only_theme_roles(path):
    literal = [family for family in _named_families(path) if family not in FONT_ROLES]
    assert literal == [], f"{path.name} names font families directly instead of a theme role: {literal}"


def test_the_scan_finds_a_literal_family(tmp_path):
    path = tmp_path / "t.svg"
    path.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><style id="flashgen-theme">.font-body{font-family:"Be Vietnam Pro"}'
        '</style><rect data-font-family="Be Vietnam Pro"/><text style="font-family: Noto Serif">x</text>'
        '<text class="font-heading" data-font-family="heading">y</text></svg>', encoding="utf-8")
    assert _named_families(path) == ["Be Vietnam Pro", "Noto Serif", "heading"]


def _size_of(name: str) -> CardSize:
    """The card size or social shape a bundled template is drawn at."""
    presets = load_presets()
    for size in presets.card_sizes.values():
        if name in dict(size.templates).values():
            return size
    return presets.shapes[name.removesuffix(".svg").rsplit("-", 1)[1]]


def _values(fields: frozenset[str]) -> dict[str, str]:
    """A short Vietnamese word for every field (a web address where a QR code needs one)."""
    values = {field: "Việt" for field in fields}
    values.update({"source.url": "https://example.vn/a", "theme.logo": "", "number": "3", "count": "9",
                   "number_padded": "03", "value": "7.534"})
    return values


def _fonts_in(pdf: bytes) -> set[str]:
    """The PostScript names of the fonts a PDF draws with (without the subset prefix)."""
    names = set()
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            for font in page.Resources.get("/Font", {}).values():
                names.add(str(font.BaseFont).lstrip("/").split("+")[-1])
            for xobject in page.Resources.get("/XObject", {}).values():
                for font in xobject.get("/Resources", {}).get("/Font", {}).values():
                    names.add(str(font.BaseFont).lstrip("/").split("+")[-1])
    return names


@pytest.fixture(scope="module")
def faces_by_theme(fonts: FontBook):
    """Each bundled theme, with the PostScript names of every face of its font families."""
    themes = {}
    for name in bundled_themes():
        theme = load_theme(THEMES_DIR / f"{name}.yaml")
        families = {theme.font(role) for role in FONT_ROLES}
        themes[name] = (theme, {f.postscript_name for f in fonts.faces if f.family in families})
    return themes


@pytest.mark.parametrize("theme_name", bundled_themes())
def test_b_every_template_draws_in_the_theme_fonts(theme_name, faces_by_theme, fonts, campaign):
    theme, allowed = faces_by_theme[theme_name]
    fields = campaign.field_names()
    breaker = WordBreaker.for_glossary(())
    render.prepare(fonts)
    wrong = {}
    for path in TEMPLATES:
        size = _size_of(path.name)
        template = load_template(path, size, fonts, fields, theme)
        card = MergedCard(slug="t", what=path.name, size=size, template=template, content_path=path, line=1,
                          values=_values(fields))
        used = _fonts_in(render.render_pdf(compose_card(card, breaker).svg))
        assert used, path.name
        if used - allowed:
            wrong[path.name] = sorted(used - allowed)
    assert wrong == {}, f"templates drawn in theme '{theme_name}' use other fonts: {wrong}"
