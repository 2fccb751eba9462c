"""Every set of the bundled campaigns (the flashcards of one size and side, each social design of one shape) sets
each frame at one size, or two sizes at most a step apart (compose/sets.py, flashgen/data/sets.yaml).

Each campaign is laid out once (no image drawn) for the flashcards at the default sizes and every social platform.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from flashgen.build import lay_out, load_inputs, merged, wanted
from flashgen.compose.sets import set_rule
from flashgen.load.resources import CONTENT_DIR
from flashgen.options import BuildOptions
from flashgen.products import choose_products

CAMPAIGNS = ["17-diem-khac-biet.yaml", "ke-hoach-truyen-thong-2023.yaml", "so-lieu-ngay-cds-2022.yaml"]


@pytest.fixture(scope="module", params=CAMPAIGNS)
def sets(request, fonts, tmp_path_factory):
    """(campaign, {(card size or shape, template file): [document, …]}) for one bundled campaign."""
    options = BuildOptions(content=CONTENT_DIR / request.param, out_dir=tmp_path_factory.mktemp("unused"))
    inputs = load_inputs(options, fonts)
    laid_out = lay_out(inputs, merged(wanted(inputs, choose_products(("flashcards", "social"))).values()))
    found = defaultdict(list)
    for document in laid_out.cards:
        found[(document.card.size.name, document.card.template.path.name)].append(document)
    for shape, documents in laid_out.social.items():
        for document in documents:
            found[(shape, document.card.template.path.name)].append(document)
    return request.param, found


def _sizes(documents, frame: str) -> list[float]:
    return [size for document in documents for name, size in document.frame_sizes if name == frame]


def test_every_set_is_laid_out(sets):
    name, found = sets
    assert any(key[0] == "a6" for key in found), name
    assert any(len(documents) > 1 for documents in found.values()), name


def test_headings_vary_by_one_step_at_most(sets):
    name, found = sets
    step = set_rule().step
    for key, documents in found.items():
        sizes = _sizes(documents, "heading-frame")
        if len(sizes) > 1:
            assert max(sizes) * step <= min(sizes) + 1e-9, (name, key, min(sizes), max(sizes))
            assert len(set(sizes)) <= 2, (name, key, sorted(set(sizes)))


def test_every_frame_of_a_set_takes_two_sizes_at_most(sets):
    name, found = sets
    step = set_rule().step
    for key, documents in found.items():
        for frame in {name for document in documents for name, _ in document.frame_sizes}:
            sizes = _sizes(documents, frame)
            assert len(set(sizes)) <= 2 and max(sizes) * step <= min(sizes) + 1e-9, (name, key, frame, sorted(set(sizes)))


@pytest.mark.parametrize("sets", CAMPAIGNS[:1], indirect=True)
def test_the_17_point_a6_fronts_share_their_heading_size(sets):
    _, found = sets
    sizes = _sizes(found[("a6", "flashcard-front-a6.svg")], "heading-frame")
    common = max(sizes)
    # alone, the headings took 5.9 to 8 mm (pitch 128 px on front-02, 86 px on front-10): now most share one size
    assert sum(size == common for size in sizes) >= 13
    assert max(sizes) / min(sizes) < 1 / set_rule().step + 1e-9
