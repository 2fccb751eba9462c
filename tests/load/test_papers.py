"""ISO 216 paper sizes (load/papers.py), and the data tables that name ISO papers agree with them."""

from __future__ import annotations

import pytest
import yaml

from flashgen.documents.banner import poster_papers
from flashgen.load.papers import iso_a, landscape
from flashgen.load.resources import DATA_DIR


def test_the_iso_a_series():
    assert [iso_a(n) for n in range(7)] == [(841.0, 1189.0), (594.0, 841.0), (420.0, 594.0), (297.0, 420.0),
                                            (210.0, 297.0), (148.0, 210.0), (105.0, 148.0)]
    assert iso_a(10) == (26.0, 37.0)
    assert landscape(iso_a(4)) == (297.0, 210.0) and landscape((297.0, 210.0)) == (297.0, 210.0)


@pytest.mark.parametrize("number", [-1, 11])
def test_there_is_no_a_paper_outside_a0_to_a10(number):
    with pytest.raises(ValueError):
        iso_a(number)


def test_the_data_tables_give_iso_papers_their_iso_sizes():
    sheets = yaml.safe_load((DATA_DIR / "sizes.yaml").read_text(encoding="utf-8"))["sheets"]
    named = {name: tuple(map(float, sheet["size_mm"])) for name, sheet in sheets.items()}
    named.update(poster_papers().papers)
    iso = {name: size for name, size in named.items() if name[0] == "a" and name[1:].isdigit()}
    assert set(iso) >= {"a4", "a3", "a2", "a1", "a0"}
    for name, size in iso.items():
        assert size == iso_a(int(name[1:])), name
