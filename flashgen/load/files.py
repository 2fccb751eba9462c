"""The one way flashgen reads an input file, checks a name it will create, and writes a file whole.

Takes a path and the most bytes the caller accepts; returns the file's bytes.
Only ordinary files are read: a device (``/dev/zero`` never ends), a named
pipe (reading one waits for ever) or a folder is refused before anything is
read, and the size is checked before reading, so a huge file is refused
without filling memory. These problems are ``FlashgenError``s naming the file;
an ``OSError`` (no such file, no permission) is left to the caller, which
knows what the file is for and says so.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path, PureWindowsPath

from flashgen.errors import FlashgenError
from flashgen.i18n import _

# Opening a named pipe for reading would wait for a writer; non-blocking, it opens at once and fstat tells what it is.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
# http:, https:, file:, data: … (but not C:\, two letters at least): flashgen reads no links.
_LINK = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]+:")
MAX_NAME_BYTES = 255  # the longest file or folder name Linux, macOS and Windows file systems store


def read_input_file(path: Path, max_bytes: int, too_large: Callable[[int], str]) -> bytes:
    """The bytes of the ordinary file ``path``; ``too_large(size)`` is the message for more than ``max_bytes``."""
    descriptor = os.open(path, _OPEN_FLAGS)
    try:
        _check_ordinary(path, os.fstat(descriptor), max_bytes, too_large)
        data = _read_at_most(descriptor, max_bytes + 1)  # the file may have grown since fstat
    finally:
        os.close(descriptor)
    if len(data) > max_bytes:
        raise FlashgenError(too_large(len(data)), code="file-too-large")
    return data


def _read_at_most(descriptor: int, size: int) -> bytes:
    chunks = []
    while size > 0:
        chunk = os.read(descriptor, min(size, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _check_ordinary(path: Path, info: os.stat_result, max_bytes: int, too_large: Callable[[int], str]) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise FlashgenError(
            _("{file}: this is a folder, not a file; give the name of the file inside it.").format(file=path),
            code="not-a-file",
        )
    if not stat.S_ISREG(info.st_mode):
        raise FlashgenError(
            _(
                "{file}: this is not an ordinary file (it is a device, a pipe or a socket); "
                "give the name of a file saved on disk."
            ).format(file=path),
            code="not-a-file",
        )
    if info.st_size > max_bytes:
        raise FlashgenError(too_large(info.st_size), code="file-too-large")


def check_name_lengths(path: Path, reserved: int = 0) -> None:
    """Refuse a path with a file or folder name longer than file systems store, before anything
    is created; ``reserved`` bytes are kept for what flashgen adds to the last name (a temporary name)."""
    for position, name in enumerate(path.parts, start=1):
        most = MAX_NAME_BYTES - (reserved if position == len(path.parts) else 0)
        size = len(os.fsencode(name))
        if size > most:
            raise FlashgenError(
                _("the folder name '{name}…' is too long: {size:,} bytes, and at most {most} fit. Choose a shorter name.").format(
                    name=name[:40], size=size, most=most
                ),
                code="name-too-long",
            )


class NotInFolder(Exception):
    """A file name that does not lead inside the project folder; ``kind``: "link", "full-path" or "outside"."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def path_inside(written: str, folder: Path) -> Path:
    """The file ``written`` names (as a user types it, with / or \\) inside ``folder``, links resolved.

    A web or file link, a full path (also a Windows one, typed on another computer) or a name that
    leads out of the folder (``..``, a symbolic link) raises ``NotInFolder``: the caller says what the
    file was for.
    """
    written = written.strip()
    if _LINK.match(written) or written.startswith(("\\\\", "//")):
        raise NotInFolder("link")
    if Path(written).is_absolute() or PureWindowsPath(written).is_absolute() or PureWindowsPath(written).drive:
        raise NotInFolder("full-path")
    resolved_folder = folder.resolve()
    path = (resolved_folder / written.replace("\\", "/")).resolve()
    if resolved_folder not in path.parents:
        raise NotInFolder("outside")
    return path


def write_whole(path: Path, data: bytes) -> None:
    """``data`` into ``path``, whole or not at all: written under a hidden temporary name beside it, then renamed,
    so a reader (another build, the user's editor) never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)  # (gone once renamed)
