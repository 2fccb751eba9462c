"""Staging: the files of a build in, a complete output folder with its ``manifest.json`` out.

``Staging.add`` takes each file of the build, ``Staging.commit`` moves them
all into place and returns the path of the new ``manifest.json``
(manifest.py reads and writes that file; lock.py holds the folder's lock
around the whole build; links.py makes every write refuse links).

How nothing gets lost:

- **One build at a time** (lock.py). ``output_lock`` holds an ``fcntl.flock`` on
  ``out/.flashgen.lock`` for the whole build (``build.build`` takes it
  before it reads the manifest). A second build on the same folder stops at
  once, naming the process that holds the lock. The kernel drops the lock when
  that process dies, so a killed build never blocks the next one (forked
  worker processes close their copy, so they cannot keep it either). The lock
  file is removed when the build ends, and is never listed or deleted as stale.
  An output folder that is a system folder (``/``, ``/etc``, the home folder)
  with files in it is refused before anything is written (links.py).
- **Nothing written while the build runs.** Files are staged in a folder
  beside the output folder (``.out.flashgen-XXXX``). A build that fails, is
  stopped with Ctrl-C or is killed before the commit leaves every previous
  file and ``manifest.json`` byte-identical. The next build, holding the
  lock, removes any staging folder that a killed build left behind, whatever
  the moment of the kill: a staging folder is known as flashgen's own by its
  name *and* either the note inside it (removed last, when the rest is gone)
  or its name in the lock file, which a killed build leaves behind.
- **Only what changed is written.** A file the last build left in the output
  folder exactly as the new one (same path, checksum and facts in the
  manifest; read by this build and found with that checksum; same size, and
  not touched since that manifest was written) is neither staged nor moved: after an edit, most of a build's files stay where
  they are. After a commit that may not have ended (an unfinished manifest),
  every file is written again.
- **Never through a link.** Every file written or locked in the output
  folder goes through links.py: a symbolic link anywhere below the output
  folder where flashgen would write (``out/.flashgen.lock``,
  ``out/.index.html.partial``, ``out/flashcards``) stops the build before
  anything changes, naming the link; the file it points to is never touched.
- **The commit.** Each rename is atomic, but a set of renames is not. So the
  commit first replaces ``manifest.json`` with an *unfinished* manifest, then
  moves every file it replaces or removes aside into the staging folder and
  the new file in, and writes the final manifest last. If a step fails
  (read-only folder, full disk), the steps already done are undone in reverse
  order, so the folder and its manifest are as before. Ctrl-C, ``kill`` and a
  closed terminal are held off from the start of the commit until the build
  lets go of the folder (the renames, ``index.html``, removing the staging
  folder: well under a second), so ``index.html`` always shows the files in
  the folder, and a Ctrl-C that came during the commit is reported as
  ``StoppedAfterCommit`` (the new build is complete) rather than as a build
  stopped before it finished. Only SIGKILL can stop the process half-way through the commit (a power
  cut is not covered: files are not flushed to disk). We chose to make that mix
  consistent rather than to invalidate the manifest: the unfinished manifest
  (``"unfinished": true``) lists every path the commit may touch — the new
  files with their new hashes, and the stale files it is about to remove — and
  has no build key. The next build therefore never decides "nothing changed",
  still knows which files flashgen made (so it can replace or remove them
  later), reuses the files that already hold the new content (their hash
  matches) and draws the rest again.
- **Never deleting what flashgen did not make.** Only a path that the
  previous manifest lists, written as a plain relative path (no ``..``, not
  absolute) and with no symbolic link in it, is ever removed or given
  different content. If a file the manifest does not list
  is where the build wants to write, and differs from the new file, the build
  stops with a message instead of overwriting it. Files of the user's own
  (``out/notes.txt``, ``out/flashcards/my-own.png``) are never touched.
- **Plain errors.** ``write_error`` turns the ``errno`` of a failed write
  into words (read-only, disk full …) in one place.

A staged file is written on a thread of its own (``_Writer``), in order,
while the build makes the next ones; the commit first waits for every write,
and a failed write stops the build with its error as if written at once.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import stat
from collections import deque
from collections.abc import Callable, Collection
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from types import TracebackType

from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.output.links import (
    first_link,
    make_folders,
    no_link,
    partial_name,
    write_error,
    write_file,
)
from flashgen.output.lock import (
    STAGING_NOTE,
    hold_stops,
    holds_lock,
    name_in_lock,
    remove_staging_folder,
    staging_prefix,
)
from flashgen.output.manifest import (
    GALLERY_NAME,
    MANIFEST_NAME,
    Manifest,
    OutputFile,
    plain_relative,
)
from flashgen.products.files import MadeFile

# ---- paths a manifest may name -----------------------------------------------------------------

def inside(out_dir: Path, relative: str) -> Path | None:
    """``out_dir/relative`` if it is a plain relative path with no symbolic link below ``out_dir`` (so it
    stays inside); otherwise None (such a path is never touched)."""
    if not plain_relative(relative) or first_link(out_dir, relative) is not None:
        return None
    return out_dir / relative


def _own_file(target: Path) -> bool:
    """A regular file (flashgen writes no links or folders in place of files)."""
    return target.is_file() and not target.is_symlink()


# ---- staging and commit ------------------------------------------------------------------------

class _Moves:
    """The renames of one commit, each with its undo, so a failed commit can be rolled back."""

    def __init__(self, out_dir: Path, staging: Path) -> None:
        self.out_dir = out_dir
        self.staging = staging
        self.undo_steps: list[Callable[[], object]] = []
        self.current = out_dir  # what the step under way writes, for the message if it fails

    def move_aside(self, relative: str) -> None:
        """Move the file at ``relative`` into the staging folder (deleted with it if the commit succeeds)."""
        target, aside = no_link(self.out_dir, relative), self.staging / "old" / relative
        self.current = target
        make_folders(self.staging / "old", relative, [])
        os.replace(target, aside)
        self.undo_steps.append(lambda: os.replace(aside, target))

    def move_in(self, source: Path, relative: str) -> None:
        target = no_link(self.out_dir, relative)
        self.current = target
        made: list[Path] = []
        try:
            make_folders(self.out_dir, relative, made)
        finally:
            self.undo_steps.extend(folder.rmdir for folder in made)
        os.replace(source, no_link(self.out_dir, relative))
        self.undo_steps.append(target.unlink)

    def place_manifest(self, data: bytes) -> None:
        """Replace ``manifest.json`` atomically; the first call keeps the old one to put back on undo."""
        target = no_link(self.out_dir, MANIFEST_NAME)
        self.current = target
        first = not self.undo_steps
        old = target.read_bytes() if first and target.is_file() else None
        self._write(data)
        if first:
            self.undo_steps.append(lambda: self._write(old) if old is not None else target.unlink())

    def _write(self, data: bytes) -> None:
        scratch = write_file(self.staging, MANIFEST_NAME, data)
        os.replace(scratch, no_link(self.out_dir, MANIFEST_NAME))

    def undo(self) -> bool:
        """Undo every step, last first; False if one could not be undone."""
        restored = True
        for step in reversed(self.undo_steps):
            try:
                step()
            except (OSError, FlashgenError):
                restored = False
        return restored


def _written_at(out_dir: Path) -> int | None:
    """When the output folder's manifest was written (ns), if it is a plain file."""
    try:
        status = (out_dir / MANIFEST_NAME).lstat()
    except OSError:
        return None
    return status.st_mtime_ns if stat.S_ISREG(status.st_mode) else None


class _Writer:
    """Writes files below ``root`` on a thread of its own, in the order given, while the caller goes on.

    Writing is the kernel's work (the thread lets go of Python's lock), and
    after an edit the build's process, the last to finish, spent a tenth of
    its time writing (the social sets' zips, 50 MB, each time one image in
    them changed) while the other processor waited. At most ``MAX_PENDING_BYTES``
    wait to be written: beyond, the caller waits.
    """

    MAX_PENDING_BYTES = 64 * 1024 * 1024

    def __init__(self, root: Path, out_dir: Path) -> None:
        self.root, self.out_dir = root, out_dir
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="flashgen-staging")
        self.pending: deque[tuple[str, Future[Path], int]] = deque()
        self.pending_bytes = 0

    def write(self, relative: str, data: bytes) -> None:
        """Write ``data`` to ``root/relative`` soon (an error of an earlier write is raised here or later)."""
        while self.pending and (self.pending[0][1].done() or self.pending_bytes + len(data) > self.MAX_PENDING_BYTES):
            self._finish_first()
        self.pending.append((relative, self.pool.submit(write_file, self.root, relative, data), len(data)))
        self.pending_bytes += len(data)

    def finish(self) -> None:
        """Wait until every file is written; the first failed write's error (``write_error``) if one failed."""
        while self.pending:
            self._finish_first()

    def _finish_first(self) -> None:
        relative, future, size = self.pending.popleft()
        self.pending_bytes -= size
        try:
            future.result()
        except OSError as exc:
            raise write_error(exc, self.out_dir / relative, self.out_dir) from None

    def close(self) -> None:
        """Write nothing more: what waits is dropped, the write under way ends first (before the folder goes)."""
        self.pool.shutdown(wait=True, cancel_futures=True)


class Staging:
    """Collects a build's files and moves them into ``out_dir`` all at the end (inside ``output_lock``)."""

    def __init__(
        self, out_dir: Path, new: Manifest, products: tuple[str, ...], previous: Manifest | None = None,
        keep_unmade: bool = False, verified: Collection[str] = (),
    ) -> None:
        self.out_dir = out_dir
        self.previous = previous.files if previous else ()  # the files of the build this one replaces
        self.new = new  # the new manifest's facts and build key (left out of an unfinished manifest)
        self.products = products  # this build replaces these products' files, keeps the others
        self.keep_unmade = keep_unmade  # a build of the images only: the products' other files are kept
        self.files: list[OutputFile] = []
        self.folder: Path | None = None
        self._staged: set[str] = set()  # paths of the files written to the staging folder (the others are in place)
        # The last build's files as it listed them, if its commit ended (an unfinished one lists files not yet moved).
        self._in_place_since = _written_at(out_dir) if previous is not None and previous.finished else None
        self._verified = verified  # paths the build read from the folder and found as listed (PreviousBuild.intact)
        self._last = {entry.path: entry for entry in self.previous} if self._in_place_since is not None else {}
        self._writer: _Writer | None = None

    def __enter__(self) -> Staging:
        parent, prefix = staging_prefix(self.out_dir)
        folder = parent / f"{prefix}{secrets.token_hex(4)}"
        name_in_lock(self.out_dir, folder.name)  # before it exists: a build killed at any moment leaves it findable
        try:
            parent.mkdir(parents=True, exist_ok=True)
            folder.mkdir(mode=0o700)
            self.folder = folder
            for part in ("new", "old"):  # the new files, and the old ones the commit moves aside
                (folder / part).mkdir()
            write_file(folder, STAGING_NOTE, (
                f"flashgen prepares the files for {self.out_dir.resolve()} here.\n"
                "It is removed when the build ends; if a build was killed, the next build removes it.\n"
            ).encode())
        except OSError as exc:
            raise write_error(exc, parent, self.out_dir) from None
        self._writer = _Writer(folder / "new", self.out_dir)
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None) -> None:
        if self._writer is not None:
            self._writer.close()
        if self.folder is not None:
            remove_staging_folder(self.folder)

    def add(self, made: MadeFile, finish: Callable[[bytes], bytes] | None = None) -> OutputFile:
        """Stage ``made.data`` to become ``out_dir/made.path``, passed through ``finish`` first (a PDF's output
        intent) unless the file is already in place as the last build finished it."""
        assert self.folder is not None and self._writer is not None, "use Staging as a context manager"
        relative, data = made.path, made.data
        if not plain_relative(relative):
            raise FlashgenError(
                _("cannot write the output file {name!r}: the name does not stay inside {folder}/.").format(
                    name=relative, folder=self.out_dir
                ),
                code="output-name",
            )
        record = OutputFile.made(made)
        in_place = self._in_place(record)
        finished = finish(data) if finish is not None and not in_place else data  # (the last build's is finished)
        if finished is not data:  # (a document made on a worker comes finished: the same bytes, not hashed again)
            made = MadeFile(relative, finished, made.meta)
            record, data = OutputFile.made(made), made.data
            in_place = self._in_place(record)
        if not in_place:
            self._writer.write(relative, data)
            self._staged.add(relative)
        self.files.append(record)
        return record

    def _in_place(self, record: OutputFile) -> bool:
        """The same file is already in the output folder, as the last build listed and left it: nothing to write
        or move (after an edit, most of a build's files). Only a file this build read and found as listed (its
        checksum), and not changed since (its size and a time no later than the last manifest's). Its render key
        may differ (an infographic slide's names the whole set's, which an edit changes): the file is the same."""
        last = self._last.get(record.path)
        if last is None or replace(last, render_key=None) != replace(record, render_key=None):
            return False
        if self._in_place_since is None or record.path not in self._verified:
            return False
        target = inside(self.out_dir, record.path)
        try:
            status = target.lstat() if target else None
        except OSError:
            return False
        return (status is not None and stat.S_ISREG(status.st_mode) and status.st_size == record.bytes
                and status.st_mtime_ns <= self._in_place_since)

    def commit(self) -> Path:
        """Move every staged file into place, remove stale ones, write the manifest (see the module docstring)."""
        assert self.folder is not None and self._writer is not None
        assert holds_lock(self.out_dir), "commit inside output_lock, which lets the held stops through"
        self._writer.finish()
        self._refuse_links()
        self._refuse_to_overwrite()
        kept = self._kept_entries()
        stale = self._stale_entries(kept)
        made = list(self.files)
        moves = _Moves(self.out_dir, self.folder)
        ending = hold_stops()  # until output_lock lets go: the gallery and the clean-up are part of the commit
        try:
            moves.place_manifest(self.new.to_json(kept + made + stale, finished=False))
            for record in self.files:
                if record.path not in self._staged:
                    continue  # in place already (``_in_place``)
                if _own_file(self.out_dir / record.path):
                    moves.move_aside(record.path)
                moves.move_in(self.folder / "new" / record.path, record.path)
            for entry in stale:
                moves.move_aside(entry.path)
            moves.place_manifest(self.new.to_json(kept + made, finished=True))
        except OSError as exc:
            restored = moves.undo()
            raise write_error(exc, moves.current, self.out_dir, restored) from None
        except FlashgenError:  # a link made while the commit ran
            moves.undo()
            raise
        if ending is not None:
            ending.committed = True
        return self.out_dir / MANIFEST_NAME

    def _listed(self) -> set[str]:
        return {entry.path for entry in self.previous}

    def _refuse_links(self) -> None:
        """Stop before any change if a link is where this build writes (what it points to is never touched)."""
        for relative in [MANIFEST_NAME, GALLERY_NAME, partial_name(GALLERY_NAME), *(r.path for r in self.files)]:
            no_link(self.out_dir, relative)

    def _refuse_to_overwrite(self) -> None:
        """Stop before any change if a file flashgen did not make is where this build writes."""
        listed = self._listed()
        clashes = [record.path for record in self.files if not self._replaceable(record, listed)]
        if clashes:
            more = _(" (and {count} more)").format(count=len(clashes) - 1) if len(clashes) > 1 else ""
            raise FlashgenError(
                _(
                    "{file}{more} is already there, and flashgen did not make it ({manifest} does not list it). "
                    "flashgen does not overwrite files it did not make: "
                    "move it away or choose another output folder with --out, then build again."
                ).format(file=self.out_dir / clashes[0], more=more, manifest=MANIFEST_NAME),
                code="not-ours",
            )

    def _replaceable(self, record: OutputFile, listed: set[str]) -> bool:
        target = self.out_dir / record.path
        if not target.exists() and not target.is_symlink():
            return True
        if not _own_file(target):
            return False
        if record.path in listed and inside(self.out_dir, record.path):
            return True
        try:
            return hashlib.sha256(target.read_bytes()).hexdigest() == record.sha256  # the same file: nothing lost
        except OSError:
            return False

    def _kept_entries(self) -> list[OutputFile]:
        """Entries of products this build did not make (with ``keep_unmade``: files it did not make), whose files are
        still there."""
        current = {record.path for record in self.files}
        kept = {
            entry.path: entry for entry in self.previous
            if (entry.product not in self.products or self.keep_unmade) and entry.path not in current
            and (target := inside(self.out_dir, entry.path)) and target.is_file()
        }
        return list(kept.values())

    def _stale_entries(self, kept: list[OutputFile]) -> list[OutputFile]:
        """Files of the rebuilt products that this build no longer makes (moved away by the commit)."""
        current = {record.path for record in self.files} | {entry.path for entry in kept}
        if self.keep_unmade:
            return []
        stale = {
            entry.path: entry for entry in self.previous
            if entry.product in self.products and entry.path not in current
            and (target := inside(self.out_dir, entry.path)) and _own_file(target)
        }
        return list(stale.values())
