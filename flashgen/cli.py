"""The ``flashgen`` command. Commands only declare options and call the library;
``main`` is the one place that turns a ``FlashgenError`` into a message and an
exit code."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from . import __version__
from .errors import FlashgenError
from .pipeline import PRODUCTS, BuildOptions, BuildResult, PrintOptions, build
from .presets import load_presets
from .resources import DEFAULT_CONTENT, FONTS_DIR, TEMPLATES_DIR
from .watch import Rebuilt, watch

app = typer.Typer(
    help=(
        "flashgen: turns campaign content (a YAML file) into finished flashcards — PNG images "
        "for fanpages and Zalo, and a PDF for printing.\n\n"
        "Tạo bộ thẻ (flashcard) từ nội dung chiến dịch: ảnh PNG để đăng mạng xã hội và tệp PDF để in."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
errors = Console(stderr=True)


class _Bar:
    """Draws the build's progress on the terminal."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task: int | None = None

    def start(self, total: int, label: str) -> None:
        self.task = self.progress.add_task(label, total=total)

    def advance(self) -> None:
        if self.task is not None:
            self.progress.advance(self.task)


BAR_COLUMNS = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())


class _WatchReport:
    """Prints what `flashgen watch` does: each change, a progress bar per build, its outcome."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.progress: Progress | None = None
        self.bar: _Bar | None = None

    def watching(self, paths: tuple[Path, ...]) -> None:
        errors.print(f"Watching {', '.join(str(p) for p in paths)} for changes.", highlight=False)

    def building(self, changed: tuple[Path, ...]) -> None:
        if changed:
            names = ", ".join(dict.fromkeys(p.name for p in changed))
            errors.print(f"{time.strftime('%H:%M:%S')} Changed: {names} — building again.", highlight=False)
        self.progress = Progress(*BAR_COLUMNS, console=errors, transient=True)
        self.progress.start()
        self.bar = _Bar(self.progress)

    def start(self, total: int, label: str) -> None:
        if self.bar is not None:
            self.bar.start(total, label)

    def advance(self) -> None:
        if self.bar is not None:
            self.bar.advance()

    def built(self, outcome: Rebuilt) -> None:
        self._end_bar()
        _tell(outcome.result)
        drawn = f"{outcome.redrawn} image{'' if outcome.redrawn == 1 else 's'} drawn"
        typer.echo(
            f"{time.strftime('%H:%M:%S')} Wrote {len(outcome.result.files)} files to {self.out_dir}/: "
            f"{drawn}, {outcome.reused} unchanged."
        )
        self._waiting()

    def failed(self, message: str) -> None:
        self._end_bar()
        _print_error(message)
        errors.print(f"Nothing in {self.out_dir}/ was changed. Fix the problem and save again.", highlight=False)
        self._waiting()

    def stopped(self) -> None:
        self._end_bar()
        errors.print("Stopped watching.", highlight=False)

    def _waiting(self) -> None:
        errors.print("Waiting for changes… (press Ctrl+C to stop)", highlight=False)

    def _end_bar(self) -> None:
        if self.progress is not None:
            self.progress.stop()
        self.progress = self.bar = None


CONTENT_OPTION = typer.Option(
    DEFAULT_CONTENT, "--content", "-c",
    help="Content file (YAML). Default: the bundled 17 differences between CNTT and CĐS.",
)
OUT_OPTION = typer.Option(Path("out"), "--out", "-o", help="Folder to write the files and manifest.json into.")
TEMPLATES_OPTION = typer.Option(TEMPLATES_DIR, "--templates", help="Folder with the SVG templates.")
FONTS_OPTION = typer.Option(
    None, "--fonts", help="A folder of extra fonts (.ttf/.otf) for your templates, used besides the bundled ones."
)
CONFIG_OPTION = typer.Option(None, "--config", help="A flashgen.yaml that adds platforms of your own.")
JOBS_OPTION = typer.Option(0, "--jobs", "-j", help="How many images to draw at once (0: one per processor core).")
FORCE_OPTION = typer.Option(False, "--force", help="Draw everything again, even what has not changed since the last build.")
PRODUCT_OPTION = typer.Option(
    None, "--product", "-p",
    help=f"What to make; repeat for several. Default: everything. One of: {', '.join(PRODUCTS)}.",
)
SIZE_OPTION = typer.Option(
    None, "--size", "-s",
    help="Flashcard size to make PNGs of; repeat for several. Default: a6 and social. See `flashgen sizes`.",
)


def _run(options: BuildOptions) -> None:
    """Build with a progress bar, then report warnings, notes and where the files are."""
    with Progress(*BAR_COLUMNS, console=errors, transient=False) as progress:
        result: BuildResult = build(options, _Bar(progress))
    _tell(result)
    typer.echo(f"Wrote {len(result.files)} files to {options.out_dir}/ (list: {result.manifest}).")


def _tell(result: BuildResult) -> None:
    """Print a build's warnings and notes."""
    for warning in result.warnings:
        errors.print(f"[yellow]Warning:[/yellow] {warning}", highlight=False)
    for note in result.notes:
        errors.print(f"[cyan]Note:[/cyan] {note}", highlight=False)


@app.command("build")
def build_command(
    content: Path = CONTENT_OPTION,
    out: Path = OUT_OPTION,
    product: Optional[list[str]] = PRODUCT_OPTION,
    size: Optional[list[str]] = SIZE_OPTION,
    templates: Path = TEMPLATES_OPTION,
    fonts: Optional[Path] = FONTS_OPTION,
    config: Optional[Path] = CONFIG_OPTION,
    jobs: int = JOBS_OPTION,
    force: bool = FORCE_OPTION,
) -> None:
    """Make everything: card images, print PDFs, booklet, leaflet, infographic and social-media sets (Tạo tất cả).

    Only what changed since the last build into the same folder is drawn again.
    """
    _run(BuildOptions(
        content=content, out_dir=out, products=tuple(product or ()), sizes=tuple(size or ()),
        templates_dir=templates, font_dirs=_font_dirs(fonts), project_config=config, jobs=jobs, force=force,
    ))


@app.command("watch")
def watch_command(
    content: Path = CONTENT_OPTION,
    out: Path = OUT_OPTION,
    product: Optional[list[str]] = PRODUCT_OPTION,
    size: Optional[list[str]] = SIZE_OPTION,
    templates: Path = TEMPLATES_OPTION,
    fonts: Optional[Path] = FONTS_OPTION,
    config: Optional[Path] = CONFIG_OPTION,
    jobs: int = JOBS_OPTION,
) -> None:
    """Build, then build again each time you save the content, a template, a font or the config (Tự động tạo lại khi tệp thay đổi).

    Only what your change affects is drawn again. A mistake in a file is shown and the files made before stay as they are; fix it and save again. Press Ctrl+C to stop.
    """  # noqa: E501 - one paragraph: the help screen wraps it
    options = BuildOptions(
        content=content, out_dir=out, products=tuple(product or ()), sizes=tuple(size or ()),
        templates_dir=templates, font_dirs=_font_dirs(fonts), project_config=config, jobs=jobs,
    )
    watch(options, _WatchReport(out))


def _font_dirs(extra: Optional[Path]) -> tuple[Path, ...]:
    """The bundled fonts, plus the user's folder if one is given."""
    if extra is None or extra.resolve() == FONTS_DIR.resolve():
        return (FONTS_DIR,)
    return (FONTS_DIR, extra)


def _offset(value: str) -> tuple[float, float]:
    try:
        x, y = (float(part) for part in value.replace(" ", "").split(","))
    except ValueError:
        raise typer.BadParameter("write it as X,Y in millimetres, e.g. 1.5,-1") from None
    return x, y


@app.command("print")
def print_command(
    card: str = typer.Option("a6", "--card", help="Card size: a6, a7, poker (63 × 88 mm) or business (90 × 55 mm)."),
    sheet: str = typer.Option("a4", "--sheet", help="Paper: a4, a3 or letter."),
    flip: str = typer.Option(
        "long", "--flip",
        help="How your printer turns the paper for the back: long (edge, the usual) or short.",
    ),
    gutter: float = typer.Option(0.0, "--gutter", help="Space between cards, in mm (0: cut once between cards)."),
    margin: float = typer.Option(5.0, "--margin", help="Edge of the paper your printer cannot print on, in mm."),
    back_offset: str = typer.Option(
        "0,0", "--back-offset",
        help="Move the backs by X,Y mm to match the fronts; read X,Y off the calibration sheet.",
    ),
    content: Path = CONTENT_OPTION,
    out: Path = OUT_OPTION,
    templates: Path = TEMPLATES_OPTION,
    fonts: Optional[Path] = FONTS_OPTION,
    jobs: int = JOBS_OPTION,
    force: bool = FORCE_OPTION,
) -> None:
    """Cards to print double-sided on an office printer and cut by hand, plus a calibration sheet (In thẻ)."""
    printing = PrintOptions(
        card=card, sheet=sheet, flip=flip, gutter_mm=gutter, margin_mm=margin, back_offset_mm=_offset(back_offset)
    )
    _run(BuildOptions(
        content=content, out_dir=out, products=("print",), templates_dir=templates, font_dirs=_font_dirs(fonts), printing=printing,
        jobs=jobs, force=force,
    ))


def _platform_help() -> str:
    try:
        platforms = load_presets().platforms
    except FlashgenError:
        return "Platform to make images for; repeat for several. Default: all. See `flashgen sizes`."
    listing = "; ".join(f"{name}: {p.label}" for name, p in platforms.items())
    return f"Platform to make images for; repeat for several. Default: all. Platforms: {listing}."


@app.command("social")
def social_command(
    platform: Optional[list[str]] = typer.Option(None, "--platform", help=_platform_help()),
    only: Optional[str] = typer.Option(
        None, "--only",
        help="album: the cover, one image per point and the closing image; messages: one image per campaign message.",
    ),
    config: Optional[Path] = CONFIG_OPTION,
    content: Path = CONTENT_OPTION,
    out: Path = OUT_OPTION,
    templates: Path = TEMPLATES_OPTION,
    fonts: Optional[Path] = FONTS_OPTION,
    jobs: int = JOBS_OPTION,
    force: bool = FORCE_OPTION,
) -> None:
    """Images ready to post, one folder per platform, numbered in posting order, with captions (Ảnh mạng xã hội).

    Each folder out/social/<platform>/ holds the album (cover, one image per point, closing image with a QR code to the full text) and one image per campaign message, captions.txt with the words to post and the alt text of every image, captions.csv for schedulers, and out/social/<platform>.zip with it all.
    """  # noqa: E501 - one paragraph: the help screen wraps it
    _run(BuildOptions(
        content=content, out_dir=out, products=("social",), templates_dir=templates, font_dirs=_font_dirs(fonts),
        platforms=tuple(platform or ()), series=(only,) if only else (), project_config=config, jobs=jobs, force=force,
    ))


@app.command("sizes")
def sizes_command() -> None:
    """List the card sizes and paper sizes flashgen knows (Các khổ thẻ và khổ giấy)."""
    presets = load_presets()
    typer.echo("Card sizes (--size, --card):")
    for name, card_size in presets.card_sizes.items():
        width, height = card_size.pixels
        typer.echo(f"  {name:10} {card_size.label}  ({width} × {height} px)")
    typer.echo("Paper (--sheet):")
    for name, sheet in presets.sheets.items():
        typer.echo(f"  {name:10} {sheet.label}")
    typer.echo("Social platforms (--platform):")
    for name, platform in presets.platforms.items():
        width, height = platform.pixels
        typer.echo(f"  {name:18} {platform.label}  ({width} × {height} px, {platform.format.upper()})")


@app.command("version")
def version_command() -> None:
    """Print flashgen's version."""
    typer.echo(__version__)


def main() -> None:
    """Entry point of the console script: the one place errors become exit codes.

    Typer itself answers usage mistakes (exit code 2) and Ctrl-C ("Aborted!",
    exit code 1); a ``FlashgenError`` from the library becomes its message and
    exit code 1, without a traceback.
    """
    try:
        app()
    except FlashgenError as exc:
        _print_error(exc.message)
        sys.exit(1)


def _print_error(message: str) -> None:
    errors.print(f"[bold red]Error:[/bold red] {message}", highlight=False, soft_wrap=True)
