"""Content loading: the bundled 17 points are the official text, and bad files fail clearly."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from flashgen.errors import FlashgenError
from flashgen.load.content import load_campaign
from tests.conftest import DATA, write_content

SOURCES = sorted((DATA / "sources").glob("*.txt"))
# The two source copies differ only by these typos; the correct spelling is the reference.
TYPO_FIXES = {"phần kê toán": "phần kế toán", "giám\n\nđộc": "giám đốc", "giám độc": "giám đốc"}


def _source_text() -> str:
    texts = []
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        for wrong, right in TYPO_FIXES.items():
            text = text.replace(wrong, right)
        texts.append(re.sub(r"\s+", " ", text))
    return "\n".join(texts)


def test_bundled_campaign_has_the_17_points_in_order(campaign):
    assert [item.number for item in campaign.items] == list(range(1, 18))
    assert len(campaign.messages) == 9
    assert campaign.year == 2023
    assert "488/STTTT-CNTT" in campaign.source.letter
    assert campaign.source.url.startswith("https://mic.gov.vn/")


def test_headings_and_paragraphs_are_verbatim(campaign):
    source = _source_text()
    for item in campaign.items:
        assert f"{item.number}. *{item.heading}.* {item.text}" in source, item.number


def test_messages_and_theme_are_verbatim(campaign):
    source = _source_text()
    for message in campaign.messages:
        assert message in source
    assert campaign.theme in source


def test_typos_of_the_sources_are_corrected(campaign):
    texts = " ".join(item.text for item in campaign.items)
    assert "kê toán" not in texts and "giám độc" not in texts
    assert "phần kế toán chi phí" in texts and "giám đốc công nghệ thông tin" in texts


def test_card_lines_are_short_summaries(campaign):
    for item in campaign.items:
        for line in (item.from_text, item.to_text):
            assert 12 <= len(line.split()) <= 25, (item.number, line)
            assert not line.startswith(("CNTT", "CĐS", "“", '"'))


def test_all_text_is_nfc(campaign):
    strings = [campaign.title, campaign.theme, *campaign.messages, *campaign.glossary]
    for item in campaign.items:
        strings += [item.heading, item.text, item.from_text, item.to_text]
    assert all(unicodedata.is_normalized("NFC", s) for s in strings)


def test_nfd_input_is_normalised(tmp_path):
    nfd = unicodedata.normalize("NFD", (DATA / "minimal.yaml").read_text(encoding="utf-8"))
    campaign = load_campaign(write_content(tmp_path / "nfd.yaml", nfd))
    assert campaign.items[0].heading == "Chuyển từ đầu tư sang thuê"
    assert unicodedata.is_normalized("NFC", campaign.items[1].to_text)


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    assert old in text
    return write_content(tmp_path / "broken.yaml", text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('    heading: "Chuyển từ sản phẩm sang dịch vụ"\n', "", r"broken\.yaml, line 20, item 2 \(number 2\): the field 'heading' is missing"),
        ('heading: "Chuyển từ đầu tư sang thuê"', "heading: [a, b]", r"line 17, item 1 \(number 1\), field 'heading': expected text"),
        ("number: 2", "number: hai", r"line 20, item 2, field 'number': expected a whole number"),
        ("number: 2", "number: 1", r"item 2: number 1 is already used by item 1"),
        ("year: 2023", "year: năm nay", r"field 'year': expected a year"),
        ('title: "Hai điểm thử nghiệm"', 'title: ""', r"field 'title': the text is empty"),
        ("  - number: 1\n", "  - number: 1\n   bad: [\n", r"broken\.yaml, line \d+, column \d+"),
        ('  year: 2023\n', '  year: 2023\n  year: 2024\n', r"line 6, column 3: the key 'year' appears twice"),
    ],
)
def test_bad_content_names_file_line_item_and_field(tmp_path, old, new, expected):
    with pytest.raises(FlashgenError, match=expected):
        load_campaign(_broken(tmp_path, old, new))


def test_empty_items_is_an_error(tmp_path):
    path = write_content(tmp_path / "empty.yaml", 'campaign:\n  title: "X"\nitems: []\n')
    with pytest.raises(FlashgenError, match=r"empty\.yaml, line 3, field 'items': the content needs a non-empty list"):
        load_campaign(path)


def test_not_utf8_is_an_error(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes((DATA / "minimal.yaml").read_text(encoding="utf-8").encode("utf-16"))
    with pytest.raises(FlashgenError, match=r"latin1\.yaml, line 1: the file is not UTF-8 text"):
        load_campaign(path)


def test_missing_file_is_an_error(tmp_path):
    with pytest.raises(FlashgenError, match=r"nothere\.yaml: file not found"):
        load_campaign(tmp_path / "nothere.yaml")


def test_unknown_fields_are_warnings(tmp_path):
    campaign = load_campaign(_broken(tmp_path, "    from: \"Mua phần cứng", "    colour: red\n    from: \"Mua phần cứng"))
    assert len(campaign.warnings) == 1
    assert "item 2 (number 2): unknown field 'colour' is ignored" in campaign.warnings[0]


def test_values_for_a_card(campaign):
    values = campaign.values_for(campaign.items[2])
    assert values["number"] == "3" and values["number_padded"] == "03" and values["count"] == "17"
    assert values["from"] == campaign.items[2].from_text
    assert values["compare.to_label"] == "CĐS"
    assert values["source.credit"].startswith("Nguồn:")
