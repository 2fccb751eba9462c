"""``manifest.json``: the list of every file a build wrote, read back as a typed ``Manifest``.

``read_manifest(out_dir)`` returns the last build's ``Manifest`` (or None):
its files as ``OutputFile`` records and its build key. It is the one reader
of the file and trusts nothing in it: an entry whose path is not a plain
relative path (no ``..``, not absolute) is left out, so a hand-edited manifest
cannot make flashgen touch a path outside the output folder, and a manifest
whose entries are not as flashgen writes them loses its build key, so it is
never taken to mean "nothing changed". ``PreviousBuild`` answers the one
question every reuse asks: is this file still exactly as the manifest says?
"""

from __future__ import annotations

import hashlib
import json
import stat
from dataclasses import MISSING, dataclass, fields
from pathlib import Path

from flashgen.products.files import FileMeta, MadeFile

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1
LOCK_NAME = ".flashgen.lock"
GALLERY_NAME = "index.html"  # written by gallery.py; named here so the commit can check it first
RESERVED = {MANIFEST_NAME, LOCK_NAME}  # top-level names no output file and no manifest entry may take


@dataclass(frozen=True)
class OutputFile:
    """One file of the build, as the manifest lists it."""

    path: str  # relative to the output folder, with forward slashes
    product: str
    format: str
    size: str
    item: int | None
    side: str | None
    width_px: int | None
    height_px: int | None
    width_mm: float | None
    height_mm: float | None
    bytes: int
    sha256: str
    trim_width_mm: float | None = None
    trim_height_mm: float | None = None
    alt_text: str | None = None
    render_key: str | None = None
    duration_s: float | None = None  # videos

    @classmethod
    def made(cls, made: MadeFile) -> OutputFile:
        meta = {name: getattr(made.meta, name) for name in _META_FIELDS}  # (asdict copies deeply: slower)
        return cls(path=made.path, bytes=len(made.data), sha256=checksum(made.data), **meta)

    def meta(self) -> FileMeta:
        return FileMeta(**{f.name: getattr(self, f.name) for f in fields(FileMeta)})


class Checked(bytes):
    """A file's bytes as read and found as its manifest says, with their SHA-256 (``sha256``): after an edit
    most of a build's files are the last build's, and hashing them again to list them took a tenth of a second
    of the build's own process. Bytes cannot change, so the checksum goes wherever these bytes go."""

    sha256: str


def checksum(data: bytes) -> str:
    """The SHA-256 of ``data`` (known already for ``Checked`` bytes)."""
    return data.sha256 if isinstance(data, Checked) else hashlib.sha256(data).hexdigest()


_FIELD_ORDER = tuple(f.name for f in fields(OutputFile))  # every field a plain value: no asdict needed
_META_FIELDS = tuple(f.name for f in fields(FileMeta))
_FIELDS = set(_FIELD_ORDER)
_REQUIRED = {f.name for f in fields(OutputFile) if f.default is MISSING}


@dataclass(frozen=True)
class Manifest:
    files: tuple[OutputFile, ...]
    build_key: str | None  # None: never "nothing changed" (unfinished, or not as flashgen writes it)
    info: dict[str, object]  # the build's other facts: flashgen version, content file, campaign title
    damaged: tuple[int, ...] = ()  # entries (from 1) without a path or product: left out
    finished: bool = True  # False: written at the start of a commit that may not have ended (staging.py)

    def to_json(self, files: list[OutputFile], finished: bool) -> bytes:
        """A new manifest with this one's facts and ``files``; an unfinished one has no build key."""
        info = dict(self.info)
        if finished and self.build_key:
            info["build_key"] = self.build_key
        if not finished:
            info["unfinished"] = True
        entries = sorted(({name: getattr(f, name) for name in _FIELD_ORDER} for f in files), key=lambda e: e["path"])
        manifest = {"manifest_version": MANIFEST_VERSION, **info, "files": entries}
        return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def plain_relative(relative: object) -> bool:
    """True for a path as flashgen writes it: relative, forward slashes, no '.', '..' or empty parts."""
    if not isinstance(relative, str) or "\\" in relative or "\0" in relative:
        return False
    parts = relative.split("/")
    return all(part not in ("", ".", "..") for part in parts) and relative not in RESERVED


def read_manifest(out_dir: Path) -> Manifest | None:
    """The last build's manifest in ``out_dir``, or None if there is none or it is not JSON of an object."""
    try:
        document = json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(document, dict):
        return None
    entries = document.get("files") if isinstance(document.get("files"), list) else []
    damaged = tuple(number for number, entry in enumerate(entries, start=1) if not _listable(entry))
    files = tuple(_record(entry) for entry in entries if _listable(entry) and plain_relative(entry["path"]))
    key = document.get("build_key")
    trusted = isinstance(key, str) and len(files) == len(entries) and all(map(_as_written, entries))
    info = {k: v for k, v in document.items() if k not in ("manifest_version", "files", "build_key", "unfinished")}
    return Manifest(files, key if trusted else None, info, damaged, finished=document.get("unfinished") is not True)


def _listable(entry: object) -> bool:
    """An entry that names a file and its product (other fields may be missing or of another type)."""
    return isinstance(entry, dict) and isinstance(entry.get("path"), str) and isinstance(entry.get("product"), str)


def _as_written(entry: dict[str, object]) -> bool:
    """An entry with exactly the fields flashgen writes."""
    return _REQUIRED <= entry.keys() <= _FIELDS


def _record(values: dict[str, object]) -> OutputFile:
    """An entry with every field of the type flashgen expects (a hand-edited manifest may differ)."""
    def whole(name: str) -> int | None:
        value = values.get(name)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def decimal(name: str) -> float | None:
        value = values.get(name)
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None

    def text(name: str) -> str | None:
        value = values.get(name)
        return value if isinstance(value, str) else None

    return OutputFile(
        path=str(values["path"]), product=str(values["product"]), format=text("format") or "", size=text("size") or "",
        item=whole("item"), side=text("side"), width_px=whole("width_px"), height_px=whole("height_px"),
        width_mm=decimal("width_mm"), height_mm=decimal("height_mm"), bytes=whole("bytes") or 0,
        sha256=text("sha256") or "", trim_width_mm=decimal("trim_width_mm"), trim_height_mm=decimal("trim_height_mm"),
        alt_text=text("alt_text"), render_key=text("render_key"), duration_s=decimal("duration_s"),
    )


class PreviousBuild:
    """The last build's files in ``out_dir``, each only while it is still exactly as its manifest says."""

    def __init__(self, manifest: Manifest | None, out_dir: Path) -> None:
        self.manifest = manifest
        self.out_dir = out_dir
        self.by_key = {f.render_key: f for f in manifest.files if f.render_key} if manifest else {}
        # A file of a set may also carry its own image's key after '#' ("<set key>/<path>#<image key>"): an image
        # of a set that changed is still reused by itself when its own drawing did not change.
        self.by_key.update({
            f.render_key.rsplit("#", 1)[1]: f for f in (manifest.files if manifest else ()) if f.render_key and "#" in f.render_key
        })
        self.verified: set[str] = set()  # paths whose file this build read and found as the manifest says

    def intact(self, entry: OutputFile) -> bytes | None:
        """The file's bytes if it is there with the checksum the manifest gives, else None."""
        try:
            data = (self.out_dir / entry.path).read_bytes()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != entry.sha256:
            return None
        self.verified.add(entry.path)
        checked = Checked(data)
        checked.sha256 = entry.sha256
        return checked

    def unchanged_since(self, build_key: str) -> bool:
        """True if the last build had this build key and every file it listed is still as written."""
        if self.manifest is None or self.manifest.build_key != build_key:
            return False
        return all(self.intact(entry) is not None for entry in self.manifest.files)

    def file(self, key: str) -> bytes | None:
        """The previous build's file for this render key, if it is still intact."""
        entry = self.by_key.get(key)
        return self.intact(entry) if entry else None

    def drawing_at(self, path: str) -> tuple[str, bytes] | None:
        """The key of the drawing the last build's file at ``path`` was made from (its render key after '#')
        and the file, if it is intact."""
        for entry in self.manifest.files if self.manifest else ():
            if entry.path == path and entry.render_key and "#" in entry.render_key:
                data = self.intact(entry)
                return (entry.render_key.rsplit("#", 1)[1], data) if data is not None else None
        return None

    def listed(self, key: str) -> bool:
        """The last build made a file for this render key (``file`` says whether it is still there, intact)."""
        return key in self.by_key

    def present(self, key: str) -> bool:
        """The last build's file for this render key is there with its listed size (``file`` reads it and checks
        its checksum: a cheap first look)."""
        entry = self.by_key.get(key)
        if entry is None:
            return False
        try:
            status = (self.out_dir / entry.path).stat()
        except OSError:
            return False
        return stat.S_ISREG(status.st_mode) and status.st_size == entry.bytes

    def drawn(self, own: str) -> list[MadeFile] | None:
        """The files the last build made from the drawing ``own`` (render keys ending "#<own>"), if all are intact."""
        files = []
        for entry in self.manifest.files if self.manifest else ():
            if entry.render_key and entry.render_key.endswith(f"#{own}"):
                data = self.intact(entry)
                if data is None:
                    return None
                files.append(MadeFile(entry.path, data, entry.meta()))
        return files or None

    def file_set(self, key: str) -> list[MadeFile] | None:
        """The files the last build made as one set under ``key`` (render keys ``key/path``), if all are intact."""
        files = []
        for render_key, entry in self.by_key.items():
            if render_key.startswith(key + "/") and render_key == entry.render_key:
                data = self.intact(entry)
                if data is None:
                    return None
                files.append(MadeFile(entry.path, data, entry.meta()))
        return files or None
