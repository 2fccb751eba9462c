"""Shaping with HarfBuzz (load/shaping.py): kerning, one glyph per Vietnamese letter, Khmer reordered and stacked."""

from __future__ import annotations

from pathlib import Path

import pytest
import uharfbuzz as hb
from fontTools.ttLib import TTFont
from hypothesis import given, settings
from hypothesis import strategies as st

from flashgen.load.shaping import shape, shape_line
from tests.load.test_fonts import ALPHABET

FAMILY = "Be Vietnam Pro"
KHMER_FONT = Path(__file__).parents[1] / "data" / "fonts-test" / "NotoSansKhmer-Regular.ttf"
# "woman": SA, COENG TA, COENG RO, vowel II. The RO subscript is drawn before the SA (reordered), the
# TA subscript under it, and three characters of the six have no glyph of their own.
KHMER_WORD = "ស្ត្រី"


def _cmap_glyphs(path: Path, text: str) -> list[int]:
    """What drawing one glyph per character (no shaping) would use."""
    font = TTFont(path)
    cmap, order = font.getBestCmap(), font.getGlyphOrder()
    return [order.index(cmap[ord(char)]) for char in text]


def _glyph_names(path: Path, ids: list[int]) -> list[str]:
    order = TTFont(path).getGlyphOrder()
    return [order[i] for i in ids]


def _whole_line_width(path: Path, text: str) -> float:
    """The line shaped in one HarfBuzz buffer (not word by word), in em."""
    face = hb.Face(hb.Blob.from_file_path(str(path)))
    font = hb.Font(face)
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(font, buffer, {"liga": False, "clig": False})
    return sum(pos.x_advance for pos in buffer.glyph_positions) / face.upem


def test_kerning_narrows_the_pairs_a_designer_looks_at(fonts):
    face = fonts.resolve(FAMILY, 400)
    for pair in ("AV", "Tô", "Vă", "LT"):
        plain = sum(face.advances[char] for char in pair)
        assert shape(face.path, pair).width < plain - 0.02, pair  # at least 2 % of an em tighter
    assert shape(face.path, "ab").width == pytest.approx(face.advances["a"] + face.advances["b"])  # no kern pair


def test_vietnamese_gets_one_glyph_per_letter_no_ligatures(fonts):
    """NFC Vietnamese maps to the font's precomposed glyphs; "fi" and "ffi" stay separate letters."""
    face = fonts.resolve(FAMILY, 400)
    text = "Chuyển đổi số: officielle, ƯỚC TÍNH ỹ"
    run = shape_line(face.path, text)
    assert [g.id for g in run.glyphs] == _cmap_glyphs(face.path, text)
    assert [g.cluster for g in run.glyphs] == list(range(len(text)))
    assert run.clusters() == [(1, 1)] * len(text)


def test_a_line_is_its_words_joined_by_the_space(fonts):
    face = fonts.resolve(FAMILY, 700)
    line = shape_line(face.path, "Tô Vă  AV")
    words = [shape(face.path, w).width for w in ("Tô", "Vă", "AV")]
    assert line.width == pytest.approx(sum(words) + 3 * shape(face.path, " ").width)
    assert line.character_offsets()[3] == pytest.approx(words[0] + shape(face.path, " ").width)


def test_shaping_word_by_word_is_exact_for_the_bundled_fonts_and_content(fonts, campaign):
    """The decision in load/shaping.py holds: no bundled font kerns across a space, so a
    line measured word by word is as wide as the line shaped whole."""
    texts = [campaign.title, *campaign.messages, *(item.heading for item in campaign.items),
             *(item.text for item in campaign.items), "T V, A Y. L T"]
    texts = [text for text in texts if text]
    for face in fonts.faces:
        for text in texts:
            assert shape_line(face.path, text).width == pytest.approx(_whole_line_width(face.path, text), abs=1e-9), (
                face.postscript_name, text)


def test_khmer_is_reordered_stacked_and_joined():
    run = shape_line(KHMER_FONT, KHMER_WORD)
    ids = [g.id for g in run.glyphs]
    assert ids != _cmap_glyphs(KHMER_FONT, KHMER_WORD)
    names = _glyph_names(KHMER_FONT, ids)
    assert names[0] == "uni17D2179A"  # COENG RO, before its base although typed after it
    assert names[1] == "uni179F" and "uni17D2178F" in names  # the base SA, then the TA subscript
    assert len(run.glyphs) == 4 < len(KHMER_WORD)
    assert run.clusters() == [(6, 4)]  # one cluster: the PDF maps the four glyphs back to the six characters
    assert run.character_offsets() == [0.0] * 6


def test_khmer_pre_base_vowel_is_drawn_first_and_clusters_stay_in_text_order():
    text = "ខេត្ត កម្ពុជា"
    run = shape_line(KHMER_FONT, text)
    names = _glyph_names(KHMER_FONT, [g.id for g in run.glyphs])
    assert names[:2] == ["uni17C1", "uni1781"]  # vowel E before KHA, typed after it
    clusters = [g.cluster for g in run.glyphs]
    assert clusters == sorted(clusters)
    assert sum(c for c, _ in run.clusters()) == len(text)


KHMER = [chr(c) for c in range(0x1780, 0x17DD)]


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=ALPHABET + KHMER + [" "], max_size=20), khmer=st.booleans())
def test_clusters_cover_the_text_and_the_glyphs(fonts, text, khmer):
    path = KHMER_FONT if khmer else fonts.resolve(FAMILY, 400).path
    if not khmer:
        text = "".join(c for c in text if c not in KHMER)
    run = shape_line(path, text)
    clusters = run.clusters()
    assert sum(c for c, _ in clusters) == (len(text) if run.glyphs else 0)
    assert sum(g for _, g in clusters) == len(run.glyphs)
    offsets = run.character_offsets()
    assert len(offsets) == len(text) and offsets == sorted(offsets)
    assert run.width == pytest.approx(sum(g.advance for g in run.glyphs))


def test_ink_is_measured_from_the_shaped_glyphs(fonts):
    """Vietnamese: the same as the characters' own glyphs. Khmer: a stacked subscript hangs far lower."""
    from flashgen.load.fonts import FontBook

    face = fonts.resolve(FAMILY, 700)
    for word in ("Quyết", "ỹ", "Tô", "ƯỚC", "f."):
        ink = face.run_ink(word)
        boxes = [face.ink[c] for c in word if c in face.ink]
        assert ink.top == pytest.approx(max(b[3] for b in boxes))
        assert ink.bottom == pytest.approx(max(-b[1] for b in boxes))
        assert ink.left <= face.ink[word[0]][0] + 1e-9
    khmer = FontBook.from_folders((KHMER_FONT.parent,)).faces[0]
    characters = max(-khmer.ink[c][1] for c in "កម្ពុជា" if c in khmer.ink)
    assert khmer.run_ink("កម្ពុជា").bottom > characters + 0.2
