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
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import secrets
import shutil
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import FrameType, TracebackType

from flashgen.errors import FlashgenError
from flashgen.output.links import (
    first_link,
    make_folders,
    no_link,
    open_no_follow,
    partial_name,
    refuse_system_folder,
    write_file,
)
from flashgen.output.manifest import (
    GALLERY_NAME,
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
    """``out_dir/relative`` if it is a plain relative path with no symbolic link below ``out_dir`` (so it
    stays inside); otherwise None (such a path is never touched)."""
    if not plain_relative(relative) or first_link(out_dir, relative) is not None:
        return None
    return out_dir / relative


def _own_file(target: Path) -> bool:
    """A regular file (flashgen writes no links or folders in place of files)."""
    return target.is_file() and not target.is_symlink()


# ---- Ctrl-C and kill at the end of a build -----------------------------------------------------

class StoppedAfterCommit(KeyboardInterrupt):
    """Ctrl-C came once the commit had begun: the build went on to its end, so the new build is in place."""


_STOPS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class _Ending:
    """Ctrl-C, kill and a closed terminal noted, not acted on, from the start of a commit until the lock is let go.

    Python handlers rather than a blocked signal mask: a mask holds for one
    thread only, and a thread of the worker pool would take the signal instead.
    """

    def __init__(self) -> None:
        self.noted: list[signal.Signals] = []
        self.committed = False
        current = {number: signal.getsignal(number) for number in _STOPS}
        # A stop that is ignored (a build started in the background) stays ignored.
        self.previous = {number: handler for number, handler in current.items() if handler not in (signal.SIG_IGN, None)}
        for number in self.previous:
            signal.signal(number, self._note)

    def _note(self, number: int, frame: FrameType | None) -> None:
        self.noted.append(signal.Signals(number))

    def let_through(self, report_ctrl_c: bool) -> None:
        """Put the handlers back and act on what was noted: kill and hang-up as they would have, Ctrl-C as
        ``StoppedAfterCommit`` once the commit is complete (not at all if the build ends with an error)."""
        for stop, handler in self.previous.items():
            signal.signal(stop, handler)
        ctrl_c = False
        for noted in dict.fromkeys(self.noted):
            if noted == signal.SIGINT and self.previous[noted] is signal.default_int_handler:
                ctrl_c = True
            else:
                signal.raise_signal(noted)
        if ctrl_c and report_ctrl_c:
            raise StoppedAfterCommit() if self.committed else KeyboardInterrupt()


_ending: _Ending | None = None  # signal handlers belong to the whole process, and so does this


def _hold_stops() -> _Ending | None:
    """Start noting stops (only the main thread may set signal handlers; Ctrl-C only interrupts that one)."""
    global _ending
    if _ending is None and threading.current_thread() is threading.main_thread():
        _ending = _Ending()
    return _ending


def _let_stops_through(report_ctrl_c: bool) -> None:
    global _ending
    ending, _ending = _ending, None
    if ending is not None:
        ending.let_through(report_ctrl_c)


# ---- one build at a time -----------------------------------------------------------------------

_held_locks: dict[Path, int] = {}  # output folders (resolved) whose lock this process holds, with its descriptor


def _forget_locks_in_child() -> None:
    # A forked worker must not keep the build's lock alive if the build is killed.
    # Closing a copy does not release a flock; only the last descriptor does.
    for fd in _held_locks.values():
        with suppress(OSError):
            os.close(fd)
    _held_locks.clear()


os.register_at_fork(after_in_child=_forget_locks_in_child)


@contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """Be the only flashgen build writing to ``out_dir`` (created if missing) until the block ends.

    Raises ``FlashgenError`` at once if another build holds it, or if
    ``out_dir`` is a system folder with files in it. A folder that this call
    created and that is still empty at the end is removed again.
    """
    refuse_system_folder(out_dir)
    created = not out_dir.exists()
    fd, left_behind = _take_lock(out_dir)
    key = out_dir.resolve()
    _held_locks[key] = fd
    ended_well = False
    try:
        _remove_abandoned_staging(out_dir, left_behind)
        yield
        ended_well = True
    finally:
        del _held_locks[key]
        _release_lock(fd, out_dir, created)
        _let_stops_through(report_ctrl_c=ended_well)  # a build ending with an error says so itself


def _take_lock(out_dir: Path) -> tuple[int, list[str]]:
    """The lock's descriptor, and the staging folders named in the lock file by a build that was killed."""
    while True:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            fd = open_no_follow(out_dir, LOCK_NAME, os.O_RDWR | os.O_CREAT)
        except OSError as exc:
            raise write_error(exc, out_dir, out_dir) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            holder, _ = _read_lock(fd)
            os.close(fd)
            if isinstance(exc, BlockingIOError):
                raise _busy(out_dir, holder) from None
            raise write_error(exc, out_dir / LOCK_NAME, out_dir) from None
        if _same_file(fd, out_dir / LOCK_NAME):
            _, left_behind = _read_lock(fd)
            _write_lock(fd, [])
            return fd, left_behind
        # The build before removed its lock file just as this one opened it: lock the new file.
        os.close(fd)


def _busy(out_dir: Path, holder: int | None) -> FlashgenError:
    process = f" (process {holder})" if holder else ""
    return FlashgenError(
        f"another flashgen build is writing to {out_dir}/{process}. "
        "Wait for it to finish, then build again, or choose another output folder with --out."
    )


def _write_lock(fd: int, staging: list[str]) -> None:
    """The lock file holds the process id (for a second build's message) and the build's staging folder
    (for the build after a kill, which removes it)."""
    with suppress(OSError):
        os.ftruncate(fd, 0)
        os.pwrite(fd, "\n".join([str(os.getpid()), *staging, ""]).encode("utf-8"), 0)


def _read_lock(fd: int) -> tuple[int | None, list[str]]:
    """The process id and staging folder names that ``_write_lock`` wrote."""
    try:
        lines = os.pread(fd, 4096, 0).decode("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None, []
    holder = int(lines[0]) if lines and lines[0].strip().isdigit() else None
    return holder, [line for line in lines[1:] if line]


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk, opened = os.lstat(path), os.fstat(fd)
    except OSError:
        return False
    return (on_disk.st_dev, on_disk.st_ino) == (opened.st_dev, opened.st_ino)


def _release_lock(fd: int, out_dir: Path, created: bool) -> None:
    if _same_file(fd, out_dir / LOCK_NAME):  # removed while still held, so it is never another build's file
        with suppress(OSError):
            (out_dir / LOCK_NAME).unlink()
    os.close(fd)
    if created:  # a first build that failed leaves no empty folder behind
        with suppress(OSError):
            out_dir.rmdir()


def _staging_prefix(out_dir: Path) -> tuple[Path, str]:
    """Where staging folders of ``out_dir`` are made, and how their names start."""
    resolved = out_dir.resolve()
    return resolved.parent, f".{resolved.name}.flashgen-"


def _remove_abandoned_staging(out_dir: Path, left_behind: list[str]) -> None:
    """Staging folders of builds that were killed (only the lock holder can know they are abandoned)."""
    parent, prefix = _staging_prefix(out_dir)
    with suppress(OSError):
        for folder in parent.iterdir():
            if folder.name.startswith(prefix) and _flashgens_staging(folder, left_behind):
                _remove_staging_folder(folder)


def _flashgens_staging(folder: Path, left_behind: list[str]) -> bool:
    """A real folder (not a link) with flashgen's note inside, or named in the lock file a killed build left."""
    if folder.is_symlink() or not folder.is_dir():
        return False
    return folder.name in left_behind or (folder / _STAGING_NOTE).is_file()


def _remove_staging_folder(folder: Path) -> None:
    """Remove ``folder``, its note last: a folder half removed when a build was killed is still known as flashgen's."""
    with suppress(OSError):
        for entry in folder.iterdir():
            if entry.name == _STAGING_NOTE:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        (folder / _STAGING_NOTE).unlink(missing_ok=True)
        folder.rmdir()


def _name_in_lock(out_dir: Path, staging: str) -> None:
    fd = _held_locks.get(out_dir.resolve())
    if fd is not None:
        _write_lock(fd, [staging])


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


class Staging:
    """Collects a build's files and moves them into ``out_dir`` all at the end (inside ``output_lock``)."""

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
        folder = parent / f"{prefix}{secrets.token_hex(4)}"
        _name_in_lock(self.out_dir, folder.name)  # before it exists: a build killed at any moment leaves it findable
        try:
            parent.mkdir(parents=True, exist_ok=True)
            folder.mkdir(mode=0o700)
            self.folder = folder
            for part in ("new", "old"):  # the new files, and the old ones the commit moves aside
                (folder / part).mkdir()
            write_file(folder, _STAGING_NOTE, (
                f"flashgen prepares the files for {self.out_dir.resolve()} here.\n"
                "It is removed when the build ends; if a build was killed, the next build removes it.\n"
            ).encode())
        except OSError as exc:
            raise write_error(exc, parent, self.out_dir) from None
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None) -> None:
        if self.folder is not None:
            _remove_staging_folder(self.folder)

    def add(self, made: MadeFile) -> OutputFile:
        """Stage ``made.data`` to become ``out_dir/made.path``."""
        assert self.folder is not None, "use Staging as a context manager"
        relative, data = made.path, made.data
        if not plain_relative(relative):
            raise FlashgenError(f"cannot write the output file {relative!r}: the name does not stay inside {self.out_dir}/.")
        try:
            write_file(self.folder / "new", relative, data)
        except OSError as exc:
            raise write_error(exc, self.out_dir / relative, self.out_dir) from None
        record = OutputFile.made(made)
        self.files.append(record)
        return record

    def commit(self) -> Path:
        """Move every staged file into place, remove stale ones, write the manifest (see the module docstring)."""
        assert self.folder is not None
        assert self.out_dir.resolve() in _held_locks, "commit inside output_lock, which lets the held stops through"
        self._refuse_links()
        self._refuse_to_overwrite()
        kept = self._kept_entries()
        stale = self._stale_entries(kept)
        made = list(self.files)
        moves = _Moves(self.out_dir, self.folder)
        ending = _hold_stops()  # until output_lock lets go: the gallery and the clean-up are part of the commit
        try:
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
