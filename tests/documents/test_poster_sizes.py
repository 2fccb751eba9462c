"""Type sized for its medium: every text of the bundled campaigns' posters, web images and carousels is at least
the medium's minimum (data/media.yaml), and the carousels' slides are evenly filled.

The sizes are read from the laid-out drawings (each <text>'s font-size, in mm on the A3 poster, in px on the
screens): what the layout set, not what a constant says. Laid out once per module.
"""

from __future__ import annotations

import pytest
from lxml import etree

from flashgen.documents.infographic import (
    carousel_svgs,
    default_layouts,
    poster_svg,
    web_svg,
)
from flashgen.documents.infographic.detail import heading_pair
from flashgen.load.content import load_campaign
from flashgen.load.media import medium
from flashgen.load.resources import CONTENT_DIR
from flashgen.load.svgdoc import SVG_NS
from flashgen.text.wordbreak import WordBreaker

CAMPAIGNS = ("17-diem-khac-biet", "ke-hoach-truyen-thong-2023", "so-lieu-ngay-cds-2022")
MM_TO_PT = 72 / 25.4
A2_SCALE = 420 / 297  # the A2 poster is the A3 drawing enlarged
HEADINGS = ("heading", "title")  # frames that are a point's or the piece's title
NS = {"svg": SVG_NS}


@pytest.fixture(scope="module")
def made(fonts):
    """{(campaign, layout): (poster, web image, slides)} for every layout each bundled campaign gets."""
    result = {}
    for name in CAMPAIGNS:
        campaign = load_campaign(CONTENT_DIR / f"{name}.yaml")
        breaker = WordBreaker.for_glossary(campaign.glossary)
        for layout in default_layouts(campaign)[0]:
            result[name, layout] = (
                poster_svg(campaign, fonts, breaker, layout),
                web_svg(campaign, fonts, breaker, layout),
                carousel_svgs(campaign, fonts, breaker, layout),
            )
    return result


def _texts(svg: bytes) -> list[tuple[str, float, bool]]:
    """(frame, size, heading?) of every run of text: a figure's value (a run with its own size) is a heading."""
    found = []
    for text in etree.fromstring(svg).iter(f"{{{SVG_NS}}}text"):
        frame, size = text.get("data-frame", ""), float(text.get("font-size"))
        found.append((frame, size, frame in HEADINGS))
        for span in text.iterfind("svg:tspan[@font-size]", NS):
            found.append((frame, float(span.get("font-size")), frame == "figure"))
    return found


def _too_small(svg: bytes, body: float, heading: float) -> list[tuple[str, float]]:
    return [(frame, size) for frame, size, is_heading in _texts(svg)
            if size < (heading if is_heading else body) - 1e-6]


def test_every_bundled_campaign_makes_its_layouts(made):
    assert {name for name, _ in made} == set(CAMPAIGNS)
    assert {layout for _, layout in made} == {"list", "comparison", "figures"}


@pytest.mark.parametrize("paper", ["a3", "a2"])
def test_poster_text_is_at_least_the_poster_minimum(made, paper):
    """In pt at the printed size: A3 is drawn in mm; A2 is the same drawing enlarged."""
    minimum = medium(f"poster-{paper}")
    scale = MM_TO_PT * (A2_SCALE if paper == "a2" else 1.0)
    for key, (poster, _, _) in made.items():
        texts = _texts(poster)
        assert texts
        small = [(frame, round(size * scale, 2)) for frame, size, is_heading in texts
                 if size * scale < (minimum.heading if is_heading else minimum.body) - 1e-6]
        assert not small, (key, small)
        assert any(frame == "heading" or frame == "figure" for frame, _, _ in texts) or key[1] == "comparison"


def test_screen_text_is_at_least_the_phone_minimum(made):
    phone = medium("phone")
    for key, (_, web, slides) in made.items():
        for index, svg in enumerate([web, *slides]):
            width = float(etree.fromstring(svg).get("viewBox").split()[2])
            small = _too_small(svg, phone.body_at(width), phone.heading_at(width))
            assert not small, (key, index, small)


def test_posters_too_full_show_less_and_say_so(made):
    """The 17 points do not fit an A3 poster in full at 14 pt: the list shows the headings, the comparison the two
    sides each heading names, in two columns; both say where the full text is."""
    for key, (poster, _, _) in made.items():
        root = etree.fromstring(poster)
        note = root.findall(".//svg:text[@data-frame='detail-note']", NS)
        assert (root.get("data-detail") != "full") == bool(note), key
    lst = etree.fromstring(made["17-diem-khac-biet", "list"][0])
    comparison = etree.fromstring(made["17-diem-khac-biet", "comparison"][0])
    assert lst.get("data-detail") == "headings" and comparison.get("data-detail") == "pairs"
    details = {key: etree.fromstring(poster).get("data-detail") for key, (poster, _, _) in made.items()}
    # statements have no new way: their poster is named by what it shows, the headings; figures lose their notes
    assert details["ke-hoach-truyen-thong-2023", "list"] == "headings"
    assert details["so-lieu-ngay-cds-2022", "figures"] == "no-note"
    assert len(lst.findall(".//svg:text[@data-frame='heading']", NS)) == 17
    assert not lst.findall(".//svg:text[@data-frame='from']", NS)
    sides = [" ".join(s.text for s in t.iterfind("svg:tspan", NS))
             for name in ("from", "to") for t in comparison.iterfind(f".//svg:text[@data-frame='{name}']", NS)]
    assert len(sides) == 34 and "Chi phí" in sides and "Tạo ra lợi ích và giá trị" in sides
    assert len(comparison.findall(".//svg:text[@data-frame='column-head']", NS)) == 2


def test_heading_pairs():
    assert heading_pair("Chuyển từ chi phí sang tạo ra lợi ích và giá trị") == ("Chi phí", "Tạo ra lợi ích và giá trị")
    assert heading_pair("Chuyển trọng tâm từ chính quyền sang người dân, từ tổ chức sang nhân viên") == (
        "Chính quyền, tổ chức", "Người dân, nhân viên")
    assert heading_pair("Hoàn thiện thể chế") is None


def _items(svg: bytes) -> int:
    return len(etree.fromstring(svg).findall(".//svg:g[@data-item]", NS))


def test_carousels_are_balanced(made):
    """Every slide but a closing one carries items; no middle slide holds one point where others hold two; the
    middle slides are filled alike."""
    for key, (_, _, slides) in made.items():
        roots = [etree.fromstring(svg) for svg in slides]
        counts = [_items(svg) for svg in slides]
        fills = [float(root.get("data-fill")) for root in roots]
        for index, (root, count) in enumerate(zip(roots, counts)):
            if count == 0:
                assert index == len(slides) - 1 and root.get("data-closing") == "true", (key, counts)
        middle = counts[1:-1]
        if middle and key[1] != "figures":  # figure slides count rows of tiles, not tiles
            assert min(middle) >= 2 or max(middle) == 1, (key, counts)
        middle_fills = [fill for fill, count in zip(fills[1:-1], middle) if count]
        if middle_fills:
            assert min(middle_fills) >= 0.7 and max(middle_fills) - min(middle_fills) <= 0.25, (key, fills)


def test_seventeen_points_carousel_has_no_lone_point(made):
    """Slide 04 once held point 6 alone, floating mid-slide."""
    counts = [_items(svg) for svg in made["17-diem-khac-biet", "list"][2]]
    assert counts == [1, 2, 2, 2, 2, 2, 2, 2, 2, 0], counts


def test_items_stand_at_one_height_on_every_middle_slide(made):
    """Items are grouped at the top, not centred: the first item of every middle slide starts at the same y."""
    slides = made["17-diem-khac-biet", "list"][2]
    tops = set()
    for svg in slides[1:-1]:
        first = etree.fromstring(svg).find(".//svg:g[@data-item]", NS)
        tops.add(first.get("transform"))
    assert len(tops) == 1, tops
