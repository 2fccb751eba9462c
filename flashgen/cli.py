"""The ``flashgen`` command. Commands only declare options and call the library;
``main`` is the one place that turns a ``FlashgenError`` into a message and an
exit code."""

from __future__ import annotations

import sys
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


def _run(options: BuildOptions) -> None:
    """Build with a progress bar, then report warnings, notes and where the files are."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    try:
        with Progress(*columns, console=errors, transient=False) as progress:
            result: BuildResult = build(options, _Bar(progress))
    except KeyboardInterrupt:
        raise FlashgenError(
            f"stopped (Ctrl-C) before the build finished. {options.out_dir}/ holds the files of the last complete build."
        ) from None
    for warning in result.warnings:
        errors.print(f"[yellow]Warning:[/yellow] {warning}", highlight=False)
    for note in result.notes:
        errors.print(f"[cyan]Note:[/cyan] {note}", highlight=False)
    typer.echo(f"Wrote {len(result.files)} files to {options.out_dir}/ (list: {result.manifest}).")


@app.command("build")
def build_command(
    content: Path = CONTENT_OPTION,
    out: Path = OUT_OPTION,
    product: Optional[list[str]] = typer.Option(
        None, "--product", "-p",
        help=f"What to make; repeat for several. Default: everything. One of: {', '.join(PRODUCTS)}.",
    ),
    size: Optional[list[str]] = typer.Option(
        None, "--size", "-s",
        help="Flashcard size to make PNGs of; repeat for several. Default: a6 and social. See `flashgen sizes`.",
    ),
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

    Typer itself answers usage mistakes (exit code 2) and Ctrl-C outside a
    build ("Aborted!", exit code 1); a ``FlashgenError`` from the library, or
    Ctrl-C during a build (``_run``), becomes its message and exit code 1,
    without a traceback.
    """
    try:
        app()
    except FlashgenError as exc:
        errors.print(f"[bold red]Error:[/bold red] {exc.message}", highlight=False, soft_wrap=True)
        sys.exit(1)
