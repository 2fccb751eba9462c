"""Nothing lost: one build per output folder, kills and Ctrl-C mid-build, failed writes, and never
deleting or overwriting a file flashgen did not make (output/staging.py, output/lock.py)."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from flashgen.build import build
from flashgen.errors import FlashgenError
from flashgen.options import BuildOptions
from flashgen.output import staging as package
from flashgen.output.gallery import write_gallery
from flashgen.output.lock import output_lock
from flashgen.output.manifest import LOCK_NAME
from flashgen.render import jobs as rasterjobs
from tests.conftest import DATA, tree_snapshot, write_content

MINIMAL = (DATA / "minimal.yaml").read_text(encoding="utf-8")

# A build that stops after staging two files, as if it were busy drawing the rest.
PAUSED_BUILD = """\
import sys, time
from flashgen.output import staging as package
from flashgen.cli import main

stage = package.Staging.add

def add(self, *args, **kwargs):
    record = stage(self, *args, **kwargs)
    if len(self.files) == 2:
        time.sleep(600)
    return record

package.Staging.add = add
sys.argv = ["flashgen", "build", *sys.argv[1:]]
main()
"""


def _options(out: Path, content: Path = DATA / "minimal.yaml", **extra) -> BuildOptions:
    return BuildOptions(content=content, out_dir=out, products=("flashcards",), sizes=("social",), jobs=1, **extra)


def _changed_content(folder: Path) -> Path:
    """The minimal content with item 1's heading edited and item 2 renumbered 3: front-01 changes,
    front-03 and back-03 are new, front-02 and back-02 become stale."""
    text = MINIMAL.replace("Chuyển từ đầu tư sang thuê", "Chuyển từ đầu tư sang đi thuê").replace("number: 2", "number: 3")
    return write_content(folder / "changed.yaml", text)


def _staging_folders(out: Path) -> list[Path]:
    return [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.flashgen-")]


def _without_lock(snapshot: dict[str, bytes]) -> dict[str, bytes]:
    return {path: data for path, data in snapshot.items() if path != LOCK_NAME}


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture
def good_build(tmp_path) -> Path:
    """An output folder holding a complete build of the minimal content."""
    out = tmp_path / "out"
    build(_options(out))
    return out


# ---- one build at a time -----------------------------------------------------------------------

def test_second_build_on_the_same_folder_fails_at_once_naming_folder_and_process(good_build):
    before = tree_snapshot(good_build)
    with output_lock(good_build):
        with pytest.raises(FlashgenError) as failure:
            build(_options(good_build, force=True))
    assert failure.value.message == (
        f"another flashgen build is writing to {good_build}/ (process {os.getpid()}). "
        "Wait for it to finish, then build again, or choose another output folder with --out."
    )
    assert tree_snapshot(good_build) == before  # the lock file is gone with the lock


def test_a_lock_file_left_by_a_killed_build_does_not_block(good_build):
    (good_build / LOCK_NAME).write_text("999999\n", encoding="ascii")  # no process holds it any more
    result = build(_options(good_build, force=True))
    assert LOCK_NAME not in [f.path for f in result.files] + [e["path"] for e in _manifest(good_build)["files"]]
    assert not (good_build / LOCK_NAME).exists()


# ---- killed or stopped mid-build ---------------------------------------------------------------

@pytest.fixture
def paused_build(tmp_path) -> Iterator[Callable[..., subprocess.Popen[str]]]:
    """Starts ``flashgen build`` in its own process group, which waits after staging two files."""
    script = tmp_path / "paused_build.py"
    script.write_text(PAUSED_BUILD, encoding="utf-8")
    started: list[subprocess.Popen[str]] = []

    def start(out: Path, *args: str) -> subprocess.Popen[str]:
        started.append(subprocess.Popen(
            [sys.executable, str(script), "--product", "flashcards", "--size", "social", "--out", str(out), *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        ))
        return started[-1]

    yield start
    for process in started:  # a test that failed half-way leaves no build behind
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()


def _wait_until_rendering(process: subprocess.Popen[str], out: Path) -> None:
    """Until the build has staged files (it then waits in PAUSED_BUILD)."""
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        staged = [p for folder in _staging_folders(out) for p in (folder / "new").rglob("*") if p.is_file()]
        if len(staged) >= 2:
            return
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    pytest.fail("the build did not start rendering")


def test_killed_build_leaves_the_previous_build_intact_and_the_next_build_cleans_up(tmp_path, good_build, paused_build):
    before = tree_snapshot(good_build)
    changed = _changed_content(tmp_path)
    process = paused_build(good_build, "--content", str(changed), "--jobs", "2")
    _wait_until_rendering(process, good_build)
    with pytest.raises(FlashgenError, match=rf"another flashgen build is writing to {good_build}/ \(process {process.pid}\)"):
        build(_options(good_build, changed))
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)

    assert _without_lock(tree_snapshot(good_build)) == before  # every file and manifest.json as they were
    assert len(_staging_folders(good_build)) == 1  # the killed build's, beside the output folder

    result = build(_options(good_build, changed))  # the lock died with the killed build
    assert _staging_folders(good_build) == []
    assert not (good_build / LOCK_NAME).exists()
    assert sorted(f.path for f in result.files) == [
        "flashcards/social/back-01.png", "flashcards/social/back-03.png",
        "flashcards/social/front-01.png", "flashcards/social/front-03.png",
    ]
    assert sorted(tree_snapshot(good_build)) == sorted([f.path for f in result.files] + ["index.html", "manifest.json"])


def test_ctrl_c_mid_build_stops_cleanly_and_changes_nothing(tmp_path, good_build, paused_build):
    before = tree_snapshot(good_build)
    process = paused_build(good_build, "--content", str(_changed_content(tmp_path)), "--jobs", "2")
    _wait_until_rendering(process, good_build)
    os.killpg(process.pid, signal.SIGINT)  # as Ctrl-C does: the build and its workers
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 1
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    assert f"Error: stopped (Ctrl-C) before the build finished. {good_build}/ holds the files of the last complete build." in " ".join(stderr.split())
    assert _staging_folders(good_build) == []
    assert tree_snapshot(good_build) == before


# A command whose workers are stuck in a long drawing: each image a worker draws sleeps for ten minutes.
LONG_DRAWING = """\
import os, sys, time
from pathlib import Path
from flashgen.render import draw
from flashgen.cli import main

drawing, command, build = Path(sys.argv[1]), sys.argv[2], os.getpid()
draw_image = draw.render_image

def long_drawing(*args, **kwargs):
    if os.getpid() != build:  # on a worker
        drawing.touch()
        time.sleep(600)
    return draw_image(*args, **kwargs)

draw.render_image = long_drawing
sys.argv = ["flashgen", command, *sys.argv[3:]]
main()
"""

STOPPED_WITHIN = 2.0  # seconds from Ctrl-C until every process of the command is gone


def _group_ends_within(process: subprocess.Popen[str], seconds: float) -> bool:
    """Whether ``process`` and every process of its group (its workers) are gone within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        process.poll()  # a process that ended is there until it is waited for
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.02)
    return False


@contextmanager
def _none_left_running(process: subprocess.Popen[str]) -> Iterator[None]:
    """Whatever the test finds, no process of the command is left running after it."""
    try:
        yield
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()


def _ctrl_c_while_a_worker_draws(tmp_path: Path, command: str, *args: str) -> tuple[subprocess.Popen[str], str, float]:
    """Start ``flashgen command`` in its own process group, press Ctrl-C once a worker is drawing; the
    process, its stderr and the seconds until the whole group was gone."""
    script, drawing = tmp_path / "long_drawing.py", tmp_path / "drawing"
    script.write_text(LONG_DRAWING, encoding="utf-8")
    drawing.unlink(missing_ok=True)
    process = subprocess.Popen(
        [sys.executable, str(script), str(drawing), command, "--product", "flashcards", "--size", "social", "--jobs", "2",
         *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    with _none_left_running(process):
        _wait_for(drawing, process)
        time.sleep(0.2)  # the worker is asleep in its drawing
        pressed = time.monotonic()
        os.killpg(process.pid, signal.SIGINT)  # as Ctrl-C does: the command and its workers
        gone = _group_ends_within(process, STOPPED_WITHIN)
        seconds = time.monotonic() - pressed
        if not gone:  # still running: killed, so that the test fails at once
            os.killpg(process.pid, signal.SIGKILL)
        _, stderr = process.communicate(timeout=60)
        return process, stderr, seconds if gone else float("inf")


@pytest.mark.parametrize("run", range(10))
def test_ctrl_c_stops_a_build_whose_worker_is_in_a_long_drawing_within_two_seconds(tmp_path, good_build, run):
    before = tree_snapshot(good_build)
    process, stderr, seconds = _ctrl_c_while_a_worker_draws(
        tmp_path, "build", "--out", str(good_build), "--content", str(_changed_content(tmp_path)))
    assert seconds <= STOPPED_WITHIN, stderr  # every process gone, none waited for
    assert process.returncode == 1, stderr
    assert "Traceback" not in stderr and "Error" not in stderr.replace("Error: stopped (Ctrl-C)", "")
    assert f"Error: stopped (Ctrl-C) before the build finished. {good_build}/ holds the files of the last complete build." in " ".join(stderr.split())
    assert _staging_folders(good_build) == []
    assert tree_snapshot(good_build) == before  # the lock file is gone too


def test_ctrl_c_stops_a_watch_whose_worker_is_in_a_long_drawing_within_two_seconds(tmp_path, good_build):
    before = tree_snapshot(good_build)
    process, stderr, seconds = _ctrl_c_while_a_worker_draws(
        tmp_path, "watch", "--out", str(good_build), "--content", str(_changed_content(tmp_path)))
    assert seconds <= STOPPED_WITHIN, stderr
    assert process.returncode == 0, stderr  # Ctrl-C is how a watch ends
    assert "Stopped watching." in stderr and "Traceback" not in stderr
    assert _staging_folders(good_build) == []
    assert tree_snapshot(good_build) == before


def test_ctrl_c_while_check_draws_its_contrast_backgrounds_is_a_plain_message(tmp_path):
    script, drawing = tmp_path / "long_drawing.py", tmp_path / "drawing"
    script.write_text(LONG_DRAWING.replace("if os.getpid() != build:", "if True:"), encoding="utf-8")  # check draws itself
    process = subprocess.Popen([sys.executable, str(script), str(drawing), "check"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    with _none_left_running(process):
        _wait_for(drawing, process)
        os.killpg(process.pid, signal.SIGINT)
        assert _group_ends_within(process, STOPPED_WITHIN)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 1
    assert stderr.strip() == "Error: stopped (Ctrl-C) before the check finished. Nothing was changed."


# A build drawing in its own process (--jobs 1) for a long time in C code, which Python cannot interrupt.
DRAWING_IN_C = """\
import hashlib, sys
from pathlib import Path
from flashgen.render import draw
from flashgen.cli import run

drawing = Path(sys.argv[1])

def long_drawing(*args, **kwargs):
    drawing.touch()
    hashlib.pbkdf2_hmac("sha256", b"card", b"salt", 10**9)  # minutes in C, never back in Python meanwhile
    return None

draw.render_image = long_drawing
sys.argv = ["flashgen", "build", *sys.argv[2:]]
run()
"""


def test_a_second_ctrl_c_ends_a_build_at_once_even_in_the_middle_of_a_drawing(tmp_path, good_build):
    script, drawing = tmp_path / "drawing_in_c.py", tmp_path / "drawing"
    script.write_text(DRAWING_IN_C, encoding="utf-8")
    before = tree_snapshot(good_build)
    process = subprocess.Popen(
        [sys.executable, str(script), str(drawing), "--out", str(good_build), "--content", str(_changed_content(tmp_path)),
         "--product", "flashcards", "--size", "social", "--jobs", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    with _none_left_running(process):
        _wait_for(drawing, process)
        os.killpg(process.pid, signal.SIGINT)
        assert not _group_ends_within(process, 1.0)  # the first Ctrl-C waits for Python, which waits for the drawing
        os.killpg(process.pid, signal.SIGINT)
        assert _group_ends_within(process, STOPPED_WITHIN)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 1 and "Traceback" not in stderr
    assert "Stopped at once (second Ctrl-C). The output folder holds the files of the last complete build" in stderr
    after = tree_snapshot(good_build)
    after.pop(".flashgen.lock")  # left as a kill leaves it: it names the staging folder for the next build
    assert after == before
    build(_options(good_build, _changed_content(tmp_path)))  # the next build tidies up
    assert _staging_folders(good_build) == [] and not (good_build / ".flashgen.lock").exists()


class Killed(BaseException):
    """Stands for SIGKILL: no ``except`` clause of flashgen runs."""


def _fail_renames(monkeypatch, at: int, error: BaseException) -> list[str]:
    """Make the ``at``-th rename (1-based; -1: the final manifest's) raise ``error``, once."""
    done: list[str] = []
    rename = os.replace

    def failing(source, target):
        done.append(str(target))
        if len(done) == at or (at == -1 and Path(target).name == "manifest.json" and len(done) > 1):
            raise error
        return rename(source, target)

    monkeypatch.setattr(package.os, "replace", failing)
    return done


@pytest.fixture(scope="module")
def clean_changed_build(tmp_path_factory) -> dict[str, bytes]:
    """The changed content built into an empty folder: what the folder must hold after recovery."""
    folder = tmp_path_factory.mktemp("clean")
    out = folder / "out"
    build(_options(out, _changed_content(folder)))
    return tree_snapshot(out)


@pytest.mark.parametrize("crash_at", [2, 3, -1], ids=["after-manifest", "between-moves", "before-final-manifest"])
def test_kill_during_the_final_moves_leaves_a_folder_the_next_build_reads_right(
    tmp_path, good_build, monkeypatch, crash_at, clean_changed_build
):
    (good_build / "notes.txt").write_text("mine", encoding="utf-8")
    changed = _changed_content(tmp_path)
    _fail_renames(monkeypatch, crash_at, Killed())
    with pytest.raises(Killed):
        build(_options(good_build, changed))
    monkeypatch.undo()

    manifest = _manifest(good_build)
    assert manifest["unfinished"] is True and "build_key" not in manifest
    listed = {entry["path"]: entry for entry in manifest["files"]}
    on_disk = set(tree_snapshot(good_build)) - {"manifest.json", "notes.txt", "index.html", LOCK_NAME}
    assert on_disk <= set(listed)  # flashgen still knows every file it made
    old = {"flashcards/social/front-02.png", "flashcards/social/back-02.png"}
    assert old <= set(listed)  # including the stale ones, so the next build removes them
    current = {  # files that already hold what the interrupted build made
        path for path, entry in listed.items()
        if path in on_disk and hashlib.sha256((good_build / path).read_bytes()).hexdigest() == entry["sha256"]
    }

    rendered: list[str] = []
    run_job = rasterjobs.run_job
    monkeypatch.setattr(rasterjobs, "run_job", lambda job: rendered.append(job.name) or run_job(job))
    result = build(_options(good_build, changed))
    assert not result.unchanged  # not mistaken for "nothing changed"
    assert set(rendered) == {f.path for f in result.files} - current  # files already in place are reused
    after, clean = tree_snapshot(good_build), dict(clean_changed_build)
    assert after.pop("notes.txt") == b"mine"
    manifest, clean_manifest = (json.loads(files.pop("manifest.json")) for files in (after, clean))
    assert after == clean
    assert manifest["files"] == clean_manifest["files"] and "unfinished" not in manifest and manifest["build_key"]


# ---- failed writes -----------------------------------------------------------------------------

def _read_only(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir():
            path.chmod(0o555)


@pytest.mark.parametrize("failing_rename", [1, 4], ids=["manifest", "an-image"])
def test_read_only_output_folder_is_a_clear_error_and_changes_nothing(tmp_path, good_build, monkeypatch, failing_rename):
    before = tree_snapshot(good_build)
    if os.geteuid() == 0:  # root writes to read-only folders anyway: make the writes fail as they would
        _fail_renames(monkeypatch, failing_rename, PermissionError(errno.EACCES, "Permission denied"))
    elif failing_rename == 1:
        _read_only(good_build)
    else:
        _read_only(good_build / "flashcards")
    try:
        with pytest.raises(FlashgenError) as failure:
            build(_options(good_build, _changed_content(tmp_path)))
    finally:
        for path in [good_build, *good_build.rglob("*")]:
            if path.is_dir():
                path.chmod(0o755)
    message = failure.value.message
    assert message.startswith(f"cannot write to {good_build}")
    assert ": the folder is read-only (you are not allowed to write there). Choose another output folder with --out" in message
    assert message.endswith(f"The files already in {good_build}/ are unchanged.")
    assert tree_snapshot(good_build) == before
    assert _staging_folders(good_build) == []


@pytest.mark.parametrize("full_at", ["flashcards/social/back-01.png", "manifest.json"])
def test_full_disk_is_a_clear_error_and_changes_nothing(tmp_path, good_build, monkeypatch, full_at):
    before = tree_snapshot(good_build)
    write_file = package.write_file

    def disk_full(root: Path, relative: str, data: bytes) -> Path:
        if (root / relative).as_posix().endswith(full_at):
            raise OSError(errno.ENOSPC, "No space left on device")
        return write_file(root, relative, data)

    monkeypatch.setattr(package, "write_file", disk_full)
    with pytest.raises(FlashgenError) as failure:
        build(_options(good_build, _changed_content(tmp_path)))
    assert failure.value.message == (
        f"cannot write to {good_build / full_at}: the disk is full. Free some space, or choose an output folder "
        f"on another drive with --out, then build again. The files already in {good_build}/ are unchanged."
    )
    assert tree_snapshot(good_build) == before
    assert _staging_folders(good_build) == []


# ---- never deleting or overwriting what flashgen did not make ----------------------------------

def test_user_files_survive_builds_rebuilds_force_and_failures(tmp_path, good_build):
    mine = {"notes.txt": b"mine", "flashcards/my-own.png": b"\x89PNG mine", "flashcards/social/extra.png": b"mine too",
            "mine/sub/x.txt": b"deep"}
    for relative, data in mine.items():
        (good_build / relative).parent.mkdir(parents=True, exist_ok=True)
        (good_build / relative).write_bytes(data)
    look_alike = tmp_path / f".{good_build.name}.flashgen-mine"  # named like a staging folder, but not one
    look_alike.mkdir()

    def check() -> None:
        snapshot = tree_snapshot(good_build)
        assert {relative: snapshot.get(relative) for relative in mine} == mine
        assert look_alike.is_dir()

    one_item = write_content(tmp_path / "one.yaml", MINIMAL[: MINIMAL.index("  - number: 2")])
    build(_options(good_build, one_item))  # stale files removed, user files kept
    assert sorted(p.name for p in (good_build / "flashcards" / "social").iterdir()) == [
        "back-01.png", "extra.png", "front-01.png"]
    check()
    build(_options(good_build, force=True))
    check()
    broken = write_content(tmp_path / "broken.yaml", MINIMAL.replace("items:", "items: ["))
    with pytest.raises(FlashgenError):
        build(_options(good_build, broken))
    check()
    assert not {entry["path"] for entry in _manifest(good_build)["files"]} & set(mine)


def test_a_file_flashgen_did_not_make_is_never_overwritten(tmp_path):
    out = tmp_path / "out"
    (out / "flashcards" / "social").mkdir(parents=True)
    (out / "flashcards" / "social" / "front-02.png").write_bytes(b"a designer's own card")
    with pytest.raises(FlashgenError) as failure:
        build(_options(out))
    assert failure.value.message.startswith(
        f"{out}/flashcards/social/front-02.png is already there, and flashgen did not make it (manifest.json does not list it)."
    )
    assert tree_snapshot(out) == {"flashcards/social/front-02.png": b"a designer's own card"}


def test_an_edited_manifest_cannot_make_flashgen_delete_anything_outside_its_files(tmp_path, good_build):
    outside = tmp_path / "outside"
    (outside / "pictures").mkdir(parents=True)
    victims = {outside / "x.txt": b"x", outside / "abs.txt": b"abs", outside / "pictures" / "p.png": b"p"}
    for path, data in victims.items():
        path.write_bytes(data)
    (good_build / "notes.txt").write_bytes(b"mine")
    (good_build / "flashcards" / "linked").symlink_to(outside / "pictures")
    manifest = _manifest(good_build)
    template = manifest["files"][0]
    for path in ["../outside/x.txt", "../../outside/x.txt", str(outside / "abs.txt"), "flashcards/../notes.txt",
                 "./notes.txt", "notes.txt/", "flashcards\\..\\..\\outside\\x.txt", "flashcards/linked/p.png",
                 LOCK_NAME, "manifest.json"]:
        manifest["files"].append({**template, "path": path})
    (good_build / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    one_item = write_content(tmp_path / "one.yaml", MINIMAL[: MINIMAL.index("  - number: 2")])
    build(_options(good_build, one_item))  # removes stale files: only its own
    assert {path: path.read_bytes() for path in victims} == victims
    assert (good_build / "notes.txt").read_bytes() == b"mine"
    assert (good_build / "flashcards" / "linked").is_symlink()
    assert sorted(e["path"] for e in _manifest(good_build)["files"]) == [
        "flashcards/social/back-01.png", "flashcards/social/front-01.png"]


# ---- Ctrl-C and kill while the build finishes --------------------------------------------------

# A build that waits at one moment of its end until the test creates the file `go`: "commit" (the first
# new file moved in), "half-removed" (the staging folder's first subfolder removed) or "note-removed"
# (only the empty staging folder left). It creates the file `paused` when it gets there.
FINISHING_BUILD = """\
import shutil, sys, time
from pathlib import Path
from flashgen.output import lock, staging as package
from flashgen.cli import main

paused, go, moment = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]

def wait_here():
    paused.touch()
    while not go.exists():
        time.sleep(0.05)

def after(function, when=lambda *args: True):
    def wrapper(*args, **kwargs):
        result = function(*args, **kwargs)
        if when(*args) and not paused.exists():
            wait_here()
        return result
    return wrapper

if moment == "commit":
    package._Moves.move_in = after(package._Moves.move_in)
elif moment == "half-removed":
    shutil.rmtree = after(shutil.rmtree)
else:
    Path.unlink = after(Path.unlink, lambda path, *rest: path.name == lock.STAGING_NOTE)
sys.argv = ["flashgen", "build", *sys.argv[4:]]
main()
"""


@pytest.fixture
def finishing_build(tmp_path) -> Iterator[Callable[..., subprocess.Popen[str]]]:
    """Starts ``flashgen build`` of the changed content in its own process group, waiting at ``moment``."""
    script = tmp_path / "finishing_build.py"
    script.write_text(FINISHING_BUILD, encoding="utf-8")
    started: list[subprocess.Popen[str]] = []

    def start(out: Path, moment: str) -> subprocess.Popen[str]:
        started.append(subprocess.Popen(
            [sys.executable, str(script), str(tmp_path / "paused"), str(tmp_path / "go"), moment, "--product",
             "flashcards", "--size", "social", "--out", str(out), "--content", str(_changed_content(tmp_path)),
             "--jobs", "2"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        ))
        _wait_for(tmp_path / "paused", started[-1])
        return started[-1]

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()


def _wait_for(path: Path, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 240
    while not path.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the build did not reach the moment"
        time.sleep(0.05)


def _assert_the_changed_build(out: Path, clean: dict[str, bytes]) -> None:
    """``out`` holds the changed content's complete build, and index.html is the gallery of it."""
    after, expected = _without_lock(tree_snapshot(out)), dict(clean)  # a killed build leaves its lock file
    manifest, expected_manifest = (json.loads(files.pop("manifest.json")) for files in (after, expected))
    assert manifest["files"] == expected_manifest["files"] and manifest["build_key"] and "unfinished" not in manifest
    page = after.pop("index.html")
    expected.pop("index.html")
    assert after == expected
    assert write_gallery(out).read_bytes() == page  # index.html shows what is in the folder


def test_ctrl_c_during_the_commit_finishes_the_build_and_says_so(tmp_path, good_build, finishing_build, clean_changed_build):
    process = finishing_build(good_build, "commit")
    os.killpg(process.pid, signal.SIGINT)  # as Ctrl-C does: the build and its workers
    time.sleep(0.5)  # the signal has arrived while the files were being moved in
    (tmp_path / "go").touch()
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 1
    assert "Traceback" not in stderr
    assert (
        f"Error: stopped (Ctrl-C) as the build was finishing, after its files were in place: {good_build}/ holds the "
        f"complete new build and {good_build}/index.html shows it. Nothing is missing."
    ) in " ".join(stderr.split())
    _assert_the_changed_build(good_build, clean_changed_build)
    assert _staging_folders(good_build) == []


def test_ctrl_c_during_the_clean_up_is_held_until_it_is_done(tmp_path, good_build, finishing_build, clean_changed_build):
    process = finishing_build(good_build, "half-removed")
    os.killpg(process.pid, signal.SIGINT)
    time.sleep(0.5)
    (tmp_path / "go").touch()
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 1
    assert "stopped (Ctrl-C) as the build was finishing" in stderr
    _assert_the_changed_build(good_build, clean_changed_build)
    assert _staging_folders(good_build) == []


@pytest.mark.parametrize("moment", ["half-removed", "note-removed"])
def test_a_build_killed_while_it_cleans_up_leaves_a_folder_the_next_build_removes(
    tmp_path, good_build, finishing_build, clean_changed_build, moment
):
    process = finishing_build(good_build, moment)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)
    [left] = _staging_folders(good_build)  # the kill left the staging folder behind …
    assert (left / "flashgen-staging.txt").exists() == (moment == "half-removed")  # … without its note, once removed
    _assert_the_changed_build(good_build, clean_changed_build)  # the commit was complete

    build(_options(good_build, _changed_content(tmp_path)))
    assert _staging_folders(good_build) == []  # the next build removes the folder
    assert not (good_build / LOCK_NAME).exists()


def test_only_staging_folders_of_flashgen_are_removed(tmp_path, good_build):
    named = tmp_path / f".{good_build.name}.flashgen-0a1b2c3d"  # no note, but named in a killed build's lock file
    (named / "new").mkdir(parents=True)
    look_alikes = [tmp_path / f".{good_build.name}.flashgen-ffffffff", tmp_path / f".{good_build.name}.flashgen-mine"]
    for folder in look_alikes:  # named like staging folders, but neither noted nor named: the user's
        (folder / "sub").mkdir(parents=True)
        (folder / "sub" / "keep.txt").write_text("mine", encoding="utf-8")
    (good_build / LOCK_NAME).write_text(f"999999\n{named.name}\n", encoding="utf-8")
    build(_options(good_build, force=True))
    assert not named.exists()
    assert all((folder / "sub" / "keep.txt").read_text(encoding="utf-8") == "mine" for folder in look_alikes)
