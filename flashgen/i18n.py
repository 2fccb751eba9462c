"""The language flashgen speaks to its user: Vietnamese by default, English on request.

Every message a user sees is written in the code in English and wrapped in ``_()``
(or ``ngettext`` when it counts something); the Vietnamese words live in the
standard gettext catalogue ``flashgen/locale/vi/LC_MESSAGES/flashgen.po``, compiled to
the ``.mo`` beside it by ``scripts/compile-messages`` (Babel). Any other ``.po`` put in
that folder (work in progress on a branch) is read with it, as one catalogue.

The language is chosen by ``use_language`` (the CLI's ``--lang``), else by the
``FLASHGEN_LANG`` environment variable, else Vietnamese.

Numbers are grouped as the language groups them: a message's ``{count:,}``
gives "10.000" in Vietnamese, where the comma is the decimal mark ("10,000"
reads as ten), and "10,000" in English. ``_()`` returns a ``Message`` whose
``format`` does it; ``grouped`` gives a number alone. Decimals keep their
point: they are often values to type back into a file (millimetres, sizes).
"""

from __future__ import annotations

import functools
import gettext
import os
import string
from pathlib import Path
from typing import Any

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
LANGUAGE_VARIABLE = "FLASHGEN_LANG"


def _catalogue(language: str) -> gettext.NullTranslations:
    """Every compiled catalogue of one language chained into one; English is the code's own words."""
    chained: gettext.NullTranslations = gettext.NullTranslations()
    for mo_file in sorted((LOCALE_DIR / language / "LC_MESSAGES").glob("*.mo"), reverse=True):
        with mo_file.open("rb") as stream:
            catalogue = gettext.GNUTranslations(stream)
        catalogue.add_fallback(chained)
        chained = catalogue
    return chained


def chosen_language(requested: str | None = None) -> str:
    """The language asked for (``--lang``), else ``FLASHGEN_LANG``, else Vietnamese; unknown names fall back."""
    for candidate in (requested, os.environ.get(LANGUAGE_VARIABLE)):
        if candidate:
            short = candidate.strip().lower().replace("_", "-").split("-")[0]
            if short in LANGUAGES:
                return short
    return DEFAULT_LANGUAGE


_current_language = chosen_language()
_current = _catalogue(_current_language)


def use_language(requested: str | None = None) -> str:
    """Speak the requested language from now on (see ``chosen_language``); returns the one chosen."""
    global _current, _current_language
    _current_language = chosen_language(requested)
    _current = _catalogue(_current_language)
    return _current_language


def current_language() -> str:
    """The language messages are given in now: "vi" or "en"."""
    return _current_language


def N_(message: str) -> str:  # noqa: N802 - gettext's usual name for "mark now, translate later"
    """``message`` unchanged, marked for the catalogue: for texts made before the language is chosen
    (command help) or kept in tables; whoever shows them translates them with ``_()`` then."""
    return message


class _GroupingFormatter(string.Formatter):
    """``str.format``, except that a number formatted with grouping (``{:,}``) is grouped as the language does."""

    def format_field(self, value: Any, format_spec: str) -> str:
        text = super().format_field(value, format_spec)
        return _localised_grouping(text) if "," in format_spec else text


_FORMATTER = _GroupingFormatter()
_VIETNAMESE_MARKS = str.maketrans({",": ".", ".": ","})  # 10,000.5 → 10.000,5


def _localised_grouping(text: str) -> str:
    return text.translate(_VIETNAMESE_MARKS) if _current_language == "vi" else text


class Message(str):
    """A message in the current language, whose ``format`` groups numbers as that language does."""

    __slots__ = ()

    def format(self, *args: Any, **kwargs: Any) -> str:
        # str.format itself where no field groups a number: the documents word a place for every text they set
        # (a poster, hundreds), and the Formatter class, in Python, takes ten times as long.
        return _FORMATTER.vformat(self, args, kwargs) if _groups_numbers(self) else str.format(self, *args, **kwargs)


@functools.lru_cache(maxsize=1024)
def _groups_numbers(template: str) -> bool:
    """Whether a field of ``template`` formats a number with grouping (a ',' in its format spec: ``{count:,}``)."""
    return any(spec and "," in spec for _text, _name, spec, _conversion in _FORMATTER.parse(template))


def grouped(number: int) -> str:
    """``number`` with its thousands grouped as the current language does: 10.000 (vi), 10,000 (en)."""
    return _localised_grouping(f"{number:,}")


def _(message: str) -> Message:
    """The message in the current language (the English words when no translation exists)."""
    return Message(_current.gettext(message))


def ngettext(singular: str, plural: str, count: int) -> Message:
    """The message for ``count`` things in the current language."""
    return Message(_current.ngettext(singular, plural, count))
