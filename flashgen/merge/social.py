"""Social-media sets as cards: a ``Campaign`` and the social templates of one shape in, ``MergedCard``s out.

An album (cover, one image per item "3/17", closing with a QR code to the
full text) and one image per campaign message, each with the stem of its file
name in posting order. The words that go with each post are written once the
cards are laid out (products/captions.py).
"""

from __future__ import annotations

from flashgen.load.content import Campaign
from flashgen.load.presets import CardSize, Platform
from flashgen.load.template import Template
from flashgen.merge.cards import MergedCard, check_values

KINDS = {"album": ("cover", "point", "closing"), "messages": ("message",)}


def template_name(kind: str, shape: str) -> str:
    return f"social-{kind}-{shape}.svg"


def kinds_for(platform: Platform) -> list[str]:
    return [kind for series in platform.series for kind in KINDS[series]]


def _unchecked(card: MergedCard) -> MergedCard:
    return card


def album_cards(
    campaign: Campaign, templates: dict[str, Template], shape: CardSize, strict: bool = True
) -> list[MergedCard]:
    """The album: cover, one per item, closing (``strict``: empty fields are errors).

    Each card's ``slug`` is its file stem in posting order, its ``side`` the kind of image.
    """
    check = check_values if strict else _unchecked
    base = campaign.campaign_values()
    entries: list[tuple[str, dict[str, str], int, str]] = [("cover", base, campaign.line, "cover")]
    entries += [(f"point-{item.number:02d}", campaign.values_for(item), item.line, "point") for item in campaign.items]
    entries.append(("closing", base, campaign.line, "closing"))
    cards = []
    for position, (name, values, line, kind) in enumerate(entries, start=1):
        stem = f"album-{position:02d}-{name}"
        cards.append(check(MergedCard(
            slug=stem, what=f"social image '{stem}' (shape '{shape.name}')", size=shape, template=templates[kind],
            content_path=campaign.path, line=line, side=kind, values=values,
        )))
    return cards


def message_cards(
    campaign: Campaign, templates: dict[str, Template], shape: CardSize, strict: bool = True
) -> list[MergedCard]:
    """The year's theme (first, if there is one) and every campaign message, of the kind (side) "message"."""
    check = check_values if strict else _unchecked
    entries = [("message-00-theme", "the year's theme", campaign.theme_line, campaign.theme_values())] if campaign.theme else []
    entries += [
        (f"message-{index + 1:02d}", f"campaign message {index + 1}", campaign.message_lines[index], campaign.message_values(index))
        for index in range(len(campaign.messages))
    ]
    return [
        check(MergedCard(
            slug=stem, what=f"{what} (shape '{shape.name}')", size=shape, template=templates["message"],
            content_path=campaign.path, line=line, side="message", values=values,
        ))
        for stem, what, line, values in entries
    ]
