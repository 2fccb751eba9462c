"""Boxes that grow with their words: the data-fit-text mark, read (load/fitbox.py, template.py) and applied
(compose/boxes.py) — a pill holds its text whatever its length, anchored where the template says."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from flashgen.compose.card import compose_card
from flashgen.errors import FlashgenError
from flashgen.load.fitbox import fitted_span, line_width
from flashgen.load.presets import load_presets
from flashgen.load.resources import TEMPLATES_DIR
from flashgen.load.template import PLACEHOLDER, load_template
from flashgen.merge.cards import MergedCard
from flashgen.text.wordbreak import WordBreaker

SVG = "{http://www.w3.org/2000/svg}"
SQUARE = load_presets().shapes["square"]
PILL = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="1080" height="1080" viewBox="0 0 1080 1080">
  <g transform="translate(10 0)">
    <rect id="pill" class="fill-accent" x="100" y="100" width="200" height="50" rx="25" data-fit-text="label" {padding}/>
    <text id="label" data-max-width="{max_width}" x="{x}" y="135" text-anchor="{anchor}" font-family="Be Vietnam Pro"
          font-weight="800" font-size="28" letter-spacing="2">{{{{message_label}}}}</text>
  </g>
  <rect id="heading" x="100" y="300" width="800" height="300" data-field="message" data-font-size="60"/>
</svg>
"""


def _template(tmp_path: Path, fonts, known, anchor="start", x=130, max_width=700, padding="", text=None):
    path = tmp_path / "pill.svg"
    path.write_text(text or PILL.format(anchor=anchor, x=x, max_width=max_width, padding=padding), encoding="utf-8")
    return load_template(path, SQUARE, fonts, known)


def _composed(template, label: str) -> etree._Element:
    card = MergedCard(slug="m", what="message", size=SQUARE, template=template, content_path=Path("c.yaml"), line=1,
                      values={"message_label": label, "message": "Chuyển đổi số"})
    return etree.fromstring(compose_card(card, WordBreaker.for_glossary(())).svg)


def _pill_and_label(root: etree._Element) -> tuple[tuple[float, float], str]:
    rect = next(e for e in root.iter(f"{SVG}rect") if e.get("id") == "pill")
    text = next(e for e in root.iter(f"{SVG}text") if e.get("id") == "label")
    return (float(rect.get("x")), float(rect.get("width"))), "".join(text.itertext())


@pytest.fixture(scope="module")
def known(campaign):
    return campaign.field_names()


def test_span_is_the_text_plus_padding_where_the_text_is_anchored():
    assert fitted_span(100, "start", 200, 20, 50) == (80, 240)
    assert fitted_span(100, "middle", 200, 20, 50) == (-20, 240)
    assert fitted_span(100, "end", 200, 20, 50) == (-120, 240)
    # never narrower than tall: a short label sits in a round badge, centred on the text
    assert fitted_span(100, "start", 4, 10, 50) == pytest.approx((77, 50))


def test_line_width_leaves_out_the_spacing_after_the_last_letter(fonts):
    face = fonts.resolve("Be Vietnam Pro", "800", None)
    assert line_width(face, "AB", 10, 1) == pytest.approx((face.advances["A"] + face.advances["B"]) * 10 + 1)
    assert line_width(face, "", 10, 1) == 0


@pytest.mark.parametrize("label", ["A", "CHỦ ĐỀ NĂM 2023", "THÔNG ĐIỆP SỐ 12 CỦA CHIẾN DỊCH 2023"])
def test_a_pill_grows_and_shrinks_with_its_words(tmp_path, fonts, known, label):
    template = _template(tmp_path, fonts, known)
    (left, width), shown = _pill_and_label(_composed(template, label))
    face = fonts.resolve("Be Vietnam Pro", "800", None)
    text_width = line_width(face, shown, 28, 2)
    padding = 0.6 * 50  # the default: 0.6 of the box's height
    assert width == pytest.approx(max(text_width + 2 * padding, 50), abs=0.01)
    assert left <= 130 and left + width >= 130 + text_width  # the text is inside its pill
    if text_width + 2 * padding > 50:
        assert left == pytest.approx(130 - padding, abs=0.01)  # left-anchored: the pill starts where it is drawn


def test_a_centred_pill_stays_centred_and_padding_is_the_templates(tmp_path, fonts, known):
    template = _template(tmp_path, fonts, known, anchor="middle", x=400, max_width=500, padding='data-fit-padding="12"')
    for label in ("CHỦ ĐỀ", "CHỦ ĐỀ NĂM 2023"):
        (left, width), _ = _pill_and_label(_composed(template, label))
        assert left + width / 2 == pytest.approx(400, abs=0.01)
    face = fonts.resolve("Be Vietnam Pro", "800", None)
    assert width == pytest.approx(line_width(face, "CHỦ ĐỀ NĂM 2023", 28, 2) + 24, abs=0.01)


def test_a_label_too_long_for_its_limit_shrinks_and_its_pill_with_it(tmp_path, fonts, known):
    template = _template(tmp_path, fonts, known, max_width=260)
    (_, width), shown = _pill_and_label(_composed(template, "CHỦ ĐỀ NĂM 2023 XX"))
    assert width <= 260 + 2 * 30 + 0.01


@pytest.mark.parametrize(("change", "problem"), [
    (('data-fit-text="label"', 'data-fit-text="nothing"'), "must name the id of a <text>"),
    (('data-max-width="700" ', ""), "needs a data-max-width"),
    (('<g transform="translate(10 0)">', '<g>'), "same coordinates"),
    (('data-fit-text="label"', 'data-fit-text="label" data-fit-padding="-3"'), "0 or more"),
])
def test_mistakes_in_the_mark_are_named(tmp_path, fonts, known, change, problem):
    text = PILL.format(anchor="start", x=130, max_width=700, padding="")
    if change[1] == "<g>":  # the text moved out of the box's group: different coordinates
        text = text.replace('    <text id="label"', '  </g>\n  <g transform="translate(20 0)">\n    <text id="label"')
    else:
        text = text.replace(*change)
    with pytest.raises(FlashgenError, match=problem):
        _template(tmp_path, fonts, known, text=text)


def _pills(path: Path) -> list[tuple[etree._Element, etree._Element]]:
    """Each rounded rect of a template with a line of {{placeholders}} drawn on it (a pill or badge)."""
    found = []
    for parent in etree.parse(str(path)).getroot().iter():
        children = [c for c in parent if isinstance(c.tag, str)]
        for index, rect in enumerate(children):
            if rect.tag != f"{SVG}rect" or rect.get("rx") is None or rect.get("data-field") or rect.get("data-qr"):
                continue
            box = [float(rect.get(k) or 0) for k in ("x", "y", "width", "height")]
            for text in children[index + 1:index + 3]:
                x, y = float(text.get("x") or 0), float(text.get("y") or 0)
                on_it = box[0] <= x <= box[0] + box[2] and box[1] <= y <= box[1] + box[3]
                if text.tag == f"{SVG}text" and on_it and PLACEHOLDER.search("".join(text.itertext())):
                    found.append((rect, text))
    return found


def test_every_bundled_pill_grows_with_its_text():
    pills = {path.name: _pills(path) for path in sorted(TEMPLATES_DIR.glob("*.svg"))}
    assert sum(map(len, pills.values())) >= 60  # the finder finds them (CNTT → CĐS, ĐIỂM 01, 1/17, 2023, CHỦ ĐỀ …)
    fixed = [f"{name}: {rect.get('x')},{rect.get('y')}" for name, found in pills.items() for rect, text in found
             if rect.get("data-fit-text") != text.get("id")]
    assert fixed == []


def _number(element: etree._Element, name: str) -> float:
    return float(element.get(name) or 0)


def _widest_span(rect: etree._Element, text: etree._Element) -> tuple[float, float]:
    """Left and right edge of a pill at its widest: its text at data-max-width, plus the padding each side."""
    height = _number(rect, "height")
    padding = float(rect.get("data-fit-padding") or 0.6 * height)
    x, limit = _number(text, "x"), _number(text, "data-max-width")
    left = {"middle": x - limit / 2, "end": x - limit}.get(text.get("text-anchor") or "start", x)
    return left - padding, left + limit + padding


def _beside(path: Path) -> list[str]:
    """What a pill of ``path`` at its widest would run into: a left-aligned text or a frame level with it."""
    root = etree.parse(str(path)).getroot()
    found = []
    for rect in (e for e in root.iter(f"{SVG}rect") if e.get("data-fit-text")):
        text = next(e for e in root.iter(f"{SVG}text") if e.get("id") == rect.get("data-fit-text"))
        left, right = _widest_span(rect, text)
        top, bottom = _number(rect, "y"), _number(rect, "y") + _number(rect, "height")
        for other in rect.getparent():
            if other is rect or other is text or not isinstance(other.tag, str):
                continue
            if other.tag == f"{SVG}text" and (other.get("text-anchor") or "start") == "start":
                size = float(other.get("font-size") or 0)
                level = _number(other, "y") - 0.75 * size < bottom and _number(other, "y") > top
                if level and left < _number(other, "x") < right:
                    found.append(f"{path.name}: pill '{rect.get('id')}' runs into '{''.join(other.itertext())[:30]}'")
            elif other.tag == f"{SVG}rect" and other.get("data-field"):
                x, y, width, height = (_number(other, k) for k in ("x", "y", "width", "height"))
                if x < right and left < x + width and y < bottom and top < y + height:
                    found.append(f"{path.name}: pill '{rect.get('id')}' runs into frame '{other.get('id')}'")
    return found


def test_a_pill_at_its_widest_runs_into_nothing():
    found = [problem for path in sorted(TEMPLATES_DIR.glob("*.svg")) for problem in _beside(path)]
    assert found == [], "\n".join(found)


def test_the_pill_check_sees_a_text_beside_a_pill(tmp_path):
    path = tmp_path / "t.svg"
    path.write_text(PILL.format(anchor="start", x=130, max_width=700, padding="").replace(
        "</g>", '<text x="500" y="135" font-size="28">{{campaign.series}}</text></g>'), encoding="utf-8")
    assert len(_beside(path)) == 1
