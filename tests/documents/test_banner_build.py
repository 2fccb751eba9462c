"""The default build makes banners and print-shop posters, lists them, shows them, and gives every PDF its output intent."""

from __future__ import annotations

import json
from pathlib import Path

import pikepdf

from flashgen.build import build
from flashgen.options import BuildOptions
from flashgen.output.preflight import preflight
from flashgen.products import PRODUCTS
from tests.conftest import write_content

PLAN = Path(__file__).resolve().parents[2] / "content" / "ke-hoach-truyen-thong-2023.yaml"


def test_banners_and_posters_are_default_products():
    assert {"banners", "posters"} <= set(PRODUCTS)


def test_the_build_lists_and_shows_them_and_every_pdf_has_an_output_intent(tmp_path):
    out = tmp_path / "out"
    result = build(BuildOptions(content=PLAN, out_dir=out, products=("banners", "posters", "leaflet")))
    entries = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    products = {entry["product"] for entry in entries}
    assert {"banners", "posters", "leaflet"} == products
    poster = next(e for e in entries if e["path"] == "posters/poster-list-a1.pdf")
    assert (poster["trim_width_mm"], poster["trim_height_mm"]) == (594.0, 841.0)
    banner = next(e for e in entries if e["path"] == "banners/80x500/message-01.pdf")
    assert (banner["trim_width_mm"], banner["trim_height_mm"]) == (5000.0, 800.0)
    assert (banner["width_mm"], banner["height_mm"]) == (5006.0, 806.0)
    gallery = (out / "index.html").read_text(encoding="utf-8")
    assert "Banners" in gallery and "banners/80x500/theme.pdf" in gallery  # the tests speak English
    assert "posters/poster-list-a0.pdf" in gallery
    pdfs = [f for f in result.files if f.path.endswith(".pdf")]
    assert len(pdfs) == len(entries)
    for entry in entries:
        with pikepdf.open(out / entry["path"]) as pdf:
            (intent,) = pdf.Root.OutputIntents
            assert intent.S == pikepdf.Name.GTS_PDFX, entry["path"]
    # The preflight (flashgen check --print) finds nothing to say about them: the 6 m banners' UserUnit included.
    assert preflight(out).findings == ()


def test_a_campaign_without_messages_or_theme_gets_a_note_and_no_banner(tmp_path):
    text = PLAN.read_text(encoding="utf-8")
    start = text.index("messages:")
    without = text[:start].replace('  theme: "Năm dữ liệu số, tạo lập và khai thác dữ liệu để tạo ra giá trị mới"\n', "")
    content = write_content(tmp_path / "plain.yaml", without)
    result = build(BuildOptions(content=content, out_dir=tmp_path / "out", products=("banners",)))
    assert not [f for f in result.files if f.path.startswith("banners/")]
    assert any("no slogan to print on a banner" in note for note in result.notes)
