"""Text a font cannot draw: one check (load.fonts.missing_glyphs_message), the same message in every document."""

from __future__ import annotations

import dataclasses

import pytest

from flashgen.documents.booklet import build_booklet
from flashgen.documents.infographic import poster_svg
from flashgen.documents.leaflet import build_leaflet
from flashgen.errors import FlashgenError
from flashgen.load.content import Campaign
from flashgen.load.fonts import FontBook, missing_glyphs_message
from flashgen.text.wordbreak import WordBreaker


@pytest.fixture(scope="module")
def face(fonts: FontBook):
    return fonts.resolve("Be Vietnam Pro", 800)


def test_text_the_font_draws_gives_no_message(face) -> None:
    assert missing_glyphs_message(face, "Chuyển đổi số: NGƯỜI DÂN là trung tâm\n") is None
    assert missing_glyphs_message(face, "") is None


def test_the_message_names_the_font_and_each_missing_character_once(face) -> None:
    message = missing_glyphs_message(face, "Xin chào 😀 ★ 😀")
    assert message == (
        "the font 'Be Vietnam Pro' weight 800 has no glyph for '★' (U+2605), '😀' (U+1F600). "
        "Remove or replace these characters."
    )


def test_the_message_can_name_the_document_using_the_font(face) -> None:
    message = missing_glyphs_message(face, "★", user="leaflet")
    assert message is not None and message.startswith("the leaflet font 'Be Vietnam Pro' weight 800 ")


def with_heading(campaign: Campaign, heading: str) -> Campaign:
    first = dataclasses.replace(campaign.items[0], heading=heading)
    return dataclasses.replace(campaign, items=(first, *campaign.items[1:]))


@pytest.mark.parametrize(("document", "make"), [
    ("booklet", lambda campaign, fonts: build_booklet(campaign, fonts)),
    ("leaflet", lambda campaign, fonts: build_leaflet(campaign, fonts)),
    ("", lambda campaign, fonts: poster_svg(campaign, fonts, WordBreaker.for_glossary(campaign.glossary), "list")),
])
def test_every_document_names_the_file_item_field_and_character(campaign: Campaign, fonts: FontBook, document: str,
                                                                 make) -> None:
    with pytest.raises(FlashgenError) as error:
        make(with_heading(campaign, "Chuyển đổi số ★"), fonts)
    message = error.value.message
    assert str(campaign.path) in message and "item 1, field 'heading'" in message
    font = f"the {document} font" if document else "the font"
    assert f"{font} 'Be Vietnam Pro' weight" in message
    assert message.endswith("has no glyph for '★' (U+2605). Remove or replace these characters.")
