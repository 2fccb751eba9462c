"""Every message the code asks to translate has Vietnamese words, and every catalogue entry is still used.

Runs over every .po file in flashgen/locale and every ``_()``, ``N_()``, ``ngettext()`` call and command
docstring in flashgen/ (tests/cli/messages.py), so it covers every part's catalogue, not only the CLI's.
"""

from __future__ import annotations

import re
import unicodedata

from flashgen import i18n
from tests.cli.messages import called, catalogues, texts

PLACEHOLDER = re.compile(r"\{[a-z_]*\}")
SAME_IN_BOTH = {"MM", "Infographic", "Logo"}  # words Vietnamese writes as English does


def _translated() -> dict[str, str | tuple[str, ...]]:
    found: dict[str, str | tuple[str, ...]] = {}
    for entries in catalogues().values():
        found |= {msgid: text for msgid, text in entries.items() if text and all(text if isinstance(text, tuple) else (text,))}
    return found


def test_every_message_of_the_code_is_translated():
    translated = _translated()
    missing = [f"{where}: {msgid!r}" for msgid, where in sorted(called().items(), key=lambda pair: pair[1])
               if msgid not in translated]
    assert not missing, "no Vietnamese translation in flashgen/locale/vi/LC_MESSAGES/*.po for:\n" + "\n".join(missing)


def test_every_catalogue_entry_is_used():
    used = texts()
    unused = [f"{po_file.name}: {msgid!r}" for po_file, entries in catalogues().items() for msgid in entries
              if msgid not in used and not any(msgid in text for text in used)]
    assert not unused, "msgids no code or data table uses any more (remove them or fix the text):\n" + "\n".join(unused)


def test_translations_keep_the_placeholders():
    wrong = []
    for po_file, entries in catalogues().items():
        for msgid, text in entries.items():
            for form in text if isinstance(text, tuple) else (text,):
                if form and sorted(set(PLACEHOLDER.findall(msgid))) != sorted(set(PLACEHOLDER.findall(form))):
                    wrong.append(f"{po_file.name}: {msgid!r} → {form!r}")
    assert not wrong, "a translation must keep the same {placeholders}:\n" + "\n".join(wrong)


def test_vietnamese_words_are_really_given():
    """Each translated help text reads differently from its English (no English copied into the catalogue)."""
    try:
        i18n.use_language("vi")
        same = [msgid for msgid in called() if i18n._(msgid) == msgid and msgid not in SAME_IN_BOTH
                and re.search(r"[a-z]{3}", PLACEHOLDER.sub("", msgid))]
    finally:
        i18n.use_language("en")
    assert not same, same


def test_translations_are_nfc():
    wrong = [f"{po_file.name}: {form!r}" for po_file, entries in catalogues().items() for text in entries.values()
             for form in (text if isinstance(text, tuple) else (text,)) if form != unicodedata.normalize("NFC", form)]
    assert not wrong, "Vietnamese words must be in Unicode NFC (letters and marks composed):\n" + "\n".join(wrong)
