"""A build and a check leave nothing behind in the temporary folder (fontconfig's private folder included).

Each command runs as its own process, as a user runs it: the private fontconfig
folder is made once per process and removed when that process ends, so only a
separate process shows whether it really goes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import DATA

MINIMAL = DATA / "minimal.yaml"


def _run_flashgen(temporary: Path, *args: str) -> None:
    environment = {**os.environ, "TMPDIR": str(temporary)}
    result = subprocess.run([sys.executable, "-m", "flashgen", *args], env=environment, cwd=temporary.parent, check=False,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_parallel_build_and_a_check_leave_no_temporary_files(tmp_path):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    out = tmp_path / "out"
    _run_flashgen(temporary, "build", "--content", str(MINIMAL), "--out", str(out), "--product", "flashcards",
                  "--size", "a6", "--jobs", "2")
    assert (out / "flashcards" / "a6" / "front-01.png").is_file()
    _run_flashgen(temporary, "check")  # the bundled content: it has every field the check looks at
    assert sorted(path.name for path in temporary.iterdir()) == []
