"""The one error type flashgen raises for anything a user can fix.

Every message is written for the person running the build (a designer or a
communication officer, not a programmer): it names the file, and where it
applies the card, the field and the template frame, and says what to do.
"""

from __future__ import annotations


class FlashgenError(Exception):
    """A problem with the user's input or environment, with a readable message."""

    def __init__(self, message: str, code: str = "error") -> None:
        super().__init__(message)
        self.message = message
        # What kind of problem it is, for `flashgen check --json` (e.g. "overflow", "missing-glyph").
        self.code = code

    def __str__(self) -> str:
        return self.message
