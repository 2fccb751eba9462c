"""The one error type flashgen raises for anything a user can fix.

Every message is written for the person running the build (a designer or a
communication officer, not a programmer): it names the file, and where it
applies the card, the field and the template frame, and says what to do.
"""

from __future__ import annotations


class FlashgenError(Exception):
    """A problem with the user's input or environment, with a readable message."""

    def __init__(self, message: str, code: str = "error", field: str = "") -> None:
        super().__init__(message)
        self.message = message
        # What kind of problem it is, and the content field it is about, for `flashgen check --json`.
        self.code = code
        self.field = field

    def __str__(self) -> str:
        return self.message
