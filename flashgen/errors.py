"""The one error type flashgen raises for anything a user can fix.

Every message is written for the person running the build (a designer or a
communication officer, not a programmer): it names the file, and where it
applies the card, the field and the template frame, and says what to do.
It is written in English inside ``_()`` (flashgen/i18n.py) and formatted after
translation, so the user reads it in Vietnamese unless they asked for English.

Every error names a ``code`` (short, kebab-case, e.g. ``overflow``): ``flashgen
check`` prints it and ``--json`` reports it. tests/test_error_catalogue.py
collects the codes from the source and checks each has a row in the README's
table "When something goes wrong / Khi có lỗi" (a new code: one more row, or
one more code in the row of its kind of problem).
"""

from __future__ import annotations


class FlashgenError(Exception):
    """A problem with the user's input or environment, with a readable message."""

    def __init__(self, message: str, code: str = "error", field: str = "") -> None:
        super().__init__(message)
        self.message = message
        # What kind of problem it is (always given: the default only marks a call that forgot it), and the
        # content field it is about, for `flashgen check --json`.
        self.code = code
        self.field = field

    def __str__(self) -> str:
        return self.message
