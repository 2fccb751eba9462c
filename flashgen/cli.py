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
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

from flashgen import __version__
from flashgen.build import BuildResult, build
from flashgen.errors import FlashgenError
from flashgen.load.presets import load_presets
from flashgen.options import BuildOptions, CommandLine, PrintChoices, resolve_options
from flashgen.output.gallery import GALLERY_NAME, preview
from flashgen.output.lock import StoppedAfterCommit, end_at_second_ctrl_c
from flashgen.products import PRODUCTS
from flashgen.scaffold import content_name, create_project
from flashgen.watch import Rebuilt, watch

app = typer.Typer(
    help=(
        "flashgen: turns campaign content (a YAML file) into finished material in Vietnamese — flashcards, "
        "sheets to print and cut, a booklet, a leaflet, an infographic and images for fanpages, Zalo and LED screens.\n\n"
        "Start a campaign with `flashgen init my-campaign`, then `flashgen check` and `flashgen build`.\n\n"
        "Tạo thẻ, tờ in, tài liệu, tờ gấp, infographic và ảnh mạng xã hội từ nội dung chiến dịch. "
        "Bắt đầu: flashgen init, rồi flashgen check và flashgen build."
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
        _say(f"Watching {', '.join(str(p) for p in paths)} for changes.")

    def building(self, changed: tuple[Path, ...]) -> None:
        if changed:
            names = ", ".join(dict.fromkeys(p.name for p in changed))
            _say(f"{time.strftime('%H:%M:%S')} Changed: {names} — building again.")
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
        _say(f"Nothing in {self.out_dir}/ was changed. Fix the problem and save again.")
        self._waiting()

    def stopped(self) -> None:
        self._end_bar()
        _say("Stopped watching.")

    def _waiting(self) -> None:
        _say("Waiting for changes… (press Ctrl+C to stop)")

    def _end_bar(self) -> None:
        if self.progress is not None:
            self.progress.stop()
        self.progress = self.bar = None


CONTENT_OPTION = typer.Option(
    None, "--content", "-c",
    help="Content file (YAML). Default: the project's (flashgen.yaml), else the bundled 17 differences between CNTT and CĐS.",
)
OUT_OPTION = typer.Option(None, "--out", "-o", help="Folder to write the files and manifest.json into. Default: out.")
TEMPLATES_OPTION = typer.Option(None, "--templates", help="Folder with the SVG templates. Default: the bundled ones.")
FONTS_OPTION = typer.Option(
    None, "--fonts", help="A folder of extra fonts (.ttf/.otf) for your templates, used besides the bundled ones."
)
CONFIG_OPTION = typer.Option(
    None, "--config",
    help="The project file (made by `flashgen init`). Default: flashgen.yaml in the current folder, if there is one.",
)
PRODUCT_OPTION = typer.Option(
    None, "--product", "-p",
    help="What to make; repeat for several. Default: everything: "
    + "; ".join(f"{name} ({product.summary})" for name, product in PRODUCTS.items()) + ".",
)
SIZE_OPTION = typer.Option(
    None, "--size", "-s",
    help="Flashcard size to make PNGs of; repeat for several. Default: a6 and social. See `flashgen sizes`.",
)
THEME_OPTION = typer.Option(
    None, "--theme", "-t",
    help="Look of every product: a bundled theme (xanh: navy and gold, the default; do: red and gold, serif) "
    "or your own theme file (.yaml).",
)
JOBS_OPTION = typer.Option(0, "--jobs", "-j", help="How many images to draw at once (0: one per processor core).")
FORCE_OPTION = typer.Option(False, "--force", help="Draw everything again, even what has not changed since the last build.")


def _run(options: BuildOptions) -> None:
    """Build with a progress bar, then report warnings, notes and where the files are."""
    try:
        with Progress(*BAR_COLUMNS, console=errors, transient=False) as progress:
            result: BuildResult = build(options, _Bar(progress))
    except StoppedAfterCommit:  # exit code 1 all the same: a script that was stopped must not go on
        raise FlashgenError(
            f"stopped (Ctrl-C) as the build was finishing, after its files were in place: {options.out_dir}/ holds "
            f"the complete new build and {options.out_dir / GALLERY_NAME} shows it. Nothing is missing."
        ) from None
    except KeyboardInterrupt:
        raise FlashgenError(
            f"stopped (Ctrl-C) before the build finished. {options.out_dir}/ holds the files of the last complete build."
        ) from None
    _tell(result)
    gallery = options.out_dir / GALLERY_NAME
    if result.unchanged:
        typer.echo(f"Nothing changed: {len(result.files)} files are up to date in {options.out_dir}/.")
    else:
        typer.echo(f"Wrote {len(result.files)} files to {options.out_dir}/ (list: {result.manifest}).")
    typer.echo(f"Open {gallery} in a web browser to see them all: {gallery.resolve().as_uri()}")


def _tell(result: BuildResult) -> None:
    """Print a build's warnings and notes."""
    for warning in result.warnings:
        _say(warning, "[yellow]Warning:[/yellow]")
    for note in result.notes:
        _say(note, "[cyan]Note:[/cyan]")


def _say(message: str, prefix: str = "", soft_wrap: bool = False) -> None:
    """Print ``message`` on the terminal after flashgen's styled ``prefix``, exactly as written:
    messages quote file names and content, where '[' would otherwise be read as a style."""
    errors.print(f"{prefix} {escape(message)}" if prefix else escape(message), highlight=False, soft_wrap=soft_wrap)


def _jobs(requested: int) -> int:
    """``--jobs``, at most one worker per available core (more only compete for the same cores)."""
    from flashgen.render.jobs import (
        default_workers,  # loads the renderer: only for commands that draw
    )

    available = default_workers()
    if requested > available:
        _say(f"--jobs {requested} is more than the {available} processor core(s) available; using {available}.",
             "[cyan]Note:[/cyan]")
        return available
    return requested


@app.command("init")
def init_command(
    folder: Path = typer.Argument(..., help="Name of the new project folder, e.g. chien-dich-2024."),
    example: str = typer.Option(
        "contrast", "--example", metavar="KIND",
        help="Which bundled campaign to start from: contrast (17 differences, old way → new way), "
             "statements (a plan's contents and messages) or figures (a report's key figures).",
    ),
    spreadsheet: bool = typer.Option(
        False, "--spreadsheet", help="Write the content as a ready-to-fill Excel workbook (content.xlsx) instead of YAML.",
    ),
) -> None:
    """Start a new campaign project: content, theme, settings and a copy of the templates to edit (Tạo dự án mới)."""
    files = create_project(folder, example, spreadsheet)
    typer.echo(f"Created {folder}/ with {len(files)} files. Next: cd {folder}, edit {content_name(spreadsheet)} and "
               "theme.yaml, then run `flashgen check` and `flashgen build`.")


@app.command("check")
def check_command(
    content: Optional[Path] = CONTENT_OPTION,
    theme: Optional[str] = THEME_OPTION,
    templates: Optional[Path] = TEMPLATES_OPTION,
    fonts: Optional[Path] = FONTS_OPTION,
    config: Optional[Path] = CONFIG_OPTION,
    product: Optional[list[str]] = PRODUCT_OPTION,
    size: Optional[list[str]] = SIZE_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print the findings as JSON, for other programs."),
) -> None:
    """Check content, theme, templates and settings without making anything (Kiểm tra trước khi tạo).

    Reports, per card and field: text too long for its frame, letters the font lacks, text not in Unicode NFC, a mix of old and new tone-mark placement (hoà/hòa), text colours with too little contrast, and fields or frames that do not match. Exit code 0 only when there is no error.
    """  # noqa: E501 - one paragraph: the help screen wraps it
    from flashgen.check import (  # loads the layout engine: not needed by the other commands
        check,
        describe_report,
    )

    try:
        report = check(resolve_options(CommandLine(
            config=config, content=content, theme=theme, templates=templates, fonts=fonts,
            products=tuple(product or ()), sizes=tuple(size or ()),
        )))
    except KeyboardInterrupt:  # check draws backgrounds for its contrast check, which can take a while
        raise FlashgenError("stopped (Ctrl-C) before the check finished. Nothing was changed.") from None
    typer.echo(report.to_json() if as_json else describe_report(report))
    if report.errors:
        raise typer.Exit(1)


@app.command("build")
def build_command(
    content: Optional[Path] = CONTENT_OPTION,
    out: Optional[Path] = OUT_OPTION,
    product: Optional[list[str]] = PRODUCT_OPTION,
    size: Optional[list[str]] = SIZE_OPTION,
    theme: Optional[str] = THEME_OPTION,
    templates: Optional[Path] = TEMPLATES_OPTION,
    fonts: Optional[Path] = FONTS_OPTION,
    config: Optional[Path] = CONFIG_OPTION,
    jobs: int = JOBS_OPTION,
    force: bool = FORCE_OPTION,
) -> None:
    """Make everything: card images, print PDFs, booklet, leaflet, infographic and social-media sets (Tạo tất cả).

    Only what changed since the last build into the same folder is drawn again.
    """
    _run(resolve_options(CommandLine(
        config=config, content=content, theme=theme, out=out, templates=templates, fonts=fonts,
        products=tuple(product or ()), sizes=tuple(size or ()), jobs=_jobs(jobs), force=force,
    )))


@app.command("watch")
def watch_command(
    content: Optional[Path] = CONTENT_OPTION,
    out: Optional[Path] = OUT_OPTION,
    product: Optional[list[str]] = PRODUCT_OPTION,
    size: Optional[list[str]] = SIZE_OPTION,
    theme: Optional[str] = THEME_OPTION,
    templates: Optional[Path] = TEMPLATES_OPTION,
    fonts: Optional[Path] = FONTS_OPTION,
    config: Optional[Path] = CONFIG_OPTION,
    jobs: int = JOBS_OPTION,
) -> None:
    """Build, then build again each time you save the content, theme, a template, a font or the config (Tự động tạo lại khi tệp thay đổi).

    Only what your change affects is drawn again. A mistake in a file is shown and the files made before stay as they are; fix it and save again. Press Ctrl+C to stop.
    """  # noqa: E501 - one paragraph: the help screen wraps it
    options = resolve_options(CommandLine(
        config=config, content=content, theme=theme, out=out, templates=templates, fonts=fonts,
        products=tuple(product or ()), sizes=tuple(size or ()), jobs=_jobs(jobs),
    ))
    watch(options, _WatchReport(options.out_dir))


def _offset(value: str) -> tuple[float, float]:
    try:
        x, y = (float(part) for part in value.replace(" ", "").split(","))
    except ValueError:
        raise typer.BadParameter("write it as X,Y in millimetres, e.g. 1.5,-1") from None
    return x, y


@app.command("print")
def print_command(
    card: Optional[str] = typer.Option(None, "--card", help="Card size: a6 (default), a7, poker (63 × 88 mm) or business (90 × 55 mm)."),
    sheet: Optional[str] = typer.Option(None, "--sheet", help="Paper: a4 (default), a3 or letter."),
    flip: Optional[str] = typer.Option(
        None, "--flip",
        help="How your printer turns the paper for the back: long (edge, the usual, default) or short.",
    ),
    gutter: Optional[float] = typer.Option(None, "--gutter", help="Space between cards, in mm (default 0: cut once between cards)."),
    margin: Optional[float] = typer.Option(None, "--margin", help="Edge of the paper your printer cannot print on, in mm (default 5)."),
    back_offset: Optional[str] = typer.Option(
        None, "--back-offset",
        help="Move the backs by X,Y mm to match the fronts; read X,Y off the calibration sheet.",
    ),
    content: Optional[Path] = CONTENT_OPTION,
    out: Optional[Path] = OUT_OPTION,
    theme: Optional[str] = THEME_OPTION,
    templates: Optional[Path] = TEMPLATES_OPTION,
    fonts: Optional[Path] = FONTS_OPTION,
    config: Optional[Path] = CONFIG_OPTION,
    jobs: int = JOBS_OPTION,
    force: bool = FORCE_OPTION,
) -> None:
    """Cards to print on an office printer and cut by hand: double-sided with a calibration sheet, or fronts only when no card has a back (In thẻ)."""
    printing = PrintChoices(
        card=card, sheet=sheet, flip=flip, gutter_mm=gutter, margin_mm=margin,
        back_offset_mm=_offset(back_offset) if back_offset is not None else None,
    )
    _run(resolve_options(CommandLine(
        config=config, content=content, theme=theme, out=out, templates=templates, fonts=fonts, products=("print",),
        printing=printing, jobs=_jobs(jobs), force=force,
    )))


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
    content: Optional[Path] = CONTENT_OPTION,
    out: Optional[Path] = OUT_OPTION,
    theme: Optional[str] = THEME_OPTION,
    templates: Optional[Path] = TEMPLATES_OPTION,
    fonts: Optional[Path] = FONTS_OPTION,
    jobs: int = JOBS_OPTION,
    force: bool = FORCE_OPTION,
) -> None:
    """Images ready to post, one folder per platform, numbered in posting order, with captions (Ảnh mạng xã hội).

    Each folder out/social/<platform>/ holds the album (cover, one image per point, closing image with a QR code to the full text) and one image per campaign message, captions.txt with the words to post and the alt text of every image, captions.csv for schedulers, and out/social/<platform>.zip with it all.
    """  # noqa: E501 - one paragraph: the help screen wraps it
    _run(resolve_options(CommandLine(
        config=config, content=content, theme=theme, out=out, templates=templates, fonts=fonts, products=("social",),
        platforms=tuple(platform or ()), series=(only,) if only else (), jobs=_jobs(jobs), force=force,
    )))


@app.command("preview")
def preview_command(
    out: Optional[Path] = typer.Option(
        None, "--out", "-o", help="The folder of the build to show (where its manifest.json is); index.html goes there.",
    ),
    config: Optional[Path] = CONFIG_OPTION,
) -> None:
    """Write out/index.html: every file of the last build on one page, to check before sending (Xem trước).

    Open index.html in any web browser, straight from the folder (no internet needed): the images grouped by product and platform, with the words to post, sizes and links to the PDFs. `flashgen build` writes it too.
    """  # noqa: E501 - one paragraph: the help screen wraps it
    page = preview(resolve_options(CommandLine(config=config, out=out)).out_dir)
    typer.echo(f"Wrote {page}. Open it in a web browser: {page.resolve().as_uri()}")


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
        _print_error(exc.message)
        sys.exit(1)


def run() -> None:
    """The ``flashgen`` command and ``python -m flashgen``: ``main`` in a process of its own, where a second
    Ctrl-C ends it at once (not when a program or a test calls ``main`` in its own process)."""
    end_at_second_ctrl_c()
    main()


def _print_error(message: str) -> None:
    _say(message, "[bold red]Error:[/bold red]", soft_wrap=True)
