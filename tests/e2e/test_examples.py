"""The three bundled campaigns, one of each kind of item, in every theme: `flashgen check` finds nothing
wrong and `flashgen build` makes every product at every size and platform with the bundled templates;
no output carries a word of another campaign (the acceptance of the item-kinds issue)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from flashgen.build import build
from flashgen.check import check, describe_report
from flashgen.load.presets import load_presets
from flashgen.load.resources import EXAMPLES
from flashgen.load.theme import bundled_themes, find_theme
from flashgen.options import BuildOptions

ALL_SIZES = tuple(load_presets().card_sizes)
# The words a campaign of another kind or source would print (the 17-point speech's).
FOREIGN = {
    "statements": ("Điểm", "ĐIỂM", "phát biểu", "PHÁT BIỂU", "CNTT", "Quét mã", "quét mã", "Toàn văn", "TOÀN VĂN"),
    "figures": ("Điểm", "ĐIỂM", "phát biểu", "PHÁT BIỂU", "CNTT", "toàn văn", "Toàn văn", "TOÀN VĂN"),
}
# Each new campaign is built in a different theme (the themes' fonts differ: Noto Serif in 'do').
BUILT = {"statements": "do", "figures": "xanh"}


def _options(example: str, theme: str, out: Path | None = None) -> BuildOptions:
    return BuildOptions(content=EXAMPLES[example], theme=find_theme(theme), sizes=ALL_SIZES, out_dir=out or Path("out"), jobs=2)


@pytest.mark.parametrize("theme", bundled_themes())
@pytest.mark.parametrize("example", EXAMPLES)
def test_every_bundled_campaign_checks_clean_in_every_theme(example, theme):
    report = check(_options(example, theme))
    assert not report.errors, describe_report(report)
    assert report.cards > 100  # every size and platform was laid out


@pytest.fixture(scope="module", params=sorted(BUILT))
def built(request, tmp_path_factory):  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp(request.param) / "out"
    build(_options(request.param, BUILT[request.param], out))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return request.param, out, manifest["files"]


def _words(out: Path, files: list[dict]) -> dict[str, str]:
    """The words of every output people read: captions, alt text, and the text of every PDF."""
    words = {}
    for entry in files:
        path = out / entry["path"]
        if entry["format"] in ("txt", "csv"):
            words[entry["path"]] = path.read_text(encoding="utf-8-sig")
        elif entry["format"] == "pdf":
            text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
            words[entry["path"]] = re.sub(r"\s+", " ", text.stdout)
        if entry.get("alt_text"):
            words[entry["path"] + " (alt text)"] = entry["alt_text"]
    return words


def test_every_product_is_made(built):
    _, _, files = built
    assert {entry["product"] for entry in files} == {"flashcards", "print", "booklet", "leaflet", "social", "infographic", "tiled",
                                                     "posters", "banners", "slides", "carousel"}  # every bundled example has a theme
    assert {entry["size"] for entry in files if entry["product"] == "flashcards" and entry["format"] == "png"} == set(ALL_SIZES)


def test_no_output_prints_a_word_of_another_campaign(built):
    example, out, files = built
    for place, text in _words(out, files).items():
        for word in FOREIGN[example]:
            assert word not in text, f"{place} says {word!r}"


def test_the_campaigns_own_words_are_used(built):
    example, out, files = built
    captions = (out / "social" / "facebook-portrait" / "captions.txt").read_text(encoding="utf-8")
    if example == "statements":
        assert "Nội dung 3/9: " in captions
    else:
        assert "Con số 2/12: hơn 7.534 thành viên" in captions
        booklet = _words(out, [e for e in files if e["path"] == "booklet/booklet-a4.pdf"])["booklet/booklet-a4.pdf"]
        assert "hơn 7.534" in booklet and "Báo cáo" in booklet
