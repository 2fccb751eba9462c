"""Acceptance: each bundled campaign written as an .xlsx and a .csv gives the same campaign as its YAML file,
and its build makes byte-identical outputs (flashcards at one size, the booklet and the infographics:
every kind of item, every product that draws items)."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import pytest

from flashgen.build import build
from flashgen.load.content import Campaign, load_campaign
from flashgen.options import BuildOptions
from tests.load.sheet_examples import write_csv, write_xlsx

CONTENT = Path(__file__).resolve().parents[2] / "content"
EXAMPLES = sorted(CONTENT.glob("*.yaml"))
WRITERS = {".xlsx": write_xlsx, ".csv": write_csv}
PRODUCTS = ("flashcards", "booklet", "infographic")


def _without_places(campaign: Campaign) -> Campaign:
    """The campaign without what must differ between a YAML file and a sheet: the file, lines and rows."""
    items = tuple(replace(item, line=0) for item in campaign.items)
    return replace(campaign, path=Path("content"), line=0, theme_line=0, message_lines=(), items=items)


@pytest.mark.parametrize("suffix", WRITERS)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_spreadsheet_gives_the_yaml_campaign(example: Path, suffix: str, tmp_path: Path) -> None:
    sheet = WRITERS[suffix](example, tmp_path / f"{example.stem}{suffix}")
    from_sheet, from_yaml = load_campaign(sheet), load_campaign(example)
    assert _without_places(from_sheet) == _without_places(from_yaml)
    assert len(from_yaml.items) > 1 and from_sheet.warnings == ()


def test_figures_typed_as_numbers_print_as_written(tmp_path: Path) -> None:
    """The .xlsx holds 1141 formatted #,##0 and 1 formatted 0%: the cards print "1.141" and "100%"."""
    campaign = load_campaign(write_xlsx(CONTENT / "so-lieu-ngay-cds-2022.yaml", tmp_path / "figures.xlsx"))
    values = [item.value for item in campaign.items]
    assert values[:3] == ["1.141", "7.534", "13/13"] and "100%" in values and "4.500" in values


def _files(out: Path) -> dict[str, str]:
    """Every output but the manifest (which names the content file) by path, with its hash."""
    return {
        str(path.relative_to(out)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(out.rglob("*")) if path.is_file() and path.name != "manifest.json"
    }


@pytest.fixture(scope="module")
def yaml_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    built = {}
    for example in EXAMPLES:
        out = tmp_path_factory.mktemp("yaml") / "out"
        build(BuildOptions(content=example, out_dir=out, products=PRODUCTS, sizes=("a7",), jobs=1))
        built[example.stem] = _files(out)
    return built


@pytest.mark.parametrize("suffix", WRITERS)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_spreadsheet_builds_byte_identical_outputs(example: Path, suffix: str, tmp_path: Path, yaml_builds) -> None:
    sheet = WRITERS[suffix](example, tmp_path / f"{example.stem}{suffix}")
    build(BuildOptions(content=sheet, out_dir=tmp_path / "out", products=PRODUCTS, sizes=("a7",), jobs=1))
    made = _files(tmp_path / "out")
    expected = yaml_builds[example.stem]
    assert any(name.endswith(".pdf") for name in made) and any(name.endswith(".png") for name in made)
    assert made == expected
