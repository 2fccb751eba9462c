"""Banners at real size: exact page sizes, vector text, no series counter, words whole, safe margins."""

from __future__ import annotations

import io
import math
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pikepdf
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from flashgen import i18n
from flashgen.documents.banner import (
    Slogan,
    banner_pdf,
    banner_pdfs,
    banner_table,
    read_banner_table,
    slogans,
    user_unit,
)
from flashgen.errors import FlashgenError
from flashgen.load.content import load_campaign
from flashgen.load.theme import default_theme
from flashgen.pdf.kit import MM, DocInfo, Look, splits_in
from flashgen.text.wordbreak import WordBreaker

PLAN = Path(__file__).resolve().parents[2] / "content" / "ke-hoach-truyen-thong-2023.yaml"
INFO = DocInfo("Băng rôn", "Sở TT&TT", "Chuyển đổi số", "")


@pytest.fixture(scope="module")
def plan():
    return load_campaign(PLAN)


@pytest.fixture(scope="module")
def breaker(plan):
    return WordBreaker.for_glossary(plan.glossary)


@pytest.fixture(scope="module")
def banners(plan, fonts, breaker) -> dict[str, bytes]:
    return dict(banner_pdfs(plan, fonts, default_theme(), breaker))


def _text(data: bytes, tmp_path: Path, *options: str) -> str:
    path = tmp_path / "banner.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_one_banner_per_message_and_theme_at_every_size(plan, banners):
    expected = {f"banners/{size.name}/{slogan.slug}.pdf" for size in banner_table().sizes for slogan in slogans(plan)}
    assert set(banners) == expected
    assert len(slogans(plan)) == len(plan.messages) + 1


def test_every_banner_is_its_exact_size_in_points_with_its_bleed_within_the_pdf_page_limit(banners):
    bleed = banner_table().bleed_mm * MM
    assert bleed == pytest.approx(3 * MM)
    for size in banner_table().sizes:
        with pikepdf.open(io.BytesIO(banners[f"banners/{size.name}/theme.pdf"])) as pdf:
            page = pdf.pages[0]
            unit = float(page.obj.get("/UserUnit", 1))
            media = [float(v) * unit for v in page.mediabox]
            trim = [float(v) * unit for v in page.trimbox]
            assert max(media) <= 14_400 * unit
            assert [float(v) * unit for v in page.bleedbox] == pytest.approx(media)
            assert trim[2] - trim[0] == pytest.approx(size.width_mm * MM, abs=0.01)
            assert trim[3] - trim[1] == pytest.approx(size.height_mm * MM, abs=0.01)
            assert [trim[0] - media[0], trim[1] - media[1], media[2] - trim[2], media[3] - trim[3]] == pytest.approx(
                [bleed] * 4, abs=0.01)


def test_a_six_metre_banner_uses_a_user_unit():
    assert user_unit(6000 * MM, 1200 * MM) == 2
    assert user_unit(5000 * MM, 800 * MM) == 1


def test_the_text_is_vector_and_says_the_message_without_a_series_counter(plan, banners, tmp_path):
    for number, message in enumerate(plan.messages, start=1):
        text = _text(banners[f"banners/80x500/message-{number:02d}.pdf"], tmp_path)
        assert " ".join(text.split()) == message
        assert "THÔNG ĐIỆP" not in text.upper() and not re.search(r"\d+/\d+", text)


def test_the_theme_banner_shows_the_label_and_the_theme(plan, banners, tmp_path):
    text = " ".join(_text(banners["banners/75x450/theme.pdf"], tmp_path).split())
    assert text == f"{plan.theme_label} {plan.theme}"


def test_no_line_breaks_a_word(plan, banners, breaker, tmp_path):
    for size in banner_table().sizes:
        for number in range(1, len(plan.messages) + 1):
            lines = [line for line in _text(banners[f"banners/{size.name}/message-{number:02d}.pdf"], tmp_path).splitlines()
                     if line.strip()]
            assert splits_in(lines, breaker) == 0, (size.name, lines)


def test_words_stay_inside_the_safe_margin(banners, tmp_path):
    table = banner_table()
    for name in ("80x500", "80x400", "standee-80x200"):
        size = next(s for s in table.sizes if s.name == name)
        html = _text(banners[f"banners/{name}/message-02.pdf"], tmp_path, "-bbox")
        boxes = [tuple(map(float, found)) for found in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', html)]
        assert boxes
        safe, bleed = table.safe_mm * MM, table.bleed_mm * MM
        ends = max(safe, (size.ends_mm or 0.0) * MM)
        bottom = (size.height_mm - size.hidden_bottom_mm) * MM - safe
        for x0, y0, x1, y1 in ((x0 - bleed, y0 - bleed, x1 - bleed, y1 - bleed) for x0, y0, x1, y1 in boxes):
            assert x0 >= ends - 1 and x1 <= size.width_mm * MM - ends + 1 and y0 >= safe - 1 and y1 <= bottom + 1


def test_qpdf_finds_no_error(banners, tmp_path):
    for path in ("banners/80x500/message-01.pdf", "banners/120x600/theme.pdf"):
        (tmp_path / "b.pdf").write_bytes(banners[path])
        subprocess.run(["qpdf", "--check", str(tmp_path / "b.pdf")], capture_output=True, check=True)


def test_the_same_campaign_gives_the_same_bytes(plan, fonts, breaker, banners):
    size = banner_table().sizes[0]
    again = dict(banner_pdfs(plan, fonts, default_theme(), breaker, (size,)))
    assert all(banners[path] == data for path, data in again.items())


def test_a_slogan_too_long_for_the_street_stops_with_a_message(fonts, breaker):
    table = banner_table()
    standee = next(s for s in table.sizes if s.portrait)
    long = Slogan("message-01", "Chuyển đổi số " * 60, where="content.yaml, messages, entry 1")
    with pytest.raises(FlashgenError) as caught:
        banner_pdf(long, standee, table, Look(fonts, default_theme()), breaker, INFO)
    assert caught.value.code == "banner-too-long"
    assert "content.yaml, messages, entry 1" in caught.value.message


def test_a_campaign_without_messages_or_theme_has_no_banner(plan):
    assert slogans(replace(plan, messages=(), theme="")) == []


def test_eyelet_marks_only_on_sizes_that_ask_for_them(plan, fonts, breaker):
    table = banner_table()
    size = table.sizes[0]
    look, slogan = Look(fonts, default_theme()), slogans(plan)[0]
    with_marks = banner_pdf(slogan, size, table, look, breaker, INFO)
    without = banner_pdf(slogan, replace(size, eyelets=False), table, look, breaker, INFO)

    def content(data: bytes) -> bytes:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return pdf.pages[0].obj.Contents.read_bytes()

    assert content(with_marks).count(b" c\n") > content(without).count(b" c\n")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(["width_mm", "height_mm", "hidden_bottom_mm", "ends_mm", "label", "eyelets"]),
                       st.one_of(st.integers(-5, 9000), st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=5), st.none(),
                                 st.booleans())))
def test_the_banner_table_reader_accepts_good_sizes_and_names_bad_ones(tmp_path, block):
    document = {"medium": "banner-print", "safe_mm": 50, "bleed_mm": 3, "line_height": 1.25,
                "eyelet": {"spacing_mm": 500, "inset_mm": 25, "diameter_mm": 12}, "sizes": {"x": block}}
    path = tmp_path / "banners.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    try:
        table = read_banner_table(path)
    except FlashgenError as exc:
        assert str(path) in exc.message and exc.code == "banner-data"
        return
    (size,) = table.sizes
    assert 0 < size.width_mm < math.inf and 0 < size.height_mm < math.inf
    assert 0 <= size.hidden_bottom_mm < size.height_mm
    assert size.ends_mm is None or 0 <= 2 * size.ends_mm < size.width_mm


def test_the_message_for_a_slogan_too_long_reads_in_vietnamese(fonts, breaker):
    table = banner_table()
    standee = next(s for s in table.sizes if s.portrait)
    long = Slogan("theme", "Dữ liệu số " * 80, where="a.yaml, campaign, field 'theme'")
    i18n.use_language("vi")
    try:
        with pytest.raises(FlashgenError) as caught:
            banner_pdf(long, standee, table, Look(fonts, default_theme()), breaker, INFO)
    finally:
        i18n.use_language("en")
    assert caught.value.message.startswith("a.yaml, campaign, field 'theme': khẩu hiệu không vừa 'Standee cuốn 0,8 × 2 m'")
    assert "200 pt" in caught.value.message


def test_a_character_the_font_cannot_draw_is_named_not_printed_as_a_box(fonts, breaker):
    table = banner_table()
    odd = Slogan("message-02", "Chuyển đổi số ǂ", where="content.yaml, messages, entry 2")
    with pytest.raises(FlashgenError) as caught:
        banner_pdf(odd, table.sizes[0], table, Look(fonts, default_theme()), breaker, INFO)
    assert caught.value.code == "banner-glyphs"
    assert "content.yaml, messages, entry 2" in caught.value.message and "U+01C2" in caught.value.message


def test_the_led_banner_image_has_no_series_counter_and_keeps_four_percent_at_its_ends():
    template = (Path(__file__).resolve().parents[2] / "templates" / "svg" / "social-message-banner.svg").read_text(encoding="utf-8")
    assert "message_label" not in template and "message_number" not in template  # message_tag: the theme's label only
    frame = etree.fromstring(template.encode("utf-8")).find(".//{http://www.w3.org/2000/svg}rect[@id='message-frame']")
    assert float(frame.get("x")) >= 120 and float(frame.get("x")) + float(frame.get("width")) <= 3000 - 120


def test_a_slogan_names_where_it_comes_from_in_the_reader_s_language(plan):
    """An error about a banner names the content line of its message (it said "messages, entry 7" in English)."""
    lines = PLAN.read_text(encoding="utf-8").split("\n")
    found = slogans(plan)
    message = found[0]
    assert lines[plan.message_lines[0] - 1].strip().startswith("- ") and plan.messages[0][:20] in lines[plan.message_lines[0] - 1]
    assert message.where == f"{plan.path}, line {plan.message_lines[0]}, message 1"
    assert found[-1].slug == "theme" and found[-1].where == f"{plan.path}, line {plan.theme_line}, the year's theme"
    assert "theme:" in lines[plan.theme_line - 1]
    i18n.use_language("vi")
    try:
        assert slogans(plan)[0].where == f"{plan.path}, dòng {plan.message_lines[0]}, thông điệp 1"
        assert slogans(plan)[-1].where.endswith(", chủ đề của năm")
    finally:
        i18n.use_language("en")
