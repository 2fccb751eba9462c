"""flashgen check: exactly the expected findings on seeded bad input, and none on good input."""

from __future__ import annotations

import json

import pytest

from flashgen.check import check, contrast_ratio
from flashgen.load.theme import find_theme
from flashgen.options import BuildOptions
from tests.conftest import DATA, copy_templates
from tests.e2e.test_cli import flashgen

SEEDED = DATA / "check" / "seeded.yaml"


def _found(report) -> set[tuple[str, str, str, str]]:
    return {(f.severity, f.code, f.card, f.field) for f in report.findings}


def test_seeded_content_gives_exactly_the_expected_findings():
    report = check(BuildOptions(content=SEEDED, products=("flashcards",), sizes=("social",)))
    assert _found(report) == {
        ("error", "overflow", "card 1 (front, size 'social')", "heading"),
        ("error", "overflow", "card 1 (back, size 'social')", "heading"),
        ("error", "missing-glyph", "card 2 (back, size 'social')", "from"),
        ("warning", "not-nfc", "item 3 (number 3)", "heading"),
        ("warning", "mixed-tone-marks", "line 15, item 1", "from"),  # 'Hòa' against 'Hoà' and 'Khoẻ'
    }
    assert report.cards == 6
    overflow = next(f for f in report.findings if f.code == "overflow")
    assert "seeded.yaml, line 15" in overflow.message and "heading-frame" in overflow.message
    glyph = next(f for f in report.findings if f.code == "missing-glyph")
    assert "'Ж' (U+0416)" in glyph.message


def test_low_contrast_theme_is_found_on_the_rendered_background():
    theme = DATA / "check" / "low-contrast.yaml"
    report = check(BuildOptions(content=DATA / "minimal.yaml", products=("flashcards",), sizes=("social",), theme=theme))
    assert {(f.code, f.card, f.field) for f in report.findings} == {
        ("low-contrast", f"card {n} ({side}, size 'social')", field)
        for n in (1, 2) for side, field in (("front", "heading"), ("back", "heading"), ("back", "to"))
    }
    assert all(f.severity == "error" for f in report.findings)
    assert "#2A4C86" in report.findings[0].message and "3:1" in report.findings[0].message


@pytest.mark.parametrize("theme", ["xanh", "do"])
def test_bundled_content_and_themes_have_no_errors(theme):
    report = check(BuildOptions(theme=find_theme(theme)))
    assert not report.errors, [f.message for f in report.errors]
    assert report.cards > 200
    # The official speech itself writes both "hoá" and "hóa": reported, never "fixed" in the content.
    # Every bundled frame has room for a break between phrases: no weak-break warning
    # (tests/products/test_no_weak_breaks.py checks every bundled campaign).
    assert {f.code for f in report.warnings} == {"mixed-tone-marks"}


def test_a_break_against_vietnamese_phrasing_is_a_warning_naming_card_field_and_words():
    """A heading that is one long run of place names has to break inside a name somewhere."""
    report = check(BuildOptions(content=DATA / "check" / "weak-break.yaml", products=("flashcards",), sizes=("social",)))
    assert not report.errors
    assert {(f.severity, f.code, f.card, f.field) for f in report.findings} == {
        ("warning", "weak-break", f"card 1 ({side}, size 'social')", "heading") for side in ("front", "back")
    }
    words = [f.message.split("the line break '")[1].split("'")[0] for f in report.findings]
    for pair in words:  # the syllables around the break, both sides from the heading
        before, after = pair.split(" / ")
        assert f"{before} {after}" in "Kết nối Quảng Ninh Quảng Ngãi Cao Bằng Lạng Sơn Điện Biên Lai Châu Sơn La Lào Cai"\
            " Yên Bái Tuyên Quang Bắc Kạn Thái Nguyên Phú Thọ Vĩnh Phúc"
    assert "line 16" in report.findings[0].message
    # Item 2 ("Chuyển từ sản phẩm sang dịch vụ") breaks well: no warning for it.
    assert all(f.card.startswith("card 1") for f in report.findings)


def test_unknown_fields_and_frames_without_a_field_are_all_reported(tmp_path):
    templates = copy_templates(tmp_path / "templates", "flashcard-*-1080x1350.svg")
    front = templates / "flashcard-front-1080x1350.svg"
    text = front.read_text(encoding="utf-8")
    text = text.replace('data-field="heading"', 'data-field="headline"').replace('data-field="source.credit"', 'data-field=""')
    front.write_text(text, encoding="utf-8")
    report = check(BuildOptions(content=DATA / "minimal.yaml", products=("flashcards",), sizes=("social",), templates_dir=templates))
    codes = sorted((f.code, f.file.split("/")[-1]) for f in report.findings)
    assert codes == [("frame-without-field", "flashcard-front-1080x1350.svg"), ("unknown-field", "flashcard-front-1080x1350.svg")]
    assert "unknown field 'headline'" in " ".join(f.message for f in report.findings)


def test_contrast_ratio_matches_wcag():
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast_ratio((0x76, 0x76, 0x76), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)


def test_cli_json_and_exit_codes(tmp_path):
    bad = flashgen("check", "--content", str(SEEDED), "-p", "flashcards", "-s", "social", "--json")
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    data = json.loads(bad.stdout)
    assert data["ok"] is False and data["errors"] == 3 and data["warnings"] == 2
    good = flashgen("check", "--content", str(DATA / "minimal.yaml"), "-p", "flashcards", "-s", "social")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "0 errors" in good.stdout
    assert not (tmp_path / "out").exists()


def test_a_poster_that_cannot_hold_every_item_is_found(tmp_path):
    """35 items as long as the bundled ones do not fit the A3 infographic poster."""
    text = (DATA.parent.parent / "content" / "17-diem-khac-biet.yaml").read_text(encoding="utf-8")
    head, rest = text.split("items:\n", 1)
    items, messages = rest.split("messages:\n", 1)
    blocks = ["  - number:" + block for block in items.split("  - number:")[1:]]
    many = "".join(f"  - number: {n}\n" + blocks[(n - 1) % len(blocks)].split("\n", 1)[1] for n in range(1, 36))
    content = tmp_path / "many.yaml"
    content.write_text(head + "items:\n" + many + "messages:\n" + messages, encoding="utf-8")
    report = check(BuildOptions(content=content, products=("infographic",)))
    assert {(f.code, f.card) for f in report.errors} == {
        ("overflow", "infographic poster (list)"), ("overflow", "infographic poster (comparison)"),
    }


def test_a_slogan_too_long_for_a_banner_is_found_on_each_size_it_does_not_fit(tmp_path):
    """The build stops at such a slogan; check said everything was ready."""
    text = (DATA.parent.parent / "content" / "17-diem-khac-biet.yaml").read_text(encoding="utf-8")
    message = "  - \"Doanh nghiệp công nghệ số chính là hạt nhân của quá trình chuyển đổi số.\""
    assert message in text
    line = text.split("\n").index(message) + 1
    content = tmp_path / "long.yaml"
    content.write_text(text.replace(message, f"  - \"{'Chuyển đổi số là cuộc cách mạng của toàn dân ' * 24}\""), encoding="utf-8")
    report = check(BuildOptions(content=content, products=("banners",)))
    assert report.errors and {(f.code, f.card) for f in report.errors} == {("banner-too-long", "banners")}
    assert all(f"long.yaml, line {line}, message 7:" in f.message for f in report.errors)
    sizes = [f.message.split("'")[1] for f in report.errors]
    assert len(sizes) == len(set(sizes)) >= 2  # each size it does not fit, once
    assert not check(BuildOptions(content=DATA.parent.parent / "content" / "17-diem-khac-biet.yaml",
                                  products=("banners",))).errors


def test_an_item_too_long_for_a_carousel_slide_is_found(tmp_path):
    """The build stopped at it ("item 3 is too long for one 1080 × 1350 slide"); check said everything was ready."""
    text = (DATA.parent.parent / "content" / "17-diem-khac-biet.yaml").read_text(encoding="utf-8")
    head, rest = text.split("  - number: 3\n", 1)
    to_line = next(line for line in rest.split("\n") if line.startswith("    to: "))
    long_to = '    to: "' + " ".join([to_line.removeprefix("    to: ").strip('"')] * 6) + '"'
    content = tmp_path / "long.yaml"
    content.write_text(head + "  - number: 3\n" + rest.replace(to_line, long_to, 1), encoding="utf-8")
    report = check(BuildOptions(content=content, products=("infographic",)))
    line = (head + "  - number: 3\n").count("\n")
    assert report.errors and all(f.code == "overflow" for f in report.errors)
    assert {f.card for f in report.errors} <= {f"infographic carousel ({layout})" for layout in ("list", "comparison")}
    assert all(f.message.startswith(f"{content}, line {line}: item 3 is too long for one 1080 × 1350 slide")
               for f in report.errors)


def test_a_message_that_repeats_the_theme_or_another_message_is_a_warning(tmp_path):
    """The figures example's first message is its theme: two identical images and banners (kept on purpose there)."""
    figures = DATA.parent.parent / "content" / "so-lieu-ngay-cds-2022.yaml"
    report = check(BuildOptions(content=figures, products=("banners",)))
    assert [(f.severity, f.code) for f in report.findings] == [("warning", "repeated-message")]
    assert ", message 1: says the same as the year's theme (line 32)" in report.findings[0].message
    text = figures.read_text(encoding="utf-8")
    second = '  - "Chuyển đổi số giải quyết các vấn đề của xã hội vì một cuộc sống tốt đẹp hơn cho người dân"'
    assert second in text
    content = tmp_path / "again.yaml"  # the second message again, in other case and spacing, with a full stop
    content.write_text(text.replace(second, second + '\n  - "chuyển đổi số giải quyết  các vấn đề của xã hội vì một cuộc '
                                    'sống tốt đẹp hơn cho người dân."'), encoding="utf-8")
    found = [f for f in check(BuildOptions(content=content, products=("banners",))).findings if f.code == "repeated-message"]
    assert [f.card.split(", ")[1] for f in found] == ["message 1", "message 3"]
    assert found[1].message.endswith("line 171, message 3: says the same as line 170, message 2, so the set gets two identical "
                                     "images and banners. Delete one, unless you want both.")
    assert not [f for f in check(BuildOptions(content=DATA.parent.parent / "content" / "17-diem-khac-biet.yaml",
                                              products=("banners",))).findings if f.code == "repeated-message"]
