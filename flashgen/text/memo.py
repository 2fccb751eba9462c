"""A layout cache that outlives the build: ``layout_text``'s blocks kept on disk, by a hash of their inputs.

``remembered`` keeps other laid-out work the same way, under keys their callers
make with ``fingerprint`` (whole cards, compose/card.py; QR codes, compose/qr.py;
the booklet's paragraphs broken into lines, booklet/paragraphs.py; the heights of
the leaflet's texts, leaflet/typeset.py; the PPTX's slides, slides/powerpoint.py).

A designer changes one line and builds again: every other text of every
card, poster, page and leaflet is set exactly as before, and setting text
(the line-breaking search, the size bisection) is much of a build's work.
``persistent`` wraps ``layout_text``: while a cache is open (``open_cache``,
which the build calls before its worker processes start, so they inherit what
was loaded), a block whose key is known is returned at once; any other is
set and remembered.

The key is a SHA-256 of everything the block depends on: the text, the box,
every field of the style with the font file's own bytes in place of the
face, the breaker's word list, glossary and rules (sets sorted, so the key is
the same in every process), and the source of flashgen/text, frame.py and
fonts.py with flashgen's version: a changed font, glossary, rule or line of
code gives new keys, never a stale block. A text that does not fit is kept as
such (the fit searches of the documents meet it in every build) and raised again.

On disk (``folder``: ``.out-flashgen-cache/layout`` beside the output folder, output/cache.py):
each process writes the blocks it *used* during a build as one segment file,
``<build stamp>-<pid>-<random>.pickle``, written to a temporary name then
renamed (no half-written segment is ever read; one that cannot be read is
removed). Opening the cache keeps only the segments of the last
``KEEP_BUILDS`` builds, so the cache holds what recent builds used and never
grows without bound (it is at most a few builds' worth of blocks: about 20
megabytes for the bundled campaign, five or six a build), and removes everything if the segments
exceed ``MAX_BYTES``. The segments are flashgen's own pickles beside the user's
output folder, read by the same user (anyone who can write there can already
change the content, templates and outputs); a segment that fails to load is
ignored and removed.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import pickle
import secrets
import time
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TypeVar

from flashgen.load.fingerprint import source_fingerprint
from flashgen.load.fonts import Face
from flashgen.load.frame import Box, TextStyle
from flashgen.text.wordbreak import (
    WordBreaker,
    dictionary_fingerprint,
    dictionary_words,
)

T = TypeVar("T")
Layout = Callable[[str, Box, TextStyle, WordBreaker], T]  # layout_text's shape
KEEP_BUILDS = 3  # segments of the last builds kept besides the one running (a watch's quick pass and full build)
MAX_BYTES = 64 * 1024 * 1024  # more than this on disk (a huge campaign): start again from nothing
SUFFIX = ".pickle"


@dataclasses.dataclass
class _Cache:
    folder: Path
    stamp: str  # this build's segments' prefix: time-ordered
    known: dict[str, object]  # every block loaded from the kept segments, or set in this build
    used: dict[str, object] = dataclasses.field(default_factory=dict)  # not yet written by this process


_cache: _Cache | None = None


def open_cache(folder: Path) -> None:
    """Load the blocks of the last builds from ``folder`` and remember new ones there until ``close_cache``."""
    global _cache
    folder.mkdir(parents=True, exist_ok=True)
    stamp = f"{time.time_ns():020d}"
    _cache = _Cache(folder, stamp, _load(_prune(folder)))


def close_cache() -> None:
    """Write what this process used, and stop caching."""
    global _cache
    flush()
    _cache = None


def discard() -> None:
    """Forget what this build wrote (a failed build leaves the cache as it found it), and stop caching."""
    global _cache
    cache, _cache = _cache, None
    if cache is None:
        return
    for segment in cache.folder.glob(f"{cache.stamp}-*{SUFFIX}"):
        segment.unlink(missing_ok=True)


def flush() -> None:
    """Write the blocks this process used since its last flush as one segment (nothing if none)."""
    cache = _cache
    if cache is None or not cache.used:
        return
    data = pickle.dumps(cache.used, protocol=pickle.HIGHEST_PROTOCOL)
    name = f"{cache.stamp}-{os.getpid()}-{secrets.token_hex(4)}"
    scratch = cache.folder / f".{name}.partial"
    try:
        scratch.write_bytes(data)
        os.replace(scratch, cache.folder / f"{name}{SUFFIX}")
    except OSError:  # a full disk or a read-only folder: the cache is an aid, the build goes on without it
        scratch.unlink(missing_ok=True)
    cache.used = {}


def _segments(folder: Path) -> list[Path]:
    return sorted(path for path in folder.glob(f"*{SUFFIX}") if path.is_file() and not path.is_symlink())


def _prune(folder: Path) -> list[Path]:
    """Remove segments of all but the last ``KEEP_BUILDS`` builds (and all if too large); return those kept."""
    segments = _segments(folder)
    stamps = sorted({path.name.split("-", 1)[0] for path in segments})
    kept_stamps = set(stamps[-KEEP_BUILDS:])
    kept = [path for path in segments if path.name.split("-", 1)[0] in kept_stamps]
    if sum(path.stat().st_size for path in kept) > MAX_BYTES:
        kept = []
    for path in set(segments) - set(kept):
        path.unlink(missing_ok=True)
    for scratch in folder.glob(".*.partial"):  # a process killed while it wrote
        if time.time() - scratch.stat().st_mtime > 3600:
            scratch.unlink(missing_ok=True)
    return kept


def _load(segments: list[Path]) -> dict[str, object]:
    known: dict[str, object] = {}
    for path in segments:
        try:
            entries = pickle.loads(path.read_bytes())
        except Exception:  # noqa: BLE001 — damaged or from another Python: drop it, set those texts again
            path.unlink(missing_ok=True)
            continue
        if isinstance(entries, dict):
            known.update(entries)
    return known


def _forget_in_child() -> None:
    """A forked worker writes only what it used itself (the parent writes its own)."""
    if _cache is not None:
        _cache.used = {}


os.register_at_fork(after_in_child=_forget_in_child)


# ---- keys ---------------------------------------------------------------------------------------

def _code_fingerprint() -> str:
    return source_fingerprint("text", "load/frame.py", "load/fonts.py")


@functools.lru_cache(maxsize=256)
def _file_fingerprint(path: Path, stamp: tuple[int, int]) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _face_fingerprint(face: Face) -> str:
    status = face.path.stat()
    return f"{face.postscript_name}:{_file_fingerprint(face.path, (status.st_mtime_ns, status.st_size))}"


PLAIN = (str, int, float, bool, bytes, type(None))  # written out by repr, the same in every process


def _canonical(value: object) -> str:
    """A text for ``value`` that is the same in every process (sets sorted, faces by their file's bytes)."""
    if isinstance(value, PLAIN):  # first: most of what a key holds (0.1 s a build went to the checks below)
        return repr(value)
    if isinstance(value, Face):
        return _face_fingerprint(value)
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(_canonical(v) for v in value)) + "}"
    if isinstance(value, (tuple, list)):
        return "(" + ",".join(_canonical(v) for v in value) + ")"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        inner = ",".join(f"{name}={_canonical(getattr(value, name))}" for name in _field_names(type(value)))
        return f"{type(value).__name__}({inner})"
    if isinstance(value, Enum):
        return f"{type(value).__name__}.{value.name}"
    return repr(value)


@functools.lru_cache(maxsize=256)
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))


_hashed: dict[tuple[str, int], tuple[object, str]] = {}  # by kind and id, with the object kept (its id not reused)
HASHED_OBJECTS = 4096  # forgotten beyond this (a watch runs for hours); they are hashed again when met
STASH = "_memo_parts"  # a breaker's parts' hashes, kept on the breaker: they travel with it to the workers


def once_per_object(kind: str, value: object, compute: Callable[[], str]) -> str:
    """``compute()``, a hash of ``value`` of this ``kind``, once per object while it lives (by id, not by value:
    comparing two word lists, or two templates' trees, costs as much as hashing one)."""
    found = _hashed.get((kind, id(value)))
    if found is None or found[0] is not value:
        if len(_hashed) >= HASHED_OBJECTS:
            _hashed.clear()
        found = _hashed[(kind, id(value))] = (value, compute())
    return found[1]


def shared_fingerprint(value: object) -> str:
    """``fingerprint(value)`` once per object while it lives: for a part many keys share (a card size, an item;
    a breaker's word list, large and shared by the breakers made from one another). The bundled dictionary's
    (or an equal copy's) is the hash of the files it is made from."""
    def compute() -> str:
        if isinstance(value, frozenset) and value == dictionary_words():
            return dictionary_fingerprint()
        return hashlib.sha256(_canonical(value).encode("utf-8")).hexdigest()

    return once_per_object("canonical", value, compute)


def _breaker_fingerprint(breaker: WordBreaker) -> str:
    """The breaker's words, terms and rules, each hashed once per object. Breakers are made often (one per
    paragraph's glossary terms) but share their word list and rules; a breaker sent to a worker process is a
    copy, so the hashes go with it (an attribute outside its fields: not part of its equality or repr).
    Once per breaker while it lives (it is frozen): every layout key names its breaker, a poster's 750 of them."""
    return once_per_object("breaker", breaker, lambda: _breaker_parts_fingerprint(breaker))


def _breaker_parts_fingerprint(breaker: WordBreaker) -> str:
    names = _field_names(type(breaker))
    stashed = getattr(breaker, STASH, None)
    if isinstance(stashed, dict):
        for name in names:  # a copy's parts are new objects: known by the hashes that came with it
            part = getattr(breaker, name)
            if name in stashed and _hashed.get(("canonical", id(part)), (None,))[0] is not part:
                _hashed[("canonical", id(part))] = (part, stashed[name])
    parts = {name: shared_fingerprint(getattr(breaker, name)) for name in names}
    if stashed != parts:
        object.__setattr__(breaker, STASH, parts)
    return hashlib.sha256(",".join(f"{name}={digest}" for name, digest in parts.items()).encode("utf-8")).hexdigest()


def fingerprint(value: object) -> str:
    """A hash of ``value`` that is the same in every process (faces by their file's bytes, sets sorted, a word
    breaker by its words, terms and rules): a part of a ``remembered`` key."""
    if isinstance(value, WordBreaker):
        return _breaker_fingerprint(value)
    return hashlib.sha256(_canonical(value).encode("utf-8")).hexdigest()


def prepare_breaker(breaker: WordBreaker) -> None:
    """Hash ``breaker``'s parts now, so that the copies of it sent to the workers carry the hashes."""
    _breaker_fingerprint(breaker)


@functools.lru_cache(maxsize=1024)
def _style_text(style: TextStyle) -> str:
    return _canonical(style)  # styles are few and frozen: each is written out once


def layout_key(text: str, box: Box, style: TextStyle, breaker: WordBreaker) -> str:
    digest = hashlib.sha256()
    for part in (_code_fingerprint(), text, repr(box), _style_text(style), _breaker_fingerprint(breaker)):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


@dataclasses.dataclass(frozen=True)
class _Raised:
    """A kept answer that is an error (a text that does not fit): raised again, as a new exception, when met."""

    kind: type[Exception]
    args: tuple[object, ...]


def persistent(failures: tuple[type[Exception], ...] = ()) -> Callable[[Layout[T]], Layout[T]]:
    """``function`` (``layout_text``) answered from the open cache when it can. An error of ``failures`` (a text
    that does not fit) is kept too: the documents' fit searches try, in every build, sizes that do not fit."""
    def decorate(function: Layout[T]) -> Layout[T]:
        @functools.wraps(function)
        def cached(text: str, box: Box, style: TextStyle, breaker: WordBreaker) -> T:
            if _cache is None:
                return function(text, box, style, breaker)

            def attempt() -> T | _Raised:
                try:
                    return function(text, box, style, breaker)
                except failures as error:
                    return _Raised(type(error), error.args)

            found = _answer(layout_key(text, box, style, breaker), attempt)
            if isinstance(found, _Raised):
                raise found.kind(*found.args)
            return found

        return cached

    return decorate


def remembered(parts: tuple[str, ...], compute: Callable[[], T]) -> T:
    """``compute()`` answered from the open cache when it can. ``parts`` name everything the value depends on,
    code included (a QR code's: the encoder's version and the text); the value must pickle."""
    if _cache is None:
        return compute()
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return _answer(digest.hexdigest(), compute)


def _answer(key: str, compute: Callable[[], T]) -> T:
    cache = _cache
    assert cache is not None
    if key in cache.known:
        value = cache.known[key]
    else:
        value = cache.known[key] = compute()
    cache.used[key] = value
    return value  # type: ignore[return-value]
