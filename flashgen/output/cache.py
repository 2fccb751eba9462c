"""The build's cache between builds: ``.out-flashgen-cache/`` beside the output folder ``out``.

What later builds may reuse besides the output files. ``build_cache(out_dir)``
opens the layout cache (text/memo.py: set texts, laid-out cards, QR codes) in ``.out-flashgen-cache/layout``
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

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flashgen.output.links import no_link
from flashgen.text import memo
from flashgen.text.wordbreak import WordBreaker

CACHE_SUFFIX = "-flashgen-cache"


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
