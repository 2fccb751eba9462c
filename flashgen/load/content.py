"""Stage 1 — load content: a campaign YAML file in, a validated ``Campaign`` out.

Every string is normalised to Unicode NFC (text typed or exported in NFD
would otherwise render with misplaced diacritics) and its runs of white space
are folded to single spaces; invisible zero-width characters and soft hyphens
(common in Word exports) are removed with a warning, while control and
text-direction characters are refused. Sizes are bounded by ``Limits``.
Problems are reported as ``FlashgenError`` naming
the file, line, item and field. The schema is documented in content/README.md.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from flashgen.errors import FlashgenError
from flashgen.load.cleantext import (
    character_name,
    clean_text,
    harmful_character,
    invisible_characters,
    without_invisible,
)
from flashgen.load.limits import MAX_QR_BYTES, Limits
from flashgen.load.wording import wording
from flashgen.load.yamlfile import MarkedDict, MarkedList, read_yaml


@dataclass(frozen=True)
class Source:
    """Where the content comes from; printed on every card and the booklet.

    ``kind_name``, ``signer_label`` and the QR words are resolved from ``kind``
    (data/wording.yaml) when the content does not give them.
    """

    title: str = ""
    speaker: str = ""
    letter: str = ""
    url: str = ""
    credit: str = ""
    qr_heading: str = ""  # above the QR code of the closing image
    qr_caption: str = ""  # beside or under it
    kind: str = "other"  # speech, plan, report, decision, letter, other
    kind_label: str = ""  # the content's own word for the document, instead of the kind's
    kind_name: str = ""  # resolved: "Kế hoạch"
    signer_label: str = ""  # resolved: "Người phát biểu" for a speech

    def resolved(self) -> Source:
        """This source with the words its kind implies filled in."""
        words = wording()
        kind = words.source_kinds[self.kind]
        name = self.kind_label or kind.name
        heading, caption = words.qr_words(name)
        return replace(
            self, kind_name=name, signer_label=kind.signer,
            qr_heading=self.qr_heading or heading, qr_caption=self.qr_caption or caption,
        )


SOURCE_KEYS = ("title", "speaker", "letter", "url", "credit", "qr_heading", "qr_caption", "kind", "kind_label")


@dataclass(frozen=True)
class Compare:
    """Names of the two sides an item contrasts (e.g. CNTT → CĐS)."""

    from_label: str = ""
    from_name: str = ""
    to_label: str = ""
    to_name: str = ""


@dataclass(frozen=True)
class Item:
    """One numbered item of the campaign: one flashcard, one social image, one infographic entry.

    Its ``kind`` says which fields it has (data/wording.yaml): a contrast has
    heading, from and to; a statement a heading; a figure a value and a label.
    """

    number: int
    heading: str = ""
    text: str = ""
    from_text: str = ""
    to_text: str = ""
    icon: str = ""
    line: int = 0
    kind: str = "contrast"
    value: str = ""  # a figure as printed: "1.141", "173/173", "100%"
    label: str = ""  # what the figure counts
    qualifier: str = ""  # "hơn", "gần", "khoảng": always printed with the value
    unit: str = ""
    note: str = ""

    def field(self, name: str) -> str:
        """The value of the content field ``name`` ("from", "value" …) of this item."""
        return str(getattr(self, ITEM_ATTRIBUTES[name]))

    @property
    def figure(self) -> str:
        """The figure with its qualifier and unit: "hơn 7.534 thành viên" ("" for other kinds)."""
        return " ".join(filter(None, (self.qualifier, self.value, self.unit)))

    @property
    def title(self) -> str:
        """The item in one line: its heading, or the figure read as a phrase."""
        if self.kind == "figure":
            return " ".join(filter(None, (self.figure, self.label)))
        return self.heading


@dataclass(frozen=True)
class Campaign:
    """Everything a build needs from the content file."""

    path: Path
    title: str
    items: tuple[Item, ...]
    subtitle: str = ""
    organisation: str = ""
    year: int | None = None
    theme: str = ""
    hashtags: tuple[str, ...] = ()
    source: Source = Source().resolved()
    compare: Compare = Compare()
    glossary: tuple[str, ...] = ()
    messages: tuple[str, ...] = ()
    unknown_keys: tuple[str, ...] = ()  # warnings: keys flashgen does not know, ignored
    removed_characters: tuple[str, ...] = ()  # warnings: invisible characters (from Word) taken out
    line: int = 1  # of the 'campaign' section, for messages about campaign-wide cards
    message_lines: tuple[int, ...] = ()
    theme_line: int = 1
    # Short name of the set for card headers, in two parts ("17 ĐIỂM KHÁC NHAU" / "giữa CNTT và chuyển đổi số").
    series: str = ""
    series_subtitle: str = ""
    # The visual theme's words (theme.py): organisation, footer and logo, as template fields.
    branding: tuple[tuple[str, str], ...] = ()
    kind: str = "contrast"  # the items' kind unless an item gives its own
    item_label: str = "Điểm"  # the campaign's word for one item: "Nhiệm vụ", "Con số" …
    theme_label: str = "Chủ đề"  # the label of ``theme``: "Chủ đề năm 2023"
    # Where the file's text was not in Unicode NFC (flashgen normalised it): (line, "item 3 (number 3)", "heading").
    not_nfc: tuple[tuple[int, str, str], ...] = ()

    @property
    def warnings(self) -> tuple[str, ...]:
        """Everything about the file worth a warning; the build goes on."""
        return self.unknown_keys + self.removed_characters

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds of the items, in order of first appearance."""
        return tuple(dict.fromkeys(item.kind for item in self.items))

    @property
    def item_label_caps(self) -> str:
        return self.item_label.upper()

    def counter(self, item: Item) -> str:
        """The item's place in the set, in the campaign's words: "Nhiệm vụ 3/8"."""
        return f"{self.item_label} {item.number}/{len(self.items)}"

    def organisation_name(self) -> str:
        """Who publishes: the content's organisation, else the theme's (given once is enough)."""
        return self.organisation or dict(self.branding).get("theme.organisation", "")

    def campaign_values(self) -> dict[str, str]:
        """The field values every card of the campaign can use (cover, closing…)."""
        branding = dict(self.branding)
        if not branding.get("theme.organisation") and "theme.organisation" in branding:
            branding["theme.organisation"] = self.organisation
        values = {
            "count": str(len(self.items)),
            "message_count": str(len(self.messages)),
            "campaign.title": self.title,
            "campaign.subtitle": self.subtitle,
            "campaign.organisation": self.organisation_name(),
            "campaign.year": "" if self.year is None else str(self.year),
            "campaign.theme": self.theme,
            "campaign.series": self.series or f"{len(self.items)} {self.item_label_caps}",
            "campaign.series_subtitle": self.series_subtitle,
            "campaign.theme_label": self.theme_label,
            "item_label": self.item_label,
            "item_label_caps": self.item_label_caps,
            **branding,
        }
        for prefix, block in (("source", self.source), ("compare", self.compare)):
            for name, value in vars(block).items():
                values[f"{prefix}.{name}"] = value
        del values["source.kind_label"]  # templates show the resolved source.kind_name
        return values

    def values_for(self, item: Item) -> dict[str, str]:
        """The field values a template can use on ``item``'s card, by field name."""
        return {
            **self.campaign_values(),
            "number": str(item.number),
            "number_padded": f"{item.number:02d}",
            "heading": item.heading,
            "text": item.text,
            "from": item.from_text,
            "to": item.to_text,
            "kind": item.kind,
            "value": item.value,
            "qualifier": item.qualifier,
            "unit": item.unit,
            "label": item.label,
            "note": item.note,
            "figure": item.figure,
        }

    def message_values(self, index: int) -> dict[str, str]:
        """The field values of campaign message ``index`` (from 0)."""
        number = str(index + 1)
        return {
            **self.campaign_values(), "message": self.messages[index], "message_number": number,
            "message_label": f"THÔNG ĐIỆP {number}/{len(self.messages)}",
            "message_tag": "",  # a banner hangs alone: no "THÔNG ĐIỆP 3/9" on it; the theme's keeps its label
        }

    def theme_values(self) -> dict[str, str]:
        """The year's theme, shown like a campaign message."""
        label = self.theme_label.upper()
        return {**self.campaign_values(), "message": self.theme, "message_number": "", "message_label": label,
                "message_tag": label}

    def field_names(self) -> frozenset[str]:
        """Every field name a template may use."""
        item = Item(number=0)
        return frozenset(self.values_for(item)) | {"message", "message_number", "message_label", "message_tag"} | BRANDING_FIELDS


BRANDING_FIELDS = frozenset({"theme.organisation", "theme.footer", "theme.logo"})


# Content field → Item attribute, for every kind's fields (data/wording.yaml lists which kind has which).
ITEM_ATTRIBUTES = {
    "heading": "heading", "text": "text", "from": "from_text", "to": "to_text", "icon": "icon",
    "value": "value", "label": "label", "qualifier": "qualifier", "unit": "unit", "note": "note",
}
ITEM_KEYS = {"number", "kind", *ITEM_ATTRIBUTES}
TOP_KEYS = {"campaign", "source", "compare", "glossary", "items", "messages"}
CAMPAIGN_KEYS = {
    "title", "subtitle", "organisation", "year", "theme", "hashtags", "series", "series_subtitle",
    "kind", "item_label", "theme_label",
}
MAX_NUMBER = 99_999  # item numbers become file names (front-00042.png): keep them short
MAX_YEAR = 9_999  # a year is printed in a few characters' room on the cards

class _Reader:
    """Validates one content document, keeping the file name for messages."""

    def __init__(self, path: Path, limits: Limits = Limits()) -> None:
        self.path = path
        self.limits = limits
        self.unknown_keys: list[str] = []
        self.removed_characters: list[str] = []
        self.not_nfc: list[tuple[int, str, str]] = []

    def fail(self, line: int, where: str, problem: str) -> FlashgenError:
        return FlashgenError(f"{self.path}, line {line}, {where}: {problem}")

    def mapping(self, value: Any, line: int, where: str) -> MarkedDict:
        if not isinstance(value, MarkedDict):
            raise self.fail(line, where, "expected a block of 'name: value' lines here.")
        return value

    def text(self, block: MarkedDict, key: str, where: str, required: bool = False) -> str:
        value = block.get(key)
        if value is None:
            if required:
                raise self.fail(block.line, where, f"the field '{key}' is missing.")
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise self.fail(block.line_of(key), f"{where}, field '{key}'", "expected text here.")
        cleaned = self.clean(value, block.line_of(key), where, key)
        if required and not cleaned:
            raise self.fail(block.line_of(key), f"{where}, field '{key}'", "the text is empty.")
        return cleaned

    def text_list(self, block: MarkedDict, key: str, where: str) -> tuple[str, ...]:
        value = block.get(key)
        if value is None:
            return ()
        if not isinstance(value, MarkedList):
            raise self.fail(block.line_of(key), f"{where}, field '{key}'", "expected a list ('- …' lines).")
        result = []
        for index, entry in enumerate(value):
            cleaned = self.clean(entry, value.line_of(index), where, key, index + 1) if isinstance(entry, str) else ""
            if not cleaned:
                raise self.fail(value.line_of(index), f"{where}, field '{key}', entry {index + 1}", "expected a line of text.")
            result.append(cleaned)
        return tuple(result)

    def clean(self, value: str, line: int, place: str, field: str, entry: int | None = None) -> str:
        """``clean_text`` of ``field`` of ``place`` (item, section), after removing invisible characters and
        refusing harmful ones; ``entry`` is the position in a list field."""
        where = f"{place}, field '{field}'" + (f", entry {entry}" if entry is not None else "")
        if not unicodedata.is_normalized("NFC", value):
            self.not_nfc.append((line, place, field))
        cleaned = clean_text(self.remove_invisible(value, line, where))
        for char in cleaned:
            problem = harmful_character(char)
            if problem:
                raise self.fail(line, where, problem)
        if len(cleaned) > self.limits.max_field_chars:
            raise self.fail(line, where, f"the text is too long: {self.limits.exceeded('max_field_chars', f'{len(cleaned):,} characters')}.")
        return cleaned

    def remove_invisible(self, value: str, line: int, where: str) -> str:
        """``value`` without the invisible characters of STRIPPED; a warning says which were removed."""
        stripped = invisible_characters(value)
        if not stripped:
            return value
        self.removed_characters.append(
            f"{self.path}, line {line}, {where}: removed the invisible character(s) "
            f"{', '.join(character_name(c) for c in stripped)} (they often come with text pasted from Word)."
        )
        return without_invisible(value)

    def warn_unknown(self, block: MarkedDict, known: set[str], where: str) -> None:
        for key in block:
            if key not in known:
                self.unknown_keys.append(
                    f"{self.path}, line {block.line_of(key)}, {where}: unknown field '{key}' is ignored "
                    f"(known fields: {', '.join(sorted(known))})."
                )

    def item(self, raw: Any, line: int, index: int, campaign_kind: str) -> Item:
        where = f"item {index}"
        block = self.mapping(raw, line, where)
        number = block.get("number", index)
        if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= MAX_NUMBER:
            raise self.fail(block.line_of("number"), f"{where}, field 'number'", f"expected a whole number such as 3 (at most {MAX_NUMBER}).")
        where = f"item {index} (number {number})"
        self.warn_unknown(block, ITEM_KEYS, where)
        kind = self.kind_name(block, where, campaign_kind) if "kind" in block else campaign_kind
        self.check_kind_fields(block, where, kind)
        self.refuse_number_value(block, where)
        required = wording().item_kinds[kind].required
        values = {
            attribute: self.text(block, key, where, required=key in required)
            for key, attribute in ITEM_ATTRIBUTES.items()
        }
        return Item(number=number, kind=kind, line=block.line, **values)

    def kind_name(self, block: MarkedDict, where: str, default: str) -> str:
        """The kind named by ``block``'s field 'kind' (``default`` if it has none)."""
        kinds = wording().item_kinds
        kind = block.get("kind", default)
        if kind not in kinds:
            raise self.fail(
                block.line_of("kind"), f"{where}, field 'kind'",
                f"expected one of {', '.join(kinds)} (the kind of item), not {kind!r}.",
            )
        return str(kind)

    def check_kind_fields(self, block: MarkedDict, where: str, kind: str) -> None:
        """Refuse a field another kind of item has: the item would silently lose it."""
        item_kind = wording().item_kinds[kind]
        for key in block:
            if key in ITEM_ATTRIBUTES and key not in item_kind.fields:
                owners = [name for name, other in wording().item_kinds.items() if key in other.fields]
                raise self.fail(
                    block.line_of(key), f"{where}, field '{key}'",
                    f"this item is a {kind}, and a {kind} has the fields {', '.join(item_kind.fields)}; "
                    f"'{key}' belongs to a {' or a '.join(owners)}. Remove the field, or give the item "
                    f"'kind: {owners[0]}' (or set 'kind' in the 'campaign' section).",
                )

    def refuse_number_value(self, block: MarkedDict, where: str) -> None:
        """A figure's value must be text: YAML reads 1.141 as the number 1.141 and 100% as text, inconsistently."""
        value = block.get("value")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            raise self.fail(
                block.line_of("value"), f"{where}, field 'value'",
                f"put the figure in double quotes, exactly as it is printed (value: \"{value}\"): without quotes "
                "a number such as 1.141 is read as one point one four one.",
            )

    def items(self, document: MarkedDict) -> tuple[tuple[Item, ...], str]:
        """The items, and the kind of those that give none (campaign.kind, or the one their fields imply)."""
        raw = document.get("items")
        if not isinstance(raw, MarkedList) or not raw:
            raise self.fail(document.line_of("items"), "field 'items'", "the content needs a non-empty list of items.")
        if len(raw) > self.limits.max_items:
            raise self.fail(raw.line, "field 'items'", f"too many items: {self.limits.exceeded('max_items', f'the file has {len(raw):,} items')}.")
        kind = self.campaign_kind(document, raw)
        items = tuple(self.item(entry, raw.line_of(i), i + 1, kind) for i, entry in enumerate(raw))
        seen: dict[int, int] = {}
        for position, item in enumerate(items, start=1):
            if item.number in seen:
                raise self.fail(item.line, f"item {position}", f"number {item.number} is already used by item {seen[item.number]}.")
            seen[item.number] = position
        return items, kind

    def campaign_kind(self, document: MarkedDict, raw: MarkedList) -> str:
        """campaign.kind, or the kind the items' fields imply: from/to a contrast, value a figure."""
        campaign = document.get("campaign")
        if isinstance(campaign, MarkedDict) and "kind" in campaign:
            return self.kind_name(campaign, "section 'campaign'", "")
        keys = {key for entry in raw if isinstance(entry, MarkedDict) for key in entry if "kind" not in entry}
        if keys & {"from", "to"}:
            return "contrast"
        return "figure" if "value" in keys else "statement"

    def campaign(self) -> Campaign:
        document = read_yaml(self.path, self.limits)
        if not isinstance(document, MarkedDict):
            raise FlashgenError(f"{self.path}: expected a content file with 'campaign:' and 'items:' sections.")
        self.warn_unknown(document, TOP_KEYS, "top level")
        campaign = self.mapping(document.get("campaign"), document.line_of("campaign"), "section 'campaign'")
        self.warn_unknown(campaign, CAMPAIGN_KEYS, "section 'campaign'")
        year = self.year(campaign)
        source = self.source(document)
        compare = self.block(document, "compare", Compare, tuple(Compare.__dataclass_fields__))
        items, default_kind = self.items(document)
        kind = items[0].kind if len({item.kind for item in items}) == 1 else default_kind
        return Campaign(
            path=self.path,
            title=self.text(campaign, "title", "section 'campaign'", required=True),
            subtitle=self.text(campaign, "subtitle", "section 'campaign'"),
            organisation=self.text(campaign, "organisation", "section 'campaign'"),
            year=year,
            theme=self.text(campaign, "theme", "section 'campaign'"),
            hashtags=self.text_list(campaign, "hashtags", "section 'campaign'"),
            source=source,
            compare=compare,
            glossary=self.text_list(document, "glossary", "top level"),
            items=items,
            kind=kind,
            item_label=self.text(campaign, "item_label", "section 'campaign'") or wording().item_kinds[kind].item_label,
            theme_label=self.text(campaign, "theme_label", "section 'campaign'") or wording().theme_label_for(year),
            messages=self.text_list(document, "messages", "top level"),
            line=campaign.line,
            message_lines=tuple(document["messages"].item_lines) if isinstance(document.get("messages"), MarkedList) else (),
            theme_line=campaign.line_of("theme"),
            series=self.text(campaign, "series", "section 'campaign'"),
            series_subtitle=self.text(campaign, "series_subtitle", "section 'campaign'"),
            unknown_keys=tuple(self.unknown_keys),
            removed_characters=tuple(self.removed_characters),
            not_nfc=tuple(self.not_nfc),
        )

    def year(self, campaign: MarkedDict) -> int | None:
        year = campaign.get("year")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= MAX_YEAR):
            raise self.fail(campaign.line_of("year"), "section 'campaign', field 'year'", "expected a year such as 2023.")
        return year

    def check_qr_link(self, source: Source, document: MarkedDict) -> None:
        """The link becomes a QR code on the closing image: refuse one longer than a QR code holds."""
        size = len(source.url.encode("utf-8"))
        if size > MAX_QR_BYTES:
            line = document["source"].line_of("url")
            raise self.fail(
                line, "section 'source', field 'url'",
                f"the link is too long for a QR code: {size:,} characters (bytes), and a QR code holds at most "
                f"{MAX_QR_BYTES:,}. Use a shorter link, e.g. from a link shortener.",
            )

    def source(self, document: MarkedDict) -> Source:
        """The 'source' section, its words resolved from its kind."""
        source = self.block(document, "source", Source, SOURCE_KEYS)
        kinds = wording().source_kinds
        if source.kind not in kinds:
            raise self.fail(
                document["source"].line_of("kind"), "section 'source', field 'kind'",
                f"expected one of {', '.join(kinds)} (the kind of document), not {source.kind!r}.",
            )
        self.check_qr_link(source, document)
        return source.resolved()

    def block(self, document: MarkedDict, key: str, kind: type, names: tuple[str, ...]) -> Any:
        """Read an optional section whose fields ``names`` are all text, e.g. 'compare'."""
        if key not in document:
            return kind()
        where = f"section '{key}'"
        block = self.mapping(document[key], document.line_of(key), where)
        self.warn_unknown(block, set(names), where)
        return kind(**{name: self.text(block, name, where) for name in names if name in block})


def load_campaign(path: Path, limits: Limits = Limits()) -> Campaign:
    """Read and validate the content file at ``path``, within ``limits``."""
    return _Reader(path, limits).campaign()
