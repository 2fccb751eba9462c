"""One build at a time in an output folder, and the end of a build that Ctrl-C or kill cannot break.

``output_lock(out_dir)`` makes a build the only writer of its output folder:
it holds an ``fcntl.flock`` on ``out/.flashgen.lock`` for the whole build. A
second build on the same folder stops at once, naming the process that holds
the lock. The kernel drops the lock when that process dies, so a killed build
never blocks the next one (forked worker processes close their copy). The
lock file names the staging folder of the build that holds it, so the next
build finds and removes what a killed build left behind, whatever the moment
of the kill. From the commit on, Ctrl-C, kill and a closed terminal are held
until the lock is released (``StoppedAfterCommit`` tells the truth: the new
build is in place).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import FrameType

from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.output.links import open_no_follow, refuse_system_folder, write_error
from flashgen.output.manifest import LOCK_NAME

STAGING_NOTE = "flashgen-staging.txt"  # marks a staging folder as flashgen's own, so it may be removed


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


def hold_stops() -> _Ending | None:
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


# ---- a second Ctrl-C ends the process at once ---------------------------------------------------

def second_ctrl_c_message() -> bytes:
    """What the process says as it ends at a second Ctrl-C (made beforehand: the thread that writes it only writes)."""
    return (
        "\n"
        + _(
            "Stopped at once (second Ctrl-C). The output folder holds the files of the last complete build; "
            "the next build tidies up what this one left."
        )
        + "\n"
    ).encode("utf-8")

_second_ctrl_c_watched = False


def end_at_second_ctrl_c() -> None:
    """From now on, a second Ctrl-C ends this process at once, even while it is deep in a drawing.

    Python acts on Ctrl-C only between two steps of Python: a first Ctrl-C while
    cairo draws one large image waits for that drawing to end. The signal
    itself is written at once to a wake-up pipe (``signal.set_wakeup_fd``); a
    thread reading it ends the process at the second Ctrl-C. Never during a
    commit (the files are being moved into place: a kill then would leave the
    folder for the next build to repair), where Ctrl-C is held anyway. Worker
    processes die with this one (render/jobs.py); the staging folder and the
    lock are taken care of by the next build, as after a kill.
    """
    global _second_ctrl_c_watched
    if _second_ctrl_c_watched or threading.current_thread() is not threading.main_thread():
        return
    reading, writing = os.pipe()
    os.set_blocking(writing, False)
    signal.set_wakeup_fd(writing, warn_on_full_buffer=False)
    threading.Thread(
        target=_count_ctrl_c, args=(reading, second_ctrl_c_message()), name="second Ctrl-C", daemon=True
    ).start()
    _second_ctrl_c_watched = True


def _count_ctrl_c(reading: int, message: bytes) -> None:
    seen = 0
    while chunk := os.read(reading, 64):
        seen += chunk.count(signal.SIGINT)
        if seen >= 2 and _ending is None:
            os.write(2, message)
            os._exit(1)


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



def holds_lock(out_dir: Path) -> bool:
    """True while this process holds ``out_dir``'s lock."""
    return out_dir.resolve() in _held_locks


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
                raise build_running(out_dir, holder) from None
            raise write_error(exc, out_dir / LOCK_NAME, out_dir) from None
        if _same_file(fd, out_dir / LOCK_NAME):
            _, left_behind = _read_lock(fd)
            _write_lock(fd, [])
            return fd, left_behind
        # The build before removed its lock file just as this one opened it: lock the new file.
        os.close(fd)


def build_running(out_dir: Path, holder: int | None) -> FlashgenError:
    """The error for a build of ``out_dir`` while process ``holder`` builds it (the lock, and the web app's 409)."""
    process = _(" (process {number})").format(number=holder) if holder else ""
    return FlashgenError(
        _(
            "another flashgen build is writing to {folder}/{process}. "
            "Wait for it to finish, then build again, or choose another output folder with --out."
        ).format(folder=out_dir, process=process),
        code="build-running",
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


def staging_prefix(out_dir: Path) -> tuple[Path, str]:
    """Where staging folders of ``out_dir`` are made, and how their names start."""
    resolved = out_dir.resolve()
    return resolved.parent, f".{resolved.name}.flashgen-"


def _remove_abandoned_staging(out_dir: Path, left_behind: list[str]) -> None:
    """Staging folders of builds that were killed (only the lock holder can know they are abandoned)."""
    parent, prefix = staging_prefix(out_dir)
    with suppress(OSError):
        for folder in parent.iterdir():
            if folder.name.startswith(prefix) and _flashgens_staging(folder, left_behind):
                remove_staging_folder(folder)


def _flashgens_staging(folder: Path, left_behind: list[str]) -> bool:
    """A real folder (not a link) with flashgen's note inside, or named in the lock file a killed build left."""
    if folder.is_symlink() or not folder.is_dir():
        return False
    return folder.name in left_behind or (folder / STAGING_NOTE).is_file()


def remove_staging_folder(folder: Path) -> None:
    """Remove ``folder``, its note last: a folder half removed when a build was killed is still known as flashgen's."""
    with suppress(OSError):
        for entry in folder.iterdir():
            if entry.name == STAGING_NOTE:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        (folder / STAGING_NOTE).unlink(missing_ok=True)
        folder.rmdir()


def name_in_lock(out_dir: Path, staging: str) -> None:
    fd = _held_locks.get(out_dir.resolve())
    if fd is not None:
        _write_lock(fd, [staging])
