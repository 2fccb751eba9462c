"""The language flashgen speaks to its user: Vietnamese by default, English on request.

Every message a user sees is written in the code in English and wrapped in ``_()``
(or ``ngettext`` when it counts something); the Vietnamese words live in the
standard gettext catalogue ``flashgen/locale/vi/LC_MESSAGES/flashgen.po``, compiled to
the ``.mo`` beside it by ``scripts/compile-messages`` (Babel). Any other ``.po`` put in
that folder (work in progress on a branch) is read with it, as one catalogue.

The language is chosen by ``use_language`` (the CLI's ``--lang``), else by the
``FLASHGEN_LANG`` environment variable, else Vietnamese.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

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


def _(message: str) -> str:
    """The message in the current language (the English words when no translation exists)."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The message for ``count`` things in the current language."""
    return _current.ngettext(singular, plural, count)
