"""An item's picture: the content field ``image`` (a file beside the content) or a picture embedded in a sheet's row.

Takes the field's value (a relative path as written, or an ``EmbeddedPicture``
from a workbook), the content file's path, the words that say where it is and
the ``Limits``; returns a ``Picture`` (its bytes and media type) ready to be
drawn where a layout shows the item's icon. Only PNG and JPEG pictures are
taken, inside the project folder (the content file's folder): a web or file
link, an absolute path or one that leads out of the folder is refused, as a
template's links are; the picture passes the checks of any image flashgen
draws (load/images.py: pixel limit, decodes).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, replace
from pathlib import Path

from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.files import NotInFolder, path_inside, read_input_file
from flashgen.load.images import check_bitmap
from flashgen.load.limits import Limits
from flashgen.load.spreadsheet import EmbeddedPicture

PICTURE_TYPES = {b"\x89PNG": "image/png", b"\xff\xd8": "image/jpeg"}


@dataclass(frozen=True)
class Picture:
    """A raster picture of an item, as its bytes; ``source`` says where it came from (for messages)."""

    source: str
    media_type: str
    data: bytes
    path: Path | None = None  # the file it was read from (None: embedded in a workbook), for watch and the build key

    @property
    def data_uri(self) -> str:
        return f"data:{self.media_type};base64,{base64.b64encode(self.data).decode('ascii')}"


def item_picture(value: object, content: Path, where: str, limits: Limits) -> Picture:
    """The picture ``value`` stands for; ``FlashgenError`` starting with ``where`` if it cannot be used."""
    if isinstance(value, EmbeddedPicture):
        return _checked(value.data, _("the picture embedded in the row"), where, limits)
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, _("expected the name of a picture file (.png or .jpg) in the project folder."), "picture-name")
    written = value.strip()
    try:
        path = path_inside(written, content.parent)
    except NotInFolder as problem:
        raise _outside(problem.kind, written, content.parent, where) from None
    return replace(_checked(_read(path, written, where, limits), written, where, limits), path=path)


def _outside(kind: str, written: str, folder: Path, where: str) -> FlashgenError:
    """The error for a picture name that does not lead inside the project folder (load/files.py ``path_inside``)."""
    name = written[:80]
    if kind == "link":
        return _fail(where, _("'{name}' is a link; flashgen reads no links (web or file). Save the picture in the "
                              "project folder and write its file name, e.g. pictures/item-1.png.").format(name=name),
                     "picture-link")
    if kind == "full-path":
        return _fail(where, _("'{name}' is a full path; write the picture's path inside the project folder, "
                              "e.g. pictures/item-1.png.").format(name=name), "picture-outside")
    return _fail(where, _("the picture '{name}' must be inside the project folder {folder}.").format(
        name=name, folder=folder.resolve()), "picture-outside")


def _read(path: Path, written: str, where: str, limits: Limits) -> bytes:
    def too_large(size: int) -> str:
        found = _("{size:,} bytes").format(size=size)
        return f"{where}: " + _("the picture '{name}' is too large: {problem}.").format(
            name=written, problem=limits.exceeded("max_template_bytes", found))
    try:
        return read_input_file(path, limits.max_template_bytes, too_large)
    except FileNotFoundError:
        raise _fail(where, _("there is no picture file '{name}' (looked for {path}).").format(name=written, path=path),
                    "picture-missing") from None
    except OSError as exc:
        raise _fail(where, _("cannot read the picture '{name}' ({reason}).").format(name=written, reason=exc.strerror),
                    "picture-unreadable") from None


def _checked(data: bytes, source: str, where: str, limits: Limits) -> Picture:
    media_type = next((kind for signature, kind in PICTURE_TYPES.items() if data.startswith(signature)), None)
    if media_type is None:
        raise _fail(where, _("{source} is not a PNG or JPEG picture; save it as PNG or JPEG.").format(source=source),
                    "picture-type")
    try:
        check_bitmap(data, limits)
    except FlashgenError as problem:
        raise _fail(where, f"{source}: {problem.message}", "picture-damaged") from None
    return Picture(source=source, media_type=media_type, data=data)


def _fail(where: str, problem: str, code: str) -> FlashgenError:
    return FlashgenError(f"{where}: {problem}", code=code, field="image")
