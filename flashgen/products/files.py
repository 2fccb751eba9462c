"""What a product hands back: its files, each with the facts the manifest records, and its notes.

Plain data with no heavy imports, so the output stage and the manifest reader
use it without loading the renderer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class FileMeta:
    """What a product knows about a file it makes: the manifest lists it with the path, size and checksum."""

    product: str
    format: str
    size: str
    item: int | None = None
    side: str | None = None
    width_px: int | None = None
    height_px: int | None = None
    width_mm: float | None = None  # the page (or card) as printed: trim plus anything around it
    height_mm: float | None = None
    trim_width_mm: float | None = None  # where it is cut, when that differs from the page (print-shop decks)
    trim_height_mm: float | None = None
    alt_text: str | None = None  # the words an image shows, for screen readers
    render_key: str | None = None  # hash of everything the file depends on: the same key, the same bytes
    duration_s: float | None = None  # a video's length in seconds


@dataclass(frozen=True)
class MadeFile:
    path: str  # relative to the output folder, with forward slashes
    data: bytes
    meta: FileMeta


@dataclass(frozen=True)
class Made:
    """A product's files (yielded when asked for: drawing may still be under way) and its notes for the user.

    ``after``: files put together from a drawing a worker makes for the build (the card pages of a print
    deck), taken once every product's ``files`` are: the build's process draws the other products' images
    meanwhile, instead of waiting for that drawing first.
    """

    files: Iterable[MadeFile]
    notes: tuple[str, ...] = ()
    after: Iterable[MadeFile] = ()
