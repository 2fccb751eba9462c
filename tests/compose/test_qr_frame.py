"""A template's QR frame (compose/card.py): a field too long for a QR code is refused naming the card, the field
and the frame, under the same code as a content link too long (``qr-too-long``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from flashgen.compose import card as card_module
from flashgen.errors import FlashgenError
from flashgen.load.limits import MAX_QR_BYTES
from flashgen.load.presets import load_presets
from flashgen.load.resources import TEMPLATES_DIR
from flashgen.load.template import load_template
from flashgen.merge.cards import MergedCard


@pytest.mark.parametrize("extra, refused", [(0, False), (1, True)])
def test_a_field_too_long_for_its_qr_frame_is_named(fonts, campaign, extra, refused):
    shape = load_presets().platforms["facebook-square"].shape
    template = load_template(TEMPLATES_DIR / "social-closing-square.svg", shape, fonts, campaign.field_names())
    (frame,) = template.qr_frames
    value = "https://example.com/" + "x" * (MAX_QR_BYTES - 20 + extra)
    card = MergedCard("album-14-closing", "the closing image", shape, template, Path("c.yaml"), 12,
                      values={frame.field: value})
    rect = etree.Element("rect")
    if not refused:
        assert card_module._qr_element(card, frame, rect).get("data-qr") == value
        return
    with pytest.raises(FlashgenError) as raised:
        card_module._qr_element(card, frame, rect)
    assert raised.value.code == "qr-too-long" and raised.value.field == frame.field
    assert raised.value.message.startswith("c.yaml, line 12, the closing image: the field 'source.url'")
    assert f"frame '{frame.name}'" in raised.value.message
