"""Social-media sets as cards: a ``Campaign`` and the social templates of one shape in, ``MergedCard``s out.

An album (cover, one image per item "3/17", closing with a QR code to the
full text) and one image per campaign message, each with the stem of its file
name in posting order. The words that go with each post are written once the
cards are laid out (products/captions.py).
"""

from __future__ import annotations

from flashgen.i18n import _
from flashgen.load.content import Campaign
from flashgen.load.presets import CardSize, Platform
from flashgen.load.template import Template
from flashgen.merge.cards import MergedCard, check_values, shown_as

KINDS = {"album": ("cover", "point", "closing"), "messages": ("message",)}
# The template of an item's image, by the kind whose layout shows it.
POINT_TEMPLATES = {"contrast": "point", "statement": "statement", "figure": "figure"}


def template_name(design: str, shape: str) -> str:
    """The file of a social design ('cover', 'statement', 'closing-nolink' …) for ``shape``."""
    return f"social-{design}-{shape}.svg"


def designs_for(campaign: Campaign, kinds: list[str], chosen: tuple[str, ...]) -> dict[str, list[str]]:
    """The designs (templates) each kind of image of ``kinds`` needs: a figure campaign's cover shows no count,
    a closing without a link no QR code, each item its kind's design."""
    shown = [shown_as(campaign, item, chosen, "social") for item in campaign.items]
    designs = {
        "cover": ["cover-figure" if set(shown) == {"figure"} else "cover"],
        "point": list(dict.fromkeys(POINT_TEMPLATES[kind] for kind in shown)),
        "closing": ["closing" if campaign.source.url else "closing-nolink"],
        "message": ["message"],
    }
    return {kind: designs[kind] for kind in kinds}


def kinds_for(platform: Platform) -> list[str]:
    return [kind for series in platform.series for kind in KINDS[series]]


def _unchecked(card: MergedCard) -> MergedCard:
    return card


def album_cards(
    campaign: Campaign, templates: dict[str, Template], shape: CardSize, chosen: tuple[str, ...] = (),
    strict: bool = True,
) -> list[MergedCard]:
    """The album: cover, one per item, closing (``templates`` by design; ``chosen``: the layout flashgen.yaml
    chose for social images; ``strict``: empty fields are errors).

    Each card's ``slug`` is its file stem in posting order, its ``side`` the kind of image.
    """
    check = check_values if strict else _unchecked
    base = campaign.campaign_values()
    designs = designs_for(campaign, ["cover", "closing"], chosen)
    entries: list[tuple[str, dict[str, str], int, str, str]] = [("cover", base, campaign.line, "cover", designs["cover"][0])]
    entries += [
        (f"point-{item.number:02d}", campaign.values_for(item), item.line, "point",
         POINT_TEMPLATES[shown_as(campaign, item, chosen, "social")])
        for item in campaign.items
    ]
    entries.append(("closing", base, campaign.line, "closing", designs["closing"][0]))
    cards = []
    for position, (name, values, line, kind, design) in enumerate(entries, start=1):
        stem = f"album-{position:02d}-{name}"
        cards.append(check(MergedCard(
            slug=stem, what=_("social image '{name}' (shape '{shape}')").format(name=stem, shape=shape.name), size=shape, template=templates[design],
            content_path=campaign.path, line=line, side=kind, values=values,
        )))
    return cards


def message_cards(
    campaign: Campaign, templates: dict[str, Template], shape: CardSize, strict: bool = True
) -> list[MergedCard]:
    """The year's theme (first, if there is one) and every campaign message, of the kind (side) "message"."""
    check = check_values if strict else _unchecked
    entries = [("message-00-theme", _("the year's theme"), campaign.theme_line, campaign.theme_values())] if campaign.theme else []
    entries += [
        (f"message-{index + 1:02d}", _("campaign message {number}").format(number=index + 1), campaign.message_line(index), campaign.message_values(index))
        for index in range(len(campaign.messages))
    ]
    return [
        check(MergedCard(
            slug=stem, what=_("{what} (shape '{shape}')").format(what=what, shape=shape.name), size=shape, template=templates["message"],
            content_path=campaign.path, line=line, side="message", values=values,
        ))
        for stem, what, line, values in entries
    ]
