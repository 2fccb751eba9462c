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
