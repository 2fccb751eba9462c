"""Where a Vietnamese line may break: between words, not inside them.

Vietnamese separates syllables, not words, with spaces, so "chuyển | đổi số"
is a legal but ugly break. A ``WordBreaker`` takes a list of syllables and
returns, for each gap between two neighbours, whether the gap is free, inside
a dictionary word (the MIT-licensed word list from the ``pyvi`` package,
flashgen/data/vi-words.txt) or inside a campaign glossary term. Glossary
terms win over dictionary words; both are matched longest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from flashgen.load.resources import DATA_DIR

PUNCTUATION = "\"'“”‘’«»()[]{},.;:!?…–—-/"
DASHES = {"-", "–", "—"}
LONGEST_WORD = 6  # syllables; longer dictionary entries are ignored (glossary terms are not)


class Gap(Enum):
    """What lies between two neighbouring syllables."""

    FREE = "free"
    IN_WORD = "in-word"
    IN_TERM = "in-term"
    GLUED = "glued"  # beside a dash: a line ending in "-" reads as a hyphenated word, even to pdftotext


def _key(phrase: str) -> tuple[str, ...]:
    return tuple(syllable.strip(PUNCTUATION).lower() for syllable in phrase.split())


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[tuple[str, ...]]:
    """Multi-syllable words of the bundled Vietnamese word list."""
    lines = (DATA_DIR / "vi-words.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(key for key in map(_key, lines) if 1 < len(key) <= LONGEST_WORD)


@dataclass(frozen=True)
class WordBreaker:
    """Classifies the gaps between syllables using a word list and a glossary."""

    words: frozenset[tuple[str, ...]]
    terms: frozenset[tuple[str, ...]]

    @classmethod
    def for_glossary(cls, glossary: tuple[str, ...]) -> WordBreaker:
        terms = frozenset(key for key in map(_key, glossary) if len(key) > 1)
        return cls(words=dictionary_words(), terms=terms)

    def gaps(self, syllables: list[str]) -> list[Gap]:
        """One ``Gap`` for each of the ``len(syllables) - 1`` gaps."""
        gaps = [Gap.FREE] * max(len(syllables) - 1, 0)
        keys = [syllable.strip(PUNCTUATION).lower() for syllable in syllables]
        # A word cannot run on past punctuation: "số," ends whatever word it is in.
        joinable = [
            syllables[i].rstrip(PUNCTUATION) == syllables[i] and syllables[i + 1].lstrip(PUNCTUATION) == syllables[i + 1]
            for i in range(len(gaps))
        ]
        covered = [False] * len(syllables)
        # Glossary terms are matched left to right; dictionary words right to
        # left ("backward maximum matching"), which segments phrases such as
        # "từ tổ chức" as "từ | tổ chức" where a forward scan would not.
        longest_term = max((len(term) for term in self.terms), default=0)
        for start, length in self._matches(keys, joinable, covered, self.terms, longest_term, backward=False):
            self._mark(gaps, covered, start, length, Gap.IN_TERM)
        for start, length in self._matches(keys, joinable, covered, self.words, LONGEST_WORD, backward=True):
            self._mark(gaps, covered, start, length, Gap.IN_WORD)
        for index in range(len(gaps)):
            before, after = syllables[index], syllables[index + 1]
            if before in DASHES or after in DASHES or before.endswith("-"):
                gaps[index] = Gap.GLUED
        return gaps

    @staticmethod
    def _mark(gaps: list[Gap], covered: list[bool], start: int, length: int, kind: Gap) -> None:
        for gap in range(start, start + length - 1):
            gaps[gap] = kind
        for index in range(start, start + length):
            covered[index] = True

    @staticmethod
    def _matches(
        keys: list[str],
        joinable: list[bool],
        covered: list[bool],
        phrases: frozenset[tuple[str, ...]],
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
