"""Limits: defaults, the `limits:` section of flashgen.yaml, and the readers that apply them."""

from __future__ import annotations

import re
from dataclasses import asdict

import pytest

from flashgen.errors import FlashgenError
from flashgen.load.content import load_campaign
from flashgen.load.limits import Limits
from flashgen.load.presets import load_presets
from flashgen.load.template import load_template
from flashgen.load.yamlfile import read_yaml
from tests.conftest import DATA, write_content

SOCIAL = load_presets().card_sizes["social"]


def _limits_section(tmp_path, text: str) -> Limits:
    path = write_content(tmp_path / "flashgen.yaml", text)
    return Limits.from_mapping(read_yaml(path).get("limits"), path)


def test_defaults_are_generous_for_real_campaigns():
    limits = Limits()
    assert limits.max_items >= 1000 and limits.max_field_chars >= 5000
    assert limits.max_yaml_depth >= 10 and limits.max_template_elements >= 10_000


def test_a_limits_section_raises_some_limits_and_keeps_the_others(tmp_path):
    limits = _limits_section(tmp_path, "limits:\n  max_items: 20_000\n  max_field_chars: 50000\n")
    assert limits == Limits(max_items=20_000, max_field_chars=50_000)
    assert _limits_section(tmp_path, "limits:\n") == Limits()
    assert Limits.from_mapping({}, tmp_path / "flashgen.yaml") == Limits()


@pytest.mark.parametrize(("text", "expected"), [
    ("limits:\n  max_item: 5000\n", r"flashgen\.yaml, line 2, section 'limits': unknown limit 'max_item'; the limits are: max_content_bytes, max_items"),
    ("limits:\n  max_items: lots\n", r"flashgen\.yaml, line 2, section 'limits', 'max_items': expected a whole number from 1 to 1,000,000,000, such as 2000"),
    ("limits:\n  max_items: 0\n", r"line 2, section 'limits', 'max_items': expected a whole number from 1 to 1,000,000,000"),
    ("limits:\n  max_items: 1.5\n", r"'max_items': expected a whole number from 1 to 1,000,000,000"),
    ("limits:\n  max_items: true\n", r"'max_items': expected a whole number from 1 to 1,000,000,000"),
    ("limits:\n  max_items: [1]\n", r"'max_items': expected a whole number from 1 to 1,000,000,000"),
    ("limits:\n  max_items: 10000000000\n", r"'max_items': expected a whole number from 1 to 1,000,000,000, such as 2000"),
    ("limits:\n  max_yaml_depth: 5000\n", r"'max_yaml_depth': expected a whole number from 1 to 100, such as 50"),
    ("limits:\n  max_items: 1" + "0" * 5000 + "\n",
     r"flashgen\.yaml, line 2, column 14: the number 10000000000000000000… \(5,001 characters\) is too long: "
     r"numbers here have at most 18 digits\."),
    ("limits: 5\n", r"flashgen\.yaml, section 'limits': expected 'name: number' lines"),
    ("limits: [max_items]\n", r"flashgen\.yaml, section 'limits': expected 'name: number' lines"),
])
def test_a_wrong_limits_section_names_the_file_and_key(tmp_path, text, expected):
    with pytest.raises(FlashgenError, match=expected):
        _limits_section(tmp_path, text)


def test_the_item_limit_counts_items(tmp_path):
    content = DATA / "minimal.yaml"
    assert len(load_campaign(content, Limits(max_items=2)).items) == 2
    with pytest.raises(FlashgenError, match=r"minimal\.yaml, line 16, field 'items': too many items: the file has 2 items, "
                       r"more than 1 \(limit `max_items` in flashgen\.yaml; if the file is right, raise it there under `limits:`\)\."):
        load_campaign(content, Limits(max_items=1))


def test_the_field_limit_counts_characters_after_cleaning(tmp_path):
    content = DATA / "minimal.yaml"
    longest = max(len(i.from_text) for i in load_campaign(content).items)
    assert load_campaign(content, Limits(max_field_chars=longest))
    with pytest.raises(FlashgenError, match=rf"field 'from': the text is too long: {longest} characters, more than {longest - 1} "
                       r"\(limit `max_field_chars`"):
        load_campaign(content, Limits(max_field_chars=longest - 1))


@pytest.mark.parametrize(("limits", "expected"), [
    (Limits(max_content_bytes=100), r"minimal\.yaml: the file is too large: \d{3},?\d* bytes, more than 100 \(limit `max_content_bytes`"),
    (Limits(max_yaml_depth=2), r"minimal\.yaml, line 3, column 3: blocks and lists are nested too deep, more than 2 \(limit `max_yaml_depth`"),
    (Limits(max_yaml_values=20), r"minimal\.yaml, line 11, column 13: the file holds too many values, "
     r"more than 20 \(limit `max_yaml_values`"),
])
def test_yaml_limits(limits, expected):
    with pytest.raises(FlashgenError, match=expected):
        read_yaml(DATA / "minimal.yaml", limits)


def test_aliases_count_as_copies(tmp_path):
    # 1 mapping + 2 keys + a (1 list + 3 numbers) + b (1 list + 3 copies of a) = 20 values
    path = write_content(tmp_path / "aliases.yaml", "a: &a [1, 2, 3]\nb: [*a, *a, *a]\n")
    assert read_yaml(path, Limits(max_yaml_values=20)) == {"a": [1, 2, 3], "b": [[1, 2, 3]] * 3}
    with pytest.raises(FlashgenError, match=r"more than 19 \(limit `max_yaml_values`"):
        read_yaml(path, Limits(max_yaml_values=19))


@pytest.mark.parametrize(("limits", "expected"), [
    (Limits(max_template_bytes=1000), r"inkscape-front\.svg: the file is too large: \d,\d{3} bytes, more than 1,000 \(limit `max_template_bytes`"),
    (Limits(max_template_elements=5), r"inkscape-front\.svg: it has too many elements: 9, more than 5 \(limit `max_template_elements`"),
])
def test_template_limits(fonts, campaign, limits, expected):
    path = DATA / "templates" / "inkscape-front.svg"
    assert load_template(path, SOCIAL, fonts, campaign.field_names(), limits=Limits()).frames
    with pytest.raises(FlashgenError, match=expected):
        load_template(path, SOCIAL, fonts, campaign.field_names(), limits=limits)


def test_a_1000_item_campaign_with_long_paragraphs_is_within_the_defaults(tmp_path):
    paragraph = "Chuyển đổi số là thay đổi cách làm việc, không chỉ là mua thêm máy móc. " * 10
    text = DATA.joinpath("minimal.yaml").read_text(encoding="utf-8").split("items:")[0] + "items:\n" + "".join(
        f'  - number: {n}\n    heading: "Điểm {n}"\n    text: "{paragraph}"\n    from: "Cũ."\n    to: "Mới."\n'
        for n in range(1, 1001)
    )
    campaign = load_campaign(write_content(tmp_path / "big.yaml", text))
    assert len(campaign.items) == 1000 and len(campaign.items[-1].text) > 700


def test_the_readme_lists_every_limit_with_its_default():
    readme = (DATA.parent.parent / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(max_\w+)` \| ([\d,]+) \|", readme, flags=re.MULTILINE))
    assert {name: int(value.replace(",", "")) for name, value in rows.items()} == asdict(Limits())
