"""Fast builds: parallel workers, unchanged outputs reused, no-op rebuilds."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flashgen.build import build
from flashgen.options import BuildOptions
from flashgen.render import draw as render
from flashgen.render import jobs as rasterjobs
from tests.conftest import DATA, copy_templates, tree_snapshot, write_content


def _options(out: Path, content: Path = DATA / "with-source.yaml", **extra) -> BuildOptions:
    return BuildOptions(content=content, out_dir=out, products=("flashcards", "social"), sizes=("social",),
                        platforms=("story", "zalo"), **extra)


def test_parallel_and_serial_builds_are_byte_identical(tmp_path):
    serial = build(_options(tmp_path / "serial", jobs=1))
    parallel = build(_options(tmp_path / "parallel", jobs=2))
    assert [(f.path, f.sha256) for f in serial.files] == [(f.path, f.sha256) for f in parallel.files]


def _fresh_build(tmp_path: Path, jobs: int) -> dict[str, str]:
    """The sha256 of every file of a build in a new process (as `flashgen build` runs), always into the same folder.

    A new process each time: what a process drew before (a PDF, other cards) must not change pixels,
    and the pytest process has drawn all sorts. The infographic's PDFs start on the workers before
    the cards, which is what once left a worker's fonts unhinted.
    """
    out = tmp_path / "out"
    command = [sys.executable, "-m", "flashgen", "build", "--out", str(out), "--jobs", str(jobs),
               "--product", "flashcards", "--product", "infographic", "--size", "social"]
    subprocess.run(command, check=True, capture_output=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})
    digests = {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest() for p in out.rglob("*") if p.is_file()}
    out.rename(tmp_path / f"run-{len(list(tmp_path.glob('run-*')))}")
    return digests


def test_builds_are_byte_identical_whatever_the_workers_drew_before(tmp_path):
    builds = [_fresh_build(tmp_path, jobs) for jobs in (1, 2, 1)]
    assert len(builds[0]) > 30
    for other in builds[1:]:
        assert sorted(path for path in other if other[path] != builds[0].get(path)) == []
        assert other.keys() == builds[0].keys()


def test_unchanged_build_does_nothing(tmp_path, render_count):
    out = tmp_path / "out"
    first = build(_options(out, jobs=1))
    rendered = len(render_count)
    assert rendered == 4 + 2 * 4  # 2 items × 2 sides; 2 platforms × (cover, 2 points, closing)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    again = build(_options(out, jobs=1))
    assert again.unchanged
    assert len(render_count) == rendered
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == before
    assert [f.path for f in again.files] == sorted(f.path for f in first.files)


def test_editing_one_item_renders_only_its_images(tmp_path, render_count):
    out = tmp_path / "out"
    content = write_content(tmp_path / "c.yaml", (DATA / "with-source.yaml").read_text(encoding="utf-8"))
    build(_options(out, content, jobs=1))
    render_count.clear()
    write_content(content, content.read_text(encoding="utf-8").replace("Mua dịch vụ, trả tiền theo tháng", "Mua dịch vụ, trả phí theo tháng"))
    build(_options(out, content, jobs=1))
    # item 2's "to" line is on its flashcard back and on its album image of each platform that shows the two ways
    # (not Zalo's: the landscape design shows the heading only)
    assert sorted(render_count) == ["flashcards/social/back-02.png", "social/story/album-03-point-02.jpg"]


def test_a_damaged_output_is_rendered_again_and_force_renders_all(tmp_path, render_count):
    out = tmp_path / "out"
    build(_options(out, jobs=1))
    total = len(render_count)
    (out / "flashcards" / "social" / "front-01.png").write_bytes(b"broken")
    render_count.clear()
    build(_options(out, jobs=1))
    assert render_count == ["flashcards/social/front-01.png"]
    snapshot = tree_snapshot(out)
    render_count.clear()
    build(_options(out, jobs=1, force=True))
    assert len(render_count) == total
    assert tree_snapshot(out) == snapshot


def test_print_decks_are_reused_until_their_cards_change(tmp_path, monkeypatch):
    templates = copy_templates(tmp_path / "templates", "flashcard-*.svg")
    decks: list[int] = []
    original = render.render_pdf_pages
    monkeypatch.setattr(render, "render_pdf_pages", lambda svgs: decks.append(len(svgs)) or original(svgs))
    out = tmp_path / "out"
    options = BuildOptions(content=DATA / "minimal.yaml", out_dir=out, products=("flashcards", "print"), sizes=("a6",),
                           templates_dir=templates, jobs=1)
    build(options)
    assert decks == [4]  # one cairo document of the 4 card sides, for both decks
    before = tree_snapshot(out)
    screen = templates / "flashcard-front-1080x1350.svg"  # not used by A6 cards
    screen.write_text(screen.read_text(encoding="utf-8").replace('font-size="34"', 'font-size="30"'), encoding="utf-8")
    again = build(options)
    assert not again.unchanged
    assert decks == [4]  # the build ran, but both decks were reused
    after = tree_snapshot(out)
    assert after.pop("manifest.json") != before.pop("manifest.json")  # a new build key
    assert after == before
    front = templates / "flashcard-front-a6.svg"
    front.write_text(front.read_text(encoding="utf-8").replace('font-size="3.4"', 'font-size="3.2"'), encoding="utf-8")
    build(options)
    assert decks == [4, 4]
    assert tree_snapshot(out)["print/a6-on-a4.pdf"] != after["print/a6-on-a4.pdf"]


def test_booklet_leaflet_and_infographic_are_reused_when_only_a_card_template_changed(tmp_path, monkeypatch):
    from flashgen.products import booklet, infographic, leaflet

    templates = copy_templates(tmp_path / "templates")
    made: list[str] = []
    for module, name in ((booklet, "build_booklet"), (leaflet, "build_leaflet"), (infographic, "poster_files"),
                         (infographic, "screen_files")):
        original = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *args, _name=name, _original=original: made.append(_name) or _original(*args))
    content = write_content(tmp_path / "c.yaml", (DATA / "with-source.yaml").read_text(encoding="utf-8"))
    out = tmp_path / "out"
    options = BuildOptions(content=content, out_dir=out, products=("flashcards", "booklet", "leaflet", "infographic"),
                           sizes=("social",), templates_dir=templates, jobs=1)
    first = build(options)
    assert sorted(made) == sorted(["build_booklet"] * 2 + ["build_leaflet"] + ["poster_files", "screen_files"] * 2)
    before = tree_snapshot(out)
    front = templates / "flashcard-front-1080x1350.svg"
    front.write_text(front.read_text(encoding="utf-8").replace('font-size="34"', 'font-size="30"'), encoding="utf-8")
    made.clear()
    second = build(options)
    assert made == []  # nothing the documents show changed
    after = tree_snapshot(out)
    changed = {path for path in after if after[path] != before.get(path)}
    assert changed - {"index.html"} == {"manifest.json", "flashcards/social/front-01.png", "flashcards/social/front-02.png"}
    assert sorted((f.path, f.sha256) for f in second.files if f.product != "flashcards") == sorted(
        (f.path, f.sha256) for f in first.files if f.product != "flashcards"
    )
    write_content(content, content.read_text(encoding="utf-8").replace("Mua dịch vụ, trả tiền theo tháng", "Mua dịch vụ, trả phí theo tháng"))
    build(options)
    assert sorted(made) == sorted(["build_booklet"] * 2 + ["build_leaflet"] + ["poster_files", "screen_files"] * 2)


class _NoPreviousBuild:
    def file(self, key: str) -> bytes | None:
        return None

    def present(self, key: str) -> bool:
        return False


def test_images_are_handed_on_one_at_a_time(monkeypatch):
    """A large campaign never holds all its encoded images in memory at once."""
    drawn: list[str] = []
    monkeypatch.setattr(rasterjobs, "run_job", lambda job: drawn.append(job.name) or job.name.encode())
    jobs = [rasterjobs.RasterJob(f"img-{n}.png", b"<svg/>", (10, 10), 96, "png-srgb", "fonts") for n in range(5)]
    results = rasterjobs.Workers(1).run_jobs(jobs, _NoPreviousBuild(), lambda: None)
    assert next(results) == b"img-0.png" and drawn == ["img-0.png"]
    assert list(results) == [f"img-{n}.png".encode() for n in range(1, 5)]


def test_an_output_folder_inside_the_templates_folder_is_not_an_input(tmp_path):
    templates = copy_templates(tmp_path / "templates", "flashcard-*-1080x1350.svg")
    options = BuildOptions(content=DATA / "minimal.yaml", out_dir=templates / "out", products=("flashcards",),
                           sizes=("social",), templates_dir=templates, jobs=1)
    build(options)
    assert build(options).unchanged



def _made_here(made: list[int]) -> int:
    made.append(os.getpid())
    return os.getpid()


def test_work_no_worker_has_begun_is_done_by_the_build_itself_instead_of_waiting_in_line():
    """After an edit the workers are busy with documents: a card image asked for meanwhile is drawn at once by
    the build's own process; work a worker has taken is waited for."""
    with rasterjobs.Workers(2) as workers:
        if workers.pool is None:
            pytest.skip("one core: no worker processes")
        # Two drawing, three more handed out (the pool's call queue holds a job per worker and one more: those
        # cannot be taken back), one queued: the next one stays queued until a worker is free, however fast the
        # pool hands jobs out (with four, the fifth was handed out at once when the workers took the first two).
        busy = [workers.start(time.sleep, 0.4) for _ in range(6)]
        made: list[int] = []
        queued = workers.start(_made_here, made)
        assert queued() == os.getpid() and queued() == os.getpid()  # not yet begun by a worker: made here,
        assert made == [os.getpid()]  # once (the cards' PDF serves the print-shop deck and the office sheets)
        for result in busy:
            result()
        taken = workers.start(os.getpid)
        time.sleep(0.3)  # an idle worker takes it at once
        assert taken() != os.getpid()


def _named(name: str) -> str:
    return name


def test_held_jobs_are_handed_out_longest_first_and_their_seconds_kept_for_the_next_build(monkeypatch):
    """Documents go to the workers in the order of how long they took last time (ones not seen before first):
    the workers end together instead of one making the last long document alone."""
    label = f"{__name__}._named"
    known = {f"{label}#0": 0.1, f"{label}#1": 2.0, f"{label}#2": 0.5}  # #3 was not made by the last build
    with rasterjobs.Workers(2, known) as workers:
        if workers.pool is None:
            pytest.skip("one core: no worker processes")
        handed: list[object] = []
        submit = workers.pool.submit
        monkeypatch.setattr(workers.pool, "submit", lambda *call: handed.append(call[2]) or submit(*call))
        with workers.longest_first():
            results = [workers.start(_named, name) for name in ("short", "long", "middle", "new")]
            assert handed == []  # held until the block ends
        assert handed == ["new", "long", "middle", "short"]
        assert [result() for result in results] == ["short", "long", "middle", "new"]
        assert sorted(workers.seconds) == sorted([*known, f"{label}#3"])
        assert all(seconds >= 0.0 for seconds in workers.seconds.values())


def _shouted(text: str) -> str:
    return text.upper()


@pytest.mark.parametrize("count", [1, 2])
def test_a_job_finished_on_its_worker_keeps_the_label_of_what_it_makes(count):
    """A document and its finishing (a PDF's output intent) are one job, named by the document."""
    with rasterjobs.Workers(count) as workers:
        result = workers.start(_named, "tờ rơi", then=_shouted)
        assert result() == "TỜ RƠI"
        assert list(workers.seconds) == ([f"{__name__}._named#0"] if workers.pool is not None else [])


def test_the_build_makes_queued_jobs_itself_while_it_waits_for_one_a_worker_is_making():
    """At the end of a build both workers make the last documents: the build's process, waiting for one of
    them, makes those no worker has begun instead of waiting idle."""
    with rasterjobs.Workers(2) as workers:
        if workers.pool is None:
            pytest.skip("one core: no worker processes")
        busy = [workers.start(time.sleep, 0.5) for _ in range(2)]
        time.sleep(0.2)  # both workers have begun
        made: list[int] = []
        queued = [workers.start(_made_here, made) for _ in range(6)]  # a few are handed to the pool's queue at once
        busy[0]()
        assert os.getpid() in made  # made here while waiting
        results = [result() for result in queued]
        assert results.count(os.getpid()) == len(made)  # each made once, wherever it was made


def test_what_the_build_loaded_is_frozen_for_the_garbage_collector_while_the_workers_run_and_only_then():
    import gc

    with rasterjobs.Workers(2) as workers:
        if workers.pool is None:
            pytest.skip("one core: no worker processes")
        assert gc.get_freeze_count() > 0  # the workers (and this process, meanwhile) never walk it
        assert workers.start(gc.get_count)() is not None
    assert gc.get_freeze_count() == 0 and gc.isenabled()  # collected again after (flashgen watch runs for hours)


def test_a_computer_that_cannot_start_the_workers_says_so_and_leaves_the_collector_as_it_was(monkeypatch):
    import errno
    import gc

    from flashgen.errors import FlashgenError

    if rasterjobs.default_workers() < 2:
        pytest.skip("one core: no worker processes")

    def refused(self: object, *args: object) -> None:
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(rasterjobs.ProcessPoolExecutor, "submit", refused)
    with pytest.raises(FlashgenError) as failure:
        rasterjobs.Workers(2)
    assert failure.value.code == "no-processes" and "--jobs 1" in failure.value.message
    assert gc.get_freeze_count() == 0
