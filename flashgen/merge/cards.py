"""Stage 2 — merge: a ``Campaign`` and the chosen templates in, ``MergedCard``s out.

A card is one template filled with one set of field values: a flashcard side
for an item, a social slide (cover, point, closing), a campaign message. Cards
come in deck order. Missing values are caught here, before anything is laid
out or rendered, so a bad content file fails fast and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flashgen.errors import FlashgenError
from flashgen.load.content import Campaign
from flashgen.load.presets import CardSize
from flashgen.load.template import Template


@dataclass(frozen=True)
class MergedCard:
    """One template with the values it will show."""

    slug: str  # file stem, e.g. "front-03"
    what: str  # names the card for people: "card 3 (front, size 'a6')"
    size: CardSize
    template: Template
    content_path: Path
    line: int  # where its values start in the content file
    item: int | None = None  # the item's number, for cards of one item
    side: str | None = None
    values: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    def where(self) -> str:
        """Names the card for error messages."""
        return f"{self.content_path}, line {self.line}, {self.what}"


def empty_fields(card: MergedCard) -> list[FlashgenError]:
    """One error for each field the card's template shows that has no value."""
    template = card.template
    problems = [
        FlashgenError(
            f"{card.where()}: the field '{frame.field}' is empty, but template {template.path} "
            f"(frame '{frame.name}') shows it. Fill it in, or mark the frame data-optional=\"true\".",
            code="empty-field", field=frame.field,
        )
        for frame in template.frames if not card.values.get(frame.field) and not frame.optional
    ]
    problems += [
        FlashgenError(
            f"{card.where()}: the field '{name}' is empty, but template {template.path} shows it as {{{{{name}}}}}.",
            code="empty-field", field=name,
        )
        for name in sorted(template.placeholder_fields) if not card.values.get(name)
    ]
    return problems


def check_values(card: MergedCard) -> MergedCard:
    """``card`` itself if every field its template shows has a value; else a clear error."""
    problems = empty_fields(card)
    if problems:
        raise problems[0]
    return card


def merge_cards(
    campaign: Campaign, templates: dict[tuple[str, str], Template], sizes: list[CardSize], strict: bool = True
) -> list[MergedCard]:
    """Pair every item with every (size, side) flashcard template, in deck order
    (``strict``: a field the template shows but the content leaves empty is an error)."""
    cards = []
    for size in sizes:
        for item in campaign.items:
            values = campaign.values_for(item)
            for side in size.sides:
                card = MergedCard(
                    slug=f"{side}-{item.number:02d}",
                    what=f"card {item.number} ({side}, size '{size.name}')",
                    size=size,
                    template=templates[(size.name, side)],
                    content_path=campaign.path,
                    line=item.line,
                    item=item.number,
                    side=side,
                    values=values,
                )
                cards.append(check_values(card) if strict else card)
    return cards
