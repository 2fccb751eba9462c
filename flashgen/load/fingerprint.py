"""Fingerprints of what the code reads besides the user's files: flashgen's data tables and its own source.

``data_fingerprint()`` hashes every file under flashgen/data (sizes, wording,
media, the infographic's and the booklet's tables, the word list …): a
designer who tunes a table there must get a build that shows it, so the
build's no-op key and every reused document's key include it.
``source_fingerprint(*packages)`` hashes the source of flashgen packages, for
caches whose results depend on the code that made them (text/memo.py): a
changed line breaker never serves the lines of the old one.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from flashgen import __version__
from flashgen.load.resources import DATA_DIR, PACKAGE_DIR


def files_fingerprint(paths: list[Path]) -> str:
    """A hash of the names and bytes of ``paths`` (sorted)."""
    digest = hashlib.sha256(__version__.encode("utf-8"))
    for path in sorted(paths):
        digest.update(b"\0" + str(path).encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def data_files() -> list[Path]:
    """Every data table flashgen reads (flashgen/data)."""
    return sorted(path for path in DATA_DIR.rglob("*") if path.is_file())


def data_fingerprint() -> str:
    """A hash of every data table (about 2 ms: read again each build, so an edited table is seen)."""
    return files_fingerprint(data_files())


@functools.lru_cache(maxsize=16)
def source_fingerprint(*packages: str) -> str:
    """A hash of the Python source of the named flashgen packages or modules ("text", "load/fonts.py"); once per
    process: the code running is the code imported when it started."""
    paths: list[Path] = []
    for name in packages:
        target = PACKAGE_DIR / name
        paths += sorted(target.rglob("*.py")) if target.is_dir() else [target]
    return files_fingerprint(paths)
