"""Where a Vietnamese word puts its tone mark: a word in, its placement style out.

Syllables ending in the vowel pairs "oa", "oe" and "uy" (with nothing after
them) are written two ways: the old style puts the tone mark on the second
vowel ("hoà", "khoẻ", "thuý"), the new style on the first ("hòa", "khỏe",
"thúy"). Both are correct, but one set of cards should not mix them.
``placement`` says which style a word uses (or None when the question does not
arise), so ``flashgen check`` can point at the words of the less common style.
"""

from __future__ import annotations

import re
import unicodedata
from enum import Enum

TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng
PAIRS = ("oa", "oe", "uy")
WORD = re.compile(r"[^\W\d_]+")


class Placement(Enum):
    OLD = "old"  # hoà, khoẻ, thuý
    NEW = "new"  # hòa, khỏe, thúy


def _letters_and_tone(word: str) -> tuple[str, int | None]:
    """The word without tone marks (other diacritics kept), and the index of the letter carrying the tone."""
    letters: list[str] = []
    tone_at: int | None = None
    for char in unicodedata.normalize("NFD", word.lower()):
        if char in TONE_MARKS:
            tone_at = len(letters) - 1
        elif unicodedata.combining(char) and letters:
            letters[-1] = unicodedata.normalize("NFC", letters[-1] + char)
        else:
            letters.append(char)
    return "".join(letters), tone_at


def placement(word: str) -> Placement | None:
    """The tone-mark style of ``word``, if it is one of the words written both ways."""
    bare, tone_at = _letters_and_tone(word)
    if tone_at is None or len(bare) < 2 or bare[-2:] not in PAIRS:
        return None
    if bare[-2:] == "uy" and bare[-3:-2] == "q":
        return None  # "quý": the u belongs to "qu"; the mark always sits on y
    if tone_at == len(bare) - 1:
        return Placement.OLD
    if tone_at == len(bare) - 2:
        return Placement.NEW
    return None


def words_by_placement(text: str) -> dict[Placement, list[str]]:
    """The words of ``text`` written in each style."""
    found: dict[Placement, list[str]] = {Placement.OLD: [], Placement.NEW: []}
    for word in WORD.findall(text):
        style = placement(word)
        if style is not None:
            found[style].append(word)
    return found
