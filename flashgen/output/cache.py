"""The build's cache between builds: ``.out-flashgen-cache/`` beside the output folder ``out``.

What later builds may reuse besides the output files. ``build_cache(out_dir)``
opens the layout cache (text/memo.py: set texts, laid-out cards, QR codes, the documents' lines) in
``.out-flashgen-cache/layout``
for the length of a build (inside the
output folder's lock, before the worker processes start so they inherit it)
and keeps what the build used when it succeeds. A failed build leaves the
cache as it found it (and makes none where there was none): like the output
folder, nothing changes beside the user's files when a build stops.
The folder is hidden and beside the output folder, not in it (the output
folder holds only what the manifest lists, and a failed build changes nothing
there); its name differs from the staging folders' (``.out.flashgen-XXXX``).
It is bounded (memo.py keeps the last builds' segments only); deleting it only
makes the next build set its text again. As in the output folder, a symbolic
link where flashgen would write stops the build (links.py).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from flashgen.errors import FlashgenError
from flashgen.output.links import no_link
from flashgen.text import memo
from flashgen.text.wordbreak import WordBreaker

CACHE_SUFFIX = "-flashgen-cache"
JOB_SECONDS = "job-seconds.json"  # how long each document took in the last build (render/jobs.py longest_first)


def cache_root(out_dir: Path) -> Path:
    """``.<out>-flashgen-cache`` beside ``out_dir``: like the output folder, never an input (build.py, watch.py)."""
    resolved = out_dir.resolve()
    return resolved.parent / f".{resolved.name}{CACHE_SUFFIX}"


def cache_folder(out_dir: Path, part: str) -> Path:
    """``cache_root(out_dir)/<part>``; ``FlashgenError`` if a part of it is a symbolic link."""
    root = cache_root(out_dir)
    return no_link(root.parent, f"{root.name}/{part}")


@contextmanager
def build_cache(out_dir: Path, breaker: WordBreaker) -> Iterator[None]:
    """The layout cache open for one build; ``breaker``'s hashes are taken now, before copies of it go to the
    worker processes (memo.py)."""
    root = cache_root(out_dir)
    made_here = not root.exists()
    memo.open_cache(cache_folder(out_dir, "layout"))
    try:
        memo.prepare_breaker(breaker)
        yield
    except BaseException:
        memo.discard()
        if made_here:
            shutil.rmtree(root, ignore_errors=True)
        raise
    memo.close_cache()


def job_seconds(out_dir: Path) -> dict[str, float]:
    """The CPU seconds each job started on the workers took in the last build (``keep_job_seconds``); none if
    unknown or unreadable (the jobs are then handed out in the products' order)."""
    try:
        found = json.loads(cache_folder(out_dir, JOB_SECONDS).read_text(encoding="utf-8"))
    except (OSError, ValueError, FlashgenError):
        return {}
    if not isinstance(found, dict):
        return {}
    return {label: float(seconds) for label, seconds in found.items()
            if isinstance(label, str) and isinstance(seconds, (int, float)) and not isinstance(seconds, bool)}


def keep_job_seconds(out_dir: Path, seconds: Mapping[str, float]) -> None:
    """Remember ``seconds`` (with the last build's for jobs this one did not run) for the next build."""
    if not seconds:
        return
    path = cache_folder(out_dir, JOB_SECONDS)
    scratch = path.with_name(f".{path.name}.partial")
    try:
        scratch.write_text(json.dumps({**job_seconds(out_dir), **seconds}, sort_keys=True), encoding="utf-8")
        os.replace(scratch, path)
    except OSError:  # a full disk or a read-only folder: the order is an aid, the build is done
        scratch.unlink(missing_ok=True)
