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

import math
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Protocol

from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.files import NotInFolder, check_name_lengths, path_inside
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


class NoProgress:
    """A build nobody watches: the library called without a progress bar."""

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
    # flashgen.yaml's 'layouts:': a product's chosen layouts instead of those of the items' kinds.
    layouts: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # flashgen.yaml's 'video: audio:': a sound file in the project folder played under the videos (None: silent).
    video_audio: str | None = None

    def audio_file(self) -> Path | None:
        """The sound file 'video: audio:' names, when it is inside the project folder (the video checks the rest)."""
        if not self.video_audio:
            return None
        try:
            return path_inside(self.video_audio, (self.project_config or Path("flashgen.yaml")).parent)
        except NotInFolder:
            return None

    def layout_of(self, product: str) -> tuple[str, ...]:
        """The layouts chosen for ``product`` (empty: each item's kind chooses)."""
        return dict(self.layouts).get(product, ())


def choose_sizes(requested: tuple[str, ...], presets: Presets | None = None) -> list[CardSize]:
    presets = presets or load_presets()
    if requested:
        return [presets.card_size(name) for name in requested]
    return [size for size in presets.card_sizes.values() if size.default]


def choose_platforms(options: BuildOptions, presets: Presets) -> list[Platform]:
    unknown = [name for name in options.series if name not in SERIES]
    if unknown:
        raise FlashgenError(
            _("unknown series {names}; choose from: album, messages.").format(names=", ".join(repr(n) for n in unknown)),
            code="unknown-choice",
        )
    # None chosen: every platform made by default (not the bundled LED boards, data/led-boards.yaml).
    chosen = [presets.platform(n) for n in options.platforms] if options.platforms else [p for p in presets.platforms.values() if p.default]
    if options.series:
        chosen = [p for p in chosen if set(p.series) & set(options.series)]
        chosen = [Platform(**{**p.__dict__, "series": tuple(s for s in p.series if s in options.series)}) for p in chosen]
    if not chosen:
        raise FlashgenError(_("none of the chosen platforms posts that series."), code="no-platform")
    return chosen


PROJECT_FILE = "flashgen.yaml"
PROJECT_KEYS = {
    "content", "theme", "templates", "fonts", "out", "products", "sizes", "print", "social", "platforms", "limits",
    "layouts", "boards",  # boards: the project's LED boards, read with the platforms (load/boards.py)
    "video",
    "app",  # app: {code: …}, the access code of `flashgen app` on the network (flashgen/app/server.py)
}
VIDEO_KEYS = {"audio"}
PRINT_KEYS = {"card", "sheet", "flip", "gutter_mm", "margin_mm", "back_offset_mm"}
# The millimetres each print setting may take: wider than any office printer needs, and
# finite (nan or inf would be written into the PDF as they are, making a broken file).
MILLIMETRE_RANGES = {"gutter_mm": (0.0, 50.0), "margin_mm": (0.0, 50.0), "back_offset_mm": (-50.0, 50.0)}
# How each print setting is typed on the command line, for messages.
PRINT_OPTION_NAMES = {"gutter_mm": "--gutter", "margin_mm": "--margin", "back_offset_mm": "--back-offset"}


def millimetre_problem(key: str, values: tuple[float, ...]) -> str | None:
    """What is wrong with the millimetres ``values`` of the print setting ``key``, if anything."""
    low, high = MILLIMETRE_RANGES[key]
    if all(math.isfinite(value) and low <= value <= high for value in values):
        return None
    return _("expected millimetres from {low:g} to {high:g}.").format(low=low, high=high)
SOCIAL_KEYS = {"platforms", "only"}
LAYOUT_KEYS = {name for name, product in PRODUCTS.items() if product.layouts}


@dataclass(frozen=True)
class PrintChoices:
    """The print settings typed on the command line (``flashgen print``); None where not given."""

    card: str | None = None
    sheet: str | None = None
    flip: str | None = None
    gutter_mm: float | None = None
    margin_mm: float | None = None
    back_offset_mm: tuple[float, float] | None = None

    def given(self) -> dict[str, Any]:
        """The settings typed, each checked like the same setting in flashgen.yaml."""
        settings = {f.name: value for f in fields(self) if (value := getattr(self, f.name)) is not None}
        for key, value in settings.items():
            problem = millimetre_problem(key, value if isinstance(value, tuple) else (value,)) \
                if key in MILLIMETRE_RANGES else None
            if problem:
                typed = ",".join(f"{v:g}" for v in value) if isinstance(value, tuple) else f"{value:g}"
                raise FlashgenError(f"{PRINT_OPTION_NAMES[key]} {typed}: {problem}", code="print-option")
        return settings


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
    printing: PrintChoices = PrintChoices()
    jobs: int = 0
    force: bool = False


def find_project(config: Path | None, folder: Path | None = None) -> Path | None:
    """The project file to use: ``--config``, else flashgen.yaml in ``folder`` (the current one)."""
    if config is not None:
        if not config.is_file():
            raise FlashgenError(_("{file}: there is no such project file.").format(file=config), code="no-project-file")
        return config
    candidate = (folder or Path.cwd()) / PROJECT_FILE
    return candidate if candidate.is_file() else None


class _ProjectReader:
    """A project file's settings (none without a file), each checked when an option asks for it."""

    def __init__(self, project: Path | None) -> None:
        self.project = project
        self.path = project or Path(PROJECT_FILE)  # as messages name it
        self.folder = self.path.parent
        self.document = self.read() if project else MarkedDict()
        self.social: MarkedDict = self.document.get("social") or MarkedDict()

    def fail(self, block: MarkedDict, key: str, problem: str) -> FlashgenError:
        return FlashgenError(
            _("{file}, line {line}, '{key}': {problem}").format(file=self.path, line=block.line_of(key), key=key, problem=problem),
            code="project-setting",
        )

    def read(self) -> MarkedDict:
        document = read_yaml(self.path)
        if document is None:
            return MarkedDict()
        if not isinstance(document, MarkedDict):
            raise FlashgenError(
                _("{file}: expected settings as 'name: value' lines (see `flashgen init`).").format(file=self.path),
                code="project-setting",
            )
        self.known(document, PROJECT_KEYS)
        for key, known in (("print", PRINT_KEYS), ("social", SOCIAL_KEYS), ("layouts", LAYOUT_KEYS), ("video", VIDEO_KEYS)):
            if key in document:
                if not isinstance(document[key], MarkedDict):
                    raise self.fail(document, key, _("expected 'name: value' lines under it."))
                self.known(document[key], known)
        return document

    def known(self, block: MarkedDict, keys: set[str]) -> None:
        for key in block:
            if key not in keys:
                raise self.fail(block, key, _("unknown setting (known here: {known}).").format(known=", ".join(sorted(keys))))

    def path_of(self, typed: Path | None, key: str) -> Path | None:
        """The file or folder typed on the command line, else the project's ``key`` (relative to the file)."""
        if typed:
            return typed
        value = self.document.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(self.document, key, _("expected a file or folder name."))
        path = Path(value)
        return path if path.is_absolute() else self.folder / path

    def names(
        self, typed: tuple[str, ...], block: MarkedDict, key: str, allowed: tuple[str, ...] | None = None
    ) -> tuple[str, ...]:
        """The names typed on the command line, else the list under ``key`` of ``block``."""
        if typed:
            return typed
        values = self.name_list(block, key)
        unknown = [v for v in values if allowed is not None and v not in allowed]
        if unknown:
            raise self.fail(
                block, key, _("unknown '{name}'; choose from: {choices}.").format(name=unknown[0], choices=", ".join(allowed or ()))
            )
        return values

    def name_list(self, block: MarkedDict, key: str) -> tuple[str, ...]:
        """The names under ``key``: a list, or a single name."""
        value = block.get(key)
        if value is None:
            return ()
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise self.fail(block, key, _("expected a list of names, e.g. [a6, social]."))
        return tuple(values)

    def theme_name(self, typed: str | None) -> str | None:
        """The theme typed on the command line, else the project's (a name or a file, found later)."""
        if typed is not None:
            return typed
        name = self.document.get("theme")
        if name is not None and not isinstance(name, str):
            raise self.fail(self.document, "theme", _("expected a bundled theme's name (xanh, do) or a theme file."))
        return name

    def printing(self, typed: PrintChoices) -> PrintOptions:
        """The print layout: fields typed on the command line over the project's 'print:' section."""
        block = self.document.get("print")
        settings = self.print_settings(block) if block else {}
        return replace(PrintOptions(), **{**settings, **typed.given()})

    def print_settings(self, block: MarkedDict) -> dict[str, Any]:
        settings: dict[str, Any] = {key: str(block[key]) for key in ("card", "sheet", "flip") if key in block}
        settings.update({key: self.millimetres(block, key) for key in ("gutter_mm", "margin_mm") if key in block})
        if "back_offset_mm" in block:
            settings["back_offset_mm"] = self.offset(block, "back_offset_mm")
        return settings

    def millimetres(self, block: MarkedDict, key: str) -> float:
        value = block[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(block, key, _("expected a number of millimetres."))
        self.check_range(block, key, (float(value),))
        return float(value)

    def offset(self, block: MarkedDict, key: str) -> tuple[float, float]:
        value = block[key]
        if not (isinstance(value, list) and len(value) == 2 and all(_is_number(v) for v in value)):
            raise self.fail(block, key, _("expected [x, y] in millimetres, e.g. [1.5, -1]."))
        offset = float(value[0]), float(value[1])
        self.check_range(block, key, offset)
        return offset

    def check_range(self, block: MarkedDict, key: str, values: tuple[float, ...]) -> None:
        problem = millimetre_problem(key, values)
        if problem:
            raise self.fail(block, key, problem)

    def out_dir(self, typed: Path | None) -> Path:
        """Typed, else the project's 'out', else 'out' beside the project file (or in the current folder)."""
        folder = self.path_of(typed, "out") or (self.folder / "out" if self.project else Path("out"))
        check_name_lengths(folder)  # refused now, not when the build first creates something in it
        return folder

    def layouts(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The 'layouts:' section: for each product named there, its layout (or layouts)."""
        block = self.document.get("layouts") or MarkedDict()
        chosen = []
        for name in block:
            product = PRODUCTS[name]
            values = self.names((), block, name, product.layouts)
            if not values or (len(values) > 1 and not product.many_layouts):
                how = _("expected one or more of: {layouts}.") if product.many_layouts else _("expected one of: {layouts}.")
                raise self.fail(block, name, how.format(layouts=", ".join(product.layouts)))
            chosen.append((name, values))
        return tuple(chosen)

    def video_audio(self) -> str | None:
        """The 'video:' section's 'audio': a sound file's name, as written (checked when a video is made)."""
        block = self.document.get("video") or MarkedDict()
        value = block.get("audio")
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise self.fail(block, "audio", _("expected the name of a sound file in the project folder, e.g. nhac-nen.mp3."))
        return value

    def limits(self) -> Limits:
        return Limits.from_mapping(self.document["limits"], self.path) if "limits" in self.document else Limits()


def resolve_options(given: CommandLine, folder: Path | None = None) -> BuildOptions:
    """The build's options: the command line over the project file over the defaults.

    Options are resolved in a fixed order, so of several mistakes in a project
    file the same one is always reported first.
    """
    project = _ProjectReader(find_project(given.config, folder))
    theme = project.theme_name(given.theme)
    extra_fonts = project.path_of(given.fonts, "fonts")
    printing = project.printing(given.printing)
    limits = project.limits()
    return BuildOptions(
        content=project.path_of(given.content, "content") or DEFAULT_CONTENT,
        out_dir=project.out_dir(given.out),
        products=project.names(given.products, project.document, "products", tuple(PRODUCTS)),
        sizes=project.names(given.sizes, project.document, "sizes"),
        templates_dir=project.path_of(given.templates, "templates") or TEMPLATES_DIR,
        font_dirs=_font_dirs(extra_fonts),
        printing=printing,
        platforms=project.names(given.platforms, project.social, "platforms"),
        series=project.names(given.series, project.social, "only", SERIES),
        project_config=project.project,
        # A theme file typed on the command line is relative to the current folder, the project's to the project.
        theme=find_theme(theme, project.folder if given.theme is None else None),
        limits=limits,
        layouts=project.layouts(),
        video_audio=project.video_audio(),
        jobs=given.jobs,
        force=given.force,
    )


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _font_dirs(extra: Path | None) -> tuple[Path, ...]:
    """The bundled fonts, plus the user's folder if one is given."""
    if extra is None or extra.resolve() == FONTS_DIR.resolve():
        return (FONTS_DIR,)
    return (FONTS_DIR, extra)
