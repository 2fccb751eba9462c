"""flashgen's folder in the user's cache, outside every project: what one computer works out once for every command.

Two things are kept there, both named by a hash of what they are made from, so
a changed source is a new name and never a stale answer: cairocffi's parsed C
declarations (render/cairoload.py) and the bundled Vietnamese word list as
the line breaker reads it (text/wordbreak.py). Deleting the folder costs only
the time to make them again.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path


@functools.cache
def user_cache_folder() -> Path:
    """flashgen's folder in the user's cache: LOCALAPPDATA on Windows, XDG_CACHE_HOME or ~/.cache elsewhere."""
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "flashgen" / "cache"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "flashgen"

