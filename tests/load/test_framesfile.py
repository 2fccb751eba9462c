"""Frames files (<name>.frames.yaml): settings of a template's frames by the layer names of their rectangles."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from flashgen.errors import FlashgenError
from flashgen.load.presets import load_presets
from flashgen.load.template import FRAME_ATTRIBUTES, load_template
from tests.conftest import DATA
from tests.load.strategies import mostly

SOCIAL = load_presets().card_sizes["social"]
FIGMA = (DATA / "templates" / "figma-front.svg").read_text(encoding="utf-8")
KNOWN = frozenset({"heading", "source.credit", "number", "count"})


def _load(folder, frames: str, fonts):  # type: ignore[no-untyped-def]
    (folder / "t.svg").write_text(FIGMA, encoding="utf-8")
    (folder / "t.frames.yaml").write_text(frames, encoding="utf-8")
    return load_template(folder / "t.svg", SOCIAL, fonts, KNOWN)


@pytest.mark.parametrize(
    ("frames", "message"),
    [
        ("- heading-frame\n", "t.frames.yaml: expected one block per frame, named by the id of its rectangle."),
        ("heading-frame: heading\n", "line 1, frame 'heading-frame': expected settings such as 'field: heading'"),
        ("heading-frame:\n  field: [heading]\n", "frame 'heading-frame', setting 'field': expected a single value."),
        ("heading-frame:\n  field: heading\n  \"font size\": 60\n", "frame 'heading-frame', setting 'font size': "),
        ("heading-frame:\n  field: \"\\x01\"\n", "frame 'heading-frame', setting 'field': "),
    ],
)
def test_a_wrong_frames_file_says_where_and_what(tmp_path, fonts, frames, message):
    with pytest.raises(FlashgenError) as error:
        _load(tmp_path, frames, fonts)
    assert message in error.value.message


def test_settings_become_data_attributes(tmp_path, fonts):
    frames = "heading-frame:\n  field: heading\n  font-size: 64\n  optional: true\n  fill: on-primary\n"
    template = _load(tmp_path, frames, fonts)
    (frame,) = template.frames
    assert (frame.field, frame.style.max_size, frame.optional, frame.fill) == ("heading", 64.0, True, "#FFFFFF")


_IDS = mostly(st.sampled_from(["heading-frame", "source-frame", "accent-bar"]),
              st.sampled_from(["Ellipse 1", "heading_x2D_frame", "missing", 3]), one_in=8)
_NAMES = mostly(st.sampled_from(sorted(name.removeprefix("data-") for name in FRAME_ATTRIBUTES)),
                st.sampled_from(["colour", "font size", "a:b", "", 1, True, "é"]), one_in=10)
_VALUES = mostly(
    st.one_of(st.sampled_from(["heading", "source.credit", "nope", "64", "center", "on-primary", "true"]),
              st.integers(-5, 200), st.floats(allow_nan=False), st.booleans()),
    st.one_of(st.none(), st.lists(st.integers(), max_size=2), st.text(max_size=4), st.just("\x01")),
    one_in=10,
)
_FRAMES_FILES = mostly(st.dictionaries(_IDS, mostly(st.dictionaries(_NAMES, _VALUES, max_size=4), one_in=8), max_size=3),
                       one_in=8)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(document=_FRAMES_FILES)
def test_any_frames_file_loads_or_gives_a_flashgen_error(tmp_path_factory, fonts, document):
    folder = tmp_path_factory.mktemp("frames")
    try:
        template = _load(folder, yaml.safe_dump(document, allow_unicode=True), fonts)
    except FlashgenError as error:
        assert error.message.strip()
        return
    assert template.placeholder_fields == {"number", "count"}
