"""Stage 4 (sets) — one type size per frame across a set of cards.

Takes merged cards (a build's flashcards, or one shape's social images) and a
``WordBreaker``; returns their ``CardDocument``s in the same order. Cards made
from the same template (one size, one side, one social design) form a set. Each
card is first laid out alone, which finds, per frame, the largest size its text
fits at; ``set_sizes`` then picks the sizes the set uses, and the cards whose
frames must be smaller are laid out again at those sizes.

A set shares one size per frame: the largest that fits every card. When one
long text would drag the whole set down by more than half a size step, the
set takes two sizes instead, at most a step apart: the common size, and one
smaller size only for the few cards that need it (flashgen/data/sets.yaml
says how large a step is and how few "few" is).

Sizes are decided here, before any card is drawn: each card's SVG carries its
size, so the render key of its image (render/jobs.py) changes with it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from flashgen.compose.card import CardDocument, compose_card
from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.resources import DATA_DIR
from flashgen.load.yamlfile import read_yaml
from flashgen.merge.cards import MergedCard
from flashgen.text.wordbreak import WordBreaker

SETS_FILE = DATA_DIR / "sets.yaml"
# Sizes found by bisection are within 0.5 % of the largest that fits (text/layout.py):
# two sizes closer than this are the same size.
SAME_SIZE = 0.006


@dataclass(frozen=True)
class SetRule:
    """How far a set's sizes may spread (flashgen/data/sets.yaml)."""

    step: float  # the next smaller size of a set is at least this fraction of the common size
    few: float  # at most this share of a set's cards may take the smaller size

    @property
    def half_step(self) -> float:
        return math.sqrt(self.step)


@lru_cache(maxsize=1)
def set_rule() -> SetRule:
    """The rule of flashgen/data/sets.yaml."""
    document = read_yaml(SETS_FILE)
    try:
        step, few = float(document["step"]), float(document["few"])
    except (KeyError, TypeError, ValueError):
        raise FlashgenError(_("{file}: 'step' and 'few' must be numbers.").format(file=SETS_FILE), code="sets-table") from None
    if not (0 < step < 1 and 0 <= few < 1):
        raise FlashgenError(
            _("{file}: 'step' must be between 0 and 1, 'few' at least 0 and below 1.").format(file=SETS_FILE), code="sets-table"
        )
    return SetRule(step, few)


def set_sizes(fits: Sequence[float], rule: SetRule) -> list[float]:
    """The size of each card of a set, given the largest size each card's text fits at.

    One size for all, the smallest of ``fits``, unless a second size a step
    below lets the set's common size grow by at least half a step: then the
    cards that do not fit the common size (at most ``rule.few`` of them) share
    the largest size that fits them all. No card gets more than it fits.
    """
    if not fits:
        return []
    ordered = sorted(fits)
    one = ordered[0]
    common, smaller = one, one
    for outliers in range(1, math.floor(rule.few * len(fits)) + 1):
        # The ``outliers`` smallest take the smaller size, which must be a step below the common at most.
        candidate = min(ordered[outliers], one / rule.step)
        if candidate > common * (1 + SAME_SIZE):
            common = candidate
    if common < one / rule.half_step:
        common = one  # a gain under half a step is not worth a second size
    return [common if fit >= common else smaller for fit in fits]


def compose_set(
    cards: Sequence[MergedCard], breaker: WordBreaker, per_card: Sequence[list[FlashgenError]] | None = None,
    rule: SetRule | None = None,
) -> list[CardDocument]:
    """Every card laid out with its set's sizes (sets: cards of one template), in the order given.

    With ``per_card`` (flashgen check: one list per card), each card's problems are collected in its
    list as ``compose_card`` does; a frame that does not fit takes no part in its set's size.
    """
    rule = rule or set_rule()
    found = per_card if per_card is not None else [None] * len(cards)
    documents = [compose_card(card, breaker, problems) for card, problems in zip(cards, found)]
    sets: dict[int, list[int]] = {}
    for index, card in enumerate(cards):
        sets.setdefault(id(card.template), []).append(index)
    for members in sets.values():
        caps = _set_caps([documents[i] for i in members], rule)
        for index, cap in zip(members, caps):
            if cap:  # laid out again with its set's sizes; problems were reported the first time
                documents[index] = compose_card(cards[index], breaker, None if per_card is None else [], cap)
    return documents


def _set_caps(documents: list[CardDocument], rule: SetRule) -> list[dict[str, float]]:
    """Per card of one set, the frames (name → size) it must set smaller than it did alone."""
    caps: list[dict[str, float]] = [{} for _ in documents]
    frames = dict.fromkeys(name for document in documents for name, _ in document.frame_sizes)
    for name in frames:
        members = [(i, dict(d.frame_sizes)[name]) for i, d in enumerate(documents) if name in dict(d.frame_sizes)]
        chosen = set_sizes([fit for _, fit in members], rule)
        for (index, fit), size in zip(members, chosen):
            if size < fit:
                caps[index][name] = size
    return caps
