"""Staging's writer: files written on a thread of their own, in order, every error reported as if written at once."""

from __future__ import annotations

import errno
import threading
from pathlib import Path

import pytest

from flashgen.errors import FlashgenError
from flashgen.output import staging
from flashgen.output.staging import _Writer


def test_files_are_written_in_order_and_all_there_after_finish(tmp_path):
    writer = _Writer(tmp_path, tmp_path / "out")
    files = {f"social/zalo/{n:02d}.png": bytes([n]) * (1000 + n) for n in range(30)}
    for relative, data in files.items():
        writer.write(relative, data)
    writer.finish()
    writer.close()
    assert {path.relative_to(tmp_path).as_posix(): path.read_bytes() for path in tmp_path.rglob("*.png")} == files


def test_a_failed_write_stops_the_build_naming_the_file(tmp_path, monkeypatch):
    original = staging.write_file

    def full_at_second(root: Path, relative: str, data: bytes) -> Path:
        if relative.endswith("02.png"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return original(root, relative, data)

    monkeypatch.setattr(staging, "write_file", full_at_second)
    writer = _Writer(tmp_path, tmp_path / "out")
    writer.write("a/01.png", b"1")
    writer.write("a/02.png", b"2")
    with pytest.raises(FlashgenError) as failure:
        for n in range(3, 40):  # raised by a later write, at the latest by finish()
            writer.write(f"a/{n:02d}.png", b"x")
        writer.finish()
    writer.close()
    assert failure.value.message.startswith(f"cannot write to {tmp_path / 'out' / 'a/02.png'}: the disk is full.")


def test_the_writer_holds_at_most_its_limit_of_bytes_waiting(tmp_path, monkeypatch):
    monkeypatch.setattr(_Writer, "MAX_PENDING_BYTES", 10_000)
    release, original = threading.Event(), staging.write_file
    monkeypatch.setattr(staging, "write_file", lambda *args: release.wait(10) and original(*args))
    writer = _Writer(tmp_path, tmp_path / "out")
    writer.write("one.bin", b"1" * 6000)
    waiting = threading.Thread(target=writer.write, args=("two.bin", b"2" * 6000))
    waiting.start()
    waiting.join(0.3)
    assert waiting.is_alive()  # 12,000 bytes would wait: the second write waits for the first
    release.set()
    waiting.join(10)
    writer.finish()
    writer.close()
    assert (tmp_path / "two.bin").read_bytes() == b"2" * 6000 and writer.pending_bytes == 0


def test_closing_drops_what_waits_and_ends_the_write_under_way(tmp_path, monkeypatch):
    started, release, original = threading.Event(), threading.Event(), staging.write_file

    def slow(*args: object) -> Path:
        started.set()
        release.wait(10)
        return original(*args)

    monkeypatch.setattr(staging, "write_file", slow)
    writer = _Writer(tmp_path, tmp_path / "out")
    writer.write("first.bin", b"1")
    writer.write("second.bin", b"2")
    assert started.wait(10)
    threading.Timer(0.2, release.set).start()
    writer.close()  # a build stopped (Ctrl-C): its staging folder is removed right after
    assert (tmp_path / "first.bin").exists() and not (tmp_path / "second.bin").exists()
