"""Infographic: the poster (PDF), the tall web image and the carousel, for the bundled and synthetic lists, in themes."""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import replace

import pikepdf
import pytest
from lxml import etree
from PIL import Image

from flashgen.build import build
from flashgen.documents.infographic import (
    CAROUSEL_SLIDE,
    POSTER_PAPERS,
    carousel_svgs,
    infographic_faces,
    poster_svg,
    web_svg,
)
from flashgen.documents.infographic.detail import detail_note, heading_pair
from flashgen.documents.infographic.style import POSTER
from flashgen.errors import FlashgenError
from flashgen.load.content import Campaign, Compare, Item
from flashgen.load.svgdoc import SVG_NS
from flashgen.load.theme import find_theme
from flashgen.options import BuildOptions
from flashgen.render import draw as render
from flashgen.text.wordbreak import WordBreaker
from tests.themecheck import (
    FOOTER,
    NAVY,
    ORGANISATION,
    close,
    do_theme,
    dominant_colour,
    embedded_fonts,
    logo_pixel_count,
    logo_theme,
    rgb,
)

MM_TO_PT = 72 / 25.4
LAYOUTS = ("list", "comparison")  # the layouts of contrast items (the figures layout: test_infographic_kinds.py)
NS = {"svg": SVG_NS}

# Synthetic lists in the shape other campaigns have ("8 key tasks", "12 steps"): headings from
# three words to two lines, old and new ways of varied length, icons optional.
HEADINGS = (
    "Hoàn thiện thể chế",
    "Phát triển hạ tầng số đồng bộ, hiện đại",
    "Đẩy mạnh chuyển đổi số trong cơ quan nhà nước để phục vụ người dân và doanh nghiệp tốt hơn",
    "Phát triển kinh tế số",
    "Nâng cao kỹ năng số cho người dân ở vùng sâu, vùng xa",
    "Bảo đảm an toàn thông tin mạng",
)
FROMS = (
    "Làm thủ công, giấy tờ.",
    "Mỗi đơn vị một hệ thống riêng, dữ liệu không kết nối.",
    "Người dân đi lại nhiều lần, nộp nhiều giấy tờ cho nhiều cơ quan.",
)
TOS = (
    "Làm trên môi trường số.",
    "Dùng chung nền tảng, dữ liệu liên thông.",
    "Người dân chỉ cung cấp thông tin một lần, các cơ quan tự chia sẻ với nhau.",
)
ICONS = ("rocket", "building-bank", "shield-check", "users", "chart-line", "school", "wifi")
COUNTS = (3, 8, 12, 30)
POSTER_COUNTS = (3, 8, 12)  # 30 items do not fit an A3 poster at 14 pt (the screens take them)


def synthetic(campaign: Campaign, count: int, icons: bool = True) -> Campaign:
    items = tuple(
        Item(
            number=n, heading=HEADINGS[(n - 1) % len(HEADINGS)], from_text=FROMS[n % len(FROMS)],
            to_text=TOS[(n * 2) % len(TOS)], icon=ICONS[n % len(ICONS)] if icons else "", line=100 + n,
        )
        for n in range(1, count + 1)
    )
    return replace(campaign, items=items, title=f"{count} nhiệm vụ trọng tâm về chuyển đổi số năm 2023")


@pytest.fixture(scope="module")
def breaker(campaign):
    return WordBreaker.for_glossary(campaign.glossary)


@pytest.fixture(scope="module")
def renderer(fonts):
    render.prepare(fonts)
    render.verify_faces(infographic_faces(fonts))
    return render


@pytest.fixture(scope="module")
def posters(campaign, fonts, breaker, renderer):
    """The bundled 17 points as A3 posters, SVG and PDF, per layout."""
    result = {}
    for layout in LAYOUTS:
        svg = poster_svg(campaign, fonts, breaker, layout)
        result[layout] = (svg, renderer.render_pdf(svg))
    return result


@pytest.fixture(scope="module")
def synthetic_outputs(campaign, fonts, breaker):
    """Every product for every synthetic list: {(count, icons, layout): (poster, web, slides)}."""
    result = {}
    for count in COUNTS:
        for icons in (True, False) if count == 12 else (True,):
            variant = synthetic(campaign, count, icons)
            for layout in LAYOUTS:
                result[(count, icons, layout)] = (
                    poster_svg(variant, fonts, breaker, layout) if count in POSTER_COUNTS else None,
                    web_svg(variant, fonts, breaker, layout),
                    carousel_svgs(variant, fonts, breaker, layout),
                )
    return result


def _run(*command) -> str:
    return subprocess.run([str(c) for c in command], capture_output=True, text=True, check=True).stdout


def _flat(text: str) -> str:
    return " ".join(text.split())


def _root(svg: bytes) -> etree._Element:
    assert svg.startswith(b"<?xml")
    return etree.fromstring(svg)


def _size(svg: bytes) -> tuple[float, float]:
    _, _, width, height = (float(v) for v in _root(svg).get("viewBox").split())
    return width, height


def _frame_text(element: etree._Element) -> str:
    """The words of one laid-out <text>: its lines joined by spaces."""
    return " ".join(span.text or "" for span in element.iterfind("svg:tspan", NS))


def _frames(svg: bytes, name: str) -> list[etree._Element]:
    return _root(svg).findall(f".//svg:text[@data-frame='{name}']", NS)


def _headings_by_item(svg: bytes) -> dict[int, list[str]]:
    result: dict[int, list[str]] = {}
    for group in _root(svg).iterfind(".//svg:g[@data-item]", NS):
        result.setdefault(int(group.get("data-item")), []).extend(
            _frame_text(text) for text in group.iterfind(".//svg:text[@data-frame='heading']", NS)
        )
    return result


# --------------------------------------------------------------------------
# The bundled 17 points, printed.
# --------------------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
def test_poster_pdf_passes_qpdf_and_has_every_heading(posters, campaign, layout, tmp_path):
    """The 17 points do not fit an A3 poster in full at 14 pt: the list shows every heading, the comparison the two
    sides every heading names; both say where the full text is."""
    path = tmp_path / f"poster-{layout}.pdf"
    path.write_bytes(posters[layout][1])
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    text = _flat(_run("pdftotext", "-enc", "UTF-8", path, "-"))
    for item in campaign.items:
        if layout == "list":
            assert item.heading in text, f"item {item.number}"
        else:
            assert all(side in text for side in heading_pair(item.heading)), f"item {item.number}"
    assert campaign.title in text and detail_note(campaign) in text


@pytest.mark.parametrize("layout", LAYOUTS)
def test_poster_embeds_only_be_vietnam_pro(posters, layout, tmp_path):
    path = tmp_path / "poster.pdf"
    path.write_bytes(posters[layout][1])
    rows = _run("pdffonts", path).splitlines()[2:]
    assert rows
    for row in rows:
        name, emb = row.split()[0], row.split()[-5]
        assert re.fullmatch(r"[A-Z]{6}\+BeVietnamPro-\w+", name), row
        assert emb == "yes", row


@pytest.mark.parametrize("paper", POSTER_PAPERS)
def test_poster_page_size(campaign, fonts, breaker, renderer, posters, paper):
    svg = posters["list"][0] if paper == "a3" else poster_svg(campaign, fonts, breaker, "list", paper)
    with pikepdf.open(io.BytesIO(renderer.render_pdf(svg))) as pdf:
        assert len(pdf.pages) == 1
        box = [float(v) for v in pdf.pages[0].mediabox]
    width, height = POSTER_PAPERS[paper]
    assert box[2] - box[0] == pytest.approx(width * MM_TO_PT, abs=0.5)
    assert box[3] - box[1] == pytest.approx(height * MM_TO_PT, abs=0.5)


def test_a2_is_the_a3_drawing_enlarged(campaign, fonts, breaker, posters):
    a3, a2 = _root(posters["comparison"][0]), _root(poster_svg(campaign, fonts, breaker, "comparison", "a2"))
    assert (a3.get("width"), a3.get("height")) == ("297mm", "420mm")
    assert (a2.get("width"), a2.get("height")) == ("420mm", "594mm")
    for root in (a3, a2):
        del root.attrib["width"], root.attrib["height"]
    assert etree.tostring(a3) == etree.tostring(a2)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_poster_type_is_readable(posters, layout):
    svg = posters[layout][0]
    headings = [float(t.get("font-size")) for t in _frames(svg, "heading")]
    body = [float(t.get("font-size")) for name in ("from", "to") for t in _frames(svg, name)]
    assert (len(headings), len(body)) == ((17, 0) if layout == "list" else (0, 34))
    # 20 pt and 14 pt (data/media.yaml's A3 poster), in mm on A3
    assert min(headings or [20 / MM_TO_PT]) >= 20 / MM_TO_PT - 1e-6 and min(body or [14 / MM_TO_PT]) >= 14 / MM_TO_PT - 1e-6


@pytest.mark.parametrize("layout", LAYOUTS)
def test_screen_type_is_phone_readable(campaign, fonts, breaker, layout):
    slides = carousel_svgs(campaign, fonts, breaker, layout)
    assert _root(slides[-1]).get("data-closing") == "true"  # the closing slide: header and footer, no item
    for svg in [web_svg(campaign, fonts, breaker, layout), *slides[:-1]]:
        headings = [float(t.get("font-size")) for t in _frames(svg, "heading")]
        body = [float(t.get("font-size")) for name in ("from", "to") for t in _frames(svg, name)]
        assert headings and min(headings) >= 40 - 1e-6
        assert body and min(body) >= 28 - 1e-6


def test_footer_has_source_qr_caption_and_an_empty_logo_slot(posters, campaign):
    root = _root(posters["list"][0])
    assert root.find(f".//svg:g[@data-qr='{campaign.source.url}']", NS) is not None
    assert _frame_text(_frames(posters["list"][0], "qr-caption")[0]) == campaign.source.qr_caption
    assert _frame_text(_frames(posters["list"][0], "source-credit")[0]) == campaign.source.credit
    slot = root.find(".//svg:g[@id='logo-slot']", NS)
    assert slot is not None and len(slot) == 0
    assert any("logo slot" in (c.text or "") for c in root.iter(etree.Comment))


def test_without_a_qr_code_the_source_starts_at_the_margin_and_the_logo_slot_takes_the_codes_place(campaign, fonts, breaker):
    """The source beside an empty square read as an odd indent (a plan's campaign has no URL): it lines up with
    every other block at the margin, and the slot moves to the right, where the QR code would be."""
    no_link = replace(campaign, source=replace(campaign.source, url=""))
    root = _root(poster_svg(no_link, fonts, breaker, "list"))
    width, margin = float(root.get("viewBox").split()[2]), POSTER.margin
    credit = root.find(".//svg:text[@data-frame='source-credit']", NS)
    assert float(credit[0].get("x").split()[0]) == margin
    slot = root.find(".//svg:g[@id='logo-slot']", NS)
    assert float(slot.get("data-x")) + float(slot.get("data-width")) == width - margin
    assert root.find(".//svg:g[@data-qr]", NS) is None


# --------------------------------------------------------------------------
# Other campaigns: 3 to 30 items, with and without icons.
# --------------------------------------------------------------------------


def test_every_synthetic_list_makes_every_product(synthetic_outputs):
    assert {key[0] for key in synthetic_outputs} == set(COUNTS)
    assert any(not icons for _, icons, _ in synthetic_outputs)
    for (count, icons, layout), (poster, web, slides) in synthetic_outputs.items():
        assert sorted(_headings_by_item(web)) == list(range(1, count + 1)), (count, layout)
        if poster is None:
            continue
        assert _size(poster) == (297.0, 420.0)
        items = sorted(int(g.get("data-item")) for g in _root(poster).iterfind(".//svg:g[@data-item]", NS))
        assert items == list(range(1, count + 1)), (count, layout)
        if _root(poster).get("data-detail") in ("full", "new-way", "headings"):
            assert sorted(_headings_by_item(poster)) == list(range(1, count + 1)), (count, layout)
        if not icons:
            assert b"data-icon" not in poster + web


def test_carousel_shows_every_item_once_and_whole(synthetic_outputs, campaign):
    for (count, icons, layout), (_, _, slides) in synthetic_outputs.items():
        variant = synthetic(campaign, count, icons)
        seen: list[int] = []
        assert all(_headings_by_item(svg) for svg in slides[:-1]), (count, layout)  # only a closing slide is bare
        for index, svg in enumerate(slides, start=1):
            assert _size(svg) == (float(CAROUSEL_SLIDE[0]), float(CAROUSEL_SLIDE[1]))
            assert _root(svg).get("height") == f"{CAROUSEL_SLIDE[1]}px"
            assert _frame_text(_frames(svg, "slide-number")[0]) == f"{index}/{len(slides)}"
            for number, headings in _headings_by_item(svg).items():
                assert headings == [variant.items[number - 1].heading], (count, layout, number)
                seen.append(number)
        assert seen == list(range(1, count + 1)), (count, layout)
        assert _frames(slides[0], "title") and _frames(slides[0], "subtitle")  # the header: first slide only
        closing = _root(slides[-1]).get("data-closing") == "true"  # and again on a closing slide
        assert all(not _frames(svg, "subtitle") for svg in slides[1:len(slides) - closing])
        assert b"data-qr=" in slides[-1] and all(b"data-qr=" not in svg for svg in slides[:-1])


def test_carousel_slides_are_balanced(synthetic_outputs, campaign):
    for (count, icons, layout), (_, _, slides) in synthetic_outputs.items():
        middle = [len(_headings_by_item(svg)) for svg in slides[1:-1]]
        if middle:
            assert max(middle) - min(middle) <= 1, (count, layout, middle)


def test_web_image_grows_with_the_list(synthetic_outputs):
    for layout in LAYOUTS:
        heights = [_size(synthetic_outputs[(count, True, layout)][1])[1] for count in COUNTS]
        assert heights == sorted(heights) and len(set(heights)) == len(heights), (layout, heights)
        assert all(_size(synthetic_outputs[(count, True, layout)][1])[0] == 1080 for count in COUNTS)


def test_poster_fits_the_page_by_columns_and_type_size(synthetic_outputs):
    """Few items: large type in full; more: more columns (list) and less detail, never type below the minimum."""
    order = ("full", "ways", "new-way", "headings")
    for layout in LAYOUTS:
        roots = [_root(synthetic_outputs[(count, True, layout)][0]) for count in POSTER_COUNTS]
        details = [order.index(root.get("data-detail")) for root in roots]
        assert details == sorted(details) and details[0] == 0 and details[-1] > 0, (layout, details)
        sizes = [float(root.get("data-body-size")) for root in roots]
        assert min(sizes) >= 14 / MM_TO_PT - 1e-6, (layout, sizes)
        if layout == "list":
            columns = [int(root.get("data-columns")) for root in roots]
            assert columns[0] == 1 and columns[-1] == 2, columns


def test_thirty_long_items_are_refused_on_the_poster_with_a_reason(campaign, fonts, breaker):
    long = replace(campaign, items=tuple(
        replace(campaign.items[i % 17], number=i + 1) for i in range(30)
    ))
    for layout in LAYOUTS:
        with pytest.raises(FlashgenError, match=r"30 items do not fit on an A3 poster .*readable size.*less of each"):
            poster_svg(long, fonts, breaker, layout)
        assert len(carousel_svgs(long, fonts, breaker, layout)) > 1  # the screens still take them


# --------------------------------------------------------------------------
# Everything stays inside the page.
# --------------------------------------------------------------------------


def _foreground_only(svg: bytes) -> bytes:
    """The drawing without its background layer (page colour, bands, their decoration)."""
    root = _root(svg)
    for group in root.findall(".//svg:g[@data-layer='background']", NS):
        group.getparent().remove(group)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)


def _ink_in_margin(svg: bytes, pixels: tuple[int, int], band: int) -> int:
    """How many pixels of foreground (text, cards, icons, QR) lie within ``band`` px of the edge."""
    image = render.render_image(_foreground_only(svg), pixels, 96)
    if image.mode != "RGBA":
        return pixels[0] * pixels[1]  # fully opaque: everything is ink
    alpha = image.getchannel("A")
    width, height = pixels
    boxes = ((0, 0, width, band), (0, height - band, width, height), (0, 0, band, height), (width - band, 0, width, height))
    return sum(sum(alpha.crop(box).histogram()[9:]) for box in boxes)


def _shift_first_heading_into_margin(svg: bytes) -> bytes:
    root = _root(svg)
    span = root.find(".//svg:text[@data-frame='heading']/svg:tspan", NS)
    offset = sum(  # the card's own position: the text's x are relative to it
        float(match.group(1)) for group in span.iterancestors()
        for match in [re.match(r"translate\(([-\d.]+)", group.get("transform", ""))] if match
    )
    xs = [float(x) for x in span.get("x").split()]
    span.set("x", " ".join(str(x - xs[0] - offset + 12) for x in xs))  # starts 12 px from the left edge
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)


def test_margin_check_catches_text_in_the_margin(synthetic_outputs, renderer):
    slide = synthetic_outputs[(8, True, "list")][2][1]
    assert _ink_in_margin(slide, CAROUSEL_SLIDE, 40) == 0
    assert _ink_in_margin(_shift_first_heading_into_margin(slide), CAROUSEL_SLIDE, 40) > 0


@pytest.mark.parametrize("layout", LAYOUTS)
def test_screens_keep_40px_clear_of_the_edges(campaign, fonts, breaker, renderer, layout):
    web = web_svg(campaign, fonts, breaker, layout)
    width, height = _size(web)
    assert _ink_in_margin(web, (int(width), int(height)), 40) == 0
    for slide in carousel_svgs(synthetic(campaign, 30), fonts, breaker, layout)[:3] + carousel_svgs(
        campaign, fonts, breaker, layout
    ):
        assert _ink_in_margin(slide, CAROUSEL_SLIDE, 40) == 0


@pytest.mark.parametrize("layout", LAYOUTS)
def test_poster_keeps_10mm_clear_of_the_paper_edge(posters, synthetic_outputs, renderer, layout):
    dpi_scale = 3  # render the 297 × 420 mm viewBox at 3 px per mm
    pixels = (297 * dpi_scale, 420 * dpi_scale)
    for svg in (posters[layout][0], synthetic_outputs[(12, True, layout)][0]):
        root = _root(svg)
        root.set("width", f"{pixels[0]}px")
        root.set("height", f"{pixels[1]}px")
        svg = etree.tostring(root, encoding="utf-8", xml_declaration=True)
        assert _ink_in_margin(svg, pixels, 10 * dpi_scale) == 0


# --------------------------------------------------------------------------
# Errors a user can act on.
# --------------------------------------------------------------------------


def test_unknown_icon_names_the_item_and_field(campaign, fonts, breaker):
    items = tuple(replace(item, icon="no-such-icon") if item.number == 5 else item for item in campaign.items)
    broken = replace(campaign, items=items)
    for make in (lambda: poster_svg(broken, fonts, breaker, "list"), lambda: web_svg(broken, fonts, breaker, "comparison"),
                 lambda: carousel_svgs(broken, fonts, breaker, "list")):
        with pytest.raises(FlashgenError, match=r"line \d+, item 5, field 'icon': there is no icon called 'no-such-icon'"):
            make()


def test_comparison_needs_old_and_new_ways(campaign, fonts, breaker):
    bare = replace(campaign, items=tuple(replace(item, from_text="", to_text="") for item in campaign.items))
    with pytest.raises(FlashgenError, match="comparison layout shows every item's 'from' and 'to'"):
        poster_svg(bare, fonts, breaker, "comparison")
    with pytest.raises(FlashgenError, match="comparison layout shows every item's 'from' and 'to'"):
        carousel_svgs(bare, fonts, breaker, "comparison")
    unnamed = replace(campaign, compare=Compare(from_label="CNTT", to_label="CĐS"))
    with pytest.raises(FlashgenError, match="comparison layout needs the names of the two sides"):
        web_svg(unnamed, fonts, breaker, "comparison")
    # The list layout takes the same content: headings alone, and labels from the names.
    assert b"data-item=\"17\"" in poster_svg(bare, fonts, breaker, "list")
    assert b"data-item=\"17\"" in web_svg(unnamed, fonts, breaker, "list")


def test_text_that_cannot_fit_names_the_item_and_field(campaign, fonts, breaker):
    word = "Chuyểnđổisốtoàndiện" * 6  # one "word" wider than any column
    items = tuple(replace(item, to_text=f"Một {word}") if item.number == 9 else item for item in campaign.items)
    broken = replace(campaign, items=items)
    for make in (lambda: poster_svg(broken, fonts, breaker, "list"), lambda: web_svg(broken, fonts, breaker, "list")):
        with pytest.raises(FlashgenError, match=r"item 9, field 'to': the text does not fit"):
            make()


def test_unknown_layout_or_paper(campaign, fonts, breaker):
    with pytest.raises(FlashgenError, match="layouts are: list, comparison"):
        web_svg(campaign, fonts, breaker, "table")
    with pytest.raises(FlashgenError, match="papers are: a3, a2"):
        poster_svg(campaign, fonts, breaker, "list", "a4")


# --------------------------------------------------------------------------
# Themes.
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def do(fonts, renderer):
    theme = do_theme()
    renderer.verify_faces(infographic_faces(fonts, theme))
    return theme


def _poster_pixels(svg: bytes, scale: int = 3) -> tuple[bytes, tuple[int, int]]:
    """The poster drawn at ``scale`` px per mm, and its size in pixels."""
    pixels = (297 * scale, 420 * scale)
    root = _root(svg)
    root.set("width", f"{pixels[0]}px")
    root.set("height", f"{pixels[1]}px")
    return etree.tostring(root, encoding="utf-8", xml_declaration=True), pixels


def test_theme_do_colours_and_fonts(campaign, fonts, breaker, renderer, do, tmp_path):
    corner = (0, 0, 24, 24)  # the header band's top left, where its gradient starts at the primary colour
    for theme, primary in ((None, NAVY), (do, rgb(do.colour("primary")))):
        slide = carousel_svgs(campaign, fonts, breaker, "list", theme=theme)[0]
        assert close(dominant_colour(renderer.render_image(slide, CAROUSEL_SLIDE, 96), corner), primary, 3)
    svg = poster_svg(campaign, fonts, breaker, "comparison", theme=do)
    families = {text.get("font-family") for text in _root(svg).iter(f"{{{SVG_NS}}}text")}
    assert families and all(family.startswith("flashgen NotoSerif-") for family in families)
    path = tmp_path / "poster.pdf"
    path.write_bytes(renderer.render_pdf(svg))
    assert all(name.startswith("NotoSerif-") for name in embedded_fonts(path))
    assert f'fill="{do.colour("primary")}"'.encode() in svg and b"#0B2A5B" not in svg


@pytest.mark.parametrize("layout", LAYOUTS)
def test_theme_do_keeps_everything_inside_the_margins(campaign, fonts, breaker, renderer, do, layout):
    """Noto Serif is wider and taller than Be Vietnam Pro: the layout measures it, so nothing runs over."""
    web = web_svg(campaign, fonts, breaker, layout, theme=do)
    width, height = _size(web)
    assert _ink_in_margin(web, (int(width), int(height)), 40) == 0
    for slide in carousel_svgs(campaign, fonts, breaker, layout, theme=do):
        assert _ink_in_margin(slide, CAROUSEL_SLIDE, 40) == 0
    # 14 of the synthetic items still fit the A3 poster in Noto Serif at 14 pt (in less detail).
    poster, pixels = _poster_pixels(poster_svg(synthetic(campaign, 14), fonts, breaker, layout, theme=do))
    assert _ink_in_margin(poster, pixels, 30) == 0


def test_theme_logo_organisation_and_footer(campaign, fonts, breaker, renderer, posters, tmp_path):
    theme = logo_theme()
    slides = carousel_svgs(campaign, fonts, breaker, "list", theme=theme)
    logo = _root(slides[0]).find(".//svg:image[@data-frame='logo']", NS)
    assert logo is not None and logo.get("href").startswith("data:image/svg+xml;base64,")
    first = renderer.render_image(slides[0], CAROUSEL_SLIDE, 96)
    header_band = (0, 0, CAROUSEL_SLIDE[0], 300)
    assert logo_pixel_count(first, header_band) > 3000
    assert logo_pixel_count(first) == logo_pixel_count(first, header_band)
    assert [_frame_text(t) for t in _frames(slides[0], "organisation")] == [ORGANISATION, campaign.organisation]
    assert [_frame_text(t) for t in _frames(slides[-1], "theme-footer")] == [FOOTER]
    assert _ink_in_margin(slides[0], CAROUSEL_SLIDE, 40) == 0 and _ink_in_margin(slides[-1], CAROUSEL_SLIDE, 40) == 0
    path = tmp_path / "poster.pdf"
    path.write_bytes(renderer.render_pdf(poster_svg(campaign, fonts, breaker, "list", theme=theme)))
    text = _flat(_run("pdftotext", "-enc", "UTF-8", path, "-"))
    assert ORGANISATION in text and FOOTER in text
    # The default theme has none of these: no image, no footer line, the campaign's organisation alone.
    default = posters["list"][0]
    assert b"<image" not in default and not _frames(default, "theme-footer")
    assert [_frame_text(t) for t in _frames(default, "organisation")] == [campaign.organisation]


def test_build_makes_the_infographic_in_the_chosen_theme(data_dir, tmp_path):
    """The theme reaches the posters, the web image and the carousel through the build's worker processes."""
    out = tmp_path / "out"
    build(BuildOptions(content=data_dir / "minimal.yaml", out_dir=out, products=("infographic",), theme=find_theme("do"),
                       jobs=2))
    primary = rgb(do_theme().colour("primary"))
    for name in ("web-list.png", "carousel-comparison/01.png"):
        with Image.open(out / "infographic" / name) as image:
            assert close(dominant_colour(image.convert("RGB"), (0, 0, 24, 24)), primary, 3), name
    assert all(font.startswith("NotoSerif-") for font in embedded_fonts(out / "infographic" / "poster-list-a3.pdf"))
