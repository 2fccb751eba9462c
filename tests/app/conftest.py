"""Fixtures of the app's tests: the real server (uvicorn in a thread) on a free localhost port, and Debian's
Chromium driven by Playwright for Python (never a browser Playwright downloads: the machines have no internet).

``app_server`` yields the server's base address ("http://127.0.0.1:PORT") over a fresh workspace folder;
``browser_page`` a Playwright page in a new browser context. Tests that need the browser are skipped only when
/usr/bin/chromium is missing (scripts/system-packages --test installs it).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def free_port() -> int:
    """A TCP port nobody listens on at this moment (the OS chooses it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServerThread:
    """uvicorn serving ``app`` on 127.0.0.1:``port`` in a daemon thread, stopped by ``stop``."""

    def __init__(self, app: Any, port: int) -> None:
        import uvicorn

        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="flashgen-app-test", daemon=True)
        self.url = f"http://127.0.0.1:{port}"

    def start(self, timeout: float = 15.0) -> None:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the app's server did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """An empty workspace folder (tests/app/test_server_security.py gives its own, with a project and a sentinel)."""
    folder = tmp_path / "workspace"
    folder.mkdir()
    return folder


@pytest.fixture
def app_server(workspace: Path) -> Iterator[str]:
    from flashgen.app.server import create_app

    server = ServerThread(create_app(workspace), free_port())
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


ACCESS_CODE = "ma-thu-123456"


@pytest.fixture
def app_server_with_code(workspace: Path) -> Iterator[str]:
    """The server as shared on a network: every request but the page's own needs ``ACCESS_CODE``."""
    from flashgen.app.server import create_app

    server = ServerThread(create_app(workspace, access_code=ACCESS_CODE), free_port())
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium (/usr/bin/chromium) is not installed: scripts/system-packages --test")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser_page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()
