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
from flashgen.i18n import _
from flashgen.load.content import Campaign, Item
from flashgen.load.presets import CardSize
from flashgen.load.template import Template
from flashgen.load.wording import wording


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
        return _("{file}, line {line}, {what}").format(file=self.content_path, line=self.line, what=self.what)


def empty_fields(card: MergedCard) -> list[FlashgenError]:
    """One error for each field the card's template shows that has no value."""
    template = card.template
    problems = [
        FlashgenError(
            _(
                "{where}: the field '{field}' is empty, but template {template} (frame '{frame}') shows it. "
                "Fill it in, or mark the frame data-optional=\"true\"."
            ).format(where=card.where(), field=frame.field, template=template.path, frame=frame.name),
            code="empty-field",
            field=frame.field,
        )
        for frame in template.frames if not card.values.get(frame.field) and not frame.optional
    ]
    problems += [
        FlashgenError(
            _("{where}: the field '{field}' is empty, but template {template} shows it as {placeholder}.").format(
                where=card.where(), field=name, template=template.path, placeholder="{{" + name + "}}"
            ),
            code="empty-field",
            field=name,
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


def shown_as(campaign: Campaign, item: Item, chosen: tuple[str, ...], product: str) -> str:
    """The kind whose layout shows ``item``: its own, or the one flashgen.yaml chose for ``product``.

    A contrast shown as a statement keeps its heading and text; a layout whose
    fields the item lacks (a statement shown as a contrast) is an error.
    """
    if not chosen:
        return item.kind
    kind = chosen[0]
    missing = [name for name in wording().item_kinds[kind].required if not item.field(name)]
    if missing:
        raise FlashgenError(
            _(
                "{file}, line {line}, item {number}: flashgen.yaml shows every item of the {product} "
                "as a {kind} ('layouts:'), but this {item_kind} has no {missing}. "
                "Choose another layout for the {product}, or leave it out to use each item's own kind."
            ).format(
                file=campaign.path, line=item.line, number=item.number, product=product, kind=kind,
                item_kind=item.kind, missing=", ".join(repr(m) for m in missing),
            ),
            code="layout-kind",
            field=f"layouts.{product}",
        )
    return kind


def sides_of(item: Item, kind: str, size: CardSize) -> tuple[str, ...]:
    """The sides ``item`` has: a statement without text, or a figure without note and text, is a one-sided
    card (its back would be empty)."""
    if (kind == "statement" and not item.text) or (kind == "figure" and not (item.note or item.text)):
        return tuple(side for side in size.sides if side != "back")
    return size.sides


def card_templates_needed(campaign: Campaign, sizes: list[CardSize], chosen: tuple[str, ...]) -> set[tuple[str, str]]:
    """(size, template file) of every card side the campaign shows at ``sizes``."""
    needed = set()
    for size in sizes:
        for item in campaign.items:
            kind = shown_as(campaign, item, chosen, "flashcards")
            needed.update((size.name, name) for side in sides_of(item, kind, size) if (name := size.template_for(kind, side)))
    return needed


def merge_cards(
    campaign: Campaign, templates: dict[tuple[str, str], Template], sizes: list[CardSize], chosen: tuple[str, ...] = (),
    strict: bool = True,
) -> list[MergedCard]:
    """Pair every item with its kind's template for every (size, side), in deck order
    (``templates`` by size and file name; ``chosen``: the layout flashgen.yaml chose for the flashcards;
    ``strict``: a field the template shows but the content leaves empty is an error)."""
    cards = []
    for size in sizes:
        for item in campaign.items:
            values = campaign.values_for(item)
            kind = shown_as(campaign, item, chosen, "flashcards")
            for side in sides_of(item, kind, size):
                card = MergedCard(
                    slug=f"{side}-{item.number:02d}",
                    what=_("card {number} ({side}, size '{size}')").format(
                        number=item.number, side={"front": _("front"), "back": _("back")}.get(side, side), size=size.name
                    ),
                    size=size,
                    template=templates[(size.name, str(size.template_for(kind, side)))],
                    content_path=campaign.path,
                    line=item.line,
                    item=item.number,
                    side=side,
                    values=values,
                )
                cards.append(check_values(card) if strict else card)
    return cards
