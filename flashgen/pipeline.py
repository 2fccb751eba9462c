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
from typing import Protocol

from . import __version__
from .errors import FlashgenError
from .fonts import FontBook
from .limits import Limits
from .package import MANIFEST_NAME, OutputFile, output_lock, read_manifest
from .presets import SERIES, CardSize, Platform, Presets, load_presets
from .preview import GALLERY_NAME, write_gallery
from .resources import DATA_DIR, DEFAULT_CONTENT, DEFAULT_THEME, FONTS_DIR, ICONS_DIR, TEMPLATES_DIR
from .theme import load_theme

PRODUCTS = ("flashcards", "print", "booklet", "leaflet", "social", "infographic")


class Progress(Protocol):
    """What the build reports while it runs (the CLI draws a progress bar)."""

    def start(self, total: int, label: str) -> None: ...

    def advance(self) -> None: ...


class _Silent:
    def start(self, total: int, label: str) -> None:
        pass

    def advance(self) -> None:
        pass


@dataclass(frozen=True)
class PrintOptions:
    """How cards are laid out on office paper (the 'print' product)."""

    card: str = "a6"
    sheet: str = "a4"
    flip: str = "long"
    gutter_mm: float = 0.0
    margin_mm: float = 5.0
    back_offset_mm: tuple[float, float] = (0.0, 0.0)


@dataclass(frozen=True)
class BuildOptions:
    content: Path = DEFAULT_CONTENT
    out_dir: Path = Path("out")
    products: tuple[str, ...] = ()  # empty: every product
    sizes: tuple[str, ...] = ()  # flashcard sizes; empty: the default ones
    templates_dir: Path = TEMPLATES_DIR
    font_dirs: tuple[Path, ...] = (FONTS_DIR,)
    printing: PrintOptions = PrintOptions()
    platforms: tuple[str, ...] = ()  # social platforms; empty: all
    series: tuple[str, ...] = ()  # social series (album, messages); empty: both
    project_config: Path | None = None  # a flashgen.yaml that may add platforms
    theme: Path = DEFAULT_THEME  # colours, fonts and logo (theme.py)
    limits: Limits = Limits()  # how large inputs may be (the project's 'limits:')
    jobs: int = 0  # worker processes for rendering; 0: one per available core
    force: bool = False  # render everything again, even what has not changed


@dataclass(frozen=True)
class BuildResult:
    manifest: Path
    files: tuple[OutputFile, ...]
    warnings: tuple[str, ...] = field(default=())
    notes: tuple[str, ...] = field(default=())


def choose_products(requested: tuple[str, ...]) -> tuple[str, ...]:
    unknown = [name for name in requested if name not in PRODUCTS]
    if unknown:
        raise FlashgenError(f"unknown product {', '.join(repr(n) for n in unknown)}; choose from: {', '.join(PRODUCTS)}.")
    return tuple(name for name in PRODUCTS if name in requested) if requested else PRODUCTS


def choose_sizes(requested: tuple[str, ...], presets: Presets | None = None) -> list[CardSize]:
    presets = presets or load_presets()
    if requested:
        return [presets.card_size(name) for name in requested]
    return [size for size in presets.card_sizes.values() if size.default]


def choose_platforms(options: BuildOptions, presets: Presets) -> list[Platform]:
    unknown = [name for name in options.series if name not in SERIES]
    if unknown:
        raise FlashgenError(f"unknown series {', '.join(repr(n) for n in unknown)}; choose from: album, messages.")
    chosen = [presets.platform(n) for n in options.platforms] if options.platforms else list(presets.platforms.values())
    if options.series:
        chosen = [p for p in chosen if set(p.series) & set(options.series)]
        chosen = [Platform(**{**p.__dict__, "series": tuple(s for s in p.series if s in options.series)}) for p in chosen]
    if not chosen:
        raise FlashgenError("none of the chosen platforms posts that series.")
    return chosen


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
    from .stages import run_stages

    return run_stages(options, products, fonts, previous, input_key, progress)
