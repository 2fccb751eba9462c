"""Print-shop posters: trim and bleed boxes, artwork reaching the bleed (on rendered pixels), text off the trim."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from lxml import etree
from PIL import Image

from flashgen.documents.banner import poster_papers, read_poster_papers
from flashgen.documents.infographic import poster_svg
from flashgen.documents.infographic.bleed import poster_bleed_master
from flashgen.errors import FlashgenError
from flashgen.load.theme import default_theme
from flashgen.pdf.kit import MM
from flashgen.products.posters import poster_files
from flashgen.render import draw as render
from flashgen.text.wordbreak import WordBreaker

DPI = 20


@pytest.fixture(scope="module")
def breaker(campaign):
    return WordBreaker.for_glossary(campaign.glossary)


@pytest.fixture(scope="module")
def posters(campaign, fonts, breaker) -> dict[str, bytes]:
    render.prepare(fonts)  # the build does this before its workers start
    return {made.path: made.data for made in poster_files(campaign, fonts, breaker, "list", default_theme())}


def _boxes(data: bytes) -> tuple[list[float], list[float], list[float]]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        return ([float(v) for v in page.mediabox], [float(v) for v in page.trimbox], [float(v) for v in page.bleedbox])


def test_a3_to_a0_with_bleed_box_three_millimetres_around_the_trim(posters):
    papers = poster_papers()
    assert set(papers.papers) == {"a3", "a2", "a1", "a0"} and papers.bleed_mm == 3
    for paper, (width, height) in papers.papers.items():
        _, trim, bleed = _boxes(posters[f"posters/poster-list-{paper}.pdf"])
        assert trim[2] - trim[0] == pytest.approx(width * MM, abs=0.01)
        assert trim[3] - trim[1] == pytest.approx(height * MM, abs=0.01)
        for side in range(4):
            outward = -1 if side < 2 else 1
            assert bleed[side] - trim[side] == pytest.approx(outward * 3 * MM, abs=0.01)


def _render(data: bytes, tmp_path: Path) -> Image.Image:
    (tmp_path / "poster.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-singlefile", str(tmp_path / "poster.pdf"), str(tmp_path / "page")],
                   check=True)
    return Image.open(tmp_path / "page.png").convert("RGB")


@pytest.mark.parametrize("paper", ["a3", "a1"])
def test_the_artwork_reaches_the_bleed_on_every_side(posters, tmp_path, paper):
    data = posters[f"posters/poster-list-{paper}.pdf"]
    media, trim, bleed = _boxes(data)
    image = _render(data, tmp_path)
    scale = image.width / media[2]

    def pixel(x_pt: float, y_pt: float) -> tuple[int, int, int]:  # PDF points, y up
        return image.getpixel((int(x_pt * scale), int((media[3] - y_pt) * scale)))

    inside = 1.0 / scale  # one pixel inside the bleed's outer edge
    for fraction in (0.1, 0.5, 0.9):
        x = trim[0] + (trim[2] - trim[0]) * fraction
        y = trim[1] + (trim[3] - trim[1]) * (0.3 + fraction / 2.5)  # clear of the bands' edges
        for point, twin in (((x, bleed[3] - inside), (x, trim[3] - 3 * inside)),  # top: the header band
                            ((x, bleed[1] + inside), (x, trim[1] + 3 * inside)),  # bottom: the footer band
                            ((bleed[0] + inside, y), (trim[0] + 3 * inside, y)),  # left
                            ((bleed[2] - inside, y), (trim[2] - 3 * inside, y))):  # right
            assert pixel(*point) != (255, 255, 255), point
            assert max(abs(a - b) for a, b in zip(pixel(*point), pixel(*twin))) < 40, point
        assert pixel(x, bleed[3] + 2 * inside) == (255, 255, 255)  # beyond the bleed: the slug, paper white


def test_text_is_extractable_and_at_least_5_mm_inside_the_trim(posters, tmp_path):
    data = posters["posters/poster-list-a3.pdf"]
    media, trim, _ = _boxes(data)
    (tmp_path / "p.pdf").write_bytes(data)
    html = subprocess.run(["pdftotext", "-bbox", str(tmp_path / "p.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Chuyển" in html
    words = [tuple(map(float, found)) for found in re.findall(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', html)]
    assert len(words) > 50
    left, right = trim[0] + 5 * MM, trim[2] - 5 * MM
    top, bottom = media[3] - trim[3] + 5 * MM, media[3] - trim[1] - 5 * MM  # pdftotext: y down from the top
    for x0, y0, x1, y1 in words:
        assert left <= x0 and x1 <= right and top <= y0 and y1 <= bottom


def test_qpdf_passes_and_the_same_content_gives_the_same_bytes(campaign, fonts, breaker, posters, tmp_path):
    (tmp_path / "p.pdf").write_bytes(posters["posters/poster-list-a2.pdf"])
    subprocess.run(["qpdf", "--check", str(tmp_path / "p.pdf")], capture_output=True, check=True)
    again = poster_files(campaign, fonts, breaker, "list", default_theme())
    assert all(posters[made.path] == made.data for made in again)


def test_only_the_background_grows_into_the_bleed(campaign, fonts, breaker):
    a3 = poster_svg(campaign, fonts, breaker, "list", "a3", default_theme())
    drawn, _grow_x, _grow_y = poster_bleed_master(a3, [(297.0, 420.0)], 3.0)
    bled = etree.fromstring(drawn)
    assert bled.get("viewBox") == "-3 -3 303 426" and bled.get("width") == "303mm"
    original = etree.fromstring(a3)
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert etree.tostring(bled.find(".//s:g[@id='foreground']", ns)) == etree.tostring(
        original.find(".//s:g[@id='foreground']", ns))
    page = bled.find(".//s:g[@id='background']/s:rect", ns)
    assert (page.get("x"), page.get("y"), page.get("width"), page.get("height")) == ("-3", "-3", "303", "426")


def test_a_bad_paper_in_the_data_is_named(tmp_path):
    path = tmp_path / "banners.yaml"
    path.write_text("posters:\n  bleed_mm: 3\n  papers:\n    a9: [0, 10]\n", encoding="utf-8")
    with pytest.raises(FlashgenError) as caught:
        read_poster_papers(path)
    assert "a9" in caught.value.message and caught.value.code == "banner-data"
