"""Old and new tone-mark placement (hoà / hòa)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flashgen.text.tonemarks import Placement, placement, words_by_placement


@pytest.mark.parametrize(
    ("word", "style"),
    [
        ("hoà", Placement.OLD), ("hòa", Placement.NEW), ("khoẻ", Placement.OLD), ("khỏe", Placement.NEW),
        ("thuý", Placement.OLD), ("thúy", Placement.NEW), ("HOÀ", Placement.OLD), ("Tòa", Placement.NEW),
        ("quý", None), ("hoàng", None), ("hoa", None), ("của", None), ("người", None),
    ],
)
def test_placement(word, style):
    assert placement(word) is style


def test_words_by_placement_finds_both_styles():
    found = words_by_placement("Tự động hóa và số hoá, khoẻ mạnh")
    assert found[Placement.OLD] == ["hoá", "khoẻ"] and found[Placement.NEW] == ["hóa"]


VIETNAMESE = "aăâeêioôơuưyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵđbcdghklmnpqrstvx"


@given(st.text(alphabet=VIETNAMESE, min_size=1, max_size=8))
def test_placement_ignores_normalisation_and_case(word):
    style = placement(word)
    assert placement(unicodedata.normalize("NFD", word)) is style
    assert placement(word.upper()) is style
