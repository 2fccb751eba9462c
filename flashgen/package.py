"""Stage 5 — package: rendered files in, a complete output folder and manifest out.

Files are first written to a staging folder beside the output folder; only
when every output of the build exists are they moved into place (each move
atomic) and ``manifest.json`` written last. A build that fails or is
interrupted therefore never leaves a truncated file or a half-new folder, and
files of an earlier build that this build no longer makes are removed only if
that earlier manifest lists them (flashgen never deletes what it did not make).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from types import TracebackType

from .errors import FlashgenError

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1


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
    alt_text: str | None = None
    render_key: str | None = None


@dataclass(frozen=True)
class FileMeta:
    """What the build knows about a file before it is written."""

    product: str
    format: str
    size: str
    item: int | None = None
    side: str | None = None
    width_px: int | None = None
    height_px: int | None = None
    width_mm: float | None = None
    height_mm: float | None = None
    alt_text: str | None = None  # the words an image shows, for screen readers
    render_key: str | None = None  # hash of everything a rendered image depends on (rasterjobs.py)


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.partial")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def read_manifest(out_dir: Path) -> dict | None:
    try:
        return json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


class Staging:
    """Collects a build's files and moves them into ``out_dir`` all at the end."""

    def __init__(
        self, out_dir: Path, build_info: dict[str, object], products: tuple[str, ...], previous: dict | None = None
    ) -> None:
        self.out_dir = out_dir
        self.previous = previous or {}  # the manifest of the build this one replaces
        self.build_info = build_info
        self.products = products  # this build replaces these products' files, keeps the others
        self.files: list[OutputFile] = []
        self.folder: Path | None = None

    def __enter__(self) -> Staging:
        parent = self.out_dir.resolve().parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
            self.folder = Path(tempfile.mkdtemp(prefix=f".{self.out_dir.name}.flashgen-", dir=parent))
        except OSError as exc:
            raise FlashgenError(f"cannot write in {parent} ({exc.strerror}); choose another output folder.") from None
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)

    def add(self, relative: str, data: bytes, meta: FileMeta) -> OutputFile:
        """Stage ``data`` to become ``out_dir/relative``."""
        assert self.folder is not None, "use Staging as a context manager"
        target = self.folder / relative
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        except OSError as exc:
            raise FlashgenError(f"cannot write the output file {relative} ({exc.strerror}).") from None
        record = OutputFile(path=relative, bytes=len(data), sha256=hashlib.sha256(data).hexdigest(), **asdict(meta))
        self.files.append(record)
        return record

    def commit(self) -> Path:
        """Move every staged file into place, remove stale ones, write the manifest."""
        assert self.folder is not None
        previous = self.previous
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            for record in self.files:
                target = self.out_dir / record.path
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(self.folder / record.path, target)
            kept = self._kept_entries(previous)
            self._remove_stale(previous)
            files = sorted(kept + [asdict(f) for f in self.files], key=lambda entry: entry["path"])
            manifest = {"manifest_version": MANIFEST_VERSION, **self.build_info, "files": files}
            _write_atomically(self.out_dir / MANIFEST_NAME, (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        except OSError as exc:
            raise FlashgenError(f"cannot write to the output folder {self.out_dir} ({exc.strerror}).") from None
        return self.out_dir / MANIFEST_NAME

    def _kept_entries(self, previous: dict) -> list[dict]:
        """Entries of products this build did not make, whose files are still there."""
        current = {record.path for record in self.files}
        return [
            entry for entry in previous.get("files", [])
            if isinstance(entry, dict) and entry.get("product") not in self.products
            and entry.get("path") not in current and (self.out_dir / str(entry.get("path"))).is_file()
        ]

    def _remove_stale(self, previous: dict) -> None:
        """Delete files of the rebuilt products that this build no longer makes."""
        current = {record.path for record in self.files}
        for entry in previous.get("files", []):
            relative = entry.get("path") if isinstance(entry, dict) else None
            if not isinstance(relative, str) or relative in current or entry.get("product") not in self.products:
                continue
            target = (self.out_dir / relative).resolve()
            if self.out_dir.resolve() in target.parents and target.is_file():
                target.unlink()
