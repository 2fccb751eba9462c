"""Theme files: roles, a base theme, the publisher's marks, and clear errors."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from flashgen.errors import FlashgenError
from flashgen.load.theme import (
    COLOUR_ROLES,
    FONT_ROLES,
    bundled_themes,
    find_theme,
    load_theme,
)
from tests.conftest import DATA


def test_bundled_themes_define_every_role_and_differ():
    assert bundled_themes() == ["do", "xanh"]
    blue, red = load_theme(find_theme("xanh")), load_theme(find_theme("do"))
    for theme in (blue, red):
        assert set(theme.colours) == set(COLOUR_ROLES) and set(theme.fonts) == set(FONT_ROLES)
    assert blue.colour("primary") != red.colour("primary")
    assert blue.font("heading") == "Be Vietnam Pro" and red.font("heading") == "Noto Serif"


def test_a_theme_starts_from_its_base_and_carries_logo_and_footer():
    theme = load_theme(DATA / "themes" / "with-logo.yaml")
    assert theme.colours == load_theme(find_theme("xanh")).colours
    assert theme.organisation.startswith("Trung tâm") and "Zalo" in theme.footer
    assert theme.logo is not None and theme.logo.media_type == "image/svg+xml"
    values = theme.values()
    assert values["theme.logo"].startswith("data:image/svg+xml;base64,")
    assert ".fill-accent{fill:#FFC83D}" in theme.stylesheet
    assert '.font-body{font-family:"Be Vietnam Pro"}' in theme.stylesheet


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colours:\n  primary: navy\n", "line 2: colour 'primary' must be written like \"#0B2A5B\""),
        ("base: xanh\ncolours:\n  accentt: \"#FFFFFF\"\n", "line 3: unknown colour role 'accentt'"),
        ("colours:\n  primary: \"#000000\"\nfonts:\n  heading: X\n  body: Y\n", "'colours' lacks primary-light"),
        ("base: xanh\nlogo: ../../etc/passwd\n", "must be inside the theme's folder"),
        ("base: xanh\nlogo: logo.gif\n", "must be an .svg, .png or .jpg file"),
        ("base: nothing\n", "there is no bundled theme 'nothing'"),
        ("base: xanh\npalette: {}\n", "unknown setting 'palette'"),
    ],
)
def test_bad_themes_say_what_and_where(tmp_path, text, message):
    path = tmp_path / "theme.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FlashgenError) as error:
        load_theme(path)
    assert message in error.value.message
    assert "Traceback" not in error.value.message


def test_a_theme_cannot_be_its_own_base(tmp_path):
    (tmp_path / "a.yaml").write_text("base: b.yaml\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("base: a.yaml\n", encoding="utf-8")
    with pytest.raises(FlashgenError) as error:
        load_theme(tmp_path / "a.yaml")
    assert "leads back to this theme" in error.value.message


@pytest.mark.parametrize(
    ("logo", "message"),
    [
        ('<svg xmlns="http://www.w3.org/2000/svg"><image href="secret.png" width="9" height="9"/></svg>', "the image is linked"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(http://x/y#p)" width="9" height="9"/></svg>',
         "refers to url(http://x/y#p)"),
        ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
         "entities"),
    ],
)
def test_a_logo_that_reaches_outside_itself_is_refused(tmp_path, logo, message):
    (tmp_path / "logo.svg").write_text(logo, encoding="utf-8")
    (tmp_path / "theme.yaml").write_text("base: xanh\nlogo: logo.svg\n", encoding="utf-8")
    with pytest.raises(FlashgenError) as error:
        load_theme(tmp_path / "theme.yaml")
    assert message in error.value.message


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=12),
                     st.sampled_from(["#FFFFFF", "#abc", "xanh", "do", "logo.svg", "Noto Serif", "../x"]))
_ROLES = st.sampled_from([*COLOUR_ROLES, *FONT_ROLES, "accentt", ""])
_BLOCKS = st.dictionaries(_ROLES, _SCALARS, max_size=5)
_THEMES = st.dictionaries(
    st.sampled_from(["name", "base", "colours", "fonts", "logo", "organisation", "footer", "palette"]),
    st.one_of(_SCALARS, _BLOCKS, st.lists(_SCALARS, max_size=3)),
    max_size=6,
)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(document=_THEMES)
def test_any_theme_file_loads_or_gives_a_flashgen_error(tmp_path_factory, document):
    folder = tmp_path_factory.mktemp("theme")
    (folder / "theme.yaml").write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    try:
        theme = load_theme(folder / "theme.yaml")
    except FlashgenError:
        return
    assert set(theme.colours) == set(COLOUR_ROLES) and set(theme.fonts) == set(FONT_ROLES)
