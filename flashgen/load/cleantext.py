"""Text as it enters flashgen: a raw string in, NFC text with folded white space out.

Text typed in an old Vietnamese font encoding and pasted as Unicode ("ChuyÓn ®æi sè") is converted
(``without_mojibake``, legacy.py decides). Invisible characters Word and web pages leave behind (soft hyphens,
zero-width spaces) are removed; characters that would change what is shown
(text-direction controls, control characters, half surrogates) are refused
with a reason a user can act on.
"""

from __future__ import annotations

import re
import unicodedata

from flashgen.i18n import _
from flashgen.load.legacy import repaired_text

_WHITESPACE = re.compile(r"\s+")

# Invisible characters Word and web pages leave in text: harmless, so removed (with a warning).
STRIPPED = {"\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}
# Text-direction controls: they reorder what is shown and have no place in Vietnamese text.
BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def clean_text(value: str) -> str:
    """NFC-normalise and fold white space; the one place text enters flashgen."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", value)).strip()


def character_name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, '')}".strip()


def harmful_character(char: str) -> str | None:
    """Why ``char`` may not be in content text, if it may not."""
    if char in BIDI_CONTROLS:
        return _(
            "the text-direction character {character} is not allowed: it changes the order in "
            "which text is shown and is never needed in Vietnamese. Delete it (retype the text around it)."
        ).format(character=character_name(char))
    category = unicodedata.category(char)
    if category == "Cs":
        return _("U+{code:04X} is half of a broken character (an emoji or symbol cut in two); delete it.").format(
            code=ord(char))
    if category == "Cc":
        return _(
            "the invisible control character U+{code:04X} is not allowed "
            "(it often comes with text pasted from Word or a web page); delete it."
        ).format(code=ord(char))
    return None


def invisible_characters(value: str) -> list[str]:
    """The invisible characters of STRIPPED in ``value``, each once, sorted."""
    return sorted({char for char in value if char in STRIPPED})


def without_invisible(value: str) -> str:
    return "".join(char for char in value if char not in STRIPPED)


def without_mojibake(value: str, where: str, field: str = "") -> tuple[str, str]:
    """``value`` with text pasted from an old Vietnamese encoding (TCVN3, VNI, VISCII) converted to Unicode,
    and the warning saying so ("" when nothing was converted). Must run before ``without_invisible``: TCVN3
    writes "ư" as the soft hyphen's code. ``where`` names file, line and place; raises ``FlashgenError``
    ("mojibake") when the text looks converted from an old encoding but not surely which."""
    return repaired_text(value, where, field)
