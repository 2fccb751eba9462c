"""Builds from the page: a project folder in, the library's ``build()`` running beside the server out,
with its progress, its files, zips of them and the captions to copy.

Each build runs in a process of its own, watched by one thread per project:
a process draws with one set of font folders (render.prepare), and projects
have their own fonts; the server itself stays free to answer. The process
runs ``build(options, progress)`` exactly as ``flashgen build`` does, under
the output folder's lock (output/lock.py): a second build of the same folder,
from the page or a terminal, gets the lock's message as a 409. A browser closed
mid-build loses nothing: the build goes on and the page finds its state again.
"""

from __future__ import annotations

import atexit
import csv
import io
import os
import tempfile
import threading
import time
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from flashgen.app.http import AppError
from flashgen.errors import FlashgenError
from flashgen.i18n import _, current_language
from flashgen.options import CommandLine, resolve_options
from flashgen.output.gallery import GALLERY_NAME
from flashgen.output.links import first_link
from flashgen.output.manifest import OutputFile, plain_relative, read_manifest

STALE_DOWNLOAD_SECONDS = 3600


@dataclass
class BuildState:
    """What the page polls: ``state`` is idle, running, done or failed."""

    state: str = "idle"
    done: int = 0
    total: int = 0
    step: str = ""
    files: int = 0
    error: str | None = None
    code: str | None = None

    def view(self, project_id: str, out_dir: Path) -> dict[str, Any]:
        gallery = f"/projects/{project_id}/out/{GALLERY_NAME}" if (out_dir / GALLERY_NAME).is_file() else None
        return {**{k: v for k, v in asdict(self).items() if k != "code"}, "gallery": gallery}


class _PipeProgress:
    """The build's ``Progress`` in the build's process: each step sent to the server's thread."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    def start(self, total: int, label: str) -> None:
        self.connection.send(("start", total, label))

    def advance(self) -> None:
        self.connection.send(("advance",))


def _build_process(folder: str, language: str, connection: Any) -> None:
    """The build's process: ``build()`` of the project in ``folder``, each step and the end sent back."""
    from flashgen.build import build
    from flashgen.i18n import use_language

    use_language(language)
    try:
        result = build(resolve_options(CommandLine(), Path(folder)), _PipeProgress(connection))
        connection.send(("done", len(result.files)))
    except FlashgenError as problem:
        connection.send(("failed", problem.message, problem.code))
    except BaseException as problem:  # noqa: BLE001 - the page must hear of any end, in words
        connection.send(("failed", _("the build stopped unexpectedly: {reason}").format(reason=repr(problem)[:300]),
                         "app-build-crashed"))
    finally:
        connection.close()


def out_folder(workspace: Path, folder: Path) -> Path:
    """The project's output folder; refused if flashgen.yaml puts it outside the workspace."""
    out_dir = resolve_options(CommandLine(), folder).out_dir
    if workspace.resolve() not in out_dir.resolve().parents:
        raise AppError(_("the output folder {folder} is outside the workspace; the app shows only what is inside "
                         "it. Set 'out: out' in flashgen.yaml.").format(folder=out_dir), code="app-out-outside", status=403)
    return out_dir


class Builds:
    """Every build started from the page, by project folder."""

    def __init__(self) -> None:
        self.states: dict[Path, BuildState] = {}
        self.processes: dict[Path, Any] = {}
        self.lock = threading.Lock()
        atexit.register(self.stop_all)  # a server stopped by an error too: no build left behind

    def state(self, folder: Path) -> BuildState:
        with self.lock:
            return self.states.get(folder, BuildState())

    def start(self, workspace: Path, folder: Path) -> None:
        """Start building ``folder``; a 409 with the output lock's message if a build of it is running."""
        from flashgen.app.previewer import fresh_processes
        from flashgen.output.lock import build_running, output_lock

        out_dir = out_folder(workspace, folder)
        with self.lock:
            process = self.processes.get(folder)
            if process is not None and process.is_alive():
                raise AppError(build_running(out_dir, process.pid).message, code="build-running", status=409)
            try:
                with output_lock(out_dir):  # a build from a terminal holds it: its message, at once
                    pass
            except FlashgenError as problem:
                raise AppError(problem.message, code=problem.code, status=409) from None
            context = fresh_processes()
            reading, writing = context.Pipe(duplex=False)
            process = context.Process(target=_build_process, args=(str(folder), current_language(), writing),
                                      name=f"flashgen build {folder.name}")  # not daemonic: it has workers
            process.start()
            writing.close()
            self.processes[folder] = process
            self.states[folder] = BuildState("running", step=_("Preparing"))
        threading.Thread(target=self._watch, args=(folder, process, reading), daemon=True,
                         name=f"watch build {folder.name}").start()

    def _watch(self, folder: Path, process: Any, reading: Any) -> None:
        """Record each step the build's process sends, until it ends."""
        state = self.states[folder]
        while True:
            try:
                message = reading.recv()
            except (EOFError, OSError):
                break
            with self.lock:
                if message[0] == "start":
                    state.total, state.done, state.step = message[1], 0, message[2]
                elif message[0] == "advance":
                    state.done += 1
                elif message[0] == "done":
                    state.state, state.files, state.done = "done", message[1], state.total
                elif message[0] == "failed":
                    state.state, state.error, state.code = "failed", message[1], message[2]
        process.join()
        with self.lock:
            if state.state == "running":  # ended without a word: killed
                state.state = "failed"
                state.code = "app-build-crashed"
                state.error = _("the build stopped unexpectedly (its process ended with code {code}); build again.").format(
                    code=process.exitcode)

    def stop_all(self) -> None:
        """End every build still running (the server is stopping): the next build tidies up, as after Ctrl+C."""
        for process in list(self.processes.values()):
            if process.is_alive():
                process.terminate()  # SIGTERM: the build ends as after kill, its workers with it
        for process in list(self.processes.values()):
            process.join(timeout=10)


def wait_for(builds: Builds, folder: Path, seconds: float) -> BuildState:
    """The build's state once it is no longer running, or after ``seconds`` (for tests and the benchmark)."""
    end = time.monotonic() + seconds
    while builds.state(folder).state == "running" and time.monotonic() < end:
        time.sleep(0.1)
    return builds.state(folder)


# ---- the built files ------------------------------------------------------------------------------

def built_file(out_dir: Path, relative: str) -> Path:
    """The file ``relative`` inside ``out_dir``: a plain path (no '..', not absolute, not hidden), no link."""
    if not plain_relative(relative) or any(part.startswith(".") for part in relative.split("/")):
        raise _not_built(relative)
    if first_link(out_dir, relative) is not None:
        raise _not_built(relative)
    path = out_dir / relative
    if not path.is_file() or out_dir.resolve() not in path.resolve().parents:
        raise _not_built(relative)
    return path


def _not_built(relative: str) -> AppError:
    return AppError(_("there is no built file '{file}'; build the project first.").format(file=relative[:120]),
                    code="app-no-file", status=404)


def manifest_files(out_dir: Path) -> tuple[OutputFile, ...]:
    manifest = read_manifest(out_dir)
    if manifest is None:
        raise AppError(_("nothing has been built yet; build the project first."), code="app-not-built", status=404)
    return manifest.files


def download(out_dir: Path, what: str) -> tuple[Path, str, bool]:
    """(file to send, name to save it as, whether it is a temporary zip to remove) for ``what``:
    "all", "platform:NAME" (that platform's zip) or "file:REL" (one built file)."""
    files = manifest_files(out_dir)
    kind, _sep, name = what.partition(":")
    if kind == "file" and any(record.path == name for record in files):
        return built_file(out_dir, name), name.rsplit("/", 1)[-1], False
    if kind == "platform":
        wanted = f"social/{name}.zip"
        if any(record.path == wanted for record in files):
            return built_file(out_dir, wanted), f"{name}.zip", False
    if kind == "all":
        return _zip_all(out_dir, files), f"{out_dir.resolve().parent.name or 'flashgen'}.zip", True
    raise AppError(_("nothing to download as '{what}'; choose all, platform:NAME or file:PATH of a built file.").format(
        what=what[:120]), code="app-download", status=404)


def _zip_all(out_dir: Path, files: tuple[OutputFile, ...]) -> Path:
    """Every file of the last build in one zip (a temporary file: the server removes it once sent)."""
    for stale in out_dir.parent.glob(".flashgen-download-*.zip"):  # a download broken off before its removal
        if time.time() - stale.stat().st_mtime > STALE_DOWNLOAD_SECONDS and not stale.is_symlink():
            stale.unlink(missing_ok=True)
    handle, name = tempfile.mkstemp(prefix=".flashgen-download-", suffix=".zip", dir=out_dir.parent)  # in the workspace
    os.close(handle)
    with zipfile.ZipFile(name, "w") as archive:
        for record in files:
            path = built_file(out_dir, record.path)
            stored = record.format in ("png", "jpeg", "jpg", "zip", "mp4")  # compressed already
            archive.write(path, record.path, compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    return Path(name)


def captions(out_dir: Path) -> list[dict[str, str]]:
    """Each social image's caption and alt text, from its platform's captions.csv, for the copy buttons."""
    found = []
    for record in manifest_files(out_dir):
        if record.product != "social" or not record.path.endswith("/captions.csv"):
            continue
        folder = record.path.rsplit("/", 1)[0]
        try:
            rows = csv.DictReader(io.StringIO(built_file(out_dir, record.path).read_text(encoding="utf-8-sig")))
            found += [{"file": f"{folder}/{row['file']}", "platform": record.size, "caption": row.get("caption") or "",
                       "alt": row.get("alt_text") or ""} for row in rows if row.get("file")]
        except (OSError, UnicodeDecodeError, csv.Error, AppError):
            continue
    return found
