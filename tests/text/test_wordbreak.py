"""Tests for flashgen.wordbreak: where a Vietnamese line may break."""

from __future__ import annotations

import marshal
from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flashgen.text import wordbreak
from flashgen.text.wordbreak import PUNCTUATION, Gap, WordBreaker, dictionary_words

GLOSSARY = ("chuyển đổi số", "công nghệ thông tin", "người dân", "nền tảng số")
SENTENCE = "Chuyển trọng tâm từ chính quyền sang người dân, từ tổ chức sang nhân viên"

FREE, IN_WORD, IN_TERM = Gap.FREE, Gap.IN_WORD, Gap.IN_TERM


@pytest.fixture(scope="module")
def breaker() -> WordBreaker:
    return WordBreaker.for_glossary(GLOSSARY)


@pytest.fixture(scope="module")
def plain() -> WordBreaker:
    return WordBreaker.for_glossary(())


def gap_after(syllables: list[str], gaps: list[Gap], word: str, occurrence: int = 0) -> Gap:
    """The gap right after the ``occurrence``-th syllable equal to ``word``."""
    indices = [i for i, s in enumerate(syllables) if s == word]
    return gaps[indices[occurrence]]


def test_sentence_gaps(breaker):
    syllables = SENTENCE.split()
    gaps = breaker.gaps(syllables)
    assert len(gaps) == len(syllables) - 1
    assert gap_after(syllables, gaps, "người") is IN_TERM  # "người dân": glossary term
    assert gap_after(syllables, gaps, "tổ") is IN_WORD  # "tổ chức": dictionary word
    assert gap_after(syllables, gaps, "dân,") is FREE  # the comma ends the term
    # Backward maximum matching: "từ | tổ chức", not "từ tổ | chức".
    assert gap_after(syllables, gaps, "từ", 1) is FREE
    assert gap_after(syllables, gaps, "chức") is FREE
    assert gap_after(syllables, gaps, "chính") is IN_WORD  # "chính quyền"
    assert gap_after(syllables, gaps, "nhân") is IN_WORD  # "nhân viên"
    assert gap_after(syllables, gaps, "sang", 0) is FREE
    assert gap_after(syllables, gaps, "sang", 1) is FREE


def test_sentence_without_glossary_has_no_terms(plain):
    syllables = SENTENCE.split()
    gaps = plain.gaps(syllables)
    assert IN_TERM not in gaps
    # "người dân" needs no glossary entry: it is a fixed phrase of vi-breaks.yaml.
    assert ("người", "dân") in dictionary_words()
    assert gap_after(syllables, gaps, "người") is IN_WORD
    assert gap_after(syllables, gaps, "dân,") is FREE
    assert gap_after(syllables, gaps, "tổ") is IN_WORD


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tổ chức", [IN_WORD]),
        ("tổ, chức", [FREE]),
        ("tổ. chức", [FREE]),
        ("tổ… chức", [FREE]),
        ("tổ “chức”", [FREE]),  # opening quote on the next syllable
        ("(tổ chức)", [IN_WORD]),  # punctuation outside the word does not matter
        ("“tổ chức”, nhân viên", [IN_WORD, FREE, IN_WORD]),
        ("người dân", [IN_TERM]),
        ("người, dân", [FREE]),
        ("người dân.", [IN_TERM]),
    ],
)
def test_punctuation_ends_a_word(breaker, text, expected):
    assert breaker.gaps(text.split()) == expected


def test_glossary_wins_over_dictionary(plain):
    assert ("chuyển", "đổi") in dictionary_words()
    syllables = "Chuyển đổi số".split()
    assert plain.gaps(syllables) == [IN_WORD, FREE]
    assert WordBreaker.for_glossary(("chuyển đổi số",)).gaps(syllables) == [IN_TERM, IN_TERM]
    # An overlapping term beats the dictionary word it cuts into.
    assert ("trọng", "tâm") in dictionary_words()
    syllables = "trọng tâm từ".split()
    assert plain.gaps(syllables) == [IN_WORD, FREE]
    assert WordBreaker.for_glossary(("tâm từ",)).gaps(syllables) == [FREE, IN_TERM]


def test_glossary_is_case_and_punctuation_insensitive(breaker):
    assert breaker.gaps("NGƯỜI DÂN".split()) == [IN_TERM]
    assert breaker.gaps("Công Nghệ Thông Tin,".split()) == [IN_TERM] * 3
    assert WordBreaker.for_glossary(("“Nền tảng số”",)).gaps("nền tảng số".split()) == [IN_TERM] * 2


def test_longest_glossary_term_first():
    breaker = WordBreaker.for_glossary(("dữ liệu", "dữ liệu người dùng"))
    assert breaker.gaps("dữ liệu người dùng".split()) == [IN_TERM] * 3


def test_single_syllable_glossary_entries_are_ignored():
    assert WordBreaker.for_glossary(("số", "  ")).terms == frozenset()


@pytest.mark.parametrize("syllables", [[], ["số"], ["số,"]])
def test_short_inputs(breaker, syllables):
    assert breaker.gaps(syllables) == []


SYLLABLES = (
    "chuyển", "đổi", "số", "công", "nghệ", "thông", "tin", "người", "dân", "nền", "tảng",
    "trọng", "tâm", "từ", "chính", "quyền", "sang", "tổ", "chức", "nhân", "viên", "giá",
    "trị", "dữ", "liệu", "được", "ừ", "ỗ", "Ẫn", "NGƯỜI", "Chuyển", "phần", "mềm", "riêng", "lẻ",
)


@lru_cache(maxsize=1)
def dictionary_pairs() -> frozenset[tuple[str, str]]:
    """Every pair of neighbouring syllables inside some dictionary word."""
    return frozenset(word[i:i + 2] for word in dictionary_words() for i in range(len(word) - 1))


@st.composite
def syllable(draw) -> str:
    core = draw(st.sampled_from(SYLLABLES))
    before = draw(st.sampled_from(["", "", "", "“", "("]))
    after = draw(st.sampled_from(["", "", "", ",", ".", "”", ";", "…"]))
    return before + core + after


# Lists of syllables with whole glossary terms mixed in (0 and 1 syllables included).
syllable_lists = st.lists(
    st.one_of(syllable().map(lambda s: [s]), st.sampled_from(GLOSSARY).map(str.split)), max_size=15
).map(lambda units: [s for unit in units for s in unit])


@settings(max_examples=150, deadline=None)
@given(syllables=syllable_lists)
def test_one_gap_per_neighbour_pair(syllables):
    breaker = WordBreaker.for_glossary(GLOSSARY)
    gaps = breaker.gaps(syllables)
    assert len(gaps) == max(len(syllables) - 1, 0)
    assert all(isinstance(gap, Gap) for gap in gaps)
    for index, gap in enumerate(gaps):
        left, right = syllables[index], syllables[index + 1]
        # No word or term runs on past punctuation between the two syllables.
        if left[-1] in PUNCTUATION or right[0] in PUNCTUATION:
            assert gap is FREE, (left, right)
        # A term gap always lies inside a glossary term, and a word gap inside a dictionary word.
        pair = (left.strip(PUNCTUATION).lower(), right.strip(PUNCTUATION).lower())
        if gap is IN_WORD:
            assert pair in dictionary_pairs(), pair
        if gap is IN_TERM:
            assert any(pair == term[i:i + 2] for term in breaker.terms for i in range(len(term) - 1))
    # Every complete glossary term in the input is found (no overlaps possible in this glossary).
    keys = [s.strip(PUNCTUATION).lower() for s in syllables]
    for term in breaker.terms:
        for start in range(len(keys) - len(term) + 1):
            span = range(start, start + len(term) - 1)
            if tuple(keys[start:start + len(term)]) == term and all(
                syllables[i][-1] not in PUNCTUATION and syllables[i + 1][0] not in PUNCTUATION for i in span
            ):
                assert all(gaps[i] is IN_TERM for i in span), (syllables, term)


def test_long_glossary_term_is_kept_together():
    term = "Sở Thông tin và Truyền thông tỉnh Quảng Ninh"  # 9 syllables, from the bundled content
    breaker = WordBreaker.for_glossary((term,))
    assert len(term.split()) - 1 == 8
    assert breaker.gaps(term.split()) == [IN_TERM] * 8


def test_dashes_glue_their_neighbours():
    """A line must not end in (or start with) a dash: pdftotext drops a hyphen at a line end."""
    syllables = "phát triển kinh tế - xã hội và kinh- doanh".split()
    gaps = WordBreaker.for_glossary(()).gaps(syllables)
    assert gaps[3] is Gap.GLUED and gaps[4] is Gap.GLUED  # "tế - xã"
    assert gaps[8] is Gap.GLUED  # after "kinh-"
    assert gaps[2] is not Gap.GLUED


# -- phrase rules (data/vi-breaks.yaml) ------------------------------------------------------------

IN_NAME = Gap.IN_NAME


def infos_by_pair(text: str) -> dict[str, object]:
    syllables = text.split()
    infos = WordBreaker.for_glossary(()).analyse(syllables)
    return {f"{syllables[i]} / {syllables[i + 1]}": info for i, info in enumerate(infos)}


def test_either_tone_mark_style_matches_the_word_list(plain):
    assert plain.gaps("số hóa".split()) == plain.gaps("số hoá".split()) == [IN_WORD]
    assert plain.gaps("tự động hóa".split())[0] is IN_WORD


def test_names_are_found_from_capitals():
    pairs = infos_by_pair("của Sở Thông tin và Truyền thông tỉnh Quảng Ninh về việc")
    assert pairs["Sở / Thông"].gap is IN_NAME
    assert pairs["và / Truyền"].gap is IN_NAME  # "Sở Thông tin và / Truyền thông": the bad break
    assert pairs["tin / và"].gap is IN_NAME and pairs["tin / và"].name_seam  # the least bad place
    assert pairs["tỉnh / Quảng"].gap is IN_NAME and pairs["tỉnh / Quảng"].name_seam  # "tỉnh" binds to its name
    assert pairs["Quảng / Ninh"].gap is IN_NAME and not pairs["Quảng / Ninh"].name_seam
    assert pairs["thông / tỉnh"].gap is FREE and not pairs["thông / tỉnh"].weak
    assert pairs["Ninh / về"].gap is FREE


def test_a_name_head_starts_a_new_name():
    pairs = infos_by_pair("Bộ trưởng Bộ Thông tin và Truyền thông Nguyễn Mạnh Hùng")
    assert pairs["trưởng / Bộ"].gap is FREE
    assert pairs["thông / Nguyễn"].gap is FREE
    assert pairs["Nguyễn / Mạnh"].gap is IN_NAME and pairs["Mạnh / Hùng"].gap is IN_NAME


@pytest.mark.parametrize("text", ["Theo quy định mới", "Người dân làm trung tâm", "CHUYỂN ĐỔI SỐ QUỐC GIA"])
def test_no_name_from_a_sentence_start_or_all_capitals(text):
    assert Gap.IN_NAME not in WordBreaker.for_glossary(()).gaps(text.split())


def test_function_words_binding_words_and_openers():
    pairs = infos_by_pair("sự khác nhau giữa công nghệ thông tin và chuyển đổi số")
    assert pairs["sự / khác"].after_function_word and pairs["sự / khác"].weak
    assert pairs["khác / nhau"].gap is IN_WORD  # a fixed phrase of vi-breaks.yaml
    assert pairs["tin / và"].before_opener and not pairs["tin / và"].weak
    assert pairs["và / chuyển"].after_function_word
    assert pairs["đổi / số"].before_binding_word
    # Whole words only: "cuối cùng" does not end on the auxiliary "cùng".
    assert not infos_by_pair("cuối cùng chúng ta")["cùng / chúng"].after_function_word


def test_parallel_openers():
    pairs = infos_by_pair("từ tổ chức sang nhân viên, từ doanh nghiệp sang khách hàng")
    assert pairs["chức / sang"].parallel and pairs["nghiệp / sang"].parallel
    assert not infos_by_pair("từ tổ chức sang nhân viên")["chức / sang"].parallel


def test_misleading_word_list_entries_are_dropped():
    """"số là" is in the word list, but in "chuyển đổi số là" it would hide the binding "số"."""
    assert ("số", "là") not in dictionary_words()
    assert infos_by_pair("Chuyển đổi số là cuộc cách mạng")["đổi / số"].before_binding_word


def test_a_breaker_is_sent_to_a_worker_naming_the_bundled_dictionary_and_comes_back_equal():
    import pickle

    from flashgen.text.wordbreak import dictionary_words

    breaker = WordBreaker.for_glossary(("chuyển đổi số",)).with_costs((("line", 5.0),))
    sent = pickle.dumps(breaker)
    assert len(sent) < 20_000  # the 25,000 words are not in it (330 kB when they were)
    received = pickle.loads(sent)
    assert received == breaker and received.words is dictionary_words()
    own = WordBreaker(words=frozenset({("chuyển", "đổi")}), terms=frozenset())  # another word list travels whole
    assert pickle.loads(pickle.dumps(own)) == own


# The word list as the breaker reads it is kept in the user's cache (dictionary_words).

def _kept_dictionary(folder, monkeypatch) -> frozenset:
    """``dictionary_words`` as a new process computes it, with ``folder`` as the user's cache."""
    monkeypatch.setattr(wordbreak, "user_cache_folder", lambda: folder)
    return wordbreak.dictionary_words.__wrapped__()


def _kept_files(folder) -> list:
    return sorted((folder / "words").glob("vi-words-*.marshal"))


def test_the_word_list_is_kept_and_read_back_unchanged(tmp_path, monkeypatch):
    made = _kept_dictionary(tmp_path, monkeypatch)
    assert made == wordbreak._read_dictionary() and len(made) > 20_000
    (kept,) = _kept_files(tmp_path)
    monkeypatch.setattr(wordbreak, "_read_dictionary", lambda: pytest.fail("read the word list again"))
    assert _kept_dictionary(tmp_path, monkeypatch) == made


@pytest.mark.parametrize("damage", [b"", b"not marshal data", marshal.dumps(["chuyển", "đổi"]),
                                    marshal.dumps(frozenset({"chuyển đổi"}))])
def test_a_damaged_kept_word_list_is_made_again(tmp_path, monkeypatch, damage):
    made = _kept_dictionary(tmp_path, monkeypatch)
    (kept,) = _kept_files(tmp_path)
    kept.write_bytes(damage)
    assert _kept_dictionary(tmp_path, monkeypatch) == made
    assert marshal.loads(kept.read_bytes()) == made  # written again


def test_a_cache_that_cannot_be_written_changes_nothing(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    assert _kept_dictionary(blocked / "flashgen", monkeypatch) == wordbreak._read_dictionary()
    assert blocked.read_text() == "not a folder"


def test_the_kept_word_list_is_named_by_what_it_is_made_from(tmp_path, monkeypatch):
    _kept_dictionary(tmp_path, monkeypatch)
    monkeypatch.setattr(wordbreak, "dictionary_fingerprint", lambda: "another word list")
    _kept_dictionary(tmp_path, monkeypatch)
    assert len(_kept_files(tmp_path)) == 2
