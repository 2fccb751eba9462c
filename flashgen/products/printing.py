"""Office printing: cards N-up on office paper to print double-sided and cut, and the duplex calibration sheet.

Shows every side of the print card (``--card``, default A6). The deck puts
each sheet of fronts before its sheet of backs, mirrored so every back lands
behind its front; cards keep away from the paper's unprintable edge and are
scaled down (with a note) where a grid does not fit at full size.

One-sided cards (a statement without text, a figure without note or text)
have no back. When no card of the deck has a back, the deck is sheets of
fronts only, asks the print dialog for one-sided printing (Simplex) and comes
without the duplex calibration sheet (a build note says so). When some cards
have a back, the deck stays double-sided and the place behind a one-sided card
is left paper white; a sheet of one-sided cards still has its (blank) back
page, so that the printer's front/back pairs never shift.
"""

from __future__ import annotations

from collections.abc import Iterator

from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.presets import CardSize
from flashgen.pdf.calibration import calibration_sheet
from flashgen.pdf.decks import CardPages, imposed_deck, printed_sides
from flashgen.pdf.impose import FLIPS, SheetPlan, plan_sheet
from flashgen.pdf.kit import DocInfo
from flashgen.products.base import CardRequest, Inputs, ProductBuild, doc_info
from flashgen.products.files import FileMeta, Made, MadeFile


def wants(inputs: Inputs) -> CardRequest:
    return CardRequest(sizes=(inputs.presets.card_size(inputs.options.printing.card),))


def make(build: ProductBuild) -> Made:
    (card,) = wants(build.inputs).sizes
    plan, info, cards, key = _office_deck(build, card)
    previous = build.drawing.previous.file(key)
    if previous is None:  # its card pages are drawn on a worker while the images are drawn
        build.drawing.card_pdf(card, build.laid_out.of_size(card))
    asked_for = "print" in build.inputs.options.products  # `flashgen print`, --product print, or flashgen.yaml
    return Made((), _notes(card, plan, cards, asked_for), after=_files(build, card, plan, info, cards, key, previous))


def _office_deck(build: ProductBuild, card: CardSize) -> tuple[SheetPlan, DocInfo, list[CardPages], str]:
    """How the cards go on office paper, the deck's metadata, its cards' pages, and its render key."""
    settings, presets = build.inputs.options.printing, build.inputs.presets
    if settings.flip not in FLIPS:
        raise FlashgenError(
            _("unknown duplex flip '{flip}'; choose 'long' (most printers) or 'short'.").format(flip=settings.flip),
            code="print-option",
        )
    sheet = presets.sheet(settings.sheet)
    plan = plan_sheet(card, sheet, presets.grid(card, sheet), settings.gutter_mm, settings.margin_mm)
    info = doc_info(build.inputs.campaign, f"Bộ thẻ {card.label}, {plan.per_sheet} thẻ trên một tờ {sheet.label}")
    documents = build.laid_out.of_size(card)
    cards = CardPages.of([(d.card.item, d.card.side) for d in documents])
    key = build.drawing.document_key(
        "office deck", repr(settings), repr(plan), repr(info), repr(cards), *(d.svg for d in documents)
    )
    return plan, info, cards, key


def _files(
    build: ProductBuild, card: CardSize, plan: SheetPlan, info: DocInfo, cards: list[CardPages], key: str,
    previous: bytes | None,
) -> Iterator[MadeFile]:
    settings, sheet = build.inputs.options.printing, plan.sheet
    deck = previous if previous is not None else imposed_deck(
        build.drawing.card_pdf(card, build.laid_out.of_size(card))(), cards, plan, settings.flip,
        settings.back_offset_mm, info,
    )
    name = f"{card.name}-on-{sheet.name}"
    yield MadeFile(f"print/{name}.pdf", deck, FileMeta(
        product="print", format="pdf", size=name, width_mm=sheet.width_mm, height_mm=sheet.height_mm, render_key=key,
    ))
    if printed_sides(cards) == "simplex":
        return  # nothing is printed on the backs: nothing to line up
    calibration = calibration_sheet(sheet, settings.flip, build.inputs.fonts)
    yield MadeFile(f"print/duplex-calibration-{sheet.name}.pdf", calibration, FileMeta(
        product="print", format="pdf", size=sheet.name, width_mm=sheet.width_mm, height_mm=sheet.height_mm,
    ))


def _notes(card: CardSize, plan: SheetPlan, cards: list[CardPages], asked_for: bool) -> tuple[str, ...]:
    """What the user printing the office deck should know. The scale is said only when office printing was asked
    for: on a default build, which makes every product, it would repeat on every build to people who post images."""
    notes = []
    if plan.scale < 1 and asked_for:
        notes.append(
            _(
                "{card}: {count} cards fit on {sheet} only at {scale:.0%} of full size "
                "(office printers cannot print to the edge); use the print-shop file for full size."
            ).format(card=_(card.label), count=plan.per_sheet, sheet=_(plan.sheet.label), scale=plan.scale)
        )
    if printed_sides(cards) == "simplex":
        notes.append(
            _("{card}: no card has a back, so the office deck is fronts only: print it one-sided.").format(card=_(card.label))
        )
    return tuple(notes)
