"""Project settings: a ``flashgen.yaml`` plus the command line in, ``BuildOptions`` out.

A campaign project (``flashgen init`` makes one) is a folder with a
``flashgen.yaml`` that says which content, theme, templates and fonts to use,
which products to make and how (sizes, paper, platforms). Paths in it are
relative to the file. Every command of the CLI passes what the user typed
(``None`` for an option not given); a value on the command line wins over the
project file, which wins over flashgen's defaults.

Without ``--config``, a ``flashgen.yaml`` in the current folder is used, so
``cd my-campaign && flashgen build`` just works.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from flashgen.errors import FlashgenError
from flashgen.load.limits import Limits
from flashgen.load.presets import SERIES, CardSize, Platform, Presets, load_presets
from flashgen.load.resources import (
    DEFAULT_CONTENT,
    DEFAULT_THEME,
    FONTS_DIR,
    TEMPLATES_DIR,
)
from flashgen.load.theme import find_theme
from flashgen.load.yamlfile import MarkedDict, read_yaml
from flashgen.products import PRODUCTS


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


PROJECT_FILE = "flashgen.yaml"
PROJECT_KEYS = {
    "content", "theme", "templates", "fonts", "out", "products", "sizes", "print", "social", "platforms", "limits",
}
PRINT_KEYS = {"card", "sheet", "flip", "gutter_mm", "margin_mm", "back_offset_mm"}
SOCIAL_KEYS = {"platforms", "only"}


@dataclass(frozen=True)
class CommandLine:
    """What the user typed; ``None`` (or empty) where an option was not given."""

    config: Path | None = None
    content: Path | None = None
    theme: str | None = None
    out: Path | None = None
    templates: Path | None = None
    fonts: Path | None = None
    products: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    series: tuple[str, ...] = ()
    printing: dict[str, Any] | None = None  # PrintOptions fields given on the command line
    jobs: int = 0
    force: bool = False


def find_project(config: Path | None, folder: Path | None = None) -> Path | None:
    """The project file to use: ``--config``, else flashgen.yaml in ``folder`` (the current one)."""
    if config is not None:
        if not config.is_file():
            raise FlashgenError(f"{config}: there is no such project file.")
        return config
    candidate = (folder or Path.cwd()) / PROJECT_FILE
    return candidate if candidate.is_file() else None


class _ProjectReader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.folder = path.parent

    def fail(self, block: MarkedDict, key: str, problem: str) -> FlashgenError:
        return FlashgenError(f"{self.path}, line {block.line_of(key)}, '{key}': {problem}")

    def read(self) -> MarkedDict:
        document = read_yaml(self.path)
        if document is None:
            return MarkedDict()
        if not isinstance(document, MarkedDict):
            raise FlashgenError(f"{self.path}: expected settings as 'name: value' lines (see `flashgen init`).")
        self.known(document, PROJECT_KEYS)
        for key, known in (("print", PRINT_KEYS), ("social", SOCIAL_KEYS)):
            if key in document:
                if not isinstance(document[key], MarkedDict):
                    raise self.fail(document, key, "expected 'name: value' lines under it.")
                self.known(document[key], known)
        return document

    def known(self, block: MarkedDict, keys: set[str]) -> None:
        for key in block:
            if key not in keys:
                raise self.fail(block, key, f"unknown setting (known here: {', '.join(sorted(keys))}).")

    def path_of(self, block: MarkedDict, key: str) -> Path | None:
        value = block.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(block, key, "expected a file or folder name.")
        path = Path(value)
        return path if path.is_absolute() else self.folder / path

    def names(self, block: MarkedDict, key: str, allowed: tuple[str, ...] | None = None) -> tuple[str, ...]:
        value = block.get(key)
        if value is None:
            return ()
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise self.fail(block, key, "expected a list of names, e.g. [a6, social].")
        unknown = [v for v in values if allowed is not None and v not in allowed]
        if unknown:
            raise self.fail(block, key, f"unknown '{unknown[0]}'; choose from: {', '.join(allowed or ())}.")
        return tuple(values)

    def printing(self, block: MarkedDict | None) -> dict[str, Any]:
        if not block:
            return {}
        settings: dict[str, Any] = {}
        for key in ("card", "sheet", "flip"):
            if key in block:
                settings[key] = str(block[key])
        for key in ("gutter_mm", "margin_mm"):
            if key in block:
                if isinstance(block[key], bool) or not isinstance(block[key], (int, float)):
                    raise self.fail(block, key, "expected a number of millimetres.")
                settings[key] = float(block[key])
        if "back_offset_mm" in block:
            offset = block["back_offset_mm"]
            if not (isinstance(offset, list) and len(offset) == 2 and all(isinstance(v, (int, float)) for v in offset)):
                raise self.fail(block, "back_offset_mm", "expected [x, y] in millimetres, e.g. [1.5, -1].")
            settings["back_offset_mm"] = (float(offset[0]), float(offset[1]))
        return settings


def resolve_options(given: CommandLine, folder: Path | None = None) -> BuildOptions:
    """The build's options: the command line over the project file over the defaults."""
    project = find_project(given.config, folder)
    document = _ProjectReader(project).read() if project else MarkedDict()
    reader = _ProjectReader(project or Path(PROJECT_FILE))
    social = document.get("social") or MarkedDict()
    theme = given.theme if given.theme is not None else document.get("theme")
    if theme is not None and not isinstance(theme, str):
        raise reader.fail(document, "theme", "expected a bundled theme's name (xanh, do) or a theme file.")
    extra_fonts = given.fonts or reader.path_of(document, "fonts")
    printing = {**reader.printing(document.get("print")), **(given.printing or {})}
    options = BuildOptions(
        content=given.content or reader.path_of(document, "content") or DEFAULT_CONTENT,
        out_dir=given.out or reader.path_of(document, "out") or (reader.folder / "out" if project else Path("out")),
        products=given.products or reader.names(document, "products", tuple(PRODUCTS)),
        sizes=given.sizes or reader.names(document, "sizes"),
        templates_dir=given.templates or reader.path_of(document, "templates") or TEMPLATES_DIR,
        font_dirs=_font_dirs(extra_fonts),
        printing=replace(PrintOptions(), **printing),
        platforms=given.platforms or reader.names(social, "platforms"),
        series=given.series or reader.names(social, "only", SERIES),
        project_config=project,
        theme=find_theme(theme, reader.folder if given.theme is None else None),
        limits=Limits.from_mapping(document["limits"], project) if project and "limits" in document else Limits(),
        jobs=given.jobs,
        force=given.force,
    )
    return options


def _font_dirs(extra: Path | None) -> tuple[Path, ...]:
    """The bundled fonts, plus the user's folder if one is given."""
    if extra is None or extra.resolve() == FONTS_DIR.resolve():
        return (FONTS_DIR,)
    return (FONTS_DIR, extra)
