"""Stage 2 — merge: a ``Campaign`` and the chosen templates in, ``MergedCard``s out.

One card per item, size and side, in deck order (item by item, front before
back), each holding the field values its template will show. Missing values
are caught here, before anything is laid out or rendered, so a bad content
file fails fast and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .content import Campaign, Item
from .errors import FlashgenError
from .presets import CardSize
from .template import Template


@dataclass(frozen=True)
class MergedCard:
    """One side of one item's card at one size, with the values to show."""

    item: Item
    side: str
    size: CardSize
    template: Template
    content_path: Path
    values: dict[str, str] = field(hash=False, compare=False)

    @property
    def slug(self) -> str:
        """File stem, e.g. ``front-03``."""
        return f"{self.side}-{self.item.number:02d}"

    def where(self) -> str:
        """Names the card for error messages."""
        return f"{self.content_path}, line {self.item.line}, card {self.item.number} ({self.side}, size '{self.size.name}')"


def _check_values(card: MergedCard) -> None:
    template = card.template
    for frame in template.frames:
        if not card.values.get(frame.field) and not frame.optional:
            raise FlashgenError(
                f"{card.content_path}, line {card.item.line}, item {card.item.number}: the field '{frame.field}' "
                f"is empty, but template {template.path} (frame '{frame.name}') shows it. "
                "Fill it in, or mark the frame data-optional=\"true\"."
            )
    for name in sorted(template.placeholder_fields):
        if not card.values.get(name):
            raise FlashgenError(
                f"{card.content_path}, item {card.item.number}: the field '{name}' is empty, "
                f"but template {template.path} shows it as {{{{{name}}}}}."
            )


def merge_cards(campaign: Campaign, templates: dict[tuple[str, str], Template], sizes: list[CardSize]) -> list[MergedCard]:
    """Pair every item with every (size, side) template, in deck order."""
    cards = []
    for size in sizes:
        for item in campaign.items:
            values = campaign.values_for(item)
            for side in size.sides:
                card = MergedCard(
                    item=item,
                    side=side,
                    size=size,
                    template=templates[(size.name, side)],
                    content_path=campaign.path,
                    values=values,
                )
                _check_values(card)
                cards.append(card)
    return cards
