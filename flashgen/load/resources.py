"""Where the bundled fonts, templates, content and data files live.

In a source checkout (or an editable install) they sit beside the package at
the top of the repository; a wheel installs them inside the package (see
``[tool.setuptools.package-dir]`` in pyproject.toml). Both layouts are found
here so nothing else needs to know which one is in use.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # flashgen/, which holds data/ (and, installed, _fonts/ …)
DATA_DIR = PACKAGE_DIR / "data"


def _bundled(name: str) -> Path:
    installed = PACKAGE_DIR / f"_{name}"
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / name


FONTS_DIR = _bundled("fonts")
TEMPLATES_DIR = _bundled("templates") / "svg"
CONTENT_DIR = _bundled("content")
ICONS_DIR = _bundled("icons") / "tabler"
DEFAULT_CONTENT = CONTENT_DIR / "17-diem-khac-biet.yaml"
# The bundled example campaigns, one of each kind of item (`flashgen init --example NAME`).
EXAMPLES = {
    "contrast": DEFAULT_CONTENT,  # the 17 differences between IT and digital transformation
    "statements": CONTENT_DIR / "ke-hoach-truyen-thong-2023.yaml",  # a plan's propaganda contents and messages
    "figures": CONTENT_DIR / "so-lieu-ngay-cds-2022.yaml",  # a report's key figures
}
THEMES_DIR = _bundled("themes")
DEFAULT_THEME = THEMES_DIR / "xanh.yaml"
