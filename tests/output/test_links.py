"""links.py (never writing through a link, never into a system folder) and how a commit holds Ctrl-C."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from flashgen.errors import FlashgenError
from flashgen.output import links
from flashgen.output.links import (
    make_folders,
    open_no_follow,
    refuse_system_folder,
    write_file,
    write_file_atomically,
)
from flashgen.output.lock import StoppedAfterCommit, output_lock
from flashgen.output.manifest import Manifest
from flashgen.output.staging import Staging, inside
from flashgen.products.files import FileMeta, MadeFile


def _link_message(link: Path) -> str:
    return f"{link} is a link; flashgen does not write through links. Remove it, then build again."


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "victim.txt").write_bytes(b"the user's")
    return folder


def test_a_link_to_a_folder_on_the_way_is_refused_and_nothing_is_written_through_it(tmp_path, outside):
    out = tmp_path / "out"
    (out / "flashcards").mkdir(parents=True)
    (out / "flashcards" / "social").symlink_to(outside)
    for write in (write_file, write_file_atomically):
        with pytest.raises(FlashgenError) as refused:
            write(out, "flashcards/social/victim.txt", b"flashgen's")
        assert refused.value.message == _link_message(out / "flashcards" / "social")
    with pytest.raises(FlashgenError):
        make_folders(out, "flashcards/social/deeper/x.png", [])
    assert sorted(p.name for p in outside.iterdir()) == ["victim.txt"]
    assert (outside / "victim.txt").read_bytes() == b"the user's"
    assert inside(out, "flashcards/social/victim.txt") is None  # a manifest entry through it is never touched


def test_a_link_made_after_the_check_is_still_not_followed(tmp_path, outside, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").symlink_to(outside / "victim.txt")
    monkeypatch.setattr(links, "no_link", lambda root, relative: root / relative)  # as if the link came just after
    with pytest.raises(FlashgenError) as refused:
        open_no_follow(out, "index.html", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    assert refused.value.message == _link_message(out / "index.html")  # O_NOFOLLOW
    assert (outside / "victim.txt").read_bytes() == b"the user's"


def test_the_folder_itself_may_be_a_link(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "out").symlink_to(tmp_path / "elsewhere")
    write_file_atomically(tmp_path / "out", "index.html", b"page")
    assert (tmp_path / "elsewhere" / "index.html").read_bytes() == b"page"
    assert sorted(p.name for p in (tmp_path / "elsewhere").iterdir()) == ["index.html"]  # no .partial left


@pytest.mark.parametrize("folder", ["/", "/etc", "/usr", "/var", "/bin", "/proc/self"])
def test_system_folders_with_files_in_are_refused(folder):
    with pytest.raises(FlashgenError) as refused:
        refuse_system_folder(Path(folder))
    assert "is a system folder; flashgen does not write its files there. Choose a folder for the build with --out, " \
        "such as out (--out out), then build again." in refused.value.message


def test_a_link_to_a_system_folder_is_refused_and_named(tmp_path):
    (tmp_path / "out").symlink_to("/etc")
    with pytest.raises(FlashgenError) as refused:
        refuse_system_folder(tmp_path / "out")
    assert refused.value.message.startswith(f"{tmp_path / 'out'} (which is /etc) is a system folder;")


@pytest.mark.parametrize("folder", ["out", "campaign/out"])
def test_folders_of_their_own_are_accepted(tmp_path, folder):
    (tmp_path / folder).mkdir(parents=True)
    (tmp_path / folder / "notes.txt").write_text("mine", encoding="utf-8")
    refuse_system_folder(tmp_path / folder)


# ---- Ctrl-C from the commit on --------------------------------------------------------------------

def _one_file() -> MadeFile:
    return MadeFile("flashcards/social/front-01.png", b"new", FileMeta(product="flashcards", format="png", size="social"))


def test_ctrl_c_after_the_commit_began_waits_for_the_end_of_the_build(tmp_path):
    out = tmp_path / "out"
    reached_the_end = False
    with pytest.raises(StoppedAfterCommit), output_lock(out), \
            Staging(out, Manifest((), "key", {}), ("flashcards",)) as staging:
        staging.add(_one_file())
        staging.commit()
        signal.raise_signal(signal.SIGINT)  # noted, not acted on: the build goes on
        reached_the_end = True
    assert reached_the_end
    assert (out / "flashcards/social/front-01.png").read_bytes() == b"new"
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_ctrl_c_before_the_commit_stops_the_build_at_once(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt) as stopped, output_lock(out), \
            Staging(out, Manifest((), "key", {}), ("flashcards",)) as staging:
        staging.add(_one_file())
        signal.raise_signal(signal.SIGINT)
        staging.commit()
    assert not isinstance(stopped.value, StoppedAfterCommit)
    assert not out.exists()


def test_an_error_after_the_commit_is_reported_rather_than_a_ctrl_c(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(FlashgenError, match="index.html could not be written"), output_lock(out), \
            Staging(out, Manifest((), "key", {}), ("flashcards",)) as staging:
        staging.add(_one_file())
        staging.commit()
        signal.raise_signal(signal.SIGINT)
        raise FlashgenError("index.html could not be written")
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
