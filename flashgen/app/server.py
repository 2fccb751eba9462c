"""The flashgen web app: a workspace folder in, a Starlette application (and a running server) out.

``create_app(workspace, access_code)`` wires the routes of the HTTP contract to
the modules that do the work (workspace, editor, preview, builds); every
``FlashgenError`` they raise becomes ``{"error", "code"}`` with its status here,
in one place, as cli.py's ``main`` does for the command line. ``serve`` runs it
with uvicorn on one address; a host other than localhost needs an access code.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import signal
import socket
import threading
import time
import webbrowser
from collections.abc import AsyncIterator, Callable
from functools import partial
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from flashgen.app import builds, editor, preview, previewer
from flashgen.app import workspace as ws
from flashgen.app.http import (
    CODE_COOKIE,
    AccessCode,
    AppError,
    code_matches,
    error_response,
    is_local,
    json,
)
from flashgen.errors import FlashgenError
from flashgen.i18n import _, current_language
from flashgen.load.theme import MAX_LOGO_BYTES
from flashgen.output.gallery import GALLERY_NAME

STATIC_DIR = Path(__file__).resolve().parent / "static"
# Built files and logos are shown as they are, never run as a page of this site (an SVG logo with a script).
SAFE_FILE_HEADERS = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "script-src 'none'; sandbox"}


def page_words() -> dict[str, str]:
    """The page's words (words.py, app-ui's) in the server's language, plus "lang"."""
    try:
        from flashgen.app.words import WORDS  # type: ignore[import-not-found,unused-ignore]
    except ImportError:  # the page's words are written on another branch
        WORDS = {}  # noqa: N806
    return {**{key: _(text) for key, text in WORDS.items()}, "lang": current_language()}


class App:
    """The routes of one workspace; each handler runs the library in a thread (it reads files, draws)."""

    def __init__(self, workspace: Path, access_code: str | None) -> None:
        self.workspace = workspace.resolve()
        self.access_code = access_code
        self.previewer = previewer.Previewer()  # the cards are drawn in processes of their own
        self.builds = builds.Builds()

    # ---- the page and the start screen ---------------------------------------------------------

    async def index(self, request: Request) -> Response:
        page = STATIC_DIR / "index.html"
        if not page.is_file():
            return Response("flashgen app: the page (static/index.html) is not installed.", media_type="text/plain")
        return FileResponse(page, headers={"Cache-Control": "no-cache"})

    async def words(self, request: Request) -> Response:
        return json(page_words())

    async def login(self, request: Request) -> Response:
        body = await _body(request)
        given = body.get("code") if isinstance(body, dict) else None
        if self.access_code is None or code_matches(given if isinstance(given, str) else None, self.access_code):
            response = Response(status_code=204)
            if self.access_code is not None:
                response.set_cookie(CODE_COOKIE, self.access_code, httponly=True, samesite="strict")
            return response
        return error_response(AppError(_("this access code is not the right one; type the code shown where flashgen "
                                         "app was started."), code="app-code", status=403))

    async def examples(self, request: Request) -> Response:
        return json(ws.examples())

    async def projects(self, request: Request) -> Response:
        def listing() -> list[dict[str, Any]]:
            return [ws.describe(self.workspace, project_id).__dict__ for project_id in ws.project_ids(self.workspace)]

        return json(await _in_thread(listing))

    async def new_project(self, request: Request) -> Response:
        body = await _body(request)
        project_id = await _in_thread(ws.create_from_example, self.workspace, body.get("name"), body.get("kind"))
        return json({"id": project_id}, 201)

    async def upload_project(self, request: Request) -> Response:
        name, filename, data = await _upload(request, ws.MAX_UPLOAD_BYTES)
        project_id = await _in_thread(ws.create_from_upload, self.workspace, name, filename, data)
        return json({"id": project_id}, 201)

    # ---- one project ------------------------------------------------------------------------------

    def folder(self, request: Request) -> Path:
        return ws.project_folder(self.workspace, request.path_params["id"])

    async def project(self, request: Request) -> Response:
        folder = self.folder(request)
        view = await _in_thread(editor.project_view, request.path_params["id"], folder)
        self.previewer.warm(folder)
        return json(view)

    async def save_content(self, request: Request) -> Response:
        folder, body = self.folder(request), await _body(request)
        return json(await _in_thread(editor.save_content, folder, body))

    async def preview(self, request: Request) -> Response:
        folder, body = self.folder(request), await _body(request)
        return json(await _in_thread(self.previewer.preview, folder, body))

    async def save_settings(self, request: Request) -> Response:
        folder, body = self.folder(request), await _body(request)
        return json(await _in_thread(editor.save_settings, folder, body))

    async def save_logo(self, request: Request) -> Response:
        folder = self.folder(request)
        _name, filename, data = await _upload(request, MAX_LOGO_BYTES)
        return json(await _in_thread(editor.save_logo, request.path_params["id"], folder, filename, data))

    async def logo(self, request: Request) -> Response:
        data, media_type = await _in_thread(editor.logo_file, self.folder(request))
        return Response(data, media_type=media_type, headers=SAFE_FILE_HEADERS)

    async def swatch(self, request: Request) -> Response:
        data = await _in_thread(preview.swatch, request.path_params["name"])
        return Response(data, media_type="image/png", headers={"Cache-Control": "max-age=3600"})

    # ---- builds -------------------------------------------------------------------------------------

    async def start_build(self, request: Request) -> Response:
        folder = self.folder(request)
        await _in_thread(self.builds.start, self.workspace, folder)
        return json({"build": "running"}, 202)

    async def build_state(self, request: Request) -> Response:
        folder = self.folder(request)
        out_dir = await _in_thread(builds.out_folder, self.workspace, folder)
        return json(self.builds.state(folder).view(request.path_params["id"], out_dir))

    async def out_file(self, request: Request) -> Response:
        folder = self.folder(request)
        out_dir = await _in_thread(builds.out_folder, self.workspace, folder)
        path = await _in_thread(builds.built_file, out_dir, request.path_params["path"])
        own_page = request.path_params["path"] == GALLERY_NAME  # flashgen's gallery; the rest only shown
        return FileResponse(path, headers={"Cache-Control": "no-cache"} if own_page else SAFE_FILE_HEADERS)

    async def download(self, request: Request) -> Response:
        folder = self.folder(request)
        out_dir = await _in_thread(builds.out_folder, self.workspace, folder)
        path, name, temporary = await _in_thread(builds.download, out_dir, request.query_params.get("what", "all"))
        cleanup = BackgroundTask(path.unlink, missing_ok=True) if temporary else None
        return FileResponse(path, filename=name, background=cleanup, headers=SAFE_FILE_HEADERS)

    async def captions(self, request: Request) -> Response:
        folder = self.folder(request)
        out_dir = await _in_thread(builds.out_folder, self.workspace, folder)
        return json(await _in_thread(builds.captions, out_dir))

    def routes(self) -> list[Route | Mount]:
        return [
            Route("/", self.index),
            Route("/api/words", self.words),
            Route("/api/login", self.login, methods=["POST"]),
            Route("/api/examples", self.examples),
            Route("/api/projects", self.projects),
            Route("/api/projects", self.new_project, methods=["POST"]),
            Route("/api/projects/upload", self.upload_project, methods=["POST"]),
            Route("/api/projects/{id}", self.project),
            Route("/api/projects/{id}/content", self.save_content, methods=["PUT"]),
            Route("/api/projects/{id}/preview", self.preview, methods=["POST"]),
            Route("/api/projects/{id}/settings", self.save_settings, methods=["PUT"]),
            Route("/api/projects/{id}/logo", self.save_logo, methods=["POST"]),
            Route("/api/projects/{id}/logo", self.logo),
            Route("/api/themes/{name}/swatch.png", self.swatch),
            Route("/api/projects/{id}/build", self.start_build, methods=["POST"]),
            Route("/api/projects/{id}/build", self.build_state),
            Route("/api/projects/{id}/download", self.download),
            Route("/api/projects/{id}/captions", self.captions),
            Route("/projects/{id}/out/{path:path}", self.out_file),
            Mount("/static", app=PageFiles(directory=STATIC_DIR, check_dir=False), name="static"),
        ]


class PageFiles(StaticFiles):
    """The page's scripts, styles and fonts, asked again each time (an upgraded flashgen's page is never mixed
    with the old one's scripts kept by the browser; the answer is a cheap "not modified" when they did not change)."""

    async def get_response(self, path: str, scope: Any) -> Response:
        response = await super().get_response(path, scope)
        response.headers["Cache-Control"] = "no-cache"
        return response


async def _in_thread(function: Callable[..., Any], *args: Any) -> Any:
    """The library's work off the event loop: it reads files and draws."""
    return await asyncio.to_thread(partial(function, *args))


async def _body(request: Request) -> dict[str, Any]:
    """The JSON object the request sends; a 400 for anything else."""
    try:
        body = await request.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise AppError(_("the request did not send a JSON object."), code="app-request")
    return body


async def _upload(request: Request, most: int) -> tuple[str | None, str | None, bytes]:
    """(name field, file name, bytes) of a multipart upload whose field ``file`` is at most ``most`` bytes."""
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > most + 100_000:  # refused before reading
        raise ws.too_large_upload(int(length))
    try:
        form = await request.form(max_files=1, max_fields=10, max_part_size=most + 1)
    except Exception as problem:  # noqa: BLE001 - python-multipart's errors: the upload is malformed or too large
        raise AppError(_("the upload could not be read ({reason}).").format(reason=str(problem)[:200]),
                       code="app-upload") from None
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        raise AppError(_("the upload has no file."), code="app-upload")
    data = await upload.read(most + 1)
    if len(data) > most:
        raise ws.too_large_upload(len(data))
    name = form.get("name")
    return (name if isinstance(name, str) else None), upload.filename, data


async def _flashgen_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, FlashgenError)
    return error_response(exc)


async def _unexpected(request: Request, exc: Exception) -> Response:
    """A mistake of flashgen's own: said in the page's form too (the traceback goes to the terminal)."""
    return error_response(AppError(_("something went wrong inside flashgen ({reason}); try again, and if it "
                                     "happens again, tell the people who look after flashgen.").format(
        reason=f"{type(exc).__name__}: {str(exc)[:200]}"), code="app-internal", status=500))


def create_app(workspace: Path, access_code: str | None = None) -> Starlette:
    """The web app of ``workspace``; with ``access_code``, every request but the page's own needs it."""
    app = App(workspace, access_code)

    @contextlib.asynccontextmanager
    async def lifespan(_starlette: Starlette) -> AsyncIterator[None]:
        yield
        await _in_thread(app.builds.stop_all)  # the server stops (Ctrl+C): so do its builds and previews
        await _in_thread(app.previewer.stop_all)

    return Starlette(
        routes=app.routes(),
        lifespan=lifespan,
        middleware=[Middleware(AccessCode, code=access_code)],
        exception_handlers={FlashgenError: _flashgen_error, Exception: _unexpected},
    )


def check_port_free(host: str, port: int) -> None:
    """Refuse at once, in words, an address another program already listens on."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise FlashgenError(_("port {port} is already in use on {host} (another program, or flashgen app "
                                      "started before). Choose another with --port, e.g. --port {other}.").format(
                    port=port, host=host, other=port + 1), code="app-port-busy") from None
            raise FlashgenError(_("cannot listen on {host}, port {port}: {reason}.").format(
                host=host, port=port, reason=exc.strerror or exc), code="app-address") from None


def address(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def serve(workspace: Path, host: str = "127.0.0.1", port: int = 8765, access_code: str | None = None,
          open_browser: bool = True, say: Callable[[str], None] = print) -> None:
    """Run the app of ``workspace`` on ``host``:``port`` until Ctrl+C; another host than localhost needs
    ``access_code`` (made by the caller when not given: http.new_access_code)."""
    import uvicorn

    if not workspace.exists() and workspace.parent.is_dir():
        workspace.mkdir()  # `flashgen app chien-dich` on a first day: the page makes the projects in it
    if not workspace.is_dir():
        raise FlashgenError(_("{folder}: there is no such folder.").format(folder=workspace), code="app-no-folder")
    if not is_local(host) and not access_code:
        raise FlashgenError(_("an access code is needed to share flashgen app on the network."), code="app-code-needed")
    check_port_free(host, port)
    shown = address("127.0.0.1" if host in ("0.0.0.0", "::") else host, port)
    say(_("flashgen app is running at {address} (workspace: {folder}). Press Ctrl+C to stop.").format(
        address=shown, folder=workspace))
    if not is_local(host):
        say(_("Others on the network open {address} (or this computer's IP address instead of its name) and type "
              "the access code: {code}").format(address=address(socket.gethostname(), port), code=access_code))
    config = uvicorn.Config(create_app(workspace, None if is_local(host) else access_code), host=host, port=port,
                            log_level="warning", lifespan="on")
    # uvicorn stops at the first Ctrl+C and raises it again once stopped: not the "second Ctrl+C" that makes
    # flashgen end at once (output/lock.py counts them on the wake-up descriptor), and no error either.
    main = threading.current_thread() is threading.main_thread()  # only the main thread has signals
    counting = signal.set_wakeup_fd(-1) if main else -1
    server = uvicorn.Server(config)
    if open_browser:
        threading.Thread(target=_open_when_started, args=(server, shown), daemon=True, name="open browser").start()
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        if main:
            signal.set_wakeup_fd(counting)


def _open_when_started(server: Any, page: str) -> None:
    """Open the page in the web browser once the server answers (not before: the browser would find nothing)."""
    for _tick in range(200):
        if server.started:
            webbrowser.open(page)
            return
        time.sleep(0.05)


def start(workspace: Path, host: str = "127.0.0.1", port: int = 8765, code: str | None = None,
          open_browser: bool = True, say: Callable[[str], None] = print) -> None:
    """``flashgen app``: serve ``workspace``; on another host than localhost with ``code``, else the one
    the workspace's flashgen.yaml sets (``app: {code: …}``), else a new one."""
    from flashgen.app.http import new_access_code

    if is_local(host):
        serve(workspace, host, port, None, open_browser, say)
        return
    serve(workspace, host, port, code or configured_code(workspace) or new_access_code(), open_browser, say)


MIN_CODE_CHARS = 6


def configured_code(workspace: Path) -> str | None:
    """The access code set in the workspace's flashgen.yaml (``app: {code: …}``), if any, checked."""
    from flashgen.load.yamlfile import read_yaml
    from flashgen.options import PROJECT_FILE

    path = workspace / PROJECT_FILE
    document = read_yaml(path) if path.is_file() else None
    section = document.get("app") if isinstance(document, dict) else None
    if section is None:
        return None
    code = section.get("code") if isinstance(section, dict) else None
    if not isinstance(code, str) or len(code.strip()) < MIN_CODE_CHARS:
        raise FlashgenError(_("{file}, 'app': write the access code as 'app: {{code: …}}', at least {most} characters "
                              "long.").format(file=path, most=MIN_CODE_CHARS), code="app-code-setting")
    return code.strip()
