"""The message catalogues: compiled and current, and the language switch."""

from __future__ import annotations

import importlib.machinery
import importlib.util
from pathlib import Path

import pytest

from flashgen import i18n

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def _compiler():
    loader = importlib.machinery.SourceFileLoader("compile_messages", str(SCRIPTS / "compile-messages"))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return module


@pytest.mark.parametrize("po_file", sorted(i18n.LOCALE_DIR.glob("*/LC_MESSAGES/*.po")), ids=lambda p: p.name)
def test_every_compiled_catalogue_is_current(po_file: Path) -> None:
    mo_file = po_file.with_suffix(".mo")
    assert mo_file.exists(), f"run scripts/compile-messages: {mo_file.name} is missing"
    assert mo_file.read_bytes() == _compiler().compiled(po_file), f"run scripts/compile-messages: {mo_file.name} is stale"


def test_vietnamese_by_default_and_english_on_request(monkeypatch: pytest.MonkeyPatch) -> None:
    before = i18n.current_language()
    monkeypatch.delenv(i18n.LANGUAGE_VARIABLE, raising=False)
    try:
        assert i18n.use_language() == "vi"
        assert i18n._("Print flashgen's version.") == "In số phiên bản của flashgen."
        assert i18n.use_language("en") == "en"
        assert i18n._("Print flashgen's version.") == "Print flashgen's version."
        monkeypatch.setenv(i18n.LANGUAGE_VARIABLE, "en_GB.UTF-8")
        assert i18n.use_language() == "en"
        assert i18n.use_language("klingon") == "en", "an unknown name falls back to the environment's choice"
    finally:
        i18n.use_language(before)


@pytest.fixture
def vietnamese():
    before = i18n.current_language()
    i18n.use_language("vi")
    yield
    i18n.use_language(before)


def test_numbers_are_grouped_as_the_language_groups_them(vietnamese) -> None:
    # In Vietnamese the comma is the decimal mark: "vượt quá 10,000" reads as "more than ten".
    assert i18n._("{count:,} characters").format(count=199_999) == "199.999 ký tự"
    assert i18n._("{size:,} bytes").format(size=1_048_576) == "1.048.576 byte"
    assert i18n.grouped(500_000) == "500.000"
    assert i18n.Message("{:,.1f} m").format(1234.5) == "1.234,5 m"
    # Only grouped numbers: a decimal without grouping is a value to type back into a file, and keeps its point.
    assert i18n.Message("{size:g} mm, năm {year}").format(size=5.2, year=2023) == "5.2 mm, năm 2023"
    i18n.use_language("en")
    assert i18n._("{count:,} characters").format(count=199_999) == "199,999 characters"
    assert i18n.grouped(500_000) == "500,000"


def test_a_limit_message_says_its_numbers_the_vietnamese_way(vietnamese, tmp_path: Path) -> None:
    import yaml

    from flashgen.errors import FlashgenError
    from flashgen.load.content import load_campaign

    bundled = Path(__file__).resolve().parent.parent / "content" / "17-diem-khac-biet.yaml"
    document = yaml.safe_load(bundled.read_text(encoding="utf-8"))
    document["items"][1]["text"] = "người dân " * 1_234 + "số"  # 12,342 characters
    content = tmp_path / "content.yaml"
    content.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    with pytest.raises(FlashgenError) as raised:
        load_campaign(content)
    message = str(raised.value)
    assert "đoạn chữ quá dài: 12.342 ký tự, vượt quá 10.000 (giới hạn `max_field_chars`" in message, message
