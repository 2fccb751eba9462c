"""The theme's logo on banners and standees (flashgen/data/banners.yaml, logo): at a banner's left end with the
slogan centred in what remains, at a standee's top above it; an SVG logo as vectors (sharp at 0.6 m, clean for
`flashgen check --print`), a PNG one at its own pixels; a theme without a logo leaves the banner as it was."""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pikepdf
import pytest
import yaml
from PIL import Image, ImageChops

from flashgen.documents.banner import (
    Slogan,
    banner_pdf,
    banner_table,
    banner_text,
    read_banner_table,
)
from flashgen.errors import FlashgenError
from flashgen.load.theme import Logo, default_theme
from flashgen.output.preflight import preflight_pdf
from flashgen.pdf.kit import MM, DocInfo, Look
from flashgen.text.wordbreak import WordBreaker
from tests.themecheck import LOGO_GREEN, logo_theme

SLOGAN = Slogan("message-01", "Chuyển đổi số là cuộc cách mạng của toàn dân", where="test")
INFO = DocInfo("Băng rôn", "Sở TT&TT", "Chuyển đổi số", "")
DPI = 6  # a 5 m banner is 1,180 px wide at this resolution


def _size(name: str):
    return next(size for size in banner_table().sizes if size.name == name)


def _pdf(fonts, theme, name: str) -> bytes:
    return banner_pdf(SLOGAN, _size(name), banner_table(), Look(fonts, theme), WordBreaker.for_glossary(()), INFO)


def _green_box(data: bytes, tmp_path: Path) -> tuple[float, float, float, float]:
    """Where the logo's green shows on the page, in points from the page's top-left corner."""
    (tmp_path / "b.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-singlefile", str(tmp_path / "b.pdf"), str(tmp_path / "b")],
                   check=True)
    image = Image.open(tmp_path / "b.png").convert("RGB")
    difference = ImageChops.difference(image, Image.new("RGB", image.size, LOGO_GREEN)).convert("L")
    box = difference.point(lambda value: 255 if value <= 8 else 0).getbbox()
    assert box is not None, "no logo on the page"
    return tuple(value * 72 / DPI for value in box)  # type: ignore[return-value]


def _word_boxes(data: bytes, tmp_path: Path) -> list[tuple[float, float, float, float]]:
    (tmp_path / "b.pdf").write_bytes(data)
    html = subprocess.run(["pdftotext", "-bbox", str(tmp_path / "b.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    return [tuple(map(float, found)) for found in re.findall(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', html)]


def _xobjects(data: bytes) -> set[str]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        found = set()
        for page in pdf.pages:
            for _name, thing in page.resources.get("/XObject", {}).items():
                found.add(str(thing.get("/Subtype")))
        return found


def test_on_a_banner_the_logo_is_at_the_left_end_and_the_slogan_beside_it(fonts, tmp_path):
    data = _pdf(fonts, logo_theme(), "80x500")
    table, size = banner_table(), _size("80x500")
    left, top, right, bottom = _green_box(data, tmp_path)
    bleed, ends, safe = table.bleed_mm * MM, size.ends_mm * MM, table.safe_mm * MM
    step = 72 / DPI  # a pixel of the rendering
    # At the left end, inside the free ends, on its tile (a margin of the tile's height round it) …
    tile_height = (size.height_mm - 2 * table.safe_mm) * MM * table.logo.height_share
    assert abs(left - (bleed + ends + tile_height * table.logo.tile_inset)) <= 2 * step
    assert top >= bleed + safe - step and bottom <= bleed + size.height_mm * MM - safe + step
    assert bottom - top >= 0.5 * tile_height  # as tall as a slogan's lines, not a stamp
    # … on paper colour, not on the banner's: the tile's white shows round the logo.
    image = Image.open(tmp_path / "b.png").convert("RGB")
    assert image.getpixel((round((left + right) / 2 / step), round((top - 0.05 * tile_height) / step))) == (255, 255, 255)
    words = _word_boxes(data, tmp_path)
    inset = tile_height * table.logo.tile_inset
    assert words and min(x0 for x0, _y0, _x1, _y1 in words) >= right + inset + table.logo.gap_mm * MM - 2 * step


def test_on_a_standee_the_logo_is_at_the_top_centred_above_the_slogan(fonts, tmp_path):
    data = _pdf(fonts, logo_theme(), "standee-80x200")
    size = _size("standee-80x200")
    left, top, right, bottom = _green_box(data, tmp_path)
    page_width = (size.width_mm + 2 * banner_table().bleed_mm) * MM
    assert abs((left + right) / 2 - page_width / 2) <= 2 * 72 / DPI
    assert min(y0 for _x0, y0, _x1, _y1 in _word_boxes(data, tmp_path)) >= bottom


def test_an_svg_logo_is_drawn_as_vectors_and_the_banner_is_ready_for_the_print_shop(fonts):
    data = _pdf(fonts, logo_theme(), "120x600")  # 6 m: a page in UserUnit 2
    assert _pdf(fonts, logo_theme(), "120x600") == data  # the same bytes in every build
    assert _xobjects(data) == {"/Form"}  # no picture: the logo's shapes themselves
    assert [finding for finding in preflight_pdf(data, "banner.pdf") if finding.severity != "note"] == []


def test_a_png_logo_is_placed_at_its_own_pixels(fonts, tmp_path):
    picture = io.BytesIO()
    Image.new("RGB", (400, 200), LOGO_GREEN).save(picture, "PNG")
    theme = replace(logo_theme(), logo=Logo(Path("logo.png"), "image/png", picture.getvalue()))
    data = _pdf(fonts, theme, "80x500")
    assert _xobjects(data) == {"/Image"}
    left, _top, right, _bottom = _green_box(data, tmp_path)
    assert min(x0 for x0, _y0, _x1, _y1 in _word_boxes(data, tmp_path)) > right


def test_a_theme_without_a_logo_leaves_the_whole_safe_width_to_the_slogan(fonts):
    table, size = banner_table(), _size("80x500")
    text = banner_text(SLOGAN, size, table, Look(fonts, default_theme()), WordBreaker.for_glossary(()))
    assert text.logo is None and text.slogan[1].x == size.ends_mm * MM
    assert _xobjects(_pdf(fonts, default_theme(), "80x500")) == set()


@pytest.mark.parametrize("logo", [{"height_share": 0}, {"standee_share": 1.5}, {"gap_mm": -1}, {"height_share": "to"},
                                  {"tile_inset": 0.5}])
def test_the_logo_rules_are_checked_when_the_table_is_read(tmp_path, logo):
    document = yaml.safe_load((Path(__file__).resolve().parents[2] / "flashgen" / "data" / "banners.yaml").read_text())
    document["logo"] = logo
    path = tmp_path / "banners.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    with pytest.raises(FlashgenError) as raised:
        read_banner_table(path)
    assert raised.value.code == "banner-data" and str(path) in raised.value.message
    assert next(iter(logo)) in raised.value.message
