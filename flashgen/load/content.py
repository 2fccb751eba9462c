"""Stage 1 — load content: a campaign YAML file or spreadsheet in, a validated ``Campaign`` out.

A spreadsheet (.xlsx, .ods, .csv) is turned into the same document a YAML file
gives (spreadsheet_document.py) and validated by the same reader, so both give
the same ``Campaign``; its places print as sheet, row and column.

Every string is normalised to Unicode NFC (text typed or exported in NFD
would otherwise render with misplaced diacritics) and its runs of white space
are folded to single spaces; invisible zero-width characters and soft hyphens
(common in Word exports) are removed with a warning, while control and
text-direction characters are refused. Sizes are bounded by ``Limits``.
Problems are reported as ``FlashgenError`` naming
the file, line (or sheet, row and column), item and field. The schema is documented in content/README.md.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from flashgen.errors import FlashgenError
from flashgen.i18n import _, grouped
from flashgen.load.cleantext import (
    character_name,
    clean_text,
    harmful_character,
    invisible_characters,
    without_invisible,
    without_mojibake,
)
from flashgen.load.content_model import (  # noqa: F401 (the content's classes are read from here)
    BRANDING_FIELDS,
    ITEM_ATTRIBUTES,
    SOURCE_KEYS,
    Campaign,
    Compare,
    Item,
    Source,
)
from flashgen.load.content_pictures import item_picture
from flashgen.load.limits import MAX_QR_BYTES, Limits
from flashgen.load.spreadsheet import CellPlace, is_spreadsheet
from flashgen.load.spreadsheet_document import sheet_document
from flashgen.load.spreadsheet_readers import read_workbook
from flashgen.load.wording import wording

# The marking loader and its messages, on text instead of a file (campaign_from_tree: the web app's content).
from flashgen.load.yamlfile import MarkedDict, MarkedList, parse_yaml, read_yaml

ITEM_KEYS = {"number", "kind", "image", *ITEM_ATTRIBUTES}
TOP_KEYS = {"campaign", "source", "compare", "glossary", "items", "messages"}
CAMPAIGN_KEYS = {
    "title", "subtitle", "organisation", "year", "theme", "hashtags", "series", "series_subtitle",
    "kind", "item_label", "theme_label",
}
# Files people save content in that flashgen does not read: named, instead of "not UTF-8 text".
OTHER_FORMATS = (".xls", ".xlsb", ".xlsm", ".numbers", ".gsheet", ".doc", ".docx", ".odt", ".pdf")
MAX_NUMBER = 99_999  # item numbers become file names (front-00042.png): keep them short
MAX_YEAR = 9_999  # a year is printed in a few characters' room on the cards

class _Reader:
    """Validates one content document, keeping the file name for messages."""

    def __init__(self, path: Path, limits: Limits = Limits()) -> None:
        self.path = path
        self.limits = limits
        self.unknown_keys: list[str] = []
        self.removed_characters: list[str] = []
        self.converted_text: list[str] = []
        self.not_nfc: list[tuple[int, str, str]] = []

    def at(self, line: int) -> str:
        """The file and the place in it: its line, or a spreadsheet's sheet, row and column."""
        if isinstance(line, CellPlace):
            return f"{self.path}, {line.describe()}"
        return _("{file}, line {line}").format(file=self.path, line=line)

    def fail(self, line: int, where: str, problem: str, code: str) -> FlashgenError:
        return FlashgenError(f"{self.at(line)}, {where}: {problem}", code=code)

    def mapping(self, value: Any, line: int, where: str) -> MarkedDict:
        if not isinstance(value, MarkedDict):
            raise self.fail(line, where, _("expected a block of 'name: value' lines here."), "content-not-block")
        return value

    def text(self, block: MarkedDict, key: str, where: str, required: bool = False) -> str:
        value = block.get(key)
        if value is None:
            if required:
                column = getattr(block, "columns", {}).get(key)  # a spreadsheet row: the column to fill
                problem = _("the field '{field}' is missing.") if column is None else \
                    _("the field '{field}' is empty (column '{column}').")
                raise self.fail(block.line, where, problem.format(field=key, column=column), "content-missing-field")
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise self.fail(block.line_of(key), self.field_place(where, key), _("expected text here."), "content-not-text")
        cleaned = self.clean(value, block.line_of(key), where, key)
        if required and not cleaned:
            raise self.fail(block.line_of(key), self.field_place(where, key), _("the text is empty."), "content-empty")
        return cleaned

    def text_list(self, block: MarkedDict, key: str, where: str) -> tuple[str, ...]:
        value = block.get(key)
        if value is None:
            return ()
        if not isinstance(value, MarkedList):
            raise self.fail(block.line_of(key), self.field_place(where, key), _("expected a list ('- …' lines)."), "content-not-list")
        result = []
        for index, entry in enumerate(value):
            cleaned = self.clean(entry, value.line_of(index), where, key, index + 1) if isinstance(entry, str) else ""
            if not cleaned:
                raise self.fail(value.line_of(index), self.field_place(where, key, index + 1), _("expected a line of text."),
                                "content-not-text")
            result.append(cleaned)
        return tuple(result)

    def clean(self, value: str, line: int, place: str, field: str, entry: int | None = None) -> str:
        """``clean_text`` of ``field`` of ``place`` (item, section), after removing invisible characters and
        refusing harmful ones; ``entry`` is the position in a list field."""
        where = self.field_place(place, field, entry)
        if not unicodedata.is_normalized("NFC", value):
            self.not_nfc.append((line, place, field))
        value, converted = without_mojibake(value, f"{self.at(line)}, {where}", field)
        self.converted_text += [converted] if converted else []
        cleaned = clean_text(self.remove_invisible(value, line, where))
        for char in cleaned:
            problem = harmful_character(char)
            if problem:
                raise self.fail(line, where, problem, "content-character")
        if len(cleaned) > self.limits.max_field_chars:
            found = self.limits.exceeded("max_field_chars", _("{count:,} characters").format(count=len(cleaned)))
            raise self.fail(line, where, _("the text is too long: {problem}.").format(problem=found), "content-too-long")
        return cleaned

    @staticmethod
    def field_place(where: str, field: str, entry: int | None = None) -> str:
        """"item 3 (number 3), field 'heading'", with ", entry 2" for an entry of a list field."""
        place = _("{where}, field '{field}'").format(where=where, field=field)
        return place if entry is None else _("{place}, entry {entry}").format(place=place, entry=entry)

    def remove_invisible(self, value: str, line: int, where: str) -> str:
        """``value`` without the invisible characters of STRIPPED; a warning says which were removed."""
        stripped = invisible_characters(value)
        if not stripped:
            return value
        self.removed_characters.append(f"{self.at(line)}, {where}: " + _(
            "removed the invisible character(s) {names} (they often come with text pasted from Word)."
        ).format(names=", ".join(character_name(c) for c in stripped)))
        return without_invisible(value)

    def warn_unknown(self, block: MarkedDict, known: set[str], where: str) -> None:
        for key in block:
            if key not in known:
                self.unknown_keys.append(f"{self.at(block.line_of(key))}, {where}: " + _(
                    "unknown field '{field}' is ignored (known fields: {known})."
                ).format(field=key, known=", ".join(sorted(known))))

    def item(self, raw: Any, line: int, index: int, campaign_kind: str) -> Item:
        where = _("item {index}").format(index=index)
        block = self.mapping(raw, line, where)
        number = block.get("number", index)
        if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= MAX_NUMBER:
            raise self.fail(block.line_of("number"), self.field_place(where, "number"),
                            _("expected a whole number such as 3 (at most {most}).").format(most=MAX_NUMBER), "content-number")
        where = _("item {index} (number {number})").format(index=index, number=number)
        self.warn_unknown(block, ITEM_KEYS, where)
        kind = self.kind_name(block, where, campaign_kind) if "kind" in block else campaign_kind
        self.check_kind_fields(block, where, kind)
        self.refuse_number_value(block, where)
        required = wording().item_kinds[kind].required
        values = {
            attribute: self.text(block, key, where, required=key in required)
            for key, attribute in ITEM_ATTRIBUTES.items()
        }
        picture = None
        if block.get("image") not in (None, ""):
            picture = item_picture(block["image"], self.path, f"{self.at(block.line_of('image'))}, {self.field_place(where, 'image')}", self.limits)
        return Item(number=number, kind=kind, line=int(block.line), picture=picture, **values)

    def kind_name(self, block: MarkedDict, where: str, default: str) -> str:
        """The kind named by ``block``'s field 'kind' (``default`` if it has none)."""
        kinds = wording().item_kinds
        kind = block.get("kind", default)
        if not isinstance(kind, str) or kind not in kinds:  # a list or a block is no kind (and cannot be looked up)
            raise self.fail(
                block.line_of("kind"), self.field_place(where, "kind"),
                _("expected one of {kinds} (the kind of item), not {found}.").format(kinds=", ".join(kinds), found=repr(kind)),
                "content-kind",
            )
        return str(kind)

    def check_kind_fields(self, block: MarkedDict, where: str, kind: str) -> None:
        """Refuse a field another kind of item has: the item would silently lose it."""
        item_kind = wording().item_kinds[kind]
        for key in block:
            if key in ITEM_ATTRIBUTES and key not in item_kind.fields:
                owners = [name for name, other in wording().item_kinds.items() if key in other.fields]
                raise self.fail(
                    block.line_of(key), self.field_place(where, key),
                    _("this item is a {kind}, and a {kind} has the fields {fields}; '{field}' belongs to a {owners}. "
                      "Remove the field, or give the item 'kind: {owner}' (or set 'kind' in the 'campaign' section).").format(
                        kind=kind, fields=", ".join(item_kind.fields), field=key, owners=_(" or a ").join(owners), owner=owners[0]),
                    "content-kind-field",
                )

    def refuse_number_value(self, block: MarkedDict, where: str) -> None:
        """A figure's value must be text: YAML reads 1.141 as the number 1.141 and 100% as text, inconsistently."""
        value = block.get("value")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            raise self.fail(
                block.line_of("value"), self.field_place(where, "value"),
                _("put the figure in double quotes, exactly as it is printed (value: \"{value}\"): without quotes "
                  "a number such as 1.141 is read as one point one four one.").format(value=value),
                "content-unquoted-figure",
            )

    def items(self, document: MarkedDict) -> tuple[tuple[Item, ...], str]:
        """The items, and the kind of those that give none (campaign.kind, or the one their fields imply)."""
        raw = document.get("items")
        if not isinstance(raw, MarkedList) or not raw:
            raise self.fail(document.line_of("items"), _("field 'items'"), _("the content needs a non-empty list of items."),
                            "content-no-items")
        if len(raw) > self.limits.max_items:
            found = self.limits.exceeded("max_items", _("the file has {count:,} items").format(count=len(raw)))
            raise self.fail(raw.line, _("field 'items'"), _("too many items: {problem}.").format(problem=found), "content-too-many")
        kind = self.campaign_kind(document, raw)
        items = tuple(self.item(entry, raw.line_of(i), i + 1, kind) for i, entry in enumerate(raw))
        seen: dict[int, int] = {}
        for position, item in enumerate(items, start=1):
            if item.number in seen:
                raise self.fail(raw.line_of(position - 1), _("item {index}").format(index=position),
                                _("number {number} is already used by item {other}.").format(number=item.number, other=seen[item.number]),
                                "content-duplicate-number")
            seen[item.number] = position
        return items, kind

    def campaign_kind(self, document: MarkedDict, raw: MarkedList) -> str:
        """campaign.kind, or the kind the items' fields imply: from/to a contrast, value a figure."""
        campaign = document.get("campaign")
        if isinstance(campaign, MarkedDict) and "kind" in campaign:
            return self.kind_name(campaign, _("section '{name}'").format(name="campaign"), "")
        return implied_kind({key for entry in raw if isinstance(entry, MarkedDict) for key in entry if "kind" not in entry})

    def document(self) -> Any:
        """The file's document: a spreadsheet turned into the tree a YAML file gives, or the YAML itself."""
        if is_spreadsheet(self.path):
            return sheet_document(read_workbook(self.path, self.limits))
        if self.path.suffix.lower() in OTHER_FORMATS:
            raise FlashgenError(
                _("{file}: flashgen does not read {kind} files. Save it as an Excel workbook (.xlsx), an OpenDocument "
                  "spreadsheet (.ods) or CSV UTF-8 (.csv), or write the content as YAML (content/README.md).").format(
                    file=self.path, kind=self.path.suffix.lower()), code="content-format")
        return read_yaml(self.path, self.limits)

    def campaign(self) -> Campaign:
        document = self.document()
        if not isinstance(document, MarkedDict):
            raise FlashgenError(
                _("{file}: expected a content file with 'campaign:' and 'items:' sections (or a spreadsheet: "
                  ".xlsx, .ods, .csv).").format(file=self.path), code="content-not-campaign")
        self.unknown_keys += getattr(document, "warnings", [])  # a spreadsheet's campaign rows that name no field
        self.converted_text.extend(getattr(document, "notes", ()))  # read from an old Vietnamese encoding
        self.warn_unknown(document, TOP_KEYS, _("top level"))
        section = _("section '{name}'").format(name="campaign")
        campaign = self.mapping(document.get("campaign"), document.line_of("campaign"), section)
        self.warn_unknown(campaign, CAMPAIGN_KEYS, section)
        year = self.year(campaign)
        source = self.source(document)
        compare = self.block(document, "compare", Compare, tuple(Compare.__dataclass_fields__))
        items, default_kind = self.items(document)
        kind = items[0].kind if len({item.kind for item in items}) == 1 else default_kind
        return Campaign(
            path=self.path,
            title=self.text(campaign, "title", section, required=True),
            subtitle=self.text(campaign, "subtitle", section),
            organisation=self.text(campaign, "organisation", section),
            year=year,
            theme=self.text(campaign, "theme", section),
            hashtags=self.text_list(campaign, "hashtags", section),
            source=source,
            compare=compare,
            glossary=self.text_list(document, "glossary", _("top level")),
            items=items,
            kind=kind,
            item_label=self.text(campaign, "item_label", section) or wording().item_kinds[kind].item_label,
            theme_label=self.text(campaign, "theme_label", section) or wording().theme_label_for(year),
            messages=self.text_list(document, "messages", _("top level")),
            line=int(campaign.line),
            message_lines=tuple(map(int, document["messages"].item_lines)) if isinstance(document.get("messages"), MarkedList) else (),
            theme_line=int(campaign.line_of("theme")),
            series=self.text(campaign, "series", section),
            series_subtitle=self.text(campaign, "series_subtitle", section),
            unknown_keys=tuple(self.unknown_keys),
            removed_characters=tuple(self.removed_characters),
            converted_text=tuple(self.converted_text),
            not_nfc=tuple(self.not_nfc),
        )

    def year(self, campaign: MarkedDict) -> int | None:
        year = campaign.get("year")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= MAX_YEAR):
            raise self.fail(campaign.line_of("year"), self.field_place(_("section '{name}'").format(name="campaign"), "year"),
                            _("expected a year such as 2023."), "content-year")
        return year

    def check_qr_link(self, source: Source, document: MarkedDict) -> None:
        """The link becomes a QR code on the closing image: refuse one longer than a QR code holds."""
        size = len(source.url.encode("utf-8"))
        if size > MAX_QR_BYTES:
            line = document["source"].line_of("url")
            raise self.fail(
                line, self.field_place(_("section '{name}'").format(name="source"), "url"),
                _("the link is too long for a QR code: {size} characters (bytes), and a QR code holds at most "
                  "{most}. Use a shorter link, e.g. from a link shortener.").format(size=grouped(size), most=grouped(MAX_QR_BYTES)),
                "qr-too-long",
            )

    def source(self, document: MarkedDict) -> Source:
        """The 'source' section, its words resolved from its kind."""
        source = self.block(document, "source", Source, SOURCE_KEYS)
        kinds = wording().source_kinds
        if source.kind not in kinds:
            raise self.fail(
                document["source"].line_of("kind"), self.field_place(_("section '{name}'").format(name="source"), "kind"),
                _("expected one of {kinds} (the kind of document), not {found}.").format(kinds=", ".join(kinds), found=repr(source.kind)),
                "content-source-kind",
            )
        self.check_qr_link(source, document)
        return source.resolved()

    def block(self, document: MarkedDict, key: str, kind: type, names: tuple[str, ...]) -> Any:
        """Read an optional section whose fields ``names`` are all text, e.g. 'compare'."""
        if key not in document:
            return kind()
        where = _("section '{name}'").format(name=key)
        block = self.mapping(document[key], document.line_of(key), where)
        self.warn_unknown(block, set(names), where)
        return kind(**{name: self.text(block, name, where) for name in names if name in block})


def load_campaign(path: Path, limits: Limits = Limits()) -> Campaign:
    """Read and validate the content file at ``path``, within ``limits``."""
    return _Reader(path, limits).campaign()


def implied_kind(keys: set[str]) -> str:
    """The kind of the items that name none, from the fields they have: from/to a contrast, value a figure."""
    if keys & {"from", "to"}:
        return "contrast"
    return "figure" if "value" in keys else "statement"


def without_implied_kinds(document: dict[str, Any]) -> dict[str, Any]:
    """A content tree whose items all name their 'kind' (as the web app shows them), with 'kind' left out
    where the file need not say it: the kind the items that name none get (the campaign's, or the one
    their fields imply, ``implied_kind``), so the file reads back with every item of the same kind."""
    items = document.get("items")
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        return document
    campaign = document.get("campaign")
    default = campaign.get("kind") if isinstance(campaign, dict) else None
    if not isinstance(default, str):
        default = _default_kind(items)
    if default is None:
        return document
    plain = [{k: v for k, v in item.items() if not (k == "kind" and v == default)} for item in items]
    return {**document, "items": plain}


def _default_kind(items: list[dict[str, Any]]) -> str | None:
    """The kind the items without 'kind' get once those of that kind leave it out, if one can be left out."""
    named = [item for item in items if "kind" in item]
    if len(named) < len(items):  # some name none: theirs is fixed, and any item of it may leave it out too
        return implied_kind({key for item in items if "kind" not in item for key in item})
    kinds = dict.fromkeys(item["kind"] for item in named if isinstance(item["kind"], str))  # a list is no kind
    fitting = [kind for kind in kinds if implied_kind({key for item in named if item["kind"] == kind for key in item}) == kind]
    return max(fitting, key=lambda kind: sum(item["kind"] == kind for item in named), default=None)


def content_yaml(document: Any, header: str = "") -> str:
    """A content tree (plain dicts and lists, such as JSON gives) as the YAML text of a content file,
    ``header`` (comment lines) first: what the web app writes, and what ``campaign_from_tree`` validates."""
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's: 20 times faster, for the live preview
    return header + yaml.dump(document, Dumper=dumper, allow_unicode=True, sort_keys=False, width=4096,
                              default_flow_style=False)


def campaign_from_tree(document: Any, path: Path, limits: Limits = Limits()) -> tuple[Campaign, str]:
    """A content tree validated exactly as the content file ``path`` holding it would be (``load_campaign``),
    and that file's text (``content_yaml``): its messages name the lines of that text, the item and field."""
    text = content_yaml(document)
    tree = parse_yaml(text, path, limits)  # a value the loader refuses (a number too long): said as for the file
    reader = _Reader(path, limits)
    reader.document = lambda: tree  # type: ignore[method-assign]
    return reader.campaign(), text


def content_sources(path: Path, limits: Limits = Limits()) -> tuple[Path, ...]:
    """Every file the content at ``path`` is read from: itself and the picture files it names
    (for ``flashgen watch`` and the build's input key). Content that cannot be read: just the file
    (the build reports the problem)."""
    try:
        campaign = load_campaign(path, limits)
    except FlashgenError:
        return (path,)
    pictures = (item.picture.path for item in campaign.items if item.picture and item.picture.path)
    return tuple(dict.fromkeys((path, *pictures)))
