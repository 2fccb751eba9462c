"""Building: what to make (``BuildOptions``), whether anything needs doing, and the entry point.

``build`` holds the output folder's lock, compares a hash of every input
with the last build's manifest (a build with nothing to do stops there,
without loading the renderer), and otherwise runs the stages
(``stages.run_stages``: load → merge → lay out → render → package).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from flashgen import __version__
from flashgen.load.fonts import FontBook
from flashgen.load.resources import DATA_DIR, ICONS_DIR
from flashgen.load.theme import load_theme
from flashgen.options import BuildOptions, Progress, _Silent, choose_products
from flashgen.output.gallery import GALLERY_NAME, write_gallery
from flashgen.output.staging import (
    MANIFEST_NAME,
    OutputFile,
    output_lock,
    read_manifest,
)


@dataclass(frozen=True)
class BuildResult:
    manifest: Path
    files: tuple[OutputFile, ...]
    warnings: tuple[str, ...] = field(default=())
    notes: tuple[str, ...] = field(default=())


def _input_key(options: BuildOptions, fonts: FontBook) -> str:
    """A hash of everything a build reads: if it matches the last build's, nothing needs doing."""
    digest = hashlib.sha256(f"{__version__}\0{replace(options, jobs=0, force=False)!r}\0{fonts.fingerprint}".encode())
    files = [options.content, *load_theme(options.theme).sources, DATA_DIR / "sizes.yaml"]
    files += [options.project_config] if options.project_config else []
    out = options.out_dir.resolve()
    files += sorted(
        p for folder in (options.templates_dir, ICONS_DIR) for p in folder.rglob("*")
        if p.is_file() and out not in p.resolve().parents  # an output folder inside the templates is not an input
    )
    for path in files:
        digest.update(str(path).encode("utf-8") + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"missing")
    return digest.hexdigest()


def _unchanged(previous: dict | None, key: str, out_dir: Path) -> bool:
    """True if the last build had this input key and every file it listed is still as written."""
    if not previous or previous.get("build_key") != key:
        return False
    for entry in previous.get("files", []):
        try:
            data = (out_dir / entry["path"]).read_bytes()
        except (OSError, KeyError, TypeError):
            return False
        if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
            return False
    return True


def build(options: BuildOptions, progress: Progress | None = None) -> BuildResult:
    """Make every requested product and return what was written.

    The whole build, from reading the last manifest to writing the new one,
    holds the output folder's lock: two builds on one folder cannot interleave.
    """
    with output_lock(options.out_dir):
        return _build(options, progress or _Silent())


def _build(options: BuildOptions, progress: Progress) -> BuildResult:
    products = choose_products(options.products)
    fonts = FontBook.from_folders(options.font_dirs)
    previous = read_manifest(options.out_dir)
    input_key = _input_key(options, fonts)
    if not options.force and _unchanged(previous, input_key, options.out_dir):
        assert previous is not None
        files = tuple(OutputFile(**entry) for entry in previous["files"])
        if not (options.out_dir / GALLERY_NAME).exists():
            write_gallery(options.out_dir)
        return BuildResult(options.out_dir / MANIFEST_NAME, files, notes=("Nothing changed since the last build.",))
    # Imported only now: the stages bring in the renderer and the PDF libraries, which a
    # build with nothing to do never needs (it answers in half the time without them).
    from flashgen.stages import run_stages

    return run_stages(options, products, fonts, previous, input_key, progress)
