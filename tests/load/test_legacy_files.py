"""Old Vietnamese encodings in real files: content files saved in TCVN3, VNI or VISCII, mojibake pasted into a
UTF-8 file, `flashgen convert`, `flashgen check`'s findings, and zero false alarms over every bundled text and
the source documents.

Fixtures (tests/data/legacy/): minimal-{tcvn3,vni,viscii}.yaml are tests/data/minimal.yaml saved in each
encoding; pasted-mojibake.yaml is minimal.yaml with three fields pasted from documents in the three encodings.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from flashgen import i18n
from flashgen.check import check
from flashgen.errors import FlashgenError
from flashgen.load.content import Campaign, load_campaign
from flashgen.load.legacy import guess_text, mojibake_words
from flashgen.load.legacycodes import bytes_of_view, encodings
from flashgen.load.legacyconvert import convert_file, describe
from flashgen.load.yamlfile import read_yaml
from flashgen.options import BuildOptions
from tests.conftest import DATA
from tests.merge.test_kinds_cards import _all_text, _composed

LEGACY = DATA / "legacy"
MINIMAL = DATA / "minimal.yaml"
REPO = Path(__file__).resolve().parents[2]
ENCODED = {key: LEGACY / f"minimal-{key}.yaml" for key in ("tcvn3", "vni", "viscii")}


def _words(campaign: Campaign) -> tuple:
    """Every text of the campaign that reaches a card."""
    return (campaign.title, campaign.organisation, campaign.source, campaign.compare, campaign.glossary,
            [(item.heading, item.from_text, item.to_text) for item in campaign.items])


@pytest.mark.parametrize("key", sorted(ENCODED))
def test_file_in_an_old_encoding_is_converted_with_a_warning(key):
    campaign = load_campaign(ENCODED[key])
    assert _words(campaign) == _words(load_campaign(MINIMAL))
    name = encodings()[key].name
    assert campaign.converted_text == (
        f"{ENCODED[key]}: the file is not Unicode (UTF-8) but Vietnamese in the old {name} encoding, lines 3–23; "
        f"flashgen converted it. To convert the file itself once: flashgen convert {ENCODED[key]} NEW-FILE.",
    )
    assert campaign.converted_text[0] in campaign.warnings


def test_pasted_mojibake_is_converted_field_by_field_with_warnings():
    path = LEGACY / "pasted-mojibake.yaml"
    campaign = load_campaign(path)
    assert _words(campaign) == _words(load_campaign(MINIMAL))
    assert sorted(campaign.converted_text, key=lambda w: int(w.split(", line ")[1].split(",")[0])) == [
        f"{path}, line 5, section 'campaign', field 'organisation': the text was typed in the old VISCII "
        "encoding and pasted as Unicode ('Trung tâm Truy«n thông tïnh'); flashgen converted it to "
        "'Trung tâm Truyền thông tỉnh'. Correct the source file too.",
        f"{path}, line 18, item 1 (number 1), field 'heading': the text was typed in the old TCVN3 (ABC, .VnTime) "
        "encoding and pasted as Unicode ('ChuyÓn tõ ®Çu t\u00ad sang thuª'); flashgen converted it to "
        "'Chuyển từ đầu tư sang thuê'. Correct the source file too.",
        f"{path}, line 24, item 2 (number 2), field 'to': the text was typed in the old VNI (VNI-Times) "
        "encoding and pasted as Unicode ('Mua dòch vuï, traû tieàn theo thaùng, t…'); flashgen converted it to "
        "'Mua dịch vụ, trả tiền theo tháng, theo …'. Correct the source file too.",
    ]
    assert not campaign.removed_characters  # TCVN3's "ư" is the soft hyphen's code: converted, not removed


@pytest.mark.parametrize("path", [*ENCODED.values(), LEGACY / "pasted-mojibake.yaml"], ids=lambda p: p.stem)
def test_the_cards_show_the_right_text(path, fonts):
    converted = _composed(load_campaign(path), fonts, sizes=("a6",))
    expected = _composed(load_campaign(MINIMAL), fonts, sizes=("a6",))
    assert converted.keys() == expected.keys()
    for key, root in converted.items():
        assert _all_text(root) == _all_text(expected[key])
    assert "Chuyển từ đầu tư sang thuê" in _all_text(converted[("a6", "front-01")])


def test_check_lists_the_conversions_and_reports_unsure_mojibake(tmp_path):
    report = check(BuildOptions(content=LEGACY / "pasted-mojibake.yaml", products=("flashcards",), sizes=("social",)))
    assert [f.code for f in report.warnings if f.code == "legacy-encoding"] == ["legacy-encoding"] * 3
    assert not report.errors
    # Two tables read this word as Vietnamese about as well: flashgen stops and names both.
    unsure = tmp_path / "unsure.yaml"
    unsure.write_text(MINIMAL.read_text(encoding="utf-8").replace("Công nghệ thông tin", "l\u00f9a g\u00b7 b\u00e1i c\u00f6i"),
                      encoding="utf-8")
    report = check(BuildOptions(content=unsure, products=("flashcards",), sizes=("social",)))
    [finding] = report.errors
    assert finding.code == "mojibake" and finding.field == "from_name"
    assert "section 'compare', field 'from_name': 'lùa g· bái cöi' looks like Vietnamese typed in an old encoding" \
        in finding.message and "TCVN3" in finding.message and "VISCII" in finding.message


def test_unsure_file_names_the_encodings_and_says_not_to_save_as_utf8(tmp_path):
    path = tmp_path / "unsure.yaml"
    path.write_bytes(b'campaign:\n  title: "l\xf9a g\xb7 b\xe1i c\xf6i"\n')
    with pytest.raises(FlashgenError, match=r"unsure\.yaml: the file is not Unicode .*TCVN3.*VISCII.*"
                       r"flashgen convert .*unsure\.yaml NEW-FILE --from .*Do not just save it again as UTF-8") as caught:
        read_yaml(path)
    assert caught.value.code == "legacy-encoding-unsure"


@pytest.mark.parametrize(("data", "expected"), [
    ("café €5 naïve\n".encode("cp1252"), r"bad\.yaml, line 1: the file is not UTF-8 text\. Save it again as UTF-8"),
    ("Hội nghị\n".encode("utf-16"), r"bad\.yaml, line 1: the file is not UTF-8 text \(it is saved as UTF-16\)"),
    ((DATA / "hostile" / "windows-1258.yaml").read_bytes(), r"bad\.yaml, line 3: the file is not UTF-8 text\."),
])
def test_other_files_that_are_not_utf8_keep_their_advice(tmp_path, data, expected):
    path = tmp_path / "bad.yaml"
    path.write_bytes(data)
    with pytest.raises(FlashgenError, match=expected):
        read_yaml(path)


@pytest.mark.parametrize("key", sorted(ENCODED))
def test_convert_writes_a_unicode_copy(tmp_path, key):
    target = tmp_path / "converted.yaml"
    done = convert_file(ENCODED[key], target)
    assert target.read_text(encoding="utf-8").split("\n", 1)[1] == MINIMAL.read_text(encoding="utf-8").split("\n", 1)[1]
    assert [e.key for e in done.encodings] == [key] and done.lines == 13
    assert describe(done) == (f"Converted {ENCODED[key]} from {encodings()[key].name} to Unicode (UTF-8), 13 lines "
                              f"changed: {target}. Check the result.")
    again = tmp_path / "explicit.txt"  # --from given: the same
    convert_file(ENCODED[key], again, key)
    assert again.read_bytes() == target.read_bytes()


def test_convert_mends_pasted_mojibake_line_by_line(tmp_path):
    target = tmp_path / "mended.yaml"
    done = convert_file(LEGACY / "pasted-mojibake.yaml", target)
    assert done.lines == 3 and {e.key for e in done.encodings} == {"tcvn3", "vni", "viscii"}
    assert load_campaign(target).converted_text == ()
    assert _words(load_campaign(target)) == _words(load_campaign(MINIMAL))


@pytest.mark.parametrize(("source", "target", "encoding", "code", "message"), [
    ("minimal-vni.yaml", "minimal-vni.yaml", "auto", "convert-same-file", "does not write over the file it converts"),
    ("minimal-vni.yaml", "out.docx", "auto", "convert-file-type", "works on text files"),
    ("minimal-vni.yaml", "out.yaml", "abc", "convert-unknown-encoding", "--from abc: unknown encoding"),
    (MINIMAL, "out.yaml", "auto", "convert-nothing", "found no Vietnamese text in an old encoding"),
])
def test_convert_refuses(tmp_path, source, target, encoding, code, message):
    source = LEGACY / source if isinstance(source, str) else source
    target_path = LEGACY / target if target == source.name else tmp_path / target
    before = source.read_bytes()
    with pytest.raises(FlashgenError, match=message) as caught:
        convert_file(source, target_path, encoding)
    assert caught.value.code == code
    assert source.read_bytes() == before and not (tmp_path / target).exists()


def _bundled_texts() -> list[Path]:
    """Every text file flashgen ships or was made from, but the encodings' own table (it lists mojibake)."""
    patterns = ("content/**/*", "themes/**/*", "templates/**/*", "*.md", "flashgen/data/*", "tests/data/sources/*")
    found = {p for pattern in patterns for p in REPO.glob(pattern) if p.is_file()}
    texts = []
    for path in sorted(found):
        if path.name == "legacy-encodings.yaml" or path.suffix in (".png", ".ttf", ".otf", ".pdf", ".jpg"):
            continue
        texts.append(path)
    return texts


def test_zero_false_alarms_over_bundled_text_and_source_documents():
    paths = _bundled_texts()
    assert len(paths) > 40 and any("sources" in str(p) for p in paths)
    flagged = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found = guess_text(line)
            if found.certain or found.possible or mojibake_words(line)[0]:
                flagged.append(f"{path}:{number}: {line}")
    assert flagged == []


def test_the_messages_are_in_vietnamese_too():
    try:
        i18n.use_language("vi")
        campaign = load_campaign(LEGACY / "pasted-mojibake.yaml")
        [tcvn3] = [warning for warning in campaign.converted_text if "TCVN3" in warning]
        assert tcvn3.endswith(
            "chữ này được gõ bằng bảng mã cũ TCVN3 (ABC, .VnTime) rồi dán vào dạng Unicode "
            "('ChuyÓn tõ ®Çu t\u00ad sang thuª'); flashgen đã chuyển thành 'Chuyển từ đầu tư sang thuê'. "
            "Hãy sửa cả tệp gốc."
        )
    finally:
        i18n.use_language("en")


def test_convert_command(tmp_path):
    from tests.e2e.test_cli import flashgen

    target = tmp_path / "noi-dung.yaml"
    done = flashgen("convert", str(ENCODED["vni"]), str(target), "--from", "vni")
    assert done.returncode == 0, done.stderr
    assert f"from VNI (VNI-Times) to Unicode (UTF-8), 13 lines changed: {target}" in done.stdout
    refused = flashgen("convert", str(target), str(target))
    assert refused.returncode == 1 and "does not write over the file it converts" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_check_reports_mojibake_among_unicode_that_it_did_not_convert(tmp_path):
    path = tmp_path / "mixed.yaml"
    path.write_text(MINIMAL.read_text(encoding="utf-8").replace(
        "Chuyển từ đầu tư sang thuê", "Kế hoạch ChuyÓn ®æi sè của tỉnh"), encoding="utf-8")
    assert load_campaign(path).items[0].heading == "Kế hoạch ChuyÓn ®æi sè của tỉnh"  # left as it is
    report = check(BuildOptions(content=path, products=("flashcards",), sizes=("social",)))
    [finding] = [f for f in report.warnings if f.code == "mojibake"]
    assert (finding.card, finding.field) == ("line 16, item 1", "heading")
    assert finding.message == (
        f"{path}, line 16, item 1, field 'heading': the words 'ChuyÓn ®æi sè' look like Vietnamese typed in the "
        "old TCVN3 (ABC, .VnTime) encoding and pasted as Unicode (they would read 'Chuyển đổi số'); "
        "flashgen left them as they are. Retype them."
    )
    plain = check(BuildOptions(content=MINIMAL, products=("flashcards",), sizes=("social",)))
    assert not [f for f in plain.findings if f.code in ("mojibake", "legacy-encoding")]


def test_convert_with_from_leaves_lines_that_already_are_vietnamese(tmp_path):
    source = tmp_path / "mixed.txt"
    source.write_text("Tôi có\nChuyÓn ®æi sè\nHội nghị\n", encoding="utf-8")
    convert_file(source, tmp_path / "out.txt", "tcvn3")
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "Tôi có\nChuyển đổi số\nHội nghị\n"


@pytest.mark.parametrize("key", ["tcvn3", "vni"])
def test_csv_content_in_an_old_encoding_is_read_with_a_warning(tmp_path, key):
    from tests.load.test_spreadsheet import CAMPAIGN, ITEMS, write_rows

    unicode_csv = write_rows(tmp_path / "unicode.csv", [*CAMPAIGN, [], *ITEMS], "utf-8")
    legacy_csv = tmp_path / "cu.csv"
    legacy_csv.write_bytes(bytes_of_view(encodings()[key].encode(unicode_csv.read_text(encoding="utf-8"))))
    campaign = load_campaign(legacy_csv)
    assert _words(campaign) == _words(load_campaign(unicode_csv)) and campaign.title == "Chiến dịch thử"
    [warning] = campaign.converted_text
    assert warning.startswith(f"{legacy_csv}: the file is not Unicode (UTF-8) but Vietnamese in the old "
                              f"{encodings()[key].name} encoding")
