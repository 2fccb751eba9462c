"""Where previews are drawn: a project folder and the page's request in, ``preview.preview``'s answer out,
from a process kept for the project's set of font folders.

A process draws with one set of font folders (``render.prepare`` sets its
fontconfig once), and a project may bring fonts of its own; so each set of
font folders gets a process of its own, which keeps its projects' inputs
loaded (``preview.Previews``) between requests. Projects without fonts of
their own share one. The server's threads never draw (cairo is not shared
between threads safely), and a drawing that crashes ends a process that is
started again at the next request, not the server.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
from pathlib import Path
from typing import Any

from flashgen.app.http import AppError
from flashgen.errors import FlashgenError
from flashgen.i18n import _, current_language

MOST_PROCESSES = 3  # sets of font folders kept at once; the one used longest ago is ended for a new one


def fresh_processes() -> Any:
    """Processes forked from a clean, single-threaded one, never from the server (it has threads):
    multiprocessing's fork server, which has imported these modules once for all of them. (Like every
    multiprocessing start method but fork, a child imports the program's main module again, guarded by
    ``if __name__ == "__main__"``: the flashgen command, ``python -m flashgen`` and pytest are.)"""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["flashgen.app.previewer", "flashgen.app.builds"])
    return context


def _serve(connection: Any, language: str) -> None:
    """A preview process: answer each (folder, body) with ("ok", answer) or ("error", message, code, status)."""
    from flashgen.app.preview import Previews, preview
    from flashgen.i18n import use_language

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole terminal: the server ends this one
    use_language(language)
    previews = Previews()
    while True:
        try:
            folder, body = connection.recv()
        except (EOFError, OSError):
            return
        try:
            if body is None:  # the page opened the project: its inputs loaded now, before the first edit
                previews.load(Path(folder))
                connection.send(("ok", {}))
                continue
            connection.send(("ok", preview(previews, Path(folder), body)))
        except FlashgenError as problem:
            connection.send(("error", problem.message, problem.code, getattr(problem, "status", 400)))
        except Exception as problem:  # noqa: BLE001 - the page hears of any failure, in words
            connection.send(("error", _("the preview failed: {reason}").format(reason=repr(problem)[:300]),
                             "app-preview-failed", 500))


class _Process:
    """One preview process and the lock that keeps its requests one at a time."""

    def __init__(self) -> None:
        context = fresh_processes()
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=_serve, args=(theirs, current_language()), daemon=True,
                                       name="flashgen previews")
        self.process.start()
        theirs.close()
        self.lock = threading.Lock()

    def ask(self, folder: Path, body: dict[str, Any] | None) -> dict[str, Any]:
        with self.lock:
            try:
                self.connection.send((str(folder), body))
                answer = self.connection.recv()
            except (EOFError, OSError):
                raise AppError(_("the preview stopped unexpectedly; try again."), code="app-preview-failed",
                               status=500) from None
        if answer[0] == "ok":
            return answer[1]
        raise AppError(answer[1], code=answer[2], status=answer[3])

    def end(self) -> None:
        self.connection.close()
        self.process.terminate()
        self.process.join(timeout=5)


class Previewer:
    """The preview processes, one per set of font folders."""

    def __init__(self) -> None:
        self.processes: dict[tuple[str, ...], _Process] = {}
        self.lock = threading.Lock()

    def preview(self, folder: Path, body: dict[str, Any] | None) -> dict[str, Any]:
        from flashgen.app.preview import preview_options

        fonts = tuple(str(d) for d in preview_options(folder).font_dirs)
        return self._process(fonts).ask(folder, body)

    def warm(self, folder: Path) -> None:
        """Start the project's preview process and load its inputs, in the background: the first preview
        after opening a project then costs what the others do. A problem waits for the preview to be told."""
        def load() -> None:
            try:
                self.preview(folder, None)
            except FlashgenError:
                pass

        threading.Thread(target=load, daemon=True, name=f"warm previews {folder.name}").start()

    def _process(self, fonts: tuple[str, ...]) -> _Process:
        with self.lock:
            process = self.processes.pop(fonts, None)
            if process is None or not process.process.is_alive():
                if len(self.processes) >= MOST_PROCESSES:
                    oldest = next(iter(self.processes))
                    self.processes.pop(oldest).end()
                process = _Process()
            self.processes[fonts] = process  # the last one asked for goes to the end: the oldest stays first
            return process

    def stop_all(self) -> None:
        with self.lock:
            for process in self.processes.values():
                process.end()
            self.processes.clear()
