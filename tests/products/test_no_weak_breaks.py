"""No weak line breaks in the bundled cards and social images (issue 15).

The layout accepts a break against Vietnamese phrasing (inside a word or a name, after a function word such
as 'giữa', before a binding word such as 'nhau') only when no better break fits its frame, and `flashgen
check` reports each one as a `weak-break` warning. The bundled templates give every frame enough room that
the three bundled campaigns, in both bundled themes, need none: each campaign × theme is checked once here.

A second test reads the laid-out lines themselves (not the check's own judgement): the names and terms the
bundled campaigns use are never cut across two lines in the cards the build makes by default (A6 and the
1080 × 1350 card) or in any platform image.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from flashgen.build import lay_out, load_inputs
from flashgen.check import check
from flashgen.load.fonts import FontBook
from flashgen.load.resources import FONTS_DIR
from flashgen.load.theme import find_theme
from flashgen.options import BuildOptions
from flashgen.products.base import CardRequest

CONTENT = Path(__file__).resolve().parents[2] / "content"
CAMPAIGNS = sorted(CONTENT.glob("*.yaml"))
THEMES = ("xanh", "do")

# Names and terms of the bundled campaigns that a line break must never cut (the breaks the checks
# reported before the frames were fixed: "Bộ Thông / tin và", "Công nghệ / số cộng", "tỉnh Quảng / Ngãi",
# "Thông tin / và Truyền", "kênh Zalo / Chuyển đổi", "Chuyển đổi / số quốc").
WHOLE = (
    "Bộ Thông tin và Truyền thông",
    "Sở Thông tin và Truyền thông",
    "Tổ Công nghệ số cộng đồng",
    "Quảng Ngãi",
    "Quảng Ninh",
    "Zalo Chuyển đổi số",
    "công nghệ thông tin",
)


def test_the_bundled_campaigns_and_themes_are_all_checked():
    # Three campaigns: contrasts (17 points), statements and messages (the plan), figures.
    assert {path.stem for path in CAMPAIGNS} >= {
        "17-diem-khac-biet", "ke-hoach-truyen-thong-2023", "so-lieu-ngay-cds-2022",
    }


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("content", CAMPAIGNS, ids=lambda path: path.stem)
def test_no_weak_break_in_any_card_or_social_image(content: Path, theme: str):
    report = check(BuildOptions(content=content, theme=find_theme(theme), products=("flashcards", "social")))
    assert report.cards > 50  # every card size and platform image was laid out, not an empty run
    weak = [finding.message for finding in report.findings if finding.code == "weak-break"]
    assert weak == []


@pytest.mark.parametrize("content", CAMPAIGNS, ids=lambda path: path.stem)
def test_names_and_terms_stay_on_one_line(content: Path, tmp_path: Path):
    options = BuildOptions(content=content, out_dir=tmp_path)
    inputs = load_inputs(options, FontBook.from_folders((FONTS_DIR,)))
    sizes = inputs.presets.card_sizes
    wanted = CardRequest(sizes=(sizes["a6"], sizes["social"]), platforms=tuple(inputs.presets.platforms.values()))
    laid_out = lay_out(inputs, wanted)
    documents = [*laid_out.cards, *(document for shape in laid_out.social.values() for document in shape)]
    found, cut = 0, []
    for document in documents:
        for field, block in document.blocks:
            lines = [" ".join(line.text.split()) for line in block.lines]
            joined = " ".join(lines)
            # As written, or in capitals where the frame sets its text upper-case ("Chuyển đổi số quốc gia" is
            # a name; "chuyển đổi số / quốc gia", the plain phrase, may break).
            for name in (spelling for whole in WHOLE for spelling in (whole, whole.upper())):
                if name not in joined:
                    continue
                found += 1
                if not any(name in line for line in lines):
                    cut.append(f"{document.card.what}, {field}: {' / '.join(lines)}")
    assert found > 0  # the test looks at text that holds the names
    assert cut == [], "\n".join(cut)


# Every print size too, where the frames allow it: the 17 points and the plan need no weak break on any card
# size. (The figures' poker back cannot yet in the serif theme: at 9 pt a long label needs a fourth line.)
@pytest.mark.parametrize("content", [path for path in CAMPAIGNS if path.stem != "so-lieu-ngay-cds-2022"],
                         ids=lambda path: path.stem)
def test_no_weak_break_on_any_print_card_size(content: Path):
    report = check(BuildOptions(content=content, products=("flashcards",), sizes=("a6", "a7", "poker", "business")))
    assert report.cards > 50
    assert [finding.message for finding in report.findings if finding.code == "weak-break"] == []
