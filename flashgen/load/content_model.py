"""The content of a campaign as the later stages see it: ``Campaign``, its ``Item``s, ``Source`` and ``Compare``.

Plain frozen dataclasses, made by content.py from a YAML file or a spreadsheet
(both give the same objects); the field values every template can use come
from here (``Campaign.values_for`` …).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from flashgen.load.content_pictures import Picture
from flashgen.load.wording import wording


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
    picture: Picture | None = None  # content field 'image': drawn where a layout shows the item's icon

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
    converted_text: tuple[str, ...] = ()  # warnings: text in an old Vietnamese encoding converted (legacy.py)
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
        return self.unknown_keys + self.removed_characters + self.converted_text

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
            "image": item.picture.data_uri if item.picture else "",  # for a data-image="image" frame
            "figure": item.figure,
        }

    def message_line(self, index: int) -> int:
        """The content line of campaign message ``index`` (from 0); the campaign's own if unknown."""
        return self.message_lines[index] if index < len(self.message_lines) else self.line

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
