"""A template's drawing is counted before it is drawn: clones of clones cannot make a build run for hours."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from flashgen.errors import FlashgenError
from flashgen.load.drawcost import drawing_size
from flashgen.load.limits import Limits
from flashgen.load.resources import TEMPLATES_DIR
from tests.conftest import DATA, copy_templates, tree_snapshot
from tests.e2e.test_cli import flashgen

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100">{}</svg>'


def clone_bomb(points: int = 3000, levels: int = 4, fan_out: int = 10) -> str:
    """A path of ``points`` points in <defs>, drawn through ``levels`` levels of ``fan_out`` clones."""
    path = "M0,0 " + " ".join(f"L{i % 97},{i % 89}" for i in range(points))
    defs = f'<path id="g0" d="{path}"/>'
    for level in range(1, levels + 1):
        defs += f'<g id="g{level}">' + "".join(f'<use href="#g{level - 1}" x="{i}"/>' for i in range(fan_out)) + "</g>"
    return SVG.format(f'<defs>{defs}</defs><use href="#g{levels}"/>')


def size_of(svg: str) -> int:
    return drawing_size(etree.fromstring(svg.encode()))


def test_every_shape_counts_as_often_as_it_is_drawn():
    one = size_of(SVG.format('<path d="M0,0 L10,10 L20,0"/>'))
    assert one == 1 + 1 + 6  # the svg, the path, its six numbers
    cloned = size_of(SVG.format('<path id="p" d="M0,0 L10,10 L20,0"/><use href="#p"/><use xlink:href="#p"/>'))
    assert cloned == 1 + 7 + 2 * (1 + 7)
    assert size_of(SVG.format("<text>Chuyển đổi số</text>")) == 1 + 1 + len("Chuyển đổi số")


def test_the_bundled_templates_are_far_below_the_limit():
    sizes = [drawing_size(etree.parse(str(path)).getroot()) for path in TEMPLATES_DIR.glob("*.svg")]
    assert sizes and max(sizes) < Limits().max_template_drawing / 100


def test_a_clone_bomb_is_counted_at_once():
    started = time.perf_counter()
    assert size_of(clone_bomb()) > 10_000 * 6000  # 10,000 copies of 6,000 numbers
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize("body", [
    '<use id="loop" href="#loop"/>',
    '<g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g>',
])
def test_a_clone_of_itself_is_an_error(body):
    with pytest.raises(FlashgenError, match="refers, through others, to itself"):
        size_of(SVG.format(body))


def test_a_long_chain_of_clones_does_not_exhaust_the_stack():
    chain = '<rect id="u0" width="1" height="1"/>' + "".join(f'<use id="u{i}" href="#u{i - 1}"/>' for i in range(1, 20_000))
    assert size_of(SVG.format(chain)) > 20_000


@given(st.recursive(
    st.sampled_from(['<rect width="1" height="1"/>', '<path d="M0 0L1 1"/>', "<text>a</text>", '<use href="#x"/>']),
    lambda inner: st.lists(inner, max_size=4).map(lambda parts: '<g id="x">' + "".join(parts) + "</g>"),
    max_leaves=12,
))
@settings(max_examples=60, deadline=None)
def test_any_drawing_is_counted_or_refused(body):
    try:
        assert size_of(SVG.format(body)) >= 1
    except FlashgenError as problem:
        assert "to itself" in problem.message


def test_a_build_refuses_the_bomb_at_once_and_changes_nothing(tmp_path):
    templates = copy_templates(tmp_path / "templates", "flashcard-*.svg")
    front = templates / "flashcard-front-1080x1350.svg"
    out = tmp_path / "out"
    args = ("build", "--content", str(DATA / "minimal.yaml"), "--product", "flashcards", "--size", "social",
            "--templates", str(templates), "--out", str(out))
    assert flashgen(*args).returncode == 0
    before = tree_snapshot(out)
    bomb_defs = clone_bomb().split("<defs>")[1].split("</defs>")[0]
    text = front.read_text(encoding="utf-8")
    front.write_text(text.replace("</svg>", f"<defs>{bomb_defs}</defs><use href=\"#g4\"/></svg>"), encoding="utf-8")
    started = time.perf_counter()
    result = flashgen(*args)
    assert time.perf_counter() - started < 30
    assert result.returncode == 1 and "Traceback" not in result.stderr
    message = " ".join(result.stderr.split())
    assert f"template {front}: it asks for too much drawing" in message and "max_template_drawing" in message, message
    assert tree_snapshot(out) == before


def test_check_reports_the_bomb_at_once(tmp_path):
    templates = copy_templates(tmp_path / "templates", "flashcard-*.svg")
    front = templates / "flashcard-front-1080x1350.svg"
    bomb_defs = clone_bomb().split("<defs>")[1].split("</defs>")[0]
    front.write_text(front.read_text(encoding="utf-8").replace("</svg>", f"<defs>{bomb_defs}</defs><use href=\"#g4\"/></svg>"),
                     encoding="utf-8")
    started = time.perf_counter()
    result = flashgen("check", "--content", str(DATA / "minimal.yaml"), "--product", "flashcards", "--size", "social",
                      "--templates", str(templates))
    assert time.perf_counter() - started < 30
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    assert f"[template-too-large] template {front}: it asks for too much drawing" in " ".join(result.stdout.split()), result.stdout


def test_an_embedded_image_counts_its_pixels_as_often_as_it_is_cloned():
    import base64
    import io

    from PIL import Image

    from flashgen.load.images import size_problem

    buffer = io.BytesIO()
    Image.new("RGB", (2000, 2000), "white").save(buffer, "PNG")  # 4 million pixels in a few kilobytes
    uri = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    once = SVG.format(f'<image id="big" width="10" height="10" href="{uri}"/>')
    assert size_problem(etree.fromstring(once.encode()), Limits()) is None
    cloned = SVG.format(f'<defs><image id="big" width="10" height="10" href="{uri}"/></defs>'
                        + '<use href="#big"/>' * 60)  # 240 million pixels to draw
    assert "asks for too much drawing" in (size_problem(etree.fromstring(cloned.encode()), Limits()) or "")
