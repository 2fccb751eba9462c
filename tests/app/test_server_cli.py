"""`flashgen app` as a user starts it: the address printed, the page served, Ctrl+C stops it; a busy port said."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(*arguments: str, cwd: Path) -> subprocess.Popen:
    env = {**os.environ, "FLASHGEN_LANG": "en"}
    return subprocess.Popen([sys.executable, "-m", "flashgen", "app", *arguments], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(url: str, process: subprocess.Popen, seconds: float = 60) -> bytes:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        assert process.poll() is None, process.communicate()
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                return answer.read()
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer")


def test_the_app_starts_serves_and_stops_at_ctrl_c(tmp_path: Path) -> None:
    port = _free_port()
    process = _start(str(tmp_path), "--port", str(port), "--no-browser", cwd=tmp_path)
    try:
        assert b'"lang":"en"' in _wait_for(f"http://127.0.0.1:{port}/api/words", process)
        assert _wait_for(f"http://127.0.0.1:{port}/api/projects", process) == b"[]"
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert f"flashgen app is running at http://127.0.0.1:{port}/" in out
    assert "access code" not in out and "Traceback" not in err


def test_on_the_network_it_prints_the_access_code_and_asks_for_it(tmp_path: Path) -> None:
    port = _free_port()
    process = _start(str(tmp_path), "--port", str(port), "--no-browser", "--host", "127.0.0.2", "--code", "abcd2345",
                     cwd=tmp_path)
    try:
        _wait_for(f"http://127.0.0.2:{port}/api/words", process)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.2:{port}/api/projects", timeout=5)
        assert refused.value.code == 401
    finally:
        process.send_signal(signal.SIGINT)
        out, _err = process.communicate(timeout=30)
    assert "type the access code: abcd2345" in out


def test_a_busy_port_is_said_in_words(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = _start(str(tmp_path), "--port", str(port), "--no-browser", cwd=tmp_path)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert f"port {port} is already in use" in err and "--port" in err
    assert "Traceback" not in err


def test_a_new_workspace_folder_is_made_and_a_missing_parent_is_said(tmp_path: Path) -> None:
    from flashgen.app.server import serve
    from flashgen.errors import FlashgenError

    with pytest.raises(FlashgenError) as missing:
        serve(tmp_path / "no-such-parent" / "chien-dich", open_browser=False, say=lambda _: None)
    assert missing.value.code == "app-no-folder" and not (tmp_path / "no-such-parent").exists()
    with socket.socket() as taken:  # a busy port stops serve() right after the folder is made
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(FlashgenError):
            serve(tmp_path / "chien-dich", port=taken.getsockname()[1], open_browser=False, say=lambda _: None)
    assert (tmp_path / "chien-dich").is_dir()


def test_the_access_code_can_be_set_in_flashgen_yaml(tmp_path: Path) -> None:
    from flashgen.app.server import configured_code
    from flashgen.errors import FlashgenError
    from flashgen.options import CommandLine, resolve_options
    from flashgen.scaffold import create_project

    create_project(tmp_path / "ws", "figures")
    project_file = tmp_path / "ws" / "flashgen.yaml"
    assert configured_code(tmp_path / "ws") is None
    project_file.write_text(project_file.read_text() + "\napp:\n  code: trung-tam-2024\n")
    assert configured_code(tmp_path / "ws") == "trung-tam-2024"
    resolve_options(CommandLine(), tmp_path / "ws")  # the section does not disturb a build
    project_file.write_text(project_file.read_text().replace("trung-tam-2024", "abc"))
    with pytest.raises(FlashgenError) as refused:
        configured_code(tmp_path / "ws")
    assert refused.value.code == "app-code-setting"


def test_the_browser_opens_the_page_once_it_answers(tmp_path: Path) -> None:
    port = _free_port()
    opened = tmp_path / "opened.txt"
    recorder = tmp_path / "browser.py"
    recorder.write_text("import sys, urllib.request\n"
                        "answer = urllib.request.urlopen(sys.argv[1] + 'api/words', timeout=5).status\n"
                        f"open({str(opened)!r}, 'w').write(sys.argv[1] + ' ' + str(answer))\n")
    env = {**os.environ, "FLASHGEN_LANG": "en", "BROWSER": f"{sys.executable} {recorder} %s"}
    process = subprocess.Popen([sys.executable, "-m", "flashgen", "app", str(tmp_path), "--port", str(port)],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        end = time.monotonic() + 60
        while not opened.exists() and time.monotonic() < end:
            time.sleep(0.2)
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)
    assert opened.read_text() == f"http://127.0.0.1:{port}/ 200"
