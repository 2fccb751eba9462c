"""Tests for flashgen.fonts: finding, resolving and measuring the bundled faces."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flashgen.errors import FlashgenError
from flashgen.load.fonts import FontBook, parse_weight

FONTS = Path(__file__).resolve().parents[2] / "fonts"
FAMILY = "Be Vietnam Pro"
STYLE_NAMES = {
    100: "Thin", 200: "ExtraLight", 300: "Light", 400: "Regular", 500: "Medium",
    600: "SemiBold", 700: "Bold", 800: "ExtraBold", 900: "Black",
}


@pytest.fixture(scope="module")
def book() -> FontBook:
    return FontBook.from_folders((FONTS,))


def vietnamese_alphabet() -> list[str]:
    """Every letter of Vietnamese in NFC: 12 vowels × 6 tones, consonants, đ — both cases."""
    vowels = ["a", "a\u0306", "a\u0302", "e", "e\u0302", "i", "o", "o\u0302", "o\u031b", "u", "u\u031b", "y"]
    tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]  # ngang, huyền, sắc, hỏi, ngã, nặng
    letters = [unicodedata.normalize("NFC", v + t) for v in vowels for t in tones]
    letters += list("bcdđghklmnpqrstvx")
    letters += [letter.upper() for letter in letters]
    return letters


ALPHABET = vietnamese_alphabet()


def test_alphabet_is_complete_and_precomposed():
    assert len(ALPHABET) == 2 * (12 * 6 + 17)
    assert all(len(letter) == 1 for letter in ALPHABET)  # NFC gives one code point each
    assert len(set(ALPHABET)) == len(ALPHABET)
    assert {"Ẫ", "ỗ", "ừ", "ợ", "ự", "Đ", "đ", "ỹ", "Ỵ"} <= set(ALPHABET)


def test_book_finds_every_bundled_face(book):
    assert book.families() == [FAMILY, "Noto Serif"]
    vietnam = [f for f in book.faces if f.family == FAMILY]
    assert sorted((f.weight, f.italic) for f in vietnam) == sorted((w, i) for w in STYLE_NAMES for i in (False, True))
    serif = [f for f in book.faces if f.family == "Noto Serif"]
    assert sorted((f.weight, f.italic) for f in serif) == [(w, False) for w in (400, 500, 600, 700, 800, 900)]
    assert len({f.postscript_name for f in book.faces}) == 24
    assert all(f.path.suffix == ".ttf" and f.path.is_file() for f in book.faces)


@pytest.mark.parametrize("weight", sorted(STYLE_NAMES))
def test_resolve_each_weight(book, weight):
    upright = book.resolve(FAMILY, weight)
    assert upright.path.name == f"BeVietnamPro-{STYLE_NAMES[weight]}.ttf"
    assert (upright.weight, upright.italic) == (weight, False)
    italic = book.resolve(FAMILY, weight, "italic")
    assert italic.path.name == f"BeVietnamPro-{STYLE_NAMES[weight]}_Italic.ttf"
    assert (italic.weight, italic.italic) == (weight, True)


def test_resolve_extrabold(book):
    face = book.resolve("Be Vietnam Pro", 800)
    assert face.path.name == "BeVietnamPro-ExtraBold.ttf"
    assert face.path.parent == FONTS / "be-vietnam-pro"
    assert face.postscript_name == "BeVietnamPro-ExtraBold"
    # CSS keywords and strings resolve too.
    assert book.resolve("'Be Vietnam Pro'", "800").path == face.path
    assert book.resolve(FAMILY, "bold").path.name == "BeVietnamPro-Bold.ttf"
    assert book.resolve(FAMILY).path.name == "BeVietnamPro-Regular.ttf"


def test_resolve_by_postscript_name(book):
    face = book.resolve("BeVietnamPro-Bold")
    assert face.path.name == "BeVietnamPro-Bold.ttf"
    assert (face.weight, face.italic) == (700, False)
    assert book.resolve("bevietnampro-bold").path == face.path
    assert book.resolve("BeVietnamPro-ExtraBoldItalic").path.name == "BeVietnamPro-ExtraBold_Italic.ttf"


def test_resolve_by_legacy_family(book):
    face = book.resolve("Be Vietnam Pro Medium")
    assert face.path.name == "BeVietnamPro-Medium.ttf"
    assert (face.weight, face.italic) == (500, False)
    italic = book.resolve("Be Vietnam Pro Medium", None, "italic")
    assert italic.path.name == "BeVietnamPro-Medium_Italic.ttf"
    assert book.resolve("Be Vietnam Pro ExtraBold").path.name == "BeVietnamPro-ExtraBold.ttf"
    assert book.resolve("Be Vietnam Pro ExtraBold", 800).path.name == "BeVietnamPro-ExtraBold.ttf"
    with pytest.raises(FlashgenError):
        book.resolve("Be Vietnam Pro ExtraBold", 300)


def test_missing_weight_raises_naming_the_font(book):
    with pytest.raises(FlashgenError) as error:
        book.resolve(FAMILY, 750)
    message = str(error.value)
    assert FAMILY in message and "750" in message
    assert "800" in message  # says which weights there are


def test_unknown_family_raises_naming_the_font(book):
    with pytest.raises(FlashgenError) as error:
        book.resolve("Roboto Slab", 400)
    message = str(error.value)
    assert "Roboto Slab" in message
    assert FAMILY in message  # and what is available instead


def test_nonsense_weight_raises(book):
    with pytest.raises(FlashgenError, match="heavy"):
        book.resolve(FAMILY, "heavy")
    assert parse_weight(None) == 400 and parse_weight("normal") == 400 and parse_weight(" 600 ") == 600


def test_missing_characters(book):
    face = book.resolve(FAMILY, 400)
    assert face.missing_characters("Xin chào 😀") == ["😀"]
    assert face.missing_characters("Xin chào\n") == []
    assert face.missing_characters("😀 a 😀") == ["😀"]  # each missing character once
    assert face.missing_characters("ĐỒNG ✈ 😀") == sorted(["✈", "😀"])


def test_every_face_draws_the_whole_vietnamese_alphabet(book):
    text = "".join(ALPHABET) + " ,.;:!?…“”"
    for face in book.faces:
        assert face.missing_characters(text) == [], face.postscript_name
        # Present with real ink, not an empty glyph, and a positive advance.
        assert all(letter in face.ink for letter in ALPHABET), face.postscript_name
        assert all(face.advances[letter] > 0 for letter in ALPHABET), face.postscript_name


def test_stacked_diacritics_rise_above_plain_capitals(book):
    face = book.resolve(FAMILY, 800)
    assert face.ink["Ẫ"][3] > face.ink["A"][3] > 0
    assert face.ink["ợ"][1] < face.ink["o"][1] - 0.1  # the dot below goes well under the baseline


@settings(max_examples=150, deadline=None)
@given(
    a=st.text(alphabet=ALPHABET + [" ", ",", "."], max_size=12),
    b=st.text(alphabet=ALPHABET + [" ", ",", "."], max_size=12),
    size=st.floats(1.0, 200.0),
    index=st.integers(0, 17),
)
def test_width_is_additive_across_spaces(book, a, b, size, index):
    """Words are shaped one by one and joined by the space: the layout sums them so."""
    face = book.faces[index]
    joined = face.width(a + " " + b, size)
    assert joined == pytest.approx(face.width(a, size) + face.width(" ", size) + face.width(b, size), rel=1e-12, abs=1e-9)
    # Kerning moves letters by a fraction of an em (AY in Black: 0.11 em), never a fifth of an em a pair.
    plain = sum(face.advances[c] for c in a) * size
    assert abs(face.width(a, size) - plain) <= 0.2 * size * max(len(a) - 1, 0) + 1e-9


def test_width_examples(book):
    face = book.resolve(FAMILY, 400)
    assert face.width("ab", 10.0) == pytest.approx(face.width("a", 10.0) + face.width("b", 10.0))  # no kern pair
    assert face.width("AV", 10.0) < face.width("A", 10.0) + face.width("V", 10.0)  # kerned
    assert face.width("", 10.0) == 0.0
    assert face.width("W", 20.0) == pytest.approx(2 * face.width("W", 10.0))
    assert face.width("Chuyển đổi số", 10.0) > face.width("Chuyển", 10.0) > 0


def test_ink_boxes_read_from_raw_glyph_headers_match_fonttools_decoding(book):
    from fontTools.ttLib import TTFont

    for face in book.faces:
        with TTFont(face.path) as font:
            glyf, units = font["glyf"], font["head"].unitsPerEm
            expected = {}
            for code, name in font.getBestCmap().items():
                glyph = glyf[name]  # decoded in full by fontTools
                if glyph.numberOfContours:
                    expected[chr(code)] = (glyph.xMin / units, glyph.yMin / units, glyph.xMax / units, glyph.yMax / units)
        assert face.ink == expected, face.path.name
        assert " " not in face.ink and "Ệ" in face.ink


def test_a_face_is_pickled_from_a_snapshot_with_its_cached_measurements(fonts) -> None:  # type: ignore[no-untyped-def]
    """A face sent to a drawing worker is pickled by another thread while layout fills its caches: the state pickled
    is a copy taken at once (not the live __dict__, which would fail with "dictionary changed size"), caches included."""
    import pickle

    face = fonts.resolve("Be Vietnam Pro", 700)
    face.advances  # noqa: B018 (fills the cached metrics)
    state = face.__getstate__()
    assert state is not face.__dict__ and state == face.__dict__
    copy = pickle.loads(pickle.dumps(face))
    assert copy.path == face.path and copy.advances == face.advances and "_metrics" in copy.__dict__
    assert pickle.loads(pickle.dumps(fonts)).__getstate__() is not fonts.__dict__
