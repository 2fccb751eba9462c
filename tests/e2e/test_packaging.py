"""A non-editable install (a wheel) carries the fonts, templates and content it needs."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_wheel_builds_the_default_set_from_outside_the_repository(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(REPO)],
        check=True, capture_output=True, timeout=300,
    )
    wheel = next(tmp_path.glob("flashgen-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "flashgen/_fonts/be-vietnam-pro/BeVietnamPro-ExtraBold.ttf" in names
    assert "flashgen/_fonts/be-vietnam-pro/OFL.txt" in names
    assert "flashgen/_templates/svg/flashcard-front-a6.svg" in names
    assert "flashgen/_content/17-diem-khac-biet.yaml" in names
    assert "flashgen/data/vi-words.txt" in names and "flashgen/data/sizes.yaml" in names
    assert "flashgen/locale/vi/LC_MESSAGES/flashgen.mo" in names, "the Vietnamese messages travel in the wheel"
    modules = {path.relative_to(REPO).as_posix() for path in (REPO / "flashgen").rglob("*.py")}
    assert modules - set(names) == set()  # every module of every stage package (pyproject lists the packages)
    page = {path.relative_to(REPO).as_posix() for path in (REPO / "flashgen" / "app" / "static").glob("*")}
    assert page - set(names) == set(), "the web app's page (flashgen app) travels in the wheel"

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    work = tmp_path / "elsewhere"
    work.mkdir()
    script = (
        "import flashgen, sys; assert flashgen.__file__.startswith(sys.argv[1]), flashgen.__file__; "
        "from flashgen.cli import main; sys.argv = ['flashgen', 'build', '--product', 'flashcards', '--size', 'social', '--out', 'out']; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(site)], cwd=work, capture_output=True, text=True, timeout=300,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert len(list((work / "out" / "flashcards" / "social").glob("*.png"))) == 34
