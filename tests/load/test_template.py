"""Templates: the convention, files from Inkscape and Illustrator, and clear errors."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from flashgen.compose.card import compose_card
from flashgen.errors import FlashgenError
from flashgen.load.frame import TextKind
from flashgen.load.presets import load_presets
from flashgen.load.template import load_template
from flashgen.merge.cards import merge_cards
from flashgen.options import choose_sizes
from flashgen.render import draw as render
from flashgen.text.wordbreak import WordBreaker
from tests.conftest import DATA

SOCIAL = load_presets().card_sizes["social"]
A6 = load_presets().card_sizes["a6"]
BASE = (DATA / "templates" / "inkscape-front.svg").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def known(campaign):
    return campaign.field_names()


def _load(tmp_path: Path, text: str, fonts, known, size=SOCIAL):
    path = tmp_path / "template.svg"
    path.write_text(text, encoding="utf-8")
    return load_template(path, size, fonts, known)


# The text frames each template must have, by its key in flashgen/data/sizes.yaml (an item kind's side, or the
# contrast's plain side).
MAIN_FRAMES = {
    "front": {"heading"}, "back": {"heading", "from", "to"}, "statement-front": {"heading"},
    "statement-back": {"heading", "text"}, "figure-front": {"value", "label"}, "figure-back": {"label"},
}
# A business card's back shows a statement's heading only: its text does not fit at 7 pt (data/media.yaml).
SMALLER = {("business", "statement-back"): {"heading"}}


def test_bundled_templates_load(fonts, known, templates_dir):
    for size in load_presets().card_sizes.values():
        for side, name in size.templates:
            template = load_template(templates_dir / name, size, fonts, known)
            needed = SMALLER.get((size.name, side), MAIN_FRAMES[side])
            assert needed <= {frame.field for frame in template.frames}, name


def _compose_first_card(template, campaign):
    card = merge_cards(campaign, {("social", "flashcard-front-1080x1350.svg"): template, ("social", "flashcard-back-1080x1350.svg"): template}, choose_sizes(("social",)))[0]
    return compose_card(card, WordBreaker.for_glossary(campaign.glossary))


@pytest.mark.parametrize("name", ["inkscape-front.svg", "illustrator-front.svg"])
def test_design_tool_exports_work_as_templates(name, fonts, known, campaign):
    template = load_template(DATA / "templates" / name, SOCIAL, fonts, known)
    assert [frame.field for frame in template.frames] == ["heading"]
    assert template.placeholder_fields >= {"count"}
    document = _compose_first_card(template, campaign)
    root = etree.fromstring(document.svg)
    texts = root.findall(".//{http://www.w3.org/2000/svg}text")
    assert all(t.get("font-family", "").startswith("flashgen BeVietnamPro-") for t in texts)
    assert "/17" in "".join(root.itertext())
    heading = [t for t in texts if t.get("data-frame") == "heading"][0]
    assert " ".join(span.text for span in heading) == campaign.items[0].heading
    render.prepare(fonts)
    image = render.render_image(document.svg, SOCIAL.pixels, 96)
    assert image.size == (1080, 1350)


def test_frame_inside_a_transformed_layer_keeps_its_transform(fonts, known, campaign):
    template = load_template(DATA / "templates" / "inkscape-front.svg", SOCIAL, fonts, known)
    document = _compose_first_card(template, campaign)
    root = etree.fromstring(document.svg)
    heading = root.find(".//{http://www.w3.org/2000/svg}text[@data-frame='heading']")
    assert heading.getparent().get("transform") == "translate(40,60)"
    first_line = heading[0]
    assert 56 <= float(first_line.get("x").split()[0]) and 400 < float(first_line.get("y")) < 820


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('data-field="heading"', 'data-field="headline"', r"element 'heading frame': unknown field 'headline'. Fields you can use: .*heading"),
        ('data-font-weight="700"', 'data-font-weight="750"', r"'Be Vietnam Pro' weight 750 is not available; this family has: 100"),
        ("font-family:'Be Vietnam Pro'", "font-family:'Comic Sans MS'", r"element 'text1': the font 'Comic Sans MS' is not available to flashgen"),
        ('x="56" y="400"', 'x="-20" y="400"', r"reaches outside the safe area: keep it at least 48 px from the edge"),
        ('width="1080"\n', 'width="1000"\n', r"the page is 1000 × 1350 but the 'social' size needs 1080px × 1350px"),
        ('viewBox="0 0 1080 1350"', "", r"needs a viewBox"),
        ('data-font-size="72"', 'data-font-size="big"', r"data-font-size should be a plain number, not 'big'"),
        ('data-min-font-size="40"', 'data-min-font-size="90"', r"data-min-font-size must be above 0 and at most data-font-size"),
        ('data-kind="heading"', 'data-kind="heading" data-colour="red"', r"unknown frame attribute\(s\) data-colour"),
        ('data-kind="heading"', 'data-kind="title"', r"data-kind='title' is not one of: text, heading, display"),
        ("{{count}}", "{{total}}", r"element 'tspan1': unknown field 'total'"),
        ("font-family:'Be Vietnam Pro';", "", r"this text has no font-family"),
    ],
)
def test_template_mistakes_are_named(tmp_path, fonts, known, old, new, expected):
    assert old in BASE
    text = BASE.replace(old, new, 1)
    with pytest.raises(FlashgenError, match=expected) as failure:
        _load(tmp_path, text, fonts, known)
    assert str(tmp_path / "template.svg") in failure.value.message


@pytest.mark.parametrize("kind, heading", [("heading", True), ("display", True), ("text", False), (None, False)])
def test_a_frames_kind_says_how_its_lines_break(tmp_path, fonts, known, kind, heading):
    # display: broken as a heading (the layout's rules), kept to its medium's body size (tests/products/test_media_sizes.py)
    text = BASE.replace('data-kind="heading"', f'data-kind="{kind}"' if kind else "", 1)
    frame = next(f for f in _load(tmp_path, text, fonts, known).frames if f.field == "heading")
    assert frame.kind is TextKind(kind or "text") and frame.style.heading is heading


def test_rotated_frame_is_refused(tmp_path, fonts, known):
    text = BASE.replace('id="heading" x="56"', 'id="heading" transform="rotate(10)" x="56"')
    with pytest.raises(FlashgenError, match="text frames cannot be rotated"):
        _load(tmp_path, text, fonts, known)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("this is not xml", r"not valid SVG/XML"),
        (BASE[: len(BASE) // 2], r"not valid SVG/XML"),
        ('<html xmlns="http://www.w3.org/1999/xhtml"></html>', r"not an SVG image"),
        ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>', r"declares XML entities"),
    ],
)
def test_files_that_are_not_templates(tmp_path, fonts, known, content, expected):
    with pytest.raises(FlashgenError, match=expected):
        _load(tmp_path, content, fonts, known)


def test_template_without_any_marks(tmp_path, fonts, known):
    text = '<svg xmlns="http://www.w3.org/2000/svg" width="1080" height="1350" viewBox="0 0 1080 1350"><rect width="10" height="10"/></svg>'
    with pytest.raises(FlashgenError, match=r"no text frames \(data-field\) and no \{\{field\}\} placeholders"):
        _load(tmp_path, text, fonts, known)


def test_print_template_must_be_trim_plus_bleed_in_mm(tmp_path, fonts, known, templates_dir):
    text = (templates_dir / "flashcard-front-a6.svg").read_text(encoding="utf-8").replace('width="111mm"', 'width="105mm"')
    with pytest.raises(FlashgenError, match=r"needs 111mm × 154mm"):
        _load(tmp_path, text, fonts, known, size=A6)


def test_static_text_with_a_character_the_font_lacks(tmp_path, fonts, known):
    text = BASE.replace("{{number_padded}}/{{count}}", "★ {{count}}")
    with pytest.raises(FlashgenError, match=r"has no glyph for '★' \(U\+2605\)"):
        _load(tmp_path, text, fonts, known)


def test_print_safe_area_counts_from_the_trim_not_the_bleed(tmp_path, fonts, known, templates_dir):
    original = (templates_dir / "flashcard-front-a6.svg").read_text(encoding="utf-8")
    assert 'id="heading-frame" x="11"' in original
    # 6 mm from the paper edge is only 3 mm inside the trim: too close to the cut.
    text = original.replace('id="heading-frame" x="11"', 'id="heading-frame" x="6"')
    with pytest.raises(FlashgenError, match=r"keep it at least 5 mm from the trimmed edge"):
        _load(tmp_path, text, fonts, known, size=A6)


@pytest.mark.parametrize("href", ["logo.png", "file:///etc/passwd", "https://example.com/logo.png"])
def test_linked_images_are_refused(tmp_path, fonts, known, href):
    text = BASE.replace('<defs id="defs1"/>', f'<defs id="defs1"/><image id="logo" href="{href}" width="10" height="10"/>')
    with pytest.raises(FlashgenError, match=r"element 'logo': the image is linked"):
        _load(tmp_path, text, fonts, known)


def test_embedded_images_are_fine(tmp_path, fonts, known):
    pixel = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
    text = BASE.replace('<defs id="defs1"/>', f'<defs id="defs1"/><image id="logo" href="{pixel}" width="10" height="10"/>')
    assert _load(tmp_path, text, fonts, known).frames


def _pixel(image, x: int, y: int) -> tuple[int, int, int]:
    return image.convert("RGB").getpixel((x, y))


def test_figma_export_with_a_frames_file(fonts, known, campaign):
    """Figma cannot write data-* attributes: the frames file names the rectangles by layer name."""
    template = load_template(DATA / "templates" / "figma-front.svg", SOCIAL, fonts, known)
    assert [frame.field for frame in template.frames] == ["heading", "source.credit"]
    assert template.frames[0].fill == "#FFFFFF"  # the theme's 'on-primary'
    document = _compose_first_card(template, campaign)
    root = etree.fromstring(document.svg)
    heading = root.find(".//{http://www.w3.org/2000/svg}text[@data-frame='heading-frame']")
    assert " ".join(span.text for span in heading) == campaign.items[0].heading
    assert root.find(".//{http://www.w3.org/2000/svg}rect[@id='heading-frame']") is None  # the grey placeholder is gone
    render.prepare(fonts)
    image = render.render_image(document.svg, SOCIAL.pixels, 96)
    assert _pixel(image, 20, 1300) == (0x0B, 0x2A, 0x5B)
    ink = image.crop((96, 400, 984, 820)).convert("L").getextrema()
    assert ink[1] > 200  # white heading text is drawn in the frame


def test_illustrator_internal_css_classes_are_applied(fonts, known, campaign):
    """Illustrator writes fills and fonts as .st0 classes and encodes '_' in layer names as _x5F_."""
    template = load_template(DATA / "templates" / "illustrator-classes-front.svg", SOCIAL, fonts, known)
    assert [frame.name for frame in template.frames] == ["heading_x5F_frame"]
    faces = {face.postscript_name for _, face in template.text_faces}
    assert faces == {"BeVietnamPro-SemiBold"}
    document = _compose_first_card(template, campaign)
    render.prepare(fonts)
    image = render.render_image(document.svg, SOCIAL.pixels, 96)
    assert _pixel(image, 20, 1300) == (0x12, 0x40, 0x8A)  # .st0 on the background
    assert _pixel(image, 150, 335) == (0xFF, 0xC8, 0x3D)  # .st1 on the accent bar
    number = image.crop((96, 130, 400, 190)).convert("L").getextrema()
    assert number[1] > 230  # .st2 makes the number white


def test_frames_file_naming_a_missing_layer_is_an_error(tmp_path, fonts, known):
    (tmp_path / "t.svg").write_text((DATA / "templates" / "figma-front.svg").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "t.frames.yaml").write_text("headline-frame:\n  field: heading\n  font-size: 60\n", encoding="utf-8")
    with pytest.raises(FlashgenError) as error:
        load_template(tmp_path / "t.svg", SOCIAL, fonts, known)
    assert "t.frames.yaml, line 1, frame 'headline-frame'" in error.value.message
    assert "Include \"id\" attribute" in error.value.message


def test_theme_roles_restyle_a_template(fonts, known):
    from flashgen.load.theme import find_theme, load_theme

    red = load_theme(find_theme("do"))
    template = load_template(DATA / "templates" / "figma-front.svg", SOCIAL, fonts, known, red)
    assert template.frames[0].style.face.family == "Noto Serif"
    assert template.frames[1].fill == red.colour("on-primary-muted")


def _with_title_line(tmp_path, fonts, known, max_width: int):
    line = (f'<text style="font-size:40px;font-family:\'Be Vietnam Pro\';font-weight:700" x="56" y="220" '
            f'data-max-width="{max_width}">{{{{campaign.title}}}}</text></svg>')
    return _load(tmp_path, BASE.replace("</svg>", line), fonts, known)


def test_a_line_with_a_max_width_shrinks_to_fit(tmp_path, fonts, known, campaign):
    template = _with_title_line(tmp_path, fonts, known, max_width=900)
    title = [t for t in etree.fromstring(_compose_first_card(template, campaign).svg).iter("{*}text")
             if campaign.title in "".join(t.itertext())][0]
    size = float(title.get("font-size"))
    assert size < 40
    face = fonts.resolve("Be Vietnam Pro", 700)
    assert face.width(campaign.title, size) <= 900 + 1e-6


def test_a_line_too_long_even_at_its_smallest_is_quoted_by_its_opening_only(tmp_path, fonts, known, campaign):
    template = _with_title_line(tmp_path, fonts, known, max_width=200)
    long_title = campaign.title + ", theo phát biểu của Bộ trưởng Bộ Thông tin và Truyền thông"
    with pytest.raises(FlashgenError, match="is too long for its line") as raised:
        _compose_first_card(template, replace(campaign, title=long_title))
    assert f"'{long_title[:60].rstrip()}…'" in raised.value.message
    assert long_title not in raised.value.message
