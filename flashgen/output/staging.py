"""Staging: the files of a build in, a complete output folder with its ``manifest.json`` out.

``output_lock(out_dir)`` makes a build the only writer of its output folder;
``Staging.add`` takes each file of the build, ``Staging.commit`` moves them
all into place and returns the path of the new ``manifest.json``
(manifest.py reads and writes that file).

How nothing gets lost:

- **One build at a time.** ``output_lock`` holds an ``fcntl.flock`` on
  ``out/.flashgen.lock`` for the whole build (``build.build`` takes it
  before it reads the manifest). A second build on the same folder stops at
  once, naming the process that holds the lock. The kernel drops the lock when
  that process dies, so a killed build never blocks the next one (forked
  worker processes close their copy, so they cannot keep it either). The lock
  file is removed when the build ends, and is never listed or deleted as stale.
- **Nothing written while the build runs.** Files are staged in a folder
  beside the output folder (``.out.flashgen-XXXX``, marked by a note inside).
  A build that fails, is stopped with Ctrl-C or is killed before the commit
  leaves every previous file and ``manifest.json`` byte-identical. The next
  build, holding the lock, removes any staging folder that a killed build
  left behind.
- **The commit.** Each rename is atomic, but a set of renames is not. So the
  commit first replaces ``manifest.json`` with an *unfinished* manifest, then
  moves every file it replaces or removes aside into the staging folder and
  the new file in, and writes the final manifest last. If a step fails
  (read-only folder, full disk), the steps already done are undone in reverse
  order, so the folder and its manifest are as before. Ctrl-C, ``kill`` and a
  closed terminal are held off during these renames, which take milliseconds.
  Only SIGKILL can stop the process half-way through the commit (a power
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
  absolute) and still inside the output folder once symbolic links are
  followed, is ever removed or given different content. If a file the manifest does not list
  is where the build wants to write, and differs from the new file, the build
  stops with a message instead of overwriting it. Files of the user's own
  (``out/notes.txt``, ``out/flashcards/my-own.png``) are never touched.
- **Plain errors.** ``write_error`` turns the ``errno`` of a failed write
  into words (read-only, disk full …) in one place.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import TracebackType

from flashgen.errors import FlashgenError
from flashgen.output.manifest import (
    LOCK_NAME,
    MANIFEST_NAME,
    Manifest,
    OutputFile,
    plain_relative,
)
from flashgen.products.files import MadeFile

_STAGING_NOTE = "flashgen-staging.txt"  # marks a staging folder as flashgen's own, so it may be removed


# ---- plain words for failed writes -------------------------------------------------------------

_READ_ONLY = ("the folder is read-only (you are not allowed to write there)",
              "Choose another output folder with --out, or make this one writable")
_FULL = ("the disk is full", "Free some space, or choose an output folder on another drive with --out")
_IN_THE_WAY = ("a file is in the way where a folder should be", "Move it away, or choose another output folder with --out")
_PLAIN_REASONS: dict[int, tuple[str, str]] = {
    errno.EACCES: _READ_ONLY,
    errno.EPERM: _READ_ONLY,
    errno.EROFS: ("the drive is read-only", "Choose an output folder on another drive with --out"),
    errno.ENOSPC: _FULL,
    errno.EDQUOT: ("your disk quota is used up", _FULL[1]),
    errno.ENOTDIR: _IN_THE_WAY,
    errno.EEXIST: _IN_THE_WAY,
    errno.EXDEV: ("the output folder is a drive of its own, and flashgen prepares the files beside it",
                  "Choose a folder inside that drive with --out"),
}


def write_error(exc: OSError, place: Path, out_dir: Path, restored: bool = True) -> FlashgenError:
    """The message for a write to ``place`` that failed; ``restored``: ``out_dir`` is as before the build."""
    reason, advice = _PLAIN_REASONS.get(exc.errno or 0, (exc.strerror or str(exc), "Check the output folder"))
    state = (
        f"The files already in {out_dir}/ are unchanged." if restored
        else f"Some files in {out_dir}/ could not be put back; build again once this is fixed."
    )
    return FlashgenError(f"cannot write to {place}: {reason}. {advice}, then build again. {state}")


# ---- paths a manifest may name -----------------------------------------------------------------

def inside(out_dir: Path, relative: str) -> Path | None:
    """``out_dir/relative`` if it is a plain relative path that stays inside ``out_dir``
    once symbolic links are followed; otherwise None (such a path is never touched)."""
    if not plain_relative(relative):
        return None
    target = out_dir / relative
    try:
        within = out_dir.resolve() in target.resolve().parents
    except (OSError, RuntimeError):  # a loop of links
        return None
    return target if within else None


def _own_file(target: Path) -> bool:
    """A regular file (flashgen writes no links or folders in place of files)."""
    return target.is_file() and not target.is_symlink()


def write_file_atomically(path: Path, data: bytes) -> None:
    """Write ``path`` through a temporary file renamed into place: readers see the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.partial")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise write_error(exc, path, path.parent) from None


# ---- one build at a time -----------------------------------------------------------------------

_held_locks: set[int] = set()  # lock files this process holds


def _forget_locks_in_child() -> None:
    # A forked worker must not keep the build's lock alive if the build is killed.
    # Closing a copy does not release a flock; only the last descriptor does.
    for fd in _held_locks:
        with suppress(OSError):
            os.close(fd)
    _held_locks.clear()


os.register_at_fork(after_in_child=_forget_locks_in_child)


@contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """Be the only flashgen build writing to ``out_dir`` (created if missing) until the block ends.

    Raises ``FlashgenError`` at once if another build holds it. A folder that
    this call created and that is still empty at the end is removed again.
    """
    created = not out_dir.exists()
    fd = _take_lock(out_dir)
    try:
        _remove_abandoned_staging(out_dir)
        yield
    finally:
        _release_lock(fd, out_dir, created)


def _take_lock(out_dir: Path) -> int:
    path = out_dir / LOCK_NAME
    while True:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise write_error(exc, out_dir, out_dir) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            holder = _read_pid(fd)
            os.close(fd)
            if isinstance(exc, BlockingIOError):
                raise _busy(out_dir, holder) from None
            raise write_error(exc, path, out_dir) from None
        if _same_file(fd, path):
            _held_locks.add(fd)
            with suppress(OSError):  # the process id is only for the message of a second build
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            return fd
        # The build before removed its lock file just as this one opened it: lock the new file.
        os.close(fd)


def _busy(out_dir: Path, holder: int | None) -> FlashgenError:
    process = f" (process {holder})" if holder else ""
    return FlashgenError(
        f"another flashgen build is writing to {out_dir}/{process}. "
        "Wait for it to finish, then build again, or choose another output folder with --out."
    )


def _read_pid(fd: int) -> int | None:
    try:
        return int(os.pread(fd, 32, 0).decode("ascii").strip())
    except (OSError, ValueError):
        return None


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk, opened = path.stat(), os.fstat(fd)
    except OSError:
        return False
    return (on_disk.st_dev, on_disk.st_ino) == (opened.st_dev, opened.st_ino)


def _release_lock(fd: int, out_dir: Path, created: bool) -> None:
    if _same_file(fd, out_dir / LOCK_NAME):  # removed while still held, so it is never another build's file
        with suppress(OSError):
            (out_dir / LOCK_NAME).unlink()
    _held_locks.discard(fd)
    os.close(fd)
    if created:  # a first build that failed leaves no empty folder behind
        with suppress(OSError):
            out_dir.rmdir()


def _staging_prefix(out_dir: Path) -> tuple[Path, str]:
    """Where staging folders of ``out_dir`` are made, and how their names start."""
    resolved = out_dir.resolve()
    return resolved.parent, f".{resolved.name}.flashgen-"


def _remove_abandoned_staging(out_dir: Path) -> None:
    """Staging folders of builds that were killed (only the lock holder can know they are abandoned)."""
    parent, prefix = _staging_prefix(out_dir)
    with suppress(OSError):
        for folder in parent.iterdir():
            if folder.name.startswith(prefix) and (folder / _STAGING_NOTE).is_file() and not folder.is_symlink():
                shutil.rmtree(folder, ignore_errors=True)


# ---- staging and commit ------------------------------------------------------------------------

@contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C, kill and a closed terminal take effect after the block (a few renames), not during it."""
    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class _Moves:
    """The renames of one commit, each with its undo, so a failed commit can be rolled back."""

    def __init__(self, out_dir: Path, staging: Path) -> None:
        self.out_dir = out_dir
        self.staging = staging
        self.undo_steps: list[Callable[[], object]] = []
        self.current = out_dir  # what the step under way writes, for the message if it fails

    def move_aside(self, relative: str) -> None:
        """Move the file at ``relative`` into the staging folder (deleted with it if the commit succeeds)."""
        target, aside = self.out_dir / relative, self.staging / "old" / relative
        self.current = target
        aside.parent.mkdir(parents=True, exist_ok=True)
        os.replace(target, aside)
        self.undo_steps.append(lambda: os.replace(aside, target))

    def move_in(self, source: Path, relative: str) -> None:
        target = self.out_dir / relative
        self.current = target
        for folder in reversed(Path(relative).parents[:-1]):
            self._make_folder(self.out_dir / folder)
        os.replace(source, target)
        self.undo_steps.append(target.unlink)

    def _make_folder(self, folder: Path) -> None:
        if not folder.is_dir():
            folder.mkdir()
            self.undo_steps.append(folder.rmdir)

    def place_manifest(self, data: bytes) -> None:
        """Replace ``manifest.json`` atomically; the first call keeps the old one to put back on undo."""
        target = self.out_dir / MANIFEST_NAME
        self.current = target
        first = not self.undo_steps
        old = target.read_bytes() if first and target.is_file() else None
        self._write(data)
        if first:
            self.undo_steps.append(lambda: self._write(old) if old is not None else target.unlink())

    def _write(self, data: bytes) -> None:
        scratch = self.staging / MANIFEST_NAME
        scratch.write_bytes(data)
        os.replace(scratch, self.out_dir / MANIFEST_NAME)

    def undo(self) -> bool:
        """Undo every step, last first; False if one could not be undone."""
        restored = True
        for step in reversed(self.undo_steps):
            try:
                step()
            except OSError:
                restored = False
        return restored


class Staging:
    """Collects a build's files and moves them into ``out_dir`` all at the end."""

    def __init__(
        self, out_dir: Path, new: Manifest, products: tuple[str, ...], previous: Manifest | None = None
    ) -> None:
        self.out_dir = out_dir
        self.previous = previous.files if previous else ()  # the files of the build this one replaces
        self.new = new  # the new manifest's facts and build key (left out of an unfinished manifest)
        self.products = products  # this build replaces these products' files, keeps the others
        self.files: list[OutputFile] = []
        self.folder: Path | None = None

    def __enter__(self) -> Staging:
        parent, prefix = _staging_prefix(self.out_dir)
        try:
            parent.mkdir(parents=True, exist_ok=True)
            self.folder = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
            (self.folder / _STAGING_NOTE).write_text(
                f"flashgen prepares the files for {self.out_dir.resolve()} here.\n"
                "It is removed when the build ends; if a build was killed, the next build removes it.\n",
                encoding="utf-8",
            )
        except OSError as exc:
            raise write_error(exc, parent, self.out_dir) from None
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)

    def add(self, made: MadeFile) -> OutputFile:
        """Stage ``made.data`` to become ``out_dir/made.path``."""
        assert self.folder is not None, "use Staging as a context manager"
        relative, data = made.path, made.data
        if not plain_relative(relative):
            raise FlashgenError(f"cannot write the output file {relative!r}: the name does not stay inside {self.out_dir}/.")
        target = self.folder / "new" / relative
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        except OSError as exc:
            raise write_error(exc, self.out_dir / relative, self.out_dir) from None
        record = OutputFile.made(made)
        self.files.append(record)
        return record

    def commit(self) -> Path:
        """Move every staged file into place, remove stale ones, write the manifest (see the module docstring)."""
        assert self.folder is not None
        self._refuse_to_overwrite()
        kept = self._kept_entries()
        stale = self._stale_entries(kept)
        made = list(self.files)
        moves = _Moves(self.out_dir, self.folder)
        with _signals_held():
            try:
                self.out_dir.mkdir(parents=True, exist_ok=True)
                moves.place_manifest(self.new.to_json(kept + made + stale, finished=False))
                for record in self.files:
                    if _own_file(self.out_dir / record.path):
                        moves.move_aside(record.path)
                    moves.move_in(self.folder / "new" / record.path, record.path)
                for entry in stale:
                    moves.move_aside(entry.path)
                moves.place_manifest(self.new.to_json(kept + made, finished=True))
            except OSError as exc:
                restored = moves.undo()
                raise write_error(exc, moves.current, self.out_dir, restored) from None
        return self.out_dir / MANIFEST_NAME

    def _listed(self) -> set[str]:
        return {entry.path for entry in self.previous}

    def _refuse_to_overwrite(self) -> None:
        """Stop before any change if a file flashgen did not make is where this build writes."""
        listed = self._listed()
        clashes = [record.path for record in self.files if not self._replaceable(record, listed)]
        if clashes:
            more = f" (and {len(clashes) - 1} more)" if len(clashes) > 1 else ""
            raise FlashgenError(
                f"{self.out_dir / clashes[0]}{more} is already there, and flashgen did not make it "
                f"({MANIFEST_NAME} does not list it). flashgen does not overwrite files it did not make: "
                "move it away or choose another output folder with --out, then build again."
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
        """Entries of products this build did not make, whose files are still there."""
        current = {record.path for record in self.files}
        kept = {
            entry.path: entry for entry in self.previous
            if entry.product not in self.products and entry.path not in current
            and (target := inside(self.out_dir, entry.path)) and target.is_file()
        }
        return list(kept.values())

    def _stale_entries(self, kept: list[OutputFile]) -> list[OutputFile]:
        """Files of the rebuilt products that this build no longer makes (moved away by the commit)."""
        current = {record.path for record in self.files} | {entry.path for entry in kept}
        stale = {
            entry.path: entry for entry in self.previous
            if entry.product in self.products and entry.path not in current
            and (target := inside(self.out_dir, entry.path)) and _own_file(target)
        }
        return list(stale.values())
