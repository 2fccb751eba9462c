"""Where a Vietnamese line may break: between phrases, not inside words or names.

Vietnamese separates syllables, not words, with spaces, so "chuyển | đổi số"
is a legal but ugly break. A ``WordBreaker`` takes a list of syllables and
returns, for each gap between two neighbours, a ``GapInfo``: whether the gap
is free, inside a dictionary word (the MIT-licensed word list from the
``pyvi`` package, flashgen/data/vi-words.txt, plus the fixed phrases of
flashgen/data/vi-breaks.yaml), inside a campaign glossary term or inside a
proper name (a run of capitalised words, "Sở Thông tin và Truyền thông"), and
whether breaking there would end a line on a function word ("từ", "của"),
start one with a word that binds to the previous ("nhau"), or fall before a
word that opens a phrase ("từ X sang Y, từ Z sang W"). Glossary terms win over
dictionary words; both are matched longest first. Words are compared without
case and with either tone-mark style ("hoá" = "hóa"). What a break *costs*
is for layout.py to decide, from the costs in the same YAML file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import marshal
import sys
import unicodedata
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any

from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.files import write_whole
from flashgen.load.fingerprint import files_fingerprint, source_fingerprint
from flashgen.load.resources import DATA_DIR
from flashgen.load.usercache import user_cache_folder
from flashgen.load.yamlfile import read_yaml
from flashgen.text.tonemarks import Placement, placement

PUNCTUATION = "\"'“”‘’«»()[]{},.;:!?…–—-/"
CLAUSE_END = ",.;:!?…"
SENTENCE_END = ".!?:…"
DASHES = {"-", "–", "—"}
LONGEST_WORD = 6  # syllables; longer dictionary entries are ignored (glossary terms are not)
BREAKS_FILE = DATA_DIR / "vi-breaks.yaml"
WORDS_FILE = DATA_DIR / "vi-words.txt"
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng

Key = tuple[str, ...]


class Gap(Enum):
    """What lies between two neighbouring syllables."""

    FREE = "free"
    IN_WORD = "in-word"
    IN_TERM = "in-term"
    IN_NAME = "in-name"  # inside a proper name, or between "tỉnh" and the name it introduces
    GLUED = "glued"  # beside a dash: a line ending in "-" reads as a hyphenated word, even to pdftotext


@dataclass(frozen=True)
class GapInfo:
    """One gap between syllables and what a line break there would do to the phrase."""

    gap: Gap
    ends_clause: bool = False  # the syllable before ends in punctuation: the best break
    after_function_word: bool = False  # a line would end on "từ", "của", "sẽ" …
    before_binding_word: bool = False  # a line would start with "nhau", "số" (digital) …
    before_opener: bool = False  # the next word opens a phrase ("từ", "sang", "và" …)
    parallel: bool = False  # … and that opener recurs in the text: parallel phrases
    name_seam: bool = False  # inside a name, but between its parts: "tỉnh | Quảng Ngãi", "Thông tin | và …"

    @property
    def splits(self) -> bool:
        """A break here would split a word, a glossary term or a name."""
        return self.gap in (Gap.IN_WORD, Gap.IN_TERM, Gap.IN_NAME)

    @property
    def weak(self) -> tuple[str, ...]:
        """Why a break here goes against the rules (empty if it does not)."""
        reasons = {
            Gap.IN_WORD: "splits a word", Gap.IN_TERM: "splits a glossary term", Gap.IN_NAME: "splits a name",
        }
        found = [reasons[self.gap]] if self.gap in reasons else []
        if self.after_function_word:
            found.append("ends a line on a function word")
        if self.before_binding_word:
            found.append("starts a line with a word that binds to the previous one")
        return tuple(found)


@dataclass(frozen=True)
class Weight:
    """A cost that differs between display lines (headings) and running text."""

    heading: float
    body: float

    def of(self, heading: bool) -> float:
        return self.heading if heading else self.body


@dataclass(frozen=True)
class BreakCosts:
    """The costs of the line-breaking search (vi-breaks.yaml, ``costs``): they rank breakings."""

    line: float
    slack: float
    heading_last_line_slack: float
    after_punctuation: float
    between_words: float
    before_opener: float
    before_parallel_opener: float
    after_function_word: Weight
    before_binding_word: Weight
    in_word: Weight
    in_name: Weight
    in_name_seam: Weight
    in_term_body: float
    lonely_last_syllable: Weight
    lonely_syllable_line: Weight


@dataclass(frozen=True)
class BreakRules:
    """The word lists of vi-breaks.yaml, as canonical keys (``key``)."""

    no_end: frozenset[Key]
    no_start: frozenset[Key]
    openers: frozenset[Key]
    name_joiners: frozenset[Key]
    name_prefixes: frozenset[Key]
    name_heads: frozenset[Key]
    phrases: frozenset[Key]
    not_words: frozenset[Key]
    costs: BreakCosts


@lru_cache(maxsize=65536)
def key(syllable: str) -> str:
    """A syllable as the dictionary knows it: no punctuation, lower case, old-style tone mark.

    "Hoá", "hóa" and "hoá," all give "hoá": a syllable written in the new
    style (tonemarks.py) has its tone mark moved onto its last vowel, so the
    word list matches text in either style.
    """
    bare = syllable.strip(PUNCTUATION).lower()
    if placement(bare) is not Placement.NEW:
        return bare
    decomposed = unicodedata.normalize("NFD", bare)
    tones = "".join(c for c in decomposed if c in TONE_MARKS)
    letters = "".join(c for c in decomposed if c not in TONE_MARKS)
    return unicodedata.normalize("NFC", letters + tones)


def _key(phrase: str) -> Key:
    return tuple(key(syllable) for syllable in phrase.split())


def _keys(values: Any, where: str) -> frozenset[Key]:
    """A YAML list (or a mapping of named lists) of words, as keys."""
    if isinstance(values, dict):
        return frozenset().union(*(_keys(v, f"{where}.{name}") for name, v in values.items()))
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise FlashgenError(
            _("{file}, '{where}': expected a list of words.").format(file=BREAKS_FILE, where=where), code="break-rules"
        )
    return frozenset(k for k in map(_key, values) if k)


def _cost(name: str, raw: Any, source: Path) -> float | Weight:
    """One cost of a costs block: a number, or {heading, body}."""
    try:
        if isinstance(raw, dict):
            return Weight(float(raw["heading"]), float(raw["body"]))
        if isinstance(raw, (int, float)):
            return float(raw)
    except (KeyError, TypeError, ValueError):
        pass
    raise FlashgenError(
        _("{file}, costs: '{name}' must be a number or {{heading, body}}.").format(file=source, name=name), code="break-rules"
    )


def _costs(block: Any) -> BreakCosts:
    values = block if isinstance(block, dict) else {}
    return BreakCosts(**{name: _cost(name, values.get(name), BREAKS_FILE) for name in BreakCosts.__dataclass_fields__})


@lru_cache(maxsize=4)
def cost_overrides(path: Path) -> tuple[tuple[str, float | Weight], ...]:
    """The ``costs`` of another rules file (running-text.yaml): some of vi-breaks.yaml's costs, set otherwise."""
    block = read_yaml(path).get("costs") or {}
    for name in block:
        if name not in BreakCosts.__dataclass_fields__:
            raise FlashgenError(
                _("{file}, costs: '{name}' is not a cost of vi-breaks.yaml.").format(file=path, name=name), code="break-rules"
            )
    return tuple((name, _cost(name, raw, path)) for name, raw in block.items())


@lru_cache(maxsize=1)
def break_rules() -> BreakRules:
    """The rules of flashgen/data/vi-breaks.yaml."""
    document = read_yaml(BREAKS_FILE)
    lists = {name: _keys(document.get(name, []), name)
             for name in ("no_end", "no_start", "openers", "name_joiners", "name_prefixes", "name_heads", "phrases", "not_words")}
    return BreakRules(**lists, costs=_costs(document.get("costs")))


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[Key]:
    """Multi-syllable words of the bundled Vietnamese word list and the fixed phrases of vi-breaks.yaml,
    without the entries vi-breaks.yaml names as misleading (``not_words``).

    Reading the 31,000 lines into keys takes a tenth of a second, at the start of every command that
    sets text; the result is kept in the user's cache (load/usercache.py), named by what it is made
    from (``dictionary_fingerprint``), and read back in about 10 ms. ``marshal``, not pickle: what it
    reads back is data, never code to run. A kept file that is not such a set is made again.
    """
    made_from = hashlib.sha256(dictionary_fingerprint().encode()).hexdigest()[:24]
    kept = user_cache_folder() / "words" / f"vi-words-{made_from}-{sys.implementation.cache_tag}.marshal"
    with suppress(OSError, ValueError, EOFError, TypeError):
        words = marshal.loads(kept.read_bytes())
        if isinstance(words, frozenset) and all(type(k) is tuple for k in words):
            return words
    words = _read_dictionary()
    with suppress(OSError):  # a cache that cannot be written: read every time, as before
        write_whole(kept, marshal.dumps(words))
    return words


def _read_dictionary() -> frozenset[Key]:
    rules = break_rules()
    lines = WORDS_FILE.read_text(encoding="utf-8").splitlines()
    words = {k for k in map(_key, lines) if 1 < len(k) <= LONGEST_WORD}
    return frozenset((words - rules.not_words) | {k for k in rules.phrases if 1 < len(k) <= LONGEST_WORD})


@lru_cache(maxsize=1)
def dictionary_fingerprint() -> str:
    """A hash of what ``dictionary_words`` is made from: the word list, the rules file and the code that reads them.

    The layout cache names the dictionary by it (text/memo.py): hashing the
    two files takes a millisecond, where writing out the 25,000 words to hash
    them took 0.13 s at the start of every build.
    """
    return files_fingerprint([WORDS_FILE, BREAKS_FILE]) + source_fingerprint("text")


@dataclass(frozen=True)
class WordBreaker:
    """Classifies the gaps between syllables using a word list, a glossary and the break rules."""

    words: frozenset[Key]
    terms: frozenset[Key]
    rules: BreakRules = field(default_factory=break_rules)

    @classmethod
    def for_glossary(cls, glossary: tuple[str, ...]) -> WordBreaker:
        terms = frozenset(k for k in map(_key, glossary) if len(k) > 1)
        return cls(words=dictionary_words(), terms=terms)

    def __reduce_ex__(self, protocol: Any) -> Any:
        """Sent to a worker process with the bundled dictionary named, not copied: the 25,000 words pickled
        to 330 kB for every document started (and as long to read back), where the worker has them already."""
        if self.words is not dictionary_words():
            return super().__reduce_ex__(protocol)
        state = {name: value for name, value in self.__dict__.items() if name != "words"}
        return _with_bundled_words, (), state

    def with_costs(self, overrides: tuple[tuple[str, float | Weight], ...]) -> WordBreaker:
        """The same words and rules, with some costs set otherwise (``cost_overrides``)."""
        costs = dataclasses.replace(self.rules.costs, **dict(overrides))
        return dataclasses.replace(self, rules=dataclasses.replace(self.rules, costs=costs))

    def gaps(self, syllables: list[str]) -> list[Gap]:
        """One ``Gap`` for each of the ``len(syllables) - 1`` gaps."""
        return [info.gap for info in self.analyse(syllables)]

    def analyse(self, syllables: list[str]) -> list[GapInfo]:
        """One ``GapInfo`` for each of the ``len(syllables) - 1`` gaps.

        ``syllables`` should be the text as written (not upper-cased): proper
        names are found from their capitals.
        """
        gaps = self._word_gaps(syllables)
        words = _segments(gaps, len(syllables))
        keys = [key(s) for s in syllables]
        word_keys = [tuple(keys[a:b]) for a, b in words]
        clean = [_joinable(syllables, i) for i in range(len(gaps))]
        inside, seams = _name_gaps(syllables, words, word_keys, clean, self.rules)
        for gap in inside:
            if gaps[gap] is Gap.FREE:
                gaps[gap] = Gap.IN_NAME
        return self._infos(syllables, gaps, words, word_keys, clean, seams)

    def _word_gaps(self, syllables: list[str]) -> list[Gap]:
        gaps = [Gap.FREE] * max(len(syllables) - 1, 0)
        keys = [key(s) for s in syllables]
        # A word cannot run on past punctuation: "số," ends whatever word it is in.
        joinable = [_joinable(syllables, i) for i in range(len(gaps))]
        covered = [False] * len(syllables)
        # Glossary terms are matched left to right; dictionary words right to
        # left ("backward maximum matching"), which segments phrases such as
        # "từ tổ chức" as "từ | tổ chức" where a forward scan would not.
        longest_term = max((len(term) for term in self.terms), default=0)
        for start, length in _matches(keys, joinable, covered, self.terms, longest_term, backward=False):
            _mark(gaps, covered, start, length, Gap.IN_TERM)
        for start, length in _matches(keys, joinable, covered, self.words, LONGEST_WORD, backward=True):
            _mark(gaps, covered, start, length, Gap.IN_WORD)
        for index in range(len(gaps)):
            before, after = syllables[index], syllables[index + 1]
            if before in DASHES or after in DASHES or before.endswith("-"):
                gaps[index] = Gap.GLUED
        return gaps

    def _infos(self, syllables: list[str], gaps: list[Gap], words: list[tuple[int, int]],
               word_keys: list[Key], clean: list[bool], seams: set[int]) -> list[GapInfo]:
        """The ``GapInfo`` of every gap; the function-word rules look at whole words only
        ("cuối cùng" does not end on the auxiliary "cùng")."""
        rules = self.rules
        ending = {end - 1: k for (_, end), k in zip(words, word_keys)}
        starting = {start: k for (start, _), k in zip(words, word_keys)}
        recurring = Counter(k for k in word_keys if k in rules.openers)
        infos = []
        for index, gap in enumerate(gaps):
            if gap is not Gap.FREE or not clean[index]:
                ends = syllables[index][-1] in CLAUSE_END
                infos.append(GapInfo(gap, ends_clause=ends and gap is Gap.FREE, name_seam=index in seams))
                continue
            before, after = ending.get(index), starting.get(index + 1)
            infos.append(GapInfo(
                gap,
                after_function_word=before in rules.no_end,
                before_binding_word=after in rules.no_start,
                before_opener=after in rules.openers,
                parallel=after in rules.openers and recurring[after] > 1,
            ))
        return infos


def _joinable(syllables: list[str], index: int) -> bool:
    """No punctuation between syllable ``index`` and the next."""
    before, after = syllables[index], syllables[index + 1]
    return before.rstrip(PUNCTUATION) == before and after.lstrip(PUNCTUATION) == after


def _segments(gaps: list[Gap], count: int) -> list[tuple[int, int]]:
    """(start, end) of each word: syllables joined by word or term gaps."""
    words, start = [], 0
    for index, gap in enumerate(gaps):
        if gap not in (Gap.IN_WORD, Gap.IN_TERM):
            words.append((start, index + 1))
            start = index + 1
    if count:
        words.append((start, count))
    return words


def _capitalised(syllable: str) -> bool:
    letters = syllable.lstrip(PUNCTUATION)
    return bool(letters) and letters[0].isupper()


def _name_gaps(syllables: list[str], words: list[tuple[int, int]], word_keys: list[Key],
               clean: list[bool], rules: BreakRules) -> tuple[list[int], set[int]]:
    """Indices of the gaps inside proper names, and those of them that are seams between a name's
    parts (before its "và", after its prefix "tỉnh"): the least bad place if a name must break.

    A name is a run of two or more capitalised words ("Quảng Ninh", "Nguyễn Mạnh
    Hùng"), possibly joined by a lowercase "và" ("Thông tin và Truyền thông"),
    with no punctuation inside. A word capitalised only because it starts a
    sentence counts if it is a single syllable that is no function word ("Bộ",
    "Sở", not "Theo", not "Người dân"). A lowercase prefix ("tỉnh", "kênh")
    binds to the capitalised word after it. A name head ("Bộ", "Nguyễn") starts a
    new name: "Bộ trưởng | Bộ Thông tin và Truyền thông | Nguyễn Mạnh Hùng". In text without lower case letters
    (all capitals) nothing can be told from case, so nothing is a name.
    """
    if not any(c.islower() for s in syllables for c in s):
        return [], set()
    count = len(words)
    function_words = rules.no_end | rules.openers

    def starts_sentence(word: int) -> bool:
        start = words[word][0]
        return start == 0 or syllables[start - 1][-1] in SENTENCE_END

    def capital(word: int) -> bool:
        start, end = words[word]
        if not _capitalised(syllables[start]):
            return False
        return not starts_sentence(word) or (end - start == 1 and word_keys[word] not in function_words)

    def linked(left: int, right: int) -> bool:
        """No punctuation between word ``left`` and word ``right`` (neighbours or one apart)."""
        return all(clean[words[w][1] - 1] for w in range(left, right))

    def head(word: int) -> bool:
        return word_keys[word] in rules.name_heads or word_keys[word][:1] in rules.name_heads

    caps = [capital(w) for w in range(count)]
    inside: list[int] = []
    seams: set[int] = set()
    word = 0
    while word < count:
        last = word
        while caps[word]:
            if last + 1 < count and caps[last + 1] and linked(last, last + 1) and not head(last + 1):
                last += 1
            elif (last + 2 < count and word_keys[last + 1] in rules.name_joiners and caps[last + 2]
                  and linked(last, last + 2) and not head(last + 2)):
                last += 2
            else:
                break
        inside += [words[w][1] - 1 for w in range(word, last)]
        seams |= {words[w][1] - 1 for w in range(word, last) if word_keys[w + 1] in rules.name_joiners}
        word = last + 1
    for word in range(count - 1):
        if word_keys[word] in rules.name_prefixes and _capitalised(syllables[words[word + 1][0]]) and linked(word, word + 1):
            inside.append(words[word][1] - 1)
            seams.add(words[word][1] - 1)
    return inside, seams


def _mark(gaps: list[Gap], covered: list[bool], start: int, length: int, kind: Gap) -> None:
    for gap in range(start, start + length - 1):
        gaps[gap] = kind
    for index in range(start, start + length):
        covered[index] = True


def _matches(
    keys: list[str],
    joinable: list[bool],
    covered: list[bool],
    phrases: frozenset[Key],
    longest: int,
    backward: bool,
) -> list[tuple[int, int]]:
    """Non-overlapping (start, length) phrase matches, longest first."""

    def fits(start: int, length: int) -> bool:
        span = range(start, start + length)
        return (
            not any(covered[i] for i in span)
            and all(joinable[i] for i in range(start, start + length - 1))
            and tuple(keys[i] for i in span) in phrases
        )

    found = []
    position = len(keys) if backward else 0
    while (position > 0) if backward else (position < len(keys)):
        room = position if backward else len(keys) - position
        length = next((n for n in range(min(longest, room), 1, -1)
                       if fits(position - n if backward else position, n)), 1)
        if length > 1:
            found.append((position - length if backward else position, length))
        position += -length if backward else length
    return found


def _with_bundled_words() -> WordBreaker:
    """A breaker with the bundled dictionary (``WordBreaker.__reduce_ex__``); pickle then sets its other fields."""
    breaker = WordBreaker.__new__(WordBreaker)
    object.__setattr__(breaker, "words", dictionary_words())
    return breaker
