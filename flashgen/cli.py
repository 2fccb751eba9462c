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
from .pipeline import BuildOptions, build
from .presets import load_card_sizes
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


@app.command("build")
def build_command(
    content: Path = typer.Option(
        DEFAULT_CONTENT, "--content", "-c",
        help="Content file (YAML). Default: the bundled 17 differences between CNTT and CĐS.",
    ),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Folder to write the cards and manifest.json into."),
    size: Optional[list[str]] = typer.Option(
        None, "--size", "-s",
        help="Card size to make; repeat for several. Default: all. See `flashgen sizes`.",
    ),
    templates: Path = typer.Option(TEMPLATES_DIR, "--templates", help="Folder with the SVG templates."),
    fonts: Path = typer.Option(FONTS_DIR, "--fonts", help="Folder with the fonts the templates use."),
) -> None:
    """Make the flashcards: front and back of every item as PNG, plus a print PDF (Tạo bộ thẻ)."""
    options = BuildOptions(content=content, out_dir=out, sizes=tuple(size or ()), templates_dir=templates, font_dirs=(fonts,))
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=errors, transient=False) as progress:
        result = build(options, _Bar(progress))
    for warning in result.warnings:
        errors.print(f"[yellow]Warning:[/yellow] {warning}", highlight=False)
    typer.echo(f"Wrote {len(result.files)} files to {out}/ (list: {result.manifest}).")


@app.command("sizes")
def sizes_command() -> None:
    """List the card sizes flashgen can make (Các khổ thẻ)."""
    for name, card_size in load_card_sizes().items():
        width, height = card_size.pixels
        typer.echo(f"{name:10} {card_size.label}  ({width} × {height} px)")


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
        errors.print(f"[bold red]Error:[/bold red] {exc.message}", highlight=False, soft_wrap=True)
        sys.exit(1)
