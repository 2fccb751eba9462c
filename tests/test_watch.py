"""`flashgen watch`: what is watched, the debounce, and the loop rebuilding on real edits."""

from __future__ import annotations

import hashlib
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from flashgen import watch as watching
from flashgen.load.resources import (
    DEFAULT_CONTENT,
    DEFAULT_THEME,
    FONTS_DIR,
    TEMPLATES_DIR,
)
from flashgen.options import BuildOptions
from flashgen.watch import (
    Rebuilt,
    changed_paths,
    snapshot,
    wait_for_change,
    watch,
    watched_paths,
)
from tests.conftest import DATA, tree_snapshot, write_content

TIMEOUT = 60  # seconds to wait for a build on a slow, shared machine; never reached when things work


class Recorder:
    """A Report that remembers what the watch said, for a test thread to wait on."""

    def __init__(self) -> None:
        self.events: list[tuple[str, object]] = []
        self.changed = threading.Condition()

    def _add(self, kind: str, value: object) -> None:
        with self.changed:
            self.events.append((kind, value))
            self.changed.notify_all()

    def watching(self, paths: tuple[Path, ...]) -> None:
        self._add("watching", paths)

    def building(self, changed: tuple[Path, ...]) -> None:
        self._add("building", changed)

    def cards_ready(self, ready: watching.CardsReady) -> None:
        self._add("cards", ready)

    def built(self, outcome: Rebuilt) -> None:
        self._add("built", outcome)

    def failed(self, message: str, written: watching.CardsReady | None = None) -> None:
        self._add("failed", message)
        self.written = written

    def stopped(self) -> None:
        self._add("stopped", None)

    def start(self, total: int, label: str) -> None:
        pass

    def advance(self) -> None:
        pass

    def outcomes(self) -> list[tuple[str, object]]:
        """Each build's end: ("built", Rebuilt) or ("failed", message)."""
        return [(kind, value) for kind, value in self.events if kind in ("built", "failed")]

    def wait_for_outcomes(self, count: int) -> tuple[str, object]:
        """Wait until ``count`` builds have ended; the last one."""
        with self.changed:
            assert self.changed.wait_for(lambda: len(self.outcomes()) >= count, TIMEOUT), self.events
        return self.outcomes()[-1]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A campaign folder that is also the templates folder, with the output folder inside it."""
    folder = tmp_path / "project"
    folder.mkdir()
    for side in ("front", "back"):
        shutil.copy(TEMPLATES_DIR / f"flashcard-{side}-1080x1350.svg", folder)
    write_content(folder / "c.yaml", (DATA / "minimal.yaml").read_text(encoding="utf-8"))
    return folder


def _options(project: Path) -> BuildOptions:
    return BuildOptions(
        content=project / "c.yaml", out_dir=project / "out", products=("flashcards",), sizes=("social",),
        templates_dir=project, jobs=1,
    )


@contextmanager
def running(options: BuildOptions) -> Iterator[tuple[Recorder, threading.Thread]]:
    """The watch loop in a thread, stopped (and checked to have stopped cleanly) at the end."""
    report, stop, failures = Recorder(), threading.Event(), []

    def loop() -> None:
        try:
            watch(options, report, poll_seconds=0.05, stop=stop)
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            failures.append(exc)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield report, thread
    finally:
        stop.set()
        thread.join(TIMEOUT)
    assert not thread.is_alive() and not failures, failures
    assert report.events[-1] == ("stopped", None)


def _hashes(out: Path) -> dict[str, str]:
    return {name: hashlib.sha256(data).hexdigest() for name, data in tree_snapshot(out / "flashcards").items()}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    write_content(path, text.replace(old, new))


def test_editing_one_item_redraws_only_its_image(project, render_count):
    options = _options(project)
    with running(options) as (report, _):
        kind, first = report.wait_for_outcomes(1)
        assert kind == "built" and (first.redrawn, first.reused) == (4, 0)
        before = _hashes(options.out_dir)
        render_count.clear()
        _edit(options.content, "trả tiền theo tháng", "trả phí theo tháng")  # item 2's back
        kind, second = report.wait_for_outcomes(2)
    assert kind == "built" and (second.redrawn, second.reused) == (1, 3)
    assert render_count == ["flashcards/social/back-02.png"]
    after = _hashes(options.out_dir)
    assert [name for name in before if before[name] != after[name]] == ["social/back-02.png"]
    assert ("building", (options.content,)) in report.events


def test_a_bad_edit_is_reported_and_changes_nothing_until_it_is_fixed(project):
    options = _options(project)
    with running(options) as (report, thread):
        report.wait_for_outcomes(1)
        outputs, names = tree_snapshot(options.out_dir), sorted(p.name for p in project.parent.rglob("*"))
        good = options.content.read_text(encoding="utf-8")
        write_content(options.content, good + "items: [\n")
        kind, message = report.wait_for_outcomes(2)
        assert kind == "failed" and "c.yaml, line" in str(message)
        assert tree_snapshot(options.out_dir) == outputs  # images and manifest untouched
        assert sorted(p.name for p in project.parent.rglob("*")) == names  # no staging folder left behind
        assert thread.is_alive()
        write_content(options.content, good.replace("Hai điểm thử nghiệm", "Hai điểm đã sửa"))
        kind, fixed = report.wait_for_outcomes(3)
    assert kind == "built" and isinstance(fixed, Rebuilt) and len(fixed.result.files) == 4
    assert "Hai điểm đã sửa" in (options.out_dir / "manifest.json").read_text(encoding="utf-8")


def test_editor_temp_files_and_outputs_do_not_trigger_a_build(project):
    options = _options(project)
    with running(options) as (report, _):
        report.wait_for_outcomes(1)
        for name in (".c.yaml.swp", "c.yaml~", ".#c.yaml", "4913"):
            (project / name).write_text("editor", encoding="utf-8")
        (options.out_dir / "notes.txt").write_text("mine", encoding="utf-8")
        (options.out_dir / "flashcards" / "social" / "extra.png").write_bytes(b"not flashgen's")
        _edit(options.content, "Hai điểm thử nghiệm", "Hai điểm mới")
        report.wait_for_outcomes(2)
    builds = [changed for kind, changed in report.events if kind == "building"]
    assert builds == [(), (options.content,)]


def test_a_change_made_during_a_build_is_built_next(project, monkeypatch):
    options = _options(project)
    original = watching.build
    edits = iter([lambda: _edit(options.content, "Hai điểm thử nghiệm", "Hai điểm giữa chừng")])

    def build_and_edit(*args):
        result = original(*args)
        next(edits, lambda: None)()  # the user saves while the first build is still running
        return result

    monkeypatch.setattr(watching, "build", build_and_edit)
    with running(options) as (report, _):
        report.wait_for_outcomes(2)
    assert [changed for kind, changed in report.events if kind == "building"][:2] == [(), (options.content,)]


def test_other_errors_end_the_watch(project, monkeypatch):
    stop = threading.Event()

    def broken(*args):
        stop.set()  # were the error swallowed, the watch would return instead of going on for ever
        raise RuntimeError("a bug, not a bad input")

    monkeypatch.setattr(watching, "build", broken)
    with pytest.raises(RuntimeError, match="a bug"):
        watch(_options(project), Recorder(), poll_seconds=0.01, stop=stop)


def test_watched_paths_follow_the_build_options(tmp_path):
    assert watched_paths(BuildOptions()) == (DEFAULT_CONTENT, DEFAULT_THEME, TEMPLATES_DIR)
    options = BuildOptions(
        content=tmp_path / "c.yaml", templates_dir=tmp_path / "t", font_dirs=(FONTS_DIR, tmp_path / "f"),
        project_config=tmp_path / "flashgen.yaml", theme=tmp_path / "theme.yaml", video_audio="nhac/nen.mp3",
    )
    assert watched_paths(options) == (
        tmp_path / "c.yaml", tmp_path / "theme.yaml", tmp_path / "t", tmp_path / "f", tmp_path / "flashgen.yaml",
        tmp_path.resolve() / "nhac" / "nen.mp3",
    )
    # A sound file outside the project is not watched (the video refuses it, naming it).
    assert tmp_path.parent not in [p.parent for p in watched_paths(replace(options, video_audio="../x.mp3"))]


def test_snapshot_leaves_out_editor_temp_files_and_the_output_folder(project):
    (project / "parts").mkdir()
    (project / "parts" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    for name in (".c.yaml.swp", ".c.yaml.swo", "c.yaml~", ".#c.yaml", "4913"):
        (project / name).write_text("editor", encoding="utf-8")
    (project / "out" / "flashcards").mkdir(parents=True)
    (project / "out" / "flashcards" / "front-01.png").write_bytes(b"png")
    files = snapshot((project / "c.yaml", project), project / "out")
    assert sorted(str(p.relative_to(project)) for p in files) == [
        "c.yaml", "flashcard-back-1080x1350.svg", "flashcard-front-1080x1350.svg", "parts/logo.svg",
    ]


def test_snapshot_of_a_missing_file_is_empty_and_its_return_is_a_change(tmp_path):
    gone = snapshot((tmp_path / "c.yaml",), tmp_path / "out")
    assert gone == {}
    back = snapshot((write_content(tmp_path / "c.yaml", "x"),), tmp_path / "out")
    assert changed_paths(gone, back) == (tmp_path / "c.yaml",)


def _scripted(states: list[dict], stop: threading.Event) -> tuple[Callable[[], dict], list[dict]]:
    """A snapshot function that returns ``states`` in turn, then sets ``stop``; and the ones it returned."""
    taken: list[dict] = []

    def take() -> dict:
        if len(taken) == len(states):
            stop.set()
            return taken[-1]
        taken.append(states[len(taken)])
        return taken[-1]

    return take, taken


A, B, C = ({Path("c.yaml"): (n, n)} for n in (1, 2, 3))


def test_a_save_in_several_writes_gives_one_change_once_it_settles():
    stop = threading.Event()
    take, taken = _scripted([A, A, B, C, C, A], stop)
    assert wait_for_change(take, A, stop, poll_seconds=0, settle_seconds=0) == C
    assert len(taken) == 5  # unchanged twice, two writes, then the same state again: settled


def test_a_change_undone_before_it_settles_is_no_change():
    stop = threading.Event()
    take, taken = _scripted([B, A, A], stop)
    assert wait_for_change(take, A, stop, poll_seconds=0, settle_seconds=0) is None
    assert taken == [B, A, A]


def test_wait_for_change_returns_at_once_when_stopped():
    stop = threading.Event()
    stop.set()
    assert wait_for_change(lambda: pytest.fail("no snapshot after stop"), A, stop, poll_seconds=10) is None


def test_cli_watch_builds_and_stops_cleanly_on_ctrl_c(project):
    stderr = project.parent / "stderr.txt"
    with stderr.open("w", encoding="utf-8") as errors:
        process = subprocess.Popen(
            [sys.executable, "-m", "flashgen", "watch", "--content", str(project / "c.yaml"), "--product", "flashcards",
             "--size", "social", "--templates", str(project), "--out", str(project / "out"), "--jobs", "1"],
            stdout=subprocess.PIPE, stderr=errors, text=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as in a terminal
        )
    deadline = time.monotonic() + TIMEOUT
    while "Waiting for changes" not in stderr.read_text(encoding="utf-8") and process.poll() is None:
        assert time.monotonic() < deadline, stderr.read_text(encoding="utf-8")
        time.sleep(0.1)
    process.send_signal(signal.SIGINT)
    stdout, _ = process.communicate(timeout=TIMEOUT)
    messages = stderr.read_text(encoding="utf-8")
    assert process.returncode == 0, messages
    assert "Wrote 4 files" in stdout and "4 images drawn, 0 unchanged" in stdout
    assert "Stopped watching." in messages and "Traceback" not in messages


def test_the_logo_a_theme_names_is_watched_too():
    options = BuildOptions(theme=DATA / "themes" / "with-logo.yaml")
    assert (DATA / "themes" / "logo.svg").resolve() in [p.resolve() for p in watched_paths(options)]


def test_a_template_bomb_is_reported_at_once_and_the_fixed_template_is_built(project):
    """A template of clones of clones is refused before drawing, so the watch goes on to the next save."""
    from tests.load.test_drawcost import clone_bomb

    options = _options(project)
    front = project / "flashcard-front-1080x1350.svg"
    good = front.read_text(encoding="utf-8")
    bomb_defs = clone_bomb().split("<defs>")[1].split("</defs>")[0]
    with running(options) as (report, thread):
        report.wait_for_outcomes(1)
        front.write_text(good.replace("</svg>", f'<defs>{bomb_defs}</defs><use href="#g4"/></svg>'), encoding="utf-8")
        kind, message = report.wait_for_outcomes(2)
        assert kind == "failed" and "it asks for too much drawing" in str(message)
        assert thread.is_alive()
        front.write_text(good.replace('font-size="34"', 'font-size="30"'), encoding="utf-8")
        kind, fixed = report.wait_for_outcomes(3)
    assert kind == "built" and isinstance(fixed, Rebuilt)


def test_after_a_save_the_edited_items_cards_come_first_then_the_documents(project):
    options = replace(_options(project), products=("flashcards", "leaflet"))
    with running(options) as (report, _):
        report.wait_for_outcomes(1)
        assert not [kind for kind, _value in report.events if kind == "cards"]  # the first build: no save to answer
        _edit(options.content, "trả tiền theo tháng", "trả phí theo tháng")  # item 2's back
        kind, second = report.wait_for_outcomes(2)
    assert kind == "built"
    kinds = [kind for kind, _value in report.events]
    assert kinds.index("cards") < len(kinds) - 1 - kinds[::-1].index("built")  # announced before the full build ended
    (ready,) = [value for kind, value in report.events if kind == "cards"]
    assert ready.items == (2,) and ready.files == ("flashcards/social/back-02.png",) and ready.seconds >= 0
    assert {f.product for f in second.result.files} == {"flashcards", "leaflet"}


def test_the_cards_come_first_only_when_the_build_makes_something_else():
    assert watching.first_products(BuildOptions(products=("flashcards",))) == ()
    assert watching.first_products(BuildOptions(products=("booklet",))) == ()
    assert watching.first_products(BuildOptions(products=("flashcards", "booklet"))) == ("flashcards",)
    assert watching.first_products(BuildOptions()) == ("flashcards",)


def test_the_cards_ready_line_reads_in_vietnamese(capsys):
    from flashgen import i18n
    from flashgen.terminal import WatchReport

    i18n.use_language("vi")
    try:
        WatchReport(Path("out")).cards_ready(watching.CardsReady((3,), ("flashcards/a6/front-03.png",), 0.84))
    finally:
        i18n.use_language("en")
    assert "Thẻ của mục 3 đã xong (0.8 giây sau khi lưu)" in capsys.readouterr().err.replace("\n", " ")


def test_a_full_build_failing_after_the_cards_step_says_which_cards_were_written(project, monkeypatch, capsys):
    from flashgen.errors import FlashgenError
    from flashgen.terminal import WatchReport

    options = replace(_options(project), products=("flashcards", "leaflet"))
    original, saved = watching.build, []

    def leaflet_breaks(opts, progress=None, images_only=False):
        if saved and not images_only:
            raise FlashgenError("the leaflet broke", code="test")
        return original(opts, progress, images_only)

    monkeypatch.setattr(watching, "build", leaflet_breaks)
    with running(options) as (report, _):
        report.wait_for_outcomes(1)
        saved.append(True)
        _edit(options.content, "trả tiền theo tháng", "trả phí theo tháng")  # item 2's back
        kind, message = report.wait_for_outcomes(2)
    assert (kind, message) == ("failed", "the leaflet broke")
    assert report.written is not None and report.written.files == ("flashcards/social/back-02.png",)
    card, gallery = (options.out_dir / name for name in ("flashcards/social/back-02.png", "index.html"))
    assert gallery.stat().st_mtime_ns >= card.stat().st_mtime_ns  # index.html written again, for the new card
    WatchReport(options.out_dir).failed("the leaflet broke", report.written)
    said = capsys.readouterr().err.replace("\n", " ")
    assert "Nothing in" not in said
    assert "Only the cards of item 2 were updated" in said and "flashcards/social/back-02.png" in said


def test_the_cards_written_line_reads_in_vietnamese(capsys):
    from flashgen import i18n
    from flashgen.terminal import WatchReport

    i18n.use_language("vi")
    try:
        WatchReport(Path("out")).failed("x", watching.CardsReady((3, 4), ("flashcards/a6/front-03.png",), 0.5))
    finally:
        i18n.use_language("en")
    said = capsys.readouterr().err.replace("\n", " ")
    assert "Chỉ thẻ của mục 3, 4 đã được cập nhật trong out/" in said and "Không tệp nào" not in said


def test_a_failure_before_the_cards_are_written_still_says_nothing_changed(capsys):
    from flashgen.terminal import WatchReport

    WatchReport(Path("out")).failed("bad yaml")
    assert "Nothing in out/ was changed" in capsys.readouterr().err.replace("\n", " ")


def test_the_watch_polls_often_and_settles_quickly():
    """What the person saving waits for before the build starts (benchmarks/incremental.py part (f) times it)."""
    assert watching.POLL_SECONDS + watching.SETTLE_SECONDS <= 0.3


def test_the_quiet_time_counts_from_the_last_modification():
    now = time.time_ns()
    last, saved = {Path("c.yaml"): (now - 10**9, 5)}, {Path("c.yaml"): (now - 10**8, 6)}  # saved 0.1 s ago
    assert 0.1 < watching._settling(saved, last, 0.25) <= 0.15  # the rest of the quiet time
    assert watching._settling({Path("c.yaml"): (now - 10**9, 6)}, last, 0.25) == 0  # saved a second ago
    assert watching._settling({Path("c.yaml"): (now + 10**10, 6)}, last, 0.25) == 0.25  # a clock ahead: all of it
    assert watching._settling({}, last, 0.25) == 0.25  # removed: no time stamp to count from
