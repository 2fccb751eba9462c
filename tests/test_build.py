"""The whole build: files, manifest, PDF properties, determinism, and failing safely."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

from flashgen.build import build
from flashgen.errors import FlashgenError
from flashgen.load.presets import load_presets
from flashgen.options import BuildOptions
from tests.conftest import DATA, tree_snapshot, write_content


def _files(result, **wanted):
    return [f for f in result.files if all(getattr(f, k) == v for k, v in wanted.items())]


def test_default_build_writes_every_card_and_the_deck(default_build):
    for size in [s for s in load_presets().card_sizes.values() if s.default]:
        for side in ("front", "back"):
            pngs = _files(default_build, size=size.name, side=side, format="png")
            assert sorted(f.item for f in pngs) == list(range(1, 18))
            assert all((f.width_px, f.height_px) == size.pixels for f in pngs)
    pdfs = [f for f in _files(default_build, format="pdf") if f.product not in ("banners", "posters", "slides", "carousel")]  # their own tests
    assert sorted(f.path for f in pdfs) == [
        "booklet/booklet-a4.pdf", "booklet/booklet-a5.pdf",
        "flashcards/flashcards-a6.pdf",
        "infographic/poster-comparison-a2.pdf", "infographic/poster-comparison-a3.pdf",
        "infographic/poster-list-a2.pdf", "infographic/poster-list-a3.pdf",
        "leaflet/leaflet-a4.pdf", "print/a6-on-a4.pdf", "print/duplex-calibration-a4.pdf",
        "tiled/poster-comparison-a2-on-a4.pdf", "tiled/poster-list-a2-on-a4.pdf",
    ]
    assert {f.size for f in _files(default_build, format="png", product="flashcards")} == {"a6", "social"}


def test_manifest_lists_every_file_with_its_hash(default_build):
    out = default_build.manifest.parent
    manifest = json.loads(default_build.manifest.read_text(encoding="utf-8"))
    listed = {entry["path"]: entry for entry in manifest["files"]}
    on_disk = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()} - {"manifest.json", "index.html"}  # the gallery shows the manifest, it is not in it
    assert set(listed) == on_disk
    for path, entry in listed.items():
        data = (out / path).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["bytes"] == len(data)
        assert entry["product"] in {"flashcards", "print", "booklet", "leaflet", "social", "infographic", "tiled", "banners",
                                    "posters", "slides", "carousel"}


def test_print_pngs_carry_300_dpi(default_build):
    from PIL import Image

    entry = _files(default_build, size="a6", side="front", item=1)[0]
    with Image.open(default_build.manifest.parent / entry.path) as image:
        assert round(image.info["dpi"][0]) == 300
        assert image.size == (1311, 1819)


@pytest.fixture(scope="module")
def deck(default_build) -> Path:
    return default_build.manifest.parent / "flashcards" / "flashcards-a6.pdf"


def test_print_shop_pdf_has_trim_bleed_and_room_for_crop_marks(deck):
    pt = 72 / 25.4
    with pikepdf.open(deck) as pdf:
        assert len(pdf.pages) == 34
        for page in pdf.pages:
            media = [float(v) for v in page.mediabox]
            trim = [float(v) for v in page.obj.TrimBox]
            bleed = [float(v) for v in page.obj.BleedBox]
            assert trim[2] - trim[0] == pytest.approx(105 * pt, abs=0.01)
            assert trim[3] - trim[1] == pytest.approx(148 * pt, abs=0.01)
            assert bleed[0] == pytest.approx(trim[0] - 3 * pt) and bleed[3] == pytest.approx(trim[3] + 3 * pt)
            # crop marks live outside the bleed, so the page is larger than it
            assert media[0] < bleed[0] - 5 * pt and media[2] > bleed[2] + 5 * pt
        assert str(pdf.docinfo["/Title"]).startswith("Bộ thẻ in A6")
        assert pdf.Root.ViewerPreferences.Duplex == pikepdf.Name.DuplexFlipLongEdge


def test_pdf_text_has_every_heading_exactly(deck, campaign):
    text = subprocess.run(["pdftotext", str(deck), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", " ", text)
    for item in campaign.items:
        assert item.heading in flat, item.number
        assert item.from_text in flat and item.to_text in flat


def test_pdf_fonts_are_all_embedded_and_subset(deck):
    listing = subprocess.run(["pdffonts", str(deck)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert rows
    for row in rows:
        assert "BeVietnamPro-" in row
        emb, sub, uni = row.split()[-5:-2]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row


def test_pdf_passes_qpdf_check(deck):
    subprocess.run(["qpdf", "--check", str(deck)], capture_output=True, check=True)


def _minimal_build(out: Path, content: Path = DATA / "minimal.yaml", sizes=("a6",), products=("flashcards",)):
    return build(BuildOptions(content=content, out_dir=out, sizes=sizes, products=products))


def test_same_input_gives_byte_identical_files(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1678320000")
    first = _minimal_build(tmp_path / "one")
    second = _minimal_build(tmp_path / "two")
    assert [(f.path, f.sha256) for f in first.files] == [(f.path, f.sha256) for f in second.files]
    with pikepdf.open(tmp_path / "one" / "flashcards" / "flashcards-a6.pdf") as pdf:
        assert str(pdf.docinfo["/CreationDate"]) == "D:20230309000000Z"


def test_text_that_cannot_fit_fails_and_changes_nothing(tmp_path):
    out = tmp_path / "out"
    _minimal_build(out)
    before, cache_before = tree_snapshot(out), tree_snapshot(tmp_path / ".out-flashgen-cache")
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    long_heading = "Chuyển từ đầu tư sang thuê " + "và chuyển đổi số toàn diện " * 30
    broken = write_content(tmp_path / "long.yaml", text.replace("Chuyển từ đầu tư sang thuê", long_heading.strip()))
    with pytest.raises(FlashgenError) as failure:
        _minimal_build(out, broken)
    message = failure.value.message
    assert "long.yaml, line 16, card 1 (front, size 'a6'), field 'heading'" in message
    assert "frame 'heading-frame'" in message and "flashcard-front-a6.svg" in message
    assert tree_snapshot(out) == before
    assert tree_snapshot(tmp_path / ".out-flashgen-cache") == cache_before  # what the failed build set is forgotten
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out-flashgen-cache", "long.yaml", "out"]  # the first build's cache


def test_failed_first_build_creates_no_output_folder(tmp_path):
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    broken = write_content(tmp_path / "bad.yaml", text.replace("Mua phần cứng", "Mua phần cứng 😀"))
    with pytest.raises(FlashgenError, match=r"bad\.yaml, line 20, card 2 \(back, size 'a6'\), field 'from': .* no glyph for '😀' \(U\+1F600\)"):
        _minimal_build(tmp_path / "out", broken)
    assert not (tmp_path / "out").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml"]


def test_the_garbage_collector_works_again_after_a_build_even_one_that_stopped_while_loading(tmp_path):
    """The build pauses the collector while it loads, and freezes what it loaded while the workers run."""
    import gc

    broken = write_content(tmp_path / "bad.yaml", "campaign: [unclosed\n")
    with pytest.raises(FlashgenError):
        _minimal_build(tmp_path / "out", broken)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    _minimal_build(tmp_path / "out")
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_rebuild_removes_files_of_removed_items_but_not_user_files(tmp_path):
    out = tmp_path / "out"
    _minimal_build(out, sizes=("social",))
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    one_item = write_content(tmp_path / "one.yaml", text[: text.index("  - number: 2")])
    _minimal_build(out, one_item, sizes=("social",))
    names = sorted(p.name for p in (out / "flashcards" / "social").iterdir())
    assert names == ["back-01.png", "front-01.png"]
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_unknown_size_is_a_clear_error(tmp_path):
    with pytest.raises(FlashgenError, match="unknown card size 'a9'; choose from: a6, a7, poker, business, social"):
        _minimal_build(tmp_path / "out", sizes=("a9",))


def test_custom_templates_folder_missing_a_file(tmp_path):
    shutil.copy(DATA.parent.parent / "templates" / "svg" / "flashcard-front-1080x1350.svg", tmp_path)
    with pytest.raises(FlashgenError, match=r"flashcard-back-1080x1350\.svg: cannot read the template"):
        build(BuildOptions(
            content=DATA / "minimal.yaml", out_dir=tmp_path / "out", sizes=("social",), products=("flashcards",),
            templates_dir=tmp_path,
        ))


def test_every_pdf_of_the_build_passes_qpdf_and_embeds_its_fonts(default_build):
    out = default_build.manifest.parent
    pdfs = [out / f.path for f in default_build.files if f.format == "pdf"]
    # 10, the tiled A2 posters, the print-shop posters (2 layouts × 4 papers), the banners (10 × 5), slides, carousel
    assert len(pdfs) == 12 + 8 + 50 + 2
    for path in pdfs:
        if path.name.startswith("carousel-"):  # the album's images, one a page: no text, no font
            subprocess.run(["qpdf", "--check", str(path)], capture_output=True, check=True)
            continue
        subprocess.run(["qpdf", "--check", str(path)], capture_output=True, check=True)
        listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        rows = listing.splitlines()[2:]
        assert rows, path
        for row in rows:
            assert "BeVietnamPro" in row and row.split()[-5:-2] == ["yes", "yes", "yes"], (path, row)
        with pikepdf.open(path) as pdf:
            assert str(pdf.docinfo["/Title"])
            if "calibration" not in path.name:  # the calibration sheet belongs to no campaign
                assert str(pdf.docinfo["/Author"]) == "Sở Thông tin và Truyền thông tỉnh Quảng Ninh"


def test_infographic_outputs_of_the_build(default_build, campaign):
    from PIL import Image

    out = default_build.manifest.parent
    webs = _files(default_build, product="infographic", format="png")
    tall = [f for f in webs if f.path.startswith("infographic/web-")]
    slides = [f for f in webs if "/carousel-" in f.path]
    assert sorted(f.path for f in tall) == ["infographic/web-comparison.png", "infographic/web-list.png"]
    assert all(f.width_px == 1080 and f.height_px > 1350 for f in tall)
    assert slides and all((f.width_px, f.height_px) == (1080, 1350) for f in slides)
    web_list = [f for f in tall if f.path.endswith("web-list.png")][0]
    with Image.open(out / web_list.path) as image:
        assert image.size == (1080, web_list.height_px) and "icc_profile" in image.info
    text = re.sub(r"\s+", " ", subprocess.run(
        ["pdftotext", str(out / "infographic" / "poster-list-a2.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout)
    assert all(item.heading in text for item in campaign.items)
    with pikepdf.open(out / "infographic" / "poster-list-a2.pdf") as pdf:
        assert [round(float(v)) for v in pdf.pages[0].mediabox] == [0, 0, 1191, 1684]
        assert str(pdf.docinfo["/Title"]).startswith("Infographic (danh sách, A2)")
