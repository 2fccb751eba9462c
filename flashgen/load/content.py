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

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flashgen.errors import FlashgenError
from flashgen.load.limits import MAX_QR_BYTES, Limits
from flashgen.load.yamlfile import MarkedDict, MarkedList, read_yaml


@dataclass(frozen=True)
class Source:
    """Where the content comes from; printed on every card and the booklet."""

    title: str = ""
    speaker: str = ""
    letter: str = ""
    url: str = ""
    credit: str = ""
    qr_heading: str = "TOÀN VĂN"  # above the QR code of the closing image
    qr_caption: str = "Quét mã để đọc toàn văn"  # beside or under it


@dataclass(frozen=True)
class Compare:
    """Names of the two sides an item contrasts (e.g. CNTT → CĐS)."""

    from_label: str = ""
    from_name: str = ""
    to_label: str = ""
    to_name: str = ""


@dataclass(frozen=True)
class Item:
    """One numbered point of the campaign: one flashcard, one infographic row."""

    number: int
    heading: str
    text: str = ""
    from_text: str = ""
    to_text: str = ""
    icon: str = ""
    line: int = 0


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
    source: Source = Source()
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
    # Where the file's text was not in Unicode NFC (flashgen normalised it): (line, "item 3 (number 3)", "heading").
    not_nfc: tuple[tuple[int, str, str], ...] = ()

    @property
    def warnings(self) -> tuple[str, ...]:
        """Everything about the file worth a warning; the build goes on."""
        return self.unknown_keys + self.removed_characters

    def campaign_values(self) -> dict[str, str]:
        """The field values every card of the campaign can use (cover, closing…)."""
        values = {
            "count": str(len(self.items)),
            "message_count": str(len(self.messages)),
            "campaign.title": self.title,
            "campaign.subtitle": self.subtitle,
            "campaign.organisation": self.organisation,
            "campaign.year": "" if self.year is None else str(self.year),
            "campaign.theme": self.theme,
            "campaign.series": self.series or f"{len(self.items)} ĐIỂM",
            "campaign.series_subtitle": self.series_subtitle,
            **dict(self.branding),
        }
        for prefix, block in (("source", self.source), ("compare", self.compare)):
            for name, value in vars(block).items():
                values[f"{prefix}.{name}"] = value
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
        }

    def message_values(self, index: int) -> dict[str, str]:
        """The field values of campaign message ``index`` (from 0)."""
        number = str(index + 1)
        return {
            **self.campaign_values(), "message": self.messages[index], "message_number": number,
            "message_label": f"THÔNG ĐIỆP {number}/{len(self.messages)}",
        }

    def theme_values(self) -> dict[str, str]:
        """The year's theme, shown like a campaign message."""
        year = "" if self.year is None else f" {self.year}"
        return {**self.campaign_values(), "message": self.theme, "message_number": "", "message_label": f"CHỦ ĐỀ NĂM{year}"}

    def field_names(self) -> frozenset[str]:
        """Every field name a template may use."""
        item = Item(number=0, heading="")
        return frozenset(self.values_for(item)) | {"message", "message_number", "message_label"} | BRANDING_FIELDS


BRANDING_FIELDS = frozenset({"theme.organisation", "theme.footer", "theme.logo"})


_WHITESPACE = re.compile(r"\s+")

ITEM_KEYS = {"number", "heading", "text", "from", "to", "icon"}
TOP_KEYS = {"campaign", "source", "compare", "glossary", "items", "messages"}
CAMPAIGN_KEYS = {"title", "subtitle", "organisation", "year", "theme", "hashtags", "series", "series_subtitle"}
MAX_NUMBER = 99_999  # item numbers become file names (front-00042.png): keep them short
MAX_YEAR = 9_999  # a year is printed in a few characters' room on the cards
# Invisible characters Word and web pages leave in text: harmless, so removed (with a warning).
STRIPPED = {"\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}
# Text-direction controls: they reorder what is shown and have no place in Vietnamese text.
BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def clean_text(value: str) -> str:
    """NFC-normalise and fold white space; the one place text enters flashgen."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", value)).strip()


def _character_name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, '')}".strip()


def _harmful_character(char: str) -> str | None:
    """Why ``char`` may not be in content text, if it may not."""
    if char in BIDI_CONTROLS:
        return (
            f"the text-direction character {_character_name(char)} is not allowed: it changes the order in "
            "which text is shown and is never needed in Vietnamese. Delete it (retype the text around it)."
        )
    category = unicodedata.category(char)
    if category == "Cs":
        return f"U+{ord(char):04X} is half of a broken character (an emoji or symbol cut in two); delete it."
    if category == "Cc":
        return (
            f"the invisible control character U+{ord(char):04X} is not allowed "
            "(it often comes with text pasted from Word or a web page); delete it."
        )
    return None


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
            problem = _harmful_character(char)
            if problem:
                raise self.fail(line, where, problem)
        if len(cleaned) > self.limits.max_field_chars:
            raise self.fail(line, where, f"the text is too long: {self.limits.exceeded('max_field_chars', f'{len(cleaned):,} characters')}.")
        return cleaned

    def remove_invisible(self, value: str, line: int, where: str) -> str:
        """``value`` without the invisible characters of STRIPPED; a warning says which were removed."""
        stripped = sorted({char for char in value if char in STRIPPED})
        if not stripped:
            return value
        self.removed_characters.append(
            f"{self.path}, line {line}, {where}: removed the invisible character(s) "
            f"{', '.join(_character_name(c) for c in stripped)} (they often come with text pasted from Word)."
        )
        return "".join(char for char in value if char not in STRIPPED)

    def warn_unknown(self, block: MarkedDict, known: set[str], where: str) -> None:
        for key in block:
            if key not in known:
                self.unknown_keys.append(
                    f"{self.path}, line {block.line_of(key)}, {where}: unknown field '{key}' is ignored "
                    f"(known fields: {', '.join(sorted(known))})."
                )

    def item(self, raw: Any, line: int, index: int) -> Item:
        where = f"item {index}"
        block = self.mapping(raw, line, where)
        number = block.get("number", index)
        if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= MAX_NUMBER:
            raise self.fail(block.line_of("number"), f"{where}, field 'number'", f"expected a whole number such as 3 (at most {MAX_NUMBER}).")
        where = f"item {index} (number {number})"
        self.warn_unknown(block, ITEM_KEYS, where)
        return Item(
            number=number,
            heading=self.text(block, "heading", where, required=True),
            text=self.text(block, "text", where),
            from_text=self.text(block, "from", where),
            to_text=self.text(block, "to", where),
            icon=self.text(block, "icon", where),
            line=block.line,
        )

    def items(self, document: MarkedDict) -> tuple[Item, ...]:
        raw = document.get("items")
        if not isinstance(raw, MarkedList) or not raw:
            raise self.fail(document.line_of("items"), "field 'items'", "the content needs a non-empty list of items.")
        if len(raw) > self.limits.max_items:
            raise self.fail(raw.line, "field 'items'", f"too many items: {self.limits.exceeded('max_items', f'the file has {len(raw):,} items')}.")
        items = tuple(self.item(entry, raw.line_of(i), i + 1) for i, entry in enumerate(raw))
        seen: dict[int, int] = {}
        for position, item in enumerate(items, start=1):
            if item.number in seen:
                raise self.fail(item.line, f"item {position}", f"number {item.number} is already used by item {seen[item.number]}.")
            seen[item.number] = position
        return items

    def campaign(self) -> Campaign:
        document = read_yaml(self.path, self.limits)
        if not isinstance(document, MarkedDict):
            raise FlashgenError(f"{self.path}: expected a content file with 'campaign:' and 'items:' sections.")
        self.warn_unknown(document, TOP_KEYS, "top level")
        campaign = self.mapping(document.get("campaign"), document.line_of("campaign"), "section 'campaign'")
        self.warn_unknown(campaign, CAMPAIGN_KEYS, "section 'campaign'")
        year = self.year(campaign)
        source = self.block(document, "source", Source)
        self.check_qr_link(source, document)
        compare = self.block(document, "compare", Compare)
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
            items=self.items(document),
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

    def block(self, document: MarkedDict, key: str, kind: type) -> Any:
        """Read an optional section whose fields are all text, e.g. 'source'."""
        if key not in document:
            return kind()
        where = f"section '{key}'"
        block = self.mapping(document[key], document.line_of(key), where)
        names = set(kind.__dataclass_fields__)
        self.warn_unknown(block, names, where)
        return kind(**{name: self.text(block, name, where) for name in names if name in block})


def load_campaign(path: Path, limits: Limits = Limits()) -> Campaign:
    """Read and validate the content file at ``path``, within ``limits``."""
    return _Reader(path, limits).campaign()
