"""The product registry: every product module has the same two functions, and a new product is one module plus one line."""

from __future__ import annotations

import inspect
import sys
import textwrap

import pytest

from flashgen import i18n
from flashgen.build import build
from flashgen.check import check
from flashgen.errors import FlashgenError
from flashgen.options import BuildOptions
from flashgen.output.gallery import GROUPINGS, preview
from flashgen.output.manifest import read_manifest
from flashgen.products import PRODUCTS, Product, choose_products
from flashgen.products.base import Inputs, ProductBuild
from tests.conftest import DATA

POSTCARD = '''
from flashgen.products.base import CardRequest, Inputs, ProductBuild
from flashgen.products.files import FileMeta, Made, MadeFile


def wants(inputs: Inputs) -> CardRequest:
    return CardRequest(sizes=(inputs.presets.card_size("a7"),))


def make(build: ProductBuild) -> Made:
    cards = build.laid_out.of_size(build.inputs.presets.card_size("a7"))
    jobs = [build.drawing.job(f"postcard/{d.card.slug}.png", d, d.card.size.pixels, 300, "png-dpi") for d in cards]
    return Made(MadeFile(job.name, data, FileMeta(product="postcard", format="png", size="a7"))
                for job, data in zip(jobs, build.drawing.images(jobs)))
'''


@pytest.mark.parametrize("name", list(PRODUCTS))
def test_every_product_module_has_the_same_two_functions(name):
    module = PRODUCTS[name].load()
    assert list(inspect.signature(module.wants).parameters) == ["inputs"]
    assert list(inspect.signature(module.make).parameters) == ["build"]
    assert inspect.signature(module.wants).parameters["inputs"].annotation in ("Inputs", Inputs)
    assert inspect.signature(module.make).parameters["build"].annotation in ("ProductBuild", ProductBuild)
    assert PRODUCTS[name].gallery in GROUPINGS  # the gallery knows how to group its files


def test_products_are_chosen_in_the_registry_order():
    assert [p.name for p in choose_products(("infographic", "flashcards"))] == ["flashcards", "infographic"]
    assert [p.name for p in choose_products(())] == [name for name, p in PRODUCTS.items() if p.default]
    with pytest.raises(FlashgenError, match="unknown product 'poster'; choose from: flashcards, social"):
        choose_products(("poster",))


@pytest.fixture
def postcard(tmp_path, monkeypatch):
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "postcard_product.py").write_text(textwrap.dedent(POSTCARD), encoding="utf-8")
    monkeypatch.syspath_prepend(str(folder))
    monkeypatch.setitem(PRODUCTS, "postcard", Product("postcard", "Bưu thiếp / Postcards", "postcards to mail",
                                                      "postcard_product", "sizes"))
    yield
    sys.modules.pop("postcard_product", None)


def test_a_new_product_is_one_module_and_one_registry_line(postcard, tmp_path):
    out = tmp_path / "out"
    options = BuildOptions(content=DATA / "minimal.yaml", out_dir=out, products=("postcard",), jobs=1)
    result = build(options)
    assert sorted(f.path for f in result.files) == [f"postcard/{side}-0{n}.png" for side in ("back", "front") for n in (1, 2)]
    manifest = read_manifest(out)
    assert manifest is not None and {f.product for f in manifest.files} == {"postcard"}
    assert "<h2>Postcards" in (out / "index.html").read_text(encoding="utf-8")  # the label's English half (tests read English)
    i18n.use_language("vi")
    try:
        assert "<h2>Bưu thiếp" in preview(out).read_text(encoding="utf-8")  # and its Vietnamese half, with no catalogue entry
    finally:
        i18n.use_language("en")
    assert build(options).unchanged  # reuse follows too
    assert check(options).cards == 4  # and flashgen check lays its cards out
