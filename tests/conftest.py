"""Shared fixtures: the repository's bundled data, and one real build."""

from __future__ import annotations

import fcntl
import os
import pickle
from pathlib import Path

import pytest

from flashgen import i18n

# The suite reads flashgen's messages in English (the words written in the code), in this process and in
# every `flashgen` it starts; tests of the Vietnamese words ask for them (i18n.use_language("vi")).
os.environ[i18n.LANGUAGE_VARIABLE] = "en"
i18n.use_language("en")

from flashgen.build import BuildResult, build
from flashgen.load.content import Campaign, load_campaign
from flashgen.load.fonts import FontBook
from flashgen.load.resources import DEFAULT_CONTENT, FONTS_DIR, TEMPLATES_DIR
from flashgen.options import BuildOptions
from flashgen.render import jobs

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def fonts() -> FontBook:
    return FontBook.from_folders((FONTS_DIR,))


@pytest.fixture(scope="session")
def campaign() -> Campaign:
    return load_campaign(DEFAULT_CONTENT)


@pytest.fixture(scope="session")
def templates_dir() -> Path:
    return TEMPLATES_DIR


@pytest.fixture(scope="session")
def default_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The bundled content built once, all sizes, as `flashgen build` does: once for the whole run, whatever the
    number of test processes (the first to need it builds; the others wait and read its result). Read only."""
    shared = tmp_path_factory.getbasetemp().parent  # the run's folder, above each test process's own
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        shared = tmp_path_factory.getbasetemp()
    with (shared / "default-build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # (released when the file closes)
        result = shared / "default-build.pickle"
        if result.is_file():
            return pickle.loads(result.read_bytes())
        made = build(BuildOptions(out_dir=shared / "default-build" / "out"))
        result.write_bytes(pickle.dumps(made))
        return made


def write_content(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def tree_snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` with its bytes (to prove a failed build changed nothing)."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def copy_templates(folder: Path, pattern: str = "*.svg") -> Path:
    """A copy of the bundled templates matching ``pattern`` in ``folder``, to edit in a test."""
    folder.mkdir(parents=True, exist_ok=True)
    for source in TEMPLATES_DIR.glob(pattern):
        (folder / source.name).write_bytes(source.read_bytes())
    return folder


def load_templates(sizes, templates_dir: Path, fonts, campaign) -> dict:
    """The templates ``campaign`` shows at ``sizes``, by (size, file name), in the default theme
    (the build does this in build._card_templates)."""
    from flashgen.load.template import load_template
    from flashgen.merge.cards import card_templates_needed

    fields = campaign.field_names()
    by_name = {size.name: size for size in sizes}
    return {
        (size, name): load_template(templates_dir / name, by_name[size], fonts, fields)
        for size, name in card_templates_needed(campaign, list(sizes), ())
    }


@pytest.fixture
def render_count(monkeypatch):
    """Counts images actually rendered (in this process: use jobs=1)."""
    calls: list[str] = []
    original = jobs.run_job

    def counting(job):
        calls.append(job.name)
        return original(job)

    monkeypatch.setattr(jobs, "run_job", counting)
    return calls
