"""The ``flashgen`` command's process ends as soon as the command is done, with the status ``sys.exit`` gives."""

from __future__ import annotations

import subprocess
import sys

import pytest

from flashgen.terminal import _exit_status


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (2, 2), ("a message", 1)])
def test_the_status_is_the_one_python_would_give(code, status, capsys):
    assert _exit_status(code) == status
    assert capsys.readouterr().err == ("a message\n" if isinstance(code, str) else "")


def test_the_command_ends_with_its_output_written_and_its_status(tmp_path):
    done = subprocess.run([sys.executable, "-m", "flashgen", "build", "--content", str(tmp_path / "none.yaml")],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 1 and "none.yaml" in done.stderr and "Traceback" not in done.stderr
    listed = subprocess.run([sys.executable, "-m", "flashgen", "version"], capture_output=True, text=True)
    assert listed.returncode == 0 and listed.stdout.strip()
