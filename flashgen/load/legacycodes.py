"""The old Vietnamese encodings (TCVN3, VNI, VISCII) as tables: legacy text in, Unicode out, and back.

Reads flashgen/data/legacy-encodings.yaml (every Vietnamese letter with a diacritic and its code in each
encoding). Legacy text is handled as its *Windows-1252 view*: each byte shown as the character Windows gives
it, which is also exactly the "mojibake" a user sees when text typed in a .VnTime or VNI font is pasted as
Unicode. ``view_of_bytes`` and ``view_of_text`` make that view from a file's bytes or from a pasted string;
``LegacyEncoding.decode`` turns a view into NFC Unicode and ``encode`` does the reverse (for tests and the
round trip). The table file is read with PyYAML directly: yamlfile.py calls this module, so it cannot be
read with read_yaml.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

_SPACES = re.compile(r"(\s+)")
TABLES_FILE = Path(__file__).resolve().parent.parent / "data" / "legacy-encodings.yaml"


def _byte_char(byte: int) -> str:
    """The character Windows-1252 shows for ``byte``; Latin-1's control character for its 5 unused bytes."""
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


_VIEW = [_byte_char(byte) for byte in range(256)]
_BYTE_OF = {char: byte for byte, char in enumerate(_VIEW)}
# Pasted through Latin-1 instead of Windows-1252, bytes 0x80–0x9F arrive as the C1 controls U+0080–U+009F.
_LATIN1_TO_VIEW = {chr(byte): _VIEW[byte] for byte in range(0x80, 0xA0)}


def view_of_bytes(raw: bytes) -> str:
    """The Windows-1252 view of legacy bytes: one character per byte, nothing lost."""
    return "".join(_VIEW[byte] for byte in raw)


def bytes_of_view(view: str) -> bytes:
    """The bytes a Windows-1252 view stands for (the inverse of ``view_of_bytes``)."""
    return bytes(_BYTE_OF[char] for char in view)


def view_of_text(text: str) -> str | None:
    """``text`` as a Windows-1252 view, if every character of it could be one (else None: real Unicode)."""
    view = "".join(_LATIN1_TO_VIEW.get(char, char) for char in text)
    return view if all(char in _BYTE_OF for char in view) else None


@dataclass(frozen=True)
class LegacyEncoding:
    """One encoding's table: ``codes`` maps a view code (1 or 2 characters) to its Unicode letter."""

    key: str  # "tcvn3", "vni", "viscii": the name `flashgen convert --from` takes
    name: str  # for people: "TCVN3 (ABC, .VnTime)"
    letters: dict[str, str] = field(repr=False)  # letter → its code, as in the data file
    small_codes_for_toned_capitals: bool  # TCVN3: a toned capital has no code of its own
    codes: dict[str, str] = field(default_factory=dict, repr=False)  # code → letter, filled in by ``from_table``
    code_chars: frozenset[str] = field(default=frozenset(), repr=False)  # every character used in a code (letters of a word)

    @classmethod
    def from_table(cls, key: str, table: dict) -> LegacyEncoding:
        letters = {unicodedata.normalize("NFC", str(k)): _code(key, str(v)) for k, v in table["letters"].items()}
        codes = {code: letter for letter, code in letters.items()}
        codes.update({str(code): unicodedata.normalize("NFC", str(letter)) for code, letter in (table.get("also_read") or {}).items()})
        if key == "vni":  # a capital with a small accent byte (or the reverse) still reads as that letter
            for code, letter in list(codes.items()):
                if len(code) == 2:
                    codes.setdefault(code[0] + code[1].swapcase(), letter)
        # ASCII letters are word letters anyway; VISCII's six capitals in control bytes ("Ẳ" is 0x02) are not.
        chars = frozenset(char for code in codes for char in code if not char.isascii() or not char.isprintable())
        return cls(key, str(table["name"]), letters, table.get("toned_capitals") == "small-codes", codes, chars)

    def decode(self, view: str) -> str:
        """The NFC Unicode text of a Windows-1252 view of this encoding (characters not in the table stay)."""
        out: list[str] = []
        index = 0
        while index < len(view):
            pair = view[index:index + 2]
            if len(pair) == 2 and pair in self.codes:
                out.append(self.codes[pair])
                index += 2
                continue
            out.append(self.codes.get(view[index], view[index]))
            index += 1
        text = "".join(out)
        return _capitals_restored(text) if self.small_codes_for_toned_capitals else text

    def encode(self, text: str) -> str:
        """The Windows-1252 view of ``text`` in this encoding (TCVN3 writes toned capitals with small codes)."""
        out = []
        for char in unicodedata.normalize("NFC", text):
            code = self.letters.get(char)
            if code is None and self.small_codes_for_toned_capitals:
                code = self.letters.get(char.lower())
            out.append(code if code is not None else char)
        return "".join(out)


def _code(key: str, value: str) -> str:
    """A code of the data file as view text: hex bytes ("B5") for one-byte encodings, letters for VNI."""
    return value if key == "vni" else view_of_bytes(bytes.fromhex(value))


def _capitals_restored(text: str) -> str:
    """TCVN3 words in capitals whose toned letters came out small ("TRƯờNG") put back in capitals.

    A word is in capitals when its only small letters are non-ASCII ones (an ASCII small letter means the
    word really is in small letters: "Đà" stays) and it has two capitals ("TRƯờNG"), or one and a word in
    capitals next to it ("Để PHÁT" → "ĐỂ PHÁT"). A word with no capital stays small: "UBND ở tỉnh"."""
    parts = _SPACES.split(text)  # words at even positions, the spaces between them at odd ones
    words = [word.upper() if _in_capitals(word, False, False) else word for word in parts[::2]]
    for index, word in enumerate(words):  # then the words with one capital, beside the words now in capitals
        if _in_capitals(word, _capitals(words[index - 1]) if index else False,
                        _capitals(words[index + 1]) if index + 1 < len(words) else False):
            words[index] = word.upper()
    parts[::2] = words
    return "".join(parts)


def _capitals(word: str) -> bool:
    """Whether ``word`` is written in capitals (two letters at least, none small)."""
    return sum(char.isupper() for char in word) >= 2 and not any(char.islower() for char in word)


def _in_capitals(word: str, capitals_before: bool, capitals_after: bool) -> bool:
    smalls = [char for char in word if char.islower()]
    if not smalls or any(char.isascii() for char in smalls):
        return False
    uppers = sum(char.isupper() for char in word)
    # One capital and a neighbour in capitals; no capital at all stays small ("UBND ở tỉnh", not "UBND Ở").
    return uppers >= 2 or (uppers == 1 and (capitals_before or capitals_after))


@lru_cache(maxsize=1)
def encodings() -> dict[str, LegacyEncoding]:
    """Every encoding of the data file, by key (in the file's order)."""
    document = yaml.safe_load(TABLES_FILE.read_text(encoding="utf-8"))
    return {key: LegacyEncoding.from_table(key, table) for key, table in document["encodings"].items()}


@lru_cache(maxsize=1)
def detector_settings() -> dict[str, float]:
    """The detector's thresholds (the ``detector`` block of the data file)."""
    document = yaml.safe_load(TABLES_FILE.read_text(encoding="utf-8"))
    return {key: float(value) for key, value in document["detector"].items()}
