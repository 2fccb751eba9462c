"""The page's words: every key the page uses is in flashgen/app/words.py, every text has its Vietnamese with the
same {placeholders}, and the page loads nothing from outside (no CDN: it works offline)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from flashgen import i18n
from flashgen.app.words import WORDS

STATIC = Path(__file__).resolve().parents[2] / "flashgen" / "app" / "static"
SAME_IN_BOTH = {"Logo"}  # words Vietnamese borrows as they are


def page_sources() -> str:
    return "".join(path.read_text(encoding="utf-8") for path in sorted(STATIC.glob("*.js")) + [STATIC / "index.html"])


def test_every_word_the_page_uses_is_in_words_py() -> None:
    source = page_sources()
    used = set(re.findall(r'\bt\("([a-z_]+)"', source)) | set(re.findall(r'data-w(?:-title)?="([a-z_]+)"', source))
    assert used and used <= set(WORDS), sorted(used - set(WORDS))


def test_the_page_has_no_english_of_its_own() -> None:
    """Text nodes of index.html are empty: the words come from /api/words (the brand name aside)."""
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    body = re.sub(r"<!--.*?-->", "", html.split("<body>", 1)[1], flags=re.S)
    texts = {text.strip() for text in re.findall(r">([^<]+)<", body)} - {"", "flashgen", "×", "…", "1", "2", "3"}
    assert texts == set()


@pytest.fixture
def vietnamese():
    i18n.use_language("vi")
    yield
    i18n.use_language("en")


def test_every_word_has_its_vietnamese_with_the_same_placeholders(vietnamese: None) -> None:
    for key, english in WORDS.items():
        vietnamese_text = i18n._(english)
        assert vietnamese_text != english or english in SAME_IN_BOTH, key
        assert sorted(re.findall(r"\{\w+\}", vietnamese_text)) == sorted(re.findall(r"\{\w+\}", english)), key


def test_nothing_is_loaded_from_outside() -> None:
    for path in sorted(STATIC.glob("*.*")):
        if path.suffix in (".js", ".css", ".html"):
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"""(src|href|url)\s*[=(]\s*["']?(https?:)?//""", text), path.name
