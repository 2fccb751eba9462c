"""Sizes and platforms: the bundled sizes.yaml, and the platforms a project adds."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from flashgen.errors import FlashgenError
from flashgen.load.presets import SERIES, load_presets
from tests.load.strategies import mostly

BUNDLED = load_presets()


def test_every_platform_has_a_template_shape_of_its_proportions():
    # LED boards are drawn with the shape nearest them (tests/load/test_boards.py).
    for platform in (p for p in BUNDLED.platforms.values() if not p.board):
        (width, height), (shape_width, shape_height) = platform.pixels, platform.shape.pixels
        assert abs(width / height - shape_width / shape_height) <= 0.01 * width / height


def test_a_project_adds_and_replaces_platforms(tmp_path):
    project = tmp_path / "flashgen.yaml"
    project.write_text(
        "platforms:\n"
        "  zalo: {label: Zalo mới, pixels: [1080, 1350], format: jpg, max_mb: 1.5, series: [album]}\n"
        "  wall: {pixels: [2160, 2700]}\n",
        encoding="utf-8",
    )
    presets = load_presets(project=project)
    assert list(presets.platforms) == list(BUNDLED.platforms) + ["wall"]
    zalo, wall = presets.platform("zalo"), presets.platform("wall")
    assert (zalo.label, zalo.format, zalo.max_bytes, zalo.series) == ("Zalo mới", "jpeg", 1572864, ("album",))
    assert (wall.label, wall.format, wall.max_bytes, wall.series) == ("wall", "png", 8 * 1024 * 1024, SERIES)
    assert wall.shape == zalo.shape


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("platforms: [zalo]\n", "expected 'platforms:' followed by one block per platform"),
        ("platforms:\n  zalo: 5\n", "platform 'zalo': expected 'label', 'pixels', 'format' and 'max_mb'"),
        ("platforms:\n  Zalo: {pixels: [1080, 1350]}\n", "line 2, platform 'Zalo': a platform name becomes a folder"),
        ("platforms:\n  nul: {pixels: [1080, 1350]}\n", "not a name Windows reserves"),
        ("platforms:\n  x: {pixels: [1080]}\n", "platform 'x': 'pixels' must be [width, height]."),
        ("platforms:\n  x: {pixels: [0, 1350]}\n", "'pixels' must be [width, height], each from 1 to 10000."),
        ("platforms:\n  x: {pixels: [1080, 1350], max_mb: true}\n", "'max_mb' must be the upload limit"),
        ("platforms:\n  x: {pixels: [1080, 1350], format: gif}\n", "format must be png or jpeg, not 'gif'."),
        ("platforms:\n  x: {pixels: [1080, 1350], series: album}\n", "series must list album and/or messages."),
        ("platforms:\n  x: {pixels: [1000, 333]}\n", "no template shape has the proportions of 1000×333"),
    ],
)
def test_a_wrong_platform_says_where_and_what(tmp_path, text, message):
    project = tmp_path / "flashgen.yaml"
    project.write_text(text, encoding="utf-8")
    with pytest.raises(FlashgenError) as error:
        load_presets(project=project)
    assert message in error.value.message and str(project) in error.value.message


_SIDES = st.one_of(st.sampled_from([1080, 1350, 1920, 2160, 2700, 1000]), st.integers(-1, 12_000), st.floats(0.5, 5000))

_PLATFORM = st.fixed_dictionaries({"pixels": mostly(st.lists(_SIDES, min_size=2, max_size=2))}, optional={
    "label": mostly(st.text(max_size=10)),
    "format": mostly(st.sampled_from(["png", "jpeg", "jpg", "JPG", "webp"])),
    "max_mb": mostly(st.one_of(st.integers(-1, 20_000), st.floats(allow_nan=False))),
    "series": mostly(st.lists(st.sampled_from([*SERIES, "stories"]), max_size=3)),
})
_NAMES = mostly(st.from_regex(r"[a-z0-9][a-z0-9_-]{0,8}", fullmatch=True),
                st.sampled_from(["con", "COM1", "a b", "../x", "x" * 41, 7]))
_PROJECT = mostly(st.fixed_dictionaries({}, optional={
    "platforms": mostly(st.dictionaries(_NAMES, mostly(_PLATFORM), max_size=3)),
    "content": st.just("content.yaml"),
}))


@settings(max_examples=200, deadline=None, derandomize=True)
@given(document=_PROJECT)
def test_any_platforms_of_a_project_load_or_give_a_flashgen_error(tmp_path_factory, document):
    project = tmp_path_factory.mktemp("project") / "flashgen.yaml"
    project.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    try:
        presets = load_presets(project=project)
    except FlashgenError as error:
        assert str(project) in error.message
        return
    assert set(BUNDLED.platforms) <= set(presets.platforms)
