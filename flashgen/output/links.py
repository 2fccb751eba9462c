"""Writing inside the output folder, never through a symbolic link, and never into a system folder.

Every file flashgen writes or locks in the output folder and in its staging
folder goes through this module: the lock file, the staged files, the files
moved into place, ``manifest.json``, ``index.html`` and its temporary file.
``no_link`` checks each part of the path below the folder with ``lstat``
(the folder itself may be a link: a user may keep ``out`` on another drive),
and files are opened with ``O_NOFOLLOW`` as well, so a link where flashgen
wants to write is refused with a message instead of followed: a link at
``out/.flashgen.lock`` or ``out/.index.html.partial`` must not make flashgen
overwrite the file it points to.

``refuse_system_folder`` stops a build whose output folder is ``/``, ``/etc``,
the home folder itself and the like (also when reached through a link),
unless that folder is empty.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from flashgen.errors import FlashgenError
from flashgen.i18n import _

# Folders a build must not fill with its files (the exact folder; below it is fine, e.g. /home/lan/out) …
_SYSTEM_FOLDERS = {
    Path(p) for p in ("/", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/usr", "/usr/bin", "/usr/sbin", "/usr/lib",
                      "/usr/share", "/usr/local", "/usr/local/bin", "/var", "/var/lib", "/var/log", "/home", "/root",
                      "/tmp", "/var/tmp", "/opt", "/srv", "/mnt", "/media", "/snap", "/Users", "/Applications",
                      "/Library", "/System", "/Volumes", "/private", "/private/var", "/private/tmp")
}
# … and folders where nothing below is a place for a build's files.
_SYSTEM_TREES = tuple(Path(p) for p in ("/etc", "/boot", "/dev", "/proc", "/sys", "/run", "/private/etc"))


def link_refused(link: Path) -> FlashgenError:
    return FlashgenError(
        _("{link} is a link; flashgen does not write through links. Remove it, then build again.").format(link=link),
        code="output-link",
    )


def first_link(root: Path, relative: str) -> Path | None:
    """The first part of ``root/relative`` below ``root`` that is a symbolic link, or None."""
    current = root
    for part in relative.split("/"):
        current = current / part
        try:
            if stat.S_ISLNK(os.lstat(current).st_mode):
                return current
        except OSError:  # missing (or unreadable): nothing below it exists to be a link
            return None
    return None


def no_link(root: Path, relative: str) -> Path:
    """``root/relative``; raises ``FlashgenError`` naming the link if any part of it below ``root`` is one."""
    link = first_link(root, relative)
    if link is not None:
        raise link_refused(link)
    return root / relative


def make_folders(root: Path, relative: str, made: list[Path]) -> None:
    """Create the missing folders of ``root/relative`` (a file's path), none through a link, adding each to
    ``made`` as it is made (so a commit can undo them even if a later one fails)."""
    parts = relative.split("/")[:-1]
    for depth in range(1, len(parts) + 1):
        folder = no_link(root, "/".join(parts[:depth]))
        if not folder.is_dir():
            folder.mkdir()  # a file in the way fails here (FileExistsError): callers word it
            made.append(folder)


def open_no_follow(root: Path, relative: str, flags: int) -> int:
    """``os.open`` of ``root/relative`` with ``O_NOFOLLOW``, after ``no_link`` (``O_CREAT`` creates it 0644)."""
    path = no_link(root, relative)
    try:
        return os.open(path, flags | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError:
        if stat.S_ISLNK(_mode(path)):  # made a link between the check and the open
            raise link_refused(path) from None
        raise


def _mode(path: Path) -> int:
    try:
        return os.lstat(path).st_mode
    except OSError:
        return 0


def write_file(root: Path, relative: str, data: bytes) -> Path:
    """Write ``data`` to ``root/relative`` (its folders made, a file there replaced), never through a link."""
    make_folders(root, relative, [])
    fd = open_no_follow(root, relative, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    with open(fd, "wb") as file:
        file.write(data)
    return root / relative


def partial_name(relative: str) -> str:
    """The temporary file ``write_file_atomically`` writes first, beside the file."""
    folder, _, name = relative.rpartition("/")
    return f"{folder}/.{name}.partial" if folder else f".{name}.partial"


def write_file_atomically(root: Path, relative: str, data: bytes) -> Path:
    """Write ``root/relative`` through a temporary file renamed into place: readers see the old file or the new one."""
    target = no_link(root, relative)
    temporary = write_file(root, partial_name(relative), data)
    try:
        os.replace(temporary, no_link(root, relative))
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target


def refuse_system_folder(out_dir: Path) -> None:
    """Stop unless ``out_dir`` (links followed) is a folder of its own: not /, /etc, the home folder … with files in."""
    resolved = out_dir.resolve()
    home = resolved == Path.home().resolve()
    system = home or resolved in _SYSTEM_FOLDERS
    system = system or any(tree == resolved or tree in resolved.parents for tree in _SYSTEM_TREES)
    if system and _has_entries(resolved):
        shown = (
            str(out_dir) if resolved == out_dir.absolute()
            else _("{folder} (which is {target})").format(folder=out_dir, target=resolved)
        )
        message = (
            _(
                "{folder} is your home folder; flashgen does not write its files there. "
                "Choose a folder for the build with --out, such as out (--out out), then build again."
            )
            if home
            else _(
                "{folder} is a system folder; flashgen does not write its files there. "
                "Choose a folder for the build with --out, such as out (--out out), then build again."
            )
        )
        raise FlashgenError(message.format(folder=shown), code="system-folder")


def _has_entries(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return any(True for _ in entries)
    except OSError:
        return False  # missing, or not a folder: taking the lock says what is wrong


# ---- plain words for failed writes -------------------------------------------------------------

def _plain_reasons() -> dict[int, tuple[str, str]]:
    """(what went wrong, what to do) for the errors a write meets most, in the current language."""
    read_only = (_("the folder is read-only (you are not allowed to write there)"),
                 _("Choose another output folder with --out, or make this one writable"))
    full = (_("the disk is full"), _("Free some space, or choose an output folder on another drive with --out"))
    in_the_way = (_("a file is in the way where a folder should be"),
                  _("Move it away, or choose another output folder with --out"))
    return {
        errno.EACCES: read_only,
        errno.EPERM: read_only,
        errno.EROFS: (_("the drive is read-only"), _("Choose an output folder on another drive with --out")),
        errno.ENOSPC: full,
        errno.EDQUOT: (_("your disk quota is used up"), full[1]),
        errno.ENOTDIR: in_the_way,
        errno.EEXIST: in_the_way,
        errno.EXDEV: (_("the output folder is a drive of its own, and flashgen prepares the files beside it"),
                      _("Choose a folder inside that drive with --out")),
    }


def write_error(exc: OSError, place: Path, out_dir: Path, restored: bool = True) -> FlashgenError:
    """The message for a write to ``place`` that failed; ``restored``: ``out_dir`` is as before the build."""
    reason, advice = _plain_reasons().get(exc.errno or 0, (exc.strerror or str(exc), _("Check the output folder")))
    state = (
        _("The files already in {folder}/ are unchanged.") if restored
        else _("Some files in {folder}/ could not be put back; build again once this is fixed.")
    ).format(folder=out_dir)
    return FlashgenError(
        _("cannot write to {place}: {reason}. {advice}, then build again. {state}").format(
            place=place, reason=reason, advice=advice, state=state
        ),
        code="cannot-write",
    )
