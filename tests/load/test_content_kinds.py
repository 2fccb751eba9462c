"""Item kinds and the campaign's own words: the schema's rules, the wording's defaults, and the two
bundled campaigns of the new kinds quoted verbatim from their sources."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from flashgen.errors import FlashgenError
from flashgen.load.content import load_campaign
from flashgen.load.resources import EXAMPLES
from tests.conftest import DATA, write_content

QUALIFIERS = ("hơn", "gần", "khoảng", "trên", "dưới")


def _load(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    return load_campaign(write_content(tmp_path / "content.yaml", text))


def test_kind_is_inferred_from_the_items_fields(tmp_path):
    contrast = _load(tmp_path, 'campaign: {title: "T"}\nitems:\n  - {heading: "H", from: "A", to: "B"}\n')
    figure = _load(tmp_path, 'campaign: {title: "T"}\nitems:\n  - {value: "1.141", label: "tổ"}\n')
    statement = _load(tmp_path, 'campaign: {title: "T"}\nitems:\n  - {heading: "H"}\n')
    assert (contrast.kind, figure.kind, statement.kind) == ("contrast", "figure", "statement")
    assert (contrast.item_label, figure.item_label, statement.item_label) == ("Điểm", "Con số", "Nội dung")


def test_an_item_may_override_the_campaigns_kind(tmp_path):
    campaign = _load(tmp_path, (
        'campaign: {title: "T", kind: statement}\n'
        'items:\n  - {heading: "Nhiệm vụ"}\n  - {kind: figure, qualifier: "hơn", value: "7.534", unit: "thành viên", label: "tham gia"}\n'
    ))
    assert [item.kind for item in campaign.items] == ["statement", "figure"]
    assert campaign.kinds == ("statement", "figure")
    assert campaign.items[1].figure == "hơn 7.534 thành viên"
    assert campaign.items[1].title == "hơn 7.534 thành viên tham gia"
    assert campaign.counter(campaign.items[1]) == "Nội dung 2/2"


@pytest.mark.parametrize(("item", "words"), [
    ('{heading: "H", value: "3"}', ["item 1 (number 1), field 'value'", "statement", "heading, text", "figure"]),
    ('{kind: figure, value: "3", label: "x", from: "A"}', ["field 'from'", "a contrast", "kind: contrast"]),
    ('{kind: contrast, heading: "H", from: "A"}', ["item 1 (number 1)", "field 'to' is missing"]),
    ('{kind: figure, label: "x"}', ["field 'value' is missing"]),
    ('{kind: poster, heading: "H"}', ["field 'kind'", "contrast, statement, figure", "'poster'"]),
])
def test_fields_of_another_kind_or_missing_ones_name_the_item_and_the_fields(tmp_path, item, words):
    with pytest.raises(FlashgenError) as error:
        _load(tmp_path, f'campaign: {{title: "T", kind: statement}}\nitems:\n  - {item}\n')
    for word in words:
        assert word in error.value.message


def test_an_unquoted_figure_is_refused_with_advice(tmp_path):
    with pytest.raises(FlashgenError, match=r'value: \\"1.141\\"|value: "1.141"'):
        _load(tmp_path, 'campaign: {title: "T"}\nitems:\n  - {value: 1.141, label: "tổ"}\n')


@pytest.mark.parametrize(("kind", "name", "heading", "caption"), [
    ("speech", "Bài phát biểu", "TOÀN VĂN BÀI PHÁT BIỂU", "Quét mã để đọc toàn văn bài phát biểu"),
    ("plan", "Kế hoạch", "TOÀN VĂN KẾ HOẠCH", "Quét mã để đọc toàn văn kế hoạch"),
    ("report", "Báo cáo", "TOÀN VĂN BÁO CÁO", "Quét mã để đọc toàn văn báo cáo"),
])
def test_the_source_kind_chooses_the_words(tmp_path, kind, name, heading, caption):
    campaign = _load(tmp_path, f'campaign: {{title: "T"}}\nsource: {{kind: {kind}}}\nitems:\n  - {{heading: "H"}}\n')
    assert (campaign.source.kind_name, campaign.source.qr_heading, campaign.source.qr_caption) == (name, heading, caption)
    assert campaign.source.signer_label == ("Người phát biểu" if kind == "speech" else "Người ký")


def test_the_contents_own_words_win(tmp_path):
    campaign = _load(tmp_path, (
        'campaign: {title: "T", year: 2024, item_label: "Đột phá", theme_label: "Khẩu hiệu"}\n'
        'source: {kind: decision, kind_label: "Nghị quyết", qr_caption: "Quét mã"}\nitems:\n  - {heading: "H"}\n'
    ))
    values = campaign.values_for(campaign.items[0])
    assert values["item_label_caps"] == "ĐỘT PHÁ" and values["campaign.series"] == "1 ĐỘT PHÁ"
    assert values["source.kind_name"] == "Nghị quyết" and values["source.qr_heading"] == "TOÀN VĂN NGHỊ QUYẾT"
    assert values["source.qr_caption"] == "Quét mã" and values["campaign.theme_label"] == "Khẩu hiệu"


def test_the_theme_label_follows_the_year(tmp_path):
    with_year = _load(tmp_path, 'campaign: {title: "T", year: 2025, theme: "X"}\nitems:\n  - {heading: "H"}\n')
    without = _load(tmp_path, 'campaign: {title: "T", theme: "X"}\nitems:\n  - {heading: "H"}\n')
    assert with_year.theme_values()["message_label"] == "CHỦ ĐỀ NĂM 2025"
    assert without.theme_values()["message_label"] == "CHỦ ĐỀ"


def test_an_unknown_source_kind_is_an_error(tmp_path):
    with pytest.raises(FlashgenError, match="section 'source', field 'kind'.*speech, plan, report"):
        _load(tmp_path, 'campaign: {title: "T"}\nsource: {kind: speach}\nitems:\n  - {heading: "H"}\n')


def test_the_organisation_is_given_once(tmp_path):
    from dataclasses import replace

    campaign = _load(tmp_path, 'campaign: {title: "T"}\nitems:\n  - {heading: "H"}\n')
    branded = replace(campaign, branding=(("theme.organisation", "Trung tâm Truyền thông tỉnh"),))
    assert branded.campaign_values()["campaign.organisation"] == "Trung tâm Truyền thông tỉnh"
    named = replace(campaign, organisation="Sở TT&TT", branding=(("theme.organisation", ""),))
    assert named.campaign_values()["theme.organisation"] == "Sở TT&TT"


# --- the bundled campaigns of the new kinds, against their sources -----------------------------

def _source(name: str) -> str:
    text = unicodedata.normalize("NFC", (DATA / "sources" / name).read_text(encoding="utf-8"))
    text = re.sub(r"\s+", " ", text).replace("*", "")  # joins the page-break splits; italics of the conversion
    return re.sub(r"<(https?://[^>\s]+)>", r"\1", text)


def test_the_plans_contents_and_messages_are_verbatim():
    campaign = load_campaign(EXAMPLES["statements"])
    source = _source("000_9c325b04a837815e.txt").replace("giá trị mới;", "giá trị mới”;")  # the quote it leaves open
    assert campaign.kind == "statement" and len(campaign.items) == 9 and len(campaign.messages) == 9
    assert campaign.source.kind == "plan" and not campaign.source.url and not campaign.source.speaker
    for item in campaign.items:
        assert item.heading in source, item.number
        assert item.text in source, item.number
        assert not item.text or item.text.startswith(item.heading)
    for message in campaign.messages:
        assert message in source


def test_the_reports_figures_keep_their_qualifiers():
    campaign = load_campaign(EXAMPLES["figures"])
    source = _source("003_0ef7373e88291b2b.txt")
    assert campaign.kind == "figure" and len(campaign.items) >= 8 and campaign.source.kind == "report"
    figures = {item.value: item for item in campaign.items}
    assert figures["7.534"].qualifier == "hơn"
    for item in campaign.items:
        assert " ".join(filter(None, (item.qualifier, item.value))) in source, item.number
        assert item.text in source, item.number
        if item.text:  # the report's word before the figure, if a qualifier, is never dropped
            before = item.text.split(item.value)[0].split()
            assert item.qualifier or not before or before[-1] not in QUALIFIERS, item.number
