"""The ``flashgen`` command. Commands only declare options and call the library;
``main`` is the one place that turns a ``FlashgenError`` into a message and an
exit code."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.progress import Progress

from flashgen import __version__
from flashgen.build import BuildResult, build
from flashgen.clihelp import App, Group, listed
from flashgen.errors import FlashgenError
from flashgen.i18n import LANGUAGES, N_, _, use_language
from flashgen.load.presets import load_presets
from flashgen.options import BuildOptions, CommandLine, PrintChoices, resolve_options
from flashgen.output.gallery import GALLERY_NAME, preview
from flashgen.output.lock import StoppedAfterCommit, end_at_second_ctrl_c
from flashgen.products import PRODUCTS
from flashgen.scaffold import content_name, create_project
from flashgen.terminal import (
    BAR_COLUMNS,
    Bar,
    WatchReport,
    end_process,
    errors,
    note,
    print_error,
    tell,
)
from flashgen.watch import watch

app = App(
    cls=Group,
    help=N_(
        "flashgen: turns campaign content (a YAML file) into finished material in Vietnamese — flashcards, "
        "sheets to print and cut, a booklet, a leaflet, an infographic and images for fanpages, Zalo and LED screens.\n\n"
        "Start a campaign with `flashgen init my-campaign`, then `flashgen check` and `flashgen build`.\n\n"
        "In English: flashgen --lang en … (or set FLASHGEN_LANG=en)."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
FILE, FOLDER, NAME, NUMBER = N_("FILE"), N_("FOLDER"), N_("NAME"), N_("NUMBER")


def _product_lines() -> list[str]:
    return [f"{name}: {_(product.summary)}" for name, product in PRODUCTS.items()]


CONTENT_OPTION = typer.Option(
    None, "--content", "-c", metavar=FILE,
    help=N_("Content file: YAML, or a spreadsheet (.xlsx, .ods, .csv). Default: the project's (flashgen.yaml), else the bundled 17 differences between CNTT and CĐS."),
)
OUT_OPTION = typer.Option(
    None, "--out", "-o", metavar=FOLDER, help=N_("Folder to write the files and manifest.json into. Default: out."),
)
TEMPLATES_OPTION = typer.Option(
    None, "--templates", metavar=FOLDER, help=N_("Folder with the SVG templates. Default: the bundled ones."),
)
FONTS_OPTION = typer.Option(
    None, "--fonts", metavar=FOLDER,
    help=N_("A folder of extra fonts (.ttf/.otf) for your templates, used besides the bundled ones."),
)
CONFIG_OPTION = typer.Option(
    None, "--config", metavar=FILE,
    help=N_("The project file (made by `flashgen init`). Default: flashgen.yaml in the current folder, if there is one."),
)
PRODUCT_OPTION = typer.Option(
    None, "--product", "-p", metavar=NAME,
    help=listed(N_("What to make; repeat for several. Default: everything:"), _product_lines),
)
SIZE_OPTION = typer.Option(
    None, "--size", "-s", metavar=NAME,
    help=N_("Flashcard size to make PNGs of; repeat for several. Default: a6 and social. See `flashgen sizes`."),
)
THEME_OPTION = typer.Option(
    None, "--theme", "-t", metavar=NAME,
    help=N_("Look of every product: a bundled theme (xanh: navy and gold, the default; do: red and gold, serif) "
            "or your own theme file (.yaml)."),
)
JOBS_OPTION = typer.Option(
    0, "--jobs", "-j", metavar=NUMBER,
    help=N_("How many images to draw at once. Default: automatic (one per processor core)."),
)
FORCE_OPTION = typer.Option(
    False, "--force", help=N_("Draw everything again, even what has not changed since the last build."),
)


def _choose_language(value: Optional[str]) -> Optional[str]:
    """``--lang``: speak that language from now on (the help of the command that follows included)."""
    if value is not None:
        if value.strip().lower().replace("_", "-").split("-")[0] not in LANGUAGES:  # vi, en, vi_VN, en-GB…
            raise typer.BadParameter(_("choose vi (Vietnamese) or en (English)."))
        use_language(value)
    return value


@app.callback()
def _everything(
    lang: Optional[str] = typer.Option(
        None, "--lang", metavar=N_("LANGUAGE"), is_eager=True, callback=_choose_language,
        help=N_("Language of flashgen's messages: vi (Vietnamese, the default) or en (English). "
                "The environment variable FLASHGEN_LANG does the same."),
    ),
) -> None:
    """The options that come before the command (``flashgen --lang en build``)."""


def _run(options: BuildOptions) -> None:
    """Build with a progress bar, then report warnings, notes and where the files are."""
    try:
        with Progress(*BAR_COLUMNS, console=errors, transient=False) as progress:
            result: BuildResult = build(options, Bar(progress))
    except StoppedAfterCommit:  # exit code 1 all the same: a script that was stopped must not go on
        raise FlashgenError(_(
            "stopped (Ctrl-C) as the build was finishing, after its files were in place: {folder}/ holds "
            "the complete new build and {gallery} shows it. Nothing is missing."
        ).format(folder=options.out_dir, gallery=options.out_dir / GALLERY_NAME), code="build-stopped-after-commit") from None
    except KeyboardInterrupt:
        raise FlashgenError(_(
            "stopped (Ctrl-C) before the build finished. {folder}/ holds the files of the last complete build."
        ).format(folder=options.out_dir), code="build-stopped") from None
    tell(result)
    gallery = options.out_dir / GALLERY_NAME
    if result.unchanged:
        typer.echo(_("Nothing changed: {files} files are up to date in {folder}/.").format(
            files=len(result.files), folder=options.out_dir))
    else:
        typer.echo(_("Wrote {files} files to {folder}/.").format(files=len(result.files), folder=options.out_dir))
    # The last line: the page to open first, the list for other programs second.
    typer.echo(_("Open {gallery} in a web browser to see them all: {address} (list of files: {manifest})").format(
        gallery=gallery, address=gallery.resolve().as_uri(), manifest=result.manifest))


def _jobs(requested: int) -> int:
    """``--jobs``, at most one worker per available core (more only compete for the same cores)."""
    from flashgen.render.jobs import (
        default_workers,  # loads the renderer: only for commands that draw
    )

    available = default_workers()
    if requested > available:
        note(_("--jobs {requested} is more than the {available} processor core(s) available; using {available}.").format(
            requested=requested, available=available))
        return available
    return requested


@app.command("app")
def app_command(
    folder: Optional[Path] = typer.Argument(
        None, metavar=FOLDER, help=N_("The workspace: a project folder, or a folder of projects. Default: the current folder."),
    ),
    port: int = typer.Option(8765, "--port", metavar=NUMBER, help=N_("The port to listen on. Default: 8765.")),
    host: str = typer.Option(
        "127.0.0.1", "--host", metavar=N_("ADDRESS"),
        help=N_("The address to listen on. Default: 127.0.0.1 (this computer only); 0.0.0.0 shares it on the "
                "network, with an access code."),
    ),
    no_browser: bool = typer.Option(False, "--no-browser", help=N_("Do not open the web browser.")),
    code: Optional[str] = typer.Option(
        None, "--code", metavar=N_("CODE"),
        help=N_("The access code others type when the app is shared on the network. Default: a new one at each start."),
    ),
) -> None:
    """Open flashgen in your web browser: make a campaign, type its items, see each card as you type, build and download.

    Everything stays on this computer (no internet needed). Press Ctrl+C to stop.
    """  # noqa: E501 - one paragraph: the help screen wraps it
    from flashgen.app.server import (
        start,  # Starlette and uvicorn: only for this command
    )

    start(folder or Path.cwd(), host=host, port=port, code=code, open_browser=not no_browser, say=typer.echo)


@app.command("init")
def init_command(
    folder: Optional[Path] = typer.Argument(
        None, metavar=FOLDER, help=N_("Name of the new project folder, e.g. chien-dich-2024."),
    ),
    example: str = typer.Option(
        "contrast", "--example", metavar=N_("KIND"),
        help=N_("Which bundled campaign to start from: contrast (17 differences, old way → new way; the default), "
                "statements (a plan's contents and messages) or figures (a report's key figures)."),
    ),
    spreadsheet: bool = typer.Option(
        False, "--spreadsheet",
        help=N_("Write the content as a ready-to-fill Excel workbook (content.xlsx) instead of YAML."),
    ),
) -> None:
    """Start a new campaign project: content, theme, settings and a copy of the templates to edit."""
    if folder is None:
        raise FlashgenError(_("name the folder of the new project, e.g. `flashgen init chien-dich-2024`."),
                            code="init-no-folder")
    files = create_project(folder, example, spreadsheet)
    typer.echo(_("Created {folder}/ with {files} files. Next: cd {folder}, edit {content} and theme.yaml, "
                 "then run `flashgen check` and `flashgen build`.").format(
        folder=folder, files=len(files), content=content_name(spreadsheet)))


@app.command("check")
def check_command(
    content: Optional[Path] = CONTENT_OPTION,
    theme: Optional[str] = THEME_OPTION,
    templates: Optional[Path] = TEMPLATES_OPTION,
    fonts: Optional[Path] = FONTS_OPTION,
    config: Optional[Path] = CONFIG_OPTION,
    product: Optional[list[str]] = PRODUCT_OPTION,
    size: Optional[list[str]] = SIZE_OPTION,
    as_json: bool = typer.Option(False, "--json", help=N_("Print the findings as JSON, for other programs.")),
    for_print: bool = typer.Option(False, "--print", help=N_(
        "Check the built PDFs in the output folder before sending them to a printer (preflight): fonts, thin "
        "lines, pictures, text near the trim, bleed.")),
    out: Optional[Path] = OUT_OPTION,
) -> None:
    """Check content, theme, templates and settings without making anything.

    Reports, per card and field: text too long for its frame, letters the font lacks, text not in Unicode NFC, a mix of old and new tone-mark placement (hoà/hòa), text colours with too little contrast, and fields or frames that do not match. Exit code 0 only when there is no error.
    """  # noqa: E501 - one paragraph: the help screen wraps it
    if for_print:
        from flashgen.output.preflight import describe_preflight, preflight

        printed = preflight(resolve_options(CommandLine(config=config, content=content, out=out)).out_dir)
        typer.echo(printed.to_json() if as_json else describe_preflight(printed))
        raise typer.Exit(1 if printed.errors else 0)
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
        raise FlashgenError(_("stopped (Ctrl-C) before the check finished. Nothing was changed."),
                            code="check-stopped") from None
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
    """Make everything: card images, print PDFs, booklet, leaflet, infographic and social-media sets.

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
    """Build, then build again each time you save the content, theme, a template, a font or the config.

    Only what your change affects is drawn again. A mistake in a file is shown and the files made before stay as they are; fix it and save again. Press Ctrl+C to stop.
    """  # noqa: E501 - one paragraph: the help screen wraps it
    options = resolve_options(CommandLine(
        config=config, content=content, theme=theme, out=out, templates=templates, fonts=fonts,
        products=tuple(product or ()), sizes=tuple(size or ()), jobs=_jobs(jobs),
    ))
    watch(options, WatchReport(options.out_dir))


def _offset(value: str) -> tuple[float, float]:
    try:
        x, y = (float(part) for part in value.replace(" ", "").split(","))
    except ValueError:
        raise typer.BadParameter(_("write it as X,Y in millimetres, e.g. 1.5,-1")) from None
    return x, y


@app.command("print")
def print_command(
    card: Optional[str] = typer.Option(
        None, "--card", metavar=NAME,
        help=N_("Card size: a6 (default), a7, poker (63 × 88 mm) or business (90 × 55 mm)."),
    ),
    sheet: Optional[str] = typer.Option(None, "--sheet", metavar=NAME, help=N_("Paper: a4 (default), a3 or letter.")),
    flip: Optional[str] = typer.Option(
        None, "--flip", metavar=N_("EDGE"),
        help=N_("How your printer turns the paper for the back: long (edge, the usual, default) or short."),
    ),
    gutter: Optional[float] = typer.Option(
        None, "--gutter", metavar=N_("MM"), help=N_("Space between cards, in mm (default 0: cut once between cards)."),
    ),
    margin: Optional[float] = typer.Option(
        None, "--margin", metavar=N_("MM"), help=N_("Edge of the paper your printer cannot print on, in mm (default 5)."),
    ),
    back_offset: Optional[str] = typer.Option(
        None, "--back-offset", metavar="X,Y",
        help=N_("Move the backs by X,Y mm to match the fronts; read X,Y off the calibration sheet."),
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
    """Cards to print on an office printer and cut by hand: double-sided with a calibration sheet, or fronts only when no card has a back."""  # noqa: E501
    printing = PrintChoices(
        card=card, sheet=sheet, flip=flip, gutter_mm=gutter, margin_mm=margin,
        back_offset_mm=_offset(back_offset) if back_offset is not None else None,
    )
    _run(resolve_options(CommandLine(
        config=config, content=content, theme=theme, out=out, templates=templates, fonts=fonts, products=("print",),
        printing=printing, jobs=_jobs(jobs), force=force,
    )))


def _platform_lines() -> list[str]:
    """One line per platform: its name, its size and what it is for."""
    try:
        platforms = load_presets().platforms
    except FlashgenError:
        return [_("See `flashgen sizes`.")]
    return [f"{name}: {p.pixels[0]} × {p.pixels[1]} px, {_(p.label)}" for name, p in platforms.items()]


@app.command("social")
def social_command(
    platform: Optional[list[str]] = typer.Option(
        None, "--platform", metavar=NAME,
        help=listed(N_("Platform to make images for; repeat for several. Default: all of them:"), _platform_lines),
    ),
    only: Optional[str] = typer.Option(
        None, "--only", metavar=NAME,
        help=N_("album: the cover, one image per point and the closing image; messages: one image per campaign message."),
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
    """Images ready to post, one folder per platform, numbered in posting order, with captions.

    Each folder out/social/<platform>/ holds the album (cover, one image per point, closing image with a QR code to the full text) and one image per campaign message, captions.txt with the words to post and the alt text of every image, captions.csv for schedulers, and out/social/<platform>.zip with it all.
    """  # noqa: E501 - one paragraph: the help screen wraps it
    _run(resolve_options(CommandLine(
        config=config, content=content, theme=theme, out=out, templates=templates, fonts=fonts, products=("social",),
        platforms=tuple(platform or ()), series=(only,) if only else (), jobs=_jobs(jobs), force=force,
    )))


@app.command("preview")
def preview_command(
    out: Optional[Path] = typer.Option(
        None, "--out", "-o", metavar=FOLDER,
        help=N_("The folder of the build to show (where its manifest.json is); index.html goes there. Default: out."),
    ),
    config: Optional[Path] = CONFIG_OPTION,
) -> None:
    """Write out/index.html: every file of the last build on one page, to check before sending.

    Open index.html in any web browser, straight from the folder (no internet needed): the images grouped by product and platform, with the words to post, sizes and links to the PDFs. `flashgen build` writes it too.
    """  # noqa: E501 - one paragraph: the help screen wraps it
    page = preview(resolve_options(CommandLine(config=config, out=out)).out_dir)
    typer.echo(_("Wrote {page}. Open it in a web browser: {address}").format(page=page, address=page.resolve().as_uri()))


@app.command("sizes")
def sizes_command() -> None:
    """List the card sizes, paper sizes and social platforms flashgen knows."""
    presets = load_presets()
    typer.echo(_("Card sizes (--size, --card):"))
    for name, card_size in presets.card_sizes.items():
        width, height = card_size.pixels
        typer.echo(f"  {name:10} {_(card_size.label)}  ({width} × {height} px)")
    typer.echo(_("Paper (--sheet):"))
    for name, sheet in presets.sheets.items():
        typer.echo(f"  {name:10} {_(sheet.label)}")
    typer.echo(_("Social platforms (--platform):"))
    for name, platform in presets.platforms.items():
        width, height = platform.pixels
        typer.echo(f"  {name:18} {_(platform.label)}  ({width} × {height} px, {platform.format.upper()})")


@app.command("convert")
def convert_command(
    source: Path = typer.Argument(..., metavar=FILE, help=N_("The file typed in an old encoding: .yaml, .txt or .csv.")),
    target: Path = typer.Argument(..., metavar=FILE, help=N_("The converted copy to write (never the same file).")),
    encoding: str = typer.Option(
        "auto", "--from", metavar=N_("ENCODING"),
        help=N_("tcvn3, vni or viscii; auto (the default): flashgen recognises it."),
    ),
) -> None:
    """Convert a file typed in an old Vietnamese encoding (TCVN3, VNI, VISCII) to Unicode."""
    from flashgen.load.legacyconvert import (  # the detector's tables: only for this command
        convert_file,
        describe,
    )

    typer.echo(describe(convert_file(source, target, encoding)))


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
    requested, arguments = _language_typed(sys.argv[1:])
    if requested is not None:  # before anything is printed, help included, wherever --lang is on the line
        arguments = ["--lang", requested, *arguments]
    try:
        app(args=arguments)
    except FlashgenError as exc:
        print_error(exc.message)
        sys.exit(1)


def run() -> None:
    """The ``flashgen`` command and ``python -m flashgen``: ``main`` in a process of its own, where a second
    Ctrl-C ends it at once (not when a program or a test calls ``main`` in its own process), and which ends
    as soon as the command is done (``terminal.end_process``)."""
    end_at_second_ctrl_c()
    try:
        main()
    except SystemExit as stop:
        end_process(stop.code)
    end_process(0)


def _language_typed(arguments: list[str]) -> tuple[str | None, list[str]]:
    """``--lang``'s value, wherever it is on the line (``flashgen build --lang en`` too), and the other
    arguments. It is moved before the command, where the ``flashgen`` command reads it."""
    language, others = None, []
    index = 0
    while index < len(arguments):
        argument = arguments[index]
        if argument == "--":
            others += arguments[index:]
            break
        if argument.startswith("--lang="):
            language = argument.partition("=")[2]
        elif argument == "--lang" and index + 1 < len(arguments):
            language = arguments[index + 1]
            index += 1
        else:
            others.append(argument)
        index += 1
    return language, others
