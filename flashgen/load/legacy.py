"""Recognise Vietnamese text in an old encoding (TCVN3, VNI, VISCII) and say how sure the guess is.

Takes a Windows-1252 view of some text (legacycodes.py: a legacy file's bytes, or mojibake pasted into a
UTF-8 file) and returns a ``Guess``: the one encoding it certainly is, with the converted text, or the
encodings it could be, or nothing. The score, per encoding: of the words the table changes, the share that
become Vietnamese syllables (data/vi-words.txt), how much larger that share is than the share that were
syllables before, and the share of all words that are syllables after; when two tables fit, the one that
nets far more syllables wins, else neither. Plain text is left alone: its words either do not change or
already were Vietnamese. The thresholds are data (legacy-encodings.yaml, ``detector``).
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.legacycodes import (
    LegacyEncoding,
    detector_settings,
    encodings,
    view_of_bytes,
    view_of_text,
)

_PUNCTUATION = string.punctuation + "“”‘’…–—"  # around a word, not part of it (mojibake_words)
WORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "vi-words.txt"
# Windows-1252 letters whose case a word processor's "change case" may have flipped in pasted mojibake
# ("ChuyÓn" → "Chuyón"): in TCVN3 the two cases are different letters.
_FLIPPABLE = {chr(code) for code in range(0xC0, 0xFF) if code not in (0xD7, 0xF7, 0xDF)}


@lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    """Every Vietnamese syllable of the word list, in small letters, NFC."""
    text = unicodedata.normalize("NFC", WORDS_FILE.read_text(encoding="utf-8"))
    return frozenset(syllable for syllable in text.lower().split())


@lru_cache(maxsize=1)
def vietnamese_letters() -> frozenset[str]:
    """Every small letter a Vietnamese word may have: a–z and the 67 with diacritics (the TCVN3 table's)."""
    return frozenset("abcdefghijklmnopqrstuvwxyz") | {c for c in encodings()["tcvn3"].letters if c.islower()}


def is_syllable(word: str) -> bool:
    """Whether ``word`` is a Vietnamese syllable written as words are: small, capitalised or in capitals
    ("bỊnh", which a wrong table makes, is not)."""
    cased = word.islower() or word.isupper() or (word[:1].isupper() and word[1:].islower())
    return cased and word.lower() in syllables()


@dataclass(frozen=True)
class Reading:
    """Text read in one encoding: the converted text and the counts that score it."""

    encoding: LegacyEncoding
    text: str
    words: int  # words of letters in the text
    changed: int  # words the table changed
    fixed: int  # changed words that are syllables after the conversion
    were_syllables: int  # changed words that were syllables before it (plain Vietnamese: most of them)
    syllables_after: int  # words that are syllables after the conversion
    foreign: int = 0  # words with letters no Vietnamese word has after it ("bgð"): the table did not fit them
    changed_words: tuple[str, ...] = ()  # the changed words as they were, for messages

    @property
    def share(self) -> float:
        return self.fixed / self.changed if self.changed else 0.0

    @property
    def gain(self) -> float:
        """How much more Vietnamese the changed words are after the conversion than before."""
        return self.share - (self.were_syllables / self.changed if self.changed else 0.0)

    @property
    def net(self) -> int:
        """Syllables the conversion made minus the words it changed into no syllable, the syllables it changed
        into something else and the words it left with letters no Vietnamese word has."""
        return self.fixed - (self.changed - self.fixed) - self.were_syllables - self.foreign

    @property
    def support(self) -> float:
        return self.syllables_after / self.words if self.words else 0.0


@dataclass(frozen=True)
class Guess:
    """What the detector concluded: ``certain`` when one encoding surely is right, else the ``possible`` ones."""

    certain: Reading | None = None
    possible: tuple[LegacyEncoding, ...] = ()

    @property
    def suspected(self) -> bool:
        return self.certain is None and bool(self.possible)


def _word_pattern(encoding: LegacyEncoding) -> re.Pattern[str]:
    """Runs of letters and of the encoding's code characters (TCVN3's "®" is a letter: đ)."""
    extra = "".join(re.escape(char) for char in sorted(encoding.code_chars))
    return re.compile(rf"(?:[^\W\d_]|[{extra}])+")


@lru_cache(maxsize=8)
def _pattern(key: str) -> re.Pattern[str]:
    return _word_pattern(encodings()[key])


def _converted_word(encoding: LegacyEncoding, word: str) -> str:
    """``word`` converted; when that is no syllable but the word with its letters' case flipped is, that."""
    converted = encoding.decode(word)
    if is_syllable(converted) or not encoding.small_codes_for_toned_capitals:
        return converted
    flipped = "".join(char.swapcase() if char in _FLIPPABLE else char for char in word)
    again = encoding.decode(flipped)
    return again if flipped != word and is_syllable(again) else converted


def read_as(encoding: LegacyEncoding, view: str) -> Reading:
    """``view`` converted with ``encoding``, word by word, with the counts that score the conversion."""
    parts: list[str] = []
    words = changed = fixed = before = after = foreign = 0
    changed_words: list[str] = []
    last = 0
    for match in _pattern(encoding.key).finditer(view):
        word = match.group()
        converted = _converted_word(encoding, word)
        parts += [view[last:match.start()], converted]
        last = match.end()
        # Converted but not counted: one character ("ß", "õ") or signs ("×", "–") prove nothing.
        if len(word) < 2 or not any(char.isalpha() for char in word):
            continue
        words += 1
        valid = is_syllable(converted)
        foreign += any(char not in vietnamese_letters() and char.isalpha() for char in converted.lower())
        after += valid
        if converted != word:
            changed += 1
            fixed += valid
            before += is_syllable(word)
            changed_words.append(word)
    parts.append(view[last:])
    text = unicodedata.normalize("NFC", "".join(parts))
    return Reading(encoding, text, words, changed, fixed, before, after, foreign, tuple(changed_words))


def guess(view: str, whole_file: bool = False) -> Guess:
    """Which old encoding ``view`` is in, if any; ``whole_file`` ignores the share of syllables among all
    words (a file's keys and English words are no syllables, and a file that is not UTF-8 is not plain)."""
    settings = detector_settings()
    readings = [r for r in (read_as(encoding, view) for encoding in encodings().values()) if r.changed]
    plausible = [r for r in readings if r.share >= settings["suspect_share"] and r.gain >= settings["suspect_gain"]]
    plausible.sort(key=lambda r: (-r.net, -r.share))
    certain = [
        r for r in plausible
        if r.share >= settings["certain_share"] and r.gain >= settings["certain_gain"]
        and (whole_file or r.support >= settings["support_share"])
    ]
    # Different words: a name the dictionary lacks, repeated ("Ngãi … Ngãi"), is one piece of evidence.
    enough = [r for r in plausible if len(set(r.changed_words)) >= settings["min_changed_words"]]
    if certain and certain[0] in enough and _far_ahead(certain[0], plausible):
        return Guess(certain=certain[0])
    return Guess(possible=tuple(r.encoding for r in enough))


def _far_ahead(best: Reading, plausible: list[Reading]) -> bool:
    """Whether ``best`` is the only plausible reading, or far ahead of the others: twice their net, or ahead in
    net and by two syllables in all. The wrong table also changes words that already were syllables ("lùa" is
    VISCII for "lùa" but TCVN3 for "lựa") or leaves words that are none: it nets fewer."""
    others = [r for r in plausible if r is not best and r.text != best.text]
    return all(
        best.net >= 2 * max(other.net, 1)
        or (best.net > other.net and best.syllables_after >= other.syllables_after + 2)
        for other in others
    )


def guess_text(text: str) -> Guess:
    """``guess`` for a string of a UTF-8 file: nothing when it holds characters no legacy view has
    (real Vietnamese letters like "ạ", "ư") or only ASCII."""
    if text.isascii():
        return Guess()
    view = view_of_text(text)
    return guess(view) if view is not None else Guess()


def names(found: tuple[LegacyEncoding, ...]) -> str:
    """"TCVN3 (…) or VNI (…)" for messages."""
    labels = [encoding.name for encoding in found]
    if len(labels) == 1:
        return labels[0]
    return _("{some} or {last}").format(some=", ".join(labels[:-1]), last=labels[-1])


def shortened(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters for a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def decoded_legacy_file(path: Path, raw: bytes) -> tuple[str, str] | None:
    """A file that is not UTF-8, read as the old encoding it certainly is: (its text, the warning to give).

    None when it does not look like any old encoding; a ``FlashgenError`` ("legacy-encoding-unsure") when it
    could be one or another but flashgen cannot tell which for certain."""
    found = guess(view_of_bytes(raw), whole_file=True)
    if found.certain is not None:
        reading = found.certain
        return reading.text, _(
            "{file}: the file is not Unicode (UTF-8) but Vietnamese in the old {encoding} encoding, {where}; "
            "flashgen converted it. To convert the file itself once: flashgen convert {file} NEW-FILE."
        ).format(file=path, encoding=reading.encoding.name, where=_changed_lines(reading, raw))
    if found.suspected:
        raise FlashgenError(_(
            "{file}: the file is not Unicode (UTF-8) text; it looks like Vietnamese typed in an old encoding "
            "({encodings}), but flashgen cannot tell which for certain. Convert it with "
            "'flashgen convert {file} NEW-FILE --from {key}' (or another of these) and check the result. "
            "Do not just save it again as UTF-8: that turns the letters into the wrong ones."
        ).format(file=path, encodings=names(found.possible), key=found.possible[0].key), code="legacy-encoding-unsure")
    return None


def _changed_lines(reading: Reading, raw: bytes) -> str:
    """"lines 3–12": where a file's converted words are (the first and last line holding one)."""
    view = view_of_bytes(raw)
    lines = [view[: view.find(word)].count("\n") + 1 for word in reading.changed_words[:1]]
    last_word = reading.changed_words[-1] if reading.changed_words else ""
    lines.append(view[: view.rfind(last_word)].count("\n") + 1 if last_word else 1)
    first, last = min(lines), max(lines)
    return _("line {line}").format(line=first) if first == last else _("lines {first}–{last}").format(first=first, last=last)


def repaired_text(value: str, where: str, field: str = "") -> tuple[str, str]:
    """A string of a UTF-8 file with mojibake of an old encoding converted: (the text, the warning or "").

    ``where`` names the file, line and field for the messages. Plain text comes back as it is, with no
    warning; text that looks like mojibake of more than one encoding, or not surely, is an error ("mojibake")."""
    found = guess_text(value)
    if found.certain is not None:
        reading = found.certain
        return reading.text, _(
            "{where}: the text was typed in the old {encoding} encoding and pasted as Unicode ('{before}'); "
            "flashgen converted it to '{after}'. Correct the source file too."
        ).format(where=where, encoding=reading.encoding.name, before=shortened(value), after=shortened(reading.text))
    if found.suspected:
        raise FlashgenError(_(
            "{where}: '{text}' looks like Vietnamese typed in an old encoding ({encodings}) and pasted as "
            "Unicode, but flashgen cannot tell which for certain. Retype the text, or convert the file with "
            "'flashgen convert FILE NEW-FILE --from {key}' and check the result."
        ).format(where=where, text=shortened(value), encodings=names(found.possible), key=found.possible[0].key),
            code="mojibake", field=field)
    return value, ""


def mojibake_words(text: str) -> tuple[tuple[str, ...], tuple[LegacyEncoding, ...]]:
    """Words of ``text`` that look like old-encoding text pasted among real Unicode Vietnamese ("Kế hoạch
    ChuyÓn ®æi sè"), which the conversion of whole strings leaves alone: (the words, the encoding they are
    in), for `flashgen check` to report. Empty when the text is plain, or when the whole string was a case
    for ``repaired_text``."""
    # Each word once: a name repeated ("Ngãi … Ngãi") is one piece of evidence.
    words = (word.strip(_PUNCTUATION) for word in text.split())
    candidates = list(dict.fromkeys(w for w in words if not w.isascii() and view_of_text(w) is not None))
    if len(candidates) < 2 or view_of_text(text) is not None:
        return (), ()
    found = guess(" ".join(view_of_text(word) or word for word in candidates))
    # Words pulled out of a sentence prove less than a sentence: at least two more syllables made than unmade
    # (a name the dictionary lacks, "Ngãi", reads as TCVN3 "ngói": one word is not enough).
    if found.certain is not None and found.certain.net >= detector_settings()["min_net_among_unicode"]:
        return found.certain.changed_words, (found.certain.encoding,)
    return (), ()


def mojibake_finding(file: str, place: str, field: str, text: str) -> str:
    """The warning `flashgen check` gives for ``mojibake_words`` of ``text``, in ``field`` of ``place`` (an
    item, a section) of ``file`` ("" when there are none)."""
    words, found = mojibake_words(text)
    if not words:
        return ""
    return _(
        "{file}, {place}, field '{field}': the words '{words}' look like Vietnamese typed in the old {encoding} "
        "encoding and pasted as Unicode (they would read '{converted}'); flashgen left them as they are. Retype them."
    ).format(file=file, place=place, field=field, words=shortened(" ".join(words)), encoding=names(found),
             converted=shortened(" ".join(found[0].decode(view_of_text(word) or word) for word in words)))
