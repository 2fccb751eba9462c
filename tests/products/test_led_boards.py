"""LED boards in a build: a project's 4 × 2 m P5 board gives stills and a looping video at exactly 800 × 400; a
3 × 2 m P10 board (300 × 200 px) shows the heading or the figure alone, every word, no text under the led-board
medium's minimum in the board's own pixels; each shape keeps the smallest type it declares (sizes.yaml), which
the choice of a board's shape relies on."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from flashgen.build import build, lay_out, load_inputs
from flashgen.load.fonts import FontBook
from flashgen.load.media import medium
from flashgen.load.presets import load_presets
from flashgen.load.resources import FONTS_DIR
from flashgen.options import BuildOptions
from flashgen.products import video as video_product
from flashgen.products.base import CardRequest
from tests.products.test_media_sizes import text_sizes

ROOT = Path(__file__).resolve().parents[2]
CAMPAIGNS = sorted((ROOT / "content").glob("*.yaml"))
DATA = ROOT / "tests" / "data"
# What a board too small for paragraphs may show: headings, figures and the words that name them.
SHOWN_ON_SMALL_BOARDS = {
    "heading", "campaign.title", "message", "value", "unit", "label", "source.title", "source.qr_heading",
    "source.kind_name", "campaign.organisation",
}
PROJECT = """\
boards:
  bang-led-xa: {label: "Bảng LED UBND xã", size_m: [4, 2], pitch: P5}
social:
  platforms: [bang-led-xa]
"""


@pytest.fixture(scope="module")
def board_build(tmp_path_factory):
    """The social images and the video of a project with one 4 × 2 m P5 board (short holds, no other clip)."""
    folder = tmp_path_factory.mktemp("board")
    project = folder / "flashgen.yaml"
    project.write_text(PROJECT, encoding="utf-8")
    table = replace(video_product.video_table(), timing=video_product.Timing(150, 1.0, 1.5, 0.4), presets={})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(video_product, "video_table", lambda: table)
        result = build(BuildOptions(content=DATA / "with-source.yaml", out_dir=folder / "out", products=("social", "video"),
                                    platforms=("bang-led-xa",), project_config=project))
    return folder / "out", json.loads(result.manifest.read_text(encoding="utf-8"))["files"]


def test_a_projects_board_of_4_by_2_m_at_p5_gives_stills_at_800_by_400(board_build):
    from PIL import Image

    out, files = board_build
    stills = sorted((out / "social" / "bang-led-xa").glob("*.png"))
    assert len(stills) >= 3
    for still in stills:
        with Image.open(still) as image:
            assert image.size == (800, 400), still.name
    assert {f["size"] for f in files if f["product"] == "social"} == {"bang-led-xa"}


def test_a_projects_board_gets_a_looping_video_at_800_by_400(board_build):
    av = pytest.importorskip("av")
    out, files = board_build
    clip = out / "video" / "bang-led-xa.mp4"
    with av.open(str(clip)) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.name, stream.format.name) == ("h264", "yuv420p")
        assert (stream.width, stream.height, stream.average_rate) == (800, 400, 25)
    entry = next(f for f in files if f["path"] == "video/bang-led-xa.mp4")
    assert (entry["width_px"], entry["height_px"]) == (800, 400)


@pytest.fixture(scope="module", params=CAMPAIGNS, ids=lambda p: p.stem)
def social(request, tmp_path_factory):
    """Every shape's social images of one bundled campaign, laid out as the build does."""
    options = BuildOptions(content=request.param, out_dir=tmp_path_factory.mktemp("shapes"))
    inputs = load_inputs(options, FontBook.from_folders((FONTS_DIR,)))
    by_shape = {}
    for platform in inputs.presets.platforms.values():
        by_shape.setdefault(platform.shape.name, platform)
    return inputs, lay_out(inputs, CardRequest(platforms=tuple(by_shape.values())))


def test_a_p10_board_of_300_by_200_shows_headings_and_figures_only_at_readable_sizes(social):
    inputs, laid_out = social
    board = inputs.presets.platform("bang-led-xa-p10")
    reader, scale = medium("led-board"), board.pixels[0] / board.shape.pixels[0]
    assert board.pixels == (300, 200) and board.shape.name == "board"
    documents = laid_out.for_platform(board, ("cover", "point", "closing", "message"))
    assert documents
    for document in documents:
        assert {frame.field for frame in document.card.template.frames} <= SHOWN_ON_SMALL_BOARDS
        for text, size, heading in text_sizes(document):
            smallest = reader.heading if heading else reader.body
            assert size * scale >= smallest - 0.01, f"{document.card.slug}: '{text}' {size * scale:.1f} dots"


def test_a_small_boards_text_is_every_word_and_never_broken_inside_one(social):
    inputs, laid_out = social
    board = inputs.presets.platform("bang-led-xa-p10")
    for document in laid_out.for_platform(board, ("cover", "point", "closing", "message")):
        for field, block in document.blocks:
            value = " ".join(document.card.values.get(field, "").split())
            lines = [line.text for line in block.lines]
            # The lines joined by single spaces give the text back: every word is there, none cut in two.
            assert " ".join(lines) == value, (document.card.slug, field, lines)


def test_every_shape_keeps_the_smallest_type_it_declares(social):
    inputs, laid_out = social
    for shape in inputs.presets.shapes.values():
        if shape.smallest is None:
            continue
        body, heading = shape.smallest
        for document in laid_out.social.get(shape.name, ()):
            for text, size, is_heading in text_sizes(document):
                assert size >= (heading if is_heading else body) - 0.05, f"{shape.name} {document.card.slug}: '{text}' {size:.1f}"


def test_a_board_shapes_text_stays_in_its_safe_area():
    """The part of the board shape a board may lose (100 px a side) holds no text frame."""
    shape = load_presets().shapes["board"]
    templates = sorted((ROOT / "templates" / "svg").glob("social-*-board.svg"))
    assert len(templates) == 8
    for template in templates:
        for rect in etree.parse(str(template)).iter("{http://www.w3.org/2000/svg}rect"):
            if rect.get("data-field") or rect.get("data-qr"):
                x, y, w, h = (float(rect.get(k)) for k in ("x", "y", "width", "height"))
                inset = shape.safe_inset
                width, height = shape.pixels
                assert inset <= x and x + w <= width - inset and inset <= y and y + h <= height - inset, (template.name, rect.get("id"))
