"""The old Vietnamese encodings' tables (load/legacycodes.py) and the detector (load/legacy.py).

Every one of the 134 letters with a diacritic, each way, in each encoding; random Vietnamese text encoded is
recognised and converted back exactly; plain text (Vietnamese in UTF-8, English, numbers, names, links) is
never flagged.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flashgen.errors import FlashgenError
from flashgen.load.legacy import (
    guess,
    guess_text,
    is_syllable,
    read_as,
    repaired_text,
    syllables,
)
from flashgen.load.legacycodes import (
    bytes_of_view,
    encodings,
    view_of_bytes,
    view_of_text,
)

TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
VOWELS = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")
SMALL = [c for v in VOWELS for t in TONES if not (c := unicodedata.normalize("NFC", v + t)).isascii()] + ["đ"]
LETTERS = SMALL + [c.upper() for c in SMALL]
# TCVN3 (VN3) has its own codes for these capitals only; the other toned capitals are written with small codes.
TCVN3_CAPITALS = set("ĂÂÊÔƠƯĐ")
ALPHABET = set("abcdefghijklmnopqrstuvwxyz") | set(SMALL)


def test_there_are_134_letters():
    assert len(LETTERS) == len(set(LETTERS)) == 134


@pytest.mark.parametrize("key", ["vni", "viscii"])
@pytest.mark.parametrize("letter", LETTERS)
def test_every_letter_has_its_own_code_each_way(key, letter):
    encoding = encodings()[key]
    code = encoding.encode(letter)
    assert letter in encoding.letters and len(code) == (2 if key == "vni" and letter.lower() not in "ìíỉĩịỵơưđ" else 1)
    assert encoding.decode(code) == letter
    # as bytes too: what a file in this encoding holds
    assert encoding.decode(view_of_bytes(bytes_of_view(code))) == letter


@pytest.mark.parametrize("letter", LETTERS)
def test_tcvn3_letters_each_way(letter):
    tcvn3 = encodings()["tcvn3"]
    code = tcvn3.encode(letter)
    assert len(code) == 1 and ord(code) >= 0xA1
    if letter.islower() or letter in TCVN3_CAPITALS:
        assert tcvn3.decode(code) == letter
    else:  # a toned capital: its small letter's code, read as a capital inside a word in capitals
        assert code == tcvn3.encode(letter.lower())
        assert tcvn3.decode(code) == letter.lower()
        assert tcvn3.decode(tcvn3.encode("NG" + letter)) == "NG" + letter


@pytest.mark.parametrize("key", ["tcvn3", "vni", "viscii"])
def test_no_two_letters_share_a_code(key):
    encoding = encodings()[key]
    codes = [encoding.encode(letter) for letter in LETTERS if key != "tcvn3" or letter.islower() or letter in TCVN3_CAPITALS]
    assert len(codes) == len(set(codes))


def test_the_issue_examples_are_converted():
    assert guess_text("ChuyÓn ®æi sè").certain.text == "Chuyển đổi số"
    # as written in the issue: the "Ó" made small by a change of case
    assert guess_text("Chuyón ®æi sè").certain.text == "Chuyển đổi số"
    assert guess_text("Chuyeån ñoåi soá").certain.text == "Chuyển đổi số"
    assert guess_text("TR¦êNG §¹I HäC").certain.text == "TRƯỜNG ĐẠI HỌC"
    assert guess_text("Tr\u00adêng häc").certain.text == "Trường học"  # TCVN3 "ư" is the soft hyphen's code


def test_latin1_view_of_pasted_text_is_read_too():
    # Pasted through Latin-1, the bytes 0x80–0x9F arrive as C1 controls; VISCII uses them for capitals.
    viscii = encodings()["viscii"]
    text = "HỘI NGHỊ TỔNG KẾT"
    latin1 = bytes_of_view(viscii.encode(text)).decode("latin-1")
    assert guess_text(latin1).certain.text == text
    assert view_of_text("Hội") is None  # real Unicode Vietnamese has letters no legacy view has


PLAIN = [
    "Chuyển đổi số", "Tôi có", "Hà Nội", "Sài Gòn", "café au lait", "Roma è bella", "Microsoft® Office 365",
    "José Müller, Zürich", "1080 × 1350 px", "±5 mm, 25 °C", "https://mic.gov.vn/mic_2020/Pages/TinTuc/1.aspx",
    "ISO 9001:2015", "Nguyễn Văn A", "Điểm 1 – 17", "“Chuyển đổi số”", "½ năm", "CĐS", "sè", "Crème brûlée",
    "São Paulo", "Ångström", "naïve façade", "Việt Nam", "tiếng Việt", "Smørrebrød", "el niño", "œuvre",
]


@pytest.mark.parametrize("text", PLAIN)
def test_plain_text_is_never_flagged(text):
    found = guess_text(text)
    assert found.certain is None and not found.possible
    assert repaired_text(text, "here") == (text, "")


def test_unsure_guess_is_an_error_naming_the_encodings(monkeypatch):
    import flashgen.load.legacy as legacy

    settings_ = dict(legacy.detector_settings())
    monkeypatch.setattr(legacy, "detector_settings", lambda: {**settings_, "certain_share": 1.1})
    with pytest.raises(FlashgenError, match=r"here: 'ChuyÓn ®æi sè' looks like .*TCVN3.*--from tcvn3") as caught:
        repaired_text("ChuyÓn ®æi sè", "here", "heading")
    assert caught.value.code == "mojibake" and caught.value.field == "heading"


def _vietnamese_syllables() -> list[str]:
    return sorted(s for s in syllables() if set(s) <= ALPHABET and not s.isascii())


SYLLABLES = _vietnamese_syllables()
ANY_SYLLABLES = sorted(s for s in syllables() if set(s) <= ALPHABET)


@st.composite
def vietnamese_text(draw, capitals: bool) -> str:
    """4–14 syllables, at least 3 different ones with diacritics, some capitalised, with punctuation between some."""
    words = draw(st.lists(st.sampled_from(SYLLABLES), min_size=3, max_size=8, unique=True))
    words += draw(st.lists(st.sampled_from(ANY_SYLLABLES), min_size=1, max_size=6))
    words = draw(st.permutations(words))
    if capitals:
        words = [w.capitalize() if draw(st.booleans()) else w for w in words]
    separators = draw(st.lists(st.sampled_from([" ", " ", " ", ", ", ". ", " - "]), min_size=len(words) - 1,
                               max_size=len(words) - 1))
    return "".join(w + s for w, s in zip(words, [*separators, ""]))


def _has_vowel(word: str) -> bool:
    return any(char in "aeiouy" for char in unicodedata.normalize("NFD", word.lower()))


@settings(max_examples=150, deadline=None)
@given(st.data(), st.sampled_from(["tcvn3", "vni", "viscii"]))
def test_random_vietnamese_in_an_old_encoding_is_recognised_and_converted_back(data, key):
    encoding = encodings()[key]
    # TCVN3 has no toned capitals: its texts are in small letters (a capital Đ or Ă … is fine, see above).
    text = data.draw(vietnamese_text(capitals=key != "tcvn3"))
    view = encoding.encode(text)
    pasted = guess_text(view)  # pasted into a UTF-8 file
    in_file = guess(view_of_bytes(bytes_of_view(view)), whole_file=True)  # a file of these bytes
    for found in (pasted, in_file):  # never a wrong conversion
        assert found.certain is None or found.certain.text == text, (view, found)
    # Recognised for certain when at least 3 of its words are Vietnamese in this table only: not as they are
    # ("bô" is VNI for "bơ" but also a syllable itself) nor in another table ("biªn" is TCVN3 "biên" and
    # VISCII "biến"). A text of ambiguous words only is left alone, or is an error naming the encodings.
    others = [other for other in encodings().values() if other is not encoding]
    # (Vietnamese in this table: its conversion is a syllable with a vowel, and no other table, read as the detector
    # reads it, makes one. "bgđ", an abbreviation of the word list ("BGĐ"), is evidence of nothing: with it,
    # "bg® biÕc biÕm bó bó bó bé" counted three telling words where the detector, rightly unsure, counts two. And
    # TCVN3 reads "tuçn" as "tuần" (its capitals are small codes: read_as tries the word with its case flipped),
    # so in "bgð bÕp ngà tuçn tün Tuçn" VISCII's "tuẫn" tells nothing.)
    words = view.replace(",", " ").replace(".", " ").replace("-", " ").split()
    telling = {word for word in words if word != encoding.decode(word)
               and is_syllable(encoding.decode(word)) and _has_vowel(encoding.decode(word))
               and not is_syllable(word) and not any(is_syllable(read_as(other, word).text) for other in others)}
    # The detector weighs the words it changes (repeats too): telling ones must be at least half of them. In
    # "bâng biÕc mó biÕm bµnh bã bã" three telling words stand beside four that were syllables already.
    changed = [word for word in words if len(word) > 1 and word != encoding.decode(word)]
    if len(telling) >= 3 and 2 * sum(word in telling for word in changed) >= len(changed):
        assert pasted.certain is not None and in_file.certain is not None, (view, pasted)


@pytest.mark.parametrize("word", ["Ẳng", "Ẵm", "Ỷ", "Ẫng", "Ỹng", "Ỵng"])
def test_viscii_capitals_in_control_bytes_are_converted_with_their_word(word):
    # VISCII puts six capitals in control bytes ("Ẳ" is 0x02): they are letters of their word, never left as
    # an invisible control character in a text called converted (hypothesis found "băm \x02ng bgđ a").
    text = f"Thông tin {word} về chuyển đổi số tỉnh Quảng Ninh"
    view = encodings()["viscii"].encode(text)
    for found in (guess_text(view), guess(view_of_bytes(bytes_of_view(view)), whole_file=True)):
        assert found.certain is None or found.certain.text == text, (view, found)
        if is_syllable(word):  # a word the dictionary knows is converted for certain (the others: no proof)
            assert found.certain is not None, (view, found)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_random_plain_vietnamese_is_never_flagged(data):
    text = data.draw(vietnamese_text(capitals=True))
    found = guess_text(text)
    assert found.certain is None and not found.possible, text


def test_vni_other_spellings_of_i_and_y_are_read():
    # "i"/"y" + accent byte instead of the single byte: seen in real VNI documents (viparse's table).
    assert encodings()["vni"].decode("viø TUYÏ, chuùng toâi") == "vì TUỴ, chúng tôi"
    assert encodings()["vni"].encode("vì Tuỵ") == "vì Tuî"  # written the standard way


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_are_read_or_refused_with_a_flashgen_error(raw):
    from pathlib import Path

    from flashgen.load.legacy import decoded_legacy_file

    try:
        result = decoded_legacy_file(Path("x.yaml"), raw)
    except FlashgenError as problem:
        assert problem.code == "legacy-encoding-unsure" and "x.yaml" in problem.message
        return
    if result is not None:
        text, warning = result
        assert unicodedata.is_normalized("NFC", text) and warning.startswith("x.yaml: ")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x2FF) | st.sampled_from("ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ“”–…")))
def test_any_text_comes_back_as_it_is_converted_or_refused(text):
    try:
        converted, warning = repaired_text(text, "here")
    except FlashgenError as problem:
        assert problem.code == "mojibake"
        return
    assert (converted == text) == (warning == "")


@pytest.mark.parametrize(("tcvn3", "expected"), [
    ("TR¦êNG §¹I HäC", "TRƯỜNG ĐẠI HỌC"),  # toned capitals are small codes: the word is in capitals
    ("§Ó PH¸T TRIÓN", "ĐỂ PHÁT TRIỂN"),  # one capital, beside words in capitals
    ("§Ó ph¸t triÓn", "Để phát triển"),
    ("§µ N½ng", "Đà Nẵng"),
    ("UBND ë tØnh", "UBND ở tỉnh"),  # no capital of its own: stays small
])
def test_tcvn3_words_in_capitals(tcvn3, expected):
    assert encodings()["tcvn3"].decode(tcvn3) == expected
