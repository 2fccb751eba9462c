"""`flashgen watch`: build again whenever an input file is saved.

Takes ``BuildOptions`` and a ``Report`` (the CLI prints what it is told);
``watch`` builds once, then polls the modification time and size of every
file the build reads (``watched_paths``) and builds again once a change has
settled, until ``stop`` is set or Ctrl-C is pressed; it then returns.

Polling needs no extra dependency and works on every file system (network
shares included); the build itself is incremental, so only images whose
inputs changed are drawn again. A bad edit (a ``FlashgenError`` from the
build) is reported and the watch goes on; the build's staging leaves the
previous outputs untouched. Any other exception ends the watch and propagates.

After a save the edited item's cards come first: a first build makes only
the flashcards' images (``FIRST_PRODUCTS``, ``build(images_only=True)``: drawn
and written only where they changed; their print-shop PDFs never started, the
gallery left to the full build), the watch announces the items whose cards
changed (``Report.cards_ready``, with the time from the save to the cards on
disk), then the full build makes the documents, reusing those images. The
output folder is complete after each of the two builds (the first keeps the
other products' files of the last build, staging.py). If the full build then
fails, ``Report.failed`` is given the cards the first one wrote (and the
gallery is written for them).

Ctrl-C ends the watch at once, also during a build: the build kills its
workers instead of waiting for their drawing (render/jobs.py). A save made
while a build runs is built next, as soon as that build ends; the running
build is not abandoned for it (a build that takes minutes is stopped with
Ctrl-C and the watch started again).
"""

from __future__ import annotations

import fnmatch
import os
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from flashgen.build import BuildResult, build
from flashgen.errors import FlashgenError
from flashgen.load.content import content_sources
from flashgen.load.limits import Limits
from flashgen.load.resources import FONTS_DIR
from flashgen.load.theme import load_theme
from flashgen.options import BuildOptions, Progress
from flashgen.output.cache import cache_root
from flashgen.output.gallery import preview
from flashgen.output.manifest import Manifest, read_manifest
from flashgen.products import choose_products

# An editor saving in several writes gives one build: its writes come within milliseconds (an editor that saves
# slower gets a failed build, reported, then the right one). Short, since the person saving waits for it.
SETTLE_SECONDS = 0.15
POLL_SECONDS = 0.15  # a snapshot of the bundled project takes about 2 ms: about 1.4 % of one core while idle
FIRST_PRODUCTS = ("flashcards",)  # built and announced first after a save: what the designer looks at first
EDITOR_TEMP_FILES = (".*.sw?", "*~", ".#*", "4913")  # vim swap files, backups, emacs locks, vim's write test

Snapshot = dict[Path, tuple[int, int]]  # file → (modification time in ns, size in bytes)


@dataclass(frozen=True)
class CardsReady:
    """The first build after a save: the items whose cards changed, their files, and how long after the save."""

    items: tuple[int, ...]
    files: tuple[str, ...]
    seconds: float  # from the last modification of the saved file(s) to the cards in the output folder


@dataclass(frozen=True)
class Rebuilt:
    """A build that succeeded, and how many of its images were drawn or kept from the last build."""

    result: BuildResult
    redrawn: int
    reused: int


class Report(Progress, Protocol):
    """What the watch tells its user (the CLI prints it); the build's progress comes through ``start``/``advance``."""

    def watching(self, paths: tuple[Path, ...]) -> None: ...

    def building(self, changed: tuple[Path, ...]) -> None: ...  # empty for the first build

    def cards_ready(self, ready: CardsReady) -> None: ...  # the edited items' cards, before the documents

    def built(self, outcome: Rebuilt) -> None: ...

    def failed(self, message: str, written: CardsReady | None = None) -> None: ...  # written: the cards step's files

    def stopped(self) -> None: ...


def watched_paths(options: BuildOptions) -> tuple[Path, ...]:
    """The files and folders (watched recursively) a build with ``options`` reads."""
    paths: list[Path | None] = [
        *content_sources(options.content, options.limits),  # a spreadsheet or YAML file, and its item pictures
        *_theme_files(options.theme, options.limits),
        options.templates_dir,
        *(folder for folder in options.font_dirs if folder.resolve() != FONTS_DIR.resolve()),
        options.project_config,
        options.audio_file(),  # the videos' background sound
    ]
    return tuple(dict.fromkeys(path for path in paths if path is not None))


def _theme_files(theme: Path, limits: Limits) -> tuple[Path, ...]:
    """The theme, the themes it starts from and its logo (a broken theme: just its file; the build reports it)."""
    try:
        return load_theme(theme, limits).sources
    except FlashgenError:
        return (theme,)


def is_editor_temp(name: str) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in EDITOR_TEMP_FILES)


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:  # gone between listing and looking, or unreadable: the build will say which
        return None
    return status.st_mtime_ns, status.st_size


def snapshot(roots: tuple[Path, ...], out_dir: Path) -> Snapshot:
    """Time and size of every file in ``roots``, leaving out editor temp files and the output folder."""
    skip = (out_dir.resolve(), cache_root(out_dir))  # what the build writes
    found: dict[Path, tuple[int, int] | None] = {}
    for root in roots:
        if not root.is_dir():
            found[root] = _stat(root)
            continue
        for folder, subfolders, names in os.walk(root):
            if Path(folder).resolve() in skip:
                subfolders[:] = []
                continue
            found.update((Path(folder, name), _stat(Path(folder, name))) for name in names if not is_editor_temp(name))
    return {path: stamp for path, stamp in found.items() if stamp is not None}


def changed_paths(before: Snapshot, after: Snapshot) -> tuple[Path, ...]:
    """Files added, removed or modified between two snapshots."""
    return tuple(sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path)))


def wait_for_change(
    take: Callable[[], Snapshot], last: Snapshot, stop: threading.Event, poll_seconds: float,
    settle_seconds: float = SETTLE_SECONDS,
) -> Snapshot | None:
    """The next snapshot that differs from ``last`` and stayed the same for ``settle_seconds``; None once stopped.

    The quiet time counts from the last modification of a changed file, not from when the poll saw it: a save
    seen late is not made to wait the whole ``settle_seconds`` again (a time stamp in the future, from a
    network share's clock: the whole wait)."""
    current = last
    while not stop.wait(_settling(current, last, settle_seconds) if current != last else poll_seconds):
        seen = take()
        if seen == current and current != last:
            return current
        current = seen
    return None


def _settling(current: Snapshot, last: Snapshot, settle_seconds: float) -> float:
    """How long to wait until the newest change in ``current`` is ``settle_seconds`` old (a removal: the whole)."""
    stamps = [stamp[0] for path, stamp in current.items() if last.get(path) != stamp]
    if not stamps or len(stamps) < len(changed_paths(last, current)):
        return settle_seconds
    age = time.time() - max(stamps) / 1e9
    return min(max(settle_seconds - age, 0.0), settle_seconds)


def _reused_images(last: Manifest | None, result: BuildResult) -> int:
    """How many of ``result``'s images the ``last`` build had made: the same drawing (render key), the same file.

    Read from the two manifests, not from the files (it read every file of the build again, 0.1 s a save): an
    image whose file was damaged and drawn again the same counts as reused."""
    made = {(entry.render_key, entry.sha256) for entry in last.files if entry.render_key} if last else set()
    return sum((entry.render_key, entry.sha256) in made for entry in result.files if entry.render_key)


def first_products(options: BuildOptions) -> tuple[str, ...]:
    """The products built first after a save (the cards), if the build makes them and anything else."""
    chosen = tuple(product.name for product in choose_products(options.products))
    first = tuple(name for name in FIRST_PRODUCTS if name in chosen)
    return first if first and first != chosen else ()


def _saved_at(changed: tuple[Path, ...]) -> float:
    """When the last of ``changed`` was saved (now, for a file removed)."""
    times = [stamp[0] / 1e9 for path in changed if (stamp := _stat(path)) is not None]
    return max(times, default=time.time())


def _cards_first(
    options: BuildOptions, report: Report, changed: tuple[Path, ...], last: Manifest | None
) -> CardsReady | None:
    """Build the cards alone and announce the items whose cards changed, if any (raises what the build raises)."""
    first = first_products(options)
    if not changed or not first:
        return None
    old = {entry.path: entry.sha256 for entry in last.files} if last else {}
    result = build(replace(options, products=first), report, images_only=True)
    new = [entry for entry in result.files if entry.product in first and old.get(entry.path) != entry.sha256]
    if not new:
        return None
    items = tuple(sorted({entry.item for entry in new if entry.item is not None}))
    ready = CardsReady(items, tuple(entry.path for entry in new), time.time() - _saved_at(changed))
    report.cards_ready(ready)
    return ready


def _build_once(options: BuildOptions, report: Report, changed: tuple[Path, ...]) -> None:
    """Build (the cards first after a save), and report the outcome; a bad input is reported, not raised.

    A full build that fails after the cards step wrote the edited cards is reported with those cards: they are
    in the output folder (the other files are as the last build left them)."""
    report.building(changed)
    last = read_manifest(options.out_dir)
    ready = None
    try:
        ready = _cards_first(options, report, changed, last)
        result = build(options, report)
    except FlashgenError as exc:
        if ready is not None:  # the cards step leaves the gallery to the full build, which did not get there
            with suppress(FlashgenError):  # the build's own problem is the one to tell
                preview(options.out_dir)
        report.failed(exc.message, ready)
        return
    images, reused = sum(1 for f in result.files if f.render_key), _reused_images(last, result)
    report.built(Rebuilt(result, redrawn=images - reused, reused=reused))


def watch(
    options: BuildOptions, report: Report, *, poll_seconds: float = POLL_SECONDS, stop: threading.Event | None = None
) -> None:
    """Build now and after every change, until ``stop`` is set or Ctrl-C (KeyboardInterrupt) is pressed."""
    stop = stop if stop is not None else threading.Event()
    roots = watched_paths(options)
    report.watching(roots)
    last = snapshot(roots, options.out_dir)
    changed: tuple[Path, ...] = ()
    try:
        while True:
            _build_once(options, report, changed)
            current = wait_for_change(lambda: snapshot(roots, options.out_dir), last, stop, poll_seconds)
            if current is None:
                break
            changed, last = changed_paths(last, current), current
    except KeyboardInterrupt:
        pass  # Ctrl-C is how a user ends the watch
    report.stopped()
