"""What ``flashgen`` prints on the terminal while it works, in the current language.

Takes a build's results and the events of ``flashgen watch``; prints progress bars,
warnings and notes (each once), errors, with their prefixes ("Lỗi:", "Cảnh báo:",
"Lưu ý:" in Vietnamese) on standard error; and ends the command's process (``end_process``).
"""

from __future__ import annotations

import atexit
import os
import sys
import time
from pathlib import Path

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

from flashgen.build import BuildResult
from flashgen.i18n import _, ngettext
from flashgen.watch import CardsReady, Rebuilt

errors = Console(stderr=True)


class Bar:
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


class WatchReport:
    """Prints what `flashgen watch` does: each change, a progress bar per build, its outcome."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.progress: Progress | None = None
        self.bar: Bar | None = None

    def watching(self, paths: tuple[Path, ...]) -> None:
        say(_("Watching {files} for changes.").format(files=", ".join(str(p) for p in paths)))

    def building(self, changed: tuple[Path, ...]) -> None:
        if changed:
            names = ", ".join(dict.fromkeys(p.name for p in changed))
            say(_("{time} Changed: {files} — building again.").format(time=time.strftime("%H:%M:%S"), files=names))
        self.progress = Progress(*BAR_COLUMNS, console=errors, transient=True)
        self.progress.start()
        self.bar = Bar(self.progress)

    def start(self, total: int, label: str) -> None:
        if self.bar is not None:
            self.bar.start(total, label)

    def advance(self) -> None:
        if self.bar is not None:
            self.bar.advance()

    def cards_ready(self, ready: CardsReady) -> None:
        """The edited items' cards are on disk; the documents follow (watch.py)."""
        items = ", ".join(str(item) for item in ready.items)
        say(ngettext("{time} The cards of item {items} are ready ({seconds:.1f} s after the save); the documents follow.",
                     "{time} The cards of items {items} are ready ({seconds:.1f} s after the save); the documents follow.",
                     len(ready.items)).format(time=time.strftime("%H:%M:%S"), items=items, seconds=ready.seconds))

    def built(self, outcome: Rebuilt) -> None:
        self._end_bar()
        tell(outcome.result)
        drawn = ngettext("{count} image drawn", "{count} images drawn", outcome.redrawn).format(count=outcome.redrawn)
        typer.echo(_("{time} Wrote {files} files to {folder}/: {drawn}, {unchanged} unchanged.").format(
            time=time.strftime("%H:%M:%S"), files=len(outcome.result.files), folder=self.out_dir, drawn=drawn,
            unchanged=outcome.reused,
        ))
        self._waiting()

    def failed(self, message: str, written: CardsReady | None = None) -> None:
        """A build that stopped on a bad input; ``written``: the edited cards, put in place before it stopped."""
        self._end_bar()
        print_error(message)
        if written is None:
            say(_("Nothing in {folder}/ was changed. Fix the problem and save again.").format(folder=self.out_dir))
        else:
            say(ngettext(
                "Only the cards of item {items} were updated in {folder}/ ({files}); the other files are as the "
                "last build left them. Fix the problem and save again.",
                "Only the cards of items {items} were updated in {folder}/ ({files}); the other files are as the "
                "last build left them. Fix the problem and save again.",
                len(written.items),
            ).format(items=", ".join(str(item) for item in written.items), folder=self.out_dir,
                     files=", ".join(written.files)))
        self._waiting()

    def stopped(self) -> None:
        self._end_bar()
        say(_("Stopped watching."))

    def _waiting(self) -> None:
        say(_("Waiting for changes… (press Ctrl+C to stop)"))

    def _end_bar(self) -> None:
        if self.progress is not None:
            self.progress.stop()
        self.progress = self.bar = None


def tell(result: BuildResult) -> None:
    """Print a build's warnings and notes, each once (several products may give the same note)."""
    for warning in dict.fromkeys(result.warnings):
        say(warning, "[yellow]" + escape(_("Warning:")) + "[/yellow]")
    for text in dict.fromkeys(result.notes):
        note(text)


def note(message: str) -> None:
    say(message, "[cyan]" + escape(_("Note:")) + "[/cyan]")


def say(message: str, prefix: str = "", soft_wrap: bool = False) -> None:
    """Print ``message`` on the terminal after flashgen's styled ``prefix``, exactly as written:
    messages quote file names and content, where '[' would otherwise be read as a style."""
    errors.print(f"{prefix} {escape(message)}" if prefix else escape(message), highlight=False, soft_wrap=soft_wrap)


def print_error(message: str) -> None:
    say(message, "[bold red]" + escape(_("Error:")) + "[/bold red]", soft_wrap=True)


def end_process(code: object) -> None:
    """End the ``flashgen`` command's process with ``sys.exit(code)``'s status, at once (``os._exit``, after
    the exit handlers and with the output flushed).

    Every file is written and closed by then, and Python would otherwise free
    a build's hundreds of thousands of objects one by one: a third of a second
    (measured) before the prompt comes back. A run under a profiler or a
    coverage tool ends the usual way: they write their report at exit.
    """
    status = _exit_status(code)
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(status)
    atexit._run_exitfuncs()  # what Python's own exit would run first (multiprocessing ends its helpers here)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def _exit_status(code: object) -> int:
    """The process's exit status for ``sys.exit(code)``, printing a message given as the code, as Python does."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1
