"""How much of each item a poster shows: the full text, or less when it does not fit at readable sizes.

Takes a campaign and a layout; returns the campaign with each item's fields
cut to a ``Detail`` level (``shown``), and the note saying where the full
text is (``detail_note``). ``DETAILS[layout]`` lists the levels a poster tries,
fullest first: the list shows the heading and the new way, then the headings
only; the comparison keeps its two columns: the old and the new way without
the heading, then the two sides its headings name ("Chuyển từ chi phí sang tạo ra lợi ích" → chi phí | tạo ra lợi
ích); the key figures drop their notes. The words come from
flashgen/data/infographic.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from flashgen.load.content import Campaign, Item
from flashgen.load.resources import DATA_DIR
from flashgen.load.yamlfile import read_yaml

WORDS_FILE = DATA_DIR / "infographic.yaml"


@dataclass(frozen=True)
class Detail:
    """Which fields of an item a poster shows."""

    name: str
    said: str  # what it shows, for a message
    heading: bool = True
    from_text: bool = True
    to_text: bool = True
    text: bool = True  # a statement's official text
    note: bool = True  # a figure's note
    pairs: bool = False  # a contrast's two ways read from its heading ("từ X sang Y"), instead of its texts


FULL = Detail("full", "every text")
NEW_WAY = Detail("new-way", "the headings and the new ways only", from_text=False, text=False)
HEADINGS = Detail("headings", "the headings only", from_text=False, to_text=False, text=False)
WAYS = Detail("ways", "the old and the new ways without the headings", heading=False)
PAIRS = Detail("pairs", "the two sides each heading names", heading=False, pairs=True)
NO_NOTE = Detail("no-note", "the figures without their notes", note=False)
DETAILS = {"list": (FULL, NEW_WAY, HEADINGS), "comparison": (FULL, WAYS, PAIRS), "figures": (FULL, NO_NOTE)}


@lru_cache(maxsize=1)
def words() -> dict[str, str]:
    """The infographic's words (notes, the words naming a contrast's sides) from data/infographic.yaml."""
    return {key: str(value) for key, value in read_yaml(WORDS_FILE).items()}


def heading_pair(heading: str) -> tuple[str, str] | None:
    """(old side, new side) that a heading names ("… từ X sang Y, từ Z sang W" → "X, Z", "Y, W"), or None."""
    said = words()
    pattern = rf"\b{re.escape(said['pair_from'])}\s+(.+?)\s+{re.escape(said['pair_to'])}\s+(.+?)(?=,\s*{re.escape(said['pair_from'])}\b|$)"
    found = re.findall(pattern, heading.strip().rstrip("."))
    if not found:
        return None
    sides = (", ".join(side for side, _ in found), ", ".join(side for _, side in found))
    return sides[0][:1].upper() + sides[0][1:], sides[1][:1].upper() + sides[1][1:]


def _item(item: Item, detail: Detail) -> Item | None:
    """``item`` with the fields ``detail`` hides emptied; None if it cannot be shown at that level."""
    if detail.pairs:
        pair = heading_pair(item.heading) if item.kind == "contrast" else None
        if pair is None:
            return None
        return replace(item, heading="", from_text=pair[0], to_text=pair[1])
    return replace(
        item, heading=item.heading if detail.heading else "",
        from_text=item.from_text if detail.from_text else "", to_text=item.to_text if detail.to_text else "",
        text=item.text if detail.text else "", note=item.note if detail.note else "",
    )


def shown(campaign: Campaign, detail: Detail) -> Campaign | None:
    """``campaign`` with every item cut to ``detail``; None if some item cannot be shown that way or the level
    hides nothing more than the full text does (nothing to gain from trying it)."""
    items = [_item(item, detail) for item in campaign.items]
    if any(item is None for item in items):
        return None
    if detail is not FULL and tuple(items) == campaign.items:
        return None
    return replace(campaign, items=tuple(item for item in items if item is not None))


def detail_note(campaign: Campaign) -> str:
    """The note under a poster in less detail: the full text is in the booklet and behind the link."""
    return words()["note" if campaign.source.url else "note_without_link"]
